import { suspendedSchema } from '@crm/schema/tables';
import { sql } from 'drizzle-orm';
import { linkUnowned } from '../users/users.queries';
import type { Db } from './types';

/**
 * Bulk loads (CLI `seed`, `import` of a big file) without the row-by-row upkeep.
 *
 * Every write through the API keeps the indexes, `customer_counts`, the `customers_fts` search
 * index and the contact times current with triggers: right for single writes, but it makes a
 * million-row load ~5× slower. So a bulk load calls `suspendDerived` first, which drops the
 * indexes and triggers of `customers` and `follow_ups` (remembering their SQL, as SQLite wrote
 * it from the migrations, in `suspended_schema`), inserts plain rows, then `restoreDerived`,
 * which rebuilds each derived structure in one pass, puts back the indexes and triggers, and
 * refreshes the planner's statistics.
 *
 * Not for a server taking writes at the same time: a write between the rebuild and the
 * triggers' return would be missed by the derived data. Loads over HTTP keep the triggers.
 * A load that dies half-way leaves its rows in `suspended_schema`; `restoreDerived` (which does
 * nothing when nothing is suspended) finishes it.
 */

/** The tables whose indexes and triggers a bulk load drops. */
const bulkTables = ['customers', 'follow_ups'] as const;

interface SchemaRow {
  type: 'index' | 'trigger';
  name: string;
  sql: string;
}

export async function suspendDerived(db: Db): Promise<void> {
  const rows = await db.all<SchemaRow>(sql`
    SELECT type, name, sql FROM sqlite_master
    WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
      AND tbl_name IN (${sql.join(
        bulkTables.map((table) => sql`${table}`),
        sql`, `,
      )})`);
  for (const row of rows) {
    // Remembered before it is dropped, so a crash in between loses nothing.
    await db.insert(suspendedSchema).values(row).onConflictDoNothing();
    await db.run(sql.raw(`DROP ${row.type === 'index' ? 'INDEX' : 'TRIGGER'} IF EXISTS "${row.name}"`));
  }
}

export interface RestoreOptions {
  /** Told each rebuild step and its duration in ms (the bench prints them). */
  onStep?: (step: string, ms: number) => void;
  /**
   * Recompute every customer's `last_contact_at`/`next_follow_up_at` from its log: needed when
   * follow-ups were loaded without them (the seed writes them itself and skips this).
   */
  contacts?: boolean;
}

export async function restoreDerived(db: Db, options: RestoreOptions = {}): Promise<void> {
  const suspended = await db.select().from(suspendedSchema);
  if (suspended.length === 0) return;
  const step = async (name: string, run: () => unknown) => {
    const started = performance.now();
    await run();
    options.onStep?.(name, performance.now() - started);
  };
  // Indexes first: the rebuilds below read through them.
  await step('indexes', async () => {
    for (const row of suspended.filter((r) => r.type === 'index')) {
      await db.run(sql.raw(row.sql.replace(/^CREATE (UNIQUE )?INDEX /i, 'CREATE $1INDEX IF NOT EXISTS ')));
    }
  });
  if (options.contacts) {
    await step('contact times', () =>
      db.run(sql`
        UPDATE customers SET (last_contact_at, next_follow_up_at) = (
          SELECT time, next_time FROM follow_ups WHERE customer_id = customers.id ORDER BY time DESC, id DESC LIMIT 1
        )`),
    );
  }
  // Two passes over the customers, not four: the totals are the per-principal counts summed
  // (a few thousand rows, not a million).
  await step('counts', async () => {
    await db.run(sql`DELETE FROM customer_counts_by_principal`);
    await db.run(sql`
      INSERT INTO customer_counts_by_principal (principal, customer_type, lead_source, customer_industry, follow_up_status, n)
      SELECT principal, customer_type, lead_source, customer_industry, follow_up_status, count(*)
      FROM customers WHERE deleted_at IS NULL
      GROUP BY principal, customer_type, lead_source, customer_industry, follow_up_status`);
    await db.run(sql`DELETE FROM customer_counts`);
    await db.run(sql`
      INSERT INTO customer_counts (customer_type, lead_source, customer_industry, follow_up_status, n)
      SELECT customer_type, lead_source, customer_industry, follow_up_status, sum(n)
      FROM customer_counts_by_principal
      GROUP BY customer_type, lead_source, customer_industry, follow_up_status`);
    await db.run(sql`DELETE FROM due_counts_by_principal`);
    await db.run(sql`
      INSERT INTO due_counts_by_principal (principal, day, n)
      SELECT principal, next_follow_up_at / 86400000, count(*) FROM customers
      WHERE deleted_at IS NULL AND next_follow_up_at IS NOT NULL GROUP BY 1, 2`);
    await db.run(sql`DELETE FROM due_counts`);
    await db.run(sql`INSERT INTO due_counts (day, n) SELECT day, sum(n) FROM due_counts_by_principal GROUP BY day`);
  });
  // Loaded principals that name a user make that user the owner; then the owners' counts.
  await step('owners', async () => {
    await linkUnowned(db, null);
    await db.run(sql`DELETE FROM customer_counts_by_owner`);
    await db.run(sql`
      INSERT INTO customer_counts_by_owner (owner_id, customer_type, lead_source, customer_industry, follow_up_status, n)
      SELECT owner_id, customer_type, lead_source, customer_industry, follow_up_status, count(*)
      FROM customers WHERE deleted_at IS NULL AND owner_id IS NOT NULL
      GROUP BY owner_id, customer_type, lead_source, customer_industry, follow_up_status`);
    await db.run(sql`DELETE FROM due_counts_by_owner`);
    await db.run(sql`
      INSERT INTO due_counts_by_owner (owner_id, day, n)
      SELECT owner_id, next_follow_up_at / 86400000, count(*) FROM customers
      WHERE deleted_at IS NULL AND owner_id IS NOT NULL AND next_follow_up_at IS NOT NULL GROUP BY 1, 2`);
  });
  // In rowid order: FTS5 appends to its in-memory doclists while rowids rise and writes a segment
  // each time one falls, so rows in the order of some partial index (name, say) were 7× slower.
  await step('search index', async () => {
    await db.run(sql`INSERT INTO customers_fts (customers_fts) VALUES ('delete-all')`);
    await db.run(sql`
      INSERT INTO customers_fts (rowid, name, email, company_details, address, principal, phone_digits)
      SELECT id, name, email, company_details, address, principal, phone_digits FROM customers WHERE deleted_at IS NULL
      ORDER BY id`);
  });
  // Merge the index segments the refill wrote, so searches read one b-tree per trigram.
  await step('search index merge', () => db.run(sql`INSERT INTO customers_fts (customers_fts) VALUES ('optimize')`));
  await step('triggers', async () => {
    for (const row of suspended.filter((r) => r.type === 'trigger')) {
      await db.run(sql.raw(row.sql.replace(/^CREATE TRIGGER /i, 'CREATE TRIGGER IF NOT EXISTS ')));
    }
    await db.delete(suspendedSchema);
  });
  await step('statistics', () => analyze(db));
}

/**
 * Fresh planner statistics (`sqlite_stat1`): without them SQLite may pick a filter's index
 * that is not the most selective one. A whole ANALYZE, not a sampled one (`analysis_limit`):
 * a sample of the first rows of an index led by a choice field sees one value only and rates
 * every choice field alike.
 */
export async function analyze(db: Db): Promise<void> {
  await db.run(sql`ANALYZE`);
}
