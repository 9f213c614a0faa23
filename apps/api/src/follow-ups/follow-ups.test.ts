import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { FollowUp, Page } from '@crm/schema';
import { sql } from 'drizzle-orm';
import {
  addFollowUp,
  createCustomer,
  deleteFollowUp,
  expectJson,
  expectStatus,
  type FollowUpPatchJson,
  getCustomer,
  getFollowUp,
  type Json,
  patchCustomer,
  patchFollowUp,
  queryOf,
  restoreCustomer,
  seedFollowUp,
  trashCustomer,
  uniquePrincipal,
} from '../testing/http-fixtures';
import { bunOnly, startTestApi, type TestApi } from '../testing/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const UNKNOWN_ID = '987654321012';

/** The typed client's follow-up routes (`api` is set in beforeAll). */
const followUp = () => api.client.api.customer['follow-up'];
type FollowUpJson = Parameters<ReturnType<typeof followUp>['$post']>[0]['json'];

const post = (json: FollowUpJson) => followUp().$post({ json });
/** For bodies the typed client does not take (wrong types, a list). */
const postRaw = (body: unknown) => api.call('POST', '/api/customer/follow-up/', body);
const getEntry = (id: string) => getFollowUp(api, id);
const patchEntry = (id: string, json: FollowUpPatchJson) => patchFollowUp(api, id, json);
const deleteEntry = (id: string) => deleteFollowUp(api, id);

/** The planned follow-ups list with the given query (a query string, as a client builds it). */
async function planned(query: string): Promise<Page<FollowUp>> {
  return expectStatus(await plannedResponse(query), 200);
}
const plannedResponse = (query: string) => followUp().$get({ query: queryOf(query) });

