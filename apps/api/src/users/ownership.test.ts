import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type Customer, choiceFields, choices, type Page, permissionDenied } from '@crm/schema';
import { expectJson, type Json, seedFollowUp, uniquePrincipal } from '../testing/http-fixtures';
import { bunOnly, seedCustomer, startTestApi, type TestApi } from '../testing/test-api';
import { as, createTestUser, type TestUser } from '../testing/users';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const create = async (overrides: Json, key?: string) =>
  expectJson<{ id: string; owner: string | null }>(
    await api.call('POST', '/api/customer/customers/', seedCustomer(overrides), key ? as(key) : {}),
    201,
  );
const page = async (query: string, key?: string) =>
  expectJson<Page<Customer>>(
    await api.call('GET', `/api/customer/customers/?${query}`, undefined, key ? as(key) : {}),
    200,
  );

describe('ownership', () => {
  test('a principal that is a username or display name links its user; other text stays unlinked', async () => {
    const jane = await createTestUser(api, 'sales', 'write', { display_name: uniquePrincipal('Jane') });
    const directory = await expectJson<Json[]>(await api.call('GET', '/api/users/directory/'), 200);
    const displayName = directory.find((entry) => entry.id === jane.id)?.display_name as string;
    expect((await create({ principal: displayName })).owner).toBe(jane.id);
    expect((await create({ principal: jane.username })).owner).toBe(jane.id);
    const free = await create({ principal: uniquePrincipal('nobody') });
    expect(free.owner).toBeNull();
    // Changing the principal moves the owner, and is in the history as the field `owner`.
    const moved = await expectJson<{ owner: string | null; principal: string }>(
      await api.call('PATCH', `/api/customer/customers/${free.id}/`, { principal: jane.username }),
      200,
    );
    expect(moved.owner).toBe(jane.id);
    const history = await expectJson<{ results: Json[] }>(
      await api.call('GET', `/api/audit/?customer_id=${free.id}`),
      200,
    );
    // Two entries of the one write: the principal's and the owner's.
    expect(history.results.slice(0, 2).map((entry) => entry.changes)).toContainEqual([
      { field: 'owner', before: null, after: jane.username },
    ]);
  });

  test('a new user takes the unowned customers already named after them', async () => {
    const name = uniquePrincipal('Later');
    const before = await create({ principal: name });
    expect(before.owner).toBeNull();
    const later = await createTestUser(api, 'sales', 'write', { display_name: name });
    const detail = await expectJson<{ owner: string | null }>(
      await api.call('GET', `/api/customer/detail/${before.id}/`),
      200,
    );
    expect(detail.owner).toBe(later.id);
  });

  test('owner=me and owner=<id> filter the search, with exact counts for every choice filter and due=', async () => {
    const sam = await createTestUser(api, 'sales');
    const values = choiceFields.map((field) => choices[field]);
    for (let i = 0; i < 12; i++) {
      const customer = await create(
        {
          principal: sam.username,
          customer_type: values[0]?.[i % 2],
          lead_source: values[1]?.[i % 3],
          customer_industry: values[2]?.[i % 2],
          follow_up_status: values[3]?.[i % 4],
        },
        sam.key,
      );
      if (i % 3 === 0) {
        const when = i % 2 === 0 ? '2020-01-01T00:00:00Z' : '2999-01-01T00:00:00Z';
        await expectJson(
          await api.call(
            'POST',
            '/api/customer/follow-up/',
            seedFollowUp(customer.id, { next_time: when }),
            as(sam.key),
          ),
          201,
        );
      }
    }
    await create({ principal: uniquePrincipal('someone else') });
    const mine = await page('owner=me&page_size=100', sam.key);
    expect(mine.count).toBe(12);
    expect(mine.results.every((row) => row.owner === sam.id)).toBe(true);
    expect((await page(`owner=${sam.id}&page_size=100`)).count).toBe(12);
    // Every combination of one or two choice filters, and the due buckets: count = rows.
    const queries: string[] = ['due=overdue', 'due=week', 'due=none', 'due=today', `principal=${sam.username}`];
    for (const [a, field] of choiceFields.entries()) {
      queries.push(`${field}=${values[a]?.[0]}`);
      for (const other of choiceFields.slice(a + 1))
        queries.push(`${field}=${values[a]?.[0]}&${other}=${choices[other][0]}`);
    }
    for (const query of queries) {
      const result = await page(`owner=me&page_size=100&${query}`, sam.key);
      expect({ query, count: result.count }).toEqual({ query, count: result.results.length });
    }
    expect((await page('owner=me&due=overdue', sam.key)).count).toBe(2);
    // The queue of planned follow-ups and the export take owner= too.
    const planned = await expectJson<Page<Json>>(
      await api.call('GET', '/api/customer/follow-up/?owner=me', undefined, as(sam.key)),
      200,
    );
    expect(planned.count).toBe(4);
    const csv = await (await api.call('GET', '/api/customer/export/?owner=me', undefined, as(sam.key))).text();
    expect(csv.trim().split('\r\n').length).toBe(13);
  });

  test('owner= takes me or a user id; anything else answers 400', async () => {
    expect(await expectJson(await api.call('GET', '/api/customer/customers/?owner=someone'), 400)).toHaveProperty(
      'owner',
    );
    expect((await page('owner=999999999')).count).toBe(0);
  });
});

