import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  addFollowUp,
  createCustomer,
  expectJson,
  expectStatus,
  getCustomer,
  patchCustomer,
  restoreCustomer,
  search,
  trashCustomer,
  uniquePrincipal,
} from '../testing/http-fixtures';
import { startTestApi, type TestApi } from '../testing/test-api';

/**
 * D1 has no interactive transactions, so every write that changes derived data (the
 * `customer_counts` behind unfiltered counts, the search index, a customer's contact times) is a
 * single statement whose triggers do the rest (drizzle/0001_triggers.sql and later). These tests
 * fire writes concurrently and check that the derived data agrees with the rows: on the worker
 * run they hold on D1, on the Bun run on the libSQL file.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** A choice combination no other test uses in this file; counters are global, so compare deltas. */
const combination = {
  customer_type: 'D',
  lead_source: 'other',
  customer_industry: 'other',
  follow_up_status: 'closed_lost',
};
const comboQuery = new URLSearchParams(combination).toString();
const countOf = async (query: string) => (await search(api, `${query}&page_size=1`)).count;

describe('writes stay atomic with their derived data under concurrency', () => {
  test('concurrent creates, moves, deletes and restores keep the counters equal to the live rows', async () => {
    const principal = uniquePrincipal('atomic');
    const mine = `${comboQuery}&principal=${encodeURIComponent(principal)}`;
    const before = await countOf(comboQuery);

    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createCustomer(api, { ...combination, principal, name: `Atomic ${i}` })),
    );
    // Move four out of the combination, delete four, restore two of those: all at once.
    const [moved, deleted] = [created.slice(0, 4), created.slice(4, 8)];
    await Promise.all([
      ...moved.map(async (c) => expectStatus(await patchCustomer(api, c.id, { customer_type: 'A' }), 200)),
      ...deleted.map(async (c) => expect((await trashCustomer(api, c.id)).status).toBe(200)),
    ]);
    await Promise.all(deleted.slice(0, 2).map(async (c) => expectStatus(await restoreCustomer(api, c.id), 200)));

    // Counted from customer_counts (choice filters only) and by matching rows (with principal).
    expect(await countOf(mine)).toBe(12 - 4 - 4 + 2);
    expect((await countOf(comboQuery)) - before).toBe(12 - 4 - 4 + 2);
  });

  test('concurrent follow-ups leave the customer with the newest one as its last contact', async () => {
    const customer = await createCustomer(api, { principal: uniquePrincipal('atomic') });
    const times = Array.from({ length: 8 }, (_, i) => `2024-0${1 + (i % 8)}-1${i}T10:00:00Z`);
    await Promise.all(times.map((time) => addFollowUp(api, customer.id, { time, next_time: null })));
    const detail = await getCustomer(api, customer.id);
    expect(detail.follow_up_log).toHaveLength(8);
    expect(Date.parse(detail.last_contact_at ?? '')).toBe(Date.parse('2024-08-17T10:00:00Z'));
  });

  test('a CSV import of many rows lands whole, counters included (D1 binds at most 100 values per statement)', async () => {
    const principal = uniquePrincipal('atomic');
    const before = await countOf(comboQuery);
    const header = 'name,customer_type,lead_source,customer_industry,follow_up_status,principal,email';
    const lines = Array.from(
      { length: 60 },
      (_, i) => `Imported ${i},D,other,other,closed_lost,${principal},i${i}@example.com`,
    );
    const res = await api.call('POST', '/api/customer/import/', [header, ...lines].join('\n'), {
      'content-type': 'text/csv',
    });
    expect(await expectJson(res, 200)).toMatchObject({ rows: 60, created: 60, error_count: 0 });
    expect(await countOf(`${comboQuery}&principal=${encodeURIComponent(principal)}`)).toBe(60);
    expect((await countOf(comboQuery)) - before).toBe(60);
    const found = await search(api, `q=${encodeURIComponent('i59@example.com')}`);
    expect(found.results.map((row) => row.name)).toEqual(['Imported 59']);
  });

  test('an import whose batch is over 1 MB of text lands whole and in file order (D1 caps a value at 2 MB)', async () => {
    const principal = uniquePrincipal('atomic');
    const long = '客'.repeat(500); // 1,500 bytes each in UTF-8
    const header =
      'name,customer_type,lead_source,customer_industry,follow_up_status,principal,address,company_details';
    const lines = Array.from(
      { length: 400 },
      (_, i) => `Long ${i},B,other,other,proposal,${principal},${long},${long}`,
    );
    const res = await api.call('POST', '/api/customer/import/', [header, ...lines].join('\n'), {
      'content-type': 'text/csv',
    });
    expect(await expectJson(res, 200)).toMatchObject({ rows: 400, created: 400, error_count: 0 });
    const page = await search(api, `principal=${encodeURIComponent(principal)}&ordering=id&page_size=100`);
    expect(page.count).toBe(400);
    expect(page.results.map((row) => row.name)).toEqual(Array.from({ length: 100 }, (_, i) => `Long ${i}`));
    expect(page.results[0]?.address).toBe(long);
  });

  test('a rejected write changes neither the rows nor the counters', async () => {
    const principal = uniquePrincipal('atomic');
    const customer = await createCustomer(api, { ...combination, principal });
    const before = await countOf(comboQuery);
    const res = await patchCustomer(api, customer.id, { customer_type: 'A', email: 'not an email' });
    expect(res.status).toBe(400);
    expect(await countOf(comboQuery)).toBe(before);
    expect((await getCustomer(api, customer.id)).customer_type).toBe('D');
  });
});
