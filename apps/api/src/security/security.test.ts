import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiTokens } from '@crm/schema/tables';
import { eq } from 'drizzle-orm';
import { createToken, deleteToken, findUserByName } from '../auth/auth.queries';
import {
  addFollowUp,
  createCustomer,
  expectStatus,
  getCustomer,
  login,
  search,
  searchResponse,
  uniquePrincipal,
} from '../testing/http-fixtures';
import { type SpawnedServer, spawnServer } from '../testing/spawn-server';
import { bunOnly, startTestApi, TEST_USER, type TestApi } from '../testing/test-api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** Classic injection payloads: each must be stored and answered byte for byte, and find itself. */
const injections = [
  "Robert'); DROP TABLE customers;--",
  "' OR '1'='1",
  '" OR ""="',
  '1; DELETE FROM follow_ups WHERE 1=1; --',
  "admin'--",
  "' UNION SELECT username, password_hash FROM users --",
  '%_\\%\\_ LIKE ESCAPE',
  "x' AND (SELECT count(*) FROM api_tokens) > 0 AND 'a'='a",
  '$1 ?1 :name @p',
];

describe('SQL injection strings', () => {
  test('are stored and returned verbatim in every text field of a customer and a follow-up', async () => {
    for (const payload of injections) {
      const principal = `${payload} ${uniquePrincipal()}`.slice(0, 100);
      const customer = await createCustomer(api, {
        name: payload,
        company_details: payload,
        address: payload,
        principal,
      });
      expect(customer).toMatchObject({ name: payload, company_details: payload, address: payload, principal });
      const entry = await addFollowUp(api, customer.id, { title: payload, content: payload, principal: payload });
      expect(entry).toMatchObject({ title: payload, content: payload, principal: payload, customer: payload });
      const detail = await getCustomer(api, customer.id);
      expect(detail).toMatchObject({ name: payload, company_details: payload, address: payload, principal });
    }
  });

  test('in search parameters match literally and break nothing', async () => {
    for (const payload of injections) {
      const principal = `${payload} ${uniquePrincipal()}`.slice(0, 100);
      const customer = await createCustomer(api, { name: `${payload} needle`, principal });
      const byPrincipal = await search(api, `principal=${encodeURIComponent(principal)}`);
      expect(byPrincipal.results.map((row) => row.id)).toEqual([customer.id]);
      const byText = await search(api, `q=${encodeURIComponent(`${payload} needle`)}&page_size=100`);
      expect(byText.results.map((row) => row.id)).toContain(customer.id);
      expect(byText.results.every((row) => row.name.includes(`${payload} needle`))).toBe(true);
    }
    // The tables are all still there, with their rows.
    expect((await search(api, 'page_size=1')).count).toBeGreaterThanOrEqual(injections.length * 2);
  });

  test('as a username get the ordinary 400, never a login', async () => {
    for (const username of injections) {
      const res = await login(api, { username, password: "' OR '1'='1" });
      expect(await expectStatus(res, 400)).toEqual({
        non_field_errors: ['Unable to log in with provided credentials.'],
      });
    }
  });
});

bunOnly('writes the key table and closes the database under the server', () => {
  describe('keys', () => {
    test('a key revoked from outside the request (the CLI) stops working at once', async () => {
      const user = await findUserByName(api.database.db, TEST_USER.username);
      if (!user) throw new Error('no test user');
      const { id, key } = await createToken(api.database.db, user.id, 'cli');
      const me = () => api.client.api.auth.me.$get(undefined, { headers: { authorization: `Token ${key}` } });
      expect((await me()).status).toBe(200);
      expect(await deleteToken(api.database.db, id)).toBe(true);
      const res = await me();
      expect(await expectStatus(res, 401)).toEqual({ detail: 'Invalid token.' });
      expect(await api.database.db.select().from(apiTokens).where(eq(apiTokens.id, id))).toEqual([]);
    });
  });

  describe('errors', () => {
    test('a failing database answers 500 {"detail": "Internal server error."}: no SQL, no stack', async () => {
      const broken = await startTestApi();
      const originalError = console.error;
      console.error = () => {}; // the server logs the cause for the operator; the client must not see it
      try {
        broken.database.close();
        const res = await searchResponse(broken, 'q=x');
        expect(res.status).toBe(500);
        const text = await res.text();
        expect(JSON.parse(text)).toEqual({ detail: 'Internal server error.' });
        expect(text).not.toMatch(/SELECT|sqlite|at .*\.ts/i);
      } finally {
        console.error = originalError;
        await broken.close().catch(() => {});
      }
    });
  });
});

/** Sends a request line as written: fetch() would resolve the dot segments before sending. */
async function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  let received = '';
  const { promise, resolve } = Promise.withResolvers<void>();
  const socket = await Bun.connect({
    hostname: '127.0.0.1',
    port,
    socket: {
      data(_socket, chunk) {
        received += new TextDecoder().decode(chunk);
      },
      close() {
        resolve();
      },
      error() {
        resolve();
      },
    },
  });
  socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  await Promise.race([promise, Bun.sleep(5000)]);
  socket.end();
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
  return { status, body: received.slice(received.indexOf('\r\n\r\n') + 4) };
}

bunOnly('spawns the server with a temporary admin folder', () => {
  let dir: string;
  let server: SpawnedServer;
  const SECRET = 'TOP-SECRET-OUTSIDE-THE-ADMIN-FOLDER';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-traversal-'));
    mkdirSync(join(dir, 'dist/assets'), { recursive: true });
    writeFileSync(join(dir, 'dist/index.html'), '<!doctype html><title>admin</title>');
    writeFileSync(join(dir, 'dist/assets/app.js'), 'console.log("app")');
    writeFileSync(join(dir, 'secret.txt'), SECRET);
    server = await spawnServer(`file:${join(dir, 'crm.db')}`, { ADMIN_DIST: join(dir, 'dist') });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('static files', () => {
    test('serves the admin folder, and nothing outside it, whatever the encoding of ../', async () => {
      const port = Number(new URL(server.base).port);
      expect((await rawGet(port, '/assets/app.js')).body).toContain('console.log');
      expect((await rawGet(port, '/')).body).toContain('<title>admin</title>');
      const attempts = [
        '/../secret.txt',
        '/assets/../../secret.txt',
        '/%2e%2e/secret.txt',
        '/%2E%2E/secret.txt',
        '/..%2fsecret.txt',
        '/..%2Fsecret.txt',
        '/%2e%2e%2fsecret.txt',
        '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
        '/..%5csecret.txt',
        '/%2e%2e%5csecret.txt',
        '/..\\secret.txt',
        '/%252e%252e/secret.txt',
        '/%252e%252e%252fsecret.txt',
        '/.%2e/secret.txt',
        '/%c0%ae%c0%ae/secret.txt',
        '/assets/..%00/../secret.txt',
        '//secret.txt',
        `/${'../'.repeat(8)}etc/passwd`,
        `/${'%2e%2e%2f'.repeat(8)}etc/passwd`,
        '/....//secret.txt',
      ];
      for (const target of attempts) {
        const { status, body } = await rawGet(port, target);
        expect({ target, leaked: body.includes(SECRET) || body.includes('root:x:0:0') }).toEqual({
          target,
          leaked: false,
        });
        expect({ target, status: status < 500 && status > 0 }).toEqual({ target, status: true });
      }
    });
  });
});
