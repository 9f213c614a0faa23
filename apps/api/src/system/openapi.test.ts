import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { seedFollowUpExample } from '@crm/schema';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { appRoutes } from '../testing/app-routes';
import { anonymous, expectJson, queryOf, seedFollowUp, trashCustomer } from '../testing/http-fixtures';
import { bunOnly, seedCustomer, startTestApi, type TestApi } from '../testing/test-api';

type Json = Record<string, unknown>;
interface Operation extends Json {
  requestBody?: { content: Record<string, { schema: Json; example?: unknown }> };
  responses: Record<string, Json>;
  security?: unknown[];
}

let api: TestApi;
let doc: Json & { paths: Record<string, Record<string, Operation>>; components: Json };
let ajv: Ajv2020;

beforeAll(async () => {
  api = await startTestApi();
  const res = await fetch(`${api.base}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as typeof doc;
  // The document as one schema resource, so `#/components/...` references resolve inside it.
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
});
afterAll(() => api.close());

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** A validator for the schema at a place in the document. */
function schemaAt(...parts: string[]): ValidateFunction {
  const validate = ajv.getSchema(`openapi.json#/${pointer(...parts)}`);
  if (!validate) throw new Error(`no schema at ${parts.join(' ')}`);
  return validate;
}

function requestSchema(method: string, path: string): ValidateFunction {
  return schemaAt('paths', path, method, 'requestBody', 'content', 'application/json', 'schema');
}

function responseSchema(method: string, path: string, status: number): ValidateFunction {
  const response = doc.paths[path]?.[method]?.responses[String(status)];
  if (!response) throw new Error(`${method} ${path} documents no ${status}`);
  const shared = typeof response.$ref === 'string' ? response.$ref.replace('#/', '').split('/') : null;
  return shared
    ? schemaAt(...shared, 'content', 'application/json', 'schema')
    : schemaAt('paths', path, method, 'responses', String(status), 'content', 'application/json', 'schema');
}

function expectValid(validate: ValidateFunction, value: unknown) {
  const ok = validate(value);
  expect({ ok, errors: validate.errors ?? null, value }).toMatchObject({ ok: true });
}

const methods = ['get', 'put', 'post', 'delete', 'patch'];
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );

describe('GET /api/openapi.json', () => {
  test('answers 200 without a key with a valid OpenAPI 3.1 document', async () => {
    const res = await anonymous(api, 'GET', '/api/openapi.json/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const validator = new Validator();
    const result = await validator.validate((await res.json()) as Json);
    expect(result).toEqual({ valid: true });
    expect(validator.version).toBe('3.1');
  });

  test('documents every route the app registers, each with its summary and a success answer, and nothing else', () => {
    // A route appears in the document through its `route({...})` declaration (lib/route.ts).
    const concrete = (path: string) => path.replace(/\{\w+\}/g, '1').replace(/\/+$/, '');
    const documented = new Set(operations().map(({ method, path }) => `${method.toUpperCase()} ${concrete(path)}`));
    const routes = new Set(appRoutes().map(({ method, path }) => `${method} ${path}`));
    const undocumented = [...routes].filter((route) => !documented.has(route));
    const stale = [...documented].filter((route) => !routes.has(route));
    expect({ undocumented, stale }).toEqual({ undocumented: [], stale: [] });
    for (const { method, path, op } of operations()) {
      const success = Object.keys(op.responses).filter((status) => status.startsWith('2'));
      expect({ route: `${method} ${path}`, summary: typeof op.summary, success: success.length > 0 }).toEqual({
        route: `${method} ${path}`,
        summary: 'string',
        success: true,
      });
    }
  });

  test('requires a key on exactly the operations the server protects', async () => {
    for (const { method, path, op } of operations()) {
      const res = await anonymous(api, method.toUpperCase(), path.replace(/\{\w+\}/g, '1'));
      const label = `${method.toUpperCase()} ${path}`;
      if (op.security?.length === 0) {
        expect({ label, status: res.status }).not.toEqual({ label, status: 401 });
      } else {
        expect({ label, status: res.status, challenge: res.headers.get('www-authenticate') }).toEqual({
          label,
          status: 401,
          challenge: 'Token',
        });
        expect(Object.keys(op.responses)).toContain('401');
      }
      await res.body?.cancel();
    }
  });

  test('describes the Token scheme in the Authorization header and applies it by default', () => {
    const schemes = (doc.components.securitySchemes ?? {}) as Record<string, Json>;
    expect(schemes.Token).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(schemes.Bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ Token: [] }, { Bearer: [] }]);
  });

  test('documents times as date-time strings and ids as digit strings or integers', () => {
    const schemas = doc.components.schemas as Record<string, { properties: Record<string, Json> }>;
    expect(schemas.Customer?.properties.created_at).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schemas.FollowUp?.properties.next_time).toMatchObject({
      anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }],
    });
    expect(schemas.FollowUpInput?.properties.customer_id).toMatchObject({
      anyOf: [{ type: 'string' }, { type: 'integer' }],
    });
    expect(schemas.CustomerDetail?.properties.follow_up_log).toEqual(
      expect.objectContaining({ items: { $ref: '#/components/schemas/FollowUp' } }),
    );
  });
});

