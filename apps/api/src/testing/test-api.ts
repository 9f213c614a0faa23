import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppOptions, createApp } from '../app';
import { createUser } from '../auth/auth.queries';
import { createDb } from '../db/create-db';
import { readSwaggerUiFile } from '../system/swagger-ui-files';

export const TEST_USER = { username: 'admin', password: 'test-password-1' };

export interface TestApi {
  /** http://127.0.0.1:<port>: the real app, served by Bun.serve, on a freshly migrated database. */
  base: string;
  token: string;
  /** fetch with the test key, JSON body encoding and the base URL filled in. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  database: Awaited<ReturnType<typeof createDb>>;
  close(): Promise<void>;
}

/**
 * One test file's server: a temporary libSQL file with the committed migrations applied, a
 * user, a key, and the app listening on a free port. Tests talk to it over HTTP.
 */
/** `options` go to createApp (a pinned clock, CORS origins…). */
export async function startTestApi(options: Omit<AppOptions, 'db'> = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-test-'));
  const database = await createDb({ url: `file:${join(dir, 'test.db')}` });
  await database.migrate();
  await createUser(database.db, TEST_USER.username, TEST_USER.password);
  const app = createApp({ docsAssets: readSwaggerUiFile, ...options, db: database.db });
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch });
  const base = `http://127.0.0.1:${server.port}`;

  const login = await fetch(`${base}/api/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(TEST_USER),
  });
  const { token } = (await login.json()) as { token: string };

  const call: TestApi['call'] = (method, path, body, headers = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Token ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  return {
    base,
    token,
    call,
    database,
    async close() {
      await server.stop(true);
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The seed's example customer (document 1), with a principal of the caller's choosing. */
export function seedCustomer(overrides: Record<string, unknown> = {}) {
  return {
    name: 'John Doe',
    landline: '59190000',
    email: 'johndoe@example.com',
    mobile_phone: '0404730855',
    customer_type: 'A',
    company_details: 'quntas airways limited',
    lead_source: 'direct_traffic',
    address: '',
    customer_industry: 'finance',
    follow_up_status: 'proposal',
    principal: 'Jane Smith',
    ...overrides,
  };
}
