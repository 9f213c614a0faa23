import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Customer, Page } from '@crm/schema';
import {
  addFollowUp,
  type CustomerPatchJson,
  createCustomer,
  expectJson,
  expectStatus,
  idList,
  idsOf,
  type Json,
  patchCustomer,
  principalQuery,
  purgeCustomer,
  restoreCustomer,
  search,
  searchResponse,
  trashCustomer,
  uniquePrincipal,
} from '../testing/http-fixtures';
import { seedCustomer, startTestApi, type TestApi } from '../testing/test-api';

/**
 * GET /api/customer/customers/: the seed's search and what API.md adds to it. Every test makes
 * its own customers under a principal of its own and filters by it (or by a unique word), so
 * the suite holds on a database that other tests have filled.
 */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const patch = (id: string, json: CustomerPatchJson) => patchCustomer(api, id, json);
const trash = (id: string) => trashCustomer(api, id);
const restore = (id: string) => restoreCustomer(api, id);
const purge = (id: string) => purgeCustomer(api, id);

/** Creates customers one after the other (ids and created_at ascending), returning them in that order. */
async function createMany(count: number, make: (index: number) => Json): Promise<Customer[]> {
  const created: Customer[] = [];
  for (let index = 0; index < count; index++) created.push(await createCustomer(api, make(index)));
  return created;
}

/** Four customers that differ in each choice field, under one principal. */
async function choiceGrid(principal: string) {
  const [a, b, c, d] = await createMany(4, (index) => ({
    principal,
    customer_type: ['A', 'A', 'B', 'A'][index],
    lead_source: ['direct_traffic', 'referral', 'direct_traffic', 'direct_traffic'][index],
    customer_industry: ['information_technology', 'information_technology', 'information_technology', 'finance'][index],
    follow_up_status: ['negotiation', 'negotiation', 'negotiation', 'proposal'][index],
  }));
  return { a, b, c, d } as Record<'a' | 'b' | 'c' | 'd', Customer>;
}

describe('the choice filters', () => {
  test("answer the seed's search URL with 200 and DRF's page shape", async () => {
    const principal = uniquePrincipal();
    const { a } = await choiceGrid(principal);
    const seedUrl =
      '/api/customer/customers/?customer_type=A&lead_source=direct_traffic&customer_industry=information_technology&follow_up_status=negotiation';
    const page = await expectJson<Page<Customer>>(await api.call('GET', seedUrl), 200);
    expect(Object.keys(page).sort()).toEqual(['count', 'next', 'previous', 'results']);
    expect(page.count).toBeGreaterThanOrEqual(1);
    expect(page.results.length).toBeLessThanOrEqual(20);
    for (const row of page.results) {
      expect(row).toMatchObject({
        customer_type: 'A',
        lead_source: 'direct_traffic',
        customer_industry: 'information_technology',
        follow_up_status: 'negotiation',
      });
    }
    const mine = await search(api, `${seedUrl.split('?')[1]}&${principalQuery(principal)}`);
    expect(idsOf(mine)).toEqual([a.id]);
  });

  test('combine with AND', async () => {
    const principal = uniquePrincipal();
    const { a, b, c, d } = await choiceGrid(principal);
    const p = principalQuery(principal);
    expect(idsOf(await search(api, `${p}&customer_type=A`))).toEqual([d.id, b.id, a.id]);
    expect(idsOf(await search(api, `${p}&customer_type=A&lead_source=direct_traffic`))).toEqual([d.id, a.id]);
    expect(idsOf(await search(api, `${p}&customer_industry=information_technology`))).toEqual([c.id, b.id, a.id]);
    expect(idsOf(await search(api, `${p}&follow_up_status=proposal`))).toEqual([d.id]);
    expect(idsOf(await search(api, `${p}&customer_type=B&follow_up_status=proposal`))).toEqual([]);
  });

  test('a filter that is absent, empty or "all" does not filter', async () => {
    const principal = uniquePrincipal();
    const { a, b, c, d } = await choiceGrid(principal);
    const everyone = [d.id, c.id, b.id, a.id];
    const p = principalQuery(principal);
    for (const query of [
      p,
      `${p}&customer_type=`,
      `${p}&customer_type=all`,
      `${p}&customer_type=ALL`,
      `${p}&customer_type=all&lead_source=all&customer_industry=all&follow_up_status=all`,
      `${p}&customer_type=&lead_source=&customer_industry=&follow_up_status=`,
    ]) {
      const page = await search(api, query);
      expect({ query, ids: idsOf(page), count: page.count }).toEqual({ query, ids: everyone, count: 4 });
    }
    expect(idsOf(await search(api, `${p}&customer_type=all&lead_source=referral`))).toEqual([b.id]);
  });

  test('answer 400 in DRF words for an unknown choice', async () => {
    expect(await expectStatus(await searchResponse(api, 'customer_type=Z'), 400)).toEqual({
      customer_type: ['"Z" is not a valid choice.'],
    });
    const res = await searchResponse(api, 'lead_source=tv&follow_up_status=won');
    expect(await expectStatus(res, 400)).toEqual({
      lead_source: ['"tv" is not a valid choice.'],
      follow_up_status: ['"won" is not a valid choice.'],
    });
  });

  test('count stays exact through create, update, delete and restore', async () => {
    // No principal filter here on purpose: this is the count the seed's four filters get.
    const query = 'customer_type=D&lead_source=partner&customer_industry=agriculture&follow_up_status=closed_lost';
    const before = (await search(api, query)).count;
    const customer = await createCustomer(api, {
      customer_type: 'D',
      lead_source: 'partner',
      customer_industry: 'agriculture',
      follow_up_status: 'closed_lost',
    });
    expect((await search(api, query)).count).toBe(before + 1);
    await patch(customer.id, { customer_type: 'C' });
    expect((await search(api, query)).count).toBe(before);
    await patch(customer.id, { customer_type: 'D' });
    expect((await search(api, query)).count).toBe(before + 1);
    await trash(customer.id);
    expect((await search(api, query)).count).toBe(before);
    await restore(customer.id);
    expect((await search(api, query)).count).toBe(before + 1);
    await trash(customer.id);
    await purge(customer.id);
    expect((await search(api, query)).count).toBe(before);
  });
});

