import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { createToken, createUser } from '../auth/auth.queries';
import { purgeTrashedBefore } from '../customers/customers.crud';
import {
  addFollowUp,
  anonymous,
  createCustomer,
  deleteFollowUp,
  expectStatus,
  getFollowUp,
  patchCustomer,
  patchFollowUp,
  purgeCustomer,
  queryOf,
  restoreCustomer,
  trashCustomer,
  uniquePrincipal,
} from '../testing/http-fixtures';
import { bunOnly, startTestApi, TEST_USER, type TestApi } from '../testing/test-api';
import { purgeAuditBefore } from './audit.queries';

bunOnly('reads the database directly', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const historyResponse = (query: string) => api.client.api.audit.$get({ query: queryOf(query) });
  const history = async (query: string) => expectStatus(await historyResponse(query), 200);

  const one = async <T>(query: string) => (await api.database.db.all<T>(sql.raw(query)))[0] as T;

  /** The live count that customer_counts keeps, and the real one, for one principal's rows. */
  async function counts() {
    const kept = await one<{ n: number }>('SELECT coalesce(sum(n), 0) AS n FROM customer_counts');
    const real = await one<{ n: number }>('SELECT count(*) AS n FROM customers WHERE deleted_at IS NULL');
    return { kept: kept.n, real: real.n };
  }

  describe('GET /api/audit/', () => {
    test('records a customer create and updates with who, when and before/after, newest first', async () => {
      const customer = await createCustomer(api, { principal: uniquePrincipal() });
      await expectStatus(await patchCustomer(api, customer.id, { name: 'Renamed' }), 200);
      const page = await history(`object=customer&id=${customer.id}`);
      expect(page.count).toBe(2);
      const [update, create] = page.results;
      expect(update).toMatchObject({
        object: 'customer',
        object_id: customer.id,
        customer_id: customer.id,
        action: 'update',
        user: TEST_USER.username,
        changes: [{ field: 'name', before: 'John Doe', after: 'Renamed' }],
      });
      expect(update?.before?.name).toBe('John Doe');
      expect(update?.after?.name).toBe('Renamed');
      expect(create).toMatchObject({ action: 'create', before: null, user: TEST_USER.username });
      expect(create?.after?.principal).toBe(customer.principal);
      expect(Date.parse(update?.at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    });

    test('names the user behind each key: one user creates, another edits and deletes', async () => {
      const other = await createUser(api.database.db, `auditor-${Date.now()}`, 'another-password-1');
      if (!other) throw new Error('user not created');
      const { key } = await createToken(api.database.db, other.id, 'audit test');
      const customer = await createCustomer(api, { principal: uniquePrincipal() });
      const asOther = { headers: { authorization: `Token ${key}` } };
      const customerRoute = api.client.api.customer.customers[':id'];
      const param = { id: customer.id };
      expect((await customerRoute.$patch({ param, json: { address: 'Elsewhere' } }, asOther)).status).toBe(200);
      expect((await customerRoute.$delete({ param }, asOther)).status).toBe(200);
      const page = await history(`object=customer&id=${customer.id}`);
      expect(page.results.map((row) => [row.action, row.user])).toEqual([
        ['delete', other.username],
        ['update', other.username],
        ['create', TEST_USER.username],
      ]);
    });

    test('records nothing for an update that changes nothing', async () => {
      const customer = await createCustomer(api, { principal: uniquePrincipal() });
      await expectStatus(await patchCustomer(api, customer.id, { name: 'John Doe' }), 200);
      expect((await history(`object=customer&id=${customer.id}`)).count).toBe(1);
    });

    test('records follow-up create, update and delete on the customer timeline, times as ISO', async () => {
      const customer = await createCustomer(api, { principal: uniquePrincipal() });
      const entry = await addFollowUp(api, customer.id, { time: '2023-06-15T09:30:00Z' });
      await expectStatus(await patchFollowUp(api, entry.id, { next_time: '2023-07-01T08:00:00Z' }), 200);
      expect((await deleteFollowUp(api, entry.id)).status).toBe(204);
      expect((await getFollowUp(api, entry.id)).status).toBe(404);

      const own = await history(`object=follow_up&id=${entry.id}`);
      expect(own.results.map((row) => row.action)).toEqual(['delete', 'update', 'create']);
      const [deleted, updated] = own.results;
      expect(deleted).toMatchObject({ after: null, user: TEST_USER.username, customer_id: customer.id });
      expect(deleted?.before?.time).toBe('2023-06-15T09:30:00Z');
      expect(updated?.changes).toEqual([
        { field: 'next_time', before: '2023-06-20T14:00:00Z', after: '2023-07-01T08:00:00Z' },
      ]);

      const timeline = await history(`customer_id=${customer.id}`);
      expect(timeline.results.map((row) => `${row.object}:${row.action}`)).toEqual([
        'follow_up:delete',
        'follow_up:update',
        'follow_up:create',
        'customer:create',
      ]);
    });

    test('answers 400 for an id without an object and for an unknown object', async () => {
      expect(await expectStatus(await historyResponse('id=1'), 400)).toHaveProperty('object');
      expect(await expectStatus(await historyResponse('object=account&id=1'), 400)).toEqual({
        object: ['"account" is not a valid choice.'],
      });
      expect(await expectStatus(await historyResponse('object=customer&id=x'), 400)).toHaveProperty('id');
    });

    test('requires a key', async () => {
      const res = await anonymous(api, 'GET', '/api/audit/');
      expect(res.status).toBe(401);
    });
  });

  describe('trash, restore and purge', () => {
    test('keep follow-ups, audit and counts consistent', async () => {
      const customer = await createCustomer(api, { principal: uniquePrincipal() });
      await addFollowUp(api, customer.id);
      await addFollowUp(api, customer.id);
      const before = await counts();
      expect(before.kept).toBe(before.real);
      const { id } = customer;

      expect((await trashCustomer(api, id)).status).toBe(200);
      expect(await counts()).toEqual({ kept: before.real - 1, real: before.real - 1 });
      expect((await api.client.api.customer.detail[':id'].$get({ param: { id } })).status).toBe(404);

      const restored = await expectStatus(await restoreCustomer(api, id), 200);
      expect(restored.follow_up_log).toHaveLength(2);
      expect(await counts()).toEqual(before);

      expect((await trashCustomer(api, id)).status).toBe(200);
      expect((await purgeCustomer(api, id)).status).toBe(204);
      expect((await purgeCustomer(api, id)).status).toBe(404);
      expect(await counts()).toEqual({ kept: before.real - 1, real: before.real - 1 });
      const left = await one<{ n: number }>(`SELECT count(*) AS n FROM follow_ups WHERE customer_id = ${customer.id}`);
      expect(left.n).toBe(0);

      const own = await history(`object=customer&id=${customer.id}`);
      expect(own.results.map((row) => row.action)).toEqual(['purge', 'delete', 'restore', 'delete', 'create']);
      expect(own.results[0]).toMatchObject({ user: TEST_USER.username, after: null });
      expect(own.results[0]?.before?.name).toBe('John Doe');
      // The follow-ups' history outlives them, on the purged customer's timeline.
      const timeline = await history(`customer_id=${customer.id}`);
      expect(timeline.results.filter((row) => row.object === 'follow_up')).toHaveLength(2);
    });

    test('the retention purge is audited as the system and leaves live customers alone', async () => {
      const trashed = await createCustomer(api, { principal: uniquePrincipal() });
      const live = await createCustomer(api, { principal: uniquePrincipal() });
      expect((await trashCustomer(api, trashed.id)).status).toBe(200);
      const purged = await purgeTrashedBefore(api.database.db, Date.now() + 1000);
      expect(purged).toBeGreaterThanOrEqual(1);
      const own = await history(`object=customer&id=${trashed.id}`);
      expect(own.results[0]).toMatchObject({ action: 'purge', user: null });
      expect((await api.client.api.customer.detail[':id'].$get({ param: { id: live.id } })).status).toBe(200);
      const c = await counts();
      expect(c.kept).toBe(c.real);
    });

    test('audit retention drops only history older than the cutoff', async () => {
      const old = await createCustomer(api, { principal: uniquePrincipal() });
      const recent = await createCustomer(api, { principal: uniquePrincipal() });
      // Everything up to the old customer's creation happened "in 1970".
      await api.database.db.run(
        sql`UPDATE audit_log SET at = 0 WHERE id <= (SELECT max(id) FROM audit_log WHERE customer_id = ${Number(old.id)})`,
      );
      expect(await purgeAuditBefore(api.database.db, 1)).toBeGreaterThanOrEqual(1);
      expect((await history(`object=customer&id=${old.id}`)).count).toBe(0);
      expect((await history(`object=customer&id=${recent.id}`)).count).toBe(1);
      expect(await purgeAuditBefore(api.database.db, 1)).toBe(0);
    });
  });
});
