import * as z from 'zod';
import { customerIndustries, customerTypes, followUpStatuses, leadSources } from './choices';
import { customerExample, seedCustomerExample } from './examples';
import { choice, idField, optionalEmail, optionalPhone, optionalText, requiredText } from './fields';

const blankDefault = 'Absent or null is stored as `""`.';
const phone = `Digits, spaces and \`+-()\` only. ${blankDefault}`;
/** What an id in a request may look like (the seed sends strings). */
export const idInputNote = 'A digit string (`"12345"`) or a JSON integer.';

/** What a client may write about a customer (POST /customers/, PUT, and PATCH as `.partial()`). */
export const customerFields = {
  name: requiredText(100).meta({ description: 'Trimmed.' }),
  landline: optionalPhone().meta({ description: phone }),
  email: optionalEmail().meta({ description: `A valid address or \`""\`. ${blankDefault}` }),
  mobile_phone: optionalPhone().meta({ description: phone }),
  customer_type: choice(customerTypes).meta({ description: 'Customer grade, A highest.' }),
  company_details: optionalText(500).meta({ description: blankDefault }),
  lead_source: choice(leadSources),
  address: optionalText(500).meta({ description: blankDefault }),
  customer_industry: choice(customerIndustries),
  follow_up_status: choice(followUpStatuses),
  principal: requiredText(100).meta({ description: 'The salesperson responsible; trimmed.' }),
};

/** Create: unknown and read-only fields (`id`, timestamps) are stripped, as DRF ignores them. */
export const customerInput = z.object(customerFields).meta({ id: 'CustomerInput', examples: [seedCustomerExample] });
/** PUT /customers/update/: the whole customer plus its `id`. */
export const customerReplaceInput = z
  .object({ id: idField().meta({ description: `The customer to update. ${idInputNote}` }), ...customerFields })
  .meta({ id: 'CustomerReplaceInput', examples: [{ id: '12345', ...seedCustomerExample }] });
/**
 * PATCH: only what is sent changes. Built from the raw fields, not `customerInput.partial()`,
 * because the optional text fields default to "" and a partial update must not blank them.
 */
export const customerPatchInput = z
  .object(
    Object.fromEntries(Object.entries(customerFields).map(([key, field]) => [key, field.optional()])) as {
      [K in keyof typeof customerFields]: z.ZodOptional<(typeof customerFields)[K]>;
    },
  )
  .meta({ id: 'CustomerPatchInput', examples: [{ follow_up_status: 'negotiation' }] });

export type CustomerInput = z.output<typeof customerInput>;
export type CustomerPatch = z.output<typeof customerPatchInput>;

const time = z.iso.datetime();
const utc = time.meta({ description: 'UTC.' });

/** A customer as the API returns it: ids as decimal strings, times as UTC ISO strings. */
export const customerOutput = z
  .object({
    id: z.string().meta({ description: 'Assigned by the server; a decimal string.' }),
    name: z.string(),
    landline: z.string(),
    email: z.string(),
    mobile_phone: z.string(),
    customer_type: z.enum(customerTypes),
    company_details: z.string(),
    lead_source: z.enum(leadSources),
    address: z.string(),
    customer_industry: z.enum(customerIndustries),
    follow_up_status: z.enum(followUpStatuses),
    principal: z.string(),
    owner: z.string().nullable().meta({
      description:
        'The id of the user who owns the customer: the user whose username or display name `principal` was when written; null when `principal` names no user.',
    }),
    created_at: utc,
    updated_at: utc,
    last_contact_at: time.nullable().meta({
      description: 'The `time` of the newest follow-up entry (greatest `time`); null without entries.',
    }),
    next_follow_up_at: time.nullable().meta({
      description:
        'The `next_time` of the newest follow-up entry (a new entry supersedes the previous plan); null when none is planned.',
    }),
  })
  .meta({ id: 'Customer', examples: [customerExample] });
export type Customer = z.infer<typeof customerOutput>;