describe('POST /api/customer/follow-up/', () => {
  test("answers 201 with the entry to the seed's body, ignoring its customer field", async () => {
    const customer = await createCustomer(api, { name: 'Acme Pty Ltd' });
    const res = await post(seedFollowUp(customer.id));
    const entry = await expectStatus(res, 201);
    expect(entry).toMatchObject({
      customer_id: customer.id,
      customer: 'Acme Pty Ltd',
      title: 'Initial Contact',
      time: '2023-06-15T09:30:00Z',
      principal: 'Jane Smith',
      content: 'Called the customer to greet and introduce company products.',
      next_time: '2023-06-20T14:00:00Z',
    });
    expect(entry.id).toMatch(/^\d+$/);
    expect(typeof entry.created_at).toBe('string');
  });

  test("round-trips 2023-06-15T09:30:00Z byte for byte and accepts the seed's leading-space next_time", async () => {
    const customer = await createCustomer(api);
    const entry = await expectStatus(
      await post(seedFollowUp(customer.id, { next_time: ' 2023-06-28T15:30:00Z' })),
      201,
    );
    expect(entry.time).toBe('2023-06-15T09:30:00Z');
    expect(entry.next_time).toBe('2023-06-28T15:30:00Z');
    const [logged] = (await getCustomer(api, customer.id)).follow_up_log;
    expect(logged?.time).toBe('2023-06-15T09:30:00Z');
    expect(logged?.next_time).toBe('2023-06-28T15:30:00Z');
    const raw = await (await getEntry(entry.id)).text();
    expect(raw).toContain('"time":"2023-06-15T09:30:00Z"');
  });

  test('normalises offsets and fractions to UTC with Z', async () => {
    const customer = await createCustomer(api);
    const entry = await addFollowUp(api, customer.id, {
      time: '2023-06-15T17:30:00+08:00',
      next_time: '2023-06-20T09:00:00.250-05:00',
    });
    expect(entry.time).toBe('2023-06-15T09:30:00Z');
    expect(entry.next_time).toBe('2023-06-20T14:00:00.250Z');
  });

  test('keeps early years as written and rejects year 0', async () => {
    const customer = await createCustomer(api);
    const entry = await addFollowUp(api, customer.id, { time: '0099-06-15T09:30:00Z', next_time: null });
    expect(entry.time).toBe('0099-06-15T09:30:00Z');
    const res = await post(seedFollowUp(customer.id, { time: '0000-01-01T00:00:00Z' }));
    expect(Object.keys(await expectStatus(res, 400))).toEqual(['time']);
  });

  test('accepts customer_id as a digit string or a JSON integer, and without the trailing slash', async () => {
    const customer = await createCustomer(api);
    expect((await post(seedFollowUp(customer.id))).status).toBe(201);
    expect((await post(seedFollowUp(customer.id, { customer_id: Number(customer.id) }))).status).toBe(201);
    expect((await api.call('POST', '/api/customer/follow-up', seedFollowUp(customer.id))).status).toBe(201);
  });

  test('treats next_time "", null and absent as none', async () => {
    const customer = await createCustomer(api);
    for (const next_time of ['', '  ', null, undefined]) {
      const entry = await expectStatus(await post(seedFollowUp(customer.id, { next_time })), 201);
      expect(entry.next_time).toBeNull();
    }
  });

  test('answers 400 {"customer_id": ["Invalid pk …"]} for an unknown or trashed customer', async () => {
    expect(await expectStatus(await post(seedFollowUp(UNKNOWN_ID)), 400)).toEqual({
      customer_id: [`Invalid pk "${UNKNOWN_ID}" - object does not exist.`],
    });
    const customer = await createCustomer(api);
    await trashCustomer(api, customer.id);
    expect(await expectStatus(await post(seedFollowUp(customer.id)), 400)).toEqual({
      customer_id: [`Invalid pk "${customer.id}" - object does not exist.`],
    });
  });

  test('answers 400 "This field is required." for each missing field', async () => {
    expect(await expectJson(await postRaw({ customer: 'John Doe' }), 400)).toEqual({
      customer_id: ['This field is required.'],
      title: ['This field is required.'],
      time: ['This field is required.'],
      principal: ['This field is required.'],
      content: ['This field is required.'],
    });
  });

  test('answers 400 in DRF words for invalid fields', async () => {
    const customer = await createCustomer(api);
    const res = await post({
      customer_id: customer.id,
      title: 'x'.repeat(201),
      time: 'yesterday',
      principal: '',
      content: 'x'.repeat(10_001),
      next_time: '2023-02-30T10:00:00Z',
    });
    const datetime =
      'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].';
    expect(await expectStatus(res, 400)).toEqual({
      title: ['Ensure this field has no more than 200 characters.'],
      time: [datetime],
      principal: ['This field may not be blank.'],
      content: ['Ensure this field has no more than 10000 characters.'],
      next_time: [datetime],
    });
    for (const customer_id of ['abc', '', -3, 1.5, null]) {
      const body = await expectJson<Json>(await postRaw(seedFollowUp(customer.id, { customer_id })), 400);
      expect(Object.keys(body)).toEqual(['customer_id']);
    }
  });

  test('answers 400 for invalid JSON or a list, 415 for a body that is not JSON', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await api.call('POST', '/api/customer/follow-up/', '{"title": "x",}', json)).status).toBe(400);
    expect(await expectJson(await postRaw([seedFollowUp('1')]), 400)).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
    const text = await api.call('POST', '/api/customer/follow-up/', 'title=x', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });
});

