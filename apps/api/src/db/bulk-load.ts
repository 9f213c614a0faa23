import { suspendedSchema } from '@crm/schema/tables';
import { eq, sql } from 'drizzle-orm';
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
 *
 * The audit triggers go with the rest, so the history gets the rows' create entries from one
 * INSERT … SELECT per table at the end instead (one entry per row, with its values, as a
 * single write would have), dated when the load finishes. Measured at 200,000 customers and
 * 600,000 entries: 3.8 s of a 27 s seed, 250 MB more in the file (see auditCatchUp).
 */

/** The tables whose indexes and triggers a bulk load drops. */
const bulkTables = ['customers', 'follow_ups'] as const;

interface SchemaRow {
  type: 'index' | 'trigger' | 'audit';
  name: string;
  sql: string;
}

/** The audit triggers' clock (migration 0003): the load's entries are dated when they are written. */
const AUDIT_NOW = `CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER)`;

/**
 * The create entries of the rows a load adds after `after` (the table's highest id when its
 * triggers went), one per row as the dropped audit triggers would have written them, in one
 * INSERT … SELECT at the end: the snapshots come from the views the deletes use (migration 0003),
 * so their JSON is the triggers'. Ascending ids keep the audit indexes appending. The second
 * condition makes it a no-op when it already ran (a restore that died before it forgot it):
 * only this statement writes entries above `after` while the triggers are away.
 */
const auditCatchUp: Record<(typeof bulkTables)[number], { trigger: string; sql: (after: number) => string }> = {
  customers: {
    trigger: 'customers_audit_insert',
    sql: (after) => `
      INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
      SELECT ${AUDIT_NOW}, 'customer', c.id, c.id, 'create', c.changed_by,
        (SELECT username FROM users WHERE id = c.changed_by), NULL, s.snapshot
      FROM customers c JOIN customer_snapshots s ON s.id = c.id
      WHERE c.id > ${after} AND c.id > (
        SELECT coalesce(max(customer_id), ${after}) FROM audit_log
        WHERE customer_id > ${after} AND object = 'customer' AND action = 'create')
      ORDER BY c.id`,
  },
  follow_ups: {
    trigger: 'follow_ups_audit_insert',
    sql: (after) => `
      INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
      SELECT ${AUDIT_NOW}, 'follow_up', f.id, f.customer_id, 'create', f.changed_by,
        (SELECT username FROM users WHERE id = f.changed_by), NULL, s.snapshot
      FROM follow_ups f JOIN follow_up_snapshots s ON s.id = f.id
      WHERE f.id > ${after} AND f.id > (
        SELECT coalesce(max(object_id), ${after}) FROM audit_log
        WHERE object = 'follow_up' AND object_id > ${after} AND action = 'create')
      ORDER BY f.id`,
  },
};

export async function suspendDerived(db: Db): Promise<void> {
  const rows = await db.all<SchemaRow>(sql`
    SELECT type, name, sql FROM sqlite_master
    WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
      AND tbl_name IN (${sql.join(
        bulkTables.map((table) => sql`${table}`),
        sql`, `,
      )})`);
  for (const table of bulkTables) {
    const catchUp = auditCatchUp[table];
    if (!rows.some((row) => row.name === catchUp.trigger)) continue;
    const [top] = await db.all<{ id: number }>(sql.raw(`SELECT coalesce(max(id), 0) AS id FROM ${table}`));
    const audit: SchemaRow = { type: 'audit', name: `${catchUp.trigger} (catch-up)`, sql: catchUp.sql(top?.id ?? 0) };
    // Before the trigger goes: from then on the table's new rows are this statement's to record.
    await db.insert(suspendedSchema).values(audit).onConflictDoNothing();
  }
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
  // The create entries the audit triggers did not write, one per loaded row, before they return.
  await step('audit', async () => {
    for (const row of suspended.filter((r) => r.type === 'audit')) {
      await db.run(sql.raw(row.sql));
      await db.delete(suspendedSchema).where(eq(suspendedSchema.name, row.name));
    }
  });
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
