import * as z from 'zod';
import { idInputNote } from './customer';
import { seedFollowUpExample, seedLogExample } from './examples';
import { blankToUndefined, idField, optionalTime, requiredText, requiredTime } from './fields';

/** How a client writes a time. */
export const timeInputNote =
  'ISO 8601 date-time with `Z` or an offset (`2023-06-15T09:30:00Z`, `2023-06-15T17:30:00+08:00`); surrounding whitespace is ignored. Stored and answered in UTC.';

import { optionalQueryText, ownerFilter, pageQuery } from './search';

/** POST /api/customer/follow-up/. `customer` (the name) is output only, so it is ignored here. */
export const followUpInput = z
  .object({
    customer_id: idField().meta({ description: `An existing customer. ${idInputNote}` }),
    title: requiredText(200),
    time: requiredTime().meta({ description: `When the contact happened. ${timeInputNote}` }),
    principal: requiredText(100),
    content: requiredText(10_000),
    next_time: optionalTime().meta({
      description: 'When to follow up next, same format as `time`; `""`, null or absent mean none.',
    }),
  })
  .meta({ id: 'FollowUpInput', examples: [seedFollowUpExample] });
/** PATCH of an entry: any field but the customer it belongs to. */
export const followUpPatchInput = followUpInput
  .omit({ customer_id: true })
  .partial()
  .meta({ id: 'FollowUpPatchInput', examples: [{ next_time: '2023-06-28T15:30:00Z' }] });

export type FollowUpInput = z.output<typeof followUpInput>;
export type FollowUpPatch = z.output<typeof followUpPatchInput>;

const time = z.iso.datetime();

export const followUpOutput = z
  .object({
    id: z.string(),
    customer_id: z.string().meta({ description: 'The customer the entry belongs to; a decimal string.' }),
    customer: z.string().meta({ description: "The customer's current name." }),
    title: z.string(),
    time,
    principal: z.string(),
    content: z.string(),
    next_time: time.nullable().meta({ description: 'When to follow up next; null for none.' }),
    created_at: time,
  })
  .meta({ id: 'FollowUp', examples: [seedLogExample[0]] });
export type FollowUp = z.infer<typeof followUpOutput>;

/** GET /api/customer/follow-up/: planned follow-ups by `next_time`, the "who do I call next" list. */
export const followUpListQuery = z.object({
  customer_id: z
    .preprocess(blankToUndefined, idField().optional())
    .meta({ description: 'Only the entries of this customer.' }),
  principal: optionalQueryText(100).meta({ description: 'Exact match on the salesperson.' }),
  owner: ownerFilter,
  due_before: z
    .preprocess(blankToUndefined, requiredTime().optional())
    .meta({ description: `Only entries whose \`next_time\` is before this time. ${timeInputNote}` }),
  due_after: z
    .preprocess(blankToUndefined, requiredTime().optional())
    .meta({ description: `Only entries whose \`next_time\` is at or after this time. ${timeInputNote}` }),
  ...pageQuery,
});
export type FollowUpListQuery = z.output<typeof followUpListQuery>;
