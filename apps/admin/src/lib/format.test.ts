import { describe, expect, test } from 'vitest';
import { isOverdue, regionalLocale } from './format';

describe('formatting helpers', () => {
  test('dates use the browser’s variant of the chosen language', () => {
    expect(regionalLocale('en', ['en-GB', 'fr'])).toBe('en-GB');
    expect(regionalLocale('zh-CN', ['en-US', 'zh-TW'])).toBe('zh-TW');
    expect(regionalLocale('zh-CN', ['en-US'])).toBe('zh-CN');
  });

  test('a planned time in the past is overdue; none is not', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(isOverdue('2026-01-01T23:59:00Z', now)).toBe(true);
    expect(isOverdue('2026-01-02T00:01:00Z', now)).toBe(false);
    expect(isOverdue(null, now)).toBe(false);
  });
});
