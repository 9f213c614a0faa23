import type { CustomerInput, CustomerPatch, CustomerSearch, DueBucket, Ordering } from '@crm/schema';
import { choiceFields, customerFields } from '@crm/schema';
import {
  customerCounts,
  customerCountsByPrincipal,
  customers,
  dueCounts,
  dueCountsByPrincipal,
  followUps,
} from '@crm/schema/tables';
import { and, asc, desc, eq, gte, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { integer, type SQLiteColumn, type SQLiteTable, sqliteTable } from 'drizzle-orm/sqlite-core';
import { type Actor, purgeCustomersWhere } from '../audit/audit.queries';
import { placeholdersFor, preparedPerDb } from '../db/prepared';
import type { Db } from '../db/types';
import { followUpColumns } from '../follow-ups/follow-ups.serialize';
import { startOfDay } from '../lib/time-zones';
import { customerColumns } from './customers.serialize';

const live = isNull(customers.deleted_at);

const customerInsert = preparedPerDb((db) =>
  db
    .insert(customers)
    .values({
      ...placeholdersFor(customerFields),
      created_at: sql.placeholder('now'),
      updated_at: sql.placeholder('now'),
      changed_by: sql.placeholder('by'),
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

/** The trigram index answers terms of 3 characters or more; shorter ones have no trigram. */
const TRIGRAM = 3;
const hasTrigram = (term: string) => [...term].length >= TRIGRAM;

/** An FTS5 phrase: a case-insensitive substring under the trigram tokenizer. */
const phrase = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * The trigram index of migration 0005 (live customers only; rowid = customer id), declared here
 * for queries only: it is not in @crm/schema, so drizzle-kit leaves the virtual table alone.
 */
const customersFts = sqliteTable('customers_fts', { rowid: integer('rowid').notNull() });
const ftsMatch = (expression: string) => sql`customers_fts MATCH ${expression}`;

/** `q=` split into what the trigram index answers (`match`) and what needs a scan (`scan`). */
interface TextSearch {
  match?: string;
  scan?: SQL;
}

/**
 * `q=`: a case-insensitive substring of the text fields, or of the phone digits. Through the
 * `customers_fts` trigram index when the term has a trigram, else a LIKE over every row: short
 * terms match so many rows that a page fills early, but their count scans (docs/PERFORMANCE.md).
 */
function textSearch(q: string): TextSearch {
  // Phones match on their digits: `0404 730 855` finds `0404730855`.
  const stripped = q.replace(/[\s+\-()]/g, '');
  const digits = /^\d+$/.test(stripped) ? stripped : undefined;
  const indexed: string[] = [];
  const scanned: SQL[] = [];
  if (hasTrigram(q)) {
    // Every column, `phone_digits` too: it holds digits only, so the phrase can match there
    // only when `q` is all digits, and then it is the digits phrase below. A column filter
    // makes FTS5 read each match's column list: counts of broad terms measured 15–45 % slower.
    indexed.push(phrase(q));
  } else {
    const pattern = likePattern(q);
    const like = (column: SQLiteColumn | SQL) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
    scanned.push(
      like(customers.name),
      like(customers.email),
      like(customers.company_details),
      like(customers.address),
      like(customers.principal),
    );
  }
  const digitsCovered = digits === q && hasTrigram(q);
  if (digits !== undefined && !digitsCovered) {
    if (hasTrigram(digits)) indexed.push(`phone_digits : ${phrase(digits)}`);
    else scanned.push(sql`${customers.phone_digits} LIKE ${likePattern(digits)}`);
  }
  return {
    match: indexed.length > 0 ? indexed.join(' OR ') : undefined,
    scan: scanned.length > 0 ? (or(...scanned) as SQL) : undefined,
  };
}

function textMatch(q: string): SQL {
  const { match, scan } = textSearch(q);
  const indexed =
    match === undefined
      ? undefined
      : sql`${customers.id} IN (SELECT rowid FROM customers_fts WHERE ${ftsMatch(match)})`;
  return or(indexed, scan) as SQL;
}

/**
 * `inPageOrder`: the page reads an index in creation order, which carries next_follow_up_at, and
 * tests the bucket inside it (a count of an open bucket mixed with a choice filter sets it too,
 * to go through that filter's index). `+` keeps SQLite from taking the next_follow_up_at range instead
 * and sorting it: without sqlite_stat4 it cannot tell a bucket of ten rows from one of 300,000.
 */
function dueMatch(due: DueBucket, now: number, tz: string, inPageOrder = false): SQL {
  const next = inPageOrder ? sql`+${customers.next_follow_up_at}` : sql`${customers.next_follow_up_at}`;
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

/** The search minus ordering and paging: what selects the matches (also used by the CSV export). */
export type CustomerFilters = Omit<CustomerSearch, 'ordering' | 'page' | 'page_size'>;

export function searchConditions(filters: CustomerFilters, now: number, inPageOrder = false): SQL | undefined {
  const conditions = otherConditions(filters, now, inPageOrder);
  if (filters.q !== undefined) conditions.push(textMatch(filters.q));
  return and(...conditions);
}

/** Every condition of the search but `q`. */
function otherConditions(filters: CustomerFilters, now: number, inPageOrder = false): SQL[] {
  const conditions: SQL[] = [live];
  for (const field of choiceFields) {
    const value = filters[field];
    if (value !== undefined) conditions.push(eq(customers[field], value));
  }
  if (filters.principal !== undefined) conditions.push(eq(customers.principal, filters.principal));
  if (filters.due !== undefined) conditions.push(dueMatch(filters.due, now, filters.tz ?? 'UTC', inPageOrder));
  return conditions;
}

/**
 * `q=` answered by the trigram index alone: the search reads the index's matches and joins the
 * customers, instead of testing every customer. Undefined when `q` is absent or needs a scan.
 */
function indexedText(filters: CustomerFilters): string | undefined {
  if (filters.q === undefined) return undefined;
  const { match, scan } = textSearch(filters.q);
  return scan === undefined ? match : undefined;
}

/**
 * Orderings that are the order of ids: `created_at` is read-only and set to the time of the
 * insert that assigned the (increasing) id, so creation time and id sort alike, ties by id.
 */
const idOrderings = new Set<Ordering>(['-created_at', 'created_at', '-id', 'id']);

/**
 * The exact count DRF clients expect, from counts kept by triggers where the filters allow:
 * - choice filters, with or without `principal`: a sum over ≤ 3,360 rows of `customer_counts`
 *   or `customer_counts_by_principal`;
 * - `due=` (with or without `principal`, no other filter): sums over `due_counts` by day;
 * - `q` through the trigram index: counted in the index (joined to customers for other filters);
 * - anything else counts the matches (docs/PERFORMANCE.md says what that costs).
 */
export async function countMatches(db: Db, filters: CustomerFilters, now: number): Promise<number> {
  const choicesOnly = choiceFields.every((field) => filters[field] === undefined);
  if (filters.q === undefined && filters.due === undefined) return countByChoices(db, filters);
  if (filters.q === undefined && filters.due !== undefined && choicesOnly) {
    return countDue(db, filters.due, filters.principal, now, filters.tz ?? 'UTC');
  }
  const match = indexedText(filters);
  if (match !== undefined) {
    const others = otherConditions(filters, now);
    // The index holds live customers only: alone, `q` is counted without reading a customer.
    const [row] =
      others.length === 1
        ? await db.select({ n: sql<number>`count(*)` }).from(customersFts).where(ftsMatch(match))
        : await db
            .select({ n: sql<number>`count(*)` })
            .from(customersFts)
            .innerJoin(customers, eq(customers.id, customersFts.rowid))
            .where(and(ftsMatch(match), ...others));
    return row?.n ?? 0;
  }
  // An open bucket (overdue, none) holds most planned customers: counted through the index of a
  // choice filter mixed in, not by walking the bucket's range (measured 5 s at a million).
  const openBucket = filters.due === 'overdue' || filters.due === 'none';
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(customers)
    .where(searchConditions(filters, now, openBucket && !choiceFields.every((field) => filters[field] === undefined)));
  return row?.n ?? 0;
}

/** `sum(n)` of the rows of a count table that meet `where`. */
async function sumCounts(db: Db, table: SQLiteTable & { n: SQLiteColumn }, where: (SQL | undefined)[]) {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${table.n}), 0)` })
    .from(table)
    .where(and(...where));
  return row?.n ?? 0;
}

async function countByChoices(db: Db, filters: CustomerFilters): Promise<number> {
  const table = filters.principal === undefined ? customerCounts : customerCountsByPrincipal;
  const conditions = choiceFields.map((field) => {
    const value = filters[field];
    return value === undefined ? undefined : eq(table[field], value);
  });
  if (filters.principal !== undefined) conditions.push(eq(customerCountsByPrincipal.principal, filters.principal));
  return sumCounts(db, table, conditions);
}

const DAY_MS = 86_400_000;

/**
 * Live customers whose next_follow_up_at lies in [from, to) (from undefined: unbounded), of one
 * principal or all: whole UTC days from `due_counts`, the partial days at the ends from the
 * next_follow_up_at index (at most two days of entries).
 */
async function countDueRange(db: Db, from: number | undefined, to: number, principal?: string): Promise<number> {
  const next = customers.next_follow_up_at;
  const byIndex = async (start: number | undefined, end: number) => {
    if (start !== undefined && start >= end) return 0;
    const conditions = [live, lt(next, end)];
    conditions.push(start === undefined ? isNotNull(next) : gte(next, start));
    if (principal !== undefined) conditions.push(eq(customers.principal, principal));
    const [row] = await db
      .select({ n: sql<number>`count(*)` })
      .from(customers)
      .where(and(...conditions));
    return row?.n ?? 0;
  };
  const firstDay = from === undefined ? undefined : Math.ceil(from / DAY_MS);
  const endDay = Math.floor(to / DAY_MS);
  if (firstDay !== undefined && firstDay >= endDay) return byIndex(from, to);
  const byDay = () => {
    const table = principal === undefined ? dueCounts : dueCountsByPrincipal;
    return sumCounts(db, table, [
      lt(table.day, endDay),
      firstDay === undefined ? undefined : gte(table.day, firstDay),
      principal === undefined ? undefined : eq(dueCountsByPrincipal.principal, principal),
    ]);
  };
  const head = firstDay === undefined ? 0 : await byIndex(from, firstDay * DAY_MS);
  return head + (await byDay()) + (await byIndex(endDay * DAY_MS, to));
}

/** `due=` alone or with `principal=`: the bucket's range counted by day (see countDueRange). */
async function countDue(db: Db, due: DueBucket, principal: string | undefined, now: number, tz: string) {
  switch (due) {
    case 'overdue':
      return countDueRange(db, undefined, now, principal);
    case 'today':
      return countDueRange(db, now, startOfDay(now, tz, 1), principal);
    case 'week':
      return countDueRange(db, now, startOfDay(now, tz, 7), principal);
    case 'none': {
      // Everyone minus everyone planned.
      const planned = await countDueRange(db, undefined, Number.MAX_SAFE_INTEGER, principal);
      return (await countByChoices(db, { principal })) - planned;
    }
  }
}

/**
 * One page of matches, in the requested order: the query itself, awaited by the caller, so the
 * plan-guard tests (query-plans.test.ts) can read its SQL.
 */
export function searchPage(db: Db, search: CustomerSearch, limit: number, offset: number, now: number) {
  const ordering = search.ordering ?? '-created_at';
  const match = indexedText(search);
  if (match !== undefined && idOrderings.has(ordering)) {
    // The index yields matches in rowid order: a page stops after its rows, with no sort.
    return db
      .select(customerColumns)
      .from(customersFts)
      .innerJoin(customers, eq(customers.id, customersFts.rowid))
      .where(and(ftsMatch(match), ...otherConditions(search, now, true)))
      .orderBy(ordering.startsWith('-') ? desc(customersFts.rowid) : asc(customersFts.rowid))
      .limit(limit)
      .offset(offset);
  }
  return db
    .select(customerColumns)
    .from(customers)
    .where(searchConditions(search, now, ordering.endsWith('created_at')))
    .orderBy(...orderBy(search.ordering))
    .limit(limit)
    .offset(offset);
}

export async function searchCustomers(db: Db, search: CustomerSearch, limit: number, offset: number, now: number) {
  const [rows, count] = await Promise.all([searchPage(db, search, limit, offset, now), countMatches(db, search, now)]);
  return { rows, count };
}
