/**
 * Times travel as ISO 8601 strings and are stored as epoch milliseconds (integers sort and
 * index cheaply on every SQLite driver). Output is UTC with `Z`, without a fraction when it is
 * zero, so `2023-06-15T09:30:00Z` round-trips byte for byte.
 */
const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Parses an ISO 8601 date-time (surrounding whitespace allowed); null when it is not one. */
export function parseTime(input: string): number | null {
  const match = isoPattern.exec(input.trim());
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // Year 0 does not exist in ISO 8601 as DRF (Python) reads it.
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  // Not Date.UTC: it reads years 0-99 as 1900-1999. setUTCFullYear takes the year as given.
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  check.setUTCHours(hour, minute, second, ms);
  const local = check.getTime();
  // 30 February rolls over into March; a real date maps back onto itself.
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (offsetMinutes === null) return null;
  return local - offsetMinutes * 60_000;
}

function zoneOffsetMinutes(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/** Formats epoch milliseconds as UTC ISO 8601 (`…Z`), dropping a zero fraction. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function formatOptionalTime(ms: number | null): string | null {
  return ms === null ? null : formatTime(ms);
}
