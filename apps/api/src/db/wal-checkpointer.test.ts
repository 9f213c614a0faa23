import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { bunOnly } from '../testing/test-api';
import { walCopiedWithin, walProgress } from '../testing/wal';
import { createDb } from './create-db';

bunOnly('checkpoints the WAL on a second thread (the server)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-checkpointer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A file database with SQLite's own checkpoints off, and 2,000 rows committed to its WAL. */
  async function writtenWal(path: string, backgroundCheckpoints: boolean) {
    const database = await createDb({ url: `file:${path}` }, { backgroundCheckpoints });
    await database.db.run(sql`PRAGMA wal_autocheckpoint = 0`);
    await database.db.run(sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`);
    for (let i = 0; i < 20; i++) {
      await database.db.run(sql`
        INSERT INTO notes (body) SELECT hex(randomblob(200)) FROM generate_series(1, 100)`);
    }
    return database;
  }

  describe('with the checkpointer', () => {
    test("copies every committed frame into the database, off the writer's thread", async () => {
      const path = join(dir, 'on.db');
      const database = await writtenWal(path, true);
      expect(walProgress(path).committed).toBeGreaterThan(100);
      expect(await walCopiedWithin(path)).toBe(true);
      database.close();
    });

    test('keeps up with writes that go on, so the WAL restarts from its start instead of growing', async () => {
      const path = join(dir, 'restart.db');
      const database = await writtenWal(path, true);
      const first = walProgress(path).committed;
      expect(await walCopiedWithin(path)).toBe(true);
      // The next write finds the WAL fully copied and writes it again from the first frame.
      await database.db.run(sql`INSERT INTO notes (body) VALUES ('after')`);
      expect(walProgress(path).committed).toBeLessThan(first);
      database.close();
    });
  });

  test('without it (every other use of createDb), nothing copies the WAL until SQLite itself does', async () => {
    const path = join(dir, 'off.db');
    const database = await writtenWal(path, false);
    await Bun.sleep(300);
    expect(walProgress(path).copied).toBe(0);
    database.close();
  });
});
