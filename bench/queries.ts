import { countMatches } from '../apps/api/src/customers/customers.counts';
import { findCustomer, insertCustomer } from '../apps/api/src/customers/customers.crud';
import { searchPage } from '../apps/api/src/customers/customers.search';
import type { Db } from '../apps/api/src/db/types';
import { choiceFields, choices } from '../packages/schema/src/choices';
import type { CustomerSearch } from '../packages/schema/src/search';
import { benchPrincipals } from './seed';

/**
 * Goals 2–4, measured in process on the server's own query functions and database settings
 * (createDb), so what is timed is SQLite plus drizzle, without HTTP. Each figure comes with a
 * baseline measured in the same run: a primary-key lookup of one customer.
 */

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Deterministic choice of filter values, so runs compare. */
function* cycle<T>(values: readonly T[]) {
  for (let i = 0; ; i++) yield values[(i * 7 + 3) % values.length] as T;
}

const PAGE = 20;

export interface QueryResults {
  baseline: Percentiles;
  combos: { withCount: Percentiles; pageOnly: Percentiles; countOnly: Percentiles; worst: string };
  mixed: { name: string; withCount: Percentiles }[];
  q: { name: string; withCount: Percentiles }[];
  qIndexed: Percentiles;
  /** The same terms, the page alone: what the count of a broad term adds shows beside it. */
  qIndexedPage: Percentiles;
  qShort: Percentiles;
  due: { name: string; withCount: Percentiles }[];
  dueAll: Percentiles;
}

export async function measureQueries(db: Db, customerCount: number, rounds: number): Promise<QueryResults> {
  const now = Date.now();
  const search = async (query: Partial<CustomerSearch>) => {
    await Promise.all([searchPage(db, query as CustomerSearch, PAGE, 0, now), countMatches(db, query, now)]);
  };

  // Warm the cache the way a running server is warm.
  for (let i = 0; i < 200; i++) await findCustomer(db, 1 + ((i * 7919) % customerCount));

  const baseline: number[] = [];
  for (let i = 0; i < rounds * 20; i++) {
    const id = 1 + ((i * 104_729) % customerCount);
    baseline.push(await time(() => findCustomer(db, id)));
  }

  // Goal 2: all 31 non-empty combinations of the seed's four choice filters and principal.
  const values = Object.fromEntries(choiceFields.map((field) => [field, cycle(choices[field])])) as Record<
    string,
    Generator<string>
  >;
  const withCount: number[] = [];
  const pageOnly: number[] = [];
  const countOnly: number[] = [];
  let worst = { ms: 0, name: '' };
  const principals = cycle(benchPrincipals);
  for (let mask = 1; mask < 32; mask++) {
    for (let round = 0; round < rounds; round++) {
      const query: Record<string, string> = {};
      choiceFields.forEach((field, bit) => {
        if (mask & (1 << bit)) query[field] = values[field]?.next().value ?? '';
      });
      if (mask & 16) query.principal = principals.next().value ?? '';
      const ms = await time(() => search(query));
      withCount.push(ms);
      if (ms > worst.ms) worst = { ms, name: new URLSearchParams(query).toString() };
      pageOnly.push(await time(() => searchPage(db, query as CustomerSearch, PAGE, 0, now)));
      countOnly.push(await time(() => countMatches(db, query, now)));
    }
  }

  // What mixing principal / q / due into the choice filters costs (a counted query).
  const principal = benchPrincipals[5] ?? '';
  const mixedCases: [string, Partial<CustomerSearch>][] = [
    ['principal', { principal }],
    ['principal + customer_type', { principal, customer_type: 'B' }],
    ['principal + industry + status', { principal, customer_industry: 'retail', follow_up_status: 'proposal' }],
    ['q=Smith + customer_type', { q: 'Smith', customer_type: 'C' }],
    ['q=Perth + lead_source', { q: 'Perth', lead_source: 'referral' }],
    ['due=overdue + customer_type', { due: 'overdue', customer_type: 'A' }],
    ['due=week + industry', { due: 'week', customer_industry: 'finance' }],
  ];
  const mixed = [];
  for (const [name, query] of mixedCases) {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) samples.push(await time(() => search(query)));
    mixed.push({ name, withCount: percentiles(samples) });
  }

  // Goal 3: free text, phones by digits included; short terms fall back to LIKE.
  // A real phone of the data, as a person types it (with its spaces), and a fragment of it.
  let phone = '0404 730 855';
  for (let id = 777; id < 877; id++) {
    const row = await findCustomer(db, id);
    if (row?.mobile_phone.includes(' ')) {
      phone = row.mobile_phone;
      break;
    }
  }
  const indexedTerms = ['Smith', 'jennifer', 'Quntas', 'Victoria Street', 'Perth', 'okafor', phone, phone.slice(-7)];
  const shortTerms = ['Li', 'zq', '7'];
  const q = [];
  const qIndexed: number[] = [];
  const qIndexedPage: number[] = [];
  const qShort: number[] = [];
  for (const term of [...indexedTerms, ...shortTerms]) {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      samples.push(await time(() => search({ q: term })));
      if (indexedTerms.includes(term)) {
        qIndexedPage.push(await time(() => searchPage(db, { q: term } as CustomerSearch, PAGE, 0, now)));
      }
    }
    (shortTerms.includes(term) ? qShort : qIndexed).push(...samples);
    q.push({ name: `q=${term}`, withCount: percentiles(samples) });
  }

  // Goal 4: the follow-up queue, soonest first, alone and per principal.
  const due = [];
  const dueAll: number[] = [];
  for (const bucket of ['overdue', 'today', 'week'] as const) {
    for (const who of [undefined, principal]) {
      for (const ordering of ['next_follow_up_at', undefined] as const) {
        const query: Partial<CustomerSearch> = { due: bucket, principal: who, ordering };
        const samples: number[] = [];
        for (let round = 0; round < rounds; round++) samples.push(await time(() => search(query)));
        dueAll.push(...samples);
        const name = `due=${bucket}${who ? ' + principal' : ''}${ordering ? ` ordering=${ordering}` : ''}`;
        due.push({ name, withCount: percentiles(samples) });
      }
    }
  }

  return {
    baseline: percentiles(baseline),
    combos: {
      withCount: percentiles(withCount),
      pageOnly: percentiles(pageOnly),
      countOnly: percentiles(countOnly),
      worst: `${worst.name} (${worst.ms.toFixed(1)} ms)`,
    },
    mixed,
    q,
    qIndexed: percentiles(qIndexed),
    qIndexedPage: percentiles(qIndexedPage),
    qShort: percentiles(qShort),
    due,
    dueAll: percentiles(dueAll),
  };
}

