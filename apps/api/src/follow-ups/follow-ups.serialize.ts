import type { FollowUp } from '@crm/schema';
import { formatOptionalTime, formatTime } from '@crm/schema';
import { customers, followUps } from '@crm/schema/tables';

/** An entry as the API shows it: `customer` is the customer's current name, joined in. */
export const followUpColumns = {
  id: followUps.id,
  customer_id: followUps.customer_id,
  customer: customers.name,
  title: followUps.title,
  time: followUps.time,
  principal: followUps.principal,
  content: followUps.content,
  next_time: followUps.next_time,
  created_at: followUps.created_at,
};

export interface FollowUpRecord {
  id: number;
  customer_id: number;
  customer: string;
  title: string;
  time: number;
  principal: string;
  content: string;
  next_time: number | null;
  created_at: number;
}

export function serializeFollowUp(row: FollowUpRecord): FollowUp {
  return {
    ...row,
    id: String(row.id),
    customer_id: String(row.customer_id),
    time: formatTime(row.time),
    next_time: formatOptionalTime(row.next_time),
    created_at: formatTime(row.created_at),
  };
}
