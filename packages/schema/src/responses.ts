import * as z from 'zod';
import { auditEntryOutput } from './audit';
import { customerIndustries, customerTypes, followUpStatuses, leadSources } from './choices';
import { customerOutput } from './customer';
import { customerExample, seedLogExample } from './examples';
import { followUpOutput } from './follow-up';

/**
 * The shapes of answers that are more than one resource: the detail with its log, the trash
 * entry, DRF's page, the choice lists and the error bodies. Handlers type their answers with
 * them, the OpenAPI document describes them, the test harness validates every answer against
 * that document, and the admin's types are these.
 */

/** DRF's PageNumberPagination envelope around a list of `item`. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      count: z.number().int().min(0).meta({ description: 'All matches, on every page.' }),
      next: z.url().nullable().meta({ description: 'The next page, absolute; null on the last.' }),
      previous: z.url().nullable().meta({ description: 'The previous page, absolute; null on the first.' }),
      results: z.array(item),
    })
    .meta({ id });
}
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** `GET /api/customer/detail/<id>/` (seed 3) and the restore's answer. */
export const customerDetail = customerOutput
  .extend({
    follow_up_log: z.array(followUpOutput).meta({ description: 'The entries of the customer, by `time` ascending.' }),
  })
  .meta({ id: 'CustomerDetail', examples: [{ ...customerExample, follow_up_log: seedLogExample }] });
export type CustomerDetail = z.infer<typeof customerDetail>;

/** A customer in the trash: when it was deleted and when it goes for good. */
export const trashedCustomer = customerOutput
  .extend({
    deleted_at: z.iso.datetime(),
    purge_at: z.iso.datetime().meta({ description: 'When the customer and its log are deleted for good.' }),
  })
  .meta({ id: 'TrashedCustomer' });
export type TrashedCustomer = z.infer<typeof trashedCustomer>;

export const customerPage = pageOf(customerOutput, 'CustomerPage');
export const followUpPage = pageOf(followUpOutput, 'FollowUpPage');
export const trashPage = pageOf(trashedCustomer, 'TrashPage');

/** `GET /api/customer/options/`: the values of the four choice fields, in display order. */
export const choiceOptions = z
  .object({
    customer_type: z.array(z.enum(customerTypes)),
    lead_source: z.array(z.enum(leadSources)),
    customer_industry: z.array(z.enum(customerIndustries)),
    follow_up_status: z.array(z.enum(followUpStatuses)),
  })
  .meta({ id: 'Options' });
export type ChoiceOptions = z.infer<typeof choiceOptions>;

export const healthOutput = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

/** DRF's body for everything that is not a field error. */
export const errorDetail = z.object({ detail: z.string() }).meta({ id: 'Detail', description: 'DRF error body.' });

/** DRF's validation errors. */
export const fieldErrorsBody = z.record(z.string(), z.array(z.string())).meta({
  id: 'FieldErrors',
  description:
    'DRF validation errors: one key per bad field, each with its messages; `non_field_errors` for the body as a whole.',
  examples: [{ customer_type: ['"Z" is not a valid choice.'], name: ['This field is required.'] }],
});

export const auditPage = pageOf(auditEntryOutput, 'AuditPage');
