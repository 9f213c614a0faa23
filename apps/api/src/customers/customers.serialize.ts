import type { Customer } from '@crm/schema';
import { formatOptionalTime, formatTime } from '@crm/schema';
import type { CustomerRow } from '@crm/schema/tables';
import { customers } from '@crm/schema/tables';

/** The columns a client sees, selected explicitly so `deleted_at`, `phone_digits` and `changed_by` stay inside. */
export const customerColumns = {
  id: customers.id,
  name: customers.name,
  landline: customers.landline,
  email: customers.email,
  mobile_phone: customers.mobile_phone,
  customer_type: customers.customer_type,
  company_details: customers.company_details,
  lead_source: customers.lead_source,
  address: customers.address,
  customer_industry: customers.customer_industry,
  follow_up_status: customers.follow_up_status,
  principal: customers.principal,
  owner_id: customers.owner_id,
  created_at: customers.created_at,
  updated_at: customers.updated_at,
  last_contact_at: customers.last_contact_at,
  next_follow_up_at: customers.next_follow_up_at,
};

/** A customer row as selected with `customerColumns`. */
type CustomerRecord = Omit<CustomerRow, 'deleted_at' | 'phone_digits' | 'changed_by'>;

export function serializeCustomer({ owner_id, ...row }: CustomerRecord): Customer {
  return {
    ...row,
    id: String(row.id),
    owner: owner_id === null ? null : String(owner_id),
    created_at: formatTime(row.created_at),
    updated_at: formatTime(row.updated_at),
    last_contact_at: formatOptionalTime(row.last_contact_at),
    next_follow_up_at: formatOptionalTime(row.next_follow_up_at),
  };
}
