import type { Ordering, orderingFields } from '@crm/schema';
import { customers } from '@crm/schema/tables';
import { and, asc, desc, eq, gt, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/types';
import {
  type CustomerFilters,
  customersFts,
  ftsMatch,
  indexedText,
  otherConditions,
  type ResolvedSearch,
  searchConditions,
} from './customers.conditions';
import { countMatches } from './customers.counts';
import { customerColumns } from './customers.serialize';

/**
 * The search's rows: a page in the requested order (GET /api/customer/customers/) and every
 * match by id (the CSV export). What selects them is customers.conditions.ts; the count beside a
 * page is customers.counts.ts.
 */

/** The column of each field `ordering=` accepts (packages/schema's `orderingFields`). */
const orderColumns = {
  created_at: customers.created_at,
  updated_at: customers.updated_at,
  name: customers.name,
  id: customers.id,
  next_follow_up_at: customers.next_follow_up_at,
  last_contact_at: customers.last_contact_at,
} satisfies Record<(typeof orderingFields)[number], SQLiteColumn>;

/** `-created_at` by default; ties broken by id in the same direction, so pages never overlap. */
function orderBy(ordering: Ordering = '-created_at'): SQL[] {
  const descending = ordering.startsWith('-');
  const column = orderColumns[ordering.replace(/^-/, '') as keyof typeof orderColumns];
  const direction = descending ? desc : asc;
  return column === customers.id ? [direction(customers.id)] : [direction(column), direction(customers.id)];
}

/**
 * Orderings that are the order of ids: `created_at` is read-only and set to the time of the
 * insert that assigned the (increasing) id, so creation time and id sort alike, ties by id.
 */
const idOrderings = new Set<Ordering>(['-created_at', 'created_at', '-id', 'id']);

/**
 * One page of matches, in the requested order: the query itself, awaited by the caller, so the
 * plan-guard tests (query-plans.test.ts) can read its SQL.
 */
export function searchPage(db: Db, search: ResolvedSearch, limit: number, offset: number, now: number) {
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

/** A page of matches and the exact count of all of them, as DRF's paginated list answers. */
export async function searchCustomers(db: Db, search: ResolvedSearch, limit: number, offset: number, now: number) {
  const [rows, count] = await Promise.all([searchPage(db, search, limit, offset, now), countMatches(db, search, now)]);
  return { rows, count };
}

/**
 * Every live customer matching `filters`, by ascending id, `pageRows` at a time (the CSV
 * export). Keyset paging (`id > last`) keeps each query cheap, holds no read transaction open
 * between pages (a slow HTTP client cannot pin the WAL) and works the same on every driver.
 */
export async function* customerPagesById(db: Db, filters: CustomerFilters, now: number, pageRows: number) {
  const where = searchConditions(filters, now);
  let after = 0;
  for (;;) {
    const rows = await db
      .select(customerColumns)
      .from(customers)
      .where(and(where, gt(customers.id, after)))
      .orderBy(asc(customers.id))
      .limit(pageRows);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]?.id ?? after;
    if (rows.length < pageRows) return;
  }
}
