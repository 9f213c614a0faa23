import { type SQL, sql } from 'drizzle-orm';
import { type RestoreOptions, restoreDerived, suspendDerived } from '../db/bulk-load';
import type { Db } from '../db/types';
import * as words from './seed-words';

export interface SeedOptions {
  customers: number;
  /** Follow-up entries in all, dealt round-robin over the new customers. */
  logs: number;
  /** The moment the data is built around (entries before it, plans on both sides of it). */
  anchor: number;
  onProgress?: (done: { customers: number; logs: number }) => void;
  /** Passed to the rebuild at the end (db/bulk-load.ts). */
  restore?: Omit<RestoreOptions, 'contacts'>;
}

/** Rows per INSERT … SELECT: each is one statement (atomic everywhere), short enough not to stall the server. */
const CHUNK = 50_000;
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/**
 * A pseudo-random number in [0, 2^31 − 1) for row `row` and salt `k`: a multiplicative hash
 * squared modulo a prime. Pure integer arithmetic that stays below 2^63 (SQLite would turn an
 * overflow into a float), so the same arguments give the same rows on every SQLite.
 */
const hash = (row: string, k: number) => {
  const x = `((${row} * 2654435761 + ${k * 40_503}) % 2147483647)`;
  return `(${x} * ${x} % 2147483647)`;
};

/** `list[hash % list.length]`, the list bound once as a JSON parameter. */
const pick = (list: readonly string[], row: string, k: number): SQL =>
  sql`(${JSON.stringify(list)} ->> ${sql.raw(`(${hash(row, k)} % ${list.length})`)})`;

/**
 * Integers go into the text, not as parameters: the libsql driver binds JS numbers as REAL, and
 * `->>` takes a REAL index for a missing key. Every value here is an integer we computed.
 */
const int = (n: number) => sql.raw(String(Math.trunc(n)));

/** `p` in 100: true for roughly p % of the rows. */
const chance = (p: number, row: string, k: number) => sql.raw(`(${hash(row, k)} % 100 < ${p})`);

const surnames = words.chineseSurnames.map(([hanzi]) => hanzi);
const surnamePinyin = words.chineseSurnames.map(([, pinyin]) => pinyin);
const givenNames = words.chineseGivenNames.map(([hanzi]) => hanzi);
const givenPinyin = words.chineseGivenNames.map(([, pinyin]) => pinyin);

/** How the follow-up entries are dealt: entry j belongs to customer ((j − 1) mod N) + 1. */
interface Plan {
  base: number;
  customers: number;
  logs: number;
  anchor: number;
}

const QUARTER_HOUR = 15 * MINUTE;

/** Entries of customer `c` (an SQL expression): the round-robin gives the first `logs mod N` one more. */
const entriesOf = (plan: Plan, c: string) =>
  `(${Math.floor(plan.logs / plan.customers)} + (${c} <= ${plan.logs % plan.customers}))`;

/**
 * When entry `j` happened, `newer` being how many of its customer's entries follow it: two weeks
 * apart, the newest within the last ten days.
 */
const entryTime = (plan: Plan, j: string, newer: string) =>
  `(${plan.anchor} - ${newer} * ${14 * DAY} - (${hash(j, 35)} % ${10 * 1440}) * ${MINUTE} - ${MINUTE})`;

/**
 * The plan of a customer's newest entry: none for about one in eight, else from ten days ago to
 * twenty days ahead (at least a day after the contact), so the follow-up queue has overdue,
 * today's and this week's calls. Older entries planned the next one, two weeks on.
 */
const newestNextTime = (plan: Plan, j: string, time: string) =>
  `CASE WHEN ${hash(j, 33)} % 100 < 12 THEN NULL
        ELSE max(${time} + ${DAY}, ${plan.anchor} + (${hash(j, 34)} % ${30 * 96} - ${10 * 96}) * ${QUARTER_HOUR}) END`;

/**
 * Inserts customers `first..last` of the seed (1-based) with ids `base + n`: explicit ids keep
 * the data the same for the same arguments and let the follow-ups find their customer. Each
 * row carries last_contact_at / next_follow_up_at of its newest entry, computed from the same
 * formulas as the entries, since the triggers that would set them are suspended.
 */
