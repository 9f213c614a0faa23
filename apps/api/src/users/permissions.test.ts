import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { allows, type KeyScope, type Permission, permissionDenied, permissions, type Role, roles } from '@crm/schema';
import { appRoutes } from '../testing/app-routes';
import { startTestApi, type TestApi } from '../testing/test-api';
import { as, createTestUser, newKey } from '../testing/users';

/**
 * Every route × role × key scope against the permission the route declares: the routes come
 * from the app, their permissions from the served document (`x-permission`, written by route()),
 * so a route added without one fails here, and one whose server check disagrees with its
 * declaration fails too. Ids in paths name nothing (404 past the check) and bodies are empty
 * (400 past it): only the permission check may answer 403.
 */

let api: TestApi;
const keys = new Map<string, string>();
const keyOf = (role: Role, scope: KeyScope) => keys.get(`${role}:${scope}`) ?? '';

beforeAll(async () => {
  api = await startTestApi();
  for (const role of roles) {
    const user = await createTestUser(api, role, 'write');
    keys.set(`${role}:write`, user.key);
    keys.set(`${role}:read`, await newKey(api, user.key, 'read'));
  }
});
afterAll(() => api.close());

const NO_SUCH_ID = '999999999';
const routes = appRoutes().map(({ method, path }) => ({
  method,
  path: path.replace(/\/1(?=\/|$)/g, `/${NO_SUCH_ID}`),
}));

function permissionOf(method: string, path: string): Permission | 'public' | undefined {
  const operation = api.document.templateOf(path)?.item[method.toLowerCase()] as Record<string, unknown> | undefined;
  return operation?.['x-permission'] as Permission | 'public' | undefined;
}

describe('permissions', () => {
  test('every route declares a known permission, and the public ones are exactly those without a key', () => {
    for (const { method, path } of routes) {
      const permission = permissionOf(method, path);
      expect({
        route: `${method} ${path}`,
        known: permission === 'public' || permissions.includes(permission as Permission),
      }).toEqual({
        route: `${method} ${path}`,
        known: true,
      });
      const operation = api.document.templateOf(path)?.item[method.toLowerCase()] as { security?: unknown[] };
      expect({ route: `${method} ${path}`, public: operation.security?.length === 0 }).toEqual({
        route: `${method} ${path}`,
        public: permission === 'public',
      });
    }
  });

  for (const role of roles) {
    for (const scope of ['read', 'write'] as const) {
      test(`${role} with a ${scope} key: 403 on exactly the routes whose permission does not allow it`, async () => {
        const protectedRoutes = routes.filter(({ method, path }) => permissionOf(method, path) !== 'public');
        expect(protectedRoutes.length).toBeGreaterThan(20);
        for (const { method, path } of protectedRoutes) {
          const permission = permissionOf(method, path) as Permission;
          // Logging out revokes the key: a key of its own. The audit is asked for one customer's
          // history, which every role may read.
          const key = path === '/api/auth/logout' ? await newKey(api, keyOf(role, 'write'), scope) : keyOf(role, scope);
          const query = method === 'GET' ? `?customer_id=${NO_SUCH_ID}` : '';
          const body = method === 'GET' || method === 'DELETE' ? undefined : {};
          const res = await api.call(method, `${path}/${query}`, body, as(key));
          const text = await res.text();
          const allowed = allows(permission, role, scope);
          expect({ route: `${method} ${path}`, status: res.status === 403 ? 403 : 'other' }).toEqual({
            route: `${method} ${path}`,
            status: allowed ? 'other' : 403,
          });
          if (!allowed) expect(JSON.parse(text)).toEqual({ detail: permissionDenied });
          expect(res.status).not.toBe(401);
        }
      });
    }
  }
});