describe('what sales may change', () => {
  let sam: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    sam = await createTestUser(api, 'sales');
    other = await createTestUser(api, 'sales');
  });

  test('edits, follows up and deletes its own customers; not those of others (403), not unknown ones (404)', async () => {
    const own = await create({ principal: sam.username }, sam.key);
    const theirs = await create({ principal: other.username }, other.key);
    expect((await api.call('PATCH', `/api/customer/customers/${own.id}/`, { name: 'Mine' }, as(sam.key))).status).toBe(
      200,
    );
    expect(
      await expectJson(
        await api.call('PATCH', `/api/customer/customers/${theirs.id}/`, { name: 'X' }, as(sam.key)),
        403,
      ),
    ).toEqual({ detail: permissionDenied });
    expect(
      (
        await api.call(
          'PUT',
          '/api/customer/customers/update/',
          seedCustomer({ id: theirs.id, principal: sam.username }),
          as(sam.key),
        )
      ).status,
    ).toBe(403);
    expect((await api.call('DELETE', `/api/customer/customers/${theirs.id}/`, undefined, as(sam.key))).status).toBe(
      403,
    );
    expect((await api.call('PATCH', '/api/customer/customers/999999999/', { name: 'X' }, as(sam.key))).status).toBe(
      404,
    );
    // Follow-ups: on its own customer, yes; on another's, 403, with the entry of another's too.
    const entry = await expectJson<{ id: string }>(
      await api.call('POST', '/api/customer/follow-up/', seedFollowUp(own.id), as(sam.key)),
      201,
    );
    expect((await api.call('POST', '/api/customer/follow-up/', seedFollowUp(theirs.id), as(sam.key))).status).toBe(403);
    const theirEntry = await expectJson<{ id: string }>(
      await api.call('POST', '/api/customer/follow-up/', seedFollowUp(theirs.id), as(other.key)),
      201,
    );
    expect(
      (await api.call('PATCH', `/api/customer/follow-up/${theirEntry.id}/`, { title: 'x' }, as(sam.key))).status,
    ).toBe(403);
    expect((await api.call('DELETE', `/api/customer/follow-up/${theirEntry.id}/`, undefined, as(sam.key))).status).toBe(
      403,
    );
    expect((await api.call('DELETE', `/api/customer/follow-up/${entry.id}/`, undefined, as(sam.key))).status).toBe(204);
    // Reads are everyone's (VISIBILITY=all).
    expect((await api.call('GET', `/api/customer/detail/${theirs.id}/`, undefined, as(sam.key))).status).toBe(200);
    expect((await api.call('DELETE', `/api/customer/customers/${own.id}/`, undefined, as(sam.key))).status).toBe(200);
  });

  test('cannot give a customer to someone else or to nobody; a manager can', async () => {
    const own = await create({ principal: sam.username }, sam.key);
    const refusal = {
      detail: 'A sales user owns what they write: set principal to your own username or display name.',
    };
    expect(
      await expectJson(
        await api.call('PATCH', `/api/customer/customers/${own.id}/`, { principal: other.username }, as(sam.key)),
        403,
      ),
    ).toEqual(refusal);
    expect(
      await expectJson(
        await api.call('POST', '/api/customer/customers/', seedCustomer({ principal: 'Free Text' }), as(sam.key)),
        403,
      ),
    ).toEqual(refusal);
    const manager = await createTestUser(api, 'manager');
    const moved = await expectJson<{ owner: string | null }>(
      await api.call('PATCH', `/api/customer/customers/${own.id}/`, { principal: other.username }, as(manager.key)),
      200,
    );
    expect(moved.owner).toBe(other.id);
  });
});

