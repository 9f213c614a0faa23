import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { appRoutes } from '../testing/app-routes';
import { addFollowUp, anonymous, createCustomer, expectJson, expectStatus, login } from '../testing/http-fixtures';
import { seedCustomer, startTestApi, TEST_USER, type TestApi } from '../testing/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('GET /api/health', () => {
  test('answers 200 {"status": "ok"} without a key, with or without the trailing slash', async () => {
    for (const path of ['/api/health', '/api/health/']) {
      expect(await expectJson(await anonymous(api, 'GET', path), 200)).toEqual({ status: 'ok' });
    }
  });

  test('answers 405 with Allow: GET for POST', async () => {
    const res = await anonymous(api, 'POST', '/api/health');
    expect(await expectJson(res, 405)).toEqual({ detail: 'Method "POST" not allowed.' });
    expect(res.headers.get('allow')).toBe('GET');
  });
});

describe('paths that are no route', () => {
  test('answer 404 {"detail": "Not found."} with a key', async () => {
    for (const path of [
      '/api/nothing',
      '/api/customer/nothing/',
      '/api/customer/detail/',
      '/api/customer/detail/1/x',
    ]) {
      expect(await expectJson(await api.call('GET', path), 404)).toEqual({ detail: 'Not found.' });
    }
  });
});

describe('trailing slashes', () => {
  test('every route answers the same with and without the trailing slash', async () => {
    // Logout would revoke the suite's key; auth.test.ts checks both of its forms.
    const routes = appRoutes().filter(({ path }) => path !== '/api/auth/logout');
    for (const { method, path } of routes) {
      // A malformed id: only a routed request gets as far as the 400 that validating it gives.
      const url = path.replace('/1', '/abc');
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const [bare, slashed] = await Promise.all([api.call(method, url, body), api.call(method, `${url}/`, body)]);
      const [bareText, slashedText] = await Promise.all([bare.text(), slashed.text()]);
      const seen = { route: `${method} ${url}`, bare: bare.status, slashed: slashed.status };
      expect(seen).toEqual({ route: seen.route, bare: slashed.status, slashed: bare.status });
      expect({ route: seen.route, routed: ![404, 405].includes(bare.status) }).toEqual({
        route: seen.route,
        routed: true,
      });
      // Errors alike to the letter (a page's links name the path as asked, so they differ).
      if (bare.status >= 400) expect(bareText).toBe(slashedText);
    }
  });
});

/** Bodies that are wrong in every way a client can get them wrong. */
const badBodies: [string, Record<string, string>][] = [
  ['{', { 'content-type': 'application/json' }],
  ['[]', { 'content-type': 'application/json' }],
  ['"text"', { 'content-type': 'application/json' }],
  ['null', { 'content-type': 'application/json' }],
  ['', { 'content-type': 'application/json' }],
  ['\u0000', { 'content-type': 'application/json' }],
  [JSON.stringify(seedCustomer()), { 'content-type': 'text/csv' }],
  [
    JSON.stringify({
      id: { $gt: 1 },
      customer_id: [1],
      name: { first: 'x' },
      customer_type: 1,
      lead_source: null,
      time: 1686821400,
      next_time: true,
      title: ['t'],
      content: 1.5,
      page: -1,
    }),
    { 'content-type': 'application/json' },
  ],
  [JSON.stringify({ id: '99999999999999999999', customer_id: -1, name: 'x'.repeat(60_000) }), {}],
  [`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, { 'content-type': 'application/json' }],
  ['{"id": 1e400, "customer_id": -1e400, "page": NaN}', { 'content-type': 'application/json' }],
  ['{"id": 1e400, "customer_id": 1e-400}', { 'content-type': 'application/json' }],
];

/** Query strings with every parameter wrong, repeated or strange. */
const badQueries = [
  '?page=-1&page_size=x&ordering=zz&due=x&tz=Mars/Olympus',
  '?customer_type=A&customer_type=B&q=a&q=b&page=1&page=2',
  '?q=%FF%FE&principal=%00&customer_id=abc&due_before=x&due_after=2023-02-30T00:00:00Z',
  `?q=${'%25'.repeat(300)}&page_size=${'9'.repeat(40)}&page=${'9'.repeat(40)}`,
];

/** Path ids that are no id. */
const badIds = ['abc', '0', '-1', '99999999999999999999', '%FF', '1%2F2'];

describe('never a 5xx', () => {
  // Logout would revoke the key the sweep runs with; it has its own tests in auth.test.ts.
  const routes = appRoutes().filter(({ path }) => path !== '/api/auth/logout');

  // A key of its own, so nothing the sweep does can touch the suite's key.
  let auth: Record<string, string>;
  beforeAll(async () => {
    auth = { authorization: `Token ${(await expectStatus(await login(api, TEST_USER), 200)).token}` };
  });

  // One test per route: the sweep is many requests, and a route's name says where a 5xx is.
  for (const { method, path } of routes) {
    test(`${method} ${path} answers bad bodies, queries and ids with a 4xx (or success), never a 5xx`, async () => {
      const failures: string[] = [];
      const check = async (url: string, body?: string, headers: Record<string, string> = {}) => {
        const res = await api.call(method, url, body, { ...auth, ...headers });
        const text = await res.text();
        if (res.status >= 500) failures.push(`${method} ${url} → ${res.status} ${text.slice(0, 200)}`);
        // An error must not show SQL or a stack trace.
        const leaks = res.status >= 400 && /sqlite|drizzle|select |\bat \w+ \(|stack/i.test(text);
        if (leaks) failures.push(`${method} ${url} leaks: ${text.slice(0, 200)}`);
      };
      // Unknown ids and this test's own rows only, so that a shared database loses nothing.
      const own = await createCustomer(api);
      const entry = await addFollowUp(api, own.id);
      const ownId = path.includes('/follow-up/') ? entry.id : own.id;
      const paths = path.includes('/1')
        ? ['987654321012', ownId, ...badIds].map((id) => path.replace('/1', `/${id}`))
        : [path];
      for (const url of paths) {
        for (const query of badQueries) await check(`${url}/${query}`);
        if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
          for (const [body, headers] of badBodies) await check(`${url}/`, body, headers);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
