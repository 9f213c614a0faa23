import { afterAll, beforeAll, expect, spyOn, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { bunOnly } from '../testing/test-api';
import { type LibsqlConnection, refreshStatistics, tuneConnection } from './libsql-tuning';

type Connection = LibsqlConnection & { close(): void };

/**
 * Each tuning of libsql-tuning.ts on a real database file, as the server opens it: every test
 * here fails when its tuning is left out. Where libsql's default already is the tuned value
 * (foreign keys, mmap), the connection first gets the other value, as another build could have it.
 */
bunOnly('tunes the in-process libsql driver', () => {
  let dir: string;
  let files = 0;
  const open = (path = join(dir, `${++files}.db`)) => new Sqlite(path) as unknown as Connection;
  const tunedFile = () => {
    const client = open();
    tuneConnection(client);
    return client;
  };
  /** The first column of the first row of `query`. */
  const firstColumn = (client: Connection, query: string) =>
    (client.prepare(query).raw(true).get() as unknown[] | undefined)?.[0];
  const pragmaValue = (client: Connection, pragma: string) => firstColumn(client, `PRAGMA ${pragma}`);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-tuning-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['journal_mode', 'DELETE', 'delete', 'wal'],
    ['synchronous', 'FULL', 2, 1],
    ['cache_size', '-2000', -2000, -8192],
    ['mmap_size', '268435456', 268435456, 0],
    ['temp_store', 'FILE', 1, 2],
    ['journal_size_limit', '-1', -1, 67108864],
  ])('sets %s, whatever the connection had (%s)', (pragma, other, otherValue, tunedValue) => {
    const client = open();
    client.pragma(`${pragma} = ${other}`);
    expect(pragmaValue(client, pragma)).toBe(otherValue);
    tuneConnection(client);
    expect(pragmaValue(client, pragma)).toBe(tunedValue);
    client.close();
  });

  test('busy_timeout: a write waits for another process to release the lock instead of failing', async () => {
    const client = tunedFile();
    client.exec('CREATE TABLE t (x INTEGER)');
    const path = join(dir, `${files}.db`);
    // Another process takes the write lock, says so, and holds it for 400 ms.
    const holder = Bun.spawn(
      [
        'bun',
        '-e',
        `const db = new (require('bun:sqlite').Database)(${JSON.stringify(path)});
         db.exec('BEGIN IMMEDIATE'); console.log('locked');
         setTimeout(() => db.exec('COMMIT'), 400);`,
      ],
      { stdout: 'pipe' },
    );
    const reader = holder.stdout.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('locked');
    const started = performance.now();
    client.exec('INSERT INTO t VALUES (1)'); // without the timeout: SQLITE_BUSY at once
    expect(performance.now() - started).toBeGreaterThan(100);
    expect(await holder.exited).toBe(0);
    client.close();
  });

  test('foreign_keys: a row that references nothing is refused', () => {
    const client = open();
    client.pragma('foreign_keys = OFF');
    tuneConnection(client);
    client.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id REFERENCES parent (id))');
    expect(() => client.exec('INSERT INTO child VALUES (42)')).toThrow(/FOREIGN KEY constraint failed/);
    client.close();
  });

  test('wal_autocheckpoint: 1,500 pages of commits stay in the WAL (the default checkpoints at 1,000)', () => {
    const client = tunedFile();
    client.exec('CREATE TABLE t (x BLOB)');
    // 15 commits of 100 rows of 3.5 KB: a page each.
    for (let commit = 0; commit < 15; commit++) {
      client.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
        INSERT INTO t SELECT randomblob(3500) FROM n`);
    }
    // [busy, frames in the WAL, frames checkpointed]; a passive checkpoint copies, never resets.
    const [, frames] = client.prepare('PRAGMA wal_checkpoint(PASSIVE)').raw(true).get() as number[];
    expect(frames).toBeGreaterThan(1500);
    client.close();
  });

  /** A customers table with an index, as the statistics checks below look for it. */
  const withCustomers = (client: Connection, rows: number, from = 0) => {
    client.exec('CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY, name TEXT)');
    client.exec('CREATE INDEX IF NOT EXISTS customers_name_idx ON customers (name)');
    client.exec(
      `WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i < ${from + rows - 1})
       INSERT INTO customers (name) SELECT 'name ' || i FROM n`,
    );
  };
  const statOf = (client: Connection) =>
    firstColumn(client, "SELECT stat FROM sqlite_stat1 WHERE idx = 'customers_name_idx'");

  test('planner statistics: written at the first open that finds customers without them, then left alone', () => {
    const path = join(dir, 'analyze.db');
    const first = open(path);
    withCustomers(first, 100);
    first.close();
    const second = open(path);
    tuneConnection(second);
    expect(statOf(second)).toBe('100 1');
    // Statistics that exist are kept: ANALYZE reads every index (seconds at a million rows).
    second.exec("UPDATE sqlite_stat1 SET stat = '7 1' WHERE idx = 'customers_name_idx'");
    second.close();
    const third = open(path);
    tuneConnection(third);
    expect(statOf(third)).toBe('7 1');
    third.close();
  });

  test('refreshStatistics: a table that has grown 30-fold is analyzed again', () => {
    const path = join(dir, 'optimize.db');
    const seeding = open(path);
    withCustomers(seeding, 100);
    seeding.exec('ANALYZE');
    withCustomers(seeding, 2900, 100);
    seeding.close();
    const client = open(path);
    tuneConnection(client);
    expect(statOf(client)).toBe('100 1');
    client.prepare("SELECT id FROM customers WHERE name = 'name 7'").get(); // optimize looks at what was queried
    refreshStatistics(client);
    expect(statOf(client)).toBe('3000 1');
    client.close();
  });

  test('statements are kept by their SQL text, and a kept one is back to object rows', () => {
    const client = tunedFile();
    const first = client.prepare('SELECT 1 AS x');
    expect(first.raw(true).get()).toEqual([1]);
    const again = client.prepare('SELECT 1 AS x');
    expect(again).toBe(first);
    expect(again.get()).toMatchObject({ x: 1 }); // libsql adds _metadata
    client.close();
  });

  test('the statement cache keeps the 500 texts used last', () => {
    const client = tunedFile();
    const oldest = client.prepare('SELECT 0');
    const second = client.prepare('SELECT 1');
    for (let n = 2; n < 500; n++) client.prepare(`SELECT ${n}`);
    expect(client.prepare('SELECT 0')).toBe(oldest); // used again: now the most recent
    client.prepare('SELECT 500'); // the 501st text: the least recently used goes
    expect(client.prepare('SELECT 1')).not.toBe(second);
    expect(client.prepare('SELECT 0')).toBe(oldest);
    client.close();
  });

  test('raw() crosses into native code only when the mode changes', () => {
    const client = open();
    const native = spyOn(Object.getPrototypeOf(client.prepare('SELECT 1')), 'raw');
    try {
      tuneConnection(client);
      const statement = client.prepare('SELECT 1 AS x');
      native.mockClear();
      statement.raw();
      statement.raw(true);
      expect(statement.get()).toEqual([1]);
      statement.raw(false);
      statement.raw(false);
      expect(statement.get()).toMatchObject({ x: 1 });
      expect(native).toHaveBeenCalledTimes(2);
    } finally {
      native.mockRestore();
      client.close();
    }
  });

  test('a statement whose get() failed works again on its next call, in the mode it was in', () => {
    const client = tunedFile();
    client.exec(`CREATE TABLE t (x TEXT);
      CREATE TRIGGER t_refuse AFTER INSERT ON t WHEN NEW.x = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const insert = client.prepare('INSERT INTO t (x) VALUES (?) RETURNING x');
    expect(insert.get('one')).toMatchObject({ x: 'one' });
    expect(() => insert.get('bad')).toThrow('refused');
    expect(insert.get('two')).toMatchObject({ x: 'two' }); // libsql 0.5 alone: 'refused' again
    insert.raw(true);
    expect(() => insert.get('bad')).toThrow('refused');
    expect(insert.get('three')).toEqual(['three']);
    client.close();
  });
});