bunOnly('VISIBILITY=own configures the in-process app', () => {
  let own: TestApi;
  beforeAll(async () => {
    own = await startTestApi({ visibility: 'own' });
  });
  afterAll(() => own.close());

  test('a sales user sees only their own customers: lists, counts, detail (404), follow-ups, export, history', async () => {
    const sam = await createTestUser(own, 'sales');
    const mine = await expectJson<{ id: string }>(
      await own.call('POST', '/api/customer/customers/', seedCustomer({ principal: sam.username }), as(sam.key)),
      201,
    );
    const theirs = await expectJson<{ id: string }>(
      await own.call('POST', '/api/customer/customers/', seedCustomer({ principal: 'Somebody Else' })),
      201,
    );
    await own.call('POST', '/api/customer/follow-up/', seedFollowUp(theirs.id, { next_time: '2999-01-01T00:00:00Z' }));
    const list = await expectJson<Page<Customer>>(
      await own.call('GET', '/api/customer/customers/', undefined, as(sam.key)),
      200,
    );
    expect({ count: list.count, ids: list.results.map((row) => row.id) }).toEqual({ count: 1, ids: [mine.id] });
    const searched = await expectJson<Page<Customer>>(
      await own.call('GET', `/api/customer/customers/?q=John&customer_type=A`, undefined, as(sam.key)),
      200,
    );
    expect(searched.results.map((row) => row.id)).toEqual([mine.id]);
    expect(searched.count).toBe(1);
    // Asking for someone else's finds nothing.
    expect(
      (
        await expectJson<Page<Customer>>(
          await own.call('GET', '/api/customer/customers/?owner=1', undefined, as(sam.key)),
          200,
        )
      ).count,
    ).toBe(0);
    expect((await own.call('GET', `/api/customer/detail/${theirs.id}/`, undefined, as(sam.key))).status).toBe(404);
    expect((await own.call('PATCH', `/api/customer/customers/${theirs.id}/`, { name: 'x' }, as(sam.key))).status).toBe(
      404,
    );
    expect((await own.call('POST', '/api/customer/follow-up/', seedFollowUp(theirs.id), as(sam.key))).status).toBe(400);
    const planned = await expectJson<Page<Json>>(
      await own.call('GET', '/api/customer/follow-up/', undefined, as(sam.key)),
      200,
    );
    expect(planned.count).toBe(0);
    const csv = await (await own.call('GET', '/api/customer/export/', undefined, as(sam.key))).text();
    expect(csv.trim().split('\r\n').length).toBe(2);
    const history = await expectJson<Page<Json>>(
      await own.call('GET', `/api/audit/?customer_id=${theirs.id}`, undefined, as(sam.key)),
      200,
    );
    expect(history.count).toBe(0);
    // Managers and admins still see everyone's.
    const manager = await createTestUser(own, 'manager');
    expect(
      (
        await expectJson<Page<Customer>>(
          await own.call('GET', '/api/customer/customers/', undefined, as(manager.key)),
          200,
        )
      ).count,
    ).toBe(2);
  });
});