describe('request schemas', () => {
  test("the seed's example bodies validate against the documented request schemas", () => {
    const create = requestSchema('post', '/api/customer/customers/');
    const update = requestSchema('put', '/api/customer/customers/update/');
    const followUp = requestSchema('post', '/api/customer/follow-up/');
    expectValid(create, seedCustomer());
    expectValid(update, { id: '12345', ...seedCustomer() });
    expectValid(followUp, seedFollowUpExample);
    // The seed's third entry plans its next contact with a leading space.
    expectValid(followUp, { ...seedFollowUpExample, next_time: ' 2023-06-28T15:30:00Z' });
    expect(create(seedCustomer({ customer_type: 'Z' }))).toBe(false);
    expect(update(seedCustomer())).toBe(false);
  });

  test('every example in the document validates against its schema', () => {
    // Examples live in the schemas (`.meta({ examples })` in packages/schema).
    let checked = 0;
    const schemas = doc.components.schemas as Record<string, { examples?: unknown[] }>;
    for (const [name, schema] of Object.entries(schemas)) {
      for (const example of schema.examples ?? []) {
        expectValid(schemaAt('components', 'schemas', name), example);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  test('limits and durations come from the constants and the environment', () => {
    const responses = doc.components.responses as Record<string, { description: string }>;
    expect(responses.PayloadTooLarge?.description).toBe('The body is over 64 KB.');
    expect(responses.TooManyRequests?.description).toContain('More than 10 failed logins in 15 minutes');
    const tags = doc.tags as { name: string; description: string }[];
    expect(tags.find((tag) => tag.name === 'Trash')?.description).toContain('restorable for 30 days');
  });
});

describe('response schemas', () => {
  test('answers of the running app match the documented response schemas', async () => {
    const check = async (res: { status: number; json(): Promise<unknown> }, method: string, path: string) => {
      const body: unknown = await res.json();
      expectValid(responseSchema(method, path, res.status), body);
      return body;
    };
    const client = api.client.api;
    const created = await client.customer.customers.$post({ json: seedCustomer({ principal: 'openapi test' }) });
    expect(created.status).toBe(201);
    const customer = (await created.clone().json()) as { id: string };
    await check(created, 'post', '/api/customer/customers/');

    const entry = await client.customer['follow-up'].$post({ json: seedFollowUp(customer.id) });
    expect(entry.status).toBe(201);
    await check(entry, 'post', '/api/customer/follow-up/');

    const param = { id: customer.id };
    await check(await client.customer.detail[':id'].$get({ param }), 'get', '/api/customer/detail/{id}/');
    await check(
      await client.customer.customers.$get({ query: queryOf('principal=openapi+test') }),
      'get',
      '/api/customer/customers/',
    );
    await check(await client.customer['follow-up'].$get({ query: {} }), 'get', '/api/customer/follow-up/');
    await check(await client.customer.options.$get(), 'get', '/api/customer/options/');
    await check(await client.auth.me.$get(), 'get', '/api/auth/me/');
    await check(await client.audit.$get({ query: { customer_id: customer.id } }), 'get', '/api/audit/');
    await check(await client.health.$get(), 'get', '/api/health');
    const csv = doc.paths['/api/customer/import/']?.post?.requestBody?.content['text/csv']?.example;
    expect(typeof csv).toBe('string');
    const imported = await check(
      await api.call('POST', '/api/customer/import/', csv, { 'content-type': 'text/csv' }),
      'post',
      '/api/customer/import/',
    );
    // The documented example is a file the import takes whole.
    expect(imported).toMatchObject({ rows: 1, created: 1, error_count: 0 });

    const invalid = await api.call('POST', '/api/customer/customers/', seedCustomer({ customer_type: 'Z' }));
    expect(invalid.status).toBe(400);
    await check(invalid, 'post', '/api/customer/customers/');
    const notJson = await api.call('POST', '/api/customer/customers/', '{"name": ');
    expect(notJson.status).toBe(400);
    await check(notJson, 'post', '/api/customer/customers/');
    const unknown = await client.customer.detail[':id'].$get({ param: { id: '999999999' } });
    expect(unknown.status).toBe(404);
    await check(unknown, 'get', '/api/customer/detail/{id}/');
    const keyless = await anonymous(api, 'GET', '/api/customer/options/');
    expect(keyless.status).toBe(401);
    await check(keyless, 'get', '/api/customer/options/');

    const deleted = await trashCustomer(api, customer.id);
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toBe('');
    await check(await client.customer.trash.$get({ query: {} }), 'get', '/api/customer/trash/');
  });
});

describe('GET /api/docs', () => {
  test('answers 200 HTML without a key, rendering /api/openapi.json with Swagger UI', async () => {
    const res = await anonymous(api, 'GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('SwaggerUIBundle');
    expect(html).toContain("url: '/api/openapi.json'");
    expect((await anonymous(api, 'GET', '/api/docs/')).status).toBe(200);
  });

  // Bun reads swagger-ui-dist from node_modules; Workers from the admin's assets (its build ships them).
  describe('the docs page on this runtime', () => {
    test('loads Swagger UI from this server, not from a CDN', async () => {
      const html = await (await anonymous(api, 'GET', '/api/docs')).text();
      const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url);
      expect(sources.sort()).toEqual([
        '/api/docs/swagger-ui-dist/swagger-ui-bundle.js',
        '/api/docs/swagger-ui-dist/swagger-ui.css',
      ]);
      for (const [url, type] of [
        ['/api/docs/swagger-ui-dist/swagger-ui-bundle.js', 'text/javascript'],
        ['/api/docs/swagger-ui-dist/swagger-ui.css', 'text/css'],
      ] as const) {
        const res = await anonymous(api, 'GET', url);
        expect({ url, status: res.status, type: res.headers.get('content-type') }).toEqual({
          url,
          status: 200,
          type: `${type}; charset=utf-8`,
        });
        expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
      }
    });
  });
});

bunOnly('configures the in-process app without the docs files', () => {
  // A runtime that cannot read swagger-ui-dist (the documented "404 elsewhere").
  let bare: TestApi;
  beforeAll(async () => {
    bare = await startTestApi({ docsAssets: async () => null });
  });
  afterAll(() => bare.close());

  test('the docs page\'s files answer 404 {"detail": "Not found."} where the runtime has none', async () => {
    const files = Object.keys(doc.paths).filter((path) => path.startsWith('/api/docs/swagger-ui-dist/'));
    expect(files).toHaveLength(2);
    for (const path of files) {
      expect({ path, body: await expectJson(await anonymous(bare, 'GET', path), 404) }).toEqual({
        path,
        body: { detail: 'Not found.' },
      });
    }
  });
});
