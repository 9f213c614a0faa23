import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Customer } from '@crm/schema';
import { sql } from 'drizzle-orm';
import {
  addFollowUp,
  type CustomerPatchJson,
  createCustomer,
  expectJson,
  expectStatus,
  getCustomer,
  getFollowUp,
  idsOf,
  type Json,
  patchCustomer,
  principalQuery,
  purgeCustomer,
  restoreCustomer,
  search,
  seedFollowUp,
  trashCustomer,
  uniquePrincipal,
} from '../testing/http-fixtures';
import { bunOnly, seedCustomer, startTestApi, type TestApi } from '../testing/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** The typed client's customer routes (`api` is set in beforeAll). */
const customer = () => api.client.api.customer;

/** An id no customer has: far above anything a test run creates. */
const UNKNOWN_ID = '987654321012';

const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

describe('a client written against the seed', () => {
  test("gets the seed's status codes for its six requests, sent exactly as the document shows them", async () => {
    const create = await api.call('POST', '/api/customer/customers/', seedCustomer());
    expect(create.status).toBe(201);
    const { id } = (await create.json()) as { id: string };
    const searchUrl =
      '/api/customer/customers/?customer_type=A&lead_source=direct_traffic&customer_industry=information_technology&follow_up_status=negotiation';
    expect((await api.call('GET', searchUrl)).status).toBe(200);
    expect((await api.call('GET', `/api/customer/detail/${id}/`)).status).toBe(200);
    expect((await api.call('PUT', '/api/customer/customers/update/', { id, ...seedCustomer() })).status).toBe(201);
    expect((await api.call('POST', '/api/customer/follow-up/', seedFollowUp(id))).status).toBe(201);
    expect((await api.call('DELETE', `/api/customer/customers/${id}`)).status).toBe(200);
  });
});

