import type { CustomerInput, CustomerPatch } from '@crm/schema';
import { customerFields } from '@crm/schema';
import { customers, followUps } from '@crm/schema/tables';
import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { type Actor, purgeCustomersWhere } from '../audit/audit.queries';
import { placeholdersFor, preparedPerDb } from '../db/prepared';
import type { Db } from '../db/types';
import { followUpColumns } from '../follow-ups/follow-ups.serialize';
import { ownerOf } from '../users/users.queries';
import { live } from './customers.conditions';
import { customerColumns } from './customers.serialize';

/**
 * One customer at a time: create, read, change, trash, restore and purge (and the trash's pages).
 * Searching many is customers.search.ts; their exact counts are customers.counts.ts.
 */

const customerInsert = preparedPerDb((db) =>
  db
    .insert(customers)
    .values({
      ...placeholdersFor(customerFields),
      created_at: sql.placeholder('now'),
      updated_at: sql.placeholder('now'),
      changed_by: sql.placeholder('by'),
      // The user the principal names, in the same statement (users/users.queries.ts).
      owner_id: ownerOf(sql`${sql.placeholder('principal')}`),
    })
    .returning(customerColumns)
    .prepare(),
);

/** Every write names its user (`changed_by`), which the audit triggers record with the change. */
export async function insertCustomer(db: Db, input: CustomerInput, now: number, by: Actor) {
  const row = await customerInsert(db).get({ ...input, now, by });
  if (!row) throw new Error('customer insert returned no row');
  return row;
}

const customerById = preparedPerDb((db) =>
  db
    .select(customerColumns)
    .from(customers)
    .where(and(eq(customers.id, sql.placeholder('id')), live))
    .limit(1)
    .prepare(),
);

/** `get`, not `all`: the sync driver's `all` opens a row iterator, twice the cost of one row. */
export async function findCustomer(db: Db, id: number) {
  return customerById(db).get({ id });
}

const followUpsByCustomer = preparedPerDb((db) =>
  db
    .select(followUpColumns)
    .from(followUps)
    .innerJoin(customers, eq(customers.id, followUps.customer_id))
    .where(eq(followUps.customer_id, sql.placeholder('customerId')))
    .orderBy(asc(followUps.time), asc(followUps.id))
    .prepare(),
);

/** The customer's log, oldest first, as the detail page shows it. */
export async function findFollowUpsOf(db: Db, customerId: number) {
  return followUpsByCustomer(db).all({ customerId });
}

/** Replaces or patches a live customer; undefined when there is none with that id. */
export async function updateCustomer(db: Db, id: number, changes: CustomerPatch, now: number, by: Actor) {
  const [row] = await db
    .update(customers)
    .set({
      ...changes,
      updated_at: now,
      changed_by: by,
      // A new principal links its user, or unlinks for free text; other writes keep the owner.
      ...(changes.principal === undefined ? {} : { owner_id: ownerOf(changes.principal) }),
    })
    .where(and(eq(customers.id, id), live))
    .returning(customerColumns);
  return row;
}

/** Moves a customer to the trash; false when there is no live customer with that id. */
export async function trashCustomer(db: Db, id: number, now: number, by: Actor): Promise<boolean> {
  const rows = await db
    .update(customers)
    .set({ deleted_at: now, changed_by: by })
    .where(and(eq(customers.id, id), live))
    .returning({ id: customers.id });
  return rows.length > 0;
}

export async function restoreCustomer(db: Db, id: number, by: Actor) {
  const [row] = await db
    .update(customers)
    .set({ deleted_at: null, changed_by: by })
    .where(and(eq(customers.id, id), isNotNull(customers.deleted_at)))
    .returning(customerColumns);
  return row;
}

/** Deletes a trashed customer for good, audited; its log goes with it (ON DELETE CASCADE). */
export async function purgeCustomer(db: Db, id: number, by: Actor): Promise<boolean> {
  return (await purgeCustomersWhere(db, sql`id = ${id}`, by)).length > 0;
}

/** Purges everything trashed before `cutoff` (the system's retention, audited as nobody's). */
export async function purgeTrashedBefore(db: Db, cutoff: number): Promise<number> {
  return (await purgeCustomersWhere(db, sql`deleted_at < ${cutoff}`, null)).length;
}

/** A page of the trash, most recently deleted first, with `deleted_at` for the purge date. */
export async function listTrash(db: Db, limit: number, offset: number) {
  const trashed = isNotNull(customers.deleted_at);
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...customerColumns, deleted_at: customers.deleted_at })
      .from(customers)
      .where(trashed)
      .orderBy(desc(customers.deleted_at), desc(customers.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: sql<number>`count(*)` }).from(customers).where(trashed),
  ]);
  return { rows, count: total?.n ?? 0 };
}
