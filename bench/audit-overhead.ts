import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { sql as Sql } from 'drizzle-orm';
import { insertCustomer, updateCustomer } from '../apps/api/src/customers/customers.crud';
import { createDb } from '../apps/api/src/db/create-db';
import { insertFollowUp } from '../apps/api/src/follow-ups/follow-ups.queries';

/**
 * What the audit triggers cost a write: the same creates, updates and follow-ups on two fresh
 * databases (the server's settings, in process, without HTTP), one with the audit triggers and
 * one with them dropped. Prints CPU microseconds per write and the overhead. `bun bench/audit-overhead.ts [N]`.
 */
// The bench is outside the workspaces: drizzle comes from the API's dependencies (see driver.ts).
const { sql } = createRequire(new URL('../apps/api/package.json', import.meta.url))('drizzle-orm') as {
  sql: typeof Sql;
};
const N = Number(process.argv[2] ?? 5_000);
const auditTriggers = [
  'customers_audit_insert',
  'customers_audit_update',
  'follow_ups_audit_insert',
  'follow_ups_audit_update',
];

const customer = (i: number) => ({
  name: `Customer ${i}`,
  landline: '59190000',
  email: `c${i}@example.com`,
  mobile_phone: '0404730855',
  customer_type: 'A' as const,
  company_details: 'quntas airways limited',
  lead_source: 'direct_traffic' as const,
  address: '1 Example Street',
  customer_industry: 'finance' as const,
  follow_up_status: 'proposal' as const,
  principal: 'Jane Smith',
});

type Timings = { create: number; update: number; followUp: number; auditRows: number };

/** CPU microseconds per write of this process (user + system): steadier than wall time on a shared machine. */
async function cpuPerWrite(step: (i: number) => Promise<unknown>) {
  const started = process.cpuUsage();
  for (let i = 1; i <= N; i++) await step(i);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / N;
}

async function run(withAudit: boolean): Promise<Timings> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-audit-bench-'));
  const database = await createDb({ url: `file:${join(dir, 'bench.db')}` });
  await database.migrate();
  const db = database.db;
  if (!withAudit) for (const name of auditTriggers) await db.run(sql.raw(`DROP TRIGGER ${name}`));
  const create = await cpuPerWrite((i) => insertCustomer(db, customer(i), Date.now(), 1));
  const update = await cpuPerWrite((i) => updateCustomer(db, i, { company_details: `changed ${i}` }, Date.now(), 1));
  const followUp = await cpuPerWrite((i) =>
    insertFollowUp(
      db,
      { customer_id: i, title: 'Call', time: Date.now(), principal: 'Jane', content: 'Talked.', next_time: null },
      Date.now(),
      1,
    ),
  );
  const [audit] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`);
  database.close();
  rmSync(dir, { recursive: true, force: true });
  return { create, update, followUp, auditRows: audit?.n ?? 0 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ROUNDS = 5;
// Warm up once, then alternate the variants so machine noise hits both alike; report medians.
await run(true);
const results = { with: [] as Timings[], without: [] as Timings[] };
for (let round = 0; round < ROUNDS; round++) {
  results.without.push(await run(false));
  results.with.push(await run(true));
}
const pick = (variant: Timings[], key: 'create' | 'update' | 'followUp') => median(variant.map((t) => t[key]));
const row = (label: string, key: 'create' | 'update' | 'followUp') => {
  const a = pick(results.with, key);
  const b = pick(results.without, key);
  return `${label.padEnd(10)} ${b.toFixed(1).padStart(6)} µs without audit, ${a.toFixed(1).padStart(6)} µs with (+${(a - b).toFixed(1)} µs, +${(((a - b) / b) * 100).toFixed(0)} %)`;
};
console.log(`audit overhead: CPU per write, in process (no HTTP), median of ${ROUNDS} rounds of ${N} writes each:`);
console.log(row('create', 'create'));
console.log(row('update', 'update'));
console.log(row('follow-up', 'followUp'));
console.log(`audit rows per round: ${results.with[0]?.auditRows} (without: ${results.without[0]?.auditRows})`);
