import { suspendedSchema } from '@crm/schema/tables';
import { eq, sql } from 'drizzle-orm';
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
 *
 * The audit triggers go with the rest, so the history gets the rows' create entries from one
 * INSERT … SELECT per table at the end instead (one entry per row, with its values, as a
 * single write would have), dated when the load finishes. Measured at 1,000,000 customers and
 * 3,000,000 entries: 25 s of a 246 s seed (10 %, on a busy two-core machine) and 1.24 GB more
 * in the 2.9 GB file, the snapshots most of it (see auditCatchUp).
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
 * triggers went), one per row as the dropped audit triggers would have written them, by
 * INSERT … SELECT over ranges of ids at the end: the snapshots come from the views the deletes
 * use (migration 0003), so their JSON is the triggers'. Ascending ids keep the audit indexes
 * appending. `suspended_schema` keeps the table's `after` (in its `sql` column) until they are
 * written; a restore that dies half-way resumes after the last entry written, as only this
 * writes entries above `after` while the triggers are away.
 */
const auditCatchUp = {
  customers: {
    trigger: 'customers_audit_insert',
    written: (after: number) => sql`
      SELECT coalesce(max(customer_id), ${after}) AS id FROM audit_log
      WHERE customer_id > ${after} AND object = 'customer' AND action = 'create'`,
    insert: (from: number, to: number) => sql`
      INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
      SELECT ${sql.raw(AUDIT_NOW)}, 'customer', c.id, c.id, 'create', c.changed_by,
        (SELECT username FROM users WHERE id = c.changed_by), NULL, s.snapshot
      FROM customers c JOIN customer_snapshots s ON s.id = c.id
      WHERE c.id BETWEEN ${from} AND ${to} ORDER BY c.id`,
  },
  follow_ups: {
    trigger: 'follow_ups_audit_insert',
    written: (after: number) => sql`
      SELECT coalesce(max(object_id), ${after}) AS id FROM audit_log
      WHERE object = 'follow_up' AND object_id > ${after} AND action = 'create'`,
    insert: (from: number, to: number) => sql`
      INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
      SELECT ${sql.raw(AUDIT_NOW)}, 'follow_up', f.id, f.customer_id, 'create', f.changed_by,
        (SELECT username FROM users WHERE id = f.changed_by), NULL, s.snapshot
      FROM follow_ups f JOIN follow_up_snapshots s ON s.id = f.id
      WHERE f.id BETWEEN ${from} AND ${to} ORDER BY f.id`,
  },
} as const satisfies Record<(typeof bulkTables)[number], unknown>;

/**
 * Ids per statement where a rebuild step walks a table: short enough that the progress moves
 * every second or two at a million rows, long enough that statements are not the cost.
 */
const RANGE_IDS = 50_000;

const maxId = async (db: Db, table: string) =>
  (await db.all<{ id: number }>(sql.raw(`SELECT coalesce(max(id), 0) AS id FROM ${table}`)))[0]?.id ?? 0;

export async function suspendDerived(db: Db): Promise<void> {
  const rows = await db.all<SchemaRow>(sql`
    SELECT type, name, sql FROM sqlite_master
    WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
      AND tbl_name IN (${sql.join(
        bulkTables.map((table) => sql`${table}`),
        sql`, `,
      )})`);
  for (const table of bulkTables) {
    if (!rows.some((row) => row.name === auditCatchUp[table].trigger)) continue;
    // Before the trigger goes: from then on the table's new rows are the catch-up's to record.
    const audit: SchemaRow = { type: 'audit', name: table, sql: String(await maxId(db, table)) };
    await db.insert(suspendedSchema).values(audit).onConflictDoNothing();
  }
  for (const row of rows) {
    // Remembered before it is dropped, so a crash in between loses nothing.
    await db.insert(suspendedSchema).values(row).onConflictDoNothing();
    await db.run(sql.raw(`DROP ${row.type === 'index' ? 'INDEX' : 'TRIGGER'} IF EXISTS "${row.name}"`));
  }
}

