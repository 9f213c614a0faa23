import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { customerInput, customerPatchInput } from '@crm/schema';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { createApp } from '../app';
import type { Db } from '../db/types';
import { bunOnly, seedCustomer, startTestApi, type TestApi } from '../testing/test-api';
import { badPathId, customerBody, followUpBody, invalidCustomerField, requiredText, wrongJson } from './arbitraries';

/**
 * Property-based fuzzing of every route over HTTP. Valid bodies must round-trip exactly (as the
 * schemas normalise them); anything else must get a 4xx in DRF's shapes and leave the database
 * as it was. NUM_RUNS sets the cases per property (`NUM_RUNS=5000 bun run fuzz` at the root).
 */
const NUM_RUNS = Number(process.env.NUM_RUNS ?? 300);
const settings = { numRuns: NUM_RUNS, endOnFailure: true } as const;
/** bun's 5 s default is per test; a property runs NUM_RUNS requests. */
const TIMEOUT_MS = 20_000 + NUM_RUNS * 100;
/** Every case any property runs, reported at the end. */
let cases = 0;

type Json = Record<string, unknown>;

/** A DRF error body: `{"detail": "…"}`, or `{"field": ["message", …], …}`. */
function expectDrfError(status: number, text: string, context: string) {
  if (status < 400 || status >= 500) throw new Error(`${context}: expected a 4xx, got ${status} ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as Json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`${context}: body ${text}`);
  if ('detail' in body) {
    if (typeof body.detail !== 'string') throw new Error(`${context}: detail is not a string: ${text}`);
    return body;
  }
  const entries = Object.entries(body);
  if (entries.length === 0) throw new Error(`${context}: empty error body`);
  for (const [, messages] of entries) {
    if (!Array.isArray(messages) || messages.length === 0 || !messages.every((m) => typeof m === 'string')) {
      throw new Error(`${context}: not DRF field errors: ${text}`);
    }
  }
  return body;
}

const customerFieldNames = Object.keys(seedCustomer());

bunOnly('snapshots the database between requests', () => {
  let api: TestApi;
  let fixedCustomer: string;

  /** Everything a write would move: rows, the audit log (which every change extends), keys. */
  const snapshot = async () =>
    JSON.stringify(
      await api.database.db.all(sql`SELECT
        (SELECT count(*) FROM customers) AS customers,
        (SELECT coalesce(max(updated_at), 0) FROM customers) AS updated,
        (SELECT count(*) FROM follow_ups) AS follow_ups,
        (SELECT coalesce(max(id), 0) FROM audit_log) AS audit,
        (SELECT coalesce(sum(n), 0) FROM customer_counts) AS counted,
        (SELECT count(*) FROM api_tokens) AS tokens,
        (SELECT count(*) FROM users) AS users`),
    );

  const raw = (method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${api.base}${path}`, {
      method,
      headers: { authorization: `Token ${api.token}`, ...init.headers },
      body: init.body,
    });

  /** Sends a request that must be refused, and checks the refusal and that nothing changed. */
  async function expectRefused(method: string, path: string, init: Parameters<typeof raw>[2], context: string) {
    const before = await snapshot();
    const res = await raw(method, path, init);
    const body = expectDrfError(res.status, await res.text(), `${method} ${path} ${context}`);
    const after = await snapshot();
    if (after !== before) throw new Error(`${method} ${path} ${context} changed the database`);
    return { status: res.status, body };
  }

  const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  beforeAll(async () => {
    api = await startTestApi();
    const res = await api.call('POST', '/api/customer/customers/', seedCustomer({ principal: 'fuzz' }));
    fixedCustomer = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    console.log(`fuzz: ${cases} cases (${NUM_RUNS} per property)`);
    await api.close();
  });

  const detail = async (id: string) => (await (await api.call('GET', `/api/customer/detail/${id}/`)).json()) as Json;
  const pick = (body: Json) => Object.fromEntries(customerFieldNames.map((field) => [field, body[field]]));

  describe('valid bodies round-trip', () => {
    test(
      'POST /customers/ then GET /detail/<id>/ return what the schema makes of the input',
      async () => {
        await fc.assert(
          fc.asyncProperty(customerBody, async (body) => {
            cases += 1;
            const expected = customerInput.parse(body);
            const res = await raw('POST', '/api/customer/customers/', json(body));
            const created = (await res.json()) as Json;
            expect({ status: res.status, body: created }).toMatchObject({ status: 201 });
            expect(pick(created)).toEqual(expected);
            expect(pick(await detail(String(created.id)))).toEqual(expected);
          }),
          settings,
        );
      },
      TIMEOUT_MS,
    );

    test(
      'PATCH /customers/<id>/ changes exactly the fields sent; PUT /customers/update/ replaces all',
      async () => {
        await fc.assert(
          fc.asyncProperty(customerBody, fc.subarray(customerFieldNames), fc.boolean(), async (body, keys, put) => {
            cases += 1;
            const current = pick(await detail(fixedCustomer));
            if (put) {
              const res = await raw('PUT', '/api/customer/customers/update/', json({ ...body, id: fixedCustomer }));
              expect(res.status).toBe(201);
              expect(pick(await detail(fixedCustomer))).toEqual(customerInput.parse(body));
              return;
            }
            const patch = Object.fromEntries(keys.filter((key) => key in body).map((key) => [key, body[key as never]]));
            const res = await raw('PATCH', `/api/customer/customers/${fixedCustomer}/`, json(patch));
            expect(res.status).toBe(200);
            const parsed = customerPatchInput.parse(patch);
            const changed = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
            expect(pick(await detail(fixedCustomer))).toEqual({ ...current, ...changed });
          }),
          settings,
        );
      },
      TIMEOUT_MS,
    );

    test(
      'POST /follow-up/ then GET /follow-up/<id>/ return trimmed text and UTC times',
      async () => {
        await fc.assert(
          fc.asyncProperty(followUpBody, async (entry) => {
            cases += 1;
            const body = {
              customer_id: fixedCustomer,
              title: entry.title,
              time: entry.time.text,
              principal: entry.principal,
              content: entry.content,
              next_time:
                entry.next_time === undefined || entry.next_time === null ? entry.next_time : entry.next_time.text,
            };
            const res = await raw('POST', '/api/customer/follow-up/', json(body));
            const created = (await res.json()) as Json;
            expect({ status: res.status, body: created }).toMatchObject({ status: 201 });
            const expected = {
              customer_id: fixedCustomer,
              title: entry.title.trim(),
              time: entry.time.expected,
              principal: entry.principal.trim(),
              content: entry.content.trim(),
              next_time: entry.next_time ? entry.next_time.expected : null,
            };
            expect(created).toMatchObject(expected);
            const read = await (await api.call('GET', `/api/customer/follow-up/${created.id}/`)).json();
            expect(read).toMatchObject(expected);
          }),
          settings,
        );
      },
      TIMEOUT_MS,
    );
  });

  describe('invalid input gets a 4xx in DRF shapes and changes nothing', () => {
    test(
      'a body with one invalid field: POST, PUT and PATCH answer 400 naming that field',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            invalidCustomerField,
            fc.constantFrom('POST', 'PUT', 'PATCH'),
            async ({ field, value }, method) => {
              cases += 1;
              const body = { ...seedCustomer({ principal: 'fuzz invalid' }), [field]: value };
              const [path, sent] =
                method === 'POST'
                  ? ['/api/customer/customers/', body]
                  : method === 'PUT'
                    ? ['/api/customer/customers/update/', { ...body, id: fixedCustomer }]
                    : [`/api/customer/customers/${fixedCustomer}/`, { [field]: value }];
              const { status, body: error } = await expectRefused(method, path, json(sent), JSON.stringify(sent));
              expect(status).toBe(400);
              expect(Object.keys(error)).toContain(field);
            },
          ),
          settings,
        );
      },
      TIMEOUT_MS,
    );

    test(
      'a follow-up with a bad time, an unknown customer or a wrong type answers 400 naming the field',
      async () => {
        const badTime = fc.oneof(
          fc.string({ minLength: 1, maxLength: 25 }).filter((s) => s.trim() !== '' && !/^\s*\d{4}-/.test(s)),
          fc.constantFrom(
            '2023-02-30T10:00:00Z',
            '2023-13-01T00:00:00Z',
            '2023-06-15T24:00:00Z',
            '2023-06-15T09:30:00+25:00',
            '2023-06-15T09:60:00Z',
          ),
          wrongJson.filter((value) => value !== null),
        );
        const badText = fc.oneof(wrongJson, fc.constantFrom('', '   ', '\u0000', 'a\u0000'));
        const badCustomer = fc.oneof(
          fc.constantFrom('987654321012', 987654321012, '-1', 'abc', 1.5, '', true),
          fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !/^\s*\d+\s*$/.test(s)),
        );
        const badField = fc.oneof(
          fc.record({ field: fc.constantFrom('time', 'next_time'), value: badTime }),
          fc.record({ field: fc.constantFrom('title', 'content', 'principal'), value: badText }),
          fc.record({ field: fc.constant('customer_id'), value: badCustomer }),
        );
        await fc.assert(
          fc.asyncProperty(badField, async ({ field, value }) => {
            cases += 1;
            const body = {
              customer_id: fixedCustomer,
              title: 'T',
              time: '2023-06-15T09:30:00Z',
              principal: 'P',
              content: 'C',
              [field]: value,
            };
            const { status, body: error } = await expectRefused(
              'POST',
              '/api/customer/follow-up/',
              json(body),
              JSON.stringify(body),
            );
            expect(status).toBe(400);
            expect(Object.keys(error)).toContain(field);
          }),
          settings,
        );
      },
      TIMEOUT_MS,
    );

    test(
      'bodies that are not JSON objects, and content types that are not JSON',
      async () => {
        const notAnObject = fc.oneof(
          wrongJson
            .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
            .map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 40 }),
          fc.constantFrom('{', '{"name": }', '{"name" "x"}', "{'name': 'x'}", '\u0000', 'null', '[]', '{"a":1}}'),
          fc.string({ unit: 'binary', maxLength: 40 }),
        );
        const contentType = fc.oneof(
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/jsonx',
            'json',
          ),
          fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        );
        const target = fc.constantFrom(
          ['POST', '/api/customer/customers/'],
          ['PUT', '/api/customer/customers/update/'],
          ['POST', '/api/customer/follow-up/'],
          ['POST', '/api/auth/token/'],
        );
        await fc.assert(
          fc.asyncProperty(target, notAnObject, contentType, async ([method, path], text, type) => {
            cases += 1;
            const headers: Record<string, string> = type ? { 'content-type': type } : {};
            await expectRefused(
              method,
              path,
              { body: text, headers },
              `${JSON.stringify(type)} ${JSON.stringify(text)}`,
            );
          }),
          settings,
        );
      },
      TIMEOUT_MS,
    );

    test(
      'query strings on every list: 200 with a page, else 400/404 in DRF shapes',
      async () => {
        const keys = fc.constantFrom(
          'customer_type',
          'lead_source',
          'customer_industry',
          'follow_up_status',
          'principal',
          'q',
          'ordering',
          'due',
          'tz',
          'page',
          'page_size',
          'customer_id',
          'due_before',
          'due_after',
          'object',
          'id',
          'x',
        );
        const values = fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.string({ unit: 'binary', maxLength: 10 }),
          fc.constantFrom(
            'all',
            '',
            ' ',
            '-1',
            '0',
            '1e9',
            '999999999999',
            'A',
            '-name',
            'overdue',
            'Europe/Paris',
            "' OR 1=1 --",
            '%',
            // Found in CI: a NUL in q= ended the full-text query early, a 500.
            'a\u0000b',
            '"',
            'NEAR(',
            '１２３',
          ),
          fc.integer().map(String),
        );
        const list = fc.constantFrom(
          '/api/customer/customers/',
          '/api/customer/follow-up/',
          '/api/customer/trash/',
          '/api/audit/',
          '/api/customer/export/',
        );
        await fc.assert(
          fc.asyncProperty(list, fc.array(fc.tuple(keys, values), { maxLength: 4 }), async (path, pairs) => {
            cases += 1;
            const query = new URLSearchParams(pairs).toString();
            const before = await snapshot();
            const res = await raw('GET', `${path}?${query}`);
            const text = await res.text();
            if (res.status === 200) {
              if (!path.includes('export')) expect(JSON.parse(text)).toHaveProperty('results');
            } else {
              expectDrfError(res.status, text, `GET ${path}?${query}`);
              expect([400, 404]).toContain(res.status);
            }
            expect(await snapshot()).toBe(before);
          }),
          {
            ...settings,
            examples: [
              ['/api/customer/customers/', [['q', '\u0000']]],
              ['/api/customer/export/', [['q', 'ab\u0000c']]],
              ['/api/customer/follow-up/', [['principal', '\u0000']]],
            ],
          },
        );
      },
      TIMEOUT_MS,
    );

    test(
      'malformed or unknown ids in every path with a parameter, with every method',
      async () => {
        const app = createApp({ db: {} as Db });
        const withParams = [...new Set(app.routes.filter((r) => r.path.includes('/:')).map((r) => r.path))];
        expect(withParams.length).toBeGreaterThanOrEqual(5);
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...withParams),
            fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
            badPathId,
            fc.boolean(),
            async (pattern, method, id, slash) => {
              cases += 1;
              const path = pattern.replace(/:[^/]+/g, id) + (slash ? '/' : '');
              const body = method === 'GET' || method === 'DELETE' ? undefined : json({ name: 'x' });
              await expectRefused(method, path, body ?? {}, `id ${id}`);
            },
          ),
          settings,
        );
      },
      TIMEOUT_MS,
    );

    test(
      'bad keys in the Authorization header answer 401 on every protected route',
      async () => {
        const header = fc.oneof(
          fc.string({ unit: 'binary-ascii', maxLength: 60 }),
          fc.stringMatching(/^[0-9a-f]{40}$/).map((key) => `Token ${key}`),
          fc.constantFrom('Token', 'Bearer ', 'Basic YWRtaW46eA==', `Token ${'a'.repeat(5000)}`, "Token ' OR 1=1 --"),
        );
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom('/api/customer/customers/', '/api/audit/', '/api/auth/me/', '/api/customer/trash/'),
            header.map((value) => value.replace(/[^\x20-\x7e\t]/g, '').trim()),
            async (path, authorization) => {
              cases += 1;
              if (authorization === `Token ${api.token}`) return;
              const init = authorization ? { headers: { authorization } } : { headers: { authorization: '' } };
              const { status } = await expectRefused(
                'GET',
                path,
                init,
                `authorization ${JSON.stringify(authorization)}`,
              );
              expect(status).toBe(401);
            },
          ),
          settings,
        );
      },
      TIMEOUT_MS,
    );

    test(
      'random extra headers never turn a valid request into a 5xx',
      async () => {
        const name = fc
          .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
          .filter(
            (n) =>
              ![
                'authorization',
                'content-length',
                'host',
                'transfer-encoding',
                'connection',
                'expect',
                'content-type',
                'content-encoding',
              ].includes(n),
          );
        const value = fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
        await fc.assert(
          fc.asyncProperty(fc.dictionary(name, value, { maxKeys: 5 }), requiredText(20), async (headers, principal) => {
            cases += 1;
            const res = await raw('POST', '/api/customer/customers/', {
              body: JSON.stringify(seedCustomer({ principal })),
              headers: { ...headers, 'content-type': 'application/json' },
            });
            expect(res.status).toBe(201);
          }),
          settings,
        );
      },
      TIMEOUT_MS,
    );
  });
});
