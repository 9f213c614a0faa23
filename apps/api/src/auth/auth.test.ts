import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { anonymous, expectJson, expectStatus, login } from '../testing/http-fixtures';
import { bunOnly, startTestApi, TEST_USER, type TestApi } from '../testing/test-api';
import { hashKey } from './crypto';

/**
 * Login, logout, me and the two 401s. Failed logins are kept few: more than ten from one
 * address in a quarter-hour answer 429 (login-limit.test.ts covers that).
 */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const notProvided = { detail: 'Authentication credentials were not provided.' };
const invalidToken = { detail: 'Invalid token.' };

/** A login the typed client cannot send (a body of other types, another path). */
const loginRaw = (body: unknown, path = '/api/auth/token/') => anonymous(api, 'POST', path, body);

async function newKey(): Promise<string> {
  return (await expectStatus(await login(api, TEST_USER), 200)).token;
}

const withKey = (key: string, scheme = 'Token') => ({ authorization: `${scheme} ${key}` });
/** Options for a request of the typed client with another key. */
const asKey = (key: string) => ({ headers: withKey(key) });
const auth = () => api.client.api.auth;

describe('POST /api/auth/token/', () => {
  test('answers 200 {"token": …} with a new 160-bit key for the right credentials', async () => {
    const res = await login(api, TEST_USER);
    const body = await expectStatus(res, 200);
    expect(Object.keys(body)).toEqual(['token']);
    expect(body.token).toMatch(/^[0-9a-f]{40}$/);
    expect(body.token).not.toBe(await newKey());
  });

  test('works without the trailing slash and needs no key', async () => {
    expect((await loginRaw(TEST_USER, '/api/auth/token')).status).toBe(200);
  });

  test('a new key works at once', async () => {
    const key = await newKey();
    expect(await expectStatus(await auth().me.$get(undefined, asKey(key)), 200)).toMatchObject({
      username: TEST_USER.username,
      role: 'admin',
      scope: 'write',
    });
  });

  test('answers 400 non_field_errors for a wrong password or an unknown user, alike', async () => {
    const wrongPassword = await login(api, { username: TEST_USER.username, password: 'wrong-password' });
    const unknownUser = await login(api, { username: `nobody-${crypto.randomUUID()}`, password: TEST_USER.password });
    const expected = { non_field_errors: ['Unable to log in with provided credentials.'] };
    expect(await expectStatus(wrongPassword, 400)).toEqual(expected);
    expect(await expectStatus(unknownUser, 400)).toEqual(expected);
  });

  test('answers 400 "This field is required." for missing fields, without counting a failure', async () => {
    expect(await expectJson(await loginRaw({}), 400)).toEqual({
      username: ['This field is required.'],
      password: ['This field is required.'],
    });
    expect(await expectStatus(await login(api, { username: 'admin', password: '' }), 400)).toEqual({
      password: ['This field may not be blank.'],
    });
    expect(await expectJson(await loginRaw({ username: 'admin', password: 1234 }), 400)).toEqual({
      password: ['Not a valid string.'],
    });
    expect(await expectJson(await loginRaw({ username: null, password: 'x'.repeat(1025) }), 400)).toEqual({
      username: ['This field may not be null.'],
      password: ['Ensure this field has no more than 1024 characters.'],
    });
  });

  test('answers 400 for invalid JSON and a list, 415 for a form', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await anonymous(api, 'POST', '/api/auth/token/', '{"username": "admin",', json)).status).toBe(400);
    expect(await expectJson(await loginRaw([TEST_USER]), 400)).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
    const form = await anonymous(api, 'POST', '/api/auth/token/', 'username=admin&password=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
  });

  test('answers 405 with Allow: POST for GET', async () => {
    const res = await anonymous(api, 'GET', '/api/auth/token/');
    // Either order is fine: the route is public, so no 401 stands in front of the 405.
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('Authorization header', () => {
  test('answers 401 "credentials were not provided" with WWW-Authenticate: Token without a header', async () => {
    const res = await anonymous(api, 'GET', '/api/customer/customers/');
    expect(await expectJson(res, 401)).toEqual(notProvided);
    expect(res.headers.get('www-authenticate')).toBe('Token');
  });

  test('answers 401 "Invalid token." with WWW-Authenticate: Token for a bad key', async () => {
    for (const header of [
      'Token 0000000000000000000000000000000000000000',
      `Token ${api.token}x`,
      `Token ${api.token.slice(1)}`,
      'Token',
      `Token ${api.token} extra`,
      `Bearer`,
    ]) {
      const res = await anonymous(api, 'GET', '/api/customer/customers/', undefined, { authorization: header });
      expect({ header, body: await expectJson(res, 401) }).toEqual({ header, body: invalidToken });
      expect(res.headers.get('www-authenticate')).toBe('Token');
    }
  });

  test('accepts Token (any case) and Bearer', async () => {
    for (const scheme of ['Token', 'token', 'Bearer', 'bearer']) {
      const res = await api.call('GET', '/api/auth/me/', undefined, withKey(api.token, scheme));
      expect({ scheme, status: res.status }).toEqual({ scheme, status: 200 });
    }
  });
});

describe('GET /api/auth/me/', () => {
  test('answers 200 {"username": …} for the key', async () => {
    expect(await expectStatus(await auth().me.$get(), 200)).toMatchObject({ username: TEST_USER.username });
    expect((await api.call('GET', '/api/auth/me')).status).toBe(200);
  });

  test('answers 401 without a key', async () => {
    expect(await expectJson(await anonymous(api, 'GET', '/api/auth/me/'), 401)).toEqual(notProvided);
  });
});

describe('POST /api/auth/logout/', () => {
  test('answers 204 and revokes the key it was called with at once, and only that key', async () => {
    const key = await newKey();
    const other = await newKey();
    const res = await auth().logout.$post(undefined, asKey(key));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(await expectStatus(await auth().me.$get(undefined, asKey(key)), 401)).toEqual(invalidToken);
    const search = await api.client.api.customer.customers.$get({ query: {} }, asKey(key));
    expect(await expectStatus(search, 401)).toEqual(invalidToken);
    expect((await auth().logout.$post(undefined, asKey(key))).status).toBe(401);
    expect((await auth().me.$get(undefined, asKey(other))).status).toBe(200);
  });

  test('works with Bearer and without the trailing slash', async () => {
    const key = await newKey();
    expect((await api.call('POST', '/api/auth/logout', undefined, withKey(key, 'Bearer'))).status).toBe(204);
    expect((await auth().me.$get(undefined, asKey(key))).status).toBe(401);
  });

  test('answers 401 without a key', async () => {
    expect(await expectJson(await anonymous(api, 'POST', '/api/auth/logout/'), 401)).toEqual(notProvided);
  });
});

bunOnly('reads the api_tokens table, which no endpoint shows', () => {
  test('keys are stored only as their hash, with a name, a creation time and the time last used', async () => {
    const key = await newKey();
    const tokenRow = async () => {
      const rows = await api.database.db.all<{
        key_hash: string;
        name: string;
        created_at: number;
        last_used_at: number | null;
      }>(sql`SELECT key_hash, name, created_at, last_used_at FROM api_tokens WHERE key_hash = ${await hashKey(key)}`);
      return rows[0];
    };
    const stored = await tokenRow();
    expect(stored?.name).toBe('login');
    expect(stored?.created_at).toBeGreaterThan(0);
    expect(stored?.last_used_at).toBeNull();
    const keys = await api.database.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM api_tokens WHERE key_hash = ${key}`,
    );
    expect(keys[0]?.n).toBe(0);

    expect((await auth().me.$get(undefined, asKey(key))).status).toBe(200);
    expect((await tokenRow())?.last_used_at).toBeGreaterThanOrEqual(stored?.created_at ?? 0);
  });
});
