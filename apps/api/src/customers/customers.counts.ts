import type { DueBucket } from '@crm/schema';
import { choiceFields } from '@crm/schema';
import {
  customerCounts,
  customerCountsByOwner,
  customerCountsByPrincipal,
  customers,
  dueCounts,
  dueCountsByOwner,
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
 * - choice filters, with `principal` or `owner` or neither: a sum over ≤ 3,360 rows of
 *   `customer_counts`, `customer_counts_by_principal` or `customer_counts_by_owner`;
 * - `due=` (with `principal` or `owner` or neither, no other filter): sums over `due_counts` by day;
 * - `q` through the trigram index: counted in the index (joined to customers for other filters);
 * - anything else counts the matches (docs/PERFORMANCE.md says what that costs).
 */
export async function countMatches(db: Db, filters: CustomerFilters, now: number): Promise<number> {
  const choicesOnly = choiceFields.every((field) => filters[field] === undefined);
  const scope = countScope(filters);
  if (filters.q === undefined && filters.due === undefined && scope) return countByChoices(db, filters, scope);
  if (filters.q === undefined && filters.due !== undefined && choicesOnly && scope) {
    return countDue(db, filters.due, scope, now, filters.tz ?? 'UTC');
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

/**
 * Whose customers a count is of, as the count tables key them: everyone's, one principal's or
 * one owner's. Both `principal` and `owner` at once have no table (null): their matches are counted.
 */
type CountScope = { principal?: string; owner?: number };

function countScope(filters: CustomerFilters): CountScope | null {
  if (filters.principal !== undefined && filters.owner !== undefined) return null;
  return { principal: filters.principal, owner: filters.owner };
}

/** The table of a scope and the condition that picks its rows from it. */
function scoped<All extends SQLiteTable, ByPrincipal extends SQLiteTable, ByOwner extends SQLiteTable>(
  scope: CountScope,
  tables: {
    all: All;
    principal: ByPrincipal & { principal: SQLiteColumn };
    owner: ByOwner & { owner_id: SQLiteColumn };
  },
) {
  if (scope.owner !== undefined) return { table: tables.owner, where: eq(tables.owner.owner_id, scope.owner) };
  if (scope.principal !== undefined) {
    return { table: tables.principal, where: eq(tables.principal.principal, scope.principal) };
  }
  return { table: tables.all, where: undefined };
}

async function countByChoices(db: Db, filters: CustomerFilters, scope: CountScope): Promise<number> {
  const { table, where } = scoped(scope, {
    all: customerCounts,
    principal: customerCountsByPrincipal,
    owner: customerCountsByOwner,
  });
  const conditions = choiceFields.map((field) => {
    const value = filters[field];
    return value === undefined ? undefined : eq(table[field], value);
  });
  conditions.push(where);
  return sumCounts(db, table, conditions);
}

const DAY_MS = 86_400_000;

/**
 * Live customers whose next_follow_up_at lies in [from, to) (from undefined: unbounded), of one
 * principal, one owner or all: whole UTC days from `due_counts`, the partial days at the ends
 * from the next_follow_up_at index (at most two days of entries).
 */
async function countDueRange(db: Db, from: number | undefined, to: number, scope: CountScope): Promise<number> {
  const next = customers.next_follow_up_at;
  const byIndex = async (start: number | undefined, end: number) => {
    if (start !== undefined && start >= end) return 0;
    const conditions = [live, lt(next, end)];
    conditions.push(start === undefined ? isNotNull(next) : gte(next, start));
    if (scope.principal !== undefined) conditions.push(eq(customers.principal, scope.principal));
    if (scope.owner !== undefined) conditions.push(eq(customers.owner_id, scope.owner));
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
    const { table, where } = scoped(scope, {
      all: dueCounts,
      principal: dueCountsByPrincipal,
      owner: dueCountsByOwner,
    });
    return sumCounts(db, table, [
      lt(table.day, endDay),
      firstDay === undefined ? undefined : gte(table.day, firstDay),
      where,
    ]);
  };
  const head = firstDay === undefined ? 0 : await byIndex(from, firstDay * DAY_MS);
  return head + (await byDay()) + (await byIndex(endDay * DAY_MS, to));
}

/** `due=` alone or with `principal=` or `owner=`: the bucket's range counted by day (see countDueRange). */
async function countDue(db: Db, due: DueBucket, scope: CountScope, now: number, tz: string) {
  switch (due) {
    case 'overdue':
      return countDueRange(db, undefined, now, scope);
    case 'today':
      return countDueRange(db, now, startOfDay(now, tz, 1), scope);
    case 'week':
      return countDueRange(db, now, startOfDay(now, tz, 7), scope);
    case 'none': {
      // Everyone minus everyone planned.
      const planned = await countDueRange(db, undefined, Number.MAX_SAFE_INTEGER, scope);
      return (await countByChoices(db, {}, scope)) - planned;
    }
  }
}
