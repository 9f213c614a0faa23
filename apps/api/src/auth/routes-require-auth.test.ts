import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { appRoutes } from '../testing/app-routes';
import { anonymous, type Json } from '../testing/http-fixtures';
import { startTestApi, type TestApi } from '../testing/test-api';

/**
 * Every route the app has answers 401 without a key, except the public ones. The routes come
 * from the app itself, so a route added later is checked without anyone remembering to list it
 * here; which are public comes from the OpenAPI document, which reads it from where app.ts mounts
 * them, so a route that the document calls public but the server protects (or the reverse) fails.
 */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const routes = appRoutes();
const isPublic = ({ method, path }: { method: string; path: string }) => {
  const operation = api.document.templateOf(path)?.item[method.toLowerCase()] as { security?: unknown[] } | undefined;
  if (!operation) throw new Error(`${method} ${path} is not in the document`);
  return operation.security?.length === 0;
};
const protectedRoutes = () => routes.filter((route) => !isPublic(route));

describe('authentication on every route', () => {
  test('the app has the routes of API.md to check', () => {
    const names = new Set(routes.map(({ method, path }) => `${method} ${path}`));
    for (const expected of [
      'POST /api/customer/customers',
      'GET /api/customer/customers',
      'GET /api/customer/detail/1',
      'DELETE /api/customer/customers/1',
      'PUT /api/customer/customers/update',
      'POST /api/customer/follow-up',
      'PATCH /api/customer/customers/1',
      'GET /api/customer/follow-up',
      'GET /api/customer/trash',
      'POST /api/customer/customers/1/restore',
      'DELETE /api/customer/trash/1',
      'GET /api/customer/options',
      'GET /api/auth/me',
      'POST /api/auth/logout',
      'POST /api/auth/token',
      'GET /api/health',
    ]) {
      expect(names).toContain(expected);
    }
    expect(protectedRoutes().length).toBeGreaterThanOrEqual(14);
    // API.md: "except POST /api/auth/token/, GET /api/health, GET /api/openapi.json and GET /api/docs"
    // (and the docs page's own script and style sheet).
    expect(routes.filter(isPublic).map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /api/health',
      'GET /api/openapi.json',
      'GET /api/docs',
      'GET /api/docs/swagger-ui-dist/swagger-ui-bundle.js',
      'GET /api/docs/swagger-ui-dist/swagger-ui.css',
      'POST /api/auth/token',
    ]);
  });

  test('every protected route answers 401 "not provided" with WWW-Authenticate: Token without a key', async () => {
    for (const { method, path } of protectedRoutes()) {
      for (const url of [path, `${path}/`]) {
        const res = await anonymous(api, method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
        const body = (await res.json()) as Json;
        expect({ route: `${method} ${url}`, status: res.status, body }).toEqual({
          route: `${method} ${url}`,
          status: 401,
          body: { detail: 'Authentication credentials were not provided.' },
        });
        expect(res.headers.get('www-authenticate')).toBe('Token');
      }
    }
  });

  test('every protected route answers 401 "Invalid token." for a bad key, Token or Bearer', async () => {
    for (const { method, path } of protectedRoutes()) {
      for (const scheme of ['Token', 'Bearer']) {
        const res = await anonymous(api, method, `${path}/`, undefined, {
          authorization: `${scheme} ffffffffffffffffffffffffffffffffffffffff`,
        });
        expect({ route: `${scheme} ${method} ${path}`, status: res.status, body: await res.json() }).toEqual({
          route: `${scheme} ${method} ${path}`,
          status: 401,
          body: { detail: 'Invalid token.' },
        });
        expect(res.headers.get('www-authenticate')).toBe('Token');
      }
    }
  });

  test('the public routes answer without a key', async () => {
    for (const { method, path } of routes.filter(isPublic)) {
      const res = await anonymous(api, method, path, method === 'POST' ? {} : undefined);
      expect({ route: `${method} ${path}`, unauthorized: res.status === 401 }).toEqual({
        route: `${method} ${path}`,
        unauthorized: false,
      });
      expect(res.status).toBeLessThan(500);
    }
  });

  test('a path under /api/ that is no route answers 401 without a key, 404 with one', async () => {
    expect((await anonymous(api, 'GET', '/api/customer/nothing-here/')).status).toBe(401);
    expect((await api.call('GET', '/api/customer/nothing-here/')).status).toBe(404);
    // A public path's prefix does not open its neighbours.
    expect((await anonymous(api, 'GET', '/api/healthz')).status).toBe(401);
    expect((await anonymous(api, 'GET', '/api/auth/token-list')).status).toBe(401);
  });
});
