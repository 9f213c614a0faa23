import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Customer, Page } from '@crm/schema';
import {
  addFollowUp,
  type CustomerPatchJson,
  createCustomer,
  expectStatus,
  patchCustomer,
  purgeCustomer,
  restoreCustomer,
  search,
  trashCustomer,
} from '../testing/http-fixtures';
import { bunOnly, startTestApi, type TestApi } from '../testing/test-api';

/**
 * The `count` of a search comes from tables kept by triggers (customer_counts[_by_principal],
 * due_counts[_by_principal]) or from the trigram index, not from the matches. These tests hold
 * it to the matches themselves: for each query, count = the number of results over all pages,
 * after every kind of write that moves a customer between counts. In process only: `due=`
 * depends on the server's clock.
 */
const NOW = Date.parse('2025-06-15T10:00:00Z');
const at = (days: number, hours = 0) => new Date(NOW + days * 86_400_000 + hours * 3_600_000).toISOString();

bunOnly('pins the server clock (due= buckets depend on now)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: () => NOW });
  });
  afterAll(() => api.close());

  async function all(query: string): Promise<{ count: number; listed: number }> {
    let listed = 0;
    let count = -1;
    for (let page = 1; ; page++) {
      const body: Page<Customer> = await search(api, `${query}&page_size=100&page=${page}`);
      count = body.count;
      listed += body.results.length;
      if (!body.next) break;
    }
    return { count, listed };
  }

  const queries = [
    'customer_type=A',
    'customer_type=B&lead_source=referral',
    'principal=Ann%20Counts',
    'principal=Ann%20Counts&customer_type=A',
    'principal=Bob%20Counts&customer_industry=retail&follow_up_status=proposal',
    'due=overdue',
    'due=today',
    'due=week',
    'due=none',
    'due=today&tz=Asia/Tokyo',
    'due=week&tz=America/New_York',
    'due=overdue&principal=Ann%20Counts',
    'due=week&principal=Bob%20Counts',
    'due=none&principal=Bob%20Counts',
    'q=counts',
    'q=Counts%20Street&customer_type=A',
    'q=0499%20000',
  ];

  async function expectCountsMatch() {
    for (const query of queries) {
      const { count, listed } = await all(query);
      expect({ query, count }).toEqual({ query, count: listed });
    }
  }

  describe('search counts equal the matches', () => {
    const ids: string[] = [];

    beforeAll(async () => {
      // Some fall in the partial days at the ends of a bucket: today before now, the night after
      // the seventh UTC midnight (still inside the week in New York).
      const plans = [-40, -3, -1, -0.2, 0, 0.5, 1, 2, 6, 6.6, 8, 30, null];
      for (let i = 0; i < 30; i++) {
        const customer = await createCustomer(api, {
          name: `Counts Person ${i}`,
          principal: i % 3 === 0 ? 'Ann Counts' : 'Bob Counts',
          customer_type: ['A', 'B', 'C'][i % 3],
          lead_source: i % 2 === 0 ? 'referral' : 'partner',
          customer_industry: i % 4 === 0 ? 'retail' : 'finance',
          follow_up_status: i % 5 === 0 ? 'proposal' : 'negotiation',
          address: `${i} Counts Street, Perth`,
          mobile_phone: `0499 000 ${String(i).padStart(3, '0')}`,
        });
        ids.push(customer.id);
        const plan = plans[i % plans.length];
        if (plan !== undefined) {
          await addFollowUp(api, customer.id, { time: at(-50), next_time: plan === null ? null : at(plan, i % 5) });
        }
      }
    });

    test('after the inserts', expectCountsMatch);

    test('after changes of principal, choice fields and text (PATCH, PUT)', async () => {
      const patch = async (id: string | undefined, json: CustomerPatchJson) =>
        expectStatus(await patchCustomer(api, id ?? '', json), 200);
      await patch(ids[0], { principal: 'Bob Counts', customer_type: 'B' });
      await patch(ids[1], { address: 'Elsewhere' });
      await expectCountsMatch();
    });

    test('after new log entries move next_follow_up_at across days', async () => {
      await addFollowUp(api, ids[2] ?? '', { time: at(-1), next_time: at(3) });
      await addFollowUp(api, ids[3] ?? '', { time: at(-1), next_time: null });
      await addFollowUp(api, ids[4] ?? '', { time: at(-1), next_time: at(-10) });
      await expectCountsMatch();
    });

    test('after trash, restore and purge', async () => {
      for (const id of ids.slice(5, 9)) {
        await trashCustomer(api, id);
      }
      await expectCountsMatch();
      await expectStatus(await restoreCustomer(api, ids[5] ?? ''), 200);
      const purged = await purgeCustomer(api, ids[6] ?? '');
      expect(purged.status).toBe(204);
      await expectCountsMatch();
    });
  });
});