describe('principal=', () => {
  test('matches exactly: not a prefix, not another case', async () => {
    const principal = uniquePrincipal('Exact Principal');
    const [mine] = await createMany(1, () => ({ principal }));
    expect(idsOf(await search(api, principalQuery(principal)))).toEqual(idList(mine));
    expect((await search(api, principalQuery(principal.slice(0, -1)))).count).toBe(0);
    expect((await search(api, principalQuery(principal.toUpperCase()))).count).toBe(0);
  });

  test('is trimmed, and empty means no filter', async () => {
    const principal = uniquePrincipal();
    const [mine] = await createMany(1, () => ({ principal }));
    expect(idsOf(await search(api, principalQuery(`  ${principal} `)))).toEqual(idList(mine));
    const all = await search(api, 'principal=');
    expect(all.count).toBeGreaterThanOrEqual(1);
  });
});

describe('q=', () => {
  test('finds a case-insensitive substring of name, email, company_details, address and principal', async () => {
    const word = `Zq${crypto.randomUUID().slice(0, 8)}`;
    const [byName, byEmail, byCompany, byAddress, byPrincipal] = await createMany(
      5,
      (index) =>
        [
          { name: `Mr ${word} Smith` },
          { email: `${word.toLowerCase()}@example.com` },
          { company_details: `${word} airways limited` },
          { address: `1 ${word} Street` },
          { principal: `Agent ${word}` },
        ][index] as Json,
    );
    await createCustomer(api, { name: 'Unrelated' });
    const expected = idList(byPrincipal, byAddress, byCompany, byEmail, byName);
    for (const q of [word, word.toLowerCase(), word.toUpperCase(), word.slice(2, 7)]) {
      const page = await search(api, `q=${encodeURIComponent(q)}`);
      expect({ q, ids: idsOf(page), count: page.count }).toEqual({ q, ids: expected, count: 5 });
    }
  });

  test('finds phones by their digits: "0404 730 855" finds 0404730855, "+61 (2) 5919-0000" finds 61259190000', async () => {
    const principal = uniquePrincipal();
    const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
    const [mobile, landline] = await createMany(
      2,
      (index) =>
        [
          { principal, mobile_phone: `04${digits}` },
          { principal, landline: `+61 (2) ${digits.slice(0, 4)}-${digits.slice(4)}` },
        ][index] as Json,
    );
    await createCustomer(api, { principal, mobile_phone: '', landline: '' });
    const p = principalQuery(principal);
    const spaced = `04${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`;
    expect(idsOf(await search(api, `${p}&q=${encodeURIComponent(spaced)}`))).toEqual(idList(mobile));
    const formatted = `+61 (2) ${digits.slice(0, 4)}-${digits.slice(4)}`;
    expect(idsOf(await search(api, `${p}&q=${encodeURIComponent(formatted)}`))).toEqual(idList(landline));
    expect(idsOf(await search(api, `${p}&q=${digits.slice(1, 7)}`))).toEqual(idList(landline, mobile));
    // Without a principal filter too: the digits are this test's alone.
    expect(idsOf(await search(api, `q=${encodeURIComponent(spaced)}`))).toEqual(idList(mobile));
  });

  test('takes % and _ literally', async () => {
    const principal = uniquePrincipal();
    const [percent, underscore, plain] = await createMany(
      3,
      (index) =>
        [
          { principal, name: '100% sure' },
          { principal, name: 'snake_case' },
          { principal, name: '1000 sure snakeXcase' },
        ][index] as Json,
    );
    const p = principalQuery(principal);
    expect(idsOf(await search(api, `${p}&q=${encodeURIComponent('%')}`))).toEqual(idList(percent));
    expect(idsOf(await search(api, `${p}&q=${encodeURIComponent('0% s')}`))).toEqual(idList(percent));
    expect(idsOf(await search(api, `${p}&q=_`))).toEqual(idList(underscore));
    expect(idsOf(await search(api, `${p}&q=e_c`))).toEqual(idList(underscore));
    expect(idsOf(await search(api, `${p}&q=${encodeURIComponent('\\')}`))).toEqual([]);
    expect(idsOf(await search(api, `${p}&q=sure`))).toEqual(idList(plain, percent));
  });

  test('takes quotes, stars, colons and words like NOT literally', async () => {
    const principal = uniquePrincipal();
    const [quoted, plain] = await createMany(
      2,
      (index) =>
        [
          { principal, name: 'He said "hi" (ok) * NEAR: AND NOT' },
          { principal, name: 'He said hi ok NEAR AND' },
        ][index] as Json,
    );
    const p = principalQuery(principal);
    for (const q of ['"hi"', '(ok) *', 'NEAR: AND', ') * N', 'D NOT', '"', '*', ':']) {
      const page = await search(api, `${p}&q=${encodeURIComponent(q)}`);
      expect({ q, ids: idsOf(page) }).toEqual({ q, ids: idList(quoted) });
    }
    expect(idsOf(await search(api, `${p}&q=${encodeURIComponent('said hi')}`))).toEqual(idList(plain));
  });

  test('combines with the other filters by AND; blank q does not filter', async () => {
    const principal = uniquePrincipal();
    const [alpha, beta] = await createMany(2, (index) => ({
      principal,
      name: `Shared Name ${index}`,
      customer_type: index === 0 ? 'A' : 'B',
    }));
    const p = principalQuery(principal);
    expect(idsOf(await search(api, `${p}&q=shared&customer_type=B`))).toEqual(idList(beta));
    expect(idsOf(await search(api, `${p}&q=nomatch&customer_type=A`))).toEqual([]);
    expect(idsOf(await search(api, `${p}&q=%20%20`))).toEqual(idList(beta, alpha));
  });

  test('follows every write: create, update, delete, restore and purge', async () => {
    const word = () => `Qw${crypto.randomUUID().slice(0, 8)}`;
    const [first, second] = [word(), word()];
    const found = async (q: string) => idsOf(await search(api, `q=${encodeURIComponent(q)}`));
    const customer = await createCustomer(api, { name: `Before ${first}`, mobile_phone: '' });
    expect(await found(first)).toEqual([customer.id]);

    await patch(customer.id, { name: `After ${second}` });
    expect(await found(first)).toEqual([]);
    expect(await found(second)).toEqual([customer.id]);

    await api.client.api.customer.customers.update.$put({ json: seedCustomer({ id: customer.id, address: first }) });
    expect(await found(second)).toEqual([]);
    expect(await found(first)).toEqual([customer.id]);

    await trash(customer.id);
    expect(await found(first)).toEqual([]);
    expect((await search(api, `q=${first}&customer_type=A`)).count).toBe(0);

    await restore(customer.id);
    expect(await found(first)).toEqual([customer.id]);
    expect((await search(api, `q=${first}`)).count).toBe(1);

    await trash(customer.id);
    await purge(customer.id);
    expect(await found(first)).toEqual([]);
  });

  test('finds short terms (under three characters) and long ones alike, in any requested order', async () => {
    const principal = uniquePrincipal();
    const [alpha, bravo] = await createMany(2, (index) => ({ principal, name: ['Alpha Xy', 'Bravo Xy'][index] }));
    const p = principalQuery(principal);
    // Two characters have no trigram (a scan answers), three and more go through the index.
    for (const [q, expected] of [
      ['xy', [alpha, bravo]],
      ['XY', [alpha, bravo]],
      ['a xy', [alpha]],
      ['PHA XY', [alpha]],
    ] as const) {
      for (const ordering of ['', '&ordering=name']) {
        const page = await search(api, `${p}&q=${encodeURIComponent(q)}${ordering}`);
        const want = ordering === '' ? [...expected].reverse() : expected;
        expect({ q, ordering, ids: idsOf(page), count: page.count }).toEqual({
          q,
          ordering,
          ids: idList(...want),
          count: expected.length,
        });
      }
    }
    const byName = await search(api, `${p}&q=xy&ordering=-name`);
    expect(idsOf(byName)).toEqual(idList(bravo, alpha));
    const pageTwo = await search(api, `${p}&q=${encodeURIComponent(' xy')}&page_size=1&page=2&ordering=name`);
    expect(idsOf(pageTwo)).toEqual(idList(bravo));
  });

  test('answers 400 for a q over 200 characters', async () => {
    const body = await expectStatus(await searchResponse(api, `q=${'x'.repeat(201)}`), 400);
    expect(body).toEqual({ q: ['Ensure this field has no more than 200 characters.'] });
  });
});

