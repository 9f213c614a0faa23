import { describe, expect, test } from 'bun:test';
import { formatTime, parseTime } from './time';

describe('parseTime / formatTime', () => {
  test('2023-06-15T09:30:00Z round-trips byte for byte', () => {
    const ms = parseTime('2023-06-15T09:30:00Z');
    expect(ms).not.toBeNull();
    expect(formatTime(ms ?? 0)).toBe('2023-06-15T09:30:00Z');
  });

  test("accepts the seed's leading space and offsets, normalising to UTC", () => {
    expect(formatTime(parseTime(' 2023-06-28T15:30:00Z') ?? 0)).toBe('2023-06-28T15:30:00Z');
    expect(formatTime(parseTime('2023-06-28T23:30:00+08:00') ?? 0)).toBe('2023-06-28T15:30:00Z');
    expect(formatTime(parseTime('2023-06-28T10:00:00.250-0530') ?? 0)).toBe('2023-06-28T15:30:00.250Z');
  });

  test('keeps years before 100 as they are (Date.UTC would read 0099 as 1999)', () => {
    expect(formatTime(parseTime('0099-06-15T09:30:00Z') ?? 0)).toBe('0099-06-15T09:30:00Z');
    expect(formatTime(parseTime('0001-01-01T00:00:00Z') ?? 0)).toBe('0001-01-01T00:00:00Z');
  });

  test('rejects what is not a real date-time', () => {
    for (const bad of [
      '',
      'tomorrow',
      '2023-02-30T00:00:00Z',
      '2023-13-01T00:00:00Z',
      '2023-06-15T24:00:00Z',
      '2023-06-15T09:30:00+25:00',
      '0000-01-01T00:00:00Z',
    ]) {
      expect(parseTime(bad)).toBeNull();
    }
  });
});