/** The steps of a restore, in order (`contact times` only when asked for). */
export type RestoreStep =
  | 'indexes'
  | 'contact times'
  | 'counts'
  | 'owners'
  | 'search index'
  | 'search index merge'
  | 'audit'
  | 'triggers'
  | 'statistics';

export interface RestoreOptions {
  /** Told each rebuild step and its duration in ms (the bench prints them). */
  onStep?: (step: RestoreStep, ms: number) => void;
  /**
   * Told as a step goes: `done` of `total` in `unit` (0 when it starts, `total` when it ends),
   * between its statements; the CLI draws its progress bars from it.
   */
  onProgress?: (step: RestoreStep, done: number, total: number, unit: string) => void;
  /**
   * Recompute every customer's `last_contact_at`/`next_follow_up_at` from its log: needed when
   * follow-ups were loaded without them (the seed writes them itself and skips this).
   */
  contacts?: boolean;
}

export async function restoreDerived(db: Db, options: RestoreOptions = {}): Promise<void> {
  const suspended = await db.select().from(suspendedSchema);
  if (suspended.length === 0) return;
  /** Runs one step: `run` gets `advance(done)` to report how far it is. */
  const step = async (
    name: RestoreStep,
    total: number,
    unit: string,
    run: (advance: (done: number) => void) => unknown,
  ) => {
    const started = performance.now();
    options.onProgress?.(name, 0, total, unit);
    await run((done) => options.onProgress?.(name, done, total, unit));
    options.onProgress?.(name, total, total, unit);
    options.onStep?.(name, performance.now() - started);
  };
  /** Statements one by one, as the step's progress. */
  const statements = (name: RestoreStep, unit: string, list: (() => unknown)[]) =>
    step(name, list.length, unit, async (advance) => {
      for (const [i, run] of list.entries()) {
        await run();
        advance(i + 1);
      }
    });

  // Indexes first: the rebuilds below read through them.
  await statements(
    'indexes',
    'indexes',
    suspended
      .filter((r) => r.type === 'index')
      .map(
        (row) => () => db.run(sql.raw(row.sql.replace(/^CREATE (UNIQUE )?INDEX /i, 'CREATE $1INDEX IF NOT EXISTS '))),
      ),
  );
  if (options.contacts) {
    await statements('contact times', 'statements', [
      () =>
        db.run(sql`
          UPDATE customers SET (last_contact_at, next_follow_up_at) = (
            SELECT time, next_time FROM follow_ups WHERE customer_id = customers.id ORDER BY time DESC, id DESC LIMIT 1
          )`),
    ]);
  }
  // Two passes over the customers, not four: the totals are the per-principal counts summed
  // (a few thousand rows, not a million).
  await statements('counts', 'statements', [
    () => db.run(sql`DELETE FROM customer_counts_by_principal`),
    () =>
      db.run(sql`
        INSERT INTO customer_counts_by_principal (principal, customer_type, lead_source, customer_industry, follow_up_status, n)
        SELECT principal, customer_type, lead_source, customer_industry, follow_up_status, count(*)
        FROM customers WHERE deleted_at IS NULL
        GROUP BY principal, customer_type, lead_source, customer_industry, follow_up_status`),
    () => db.run(sql`DELETE FROM customer_counts`),
    () =>
      db.run(sql`
        INSERT INTO customer_counts (customer_type, lead_source, customer_industry, follow_up_status, n)
        SELECT customer_type, lead_source, customer_industry, follow_up_status, sum(n)
        FROM customer_counts_by_principal
        GROUP BY customer_type, lead_source, customer_industry, follow_up_status`),
    () => db.run(sql`DELETE FROM due_counts_by_principal`),
    () =>
      db.run(sql`
        INSERT INTO due_counts_by_principal (principal, day, n)
        SELECT principal, next_follow_up_at / 86400000, count(*) FROM customers
        WHERE deleted_at IS NULL AND next_follow_up_at IS NOT NULL GROUP BY 1, 2`),
    () => db.run(sql`DELETE FROM due_counts`),
    () => db.run(sql`INSERT INTO due_counts (day, n) SELECT day, sum(n) FROM due_counts_by_principal GROUP BY day`),
  ]);
  // Loaded principals that name a user make that user the owner; then the owners' counts.
  await statements('owners', 'statements', [
    () => linkUnowned(db, null),
    () => db.run(sql`DELETE FROM customer_counts_by_owner`),
    () =>
      db.run(sql`
        INSERT INTO customer_counts_by_owner (owner_id, customer_type, lead_source, customer_industry, follow_up_status, n)
        SELECT owner_id, customer_type, lead_source, customer_industry, follow_up_status, count(*)
        FROM customers WHERE deleted_at IS NULL AND owner_id IS NOT NULL
        GROUP BY owner_id, customer_type, lead_source, customer_industry, follow_up_status`),
    () => db.run(sql`DELETE FROM due_counts_by_owner`),
    () =>
      db.run(sql`
        INSERT INTO due_counts_by_owner (owner_id, day, n)
        SELECT owner_id, next_follow_up_at / 86400000, count(*) FROM customers
        WHERE deleted_at IS NULL AND owner_id IS NOT NULL AND next_follow_up_at IS NOT NULL GROUP BY 1, 2`),
  ]);
  // In rowid order: FTS5 appends to its in-memory doclists while rowids rise and writes a segment
  // each time one falls, so rows in the order of some partial index (name, say) were 7× slower.
  // Ranges of ids, still rising, so the bar moves (its rows are counted as ids: dense after a load).
  const lastCustomer = await maxId(db, 'customers');
  await step('search index', lastCustomer, 'rows', async (advance) => {
    await db.run(sql`INSERT INTO customers_fts (customers_fts) VALUES ('delete-all')`);
    for (let from = 1; from <= lastCustomer; from += RANGE_IDS) {
      const to = Math.min(lastCustomer, from + RANGE_IDS - 1);
      await db.run(sql`
        INSERT INTO customers_fts (rowid, name, email, company_details, address, principal, phone_digits)
        SELECT id, name, email, company_details, address, principal, phone_digits FROM customers
        WHERE deleted_at IS NULL AND id BETWEEN ${from} AND ${to} ORDER BY id`);
      advance(to);
    }
  });
  // Merge the index segments the refill wrote, so searches read one b-tree per trigram.
  await statements('search index merge', 'statements', [
    () => db.run(sql`INSERT INTO customers_fts (customers_fts) VALUES ('optimize')`),
  ]);
  // The create entries the audit triggers did not write, one per loaded row, before they return.
  const catchUps = await Promise.all(
    suspended
      .filter((r) => r.type === 'audit')
      .map(async (row) => {
        const table = row.name as keyof typeof auditCatchUp;
        const [written] = await db.all<{ id: number }>(auditCatchUp[table].written(Number(row.sql)));
        return { row, table, from: (written?.id ?? Number(row.sql)) + 1, to: await maxId(db, table) };
      }),
  );
  const toRecord = catchUps.reduce((sum, { from, to }) => sum + Math.max(0, to - from + 1), 0);
  await step('audit', toRecord, 'rows', async (advance) => {
    let done = 0;
    for (const { row, table, from, to } of catchUps) {
      for (let first = from; first <= to; first += RANGE_IDS) {
        const last = Math.min(to, first + RANGE_IDS - 1);
        await db.run(auditCatchUp[table].insert(first, last));
        done += last - first + 1;
        advance(done);
      }
      await db.delete(suspendedSchema).where(eq(suspendedSchema.name, row.name));
    }
  });
  const triggers = suspended.filter((r) => r.type === 'trigger');
  await statements('triggers', 'triggers', [
    ...triggers.map(
      (row) => () => db.run(sql.raw(row.sql.replace(/^CREATE TRIGGER /i, 'CREATE TRIGGER IF NOT EXISTS '))),
    ),
    () => db.delete(suspendedSchema),
  ]);
  await statements('statistics', 'statements', [() => analyze(db)]);
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