describe('ordering=', () => {
  test('defaults to -created_at, newest first', async () => {
    const principal = uniquePrincipal();
    const rows = await createMany(3, () => ({ principal }));
    expect(idsOf(await search(api, principalQuery(principal)))).toEqual(rows.map((row) => row.id).reverse());
  });

  test('orders by name, id and created_at, each with "-", and breaks name ties by id', async () => {
    const principal = uniquePrincipal();
    const [c1, a, c2, b] = await createMany(4, (index) => ({
      principal,
      name: ['Carol', 'Alice', 'Carol', 'Bob'][index],
    }));
    const ids = (ordering: string) => search(api, `${principalQuery(principal)}&ordering=${ordering}`).then(idsOf);
    const byId = idList(c1, a, c2, b);
    expect(await ids('name')).toEqual(idList(a, b, c1, c2));
    expect(await ids('-name')).toEqual(idList(c2, c1, b, a));
    expect(await ids('id')).toEqual(byId);
    expect(await ids('-id')).toEqual([...byId].reverse());
    expect(await ids('created_at')).toEqual(byId);
    expect(await ids('-created_at')).toEqual([...byId].reverse());
  });

  test('orders by updated_at, each with "-"', async () => {
    const principal = uniquePrincipal();
    const [first, second, third] = await createMany(3, () => ({ principal }));
    await Bun.sleep(5); // the touch below must land in a later millisecond than the creations
    await patch(first?.id ?? '', { name: 'Touched' });
    const ids = (ordering: string) => search(api, `${principalQuery(principal)}&ordering=${ordering}`).then(idsOf);
    expect(await ids('updated_at')).toEqual(idList(second, third, first));
    expect(await ids('-updated_at')).toEqual(idList(first, third, second));
  });

  test('orders by next_follow_up_at and last_contact_at, each with "-"', async () => {
    const principal = uniquePrincipal();
    const [early, late, none] = await createMany(3, () => ({ principal }));
    await addFollowUp(api, early?.id ?? '', { time: '2024-01-10T00:00:00Z', next_time: '2024-02-01T00:00:00Z' });
    await addFollowUp(api, late?.id ?? '', { time: '2024-01-20T00:00:00Z', next_time: '2024-03-01T00:00:00Z' });
    const ids = (ordering: string) =>
      search(api, `${principalQuery(principal)}&ordering=${ordering}`).then((page) =>
        idsOf(page).filter((id) => id !== none?.id),
      );
    expect(await ids('next_follow_up_at')).toEqual(idList(early, late));
    expect(await ids('-next_follow_up_at')).toEqual(idList(late, early));
    expect(await ids('last_contact_at')).toEqual(idList(early, late));
    expect(await ids('-last_contact_at')).toEqual(idList(late, early));
    // Customers without a follow-up are still listed.
    expect((await search(api, `${principalQuery(principal)}&ordering=next_follow_up_at`)).count).toBe(3);
  });

  test('answers 400 for an unknown ordering field', async () => {
    for (const ordering of ['email', '--name', 'name,id', 'deleted_at']) {
      const body = await expectStatus(await searchResponse(api, `ordering=${ordering}`), 400);
      expect(body).toEqual({ ordering: [`"${ordering}" is not a valid choice.`] });
    }
  });
});