describe('POST /api/customer/customers/', () => {
  test('creates the seed example and answers 201 with the customer and its Location', async () => {
    const res = await customer().customers.$post({ json: seedCustomer() });
    const body = await expectStatus(res, 201);
    expect(body.id).toMatch(/^\d+$/);
    expect(body.name).toBe('John Doe');
    expect(res.headers.get('location')).toBe(`/api/customer/detail/${body.id}/`);
  });

  test('answers with every field of the seed, ids as strings and times in UTC', async () => {
    const principal = uniquePrincipal();
    const body = await createCustomer(api, { principal });
    const { principal: _, ...seedFields } = seedCustomer();
    expect(body).toMatchObject({ ...seedFields, principal });
    expect(typeof body.id).toBe('string');
    expect(body.created_at).toMatch(isoUtc);
    expect(body.updated_at).toBe(body.created_at);
    expect(body.last_contact_at).toBeNull();
    expect(body.next_follow_up_at).toBeNull();
  });

  test('works without the trailing slash', async () => {
    const res = await api.call('POST', '/api/customer/customers', seedCustomer({ principal: uniquePrincipal() }));
    expect(res.status).toBe(201);
  });

  test('defaults the optional fields to "" whether absent or null, and trims text', async () => {
    const body = await createCustomer(api, {
      name: '  Trimmed Name  ',
      landline: undefined,
      email: null,
      mobile_phone: undefined,
      company_details: null,
      address: undefined,
    });
    expect(body).toMatchObject({
      name: 'Trimmed Name',
      landline: '',
      email: '',
      mobile_phone: '',
      company_details: '',
      address: '',
    });
  });

  test('ignores unknown fields and read-only ones (id, timestamps)', async () => {
    const body = await createCustomer(api, {
      id: '1',
      created_at: '2000-01-01T00:00:00Z',
      last_contact_at: '2000-01-01T00:00:00Z',
      follow_up_log: [{ title: 'x' }],
      favourite_colour: 'blue',
    });
    expect(body.id).not.toBe('1');
    expect(body.created_at).not.toBe('2000-01-01T00:00:00Z');
    expect(body.last_contact_at).toBeNull();
    expect(body).not.toHaveProperty('favourite_colour');
    expect(body).not.toHaveProperty('follow_up_log');
  });

  test('answers 400 with "This field is required." for each missing required field', async () => {
    const res = await api.call('POST', '/api/customer/customers/', { landline: '123' });
    expect(await expectJson(res, 400)).toEqual({
      name: ['This field is required.'],
      customer_type: ['This field is required.'],
      lead_source: ['This field is required.'],
      customer_industry: ['This field is required.'],
      follow_up_status: ['This field is required.'],
      principal: ['This field is required.'],
    });
  });

  test('answers 400 with the required fields for an empty object and for no body at all', async () => {
    const empty = { 'content-type': 'application/json' };
    for (const [body, headers] of [[{}], [undefined], ['', empty], ['  ', empty]] as const) {
      const res = await api.call('POST', '/api/customer/customers/', body, headers);
      const errors = await expectJson(res, 400);
      expect(Object.keys(errors).sort()).toEqual(
        ['customer_industry', 'customer_type', 'follow_up_status', 'lead_source', 'name', 'principal'].sort(),
      );
    }
  });

  test('answers 400 in DRF words for each kind of invalid field, one key per bad field', async () => {
    const res = await api.call(
      'POST',
      '/api/customer/customers/',
      seedCustomer({
        name: '   ',
        principal: 'x'.repeat(101),
        email: 'not-an-email',
        landline: '5919-ABC',
        mobile_phone: 404730855,
        customer_type: 'Z',
        lead_source: 'carrier_pigeon',
        customer_industry: 'FINANCE',
        follow_up_status: '',
        company_details: 'x'.repeat(501),
        address: 'x'.repeat(501),
      }),
    );
    expect(await expectJson(res, 400)).toEqual({
      name: ['This field may not be blank.'],
      principal: ['Ensure this field has no more than 100 characters.'],
      email: ['Enter a valid email address.'],
      landline: ['Enter a valid phone number: digits, spaces and + - ( ) only.'],
      mobile_phone: ['Not a valid string.'],
      customer_type: ['"Z" is not a valid choice.'],
      lead_source: ['"carrier_pigeon" is not a valid choice.'],
      customer_industry: ['"FINANCE" is not a valid choice.'],
      follow_up_status: ['"" is not a valid choice.'],
      company_details: ['Ensure this field has no more than 500 characters.'],
      address: ['Ensure this field has no more than 500 characters.'],
    });
  });

  test('accepts the limits exactly: a 100-character name, a 254-character email, a 32-character phone', async () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(email.length).toBe(254);
    const body = await createCustomer(api, {
      name: 'n'.repeat(100),
      email,
      landline: '+61 (2) 5919-0000 0000 0000 0000'.slice(0, 32),
    });
    expect(body.name).toHaveLength(100);
    expect(body.email).toBe(email);
  });

  test('answers 400 "JSON parse error - …" for a body that is not JSON', async () => {
    const res = await api.call('POST', '/api/customer/customers/', '{"name": "John Doe" "landline": "1"}', {
      'content-type': 'application/json',
    });
    const body = await expectJson<{ detail: string }>(res, 400);
    expect(Object.keys(body)).toEqual(['detail']);
    expect(body.detail).toStartWith('JSON parse error - ');
  });

  test("answers 400 in DRF's words for JSON that is not an object", async () => {
    for (const [raw, type] of [
      ['[]', 'list'],
      ['[{"name": "x"}]', 'list'],
      ['"John Doe"', 'str'],
      ['42', 'int'],
      ['4.2', 'float'],
      ['true', 'bool'],
      ['null', 'NoneType'],
    ]) {
      const res = await api.call('POST', '/api/customer/customers/', raw, { 'content-type': 'application/json' });
      expect(await expectJson(res, 400)).toEqual({
        non_field_errors: [`Invalid data. Expected a dictionary, but got ${type}.`],
      });
    }
  });

  test('answers 415 for a body that is not sent as JSON', async () => {
    const body = JSON.stringify(seedCustomer());
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await api.call('POST', '/api/customer/customers/', body, { 'content-type': type });
      expect(await expectJson(res, 415)).toEqual({
        detail: `Unsupported media type "${type.split(';')[0]}" in request.`,
      });
    }
  });

  test('accepts application/json with a charset', async () => {
    const res = await api.call('POST', '/api/customer/customers/', seedCustomer({ principal: uniquePrincipal() }), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(201);
  });

  test('answers 413 for a body over 64 KB', async () => {
    const res = await customer().customers.$post({ json: seedCustomer({ company_details: 'x'.repeat(70_000) }) });
    const body = await expectStatus(res, 413);
    expect(typeof body.detail).toBe('string');
  });
});