describe("the customer's last_contact_at and next_follow_up_at", () => {
  test('follow the entry with the greatest time; a back-dated entry does not supersede it', async () => {
    const customer = await createCustomer(api);
    await addFollowUp(api, customer.id, { time: '2023-06-15T09:30:00Z', next_time: '2023-06-20T14:00:00Z' });
    expect(await getCustomer(api, customer.id)).toMatchObject({
      last_contact_at: '2023-06-15T09:30:00Z',
      next_follow_up_at: '2023-06-20T14:00:00Z',
    });

    await addFollowUp(api, customer.id, { time: '2023-06-20T14:00:00Z', next_time: '2023-06-25T11:00:00Z' });
    expect(await getCustomer(api, customer.id)).toMatchObject({
      last_contact_at: '2023-06-20T14:00:00Z',
      next_follow_up_at: '2023-06-25T11:00:00Z',
    });

    // Written later, but it happened earlier: the plan of the newest contact stands.
    await addFollowUp(api, customer.id, { time: '2023-06-01T08:00:00Z', next_time: '2023-07-30T08:00:00Z' });
    expect(await getCustomer(api, customer.id)).toMatchObject({
      last_contact_at: '2023-06-20T14:00:00Z',
      next_follow_up_at: '2023-06-25T11:00:00Z',
    });

    // A newer entry without a plan clears the plan.
    await addFollowUp(api, customer.id, { time: '2023-06-25T11:00:00Z', next_time: null });
    expect(await getCustomer(api, customer.id)).toMatchObject({
      last_contact_at: '2023-06-25T11:00:00Z',
      next_follow_up_at: null,
    });
  });

  test('move when the newest entry is patched or deleted, and go back to null with the last entry', async () => {
    const customer = await createCustomer(api);
    const older = await addFollowUp(api, customer.id, {
      time: '2023-06-15T09:30:00Z',
      next_time: '2023-06-20T14:00:00Z',
    });
    const newer = await addFollowUp(api, customer.id, {
      time: '2023-06-20T14:00:00Z',
      next_time: '2023-06-25T11:00:00Z',
    });

    await patchEntry(newer.id, { next_time: '2023-07-01T10:00:00Z' });
    expect(await getCustomer(api, customer.id)).toMatchObject({
      last_contact_at: '2023-06-20T14:00:00Z',
      next_follow_up_at: '2023-07-01T10:00:00Z',
    });

    // Moving the older entry after the newer one makes it the newest.
    await patchEntry(older.id, { time: '2023-06-30T09:00:00Z' });
    expect(await getCustomer(api, customer.id)).toMatchObject({
      last_contact_at: '2023-06-30T09:00:00Z',
      next_follow_up_at: '2023-06-20T14:00:00Z',
    });

    expect((await deleteEntry(older.id)).status).toBe(204);
    expect(await getCustomer(api, customer.id)).toMatchObject({
      last_contact_at: '2023-06-20T14:00:00Z',
      next_follow_up_at: '2023-07-01T10:00:00Z',
    });

    expect((await api.call('DELETE', `/api/customer/follow-up/${newer.id}`)).status).toBe(204);
    expect(await getCustomer(api, customer.id)).toMatchObject({ last_contact_at: null, next_follow_up_at: null });
  });

  test('stay right when many entries for one customer are written at once', async () => {
    const customer = await createCustomer(api);
    const days = Array.from({ length: 20 }, (_, day) => day + 1);
    const writes = days.map((day) =>
      post({
        ...seedFollowUp(customer.id),
        time: `2023-07-${String(day).padStart(2, '0')}T09:00:00Z`,
        next_time: `2023-08-${String(day).padStart(2, '0')}T09:00:00Z`,
      }),
    );
    expect((await Promise.all(writes)).map((res) => res.status)).toEqual(days.map(() => 201));
    const detail = await getCustomer(api, customer.id);
    expect(detail.follow_up_log).toHaveLength(20);
    expect(detail).toMatchObject({
      last_contact_at: '2023-07-20T09:00:00Z',
      next_follow_up_at: '2023-08-20T09:00:00Z',
    });
  });

  test('entries show the customer by its current name', async () => {
    const customer = await createCustomer(api, { name: 'Old Name' });
    const entry = await addFollowUp(api, customer.id);
    await patchCustomer(api, customer.id, { name: 'New Name' });
    expect((await expectStatus(await getEntry(entry.id), 200)).customer).toBe('New Name');
  });
});

describe('GET /api/customer/follow-up/<id>/', () => {
  test('answers 200 with the entry, 404 for an unknown id and 400 for a malformed one', async () => {
    const customer = await createCustomer(api);
    const entry = await addFollowUp(api, customer.id);
    expect(await expectJson(await api.call('GET', `/api/customer/follow-up/${entry.id}`), 200)).toEqual(entry);
    expect(await expectStatus(await getEntry(UNKNOWN_ID), 404)).toEqual({ detail: 'Not found.' });
    const body = await expectJson<Json>(await api.call('GET', '/api/customer/follow-up/1x/'), 400);
    expect(typeof body.detail).toBe('string');
  });
});

