import { describe, expect, test } from 'bun:test';
import { customerSearchQuery } from '@crm/schema';
import { cachedZoneFormatter, MAX_CACHED_ZONES, newZoneFormatter, startOfDay } from './time-zones';

/** Counts `new Intl.DateTimeFormat(…)` while `run` runs. */
function countFormatters(run: () => void): number {
  const Original = Intl.DateTimeFormat;
  let built = 0;
  Intl.DateTimeFormat = new Proxy(Original, {
    construct(target, args) {
      built++;
      return Reflect.construct(target, args);
    },
  });
  try {
    run();
  } finally {
    Intl.DateTimeFormat = Original;
  }
  return built;
}

describe('startOfDay: one Intl.DateTimeFormat per time zone', () => {
  const now = Date.UTC(2026, 2, 29, 12, 0);

  test('builds a zone formatter once, however many `due=` searches ask for the zone', () => {
    const zone = 'Pacific/Chatham';
    const built = countFormatters(() => {
      for (let i = 0; i < 100; i++) startOfDay(now + i * 3_600_000, zone, 7);
    });
    expect(built).toBeLessThanOrEqual(1);
    expect(cachedZoneFormatter(zone)).toBe(cachedZoneFormatter(zone));
    // Names are case-insensitive: one formatter for every spelling.
    expect(cachedZoneFormatter('pacific/chatham')).toBe(cachedZoneFormatter(zone));
  });

  test('validating tz= builds a formatter for a name the first time only', () => {
    const built = countFormatters(() => {
      for (let i = 0; i < 100; i++) customerSearchQuery.parse({ due: 'today', tz: 'America/St_Johns' });
    });
    expect(built).toBeLessThanOrEqual(1);
    expect(customerSearchQuery.safeParse({ tz: 'Mars/Olympus_Mons' }).success).toBe(false);
  });

  test('gives the same days as a fresh formatter per call, across DST changes and odd offsets', () => {
    const zones = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/Santiago', 'America/Havana', 'Asia/Kathmandu'];
    for (const zone of zones) {
      for (let day = 0; day < 400; day += 9) {
        const ms = Date.UTC(2026, 0, 1) + day * 86_400_000 + 17 * 3_600_000;
        for (const add of [0, 1, 7]) {
          expect(startOfDay(ms, zone, add)).toBe(startOfDay(ms, zone, add, newZoneFormatter));
        }
      }
    }
  });

  test(`keeps at most ${MAX_CACHED_ZONES} zones: the spellings of one name cannot grow it`, () => {
    // Every upper/lower-case spelling of a name is a valid zone; they share one entry.
    const name = 'america/argentina/buenos_aires';
    const built = countFormatters(() => {
      for (let i = 0; i < 2000; i++) {
        const spelled = [...name].map((c, at) => ((i >> (at % 11)) & 1 ? c.toUpperCase() : c)).join('');
        startOfDay(now, spelled);
      }
    });
    expect(built).toBeLessThanOrEqual(1);
    // Offsets are zones as well: distinct ones fill the cache up to its bound, then replace the oldest.
    const offsets = Array.from({ length: MAX_CACHED_ZONES + 50 }, (_, i) => {
      const minutes = i - 700;
      const sign = minutes < 0 ? '-' : '+';
      const abs = Math.abs(minutes);
      return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    });
    for (const offset of offsets) startOfDay(now, offset);
    const first = offsets[0] ?? '';
    const last = offsets[offsets.length - 1] ?? '';
    expect(countFormatters(() => startOfDay(now, last))).toBe(0);
    expect(countFormatters(() => startOfDay(now, first))).toBe(1);
  });
});
