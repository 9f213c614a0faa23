import type { CustomerInput, CustomerPatch, CustomerSearch, DueBucket, Ordering } from '@crm/schema';
import { choiceFields } from '@crm/schema';
import { customerCounts, customers, followUps } from '@crm/schema/tables';
import { and, asc, desc, eq, gte, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { type Actor, purgeCustomersWhere } from '../audit/audit.queries';
import type { Db } from '../db/types';
import { followUpColumns } from '../follow-ups/follow-ups.serialize';
import { startOfDay } from '../lib/time-zones';
import { customerColumns } from './customers.serialize';

const live = isNull(customers.deleted_at);

/** Every write names its user (`changed_by`), which the audit triggers record with the change. */
export async function insertCustomer(db: Db, input: CustomerInput, now: number, by: Actor) {
  const [row] = await db
    .insert(customers)
    .values({ ...input, created_at: now, updated_at: now, changed_by: by })
    .returning(customerColumns);
  if (!row) throw new Error('customer insert returned no row');
  return row;
}

export async function findCustomer(db: Db, id: number) {
  const [row] = await db
    .select(customerColumns)
    .from(customers)
    .where(and(eq(customers.id, id), live))
    .limit(1);
  return row;
}

/** The customer's log, oldest first, as the detail page shows it. */
export async function findFollowUpsOf(db: Db, customerId: number) {
  return db
    .select(followUpColumns)
    .from(followUps)
    .innerJoin(customers, eq(customers.id, followUps.customer_id))
    .where(eq(followUps.customer_id, customerId))
    .orderBy(asc(followUps.time), asc(followUps.id));
}

/** Replaces or patches a live customer; undefined when there is none with that id. */
export async function updateCustomer(db: Db, id: number, changes: CustomerPatch, now: number, by: Actor) {
  const [row] = await db
    .update(customers)
    .set({ ...changes, updated_at: now, changed_by: by })
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

const orderColumns = {
  created_at: customers.created_at,
  updated_at: customers.updated_at,
  name: customers.name,
  id: customers.id,
  next_follow_up_at: customers.next_follow_up_at,
  last_contact_at: customers.last_contact_at,
} as const;

/** `-created_at` by default; ties broken by id in the same direction, so pages never overlap. */
function orderBy(ordering: Ordering = '-created_at'): SQL[] {
  const descending = ordering.startsWith('-');
  const column = orderColumns[ordering.replace(/^-/, '') as keyof typeof orderColumns];
  const direction = descending ? desc : asc;
  return column === customers.id ? [direction(customers.id)] : [direction(column), direction(customers.id)];
}

/** `%`, `_` and `\` are literal in a search term. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function textMatch(q: string): SQL {
  const pattern = likePattern(q);
  const like = (column: SQLiteColumn | SQL) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
  const matches = [
    like(customers.name),
    like(customers.email),
    like(customers.company_details),
    like(customers.address),
    like(customers.principal),
  ];
  // Phones match on their digits: `0404 730 855` finds `0404730855`.
  const digits = q.replace(/[\s+\-()]/g, '');
  if (/^\d+$/.test(digits)) matches.push(sql`${customers.phone_digits} LIKE ${likePattern(digits)}`);
  return or(...matches) as SQL;
}

function dueMatch(due: DueBucket, now: number, tz: string): SQL {
  const next = customers.next_follow_up_at;
  switch (due) {
    case 'none':
      return isNull(next);
    case 'overdue':
      return lt(next, now);
    case 'today':
      return and(gte(next, now), lt(next, startOfDay(now, tz, 1))) as SQL;
    case 'week':
      return and(gte(next, now), lt(next, startOfDay(now, tz, 7))) as SQL;
  }
}

type Filters = Omit<CustomerSearch, 'ordering' | 'page' | 'page_size'>;

function searchConditions(filters: Filters, now: number): SQL | undefined {
  const conditions: SQL[] = [live];
  for (const field of choiceFields) {
    const value = filters[field];
    if (value !== undefined) conditions.push(eq(customers[field], value));
  }
  if (filters.principal !== undefined) conditions.push(eq(customers.principal, filters.principal));
  if (filters.q !== undefined) conditions.push(textMatch(filters.q));
  if (filters.due !== undefined) conditions.push(dueMatch(filters.due, now, filters.tz ?? 'UTC'));
  return and(...conditions);
}

/**
 * The exact count DRF clients expect. With only the four choice filters it is a sum over
 * `customer_counts` (≤ 3,360 rows, kept by triggers); anything else counts the matches.
 */
async function countMatches(db: Db, filters: Filters, now: number): Promise<number> {
  const onlyChoices = filters.principal === undefined && filters.q === undefined && filters.due === undefined;
  if (onlyChoices) {
    const conditions = choiceFields.flatMap((field) => {
      const value = filters[field];
      return value === undefined ? [] : [eq(customerCounts[field], value)];
    });
    const [row] = await db
      .select({ n: sql<number>`coalesce(sum(${customerCounts.n}), 0)` })
      .from(customerCounts)
      .where(and(...conditions));
    return row?.n ?? 0;
  }
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(customers).where(searchConditions(filters, now));
  return row?.n ?? 0;
}

export async function searchCustomers(db: Db, search: CustomerSearch, limit: number, offset: number, now: number) {
  const [rows, count] = await Promise.all([
    db
      .select(customerColumns)
      .from(customers)
      .where(searchConditions(search, now))
      .orderBy(...orderBy(search.ordering))
      .limit(limit)
      .offset(offset),
    countMatches(db, search, now),
  ]);
  return { rows, count };
}
