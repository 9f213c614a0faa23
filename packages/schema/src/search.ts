import * as z from 'zod';
import {
  customerIndustries,
  customerTypes,
  DEFAULT_PAGE_SIZE,
  dueBuckets,
  followUpStatuses,
  leadSources,
  MAX_PAGE_SIZE,
  orderings,
} from './choices';
import { drfCheck, drfMessage } from './errors';
import { blankToUndefined, choice, idField, noNullCharacter } from './fields';

/** The seed's rule: a filter that is absent, empty or `all` does not filter. */
const blankOrAllToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim().toLowerCase() === 'all' ? undefined : blankToUndefined(value);

/** A choice filter; the document lists `all`, the seed's word for "any", beside the choices. */
function filter<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .preprocess(blankOrAllToUndefined, choice(values).optional())
    .meta({ description: 'Absent, empty or `all`: no filter.', enum: [...values, 'all'] });
}

/** An optional text parameter of a query string: blank means absent; too long answers in DRF's words. */
export const optionalQueryText = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(max, { error: drfMessage })
      // A NUL would end the full-text query early ("unterminated string") or cut a LIKE short.
      .refine(noNullCharacter, drfCheck('nullCharacter'))
      .optional(),
  );

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

/**
 * Paging parameters, shared by every list. Strings here, read by the paginator (the API's
 * lib/pagination.ts): a `page` that is not a page answers DRF's 404, a bad `page_size` falls back.
 */
export const pageQuery = {
  page: z.string().optional().meta({
    type: 'integer',
    minimum: 1,
    description: 'From 1. A page past the end answers `404 {"detail": "Invalid page."}`.',
  }),
  page_size: z
    .string()
    .optional()
    .meta({
      type: 'integer',
      minimum: 1,
      default: DEFAULT_PAGE_SIZE,
      description: `Default ${DEFAULT_PAGE_SIZE}; above ${MAX_PAGE_SIZE} is capped to ${MAX_PAGE_SIZE}, as DRF does; a value that is not a positive integer falls back to ${DEFAULT_PAGE_SIZE}.`,
    }),
};

/** `owner=me` (the key's user) or `owner=<user id>`: the customers that user owns. */
export const ownerFilter = z
  .preprocess(
    blankOrAllToUndefined,
    z
      .union([z.literal('me'), idField()], { error: (issue) => `"${String(issue.input)}" is not "me" or a user id.` })
      .optional(),
  )
  .meta({ description: "The customers one user owns: `me` (the key's user) or a user id." });

/** GET /api/customer/customers/ */
export const customerSearchQuery = z.object({
  customer_type: filter(customerTypes),
  lead_source: filter(leadSources),
  customer_industry: filter(customerIndustries),
  follow_up_status: filter(followUpStatuses),
  principal: optionalQueryText(100).meta({ description: 'Exact match on the salesperson.' }),
  owner: ownerFilter,
  q: optionalQueryText(200).meta({
    description:
      'Case-insensitive substring of name, email, company_details, address or principal. Phones match on their digits: `0404 730 855` finds `0404730855`.',
  }),
  ordering: z.preprocess(blankOrAllToUndefined, choice(orderings).optional()).meta({
    description:
      'Sort field, `-` for descending. Default `-created_at`; ties by id in the same direction. Customers without a date sort first ascending.',
  }),
  due: z.preprocess(blankOrAllToUndefined, choice(dueBuckets).optional()).meta({
    description:
      'By `next_follow_up_at`: `overdue` (before now), `today` (from now to the end of the day), `week` (from now to the end of the 7th day), `none` (nothing planned). Days are counted in `tz`.',
  }),
  tz: z
    .preprocess(
      blankOrAllToUndefined,
      z
        .string()
        .refine(isTimeZone, { error: (issue) => `"${String(issue.input)}" is not a known time zone.` })
        .optional(),
    )
    .meta({ description: 'IANA time zone for `due`, e.g. `Asia/Shanghai`. Default UTC.' }),
  ...pageQuery,
});
export type CustomerSearch = z.output<typeof customerSearchQuery>;
