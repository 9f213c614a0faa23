import type { KeyScope, Role } from '@crm/schema';
import { expectJson } from './http-fixtures';
import type { TestApi } from './test-api';

export interface TestUser {
  id: string;
  username: string;
  password: string;
  /** A key of the user with the scope asked for. */
  key: string;
}

let made = 0;

/**
 * A new user of `role` (made by the test admin over the API, so it works on both runtimes),
 * logged in, with a key of `scope`: the login's key for `write`, a `read` key made with it.
 */
export async function createTestUser(
  api: TestApi,
  role: Role,
  scope: KeyScope = 'write',
  fields: { display_name?: string } = {},
): Promise<TestUser> {
  made += 1;
  const username = `${role}-${Date.now().toString(36)}-${made}`;
  const password = `pass-${username}-secret`;
  const created = await expectJson<{ id: string }>(
    await api.call('POST', '/api/users/', { username, role, password, ...fields }),
    201,
  );
  const key = await login(api, username, password);
  return { id: created.id, username, password, key: scope === 'write' ? key : await newKey(api, key, 'read') };
}

export async function login(api: TestApi, username: string, password: string): Promise<string> {
  const res = await fetch(`${api.base}/api/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return (await expectJson<{ token: string }>(res, 200)).token;
}

/** Another key of the user behind `key`. */
export async function newKey(api: TestApi, key: string, scope: KeyScope): Promise<string> {
  const res = await api.call('POST', '/api/auth/keys/', { name: `test ${scope}`, scope }, as(key));
  return (await expectJson<{ key: string }>(res, 201)).key;
}

/** The headers of a request made with `key` instead of the test admin's. */
export const as = (key: string) => ({ authorization: `Token ${key}` });
