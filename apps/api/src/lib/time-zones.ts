/**
 * Midnight in an IANA time zone, as epoch milliseconds, without a date library: the offset of
 * a zone at an instant is read from Intl, which both Bun and Workers have.
 */

type ZoneFormatter = (timeZone: string) => Intl.DateTimeFormat;

/** A formatter that reads every field of the wall clock in `timeZone`. */
export const newZoneFormatter: ZoneFormatter = (timeZone) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });

/**
 * Zones whose formatter is kept. Building one costs ~0.1 ms (ICU loads the zone's rules) and a
 * `due=` search needed four; reading the time with a kept one costs microseconds. A bound,
 * because time zone names are read case-insensitively and offsets (`+05:30`) are zones too:
 * a client could otherwise grow the cache name by name. The oldest entry makes room.
 */
export const MAX_CACHED_ZONES = 500;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The kept formatter of `timeZone`, built on its first use. */
export const cachedZoneFormatter: ZoneFormatter = (timeZone) => {
  // `asia/shanghai` is `Asia/Shanghai`: one entry for both.
  const key = timeZone.toLowerCase();
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = newZoneFormatter(timeZone);
    if (formatters.size >= MAX_CACHED_ZONES) formatters.delete(formatters.keys().next().value ?? '');
    formatters.set(key, formatter);
  }
  return formatter;
};

function offsetAt(ms: number, timeZone: string, formatterFor: ZoneFormatter): number {
  const parts = formatterFor(timeZone).formatToParts(ms);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The start of the local day that contains `ms`, moved by `addDays` days. `formatterFor` is
 * the cache; bench/time-zones.ts passes `newZoneFormatter` to measure the cost without it.
 */
export function startOfDay(ms: number, timeZone: string, addDays = 0, formatterFor = cachedZoneFormatter): number {
  const offsetOf = (instant: number) => offsetAt(instant, timeZone, formatterFor);
  const local = new Date(ms + offsetOf(ms));
  const midnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + addDays);
  // Midnight read with the offset of the day before and of the day after: one of the two is
  // the offset in force at midnight (daylight-saving changes are months apart).
  const candidates = [offsetOf(midnightLocal - DAY_MS), offsetOf(midnightLocal + DAY_MS)]
    .map((offset) => midnightLocal - offset)
    .sort((a, b) => a - b);
  // The day starts at the first instant whose wall clock reads that day: midnight, or, where
  // daylight saving starts at 00:00 (Santiago, Havana…) and midnight never happens, the end of the gap.
  const start = candidates.find((instant) => instant + offsetOf(instant) >= midnightLocal);
  return start ?? midnightLocal - offsetOf(midnightLocal);
}

const DAY_MS = 86_400_000;
