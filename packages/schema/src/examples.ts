/**
 * The seed document's examples, completed with the fields the API adds. The schemas carry them
 * (`.meta({ examples })`), so the OpenAPI document shows them, and tests send them.
 */

/** The seed's example customer (document 1). */
export const seedCustomerExample = {
  name: 'John Doe',
  landline: '59190000',
  email: 'johndoe@example.com',
  mobile_phone: '0404730855',
  customer_type: 'A',
  company_details: 'quntas airways limited',
  lead_source: 'direct_traffic',
  address: '',
  customer_industry: 'finance',
  follow_up_status: 'proposal',
  principal: 'Jane Smith',
} as const;

/** The seed's follow-up example (document 6); `customer` is output only and ignored. */
export const seedFollowUpExample = {
  title: 'Initial Contact',
  time: '2023-06-15T09:30:00Z',
  principal: 'Jane Smith',
  customer: 'John Doe',
  content: 'Called the customer to greet and introduce company products.',
  next_time: '2023-06-20T14:00:00Z',
  customer_id: '23413',
} as const;

/** The seed's detail example (document 3): its follow-up log. */
export const seedLogExample = [
  ['Initial Contact', '2023-06-15T09:30:00Z', seedFollowUpExample.content, '2023-06-20T14:00:00Z'],
  [
    'Product Demo',
    '2023-06-20T14:00:00Z',
    'Scheduled an online product demonstration meeting to showcase product features and advantages to the customer.',
    '2023-06-25T11:00:00Z',
  ],
  [
    'Quote Response',
    '2023-06-25T11:00:00Z',
    "Replied to the customer's quote request, providing detailed pricing and commercial terms.",
    '2023-06-28T15:30:00Z',
  ],
].map(([title = '', time = '', content = '', next_time = ''], index) => ({
  id: String(101 + index),
  customer_id: '12345',
  customer: 'John Doe',
  title,
  time,
  principal: 'Jane Smith',
  content,
  next_time,
  created_at: time,
}));

/** The seed's customer as the API answers it. */
export const customerExample = {
  id: '12345',
  ...seedCustomerExample,
  address: '123 Main Street, City',
  owner: '7',
  created_at: '2023-06-15T09:00:00Z',
  updated_at: '2023-06-25T11:00:00Z',
  last_contact_at: '2023-06-25T11:00:00Z',
  next_follow_up_at: '2023-06-28T15:30:00Z',
};
