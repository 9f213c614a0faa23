import * as z from 'zod';
import { customerIndustries, customerTypes, followUpStatuses, leadSources } from './choices';
import { choice, idField, optionalEmail, optionalPhone, optionalText, requiredText } from './fields';

/** What a client may write about a customer (POST /customers/, PUT, and PATCH as `.partial()`). */
export const customerFields = {
  name: requiredText(100),
  landline: optionalPhone(),
  email: optionalEmail(),
  mobile_phone: optionalPhone(),
  customer_type: choice(customerTypes),
  company_details: optionalText(500),
  lead_source: choice(leadSources),
  address: optionalText(500),
  customer_industry: choice(customerIndustries),
  follow_up_status: choice(followUpStatuses),
  principal: requiredText(100),
};

/** Create: unknown and read-only fields (`id`, timestamps) are stripped, as DRF ignores them. */
export const customerInput = z.object(customerFields);
/** PUT /customers/update/: the whole customer plus its `id`. */
export const customerReplaceInput = z.object({ id: idField(), ...customerFields });
/**
 * PATCH: only what is sent changes. Built from the raw fields, not `customerInput.partial()`,
 * because the optional text fields default to "" and a partial update must not blank them.
 */
export const customerPatchInput = z.object(
  Object.fromEntries(Object.entries(customerFields).map(([key, field]) => [key, field.optional()])) as {
    [K in keyof typeof customerFields]: z.ZodOptional<(typeof customerFields)[K]>;
  },
);

export type CustomerInput = z.output<typeof customerInput>;
export type CustomerPatch = z.output<typeof customerPatchInput>;

const time = z.iso.datetime();

/** A customer as the API returns it: ids as decimal strings, times as UTC ISO strings. */
export const customerOutput = z.object({
  id: z.string(),
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
  created_at: time,
  updated_at: time,
  last_contact_at: time.nullable(),
  next_follow_up_at: time.nullable(),
});
export type Customer = z.infer<typeof customerOutput>;
