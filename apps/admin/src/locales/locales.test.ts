import { choices } from '@crm/schema/choices';
import { describe, expect, test } from 'vitest';
import en from './en';
import { expectedEnglishFieldLabels } from './field-labels.fixture';
import zhCN from './zh-cn';

const keys = (value: unknown, prefix = ''): string[] =>
  typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([key, inner]) => keys(inner, `${prefix}${key}.`))
    : [prefix.slice(0, -1)];

describe('the locales', () => {
  test('Chinese has every English message', () => {
    const chinese = new Set(keys(zhCN));
    expect(keys(en).filter((key) => !chinese.has(key))).toEqual([]);
  });

  test('every choice value of the shared schema has a label in both languages', () => {
    for (const [field, values] of Object.entries(choices)) {
      for (const value of values) {
        const path = ['choices', field, value];
        for (const messages of [en, zhCN]) {
          const label = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], messages);
          expect(typeof label, `${path.join('.')}`).toBe('string');
        }
      }
    }
    expect(en.choices.lead_source.direct_traffic).toBe('Direct traffic');
    expect(zhCN.choices.lead_source.direct_traffic).toBe('直接访问');
  });

  test('the English field labels are the field names in words', () => {
    expect(Object.values(en.fields).slice(1, 12)).toEqual(expectedEnglishFieldLabels);
  });
});
