import { z } from 'zod';
import { customerIndustries, customerTypes, followUpStatuses, leadSources } from './choices';
import { blankToUndefined, choice, messages, noNullCharacter } from './fields';

/** The seed's rule: a filter that is absent, empty or `all` does not filter. */
const blankOrAllToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim().toLowerCase() === 'all' ? undefined : blankToUndefined(value);

function filter<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(blankOrAllToUndefined, choice(values).optional());
}

/** An optional text parameter of a query string: blank means absent; too long answers in DRF's words. */
export const optionalQueryText = (max: number) =>
  z.preprocess(
    blankToUndefined,
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
const dueBuckets = ['overdue', 'today', 'week', 'none'] as const;
export type DueBucket = (typeof dueBuckets)[number];

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** DRF's PageNumberPagination as the API sets it up: 20 rows a page unless `page_size` asks, 100 at most. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

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
  ordering: z.preprocess(blankOrAllToUndefined, choice(orderings).optional()),
  due: z.preprocess(blankOrAllToUndefined, choice(dueBuckets).optional()),
  tz: z.preprocess(
    blankOrAllToUndefined,
    z
      .string()
      .refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not a known time zone.` })
      .optional(),
  ),
  ...pageQuery,
});
export type CustomerSearch = z.output<typeof customerSearchQuery>;
