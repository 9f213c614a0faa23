import * as z from 'zod';
import { customerIndustries, customerTypes, dueBuckets, followUpStatuses, leadSources, orderings } from './choices';
import { drfCheck, drfMessage } from './errors';
import { choice, noNullCharacter } from './fields';

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
      .max(max, { error: drfMessage })
      // A NUL would end the full-text query early ("unterminated string") or cut a LIKE short.
      .refine(noNullCharacter, drfCheck('nullCharacter'))
      .optional(),
  );

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
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
