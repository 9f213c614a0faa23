import { type CustomerInput, customerFields } from '@crm/schema';
import { customers } from '@crm/schema/tables';
import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Actor } from '../audit/audit.queries';
import { preparedPerDb } from '../db/prepared';
import type { Db } from '../db/types';

/**
 * Rows per batch. On the embedded file driver that is one multi-row INSERT, atomic by itself
 * and far below SQLite's 32,766 bound parameters (500 rows × 14 values).
 */
export const BULK_BATCH_ROWS = 500;

/** D1 allows 100 bound parameters per statement: 7 customers of 14 values. */
const D1_ROWS_PER_STATEMENT = 7;

/** D1 and @libsql/client send a batch of statements in one round trip, as one transaction. */
type BatchingDb = Db & { batch(statements: BatchItem<'sqlite'>[]): Promise<unknown> };
const canBatch = (db: Db): db is BatchingDb => typeof (db as Partial<BatchingDb>).batch === 'function';

/** The writable fields (as the import reads them) and what the server sets. */
const columns = [
  ...(Object.keys(customerFields) as (keyof typeof customerFields)[]),
  'created_at',
  'updated_at',
  'changed_by',
] as const;
type Row = Record<(typeof columns)[number], unknown>;

/**
 * A full batch's INSERT, prepared once: a fresh 500-row statement per batch costs its SQL
 * building and compiling each time, and its native memory lingers until the garbage collector
 * runs (a 1M-row import grew past 3 GB that way).
 */
const fullBatchInsert = preparedPerDb((db) =>
  db
    .insert(customers)
    .values(
      Array.from(
        { length: BULK_BATCH_ROWS },
        (_, i) => Object.fromEntries(columns.map((column) => [column, sql.placeholder(`${column}${i}`)])) as never,
      ),
    )
    .prepare(),
);

/**
 * Inserts validated customers, all or none; returns how many were written. The one place where
 * imports write customers (HTTP and CLI); the seed writes in cli/seed.ts. `by` is the user the
 * audit trail names (null: the command line).
 */
export async function insertCustomerBatch(db: Db, rows: CustomerInput[], now: number, by: Actor): Promise<number> {
  if (rows.length === 0) return 0;
  const values = rows.map((row) => ({ ...row, created_at: now, updated_at: now, changed_by: by }));
  if (!canBatch(db)) {
    if (values.length === BULK_BATCH_ROWS) {
      const params: Record<string, unknown> = {};
      values.forEach((row: Row, i) => {
        for (const column of columns) params[`${column}${i}`] = row[column];
      });
      await fullBatchInsert(db).run(params);
    } else {
      await db.insert(customers).values(values);
    }
    return rows.length;
  }
  const statements: BatchItem<'sqlite'>[] = [];
  for (let i = 0; i < values.length; i += D1_ROWS_PER_STATEMENT) {
    statements.push(db.insert(customers).values(values.slice(i, i + D1_ROWS_PER_STATEMENT)));
  }
  await db.batch(statements);
  return rows.length;
}