describe('GET /api/customer/detail/<id>/', () => {
  test('answers 200 with the customer and an empty follow_up_log', async () => {
    const created = await createCustomer(api, { principal: uniquePrincipal() });
    const detail = await getCustomer(api, created.id);
    expect(detail).toEqual({ ...created, follow_up_log: [] });
  });

  test('works without the trailing slash', async () => {
    const created = await createCustomer(api);
    const res = await api.call('GET', `/api/customer/detail/${created.id}`);
    expect((await expectJson<Customer>(res, 200)).id).toBe(created.id);
  });

  test('shows the log sorted by time ascending, whatever the order it was written in', async () => {
    const sorted = await createCustomer(api, { name: 'Sorted Log' });
    // The seed's detail example, written newest first.
    await addFollowUp(api, sorted.id, {
      title: 'Quote Response',
      time: '2023-06-25T11:00:00Z',
      next_time: ' 2023-06-28T15:30:00Z',
    });
    await addFollowUp(api, sorted.id, { title: 'Initial Contact', time: '2023-06-15T09:30:00Z' });
    await addFollowUp(api, sorted.id, {
      title: 'Product Demo',
      time: '2023-06-20T14:00:00Z',
      next_time: '2023-06-25T11:00:00Z',
    });
    const detail = await getCustomer(api, sorted.id);
    expect(detail.follow_up_log.map((entry) => [entry.title, entry.time, entry.next_time])).toEqual([
      ['Initial Contact', '2023-06-15T09:30:00Z', '2023-06-20T14:00:00Z'],
      ['Product Demo', '2023-06-20T14:00:00Z', '2023-06-25T11:00:00Z'],
      ['Quote Response', '2023-06-25T11:00:00Z', '2023-06-28T15:30:00Z'],
    ]);
    expect(detail.follow_up_log.every((entry) => entry.customer === 'Sorted Log')).toBe(true);
    expect(detail.last_contact_at).toBe('2023-06-25T11:00:00Z');
    expect(detail.next_follow_up_at).toBe('2023-06-28T15:30:00Z');
  });

  test('answers 404 {"detail": "Not found."} for an unknown id', async () => {
    expect(await expectStatus(await customer().detail[':id'].$get({ param: { id: UNKNOWN_ID } }), 404)).toEqual({
      detail: 'Not found.',
    });
  });

  test('answers 400 {"detail": …} for a malformed id', async () => {
    for (const id of ['abc', '12a', '-1', '1.5', '1e3', '%20', '1234567890123456789']) {
      const body = await expectJson<Json>(await api.call('GET', `/api/customer/detail/${id}/`), 400);
      expect(Object.keys(body)).toEqual(['detail']);
      expect(typeof body.detail).toBe('string');
    }
  });
});

