import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedCustomerExample } from '@crm/schema';
import { createApp } from '../app';
import { createToken, createUser } from '../auth/auth.queries';
import { type BunDatabase, createDb } from '../db/create-db';
import { bunOnly } from '../testing/test-api';
import { ownersLink, ownersList, tokenCreate } from './accounts';
import { CliError } from './errors';

/** The commands behind `crm owners`, `crm owners link` and `crm token create --scope`, on a file the app also writes. */
bunOnly('runs the CLI commands on a local file', () => {
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

  const request = (key: string, method: string, principal = 'x') =>
    createApp({ db: database.db }).request('/api/customer/customers/', {
      method,
      headers: { authorization: `Token ${key}`, 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify({ ...seedCustomerExample, principal }),
    });

  test('owners lists the principals that name no user; owners link gives them to a user', async () => {
    const admin = await createUser(database.db, 'boss', 'boss-password-1');
    const { key } = await createToken(database.db, admin?.id ?? 0, 'test');
    for (const principal of ['Jane Smith', 'Jane Smith', 'Li Wei', 'boss']) {
      expect((await request(key, 'POST', principal)).status).toBe(201);
    }
    expect(await ownersList(database.db)).toBe('       2  Jane Smith\n       1  Li Wei');
    await createUser(database.db, 'jane', 'jane-password-1', { role: 'sales' });
    expect(await ownersLink(database.db, 'Jane Smith', 'jane')).toBe(
      'Linked 2 customers with principal "Jane Smith" to jane.',
    );
    expect(await ownersList(database.db)).toBe('       1  Li Wei');
    expect(ownersLink(database.db, 'Li Wei', 'nobody')).rejects.toBeInstanceOf(CliError);
  });

  test('token create with scope read makes a key that reads and may not write', async () => {
    const readKey = await tokenCreate(database.db, 'boss', 'reporting', 'read');
    expect((await request(readKey, 'GET')).status).toBe(200);
    expect((await request(readKey, 'POST')).status).toBe(403);
  });
});
