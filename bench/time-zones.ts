import { cachedZoneFormatter, newZoneFormatter, startOfDay } from '../apps/api/src/lib/time-zones';
import { customerSearchQuery } from '../packages/schema/src/search';

/**
 * What `due=today` / `due=week` pay per request for the day's bounds in the client's zone
 * (`startOfDay`, lib/time-zones.ts): a fresh Intl.DateTimeFormat for every offset it reads
 * (the code before the cache; the baseline, measured in the same run) against the formatter kept
 * per zone. Also what validating `tz=` costs now that the schema remembers the names it checked,
 * beside one formatter's construction (what the check cost every request before).
 * Prints microseconds per call and the ratio. `bun bench/time-zones.ts [calls]`.
 */
const CALLS = Number(process.argv[2] ?? 20_000);
const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney'];
const now = Date.now();

function perCall(run: (i: number) => unknown): number {
  for (let i = 0; i < 500; i++) run(i); // warm-up: JIT, and the cache's first formatter per zone
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) run(i);
  return ((performance.now() - started) * 1000) / CALLS;
}

const zone = (i: number) => zones[i % zones.length] ?? 'UTC';
const uncached = perCall((i) => startOfDay(now + i * 60_000, zone(i), 7, newZoneFormatter));
const cached = perCall((i) => startOfDay(now + i * 60_000, zone(i), 7, cachedZoneFormatter));
const validate = perCall((i) => customerSearchQuery.parse({ due: 'week', tz: zone(i) }));
const validateUtc = perCall(() => customerSearchQuery.parse({ due: 'week' }));
const construct = perCall((i) => new Intl.DateTimeFormat('en', { timeZone: zone(i) }));

const us = (n: number) => `${n.toFixed(1)} µs`;
console.log(`startOfDay(now, zone, 7), ${CALLS.toLocaleString('en')} calls over ${zones.length} zones:`);
console.log(`  a new formatter per offset read (before): ${us(uncached)} per call`);
console.log(
  `  one formatter per zone (after):           ${us(cached)} per call  (${(uncached / cached).toFixed(1)}× faster)`,
);
console.log(`the query's validation: with tz= ${us(validate)}, without ${us(validateUtc)} per call;`);
console.log(`  the check built a formatter every time before: ${us(construct)} more per call`);
