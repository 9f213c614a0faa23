import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suspendedSchema } from '@crm/schema/tables';
import { eq, sql } from 'drizzle-orm';
import { bunOnly } from '../testing/test-api';
import { restoreDerived, suspendDerived } from './bulk-load';
import { type BunDatabase, createDb } from './create-db';

bunOnly('reads the database behind a bulk load', () => {
  let dir: string;
  let database: BunDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-bulk-'));
    database = await createDb({ url: `file:${join(dir, 'bulk.db')}` });
    await database.migrate();
  });
  afterAll(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const creates = async () =>
    database.db.all<{ object: string; n: number; rows: number }>(sql`
      SELECT object, count(*) AS n, count(DISTINCT object_id) AS rows FROM audit_log
      WHERE action = 'create' GROUP BY object ORDER BY object`);

  describe('bulk loads and the audit trail', () => {
    test('a restore that died after writing create entries resumes without writing them twice', async () => {
      const db = database.db;
      await suspendDerived(db);
      await db.run(sql`INSERT INTO customers (name, customer_type, lead_source, customer_industry, follow_up_status,
        principal, created_at, updated_at) VALUES ('Loaded One', 'A', 'referral', 'finance', 'proposal', 'Loader', 1, 1),
        ('Loaded Two', 'B', 'referral', 'finance', 'proposal', 'Loader', 1, 1)`);
      expect(
        (await db.select().from(suspendedSchema).where(eq(suspendedSchema.type, 'audit'))).map((r) => r.name),
      ).toEqual(['customers', 'follow_ups']);
      // The restore dies right after the audit step's first statement.
      const dies = restoreDerived(db, {
        onProgress(step, done) {
          if (step === 'audit' && done > 0) throw new Error('killed');
        },
      });
      expect(dies).rejects.toThrow('killed');
      await dies.catch(() => {});
      expect(await creates()).toEqual([{ object: 'customer', n: 2, rows: 2 }]);
      // The next command's restoreDerived finishes the load; the entries stay one per row.
      await restoreDerived(db);
      expect(await creates()).toEqual([{ object: 'customer', n: 2, rows: 2 }]);
      expect(await db.select().from(suspendedSchema)).toEqual([]);
      // And the triggers are back: a row added now gets its entry from them.
      await db.run(sql`INSERT INTO customers (name, customer_type, lead_source, customer_industry, follow_up_status,
        principal, created_at, updated_at) VALUES ('Added After', 'C', 'referral', 'finance', 'proposal', 'Loader', 1, 1)`);
      expect(await creates()).toEqual([{ object: 'customer', n: 3, rows: 3 }]);
    });
  });
});