describe('PATCH /api/customer/follow-up/<id>/', () => {
  test('changes only what is sent and answers 200', async () => {
    const customer = await createCustomer(api);
    const entry = await addFollowUp(api, customer.id);
    const patched = await expectStatus(await patchEntry(entry.id, { title: 'Renamed' }), 200);
    expect(patched).toEqual({ ...entry, title: 'Renamed' });
  });

  test('clears next_time with "" or null, and ignores customer_id and customer', async () => {
    const customer = await createCustomer(api);
    const other = await createCustomer(api);
    const entry = await addFollowUp(api, customer.id);
    const res = await api.call('PATCH', `/api/customer/follow-up/${entry.id}/`, {
      next_time: '',
      customer_id: other.id,
      customer: 'Someone Else',
    });
    const patched = await expectJson<FollowUp>(res, 200);
    expect(patched).toMatchObject({ customer_id: customer.id, customer: customer.name, next_time: null });
    expect((await expectStatus(await patchEntry(entry.id, { next_time: null }), 200)).next_time).toBeNull();
  });

  test('answers 400 for invalid fields, 404 for an unknown entry, 400 for a malformed id', async () => {
    const customer = await createCustomer(api);
    const entry = await addFollowUp(api, customer.id);
    const body = await expectStatus(await patchEntry(entry.id, { time: 'soon', title: '' }), 400);
    expect(Object.keys(body).sort()).toEqual(['time', 'title']);
    expect(body).toHaveProperty('title', ['This field may not be blank.']);
    expect((await patchEntry(UNKNOWN_ID, { title: 'x' })).status).toBe(404);
    expect((await api.call('PATCH', '/api/customer/follow-up/abc/', { title: 'x' })).status).toBe(400);
  });

  test("answers 404 for an entry of a trashed customer, and the entry is back with its customer's restore", async () => {
    const customer = await createCustomer(api);
    const entry = await addFollowUp(api, customer.id);
    await trashCustomer(api, customer.id);
    expect((await patchEntry(entry.id, { title: 'x' })).status).toBe(404);
    expect((await deleteEntry(entry.id)).status).toBe(404);
    await restoreCustomer(api, customer.id);
    expect(await expectStatus(await getEntry(entry.id), 200)).toEqual(entry);
  });
});

describe('DELETE /api/customer/follow-up/<id>/', () => {
  test('answers 204 with no body, then 404; 400 for a malformed id', async () => {
    const customer = await createCustomer(api);
    const entry = await addFollowUp(api, customer.id);
    const res = await deleteEntry(entry.id);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await getEntry(entry.id)).status).toBe(404);
    expect((await deleteEntry(entry.id)).status).toBe(404);
    expect((await getCustomer(api, customer.id)).follow_up_log).toEqual([]);
    expect((await api.call('DELETE', '/api/customer/follow-up/-1/')).status).toBe(400);
  });
});

