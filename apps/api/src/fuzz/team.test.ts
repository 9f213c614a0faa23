import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  allows,
  type KeyScope,
  keyCreateInput,
  type Permission,
  passwordChangeInput,
  permissionDenied,
  type Role,
  roles,
  userCreateInput,
  userUpdateInput,
} from '@crm/schema';
import fc from 'fast-check';
import { appRoutes } from '../testing/app-routes';
import { expectJson } from '../testing/http-fixtures';
import { startTestApi, type TestApi } from '../testing/test-api';
import { as, createTestUser, login, newKey, type TestUser } from '../testing/users';
import { keyCreateBody, passwordChangeBody, teamPathId, userCreateBody, userPatchBody } from './arbitraries';

/**
 * The team routes (users, the directory, my password, my keys) fuzzed over HTTP on both runtimes:
 * arbitrary bodies, ids and keys of every role and scope. Never a 5xx; every answer is one the
 * document declares (api.call checks it); a refused request changes nothing (the users, the
 * acting user's keys, the audit); the last admin stays an admin; a key never does more than its
 * role and scope allow. The routes come from the app. NUM_RUNS / 3 cases per property: each
 * case is several requests, and passwords cost a slow hash.
 */
const RUNS = Math.max(20, Math.floor(Number(process.env.NUM_RUNS ?? 300) / 3));
const settings = { numRuns: RUNS, endOnFailure: true } as const;
const TIMEOUT_MS = 30_000 + RUNS * 300;

interface UserJson {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
}

let api: TestApi;
let adminId: string;
/** A user and key of each role × scope, and one id of another user's key. */
const actors = new Map<string, TestUser>();
const actor = (role: Role, scope: KeyScope) => actors.get(`${role}:${scope}`) as TestUser;
let foreignKeyId: string;

const TEAM_PATH = /^\/api\/(users|auth\/keys|auth\/password)(\/|$)/;
/** The team routes, from the app: a route added under them is fuzzed without a change here. */
const teamRoutes = appRoutes().filter(({ path }) => TEAM_PATH.test(path));

beforeAll(async () => {
  api = await startTestApi();
  const me = await expectJson<{ id: string }>(await api.call('GET', '/api/auth/me/'), 200);
  adminId = me.id;
  for (const role of roles) {
    const user = await createTestUser(api, role, 'write');
    actors.set(`${role}:write`, user);
    actors.set(`${role}:read`, { ...user, key: await newKey(api, user.key, 'read') });
  }
  const keys = await expectJson<{ id: string }[]>(await api.call('GET', '/api/auth/keys/'), 200);
  foreignKeyId = keys[0]?.id ?? '';
});
afterAll(() => api.close());

const users = async () => expectJson<UserJson[]>(await api.call('GET', '/api/users/'), 200);
const enabledAdmins = (list: UserJson[]) => list.filter((u) => u.role === 'admin' && !u.disabled).length;

/** What a refused request must leave as it was: the users, the acting key's keys, the audit's head. */
async function snapshot(key?: string) {
  const keys = await expectJson<Record<string, unknown>[]>(
    await api.call('GET', '/api/auth/keys/', undefined, key ? as(key) : {}),
    200,
  );
  const audit = await expectJson<{ count: number }>(await api.call('GET', '/api/audit/?page_size=1'), 200);
  return JSON.stringify({
    users: await users(),
    keys: keys.map(({ id, name, scope }) => ({ id, name, scope })),
    audit: audit.count,
  });
}

/** Sends a request; a 5xx, or an answer the document does not declare (api.call throws), fails. */
async function send(method: string, path: string, body: unknown, key?: string) {
  const res = await api.call(method, path, body, key ? as(key) : {});
  const text = await res.text();
  const context = `${method} ${path} ${JSON.stringify(body)?.slice(0, 200)} → ${res.status} ${text.slice(0, 200)}`;
  if (res.status >= 500) throw new Error(context);
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null, context };
}

/** Sends a request that may be refused: when it is (4xx), nothing changed. */
async function sendChecked(method: string, path: string, body: unknown, key?: string) {
  const before = await snapshot(key);
  const answer = await send(method, path, body, key);
  if (answer.status >= 400 && (await snapshot(key)) !== before) {
    throw new Error(`refused but changed something: ${answer.context}`);
  }
  return answer;
}

