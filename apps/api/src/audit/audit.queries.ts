import { auditLog } from '@crm/schema/tables';
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/types';

/** The user behind a write (`null`: the system, e.g. the trash retention purge). */
export type Actor = number | null;

const now = sql`CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER)`;
const usernameOf = (by: Actor) => sql`(SELECT username FROM users WHERE id = ${by})`;

/**
 * Purges trashed customers matching `where` (SQL over the `customer_snapshots` view): one
 * INSERT of the audit rows, whose trigger deletes each customer (and, by cascade, its log), so
 * the purge and its record commit together on every driver. Returns the purged ids.
 */
export async function purgeCustomersWhere(db: Db, where: SQL, by: Actor): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`
    INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
    SELECT ${now}, 'customer', id, id, 'purge', ${by}, ${usernameOf(by)}, snapshot, NULL
    FROM customer_snapshots WHERE deleted_at IS NOT NULL AND (${where})
    RETURNING object_id AS id`);
  return rows.map((row) => row.id);
}

/** Deletes a follow-up of a live customer through its audit row (see purgeCustomersWhere). */
export async function deleteFollowUpAudited(db: Db, id: number, by: Actor): Promise<boolean> {
  const rows = await db.all<{ id: number }>(sql`
    INSERT INTO audit_log (at, object, object_id, customer_id, action, user_id, username, before, after)
    SELECT ${now}, 'follow_up', id, customer_id, 'delete', ${by}, ${usernameOf(by)}, snapshot, NULL
    FROM follow_up_snapshots
    WHERE id = ${id} AND customer_id IN (SELECT id FROM customers WHERE deleted_at IS NULL)
    RETURNING object_id AS id`);
  return rows.length > 0;
}

interface AuditFilter {
  object?: 'customer' | 'follow_up' | 'user';
  id?: number;
  customerId?: number;
  /** The user who made the changes. No index: an admin's screen, over the retained history. */
  userId?: number;
  /** Only the history of the customers this user owns (`VISIBILITY=own` for sales). */
  ownerId?: number;
}

/**
 * The object is written as a literal, not a parameter: only then can SQLite use the partial
 * follow-up index. A customer's own rows are found through the customer index (a customer's
 * object_id is its customer_id).
 */
function auditConditions(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.object !== undefined) conditions.push(sql`${auditLog.object} = ${sql.raw(`'${filter.object}'`)}`);
  if (filter.id !== undefined) {
    const column = filter.object === 'customer' ? auditLog.customer_id : auditLog.object_id;
    conditions.push(eq(column, filter.id));
  }
  if (filter.customerId !== undefined) conditions.push(eq(auditLog.customer_id, filter.customerId));
  if (filter.userId !== undefined) conditions.push(eq(auditLog.user_id, filter.userId));
  if (filter.ownerId !== undefined) {
    conditions.push(sql`${auditLog.customer_id} IN (SELECT id FROM customers WHERE owner_id = ${filter.ownerId})`);
  }
  return and(...conditions);
}

/** History, newest first (ids grow with time, and break ties within a millisecond). */
export async function listAudit(db: Db, filter: AuditFilter, limit: number, offset: number) {
  const where = auditConditions(filter);
  const [rows, [total]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(limit).offset(offset),
    db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where),
  ]);
  return { rows, count: total?.n ?? 0 };
}

/**
 * Retention: drops history older than `cutoff`; returns how many rows went. Ids grow with `at`,
 * so the old rows are the ids below the first recent one, found by walking from the oldest: no
 * index on `at` for every write to keep.
 */
export async function purgeAuditBefore(db: Db, cutoff: number): Promise<number> {
  const firstKept = sql`(SELECT id FROM audit_log WHERE at >= ${cutoff} ORDER BY id LIMIT 1)`;
  const rows = await db
    .delete(auditLog)
    .where(sql`${auditLog.id} < coalesce(${firstKept}, (SELECT max(id) + 1 FROM audit_log))`)
    .returning({ id: auditLog.id });
  return rows.length;
}