describe('paging', () => {
  test('pages with page and page_size, with absolute next and previous links that keep the filters', async () => {
    const principal = uniquePrincipal();
    const rows = (await createMany(5, () => ({ principal }))).map((row) => row.id).reverse();
    const p = principalQuery(principal);

    const first = await search(api, `${p}&page_size=2`);
    expect(first).toMatchObject({ count: 5, previous: null });
    expect(idsOf(first)).toEqual(rows.slice(0, 2));
    const next = new URL(first.next ?? '');
    expect(next.origin).toBe(new URL(api.base).origin);
    expect(next.pathname).toBe('/api/customer/customers/');
    expect(next.searchParams.get('principal')).toBe(principal);
    expect(next.searchParams.get('page_size')).toBe('2');
    expect(next.searchParams.get('page')).toBe('2');

    const second = await expectJson<Page<Customer>>(await api.call('GET', `${next.pathname}${next.search}`), 200);
    expect(idsOf(second)).toEqual(rows.slice(2, 4));
    // DRF drops `page` from the link back to the first page.
    const previous = new URL(second.previous ?? '');
    expect(previous.searchParams.has('page')).toBe(false);
    expect(previous.searchParams.get('principal')).toBe(principal);

    const third = await search(api, `${p}&page_size=2&page=3`);
    expect(idsOf(third)).toEqual(rows.slice(4));
    expect(third.next).toBeNull();
    expect(new URL(third.previous ?? '').searchParams.get('page')).toBe('2');
  });

  test('answers 404 {"detail": "Invalid page."} past the end, for page=0 and for a page that is not a number', async () => {
    const principal = uniquePrincipal();
    await createMany(2, () => ({ principal }));
    const p = principalQuery(principal);
    for (const page of ['2', '0', '-1', 'abc', '1.5', 'last', '99999999999']) {
      const res = await searchResponse(api, `${p}&page=${page}`);
      expect({ page, body: await expectStatus(res, 404) }).toEqual({ page, body: { detail: 'Invalid page.' } });
    }
    expect(idsOf(await search(api, `${p}&page=1`))).toHaveLength(2);
    expect(idsOf(await search(api, `${p}&page=`))).toHaveLength(2);
  });

  test('answers an empty first page with 200, not 404', async () => {
    const page = await search(api, principalQuery(uniquePrincipal('nobody')));
    expect(page).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  test('defaults page_size to 20, ignores one that is not a positive integer, and caps it at 100', async () => {
    const principal = uniquePrincipal();
    await createMany(101, () => ({ principal }));
    const p = principalQuery(principal);
    for (const [query, size] of [
      ['', 20],
      ['&page_size=abc', 20],
      ['&page_size=0', 20],
      ['&page_size=-5', 20],
      ['&page_size=100', 100],
      ['&page_size=101', 100],
      ['&page_size=5000', 100],
    ] as const) {
      const page = await search(api, `${p}${query}`);
      expect({ query, count: page.count, size: page.results.length }).toEqual({ query, count: 101, size });
    }
    const last = await search(api, `${p}&page_size=5000&page=2`);
    expect(last.results).toHaveLength(1);
    expect(last.next).toBeNull();
  });
});
