import * as z from 'zod';
import { customerIndustries, customerTypes, followUpStatuses, leadSources } from './choices';
import { choice, messages, noNullCharacter } from './fields';

/** The seed's rule: a filter that is absent, empty or `all` does not filter. */
const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && (value.trim() === '' || value.trim().toLowerCase() === 'all') ? undefined : value;

function filter<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(blankToUndefined, choice(values).optional());
}

/** An optional text parameter of a query string: blank means absent; too long answers in DRF's words. */
export const optionalQueryText = (max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .string()
      .trim()
      .max(max, { error: messages.maxLength(max) })
      // A NUL would end the full-text query early ("unterminated string") or cut a LIKE short.
      .refine(noNullCharacter, { error: messages.nullCharacter })
      .optional(),
  );

export const orderingFields = [
  'created_at',
  'updated_at',
  'name',
  'id',
  'next_follow_up_at',
  'last_contact_at',
] as const;
export const orderings = [...orderingFields, ...orderingFields.map((field) => `-${field}` as const)] as [
  (typeof orderingFields)[number],
  ...(`-${(typeof orderingFields)[number]}` | (typeof orderingFields)[number])[],
];
export type Ordering = (typeof orderings)[number];

/** `due=` buckets of `next_follow_up_at`, in the client's time zone (`tz=`, default UTC). */
export const dueBuckets = ['overdue', 'today', 'week', 'none'] as const;
export type DueBucket = (typeof dueBuckets)[number];

/**
 * Names found valid so far: the check builds an Intl.DateTimeFormat (~0.1 ms, most of a `tz=`
 * search's validation), the lookup costs nothing. Bounded, as any spelling of a name is valid.
 */
const knownTimeZones = new Set<string>();

function isTimeZone(value: string): boolean {
  if (knownTimeZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    return false;
  }
  if (knownTimeZones.size < 500) knownTimeZones.add(value);
  return true;
}

/** Paging parameters, shared by every list. `page` is checked by the paginator: DRF answers 404. */
export const pageQuery = {
  page: z.string().optional(),
  page_size: z.string().optional(),
};

/** GET /api/customer/customers/ */
export const customerSearchQuery = z.object({
  customer_type: filter(customerTypes),
  lead_source: filter(leadSources),
  customer_industry: filter(customerIndustries),
  follow_up_status: filter(followUpStatuses),
  principal: optionalQueryText(100),
  q: optionalQueryText(200),
  ordering: z.preprocess(blankToUndefined, choice(orderings).optional()),
  due: z.preprocess(blankToUndefined, choice(dueBuckets).optional()),
  tz: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not a known time zone.` })
      .optional(),
  ),
  ...pageQuery,
});
export type CustomerSearch = z.output<typeof customerSearchQuery>;