describe('DELETE /api/customer/customers/<id>/', () => {
  test("answers 200 with an empty body to the seed's request without a trailing slash, then 404", async () => {
    const { id } = await createCustomer(api);
    const res = await api.call('DELETE', `/api/customer/customers/${id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await customer().detail[':id'].$get({ param: { id } })).status).toBe(404);
    expect((await trashCustomer(api, id)).status).toBe(404);
  });

  test('removes the customer from search and its log from every list at once', async () => {
    const principal = uniquePrincipal();
    const keep = await createCustomer(api, { principal });
    const gone = await createCustomer(api, { principal });
    const entry = await addFollowUp(api, gone.id, { principal });
    expect((await trashCustomer(api, gone.id)).status).toBe(200);

    expect(idsOf(await search(api, principalQuery(principal)))).toEqual([keep.id]);
    expect((await getFollowUp(api, entry.id)).status).toBe(404);
    const planned = await expectStatus(await customer()['follow-up'].$get({ query: { principal } }), 200);
    expect(planned.count).toBe(0);
  });

  test('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect(await expectStatus(await trashCustomer(api, UNKNOWN_ID), 404)).toEqual({
      detail: 'Not found.',
    });
    const body = await expectJson<Json>(await api.call('DELETE', '/api/customer/customers/abc/'), 400);
    expect(typeof body.detail).toBe('string');
  });
});

describe('the trash', () => {
  async function trash(id: string) {
    expect((await trashCustomer(api, id)).status).toBe(200);
  }
  const trashed = async (query: { page?: string; page_size?: string } = {}) =>
    expectStatus(await customer().trash.$get({ query }), 200);
  const restore = (id: string) => restoreCustomer(api, id);
  const purge = (id: string) => purgeCustomer(api, id);

  test('GET /api/customer/trash/ lists deleted customers newest first, with when they will be purged', async () => {
    const first = await createCustomer(api);
    const second = await createCustomer(api);
    await trash(first.id);
    await Bun.sleep(5); // distinct deletion times, so "newest first" has one answer
    await trash(second.id);
    const page = await trashed();
    const ids = idsOf(page);
    expect(ids.indexOf(second.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    const row = page.results.find((customer) => customer.id === second.id);
    expect(row).toMatchObject({ name: second.name, principal: second.principal });
    expect(row?.deleted_at).toMatch(isoUtc);
    const days = (Date.parse(row?.purge_at ?? '') - Date.parse(row?.deleted_at ?? '')) / 86_400_000;
    expect(days).toBe(30);
  });

  test('GET /api/customer/trash/ is paged and answers 404 "Invalid page." past the end', async () => {
    const page = await trashed({ page_size: '1' });
    expect(page.results.length).toBeLessThanOrEqual(1);
    expect(await expectStatus(await customer().trash.$get({ query: { page: '100000' } }), 404)).toEqual({
      detail: 'Invalid page.',
    });
  });

  test('POST /customers/<id>/restore/ brings the customer back with the same id and its log', async () => {
    const principal = uniquePrincipal();
    const { id } = await createCustomer(api, { principal });
    const entry = await addFollowUp(api, id, { principal });
    const before = await getCustomer(api, id);
    await trash(id);

    const restored = await expectStatus(await restore(id), 200);
    expect(restored).toEqual(before);
    expect(await getCustomer(api, id)).toEqual(before);
    expect(idsOf(await search(api, principalQuery(principal)))).toEqual([id]);
    expect((await getFollowUp(api, entry.id)).status).toBe(200);
    expect(idsOf(await trashed({ page_size: '100' }))).not.toContain(id);
  });

  test('restore answers 404 for a live or unknown customer and 400 for a malformed id', async () => {
    const live = await createCustomer(api);
    expect((await restore(live.id)).status).toBe(404);
    expect((await api.call('POST', `/api/customer/customers/${UNKNOWN_ID}/restore`)).status).toBe(404);
    expect((await api.call('POST', '/api/customer/customers/x1/restore/')).status).toBe(400);
  });

  test('DELETE /api/customer/trash/<id>/ purges for good: 204, then neither restorable nor listed', async () => {
    const { id } = await createCustomer(api);
    await addFollowUp(api, id);
    await trash(id);
    const res = await purge(id);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await restore(id)).status).toBe(404);
    expect((await purge(id)).status).toBe(404);
    expect(idsOf(await trashed({ page_size: '100' }))).not.toContain(id);
  });

  test('purge answers 404 for a live customer and leaves it alone; 400 for a malformed id', async () => {
    const live = await createCustomer(api);
    expect((await purge(live.id)).status).toBe(404);
    expect((await getCustomer(api, live.id)).id).toBe(live.id);
    expect((await api.call('DELETE', '/api/customer/trash/abc/')).status).toBe(400);
  });

  test('a trashed customer cannot be updated, patched or given a follow-up', async () => {
    const { id } = await createCustomer(api);
    await trash(id);
    const put = await customer().customers.update.$put({ json: seedCustomer({ id }) });
    expect(put.status).toBe(404);
    expect((await patchCustomer(api, id, { name: 'x' })).status).toBe(404);
    const post = await customer()['follow-up'].$post({
      json: { customer_id: id, title: 't', time: '2023-06-15T09:30:00Z', principal: 'p', content: 'c' },
    });
    expect(await expectStatus(post, 400)).toEqual({
      customer_id: [`Invalid pk "${id}" - object does not exist.`],
    });
  });
});

describe('PUT /api/customer/customers/update/', () => {
  const replace = (json: Parameters<ReturnType<typeof customer>['customers']['update']['$put']>[0]['json']) =>
    customer().customers.update.$put({ json });

  test("answers 201 with the updated customer to the seed's body (id as a string)", async () => {
    const created = await createCustomer(api, { address: '123 Main Street, City', principal: uniquePrincipal() });
    await Bun.sleep(5); // so updated_at can differ from created_at
    const principal = uniquePrincipal();
    // The seed's update example, with the id of the customer just created.
    const body = seedCustomer({ id: created.id, principal, customer_type: 'B', follow_up_status: 'negotiation' });
    const updated = await expectStatus(await replace(body), 201);
    expect(updated).toMatchObject({ ...body, address: '' });
    expect(updated.created_at).toBe(created.created_at);
    expect(Date.parse(updated.updated_at)).toBeGreaterThan(Date.parse(created.updated_at));
    expect(await getCustomer(api, created.id)).toEqual({ ...updated, follow_up_log: [] });
  });

  test('keeps last_contact_at and next_follow_up_at, which only follow-ups write', async () => {
    const created = await createCustomer(api);
    await addFollowUp(api, created.id, { time: '2023-06-15T09:30:00Z', next_time: '2023-06-20T14:00:00Z' });
    const res = await api.call('PUT', '/api/customer/customers/update/', {
      ...seedCustomer({ id: created.id }),
      last_contact_at: null,
      next_follow_up_at: null,
    });
    expect(await expectJson(res, 201)).toMatchObject({
      last_contact_at: '2023-06-15T09:30:00Z',
      next_follow_up_at: '2023-06-20T14:00:00Z',
    });
  });

  test('accepts the id as a JSON integer and works without the trailing slash', async () => {
    const created = await createCustomer(api);
    const res = await api.call(
      'PUT',
      '/api/customer/customers/update',
      seedCustomer({ id: Number(created.id), name: 'Integer Id' }),
    );
    expect((await expectJson<Customer>(res, 201)).name).toBe('Integer Id');
  });

  test('blanks the optional fields that are left out', async () => {
    const created = await createCustomer(api, { address: 'Somewhere' });
    const { landline, email, mobile_phone, company_details, address, ...required } = seedCustomer({ id: created.id });
    const updated = await expectStatus(await replace(required), 201);
    expect(updated).toMatchObject({ landline: '', email: '', mobile_phone: '', company_details: '', address: '' });
  });

  test('answers 400 {"id": ["This field is required."]} without an id', async () => {
    const res = await api.call('PUT', '/api/customer/customers/update/', seedCustomer());
    expect(await expectJson(res, 400)).toEqual({ id: ['This field is required.'] });
  });

  test('answers 400 for an id that is not an integer', async () => {
    for (const id of ['abc', '', '1.5', 1.5, -1, true, [1], '12345678901234567890']) {
      const res = await api.call('PUT', '/api/customer/customers/update/', seedCustomer({ id }));
      expect(await expectJson(res, 400)).toEqual({ id: ['A valid integer is required.'] });
    }
  });

  test('answers 404 for an unknown id', async () => {
    expect(await expectStatus(await replace(seedCustomer({ id: UNKNOWN_ID })), 404)).toEqual({ detail: 'Not found.' });
  });

  test('answers 400 for invalid fields and leaves the customer unchanged', async () => {
    const created = await createCustomer(api);
    const res = await api.call('PUT', '/api/customer/customers/update/', {
      ...seedCustomer({ id: created.id, name: 'Changed' }),
      customer_type: 'Z',
    });
    expect(await expectJson(res, 400)).toEqual({ customer_type: ['"Z" is not a valid choice.'] });
    expect((await getCustomer(api, created.id)).name).toBe(created.name);
  });

  test('answers 400 for invalid JSON and 415 for a non-JSON body', async () => {
    expect(
      (await api.call('PUT', '/api/customer/customers/update/', '{', { 'content-type': 'application/json' })).status,
    ).toBe(400);
    expect(
      (await api.call('PUT', '/api/customer/customers/update/', 'id=1', { 'content-type': 'text/plain' })).status,
    ).toBe(415);
  });
});

describe('PATCH /api/customer/customers/<id>/', () => {
  const patch = (id: string, json: CustomerPatchJson) => patchCustomer(api, id, json);

  test('changes only the fields sent, answering 200, without blanking the omitted optional ones', async () => {
    const created = await createCustomer(api, { address: '123 Main Street, City', principal: uniquePrincipal() });
    const patched = await expectStatus(
      await patch(created.id, { name: 'Patched', follow_up_status: 'closed_won' }),
      200,
    );
    const { updated_at: _, ...unchanged } = created;
    expect(patched).toMatchObject({ ...unchanged, name: 'Patched', follow_up_status: 'closed_won' });
    expect(await getCustomer(api, created.id)).toEqual({ ...patched, follow_up_log: [] });
  });

  test('an empty object changes nothing; null blanks an optional field', async () => {
    const created = await createCustomer(api);
    const same = await expectJson<Customer>(await api.call('PATCH', `/api/customer/customers/${created.id}`, {}), 200);
    expect({ ...same, updated_at: created.updated_at }).toEqual(created);
    const blanked = await expectStatus(await patch(created.id, { email: null }), 200);
    expect(blanked.email).toBe('');
    expect(blanked.landline).toBe(created.landline);
  });

  test('ignores read-only and unknown fields', async () => {
    const created = await createCustomer(api);
    const res = await api.call('PATCH', `/api/customer/customers/${created.id}/`, {
      id: '1',
      created_at: '2000-01-01T00:00:00Z',
      next_follow_up_at: '2000-01-01T00:00:00Z',
      colour: 'red',
    });
    const patched = await expectJson<Customer>(res, 200);
    expect(patched.id).toBe(created.id);
    expect(patched.created_at).toBe(created.created_at);
    expect(patched.next_follow_up_at).toBeNull();
    expect(patched).not.toHaveProperty('colour');
  });

  test('answers 400 "This field may not be null." for null in a required field', async () => {
    const created = await createCustomer(api);
    const res = await api.call('PATCH', `/api/customer/customers/${created.id}/`, { name: null, customer_type: null });
    expect(await expectJson(res, 400)).toEqual({
      name: ['This field may not be null.'],
      customer_type: ['This field may not be null.'],
    });
  });

  test('answers 400 for invalid fields, 404 for an unknown id, 400 for a malformed id', async () => {
    const created = await createCustomer(api);
    const bad = await api.call('PATCH', `/api/customer/customers/${created.id}/`, { name: '', lead_source: 'x' });
    expect(await expectJson(bad, 400)).toEqual({
      name: ['This field may not be blank.'],
      lead_source: ['"x" is not a valid choice.'],
    });
    expect((await patch(UNKNOWN_ID, { name: 'x' })).status).toBe(404);
    expect((await api.call('PATCH', '/api/customer/customers/abc/', { name: 'x' })).status).toBe(400);
  });

  test('answers 400 for a JSON list and 415 for a non-JSON body', async () => {
    const created = await createCustomer(api);
    expect(await expectJson(await api.call('PATCH', `/api/customer/customers/${created.id}/`, []), 400)).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
    const res = await api.call('PATCH', `/api/customer/customers/${created.id}/`, 'name=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
  });
});

describe('GET /api/customer/options/', () => {
  test('answers the four choice lists in the order of API.md', async () => {
    expect(await expectStatus(await customer().options.$get(), 200)).toEqual({
      customer_type: ['A', 'B', 'C', 'D'],
      lead_source: [
        'direct_traffic',
        'organic_search',
        'paid_search',
        'social_media',
        'referral',
        'email_marketing',
        'exhibition',
        'cold_call',
        'partner',
        'other',
      ],
      customer_industry: [
        'finance',
        'information_technology',
        'manufacturing',
        'retail',
        'healthcare',
        'education',
        'real_estate',
        'transportation',
        'energy',
        'government',
        'hospitality',
        'media',
        'agriculture',
        'other',
      ],
      follow_up_status: ['initial_contact', 'needs_analysis', 'proposal', 'negotiation', 'closed_won', 'closed_lost'],
    });
  });
});

describe('wrong methods', () => {
  test('answer 405 with Allow and a DRF detail', async () => {
    const created = await createCustomer(api);
    for (const [method, path, allow] of [
      ['PUT', `/api/customer/detail/${created.id}/`, 'GET'],
      ['DELETE', '/api/customer/customers/', 'POST, GET'],
      ['GET', '/api/customer/customers/update/', 'PUT'],
      ['GET', `/api/customer/customers/${created.id}/restore/`, 'POST'],
      ['POST', '/api/customer/options/', 'GET'],
      ['PUT', `/api/customer/customers/${created.id}`, 'PATCH, DELETE'],
    ] as const) {
      const res = await api.call(method, path);
      expect(await expectJson(res, 405)).toEqual({ detail: `Method "${method}" not allowed.` });
      // `/customers/update/` also matches `/customers/:id`, so Allow may name more methods.
      const allowed = res.headers.get('allow')?.split(/,\s*/) ?? [];
      expect(allowed).toEqual(expect.arrayContaining(allow.split(', ')));
      expect(allowed).not.toContain(method);
    }
  });
});

bunOnly('reads the database to see what HTTP cannot show', () => {
  test('purging a customer deletes its log entries with it (ON DELETE CASCADE)', async () => {
    const { id } = await createCustomer(api);
    await addFollowUp(api, id);
    await addFollowUp(api, id, { time: '2023-06-16T09:30:00Z' });
    const entriesOf = async () => {
      const rows = await api.database.db.all<{ n: number }>(
        sql`SELECT count(*) AS n FROM follow_ups WHERE customer_id = ${Number(id)}`,
      );
      return rows[0]?.n;
    };
    await trashCustomer(api, id);
    // The trash keeps the log, so that a restore brings it back.
    expect(await entriesOf()).toBe(2);
    expect((await purgeCustomer(api, id)).status).toBe(204);
    expect(await entriesOf()).toBe(0);
  });
});
