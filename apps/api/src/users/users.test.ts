import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { permissionDenied } from '@crm/schema';
import { expectJson, type Json } from '../testing/http-fixtures';
import { bunOnly, startTestApi, TEST_TARGET, TEST_USER, type TestApi } from '../testing/test-api';
import { as, createTestUser, login, newKey } from '../testing/users';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const tryLogin = (username: string, password: string) =>
  fetch(`${api.base}/api/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

/**
 * A refused login counts against the client's address (10 a quarter-hour), and the worker run
 * shares one server and one address among all test files: there the refusals are left to the
 * Bun run, which has a server per file, so the files after this one keep their budget.
 */
async function expectLoginRefused(username: string, password: string) {
  if (TEST_TARGET === 'worker') return;
  expect((await tryLogin(username, password)).status).toBe(400);
}

describe('/api/users/ (admins)', () => {
  test('creates a user with a generated password shown once, which logs in', async () => {
    const username = `gen-${Date.now()}`;
    const created = await expectJson(
      await api.call('POST', '/api/users/', { username, role: 'sales', display_name: ' Gen User ' }),
      201,
    );
    expect(created).toMatchObject({ username, role: 'sales', display_name: 'Gen User', disabled: false });
    expect(typeof created.password).toBe('string');
    expect((await tryLogin(username, created.password as string)).status).toBe(200);
    const list = await expectJson<Json[]>(await api.call('GET', '/api/users/'), 200);
    const listed = list.find((user) => user.username === username);
    expect(listed).toEqual({ ...created, password: undefined } as unknown as Json);
    expect(listed).not.toHaveProperty('password');
  });

  test('refuses a taken username, a short password, the username as password, a bad role', async () => {
    expect(
      await expectJson(await api.call('POST', '/api/users/', { username: TEST_USER.username, role: 'viewer' }), 400),
    ).toEqual({
      username: ['A user with that username already exists.'],
    });
    const body = { username: `pw-${Date.now()}`, role: 'viewer' };
    expect(await expectJson(await api.call('POST', '/api/users/', { ...body, password: 'short' }), 400)).toEqual({
      password: ['This password is too short. It must contain at least 10 characters.'],
    });
    expect(await expectJson(await api.call('POST', '/api/users/', { ...body, password: body.username }), 400)).toEqual({
      password: ['The password is too similar to the username.'],
    });
    expect(await expectJson(await api.call('POST', '/api/users/', { ...body, role: 'owner' }), 400)).toEqual({
      role: ['"owner" is not a valid choice.'],
    });
    expect(
      await expectJson(await api.call('POST', '/api/users/', { ...body, username: 'no spaces' }), 400),
    ).toHaveProperty('username');
  });

  test('disabling a user stops their keys on the next request and their login; enabling brings them back', async () => {
    const user = await createTestUser(api, 'sales');
    expect((await api.call('GET', '/api/auth/me/', undefined, as(user.key))).status).toBe(200);
    expect(await expectJson(await api.call('PATCH', `/api/users/${user.id}/`, { disabled: true }), 200)).toMatchObject({
      disabled: true,
    });
    expect(await expectJson(await api.call('GET', '/api/customer/customers/', undefined, as(user.key)), 401)).toEqual({
      detail: 'User inactive or deleted.',
    });
    await expectLoginRefused(user.username, user.password);
    await expectJson(await api.call('PATCH', `/api/users/${user.id}/`, { disabled: false }), 200);
    expect((await api.call('GET', '/api/auth/me/', undefined, as(user.key))).status).toBe(200);
  });

  test('a new role holds from the next request: a demoted manager can no longer restore', async () => {
    const user = await createTestUser(api, 'manager');
    expect((await api.call('GET', '/api/customer/trash/', undefined, as(user.key))).status).toBe(200);
    await expectJson(await api.call('PATCH', `/api/users/${user.id}/`, { role: 'viewer' }), 200);
    expect(await expectJson(await api.call('GET', '/api/customer/trash/', undefined, as(user.key)), 403)).toEqual({
      detail: permissionDenied,
    });
    expect(await expectJson(await api.call('GET', '/api/auth/me/', undefined, as(user.key)), 200)).toMatchObject({
      role: 'viewer',
      permissions: ['account:read', 'account:write', 'customers:read', 'audit:read'],
    });
  });

  test('an admin resets a password; the old one stops working', async () => {
    const user = await createTestUser(api, 'viewer');
    expect(
      await expectJson(await api.call('PATCH', `/api/users/${user.id}/`, { password: user.username }), 400),
    ).toEqual({
      password: ['The password is too similar to the username.'],
    });
    await expectJson(await api.call('PATCH', `/api/users/${user.id}/`, { password: 'a-brand-new-one' }), 200);
    await expectLoginRefused(user.username, user.password);
    expect((await tryLogin(user.username, 'a-brand-new-one')).status).toBe(200);
  });

  test('an unknown user answers 404; a bad body 400', async () => {
    expect((await api.call('PATCH', '/api/users/999999999/', { role: 'viewer' })).status).toBe(404);
    expect(await expectJson(await api.call('PATCH', `/api/users/1/`, { disabled: 'yes' }), 400)).toHaveProperty(
      'disabled',
    );
  });

  test('role and display name changes are in the history, filterable by the user who made them', async () => {
    const user = await createTestUser(api, 'viewer');
    await expectJson(
      await api.call('PATCH', `/api/users/${user.id}/`, { role: 'sales', display_name: 'Ann Lee' }),
      200,
    );
    const history = await expectJson<{ results: Json[] }>(
      await api.call('GET', `/api/audit/?object=user&id=${user.id}`),
      200,
    );
    expect(history.results.map((entry) => entry.action)).toEqual(['update', 'create']);
    expect(history.results[0]).toMatchObject({
      object: 'user',
      customer_id: null,
      user: TEST_USER.username,
      changes: [
        { field: 'display_name', before: '', after: 'Ann Lee' },
        { field: 'role', before: 'viewer', after: 'sales' },
      ],
    });
    const me = await expectJson<{ id: string }>(await api.call('GET', '/api/auth/me/'), 200);
    const mine = await expectJson<{ results: Json[] }>(
      await api.call('GET', `/api/audit/?user=${me.id}&page_size=100`),
      200,
    );
    expect(mine.results.length).toBeGreaterThan(0);
    expect(mine.results.every((entry) => entry.user === TEST_USER.username)).toBe(true);
    // Only admins read the whole history or filter by user.
    const sales = await createTestUser(api, 'sales');
    expect((await api.call('GET', '/api/audit/', undefined, as(sales.key))).status).toBe(403);
    expect((await api.call('GET', `/api/audit/?user=${me.id}&customer_id=1`, undefined, as(sales.key))).status).toBe(
      403,
    );
    expect((await api.call('GET', '/api/audit/?customer_id=1', undefined, as(sales.key))).status).toBe(200);
  });

  test('the directory lists enabled users for everyone', async () => {
    const viewer = await createTestUser(api, 'viewer');
    const hidden = await createTestUser(api, 'sales');
    await expectJson(await api.call('PATCH', `/api/users/${hidden.id}/`, { disabled: true }), 200);
    const directory = await expectJson<Json[]>(
      await api.call('GET', '/api/users/directory/', undefined, as(viewer.key)),
      200,
    );
    const names = directory.map((entry) => entry.username);
    expect(names).toContain(viewer.username);
    expect(names).not.toContain(hidden.username);
    expect(directory.find((entry) => entry.username === viewer.username)).toEqual({
      id: viewer.id,
      username: viewer.username,
      display_name: '',
      role: 'viewer',
    });
  });
});

bunOnly('needs a database whose only admin is the test user', () => {
  let fresh: TestApi;
  beforeAll(async () => {
    fresh = await startTestApi();
  });
  afterAll(() => fresh.close());

  test('the last admin cannot be disabled or demoted (400); with a second admin it can', async () => {
    const me = await expectJson<{ id: string }>(await fresh.call('GET', '/api/auth/me/'), 200);
    const refusal = { detail: 'The last admin cannot be disabled or given another role: make another admin first.' };
    expect(await expectJson(await fresh.call('PATCH', `/api/users/${me.id}/`, { role: 'manager' }), 400)).toEqual(
      refusal,
    );
    expect(await expectJson(await fresh.call('PATCH', `/api/users/${me.id}/`, { disabled: true }), 400)).toEqual(
      refusal,
    );
    // Other changes of the last admin are fine.
    await expectJson(await fresh.call('PATCH', `/api/users/${me.id}/`, { display_name: 'Boss', role: 'admin' }), 200);
    const other = await createTestUser(fresh, 'admin');
    await expectJson(await fresh.call('PATCH', `/api/users/${me.id}/`, { role: 'manager' }), 200);
    // Now `other` is the last one.
    expect(
      await expectJson(await fresh.call('PATCH', `/api/users/${other.id}/`, { disabled: true }, as(other.key)), 400),
    ).toEqual(refusal);
  });
});

describe('my account', () => {
  test('changes my password with the old one; refuses a wrong old one, a short one and my username', async () => {
    const user = await createTestUser(api, 'viewer');
    const change = (body: Json) => api.call('POST', '/api/auth/password/', body, as(user.key));
    expect(
      await expectJson(await change({ old_password: 'wrong-password', new_password: 'another-secret' }), 400),
    ).toEqual({
      old_password: ['Your old password was entered incorrectly.'],
    });
    expect(await expectJson(await change({ old_password: user.password, new_password: 'short' }), 400)).toHaveProperty(
      'new_password',
    );
    expect(await expectJson(await change({ old_password: user.password, new_password: user.username }), 400)).toEqual({
      new_password: ['The password is too similar to the username.'],
    });
    expect((await change({ old_password: user.password, new_password: 'another-secret' })).status).toBe(204);
    await expectLoginRefused(user.username, user.password);
    expect(await login(api, user.username, 'another-secret')).toMatch(/^[0-9a-f]{40}$/);
  });

  test("lists my keys (never another user's), marks the current one; a read key only reads; revoking ends a key", async () => {
    const user = await createTestUser(api, 'sales');
    const readKey = await newKey(api, user.key, 'read');
    const keys = await expectJson<Json[]>(await api.call('GET', '/api/auth/keys/', undefined, as(user.key)), 200);
    expect(keys.map((key) => [key.scope, key.current])).toEqual([
      ['write', true],
      ['read', false],
    ]);
    expect(JSON.stringify(keys)).not.toContain(readKey);
    // A read key reads, and may not write even what the role may.
    expect((await api.call('GET', '/api/customer/customers/', undefined, as(readKey))).status).toBe(200);
    expect(await expectJson(await api.call('GET', '/api/auth/me/', undefined, as(readKey)), 200)).toMatchObject({
      role: 'sales',
      scope: 'read',
      permissions: ['account:read', 'customers:read', 'audit:read'],
    });
    expect((await api.call('POST', '/api/customer/customers/', {}, as(readKey))).status).toBe(403);
    // Revoking: another user's key is not mine (404); my read key stops at once.
    const adminKeys = await expectJson<Json[]>(await api.call('GET', '/api/auth/keys/'), 200);
    expect((await api.call('DELETE', `/api/auth/keys/${adminKeys[0]?.id}/`, undefined, as(user.key))).status).toBe(404);
    const readId = keys[1]?.id;
    expect((await api.call('DELETE', `/api/auth/keys/${readId}/`, undefined, as(user.key))).status).toBe(204);
    expect(await expectJson(await api.call('GET', '/api/auth/me/', undefined, as(readKey)), 401)).toEqual({
      detail: 'Invalid token.',
    });
  });
});
