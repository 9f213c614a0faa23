import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedCustomerExample } from '@crm/schema';
import { createApp } from '../app';
import { createToken, createUser } from '../auth/auth.queries';
import { type BunDatabase, createDb } from '../db/create-db';
import { bunOnly } from '../testing/test-api';

const MAIN = join(import.meta.dir, 'main.ts');

bunOnly('spawns the CLI as a Bun process on a local file', () => {
  let dir: string;
  let database: BunDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-owners-'));
    database = await createDb({ url: `file:${join(dir, 'crm.db')}` });
    await database.migrate();
  });
  afterAll(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function crm(...args: string[]) {
    const proc = Bun.spawn(['bun', MAIN, ...args], {
      env: { ...process.env, DATABASE_URL: `file:${join(dir, 'crm.db')}` },
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    return { stdout: stdout.trimEnd(), stderr, code };
  }

  test('owners lists unmatched principals; owners link gives them to a user; token create --scope read only reads', async () => {
    const admin = await createUser(database.db, 'boss', 'boss-password-1');
    const { key } = await createToken(database.db, admin?.id ?? 0, 'test');
    const app = createApp({ db: database.db });
    const post = (principal: string) =>
      app.request('/api/customer/customers/', {
        method: 'POST',
        headers: { authorization: `Token ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...seedCustomerExample, principal }),
      });
    for (const principal of ['Jane Smith', 'Jane Smith', 'Li Wei', 'boss'])
      expect((await post(principal)).status).toBe(201);
    expect(await crm('owners')).toMatchObject({ code: 0, stdout: '       2  Jane Smith\n       1  Li Wei' });
    await createUser(database.db, 'jane', 'jane-password-1', { role: 'sales' });
    expect(await crm('owners', 'link', 'Jane Smith', 'jane')).toMatchObject({
      code: 0,
      stdout: 'Linked 2 customers with principal "Jane Smith" to jane.',
    });
    expect((await crm('owners')).stdout).toBe('       1  Li Wei');
    expect((await crm('owners', 'link', 'Li Wei', 'nobody')).code).toBe(1);

    const readKey = (await crm('token', 'create', 'boss', '--scope', 'read')).stdout;
    const asRead = (method: string) =>
      app.request('/api/customer/customers/', {
        method,
        headers: { authorization: `Token ${readKey}`, 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : JSON.stringify(seedCustomerExample),
      });
    expect((await asRead('GET')).status).toBe(200);
    expect((await asRead('POST')).status).toBe(403);
    expect((await crm('token', 'create', 'boss', '--scope', 'admin')).code).toBe(2);
  });
});
