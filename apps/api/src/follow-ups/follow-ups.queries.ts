import { type FollowUpInput, type FollowUpListQuery, type FollowUpPatch, followUpInput } from '@crm/schema';
import { customers, followUps } from '@crm/schema/tables';
import { and, asc, eq, gte, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { type Actor, deleteFollowUpAudited } from '../audit/audit.queries';
import { placeholdersFor, preparedPerDb } from '../db/prepared';
import type { Db } from '../db/types';
import { followUpColumns } from './follow-ups.serialize';

const followUpInsert = preparedPerDb((db) =>
  db
    .insert(followUps)
    .values({
      ...placeholdersFor(followUpInput.shape),
      created_at: sql.placeholder('now'),
      changed_by: sql.placeholder('by'),
    })
    .returning({ id: followUps.id })
    .prepare(),
);

/**
 * One INSERT; the `follow_ups_insert_contact` trigger moves the customer's `last_contact_at` and
 * `next_follow_up_at` in the same statement, so the two can never disagree.
 */
export async function insertFollowUp(db: Db, input: FollowUpInput, now: number, by: Actor) {
  const inserted = await followUpInsert(db).get({ ...input, now, by });
  if (!inserted) throw new Error('follow-up insert returned no row');
  return findFollowUp(db, inserted.id);
}

const followUpById = preparedPerDb((db) =>
  db
    .select(followUpColumns)
    .from(followUps)
    .innerJoin(customers, eq(customers.id, followUps.customer_id))
    .where(and(eq(followUps.id, sql.placeholder('id')), isNull(customers.deleted_at)))
    .limit(1)
    .prepare(),
);

export async function findFollowUp(db: Db, id: number) {
  return followUpById(db).get({ id });
}

export async function updateFollowUp(db: Db, id: number, changes: FollowUpPatch, by: Actor) {
  if (Object.keys(changes).length > 0) {
    await db
      .update(followUps)
      .set({ ...changes, changed_by: by })
      .where(
        and(eq(followUps.id, id), sql`${followUps.customer_id} IN (SELECT id FROM customers WHERE deleted_at IS NULL)`),
      );
  }
  return findFollowUp(db, id);
}

/** Deletes an entry of a live customer, audited in the same statement. */
export async function deleteFollowUp(db: Db, id: number, by: Actor): Promise<boolean> {
  return deleteFollowUpAudited(db, id, by);
}

/** Planned follow-ups (entries with a `next_time`) of live customers, soonest first. */
export async function listPlannedFollowUps(
  db: Db,
  query: Omit<FollowUpListQuery, 'owner'> & { owner?: number },
  limit: number,
  offset: number,
) {
  const conditions: SQL[] = [isNotNull(followUps.next_time), isNull(customers.deleted_at)];
  if (query.owner !== undefined) conditions.push(eq(customers.owner_id, query.owner));
  if (query.customer_id !== undefined) conditions.push(eq(followUps.customer_id, query.customer_id));
  if (query.principal !== undefined) conditions.push(eq(followUps.principal, query.principal));
  if (query.due_before !== undefined) conditions.push(lt(followUps.next_time, query.due_before));
  if (query.due_after !== undefined) conditions.push(gte(followUps.next_time, query.due_after));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select(followUpColumns)
      .from(followUps)
      .innerJoin(customers, eq(customers.id, followUps.customer_id))
      .where(where)
      .orderBy(asc(followUps.next_time), asc(followUps.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: sql<number>`count(*)` })
      .from(followUps)
      .innerJoin(customers, eq(customers.id, followUps.customer_id))
      .where(where),
  ]);
  return { rows, count: total?.n ?? 0 };
}
