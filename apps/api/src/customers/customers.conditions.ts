import type { CustomerSearch, DueBucket } from '@crm/schema';
import { choiceFields } from '@crm/schema';
import { customers } from '@crm/schema/tables';
import { and, eq, gte, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { integer, type SQLiteColumn, sqliteTable } from 'drizzle-orm/sqlite-core';
import { startOfDay } from '../lib/time-zones';

/**
 * What selects customers: the filters of the search (`q`, the choices, `principal`, `due`) as
 * SQL conditions, shared by the search's pages (customers.search.ts), its counts
 * (customers.counts.ts) and the CSV export, so all three select the same customers.
 */

/** Not in the trash. */
export const live = isNull(customers.deleted_at);

/**
 * The search minus ordering and paging: what selects the matches (also used by the CSV export).
 * `owner` is a user id here: the route resolves `me` and the visibility (customers/access.ts).
 */
export type ResolvedSearch = Omit<CustomerSearch, 'owner'> & { owner?: number };
export type CustomerFilters = Omit<ResolvedSearch, 'ordering' | 'page' | 'page_size'>;

/**
 * The trigram index of migration 0005 (live customers only; rowid = customer id), declared here
 * for queries only: it is not in @crm/schema, so drizzle-kit leaves the virtual table alone.
 */
export const customersFts = sqliteTable('customers_fts', { rowid: integer('rowid').notNull() });
export const ftsMatch = (expression: string) => sql`customers_fts MATCH ${expression}`;

/** `%`, `_` and `\` are literal in a search term. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The trigram index answers terms of 3 characters or more; shorter ones have no trigram. */
const TRIGRAM = 3;
const hasTrigram = (term: string) => [...term].length >= TRIGRAM;

/** An FTS5 phrase: a case-insensitive substring under the trigram tokenizer. */
const phrase = (term: string) => `"${term.replace(/"/g, '""')}"`;

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

/** Every condition of the search, `q` too: the WHERE of a query over `customers`. */
export function searchConditions(filters: CustomerFilters, now: number, inPageOrder = false): SQL | undefined {
  const conditions = otherConditions(filters, now, inPageOrder);
  if (filters.q !== undefined) conditions.push(textMatch(filters.q));
  return and(...conditions);
}

/** Every condition of the search but `q`: beside an FTS match (see indexedText). */
export function otherConditions(filters: CustomerFilters, now: number, inPageOrder = false): SQL[] {
  const conditions: SQL[] = [live];
  for (const field of choiceFields) {
    const value = filters[field];
    if (value !== undefined) conditions.push(eq(customers[field], value));
  }
  if (filters.principal !== undefined) conditions.push(eq(customers.principal, filters.principal));
  if (filters.owner !== undefined) conditions.push(eq(customers.owner_id, filters.owner));
  if (filters.due !== undefined) conditions.push(dueMatch(filters.due, now, filters.tz ?? 'UTC', inPageOrder));
  return conditions;
}

/**
 * `q=` answered by the trigram index alone: the search reads the index's matches and joins the
 * customers, instead of testing every customer. Undefined when `q` is absent or needs a scan.
 */
export function indexedText(filters: CustomerFilters): string | undefined {
  if (filters.q === undefined) return undefined;
  const { match, scan } = textSearch(filters.q);
  return scan === undefined ? match : undefined;
}
