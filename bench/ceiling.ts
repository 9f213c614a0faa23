import { serializeCustomer } from '../apps/api/src/customers/customers.serialize';
import type { FollowUpRecord } from '../apps/api/src/follow-ups/follow-ups.serialize';
import { serializeFollowUp } from '../apps/api/src/follow-ups/follow-ups.serialize';
import { Sqlite } from './driver';

/**
 * Goal 1's ceiling: the least a server can do to answer `GET /api/customer/detail/<id>/`. A bare
 * Bun.serve handler, the same two queries as the API (customer by id, its log by customer id)
 * as statements prepared once, on the same database file with the same driver, serialized by the
 * API's own functions into the same bytes. No routing, validation, auth or middleware.
 *
 * Usage: bun bench/ceiling.ts <db path> <port>
 */

const [path = '/tmp/crm-bench.db', port = '0'] = process.argv.slice(2);
const client = new Sqlite(path);
client.pragma('journal_mode = WAL');
client.pragma('cache_size = -8192');

// Rows as arrays (as drizzle reads them), turned into objects with the API's keys.
const customerKeys = `id name landline email mobile_phone customer_type company_details lead_source address
  customer_industry follow_up_status principal created_at updated_at last_contact_at next_follow_up_at`.split(/\s+/);
const entryKeys = 'id customer_id customer title time principal content next_time created_at'.split(' ');
const customer = client
  .prepare(`SELECT ${customerKeys.join(', ')} FROM customers WHERE id = ? AND deleted_at IS NULL LIMIT 1`)
  .raw(true);
const log = client
  .prepare(
    `SELECT f.id, f.customer_id, c.name, f.title, f.time, f.principal, f.content, f.next_time, f.created_at
     FROM follow_ups f JOIN customers c ON c.id = f.customer_id
     WHERE f.customer_id = ? ORDER BY f.time, f.id`,
  )
  .raw(true);
const toObject = (keys: string[], values: unknown[]) => {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) row[keys[i] as string] = values[i];
  return row;
};

const prefix = '/api/customer/detail/';
const server = Bun.serve({
  port: Number(port),
  hostname: '127.0.0.1',
  fetch(request) {
    const url = request.url;
    const at = url.indexOf(prefix);
    const id = Number.parseInt(url.slice(at + prefix.length), 10);
    const values = customer.get(id) as unknown[] | undefined;
    if (!values) return Response.json({ detail: 'Not found.' }, { status: 404 });
    const row = toObject(customerKeys, values) as unknown as Parameters<typeof serializeCustomer>[0];
    const entries = (log.all(id) as unknown[][]).map((e) => toObject(entryKeys, e) as unknown as FollowUpRecord);
    return Response.json({ ...serializeCustomer(row), follow_up_log: entries.map(serializeFollowUp) });
  },
});
console.log(`ceiling listening on ${server.port}`);
