import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { choiceFields, choices } from '@crm/schema';
import { type SQL, sql } from 'drizzle-orm';
import { type BunDatabase, createDb } from '../db/create-db';
import type { Db } from '../db/types';
import type { ResolvedSearch } from './customers.conditions';
import { searchPage } from './customers.search';

/**
 * Plan guards: the page queries of the search keep reading an index in page order at a
 * million customers. Instead of a big database, `sqlite_stat1` gets the statistics ANALYZE
 * writes for 1,000,000 customers (3 log entries each) of the bench's data, so SQLite plans here
 * as it would there; the test stays fast and stable. A plan that sorts (`USE TEMP B-TREE FOR
 * ORDER BY`) or scans the table reads every match before the first row: seconds at that size.
 */

const N = 1_000_000;
const perValue = (values: readonly string[]) => Math.round(N / values.length);
const [typeN, leadN, industryN, statusN] = [
  perValue(choices.customer_type),
  perValue(choices.lead_source),
  perValue(choices.customer_industry),
  perValue(choices.follow_up_status),
];
const principalN = N / 40;
/** The bench's 50 users, owning every customer: the worst case for the owner indexes. */
const ownerN = N / 50;

/** [index, stat]: rows, then rows per distinct prefix of 1, 2, … columns. */
const stats: [string, string, string][] = [
  ['customers', 'customers', `${N}`],
  ['customers', 'customers_created_idx', `${N} 1 1 1 1 1 1 1`],
  ['customers', 'customers_updated_idx', `${N} 1 1`],
  ['customers', 'customers_name_idx', `${N} 50 1`],
  ['customers', 'customers_type_idx', `${N} ${typeN} 1 1 1 1 1`],
  ['customers', 'customers_lead_idx', `${N} ${leadN} 1 1 1 1 1`],
  ['customers', 'customers_industry_idx', `${N} ${industryN} 1 1 1 1 1`],
  ['customers', 'customers_status_idx', `${N} ${statusN} 1 1 1 1 1`],
  ['customers', 'customers_principal_idx', `${N} ${principalN} 1 1 1 1 1 1 1`],
  ['customers', 'customers_next_follow_up_idx', `${N} 2 1`],
  ['customers', 'customers_principal_due_idx', `${N} ${principalN} 2 1`],
  ['customers', 'customers_owner_idx', `${N} ${ownerN} 1 1 1 1 1 1 1`],
  ['customers', 'customers_owner_due_idx', `${N} ${ownerN} 2 1`],
  ['customers', 'customers_last_contact_idx', `${N} 1 1`],
  ['follow_ups', 'follow_ups_customer_time_idx', `${3 * N} 3 1 1`],
  ['follow_ups', 'follow_ups_next_time_idx', `${3 * N} 2 1`],
];

async function seedStats(db: Db) {
  await db.run(sql`ANALYZE`); // creates sqlite_stat1
  await db.run(sql`DELETE FROM sqlite_stat1`);
  for (const [table, index, stat] of stats) {
    const idx = table === index ? null : index;
    await db.run(sql`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (${table}, ${idx}, ${stat})`);
  }
  await db.run(sql`ANALYZE sqlite_schema`); // makes the planner reload the statistics
}

/** drizzle's SQL text with its parameters bound, prefixed with EXPLAIN QUERY PLAN. */
function explain(query: { toSQL(): { sql: string; params: unknown[] } }): SQL {
  const { sql: text, params } = query.toSQL();
  const pieces = text.split('?');
  const chunks: SQL[] = [sql.raw('EXPLAIN QUERY PLAN ')];
  pieces.forEach((piece, i) => {
    chunks.push(sql.raw(piece));
    if (i < params.length) chunks.push(sql`${params[i]}`);
  });
  return sql.join(chunks);
}

let dir: string;
let database: BunDatabase;
const now = Date.UTC(2026, 0, 15, 12);

async function planOf(search: Partial<ResolvedSearch>): Promise<string> {
  const rows = await database.db.all<{ detail: string }>(
    explain(searchPage(database.db, search as ResolvedSearch, 20, 0, now)),
  );
  return rows.map((row) => row.detail).join('\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-plans-'));
  database = await createDb({ url: `file:${join(dir, 'plans.db')}` });
  await database.migrate();
  await seedStats(database.db);
});

afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The 31 non-empty combinations of the four choice filters, each with a value of its field. */
const combinations = Array.from({ length: 15 }, (_, i) => i + 1).map((mask) =>
  Object.fromEntries(choiceFields.filter((_, bit) => mask & (1 << bit)).map((field) => [field, choices[field].at(-1)])),
);

describe('search page plans at a million customers', () => {
  test('the default ordering without filters reads customers_created_idx, unsorted', async () => {
    const plan = await planOf({});
    expect(plan).toContain('customers_created_idx');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  for (const filters of combinations) {
    const name = Object.keys(filters).join(' + ');
    for (const extra of [{}, { principal: 'Jane Smith' }, { owner: 7 }]) {
      test(`${name}${Object.keys(extra).map((key) => ` + ${key}`)} reads a filter's covering index in page order`, async () => {
        const plan = await planOf({ ...filters, ...extra });
        expect(plan).toMatch(/USING (COVERING )?INDEX customers_\w+_idx/);
        expect(plan).not.toContain('TEMP B-TREE');
        expect(plan).not.toMatch(/^SCAN customers$/m);
      });
    }
  }

  test('owner= alone reads customers_owner_idx in page order', async () => {
    const plan = await planOf({ owner: 7 });
    expect(plan).toContain('customers_owner_idx');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  test('the most selective filter leads: industry (1/14) over customer type (1/4)', async () => {
    const plan = await planOf({ customer_type: 'A', customer_industry: 'retail' });
    expect(plan).toContain('customers_industry_idx');
  });

  for (const due of ['overdue', 'today', 'week', 'none'] as const) {
    test(`due=${due} ordered by next_follow_up_at reads customers_next_follow_up_idx, unsorted`, async () => {
      const plan = await planOf({ due, ordering: 'next_follow_up_at' });
      expect(plan).toContain('customers_next_follow_up_idx');
      expect(plan).not.toContain('TEMP B-TREE');
    });

    test(`due=${due} of one principal reads customers_principal_due_idx, unsorted`, async () => {
      const plan = await planOf({ due, principal: 'Jane Smith', ordering: 'next_follow_up_at' });
      expect(plan).toContain('customers_principal_due_idx');
      expect(plan).not.toContain('TEMP B-TREE');
    });

    test(`due=${due} of one owner reads customers_owner_due_idx, unsorted`, async () => {
      const plan = await planOf({ due, owner: 7, ordering: 'next_follow_up_at' });
      expect(plan).toContain('customers_owner_due_idx');
      expect(plan).not.toContain('TEMP B-TREE');
    });

    test(`due=${due} in the default order reads an index in page order`, async () => {
      const plan = await planOf({ due });
      expect(plan).toMatch(/USING (COVERING )?INDEX customers_\w+_idx/);
      expect(plan).not.toContain('TEMP B-TREE');
    });
  }

  for (const q of ['Smith', '0404 730 855']) {
    test(`q=${q} reads the trigram index in id order and joins customers by id, unsorted`, async () => {
      const plan = await planOf({ q, customer_type: 'B' });
      expect(plan).toMatch(/SCAN customers_fts VIRTUAL TABLE/);
      expect(plan).toContain('SEARCH customers USING INTEGER PRIMARY KEY');
      expect(plan).not.toContain('TEMP B-TREE');
    });
  }
});