if (import.meta.main) {
  const { createDb } = await import('../apps/api/src/db/create-db');
  const [path = '/tmp/crm-bench-100k.db', count = '100000', rounds = '10'] = process.argv.slice(2);
  const database = await createDb({ url: `file:${path}` });
  const results = await measureQueries(database.db, Number(count), Number(rounds));
  const fmt = (p: Percentiles) => `p50 ${p.p50.toFixed(2)}  p95 ${p.p95.toFixed(2)}  max ${p.max.toFixed(2)} ms`;
  console.log('baseline', fmt(results.baseline));
  console.log('combos+count', fmt(results.combos.withCount), results.combos.worst);
  console.log('combos page', fmt(results.combos.pageOnly));
  console.log('combos count', fmt(results.combos.countOnly));
  for (const m of [...results.mixed, ...results.q, ...results.due]) console.log(m.name.padEnd(45), fmt(m.withCount));
  console.log('q indexed', fmt(results.qIndexed));
  console.log('q short', fmt(results.qShort));
  console.log('due all', fmt(results.dueAll));
  database.close();
}

export interface WriteCost {
  /** In-process insert of one customer through the API's query, all triggers on, in ms. */
  withSearch: Percentiles;
  /** The same with the three customers_fts triggers dropped. */
  withoutSearch: Percentiles;
}

/**
 * What keeping the trigram index current costs each customer insert: the API's insert with
 * every trigger, then without the search triggers (the rows of the second pass are deleted
 * again before the triggers come back, so the index stays exact).
 */
export async function measureWriteCost(db: Db, n: number): Promise<WriteCost> {
  const { sql } = await import('../apps/api/node_modules/drizzle-orm');
  const input = {
    name: 'Write Cost',
    landline: '02 9876 5432',
    email: 'write.cost@example.com',
    mobile_phone: '0412 345 678',
    customer_type: 'A',
    company_details: 'Cost Accounting Pty Ltd',
    lead_source: 'referral',
    address: '12 George Street, Sydney',
    customer_industry: 'finance',
    follow_up_status: 'proposal',
    principal: 'Bench Writer',
  } as const;
  const insertMany = async () => {
    const samples: number[] = [];
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      const row = await insertCustomer(db, input, Date.now(), null);
      samples.push(performance.now() - started);
      ids.push(row.id);
    }
    return { samples, ids };
  };
  const withSearch = await insertMany();
  const triggers = await db.all<{ name: string; sql: string }>(
    sql`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'customers_fts_%'`,
  );
  for (const trigger of triggers) await db.run(sql.raw(`DROP TRIGGER "${trigger.name}"`));
  const withoutSearch = await insertMany();
  await db.run(sql`DELETE FROM customers WHERE id IN ${withoutSearch.ids}`);
  for (const trigger of triggers) await db.run(sql.raw(trigger.sql));
  return { withSearch: percentiles(withSearch.samples), withoutSearch: percentiles(withoutSearch.samples) };
}
