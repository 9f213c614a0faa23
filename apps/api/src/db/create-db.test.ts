import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as drizzleFolderMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { getPlatformProxy } from 'wrangler';
import { bunOnly } from '../testing/test-api';
import { API_DIR, wranglerEnv } from '../testing/worker-server';
import { createDb, DatabaseUrlError, folderMigrations } from './create-db';
import { createWorkerDb } from './create-db.worker';
import { applyMigrations } from './migrations';

/**
 * The adapters' choice of client for each kind of DATABASE_URL and for a D1 binding. No libSQL
 * server runs here, so remote clients are only constructed (on 127.0.0.1, never contacted).
 */
bunOnly('constructs database clients in process', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-adapter-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('createDb (Bun)', () => {
    test.each([
      ['file:<relative path>', () => `file:${join(dir, 'a.db')}`],
      ['file:///<absolute path>', () => `file://${join(dir, 'b.db')}`],
      ['a bare path', () => join(dir, 'c.db')],
      [':memory:', () => ':memory:'],
    ])('opens %s with the synchronous libsql driver', async (_, url) => {
      const database = await createDb({ url: url() });
      expect([database.kind, database.driver]).toEqual(['file', 'libsql']);
      await database.migrate();
      expect(await database.db.all(sql`SELECT name FROM sqlite_master WHERE name = 'customers'`)).toHaveLength(1);
      database.close();
    });

    test("a prepared query's get() that failed works again on its next call, in raw mode or not", async () => {
      const database = await createDb({ url: ':memory:' });
      const { db } = database;
      await db.run(sql`CREATE TABLE t (x TEXT)`);
      await db.run(
        sql`CREATE TRIGGER t_refuse AFTER INSERT ON t WHEN NEW.x = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END`,
      );
      const table = sqliteTable('t', { x: text('x') });
      const insert = db
        .insert(table)
        .values({ x: sql.placeholder('x') })
        .returning({ x: table.x })
        .prepare();
      expect(await insert.get({ x: 'one' })).toEqual({ x: 'one' });
      // The sync driver throws at once, where the others reject: await both the same way.
      await expect(Promise.resolve().then(() => insert.get({ x: 'bad' }))).rejects.toThrow('refused');
      expect(await insert.get({ x: 'two' })).toEqual({ x: 'two' });
      // The same text through db.all still reads objects (the statement cache resets raw mode).
      expect(await db.all(sql`SELECT x FROM t ORDER BY x`)).toEqual([{ x: 'one' }, { x: 'two' }]);
      database.close();
    });

    test.each([
      'libsql://127.0.0.1:1',
      'http://127.0.0.1:1',
      'https://127.0.0.1:1',
      'ws://127.0.0.1:1',
      'wss://127.0.0.1:1',
    ])('opens %s with @libsql/client', async (url) => {
      const database = await createDb({ url, authToken: 'token' });
      expect([database.kind, database.driver]).toEqual(['remote', '@libsql/client']);
      database.close();
    });

    test('opens an embedded replica with @libsql/client, which syncs at once: an unreachable primary is one clear error', async () => {
      const opening = createDb({ url: `file:${join(dir, 'replica.db')}`, syncUrl: 'http://127.0.0.1:1' });
      await expect(opening).rejects.toBeInstanceOf(DatabaseUrlError);
      await expect(opening).rejects.toThrow(
        /^The embedded replica could not sync from DATABASE_SYNC_URL "http:\/\/127\.0\.0\.1:1"/,
      );
    });

    test.each([
      ['ftp://example', /is not supported here/],
      ['postgres://127.0.0.1/crm', /is not supported here/],
      ['http://', /is not a valid URL/],
    ])('rejects %s with a DatabaseUrlError', async (url, message) => {
      await expect(createDb({ url })).rejects.toThrow(message);
    });

    test('rejects a replica whose DATABASE_URL is not a local file', async () => {
      await expect(createDb({ url: 'libsql://127.0.0.1:1', syncUrl: 'libsql://127.0.0.1:2' })).rejects.toThrow(
        /DATABASE_URL must be the replica's local file/,
      );
    });
  });

  describe('createWorkerDb (Workers)', () => {
    test.each(['libsql://127.0.0.1:1', 'https://127.0.0.1:1', 'http://127.0.0.1:1'])(
      'opens %s with @libsql/client/web (HTTP only, no native module)',
      (url) => {
        const database = createWorkerDb({ config: { url, authToken: 'token' } });
        expect([database.kind, database.driver]).toEqual(['remote', '@libsql/client/web']);
        database.close();
      },
    );

    test.each(['file:data/crm.db', ':memory:', 'ftp://example', 'wss://127.0.0.1:1'])(
      'rejects %s: HTTP only, no files',
      (url) => {
        expect(() => createWorkerDb({ config: { url } })).toThrow(DatabaseUrlError);
      },
    );

    test('uses a D1 binding when there is one, whatever DATABASE_URL says', async () => {
      // A real local D1 (workerd through wrangler), from the project's wrangler.jsonc.
      Object.assign(process.env, { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' });
      const proxy = await getPlatformProxy<{ DB: Parameters<typeof createWorkerDb>[0]['d1'] }>({
        configPath: join(API_DIR, 'wrangler.jsonc'),
        persist: { path: join(dir, 'd1') },
      });
      try {
        const database = createWorkerDb({ d1: proxy.env.DB, config: { url: 'file:data/crm.db' } });
        expect([database.kind, database.driver]).toEqual(['d1', 'd1']);
        expect(await database.db.all(sql`SELECT 41 + 1 AS answer`)).toEqual([{ answer: 42 }]);
      } finally {
        await proxy.dispose();
      }
    }, 60_000);
  });

  describe('migrations', () => {
    test("the embedded-capable migrator and drizzle's folder migrator agree on what has run", async () => {
      const byFolder = await createDb({ url: `file:${join(dir, 'folder.db')}` });
      drizzleFolderMigrate(byFolder.db as never, { migrationsFolder: join(API_DIR, 'drizzle') });
      const rows = sql`SELECT hash, created_at FROM __drizzle_migrations ORDER BY id`;
      const before = await byFolder.db.all(rows);
      await applyMigrations(byFolder.db, folderMigrations());
      expect(await byFolder.db.all(rows)).toEqual(before);
      byFolder.close();

      const byOurs = await createDb({ url: `file:${join(dir, 'ours.db')}` });
      await byOurs.migrate();
      expect(await byOurs.db.all(rows)).toEqual(before);
      byOurs.close();
    });
  });

  describe('start-up errors', () => {
    test.each([
      ['ftp://example', 'DATABASE_URL "ftp://example" is not supported here'],
      ['http://', 'DATABASE_URL "http://" is not a valid URL.'],
      // A libSQL server that is not there (nothing listens on port 1): the first query fails.
      ['http://127.0.0.1:1', 'Could not open the database at DATABASE_URL "http://127.0.0.1:1": '],
    ])('the server started with DATABASE_URL=%s exits 1 with one line, not a stack trace', async (url, line) => {
      const server = Bun.spawn(['bun', 'src/bun-server/main.ts'], {
        cwd: API_DIR,
        env: { ...wranglerEnv(), DATABASE_URL: url, PORT: '0' },
        stdout: 'pipe',
        stderr: 'pipe',
      });
      const [code, stderr] = await Promise.all([server.exited, new Response(server.stderr).text()]);
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toStartWith(line);
    });
  });
});
