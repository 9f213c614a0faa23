import { restoreDerived, suspendDerived } from '../apps/api/src/db/bulk-load';
import { createDb } from '../apps/api/src/db/create-db';
import type { Db } from '../apps/api/src/db/types';
import { choices } from '../packages/schema/src/choices';
import { drizzle, Sqlite } from './driver';

/**
 * The bench's own seeder: N customers with 1–5 log entries each (3 on average, so 3N), written
 * with one prepared statement in transactions of 10,000 rows on the sync driver, with the
 * indexes, triggers and search index suspended and rebuilt once at the end (db/bulk-load.ts),
 * exactly as a bulk load through the CLI does. Deterministic (seeded PRNG), so runs compare.
 */

const DAY = 86_400_000;
const BATCH = 10_000;

const firstNames = `James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan
Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra Donald
Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa
Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas
Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Wei
Li Hiroshi Yuki Olga Ivan Pierre Marie Giulia Marco Aisha Omar Priya Arjun Chen Mei Sven Ingrid Lars Freya`.split(
  /\s+/,
);
const lastNames = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson
Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell
Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook
Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez
Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Wang
Zhang Tanaka Suzuki Müller Schmidt Rossi Dubois Novak Kowalski Larsen Johansson Okafor Mensah Singh Kumar Das`.split(
  /\s+/,
);
const companyWords = `Acme Apex Atlas Blue Bright Cedar Coastal Crown Delta Eagle Echo Summit Falcon Frontier Global
Golden Harbor Horizon Iron Jade Keystone Liberty Lunar Maple Meridian Metro Nexus Nova Oak Omega Orbit Pacific Peak
Pioneer Prime Quantum Quntas Red River Sapphire Silver Solar Sterling Stone Swift Titan Trinity Union Vertex Vista`.split(
  /\s+/,
);
const companyKinds = 'Airways|Logistics|Holdings|Partners|Systems|Foods|Energy|Health|Capital|Media|Motors|Labs'.split(
  '|',
);
const streets = 'George|King|Queen|Church|High|Station|Park|Victoria|Elizabeth|Albert|Bridge|Mill|Market|Oxford'.split(
  '|',
);
const suburbs = 'Sydney|Melbourne|Brisbane|Perth|Adelaide|Hobart|Darwin|Canberra|Geelong|Newcastle|Cairns'.split('|');
const domains = ['example.com', 'mail.test', 'corp.example', 'inbox.test'];
const principals = Array.from({ length: 40 }, (_, i) => `${firstNames[i * 2 + 1]} ${lastNames[i * 3 + 2]}`);
const titles = ['Call', 'Email', 'Meeting', 'Demo', 'Quote sent', 'Follow-up call', 'Site visit'];

/** Mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const benchPrincipals = principals;

export interface SeedResult {
  customers: number;
  followUps: number;
  insertSeconds: number;
  rebuildSeconds: number;
  /** Seconds per rebuild step (indexes, counts, search index…). */
  steps: Record<string, number>;
  totalSeconds: number;
}

/** Creates (migrates) the database at `path` and fills it. `now` anchors the generated times. */
export async function seedDatabase(path: string, customerCount: number, now = Date.now()): Promise<SeedResult> {
  const started = performance.now();
  const database = await createDb({ url: `file:${path}` });
  await database.migrate();
  database.close();

  const client = new Sqlite(path);
  // A fresh bench file: nothing to protect from an OS crash, so no fsync while loading.
  client.pragma('synchronous = OFF');
  client.pragma('cache_size = -262144');
  client.pragma('temp_store = MEMORY');
  // Entries are written before their customer (the customer row carries the newest one's times).
  client.pragma('foreign_keys = OFF');
  const db = drizzle(client) as Db;
  await suspendDerived(db);

  const insertCustomer = client.prepare(
    `INSERT INTO customers (id, name, landline, email, mobile_phone, customer_type, company_details, lead_source,
      address, customer_industry, follow_up_status, principal, created_at, updated_at, last_contact_at, next_follow_up_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFollowUp = client.prepare(
    `INSERT INTO follow_ups (customer_id, title, time, principal, content, next_time, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const random = prng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const digits = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(random() * 10);
    return s;
  };
  const span = 3 * 365 * DAY;
  const start = now - span;
  let followUps = 0;

  const writeBatch = client.transaction((from: number, to: number) => {
    for (let id = from; id < to; id++) {
      const first = pick(firstNames);
      const last = pick(lastNames);
      const createdAt = start + Math.floor(((id - 1) / customerCount) * span);
      const mobile = digits(8);
      const principal = pick(principals);
      // 1–5 entries; the newest one decides last_contact_at / next_follow_up_at, as the trigger would.
      const entries = 1 + Math.floor(random() * 5);
      let time = createdAt;
      let lastTime = createdAt;
      let lastNext: number | null = null;
      for (let e = 0; e < entries; e++) {
        time = Math.min(now - Math.floor(random() * DAY), time + Math.floor(random() * ((now - time) / 2 + DAY)));
        const next: number | null = random() < 0.7 ? time + Math.floor((1 + random() * 60) * DAY) : null;
        insertFollowUp.run(id, pick(titles), time, principal, `Talked about ${pick(companyKinds)}`, next, time);
        lastTime = time;
        lastNext = next;
      }
      followUps += entries;
      insertCustomer.run(
        id,
        `${first} ${last}`,
        random() < 0.6 ? `0${2 + Math.floor(random() * 7)}${digits(8)}` : '',
        `${first}.${last}${id % 1000}@${pick(domains)}`.toLowerCase(),
        random() < 0.5 ? `04${mobile}` : `04${mobile.slice(0, 2)} ${mobile.slice(2, 5)} ${mobile.slice(5)}`,
        pick(choices.customer_type),
        `${pick(companyWords)} ${last} ${pick(companyKinds)}`,
        pick(choices.lead_source),
        `${1 + Math.floor(random() * 300)} ${pick(streets)} Street, ${pick(suburbs)}`,
        pick(choices.customer_industry),
        pick(choices.follow_up_status),
        principal,
        createdAt,
        createdAt,
        lastTime,
        lastNext,
      );
    }
  });
  for (let from = 1; from <= customerCount; from += BATCH) {
    writeBatch(from, Math.min(customerCount + 1, from + BATCH));
  }
  const inserted = performance.now();
  const steps: Record<string, number> = {};
  await restoreDerived(db, { onStep: (step, ms) => (steps[step] = ms / 1000) });
  client.close();
  const done = performance.now();
  return {
    customers: customerCount,
    followUps,
    insertSeconds: (inserted - started) / 1000,
    rebuildSeconds: (done - inserted) / 1000,
    steps,
    totalSeconds: (done - started) / 1000,
  };
}

if (import.meta.main) {
  const [path = '/tmp/crm-bench.db', count = '100000'] = process.argv.slice(2);
  console.log(await seedDatabase(path, Number(count)));
}
