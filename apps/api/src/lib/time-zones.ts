/**
 * Midnight in an IANA time zone, as epoch milliseconds, without a date library: the offset of
 * a zone at an instant is read from Intl, which both Bun and Workers have.
 */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The start of the local day that contains `ms`, moved by `addDays` days. */
export function startOfDay(ms: number, timeZone: string, addDays = 0): number {
  const local = new Date(ms + offsetAt(ms, timeZone));
  const midnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + addDays);
  // Midnight read with the offset of the day before and of the day after: one of the two is
  // the offset in force at midnight (daylight-saving changes are months apart).
  const candidates = [offsetAt(midnightLocal - DAY_MS, timeZone), offsetAt(midnightLocal + DAY_MS, timeZone)]
    .map((offset) => midnightLocal - offset)
    .sort((a, b) => a - b);
  // The day starts at the first instant whose wall clock reads that day: midnight, or, where
  // daylight saving starts at 00:00 (Santiago, Havana…) and midnight never happens, the end of the gap.
  const start = candidates.find((instant) => instant + offsetAt(instant, timeZone) >= midnightLocal);
  return start ?? midnightLocal - offsetAt(midnightLocal, timeZone);
}

const DAY_MS = 86_400_000;
