import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Operation } from '../testing/document-check';
import { createCustomer, expectJson, getCustomer, type Json } from '../testing/http-fixtures';
import { seedCustomer, startTestApi, type TestApi } from '../testing/test-api';
import { MAX_IMPORT_BYTES } from '../transfer/transfer.routes';

/**
 * The error answers that the document gives routes by their kind (system/openapi.ts): 405 on
 * every path, 413 and 415 on every body, 404 on every id and every paged list, 400 on every query.
 * The routes come from the document the server serves, so a route added later is provoked here
 * without anyone listing it, and its pairs count in the route coverage (scripts/route-coverage.ts).
 */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** An id no row has: far above anything a test run creates. */
const UNKNOWN_ID = '987654321012';

const operations = () =>
  Object.entries(api.document.document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]: [string, Operation]) => ({
      method: method.toUpperCase(),
      path,
      url: path.replace(/\{\w+\}/g, UNKNOWN_ID),
      operation,
    })),
  );

const queryParameters = (operation: Operation) =>
  (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);

describe('405 Method Not Allowed', () => {
  test('every documented path answers a method it does not have with 405 and Allow naming those it has', async () => {
    const paths = Object.keys(api.document.document.paths);
    expect(paths.length).toBeGreaterThanOrEqual(20);
    for (const path of paths) {
      const url = path.replace(/\{\w+\}/g, '1');
      // `/customers/update/` is also a `/customers/{id}/`: it has the methods of both.
      const allowed = new Set(
        api.document.templatesOf(url).flatMap((template) => Object.keys(template.item).map((m) => m.toUpperCase())),
      );
      const method = ['PUT', 'PATCH', 'DELETE', 'POST', 'GET'].find((candidate) => !allowed.has(candidate)) ?? '';
      const res = await api.call(method, url);
      expect({
        path,
        method,
        status: res.status,
        body: await res.json(),
        allow: new Set(res.headers.get('allow')?.split(/,\s*/)),
      }).toEqual({ path, method, status: 405, body: { detail: `Method "${method}" not allowed.` }, allow: allowed });
    }
  });
});

describe('413 Payload Too Large', () => {
  test('every route that takes a body answers 413 for one over its limit: 64 KB of JSON, 20 MB of CSV', async () => {
    const customer = await createCustomer(api);
    /** A body just over the limit of each media type a route takes. */
    const oversized: Record<string, () => string> = {
      'application/json': () => JSON.stringify(seedCustomer({ company_details: 'x'.repeat(65 * 1024) })),
      'text/csv': () => 'A'.repeat(MAX_IMPORT_BYTES + 1),
    };
    const bodyRoutes = operations().flatMap(({ method, path, operation }) =>
      Object.keys(operation.requestBody?.content ?? {}).map((type) => ({ method, path, type })),
    );
    expect(bodyRoutes.length).toBeGreaterThanOrEqual(7);
    for (const { method, path, type } of bodyRoutes) {
      // The customer's id, so that the refused PATCH could have changed something.
      const url = path.replace(/\{\w+\}/g, customer.id);
      const make = oversized[type];
      if (!make) throw new Error(`${method} ${path} takes ${type}: which size is too large for it?`);
      const res = await api.call(method, url, make(), { 'content-type': type });
      const body = (await res.json()) as Json;
      expect({ route: `${method} ${url}`, status: res.status, detail: typeof body.detail }).toEqual({
        route: `${method} ${url}`,
        status: 413,
        detail: 'string',
      });
    }
    // The customer is untouched by the refused PATCH.
    expect((await getCustomer(api, customer.id)).company_details).toBe(customer.company_details);
  });
});

describe('415 Unsupported Media Type', () => {
  test('every route that takes a body answers 415 for a form, whatever type of body it takes', async () => {
    const bodyRoutes = operations().filter(({ operation }) => operation.requestBody);
    expect(bodyRoutes.length).toBeGreaterThanOrEqual(7);
    for (const { method, url } of bodyRoutes) {
      const res = await api.call(method, url, 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
      const body = (await res.json()) as Json;
      expect({ route: `${method} ${url}`, status: res.status, detail: body.detail }).toEqual({
        route: `${method} ${url}`,
        status: 415,
        detail: expect.stringMatching(/^Unsupported media type "application\/x-www-form-urlencoded" in request/),
      });
    }
  });
});

describe('404 Not Found', () => {
  test('every route with an id answers 404 {"detail": "Not found."} for an id no row has', async () => {
    const idRoutes = operations().filter(({ path }) => path.includes('{id}'));
    expect(idRoutes.length).toBeGreaterThanOrEqual(8);
    for (const { method, url, operation } of idRoutes) {
      // A body that changes nothing, so only the id can be wrong.
      const res = await api.call(method, url, operation.requestBody ? {} : undefined);
      expect({ route: `${method} ${url}`, status: res.status, body: await res.json() }).toEqual({
        route: `${method} ${url}`,
        status: 404,
        body: { detail: 'Not found.' },
      });
    }
  });

  test('every paged list answers 404 {"detail": "Invalid page."} past its last page', async () => {
    const paged = operations().filter(({ operation }) => queryParameters(operation).includes('page'));
    expect(paged.length).toBeGreaterThanOrEqual(4);
    for (const { method, url } of paged) {
      const res = await api.call(method, `${url}?page=99999999`);
      expect({ route: `${method} ${url}`, body: await expectJson(res, 404) }).toEqual({
        route: `${method} ${url}`,
        body: { detail: 'Invalid page.' },
      });
    }
  });
});

describe('400 Bad Request', () => {
  test('every route with query parameters answers 400 naming each parameter given twice', async () => {
    const queryRoutes = operations().filter(({ operation }) => queryParameters(operation).length > 0);
    expect(queryRoutes.length).toBeGreaterThanOrEqual(5);
    for (const { method, url, operation } of queryRoutes) {
      const names = queryParameters(operation);
      const query = names.map((name) => `${name}=1&${name}=2`).join('&');
      const res = await api.call(method, `${url}?${query}`);
      const body = (await res.json()) as Json;
      expect({ route: `${method} ${url}`, status: res.status, fields: Object.keys(body).sort() }).toEqual({
        route: `${method} ${url}`,
        status: 400,
        fields: [...names].sort(),
      });
    }
  });
});