describe('GET /api/customer/follow-up/ (planned follow-ups by next_time)', () => {
  /** Entries of two customers under one follow-up principal; one entry plans nothing. */
  async function plannedFixture() {
    const principal = uniquePrincipal('planner');
    const first = await createCustomer(api);
    const second = await createCustomer(api);
    const add = (customerId: string, time: string, next_time: string | null) =>
      addFollowUp(api, customerId, { principal, time, next_time });
    const entries = {
      march: await add(first.id, '2024-01-01T00:00:00Z', '2024-03-01T00:00:00Z'),
      january: await add(second.id, '2024-01-02T00:00:00Z', '2024-01-15T00:00:00Z'),
      february: await add(first.id, '2024-01-03T00:00:00Z', '2024-02-01T00:00:00Z'),
      unplanned: await add(second.id, '2024-01-04T00:00:00Z', null),
    };
    return { principal, first, second, entries, p: `principal=${encodeURIComponent(principal)}` };
  }

  test('lists entries with a next_time, soonest first, in the page shape', async () => {
    const { p, entries } = await plannedFixture();
    const page = await planned(p);
    expect(page.count).toBe(3);
    expect(page.previous).toBeNull();
    expect(page.next).toBeNull();
    expect(page.results.map((entry) => entry.id)).toEqual([entries.january.id, entries.february.id, entries.march.id]);
  });

  test('filters by customer_id (string or blank), due_before and due_after, combined by AND', async () => {
    const { p, first, entries } = await plannedFixture();
    const ids = (query: string) => planned(`${p}&${query}`).then((page) => page.results.map((entry) => entry.id));
    expect(await ids(`customer_id=${first.id}`)).toEqual([entries.february.id, entries.march.id]);
    expect(await ids('customer_id=')).toHaveLength(3);
    expect(await ids('due_before=2024-02-01T00:00:00Z')).toEqual([entries.january.id]);
    expect(await ids('due_after=2024-02-01T00:00:00Z')).toEqual([entries.february.id, entries.march.id]);
    expect(await ids('due_after=2024-01-20T00:00:00Z&due_before=2024-02-15T00:00:00Z')).toEqual([entries.february.id]);
    expect(await ids(`customer_id=${first.id}&due_before=2024-02-15T00:00:00Z`)).toEqual([entries.february.id]);
    // The offset form of the same instant, with the query string's own encoding of "+".
    expect(await ids(`due_before=${encodeURIComponent('2024-02-01T08:00:00+08:00')}`)).toEqual([entries.january.id]);
  });

  test('pages like the customer list', async () => {
    const { p, entries } = await plannedFixture();
    const first = await planned(`${p}&page_size=2`);
    expect(first.results.map((entry) => entry.id)).toEqual([entries.january.id, entries.february.id]);
    expect(new URL(first.next ?? '').searchParams.get('page')).toBe('2');
    const second = await planned(`${p}&page_size=2&page=2`);
    expect(second.results.map((entry) => entry.id)).toEqual([entries.march.id]);
    expect(second.next).toBeNull();
    expect(await expectStatus(await plannedResponse(`${p}&page=3`), 404)).toEqual({
      detail: 'Invalid page.',
    });
  });

  test("leaves out a trashed customer's entries", async () => {
    const { p, first, entries } = await plannedFixture();
    await trashCustomer(api, first.id);
    const page = await planned(p);
    expect(page.results.map((entry) => entry.id)).toEqual([entries.january.id]);
    expect(page.count).toBe(1);
  });

  test('answers 400 for a malformed customer_id or time', async () => {
    const bad = async (query: string) => Object.keys(await expectStatus(await plannedResponse(query), 400));
    expect(await bad('customer_id=abc')).toEqual(['customer_id']);
    expect(await bad('due_before=tomorrow')).toEqual(['due_before']);
    expect(await bad('due_after=2024-13-01T00:00:00Z')).toEqual(['due_after']);
    const long = await plannedResponse(`principal=${'x'.repeat(101)}`);
    expect(await expectStatus(long, 400)).toEqual({
      principal: ['Ensure this field has no more than 100 characters.'],
    });
  });
});

bunOnly('pins a clock that trashes the customer in the middle of a request', () => {
  let racing: TestApi;
  /** The customer to trash at the next request's second reading of the clock. */
  let doomed: { id: string; readings: number } | null = null;
  beforeAll(async () => {
    racing = await startTestApi({
      now: () => {
        // A POST reads the clock twice: for the key's last use, then for the entry's created_at,
        // after it found the customer live. At the second reading the customer goes to the trash
        // (a synchronous write on the server's connection), as a DELETE landing in between would.
        if (doomed && ++doomed.readings === 2) {
          racing.database.db.run(sql`UPDATE customers SET deleted_at = ${Date.now()} WHERE id = ${Number(doomed.id)}`);
          doomed = null;
        }
        return Date.now();
      },
    });
  });
  afterAll(() => racing.close());

  test('POST answers 404 when the customer goes to the trash between its check and the insert', async () => {
    const customer = await createCustomer(racing);
    doomed = { id: customer.id, readings: 0 };
    const res = await racing.client.api.customer['follow-up'].$post({ json: seedFollowUp(customer.id) });
    expect(await expectStatus(res, 404)).toEqual({ detail: 'Not found.' });
    expect(doomed).toBeNull();
    expect((await racing.client.api.customer.detail[':id'].$get({ param: { id: customer.id } })).status).toBe(404);
  });
});
