import { describe } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type errorDetail, type fieldErrorsBody, seedCustomerExample } from '@crm/schema';
import { type ApplyGlobalResponse, hc } from 'hono/client';
import type * as z from 'zod';
import { type AppOptions, type AppType, createApp } from '../app';
import { createUser } from '../auth/auth.queries';
import { type BunDatabase, createDb } from '../db/create-db';
import { readSwaggerUiFile } from '../system/swagger-ui-files';
import { DocumentCheck } from './document-check';
import { startWorkerServer } from './worker-server';

export const TEST_USER = { username: 'admin', password: 'test-password-1' };

/**
 * Which server the HTTP suite talks to. `bun` (default): the app on Bun.serve over a temporary
 * libSQL file, one per test file. `worker`: `wrangler dev` with a local D1, the Workers
 * deployment; scripts/test-worker.ts starts one for the whole run and passes API_TEST_BASE_URL
 * (without it, each test file starts its own, which is slower but works for a single file).
 */
export const TEST_TARGET: 'bun' | 'worker' = process.env.API_TEST_TARGET === 'worker' ? 'worker' : 'bun';

/**
 * Tests that only the in-process Bun server can run: they read the database directly, pin the
 * server's clock, or spawn a Bun process. On the worker run they are reported as skipped under
 * "Bun only: <reason>" instead of disappearing. Wrap the tests (and their hooks) in it:
 * `bunOnly('pins the server clock', () => { beforeAll(…); describe(…) })`.
 */
export function bunOnly(reason: string, tests: () => void): void {
  if (TEST_TARGET === 'bun') tests();
  else describe.skip(`Bun only: ${reason}`, tests);
}

/** The converse, for what only the Workers deployment does (wrangler's static assets, say). */
export function workerOnly(reason: string, tests: () => void): void {
  if (TEST_TARGET === 'worker') tests();
  else describe.skip(`Workers only: ${reason}`, tests);
}

type Detail = z.infer<typeof errorDetail>;

/**
 * The DRF error answers: `app.onError` gives them from what handlers and middleware throw, so no
 * handler's return type names them. Added to every route for the test client, so a test can
 * narrow on `res.status === 404` as on 200; which route documents which is the document's
 * business, and every answer is checked against it.
 */
type ErrorAnswers = {
  400: { json: z.infer<typeof fieldErrorsBody> | Detail };
  401: { json: Detail };
  404: { json: Detail };
  405: { json: Detail };
  413: { json: Detail };
  415: { json: Detail };
  429: { json: Detail };
  500: { json: Detail };
  503: { json: Detail };
};

/** The app's routes as the test client sees them: their own answers plus the shared errors. */
export type TestAppType = ApplyGlobalResponse<AppType, ErrorAnswers>;

export interface TestApi {
  /** http://127.0.0.1:<port>: the real app, served by Bun.serve (or wrangler dev), freshly migrated. */
  base: string;
  token: string;
  /**
   * The typed client (`hc<AppType>`) with the test key: paths, inputs and, after narrowing on
   * `res.status`, bodies are typed from the routes. For well-formed requests.
   */
  client: ReturnType<typeof hc<TestAppType>>;
  /**
   * fetch with the test key, JSON body encoding and the base URL filled in: untyped, for what the
   * typed client cannot send (malformed bodies, odd paths, other headers).
   */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** The server's OpenAPI document, which every answer of `client` and `call` is checked against. */
  document: DocumentCheck;
  /** The database behind the Bun server; only inside `bunOnly` (a worker's D1 is not reachable). */
  database: BunDatabase;
  close(): Promise<void>;
}

/**
 * One test file's server, with a user and a key. On Bun: a temporary libSQL file with the
 * committed migrations applied and the app listening on a free port. Tests talk to it over HTTP.
 * `options` go to createApp (a pinned clock, CORS origins…): only the in-process server takes them.
 */
export async function startTestApi(options: Omit<AppOptions, 'db'> = {}): Promise<TestApi> {
  if (TEST_TARGET === 'worker') {
    if (Object.keys(options).length > 0) {
      throw new Error('startTestApi(options) configures the in-process app: wrap the tests in bunOnly().');
    }
    return startWorkerTestApi();
  }
  const dir = mkdtempSync(join(tmpdir(), 'crm-test-'));
  const database = await createDb({ url: `file:${join(dir, 'test.db')}` });
  await database.migrate();
  await createUser(database.db, TEST_USER.username, TEST_USER.password, { role: 'admin' });
  const app = createApp({
    docsAssets: readSwaggerUiFile,
    groupCommit: database.groupCommit,
    ...options,
    db: database.db,
  });
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    ...(await connect(base)),
    database,
    async close() {
      await server.stop(true);
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The worker target: the runner's server, or one of our own; the admin user comes from ADMIN_PASSWORD. */
async function startWorkerTestApi(): Promise<TestApi> {
  const shared = process.env.API_TEST_BASE_URL;
  const own = shared ? null : await startWorkerServer({ adminPassword: TEST_USER.password });
  const base = shared ?? own?.base ?? '';
  return {
    ...(await connect(base)),
    get database(): BunDatabase {
      throw new Error("api.database is the Bun server's: on the worker run, wrap this test in bunOnly().");
    },
    async close() {
      await own?.stop();
    },
  };
}

/**
 * Set ROUTE_COVERAGE=<file> to record the (route, status) pairs the suites see
 * (scripts/route-coverage.ts does, and reports them against the document).
 */
const coverage = process.env.ROUTE_COVERAGE ?? null;

/** Logs in as the test user and builds `client` and `call` around the key. */
async function connect(base: string): Promise<Pick<TestApi, 'base' | 'token' | 'call' | 'client' | 'document'>> {
  const document = await DocumentCheck.load(base, coverage);
  /** fetch, then the answer checked against the document (the body stays readable). */
  const checkedFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const res = await fetch(request);
    await document.check(request.method, request.url, res);
    return res;
  };
  const login = await fetch(`${base}/api/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(TEST_USER),
  });
  if (login.status !== 200) throw new Error(`test login failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };

  const call: TestApi['call'] = (method, path, body, headers = {}) =>
    checkedFetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Token ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const client = hc<TestAppType>(base, {
    headers: { authorization: `Token ${token}` },
    fetch: withTrailingSlash(checkedFetch),
  });
  return { base, token, call, client, document };
}

type Fetcher = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/**
 * The typed client builds paths as the routes are written (`/api/customer/customers`); the seed's
 * clients call them with DRF's trailing slash, and so does this one, so that what the tests see
 * (the `next` links of a page, say) is what those clients see.
 */
function withTrailingSlash(fetcher: Fetcher): Fetcher {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return fetcher(input instanceof Request ? new Request(url, input) : url, init);
  };
}

/**
 * The seed's example customer (document 1) with overrides, typed as written: a body the typed
 * client takes type-checks, one with a wrong value (for `api.call`) does not.
 */
export function seedCustomer<const T extends Record<string, unknown> = Record<never, never>>(
  overrides: T = {} as T,
): Omit<typeof seedCustomerExample, keyof T> & T {
  return { ...seedCustomerExample, ...overrides };
}
