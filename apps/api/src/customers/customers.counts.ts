import type { DueBucket } from '@crm/schema';
import { choiceFields } from '@crm/schema';
import {
  customerCounts,
  customerCountsByPrincipal,
  customers,
  dueCounts,
  dueCountsByPrincipal,
} from '@crm/schema/tables';
import { and, eq, gte, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/types';
import { startOfDay } from '../lib/time-zones';
import {
  type CustomerFilters,
  customersFts,
  ftsMatch,
  indexedText,
  live,
  otherConditions,
  searchConditions,
} from './customers.conditions';

/**
 * The exact count DRF clients expect, from counts kept by triggers where the filters allow
 * (the count tables and their triggers: db/README.md):
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
    .where(searchConditions(filters, now, openBucket && !choicesOnly));
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