describe('team routes', () => {
  test('the team routes are found in the app', () => {
    const names = teamRoutes.map(({ method, path }) => `${method} ${path}`);
    for (const expected of [
      'GET /api/users',
      'POST /api/users',
      'PATCH /api/users/1',
      'GET /api/users/directory',
      'POST /api/auth/password',
      'GET /api/auth/keys',
      'POST /api/auth/keys',
      'DELETE /api/auth/keys/1',
    ]) {
      expect(names).toContain(expected);
    }
  });

  test(
    'POST /api/users/ with any body: 201 exactly when the schema accepts it (and the name is new), else 400',
    async () => {
      await fc.assert(
        fc.asyncProperty(userCreateBody, async (body) => {
          const before = await users();
          const valid = userCreateInput.safeParse(body);
          const { status, json, context } = await sendChecked('POST', '/api/users/', body);
          if (!valid.success) {
            expect({ context, status }).toEqual({ context, status: 400 });
            return;
          }
          const taken = before.some((u) => u.username === valid.data.username);
          expect({ context, status }).toEqual({ context, status: taken ? 400 : 201 });
          if (taken) return;
          const created = json as UserJson;
          expect({ username: created.username, role: created.role }).toEqual({
            username: valid.data.username,
            role: valid.data.role,
          });
          expect((await users()).length).toBe(before.length + 1);
        }),
        settings,
      );
    },
    TIMEOUT_MS,
  );

  test(
    'PATCH /api/users/<id>/ with any body and id: the model decides; the last admin stays an admin',
    async () => {
      // Targets: fuzz's own users of each role, the test admin, and ids that name nothing.
      const targets = [...new Set([...actors.values()].map((u) => u.id))];
      const target = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...targets) },
        { weight: 2, arbitrary: fc.constant(adminId) },
        { weight: 2, arbitrary: teamPathId },
      );
      try {
        await fc.assert(
          fc.asyncProperty(target, userPatchBody, async (id, body) => {
            const before = await users();
            // `00001` is user 1, as the server reads it.
            const current = before.find((u) => u.id === (/^\d{1,15}$/.test(id) ? String(Number(id)) : id));
            const valid = userUpdateInput.safeParse(body);
            const changes = valid.success ? valid.data : {};
            const losesAdmin =
              current?.role === 'admin' &&
              !current.disabled &&
              ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
            const lastAdmin = losesAdmin && enabledAdmins(before) === 1;
            // The test admin's key drives the suite: only changes that must be refused are sent to it.
            if (current?.id === adminId && valid.success && !lastAdmin) return;
            const { status, json, context } = await sendChecked('PATCH', `/api/users/${id}/`, body);
            if (!current) {
              expect({ context, status: status === 400 || status === 404 }).toEqual({ context, status: true });
              return;
            }
            const tooSimilar = valid.success && changes.password !== undefined;
            if (!valid.success || lastAdmin) {
              expect({ context, status }).toEqual({ context, status: 400 });
            } else if (tooSimilar && changes.password?.trim().toLowerCase() === current.username.toLowerCase()) {
              expect({ context, status }).toEqual({ context, status: 400 });
            } else {
              expect({ context, status }).toEqual({ context, status: 200 });
              const after = json as UserJson;
              expect(after.role).toBe(changes.role ?? current.role);
              expect(after.disabled).toBe(changes.disabled ?? current.disabled);
            }
            const now = await users();
            expect(enabledAdmins(now)).toBeGreaterThanOrEqual(1);
            expect(now.find((u) => u.id === adminId)).toMatchObject({ role: 'admin', disabled: false });
          }),
          settings,
        );
      } finally {
        // Whatever happened to them, the fuzz users are put back, for the properties that follow.
        for (const user of new Set(actors.values())) {
          const role = user.username.split('-')[0] as Role;
          await send('PATCH', `/api/users/${user.id}/`, { role, disabled: false });
        }
      }
    },
    TIMEOUT_MS,
  );

  test(
    'every team route × role × scope × body: 403 exactly when the permission does not allow it',
    async () => {
      const permissionOf = (method: string, path: string) =>
        (api.document.templateOf(path)?.item[method.toLowerCase()] as Record<string, unknown> | undefined)?.[
          'x-permission'
        ] as Permission;
      const route = fc.constantFrom(...teamRoutes);
      // A dot segment is resolved away by the URL (another route): not an id.
      const idInPath = teamPathId.filter((id) => !/^(\.|%2e){1,2}$/i.test(id));
      const key = fc.tuple(fc.constantFrom(...roles), fc.constantFrom<KeyScope>('read', 'write'));
      const body = fc.oneof(userCreateBody, userPatchBody, keyCreateBody, passwordChangeBody('x'));
      await fc.assert(
        fc.asyncProperty(route, key, body, idInPath, async ({ method, path }, [role, scope], sent, id) => {
          const permission = permissionOf(method, path);
          expect({ path, permission: typeof permission }).toEqual({ path, permission: 'string' });
          // Ids name nothing here, or another user's key: no key of the actor is revoked.
          const concrete = path.replace(/\/1$/, `/${path.startsWith('/api/auth/keys') ? foreignKeyId : id}`);
          const withBody = method === 'POST' || method === 'PATCH';
          const user = actor(role, scope);
          const { status, json, context } = await sendChecked(
            method,
            `${concrete}/`,
            withBody ? sent : undefined,
            user.key,
          );
          if (!allows(permission, role, scope)) {
            expect({ context, status, json }).toEqual({ context, status: 403, json: { detail: permissionDenied } });
            return;
          }
          expect({ context, forbidden: status === 403 || status === 401 }).toEqual({ context, forbidden: false });
          if (method === 'DELETE') expect({ context, status }).toEqual({ context, status: 404 });
          if (method === 'POST' && path === '/api/auth/keys') {
            const valid = keyCreateInput.safeParse(sent);
            expect({ context, status }).toEqual({ context, status: valid.success ? 201 : 400 });
          }
          if (status === 204 && path === '/api/auth/password') {
            user.password = (sent as { new_password: string }).new_password;
          }
        }),
        settings,
      );
    },
    TIMEOUT_MS,
  );

  test(
    'POST /api/auth/password/ with any body: 204 only with the old password and an allowed new one',
    async () => {
      const user = await createTestUser(api, 'sales', 'write');
      let current = user.password;
      const body = fc.oneof(
        passwordChangeBody(current),
        fc.string({ minLength: 10, maxLength: 40 }).map((next) => ({ old_password: current, new_password: next })),
      );
      await fc.assert(
        fc.asyncProperty(body, async (sent) => {
          const fresh = sent as Record<string, unknown>;
          // The arbitrary was built with the first password: point it at the current one.
          if (fresh && typeof fresh === 'object' && fresh.old_password === user.password) {
            fresh.old_password = current;
          }
          const valid = passwordChangeInput.safeParse(sent);
          const { status, context } = await sendChecked('POST', '/api/auth/password/', sent, user.key);
          const accepted =
            valid.success &&
            valid.data.old_password === current &&
            valid.data.new_password.trim().toLowerCase() !== user.username.toLowerCase();
          expect({ context, status }).toEqual({ context, status: accepted ? 204 : 400 });
          if (accepted && valid.success) current = valid.data.new_password;
        }),
        { ...settings, numRuns: Math.max(10, Math.floor(RUNS / 3)) },
      );
      // The password the model holds is the one that logs in; the key kept working throughout.
      await login(api, user.username, current);
      expect((await api.call('GET', '/api/auth/me/', undefined, as(user.key))).status).toBe(200);
    },
    TIMEOUT_MS,
  );

  test(
    'POST and DELETE /api/auth/keys/: a new key has the scope asked for and no more; another user’s key is 404',
    async () => {
      const user = actor('viewer', 'write');
      await fc.assert(
        fc.asyncProperty(keyCreateBody, fc.boolean(), async (sent, revoke) => {
          const valid = keyCreateInput.safeParse(sent);
          const { status, json, context } = await sendChecked('POST', '/api/auth/keys/', sent, user.key);
          expect({ context, status }).toEqual({ context, status: valid.success ? 201 : 400 });
          if (!valid.success) return;
          const created = json as { id: string; key: string; scope: KeyScope };
          expect(created.scope).toBe(valid.data.scope);
          // The new key may read; it may write only if it is a write key.
          const write = await send('POST', '/api/auth/keys/', { name: 'child' }, created.key);
          expect({ context, status: write.status }).toEqual({ context, status: created.scope === 'write' ? 201 : 403 });
          const other = await sendChecked(
            'DELETE',
            `/api/auth/keys/${created.id}/`,
            undefined,
            actor('sales', 'write').key,
          );
          expect(other.status).toBe(404);
          if (revoke) {
            expect((await send('DELETE', `/api/auth/keys/${created.id}/`, undefined, user.key)).status).toBe(204);
            expect((await send('GET', '/api/auth/me/', undefined, created.key)).status).toBe(401);
          }
        }),
        settings,
      );
    },
    TIMEOUT_MS,
  );
});
