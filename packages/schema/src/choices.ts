/**
 * Every fixed list of the contract. No zod here: the admin's first screens import this file
 * (`@crm/schema/choices`) without loading the validation library.
 */

/**
 * The four choice fields of the seed, in the order API.md lists them. The order is part of
 * the contract: `GET /api/customer/options/` returns it and the admin builds its menus from it.
 */
export const customerTypes = ['A', 'B', 'C', 'D'] as const;

export const leadSources = [
  'direct_traffic',
  'organic_search',
  'paid_search',
  'social_media',
  'referral',
  'email_marketing',
  'exhibition',
  'cold_call',
  'partner',
  'other',
] as const;

export const customerIndustries = [
  'finance',
  'information_technology',
  'manufacturing',
  'retail',
  'healthcare',
  'education',
  'real_estate',
  'transportation',
  'energy',
  'government',
  'hospitality',
  'media',
  'agriculture',
  'other',
] as const;

export const followUpStatuses = [
  'initial_contact',
  'needs_analysis',
  'proposal',
  'negotiation',
  'closed_won',
  'closed_lost',
] as const;

export const choices = {
  customer_type: customerTypes,
  lead_source: leadSources,
  customer_industry: customerIndustries,
  follow_up_status: followUpStatuses,
} as const;

/** The names of the four filterable choice fields, as they appear in JSON and query strings. */
export type ChoiceField = keyof typeof choices;
export const choiceFields = Object.keys(choices) as ChoiceField[];

/** What the customer list can be sorted by (`ordering=`); `-` sorts descending. */
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

/** DRF's PageNumberPagination settings for every list (here, zod-free, for the admin's list too). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
