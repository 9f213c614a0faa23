import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { bunOnly, seedCustomer, startTestApi, type TestApi } from '../testing/test-api';

/**
 * Random sequences of everything that changes a customer's life (create, edit, follow-ups added
 * and deleted, trash, restore, purge) against the server, checked against a model: after each
 * sequence the derived data (customer_counts, contact times) equals what the rows say, no
 * follow-up outlives its customer, and each customer's audit history is exactly the sequence of
 * changes that succeeded. NUM_RUNS / 10 sequences (`bun run fuzz` for more).
 */
const SEQUENCES = Math.max(10, Math.floor(Number(process.env.NUM_RUNS ?? 300) / 10));

type Action =
  | { kind: 'create'; type: 'A' | 'B' | 'C' | 'D' }
  | { kind: 'edit'; target: number; type: 'A' | 'B' | 'C' | 'D' }
  | { kind: 'follow-up'; target: number; hours: number }
  | { kind: 'delete-follow-up'; target: number }
  | { kind: 'trash' | 'restore' | 'purge'; target: number };

const type = fc.constantFrom('A', 'B', 'C', 'D') as fc.Arbitrary<'A' | 'B' | 'C' | 'D'>;
const target = fc.nat({ max: 5 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), type }),
  fc.record({ kind: fc.constant('edit' as const), target, type }),
  fc.record({ kind: fc.constant('follow-up' as const), target, hours: fc.integer({ min: -1000, max: 1000 }) }),
  fc.record({ kind: fc.constant('delete-follow-up' as const), target }),
  fc.record({ kind: fc.constantFrom('trash' as const, 'restore' as const, 'purge' as const), target }),
);

interface ModelCustomer {
  id: string;
  state: 'live' | 'trashed' | 'purged';
  type: string;
  followUps: string[];
  /** The audit actions the server must have recorded for it, oldest first. */
  history: string[];
}

bunOnly('reads the database to check derived data', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const one = async <T>(query: ReturnType<typeof sql>) => (await api.database.db.all<T>(query))[0] as T;

  async function apply(model: ModelCustomer[], step: Action, n: number) {
    if (step.kind === 'create') {
      const res = await api.call(
        'POST',
        '/api/customer/customers/',
        seedCustomer({ customer_type: step.type, principal: `life ${n}` }),
      );
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      model.push({ id, state: 'live', type: step.type, followUps: [], history: ['create'] });
      return;
    }
    const customer = model[step.target % Math.max(model.length, 1)];
    if (!customer) return;
    const live = customer.state === 'live';
    switch (step.kind) {
      case 'edit': {
        const res = await api.call('PATCH', `/api/customer/customers/${customer.id}/`, { customer_type: step.type });
        expect(res.status).toBe(live ? 200 : 404);
        if (live && customer.type !== step.type) customer.history.push('update');
        if (live) customer.type = step.type;
        return;
      }
      case 'follow-up': {
        const res = await api.call('POST', '/api/customer/follow-up/', {
          customer_id: customer.id,
          title: 'Call',
          time: new Date(Date.UTC(2024, 0, 1) + step.hours * 3_600_000).toISOString(),
          principal: 'P',
          content: 'C',
          next_time: new Date(Date.UTC(2024, 6, 1) + step.hours * 3_600_000).toISOString(),
        });
        expect(res.status).toBe(live ? 201 : 400);
        if (live) customer.followUps.push(((await res.json()) as { id: string }).id);
        return;
      }
      case 'delete-follow-up': {
        const entry = customer.followUps[0];
        if (!entry) return;
        const res = await api.call('DELETE', `/api/customer/follow-up/${entry}/`);
        expect(res.status).toBe(live ? 204 : 404);
        if (live) customer.followUps.shift();
        return;
      }
      case 'trash': {
        const res = await api.call('DELETE', `/api/customer/customers/${customer.id}/`);
        expect(res.status).toBe(live ? 200 : 404);
        if (live) {
          customer.state = 'trashed';
          customer.history.push('delete');
        }
        return;
      }
      case 'restore': {
        const res = await api.call('POST', `/api/customer/customers/${customer.id}/restore/`);
        const trashed = customer.state === 'trashed';
        expect(res.status).toBe(trashed ? 200 : 404);
        if (trashed) {
          customer.state = 'live';
          customer.history.push('restore');
        }
        return;
      }
      case 'purge': {
        const res = await api.call('DELETE', `/api/customer/trash/${customer.id}/`);
        const trashed = customer.state === 'trashed';
        expect(res.status).toBe(trashed ? 204 : 404);
        if (trashed) {
          customer.state = 'purged';
          customer.followUps = [];
          customer.history.push('purge');
        }
        return;
      }
    }
  }

  describe('customer lifecycles', () => {
    test('random sequences keep counts, contact times, follow-ups and the audit consistent', async () => {
      let steps = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 25 }), async (actions) => {
          const model: ModelCustomer[] = [];
          for (const [n, step] of actions.entries()) await apply(model, step, n);
          steps += actions.length;

          // customer_counts agrees with the live rows, combination by combination.
          const drift = await one<{ n: number }>(sql`SELECT count(*) AS n FROM (
            SELECT customer_type, lead_source, customer_industry, follow_up_status, count(*) AS n
              FROM customers WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4
            EXCEPT SELECT customer_type, lead_source, customer_industry, follow_up_status, n
              FROM customer_counts WHERE n > 0)`);
          expect(drift.n).toBe(0);
          const [counted, real] = [
            await one<{ n: number }>(sql`SELECT coalesce(sum(n), 0) AS n FROM customer_counts`),
            await one<{ n: number }>(sql`SELECT count(*) AS n FROM customers WHERE deleted_at IS NULL`),
          ];
          expect(counted.n).toBe(real.n);
          // No follow-up outlives its customer; contact times follow the newest entry.
          const orphans = await one<{ n: number }>(
            sql`SELECT count(*) AS n FROM follow_ups WHERE customer_id NOT IN (SELECT id FROM customers)`,
          );
          expect(orphans.n).toBe(0);
          const stale = await one<{ n: number }>(sql`SELECT count(*) AS n FROM customers c WHERE
            c.last_contact_at IS NOT (SELECT time FROM follow_ups f WHERE f.customer_id = c.id ORDER BY time DESC, id DESC LIMIT 1)`);
          expect(stale.n).toBe(0);

          for (const customer of model) {
            const exists = await one<{ n: number }>(
              sql`SELECT count(*) AS n FROM customers WHERE id = ${Number(customer.id)}`,
            );
            expect(exists.n).toBe(customer.state === 'purged' ? 0 : 1);
            const entries = await one<{ n: number }>(
              sql`SELECT count(*) AS n FROM follow_ups WHERE customer_id = ${Number(customer.id)}`,
            );
            expect(entries.n).toBe(customer.followUps.length);
            const audit = await api.database.db.all<{ action: string }>(
              sql`SELECT action FROM audit_log WHERE object = 'customer' AND customer_id = ${Number(customer.id)} ORDER BY id`,
            );
            expect(audit.map((row) => row.action)).toEqual(customer.history);
          }
        }),
        { numRuns: SEQUENCES, endOnFailure: true },
      );
      console.log(`lifecycle: ${SEQUENCES} sequences, ${steps} steps`);
    }, 120_000);
  });
});