function insertCustomers(db: Db, plan: Plan, first: number, last: number) {
  const i = 'i';
  // Surname and given name, in Chinese (about 30 %) or English, with the ASCII form for e-mail.
  // created_at rises with the id (over the 700 days before the last 45), as it does for customers
  // created through the API: `q=` pages read the search index in id order as newest first.
  const named = sql`
    SELECT i, created, contact,
      CASE WHEN contact IS NULL THEN NULL ELSE ${sql.raw(newestNextTime(plan, 'newest', 'contact'))} END AS next,
      CASE WHEN chinese THEN ${pick(surnames, i, 2)} || ${pick(givenNames, i, 3)}
           ELSE ${pick(words.westernFirstNames, i, 2)} || ' ' || ${pick(words.westernLastNames, i, 3)} END AS name,
      CASE WHEN chinese THEN ${pick(givenPinyin, i, 3)} || '.' || ${pick(surnamePinyin, i, 2)}
           ELSE lower(${pick(words.westernFirstNames, i, 2)} || '.' || ${pick(words.westernLastNames, i, 3)}) END AS ascii
    FROM (
      SELECT i, newest, ${chance(30, i, 1)} AS chinese,
        ${sql.raw(`${plan.anchor} - ${45 * DAY} - ((${plan.customers} - i) * ${700 * 1440} / ${plan.customers}) * ${MINUTE}`)} AS created,
        CASE WHEN newest IS NULL THEN NULL ELSE ${sql.raw(entryTime(plan, 'newest', '0'))} END AS contact
      FROM (
        SELECT i, CASE WHEN ${sql.raw(entriesOf(plan, i))} > 0
                  THEN i + (${sql.raw(entriesOf(plan, i))} - 1) * ${int(plan.customers)} END AS newest
        FROM seq
      )
    )`;
  return db.run(sql`
    WITH RECURSIVE seq(i) AS (SELECT ${int(first)} UNION ALL SELECT i + 1 FROM seq WHERE i < ${int(last)})
    INSERT INTO customers (id, name, landline, email, mobile_phone, customer_type, company_details, lead_source,
      address, customer_industry, follow_up_status, principal, created_at, updated_at, last_contact_at,
      next_follow_up_at)
    SELECT ${int(plan.base)} + i, name,
      CASE WHEN ${chance(30, i, 4)} THEN ''
           ELSE printf('(%s) %04d %04d', ${pick(['02', '03', '07', '08'], i, 5)}, ${sql.raw(hash(i, 6))} % 10000, ${sql.raw(hash(i, 7))} % 10000) END,
      CASE WHEN ${chance(8, i, 8)} THEN '' ELSE ascii || (i % 997) || '@' || ${pick(words.emailDomains, i, 9)} END,
      CASE WHEN ${chance(15, i, 10)} THEN ''
           ELSE printf('04%02d %03d %03d', ${sql.raw(hash(i, 11))} % 100, ${sql.raw(hash(i, 12))} % 1000, ${sql.raw(hash(i, 13))} % 1000) END,
      ${pick(words.customerTypeWeights, i, 14)},
      CASE WHEN ${chance(10, i, 15)} THEN ''
           ELSE ${pick(words.companyStems, i, 16)} || ' ' || ${pick(words.companyKinds, i, 17)} || ${pick(words.companyNotes, i, 19)} END,
      ${pick(words.leadSourceWeights, i, 20)},
      CASE WHEN ${chance(10, i, 21)} THEN ''
           ELSE (1 + ${sql.raw(hash(i, 22))} % 400) || ' ' || ${pick(words.streets, i, 23)} || ', ' || ${pick(words.cities, i, 24)} END,
      ${pick(words.industryWeights, i, 25)},
      ${pick(words.statusWeights, i, 26)},
      ${pick(words.principals, i, 27)},
      created,
      min(created + (${sql.raw(hash(i, 28))} % ${int(60 * 1440)}) * ${int(MINUTE)}, ${int(plan.anchor)}),
      contact,
      next
    FROM (${named})`);
}

/** Inserts follow-up entries `first..last` (1-based); entry j is the k-th of its customer, k = (j − 1) div N. */
function insertFollowUps(db: Db, plan: Plan, first: number, last: number) {
  const j = 'j';
  return db.run(sql`
    WITH RECURSIVE seq(j) AS (SELECT ${int(first)} UNION ALL SELECT j + 1 FROM seq WHERE j < ${int(last)})
    INSERT INTO follow_ups (customer_id, title, time, principal, content, next_time, created_at)
    SELECT ${int(plan.base)} + c, ${pick(words.followUpTitles, j, 31)}, time,
      ${pick(words.principals, 'c', 27)},
      ${pick(words.followUpContents, j, 32)},
      CASE WHEN newer > 0 THEN time + ${int(14 * DAY)} ELSE ${sql.raw(newestNextTime(plan, j, 'time'))} END,
      time
    FROM (
      SELECT j, c, newer, ${sql.raw(entryTime(plan, j, 'newer'))} AS time
      FROM (
        SELECT j, c, ${sql.raw(entriesOf(plan, 'c'))} - 1 - (j - 1) / ${int(plan.customers)} AS newer
        FROM (SELECT j, (j - 1) % ${int(plan.customers)} + 1 AS c FROM seq)
      )
    )`);
}

/**
 * `seed`: deterministic demo data, generated inside SQLite (INSERT … SELECT over a recursive
 * sequence) with the indexes and triggers suspended and rebuilt once at the end (db/bulk-load.ts),
 * so a million customers take seconds, not the minutes of row-by-row upkeep.
 */
export async function seed(db: Db, options: SeedOptions): Promise<void> {
  const rows = await db.all<{ base: number }>(sql`SELECT coalesce(max(id), 0) AS base FROM customers`);
  const base = rows[0]?.base ?? 0;
  await suspendDerived(db);
  try {
    await insertAll(db, { base, customers: options.customers, logs: options.logs, anchor: options.anchor }, options);
  } finally {
    // The seed wrote its customers' contact times itself, and touched no one else's.
    await restoreDerived(db, { ...options.restore, contacts: false });
  }
}

async function insertAll(db: Db, plan: Plan, options: SeedOptions) {
  for (let first = 1; first <= plan.customers; first += CHUNK) {
    const last = Math.min(plan.customers, first + CHUNK - 1);
    await insertCustomers(db, plan, first, last);
    options.onProgress?.({ customers: last, logs: 0 });
  }
  if (plan.customers === 0) return;
  for (let first = 1; first <= plan.logs; first += CHUNK) {
    const last = Math.min(plan.logs, first + CHUNK - 1);
    await insertFollowUps(db, plan, first, last);
    options.onProgress?.({ customers: plan.customers, logs: last });
  }
}
