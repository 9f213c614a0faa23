import { z } from 'zod';
import { blankToUndefined, idField, optionalTime, requiredText, requiredTime } from './fields';
import { optionalQueryText, pageQuery } from './search';

/** POST /api/customer/follow-up/. `customer` (the name) is output only, so it is ignored here. */
export const followUpInput = z.object({
  customer_id: idField(),
  title: requiredText(200),
  time: requiredTime(),
  principal: requiredText(100),
  content: requiredText(10_000),
  next_time: optionalTime(),
});
/** PATCH of an entry: any field but the customer it belongs to. */
export const followUpPatchInput = followUpInput.omit({ customer_id: true }).partial();

export type FollowUpInput = z.output<typeof followUpInput>;
export type FollowUpPatch = z.output<typeof followUpPatchInput>;

const time = z.iso.datetime();

export const followUpOutput = z.object({
  id: z.string(),
  customer_id: z.string(),
  customer: z.string(),
  title: z.string(),
  time,
  principal: z.string(),
  content: z.string(),
  next_time: time.nullable(),
  created_at: time,
});
export type FollowUp = z.infer<typeof followUpOutput>;

/** GET /api/customer/follow-up/: planned follow-ups by `next_time`, the "who do I call next" list. */
export const followUpListQuery = z.object({
  customer_id: z.preprocess(blankToUndefined, idField().optional()),
  principal: optionalQueryText(100),
  due_before: z.preprocess(blankToUndefined, requiredTime().optional()),
  due_after: z.preprocess(blankToUndefined, requiredTime().optional()),
  ...pageQuery,
});
export type FollowUpListQuery = z.output<typeof followUpListQuery>;
