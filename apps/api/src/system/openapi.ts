import {
  auditEntryOutput,
  auditQuery,
  choices,
  customerIndustries,
  customerInput,
  customerOutput,
  customerPatchInput,
  customerReplaceInput,
  customerSearchQuery,
  customerTypes,
  DEFAULT_PAGE_SIZE,
  followUpInput,
  followUpListQuery,
  followUpOutput,
  followUpPatchInput,
  followUpStatuses,
  importReport,
  leadSources,
  MAX_PAGE_SIZE,
  pageQuery,
} from '@crm/schema';
import { z } from 'zod';
import { publicApiPaths } from '../auth/auth.middleware';
import { loginInput } from '../auth/auth.routes';
import { idParam } from '../lib/validate';
import { importColumns, requiredImportColumns } from '../transfer/csv-import';
import { MAX_IMPORT_BYTES } from '../transfer/transfer.routes';

/**
 * The OpenAPI 3.1 document of the API, generated from the zod schemas that validate requests
 * and type responses (packages/schema), so it cannot drift from what the server accepts.
 *
 * `endpoints` has one entry per route the app registers ("METHOD /path/"); openapi.test.ts
 * fails when a route has no entry or an entry no route, so a new route must be described here.
 */

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

// ---------------------------------------------------------------------------------------------
// Named schemas (components.schemas). Requests are converted on their input side (what a client
// sends, before trimming and time parsing); responses on their output side.

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    count: z.number().int().min(0).meta({ description: 'All matches, on every page.' }),
    next: z.url().nullable().meta({ description: 'The next page, absolute; null on the last.' }),
    previous: z.url().nullable().meta({ description: 'The previous page, absolute; null on the first.' }),
    results: z.array(item),
  });

const customerDetail = customerOutput.extend({
  follow_up_log: z.array(followUpOutput).meta({ description: 'The entries of the customer, by `time` ascending.' }),
});
const trashedCustomer = customerOutput.extend({
  deleted_at: z.iso.datetime(),
  purge_at: z.iso.datetime().meta({ description: 'When the customer and its log are deleted for good.' }),
});

const inputSchemas = {
  CustomerInput: customerInput,
  CustomerReplaceInput: customerReplaceInput,
  CustomerPatchInput: customerPatchInput,
  FollowUpInput: followUpInput,
  FollowUpPatchInput: followUpPatchInput,
  LoginInput: loginInput,
} as const;

const outputSchemas = {
  Customer: customerOutput,
  CustomerDetail: customerDetail,
  TrashedCustomer: trashedCustomer,
  FollowUp: followUpOutput,
  CustomerPage: page(customerOutput),
  FollowUpPage: page(followUpOutput),
  TrashPage: page(trashedCustomer),
  Options: z.object({
    customer_type: z.array(z.enum(customerTypes)),
    lead_source: z.array(z.enum(leadSources)),
    customer_industry: z.array(z.enum(customerIndustries)),
    follow_up_status: z.array(z.enum(followUpStatuses)),
  }),
  Token: z.object({ token: z.string().meta({ description: 'The new key; shown only this once.' }) }),
  Me: z.object({ username: z.string() }),
  Health: z.object({ status: z.literal('ok') }),
  FieldErrors: z.record(z.string(), z.array(z.string())).meta({
    description:
      'DRF validation errors: one key per bad field, each with its messages; `non_field_errors` for the body as a whole.',
    examples: [{ customer_type: ['"Z" is not a valid choice.'], name: ['This field is required.'] }],
  }),
  ImportReport: importReport,
  AuditEntry: auditEntryOutput,
  AuditPage: page(auditEntryOutput),
  Detail: z.object({ detail: z.string() }).meta({ description: 'DRF error body.' }),
} as const;

export type SchemaName = keyof typeof inputSchemas | keyof typeof outputSchemas;

// Words for fields whose zod schema cannot say it in JSON Schema (transforms, defaults, meaning).
const timeInput =
  'ISO 8601 date-time with `Z` or an offset (`2023-06-15T09:30:00Z`, `2023-06-15T17:30:00+08:00`); surrounding whitespace is ignored. Stored and answered in UTC.';
const idInput = 'A digit string (`"12345"`) or a JSON integer.';
const blankDefault = 'Absent or null is stored as `""`.';
const phone = `Digits, spaces and \`+-()\` only. ${blankDefault}`;
const fieldNotes: Record<Io, Record<string, string>> = {
  input: {
    id: `The customer to update. ${idInput}`,
    customer_id: `An existing customer. ${idInput}`,
    name: 'Trimmed.',
    landline: phone,
    mobile_phone: phone,
    email: `A valid address or \`""\`. ${blankDefault}`,
    company_details: blankDefault,
    address: blankDefault,
    customer_type: 'Customer grade, A highest.',
    principal: 'The salesperson responsible; trimmed.',
    time: `When the contact happened. ${timeInput}`,
    next_time: `When to follow up next, same format as \`time\`; \`""\`, null or absent mean none.`,
  },
  output: {
    id: 'Assigned by the server; a decimal string.',
    customer_id: 'The customer the entry belongs to; a decimal string.',
    customer: "The customer's current name.",
    created_at: 'UTC.',
    updated_at: 'UTC.',
    last_contact_at: 'The `time` of the newest follow-up entry (greatest `time`); null without entries.',
    next_follow_up_at:
      'The `next_time` of the newest follow-up entry (a new entry supersedes the previous plan); null when none is planned.',
    next_time: 'When to follow up next; null for none.',
  },
};

function tidy(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function annotate(schema: JsonSchema, io: Io): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return schema;
  for (const [name, property] of Object.entries(properties)) {
    const note = fieldNotes[io][name];
    if (note && property.description === undefined) property.description = note;
  }
  return schema;
}

function conversionOptions(io: Io) {
  return {
    target: 'draft-2020-12' as const,
    io,
    // Transforms (trimming, `""` defaults, time parsing) have no JSON Schema; their input side is
    // what a client sends, and that is what the request schemas describe.
    unrepresentable: 'any' as const,
    uri: (id: string) => `#/components/schemas/${id}`,
    override: ({ jsonSchema }: { jsonSchema: JsonSchema }) => {
      // zod writes its ISO regex beside `format`: the format says the same, readably.
      if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
    },
  };
}

function componentSchemas(): Record<string, JsonSchema> {
  const result: Record<string, JsonSchema> = {};
  for (const [io, named] of [
    ['input', inputSchemas],
    ['output', outputSchemas],
  ] as const) {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
    const { schemas } = z.toJSONSchema(registry, conversionOptions(io)) as { schemas: Record<string, JsonSchema> };
    for (const [id, schema] of Object.entries(schemas)) result[id] = annotate(tidy(schema), io);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Parameters.

/** Query strings are strings; these two are read as positive integers (lib/pagination.ts). */
const pageSchemas: Record<string, JsonSchema> = {
  page: { type: 'integer', minimum: 1 },
  page_size: { type: 'integer', minimum: 1, default: DEFAULT_PAGE_SIZE },
};

const noFilter = 'Absent, empty or `all`: no filter.';
const queryNotes: Record<string, string> = {
  customer_type: noFilter,
  lead_source: noFilter,
  customer_industry: noFilter,
  follow_up_status: noFilter,
  principal: 'Exact match on the salesperson.',
  q: 'Case-insensitive substring of name, email, company_details, address or principal. Phones match on their digits: `0404 730 855` finds `0404730855`.',
  ordering:
    'Sort field, `-` for descending. Default `-created_at`; ties by id in the same direction. Customers without a date sort first ascending.',
  due: 'By `next_follow_up_at`: `overdue` (before now), `today` (from now to the end of the day), `week` (from now to the end of the 7th day), `none` (nothing planned). Days are counted in `tz`.',
  tz: 'IANA time zone for `due`, e.g. `Asia/Shanghai`. Default UTC.',
  customer_id: 'Only the entries of this customer.',
  due_before: `Only entries whose \`next_time\` is before this time. ${timeInput}`,
  due_after: `Only entries whose \`next_time\` is at or after this time. ${timeInput}`,
  page: 'From 1. A page past the end answers `404 {"detail": "Invalid page."}`.',
  page_size: `Default ${DEFAULT_PAGE_SIZE}; above ${MAX_PAGE_SIZE} is capped to ${MAX_PAGE_SIZE}, as DRF does; a value that is not a positive integer falls back to ${DEFAULT_PAGE_SIZE}.`,
};

const choiceFilters = new Set<string>(Object.keys(choices));

function queryParameters(schema: z.ZodObject, notes: Record<string, string> = {}): JsonSchema[] {
  const converted = z.toJSONSchema(schema, conversionOptions('input')) as JsonSchema;
  const properties = (converted.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).map(([name, property]) => {
    let described = pageSchemas[name] ?? property;
    // `all` is the seed's word for "any"; the schema strips it before validating the choice.
    if (choiceFilters.has(name) && Array.isArray(property.enum))
      described = { ...property, enum: [...property.enum, 'all'] };
    return {
      name,
      in: 'query',
      required: false,
      schema: described,
      ...(notes[name] || queryNotes[name] ? { description: notes[name] ?? queryNotes[name] } : {}),
    };
  });
}

function pathParameters(path: string): JsonSchema[] {
  const converted = z.toJSONSchema(idParam, conversionOptions('input')) as { properties: Record<string, JsonSchema> };
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    schema: converted.properties[name] ?? { type: 'string' },
    description: 'A positive integer; anything else answers 400.',
  }));
}

// ---------------------------------------------------------------------------------------------
// Responses: the DRF error bodies, shared by every operation that can give them.

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const detail = (example: string) => ({ 'application/json': { schema: ref('Detail'), example: { detail: example } } });

const errorResponses = {
  BadRequest: {
    description:
      'Invalid input: `{"field": ["message"]}` per bad field (DRF), `{"non_field_errors": […]}` when the body is JSON but not an object, `{"detail": "JSON parse error - …"}` when it is not JSON or the id in the path is malformed.',
    content: json({ anyOf: [ref('FieldErrors'), ref('Detail')] }),
  },
  BadParameters: {
    description:
      'A malformed id in the path (`{"detail": "…"}`) or an invalid query parameter (`{"field": ["message"]}`).',
    content: json({ anyOf: [ref('Detail'), ref('FieldErrors')] }),
  },
  Unauthorized: {
    description:
      'No credentials, or a bad or revoked key. Send `Authorization: Token <key>` (or `Bearer <key>`); keys come from `POST /api/auth/token/` or `crm token create`.',
    headers: { 'WWW-Authenticate': { schema: { type: 'string', const: 'Token' } } },
    content: detail('Authentication credentials were not provided.'),
  },
  NotFound: { description: 'No such object (or page).', content: detail('Not found.') },
  MethodNotAllowed: {
    description: 'The path exists, but not with this method; `Allow` lists the methods it has.',
    headers: { Allow: { schema: { type: 'string' } } },
    content: detail('Method "GET" not allowed.'),
  },
  PayloadTooLarge: { description: 'The body is over 64 KB.', content: detail('Request body is larger than 64 KB.') },
  UnsupportedMediaType: {
    description: 'The body is not `application/json`.',
    content: detail('Unsupported media type "text/plain" in request.'),
  },
  TooManyRequests: {
    description:
      'More than 10 failed logins in a quarter of an hour for the username or the address; `Retry-After` says when to try again.',
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds.' } },
    content: detail('Request was throttled.'),
  },
  InternalError: {
    description: 'A bug. Never a stack trace or SQL.',
    content: detail('Internal server error.'),
  },
} as const;

type ErrorName = keyof typeof errorResponses;
const errorStatus: Record<ErrorName, string> = {
  BadRequest: '400',
  BadParameters: '400',
  Unauthorized: '401',
  NotFound: '404',
  MethodNotAllowed: '405',
  PayloadTooLarge: '413',
  UnsupportedMediaType: '415',
  TooManyRequests: '429',
  InternalError: '500',
};

// ---------------------------------------------------------------------------------------------
// The endpoints, one per route of the app.

type Tag = 'Customers' | 'Follow-ups' | 'Trash' | 'Audit' | 'Auth' | 'System';

interface Endpoint {
  tag: Tag;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  body?: { schema: keyof typeof inputSchemas; example?: Record<string, unknown> };
  /** A body that is not JSON (the CSV import). */
  upload?: { description: string; content: Record<string, { schema: JsonSchema; example?: string }> };
  /** The success answer; `schema` absent means an empty body. */
  success: {
    status: number;
    description: string;
    schema?: SchemaName;
    example?: unknown;
    content?: Record<string, { schema: JsonSchema }>;
    headers?: Record<string, JsonSchema>;
  };
  /** Answers beyond those every route of its kind has (see `operation`). */
  errors?: ErrorName[];
  /** A DRF page: `page` past the end answers 404. */
  paged?: boolean;
  /** Words for query parameters that mean something else here than in `queryNotes`. */
  queryNotes?: Record<string, string>;
  /** Answers that differ from the shared ones of the same status. */
  responses?: Record<string, JsonSchema>;
}

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
};

/** The seed's follow-up example (document 6); `customer` is output only and ignored. */
export const seedFollowUpExample = {
  title: 'Initial Contact',
  time: '2023-06-15T09:30:00Z',
  principal: 'Jane Smith',
  customer: 'John Doe',
  content: 'Called the customer to greet and introduce company products.',
  next_time: '2023-06-20T14:00:00Z',
  customer_id: '23413',
};

/** The seed's detail example (document 3), completed with the fields the API adds. */
const seedLog = [
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
].map(([title, time, content, next_time], index) => ({
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
const customerExample = {
  id: '12345',
  ...seedCustomerExample,
  address: '123 Main Street, City',
  created_at: '2023-06-15T09:00:00Z',
  updated_at: '2023-06-25T11:00:00Z',
  last_contact_at: '2023-06-25T11:00:00Z',
  next_follow_up_at: '2023-06-28T15:30:00Z',
};

const html = { 'text/html': { schema: { type: 'string' } } };

export const endpoints: Record<string, Endpoint> = {
  'POST /api/auth/token/': {
    tag: 'Auth',
    summary: 'Log in: get a key',
    description:
      'DRF\'s `obtain_auth_token`: a new random key for the user, named `login`. Send it as `Authorization: Token <key>`. Wrong credentials answer `400 {"non_field_errors": ["Unable to log in with provided credentials."]}`.',
    body: { schema: 'LoginInput', example: { username: 'admin', password: 'your password' } },
    success: { status: 200, description: 'The new key.', schema: 'Token' },
    errors: ['TooManyRequests'],
  },
  'POST /api/auth/logout/': {
    tag: 'Auth',
    summary: 'Log out: revoke the key of this request',
    success: { status: 204, description: 'The key no longer works.' },
  },
  'GET /api/auth/me/': {
    tag: 'Auth',
    summary: 'Who the key belongs to',
    success: { status: 200, description: 'The user.', schema: 'Me' },
  },
  'POST /api/customer/customers/': {
    tag: 'Customers',
    summary: 'Create a customer (seed 1)',
    description:
      'Unknown and read-only fields (`id`, timestamps) are ignored. Optional text fields left out become `""`.',
    body: { schema: 'CustomerInput', example: seedCustomerExample },
    success: {
      status: 201,
      description: 'The new customer.',
      schema: 'Customer',
      example: customerExample,
      headers: {
        Location: { schema: { type: 'string' }, description: '`/api/customer/detail/<id>/`' },
      },
    },
  },
  'GET /api/customer/customers/': {
    tag: 'Customers',
    summary: 'Search customers (seed 2)',
    description:
      'The four choice filters combine with AND; a filter that is absent, empty or `all` does not filter. An unknown choice answers 400. Paged like DRF.',
    query: customerSearchQuery,
    paged: true,
    success: { status: 200, description: 'A page of customers.', schema: 'CustomerPage' },
  },
  'PUT /api/customer/customers/update/': {
    tag: 'Customers',
    summary: 'Replace a customer (seed 5)',
    description:
      'The whole customer with its `id` in the body. Answers **201** (the seed\'s code). Optional fields left out become `""`. Missing `id` answers `400 {"id": ["This field is required."]}`; an unknown one 404.',
    body: { schema: 'CustomerReplaceInput', example: { id: '12345', ...seedCustomerExample } },
    success: { status: 201, description: 'The updated customer.', schema: 'Customer', example: customerExample },
    errors: ['NotFound'],
  },
  'PATCH /api/customer/customers/:id/': {
    tag: 'Customers',
    summary: 'Update some fields of a customer',
    description: 'Only the fields sent change; the others keep their values.',
    body: { schema: 'CustomerPatchInput', example: { follow_up_status: 'negotiation' } },
    success: { status: 200, description: 'The updated customer.', schema: 'Customer' },
  },
  'DELETE /api/customer/customers/:id/': {
    tag: 'Customers',
    summary: 'Delete a customer into the trash (seed 4)',
    description:
      'The customer and its log leave every list, search and detail at once (404 afterwards) but stay restorable in the trash for 30 days (`TRASH_DAYS`), then are purged.',
    success: { status: 200, description: 'Deleted; the body is empty.' },
  },
  'POST /api/customer/customers/:id/restore/': {
    tag: 'Trash',
    summary: 'Restore a customer from the trash',
    description: 'The customer comes back with the same id and its log. 404 when it is not in the trash.',
    success: {
      status: 200,
      description: 'The restored customer with its log.',
      schema: 'CustomerDetail',
      example: { ...customerExample, follow_up_log: seedLog },
    },
  },
  'GET /api/customer/detail/:id/': {
    tag: 'Customers',
    summary: 'A customer with its follow-up log (seed 3)',
    success: {
      status: 200,
      description: 'The customer plus `follow_up_log`, sorted by `time` ascending.',
      schema: 'CustomerDetail',
      example: { ...customerExample, follow_up_log: seedLog },
    },
  },
  'GET /api/customer/trash/': {
    tag: 'Trash',
    summary: 'Deleted customers, newest first',
    query: z.object(pageQuery),
    paged: true,
    success: { status: 200, description: 'A page of deleted customers.', schema: 'TrashPage' },
  },
  'DELETE /api/customer/trash/:id/': {
    tag: 'Trash',
    summary: 'Purge a deleted customer now',
    description: 'Deletes the customer and its log for good. 404 when it is not in the trash.',
    success: { status: 204, description: 'Gone.' },
  },
  'GET /api/customer/options/': {
    tag: 'Customers',
    summary: 'The choice lists',
    description: 'The values of the four choice fields, in display order, for building menus.',
    success: { status: 200, description: 'The choices.', schema: 'Options' },
  },
  'POST /api/customer/follow-up/': {
    tag: 'Follow-ups',
    summary: 'Add a follow-up entry (seed 6)',
    description:
      'Also sets the customer\'s `last_contact_at`/`next_follow_up_at` in the same write. An unknown customer answers `400 {"customer_id": ["Invalid pk \\"…\\" - object does not exist."]}`. `customer` (the name) is ignored on input.',
    body: { schema: 'FollowUpInput', example: seedFollowUpExample },
    success: { status: 201, description: 'The new entry.', schema: 'FollowUp', example: seedLog[0] },
  },
  'GET /api/customer/follow-up/': {
    tag: 'Follow-ups',
    summary: 'Planned follow-ups by next_time',
    description:
      'Entries that have a `next_time`, soonest first (ties by id), of customers not in the trash: the "who do I call next" list. Filters combine with AND.',
    query: followUpListQuery,
    paged: true,
    success: { status: 200, description: 'A page of entries.', schema: 'FollowUpPage' },
  },
  'GET /api/customer/follow-up/:id/': {
    tag: 'Follow-ups',
    summary: 'One follow-up entry',
    success: { status: 200, description: 'The entry.', schema: 'FollowUp' },
  },
  'PATCH /api/customer/follow-up/:id/': {
    tag: 'Follow-ups',
    summary: 'Correct a follow-up entry',
    description:
      "Any field but the customer it belongs to; the customer's `last_contact_at`/`next_follow_up_at` follow.",
    body: { schema: 'FollowUpPatchInput', example: { next_time: '2023-06-28T15:30:00Z' } },
    success: { status: 200, description: 'The updated entry.', schema: 'FollowUp' },
  },
  'DELETE /api/customer/follow-up/:id/': {
    tag: 'Follow-ups',
    summary: 'Delete a follow-up entry',
    description: "The customer's `last_contact_at`/`next_follow_up_at` follow.",
    success: { status: 204, description: 'Gone.' },
  },
  'POST /api/customer/import/': {
    tag: 'Customers',
    summary: 'Import customers from CSV',
    description: `The file is the body (\`Content-Type: text/csv\`, UTF-8, a BOM is fine), up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB. The header names the columns: ${importColumns.map((c) => `\`${c}\``).join(', ')}; ${requiredImportColumns.map((c) => `\`${c}\``).join(', ')} are required, others (\`id\`, times) are ignored. Each row is validated like \`POST /api/customer/customers/\`; good rows are created in batches, bad rows are reported by line and skipped.`,
    upload: {
      description: 'CSV with a header row of field names.',
      content: {
        'text/csv': {
          schema: { type: 'string' },
          example: `${importColumns.join(',')}\n${importColumns.map((c) => seedCustomerExample[c]).join(',')}\n`,
        },
      },
    },
    success: { status: 200, description: 'What was imported and which rows were not.', schema: 'ImportReport' },
    responses: {
      '400': {
        description: 'The file is unusable (no header, a required column missing): nothing was imported.',
        content: detail('Missing required columns: name.'),
      },
      '413': {
        description: `The file is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
        content: detail(`CSV file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`),
      },
      '415': {
        description: 'The body is not `text/csv` (`application/csv` and `text/plain` are accepted too).',
        content: detail('Unsupported media type "application/json" in request: send the file as text/csv.'),
      },
    },
  },
  'GET /api/customer/export/': {
    tag: 'Customers',
    summary: 'Export customers as CSV',
    description:
      'Every customer the search filters select (the same parameters as `GET /api/customer/customers/`; paging and ordering do not apply), by id, as CSV with a header of field names and a UTF-8 BOM (so Excel reads it as UTF-8). Streamed.',
    query: customerSearchQuery.omit({ ordering: true, page: true, page_size: true }),
    success: {
      status: 200,
      description: 'The CSV file.',
      headers: {
        'Content-Disposition': {
          schema: { type: 'string' },
          description: '`attachment; filename="customers-<date>.csv"`',
        },
      },
      content: { 'text/csv': { schema: { type: 'string' } } },
    },
  },
  'GET /api/audit/': {
    tag: 'Audit',
    summary: 'The change history, newest first',
    description:
      'Every create, update, delete (into the trash), restore and purge of customers and follow-up entries, with the user behind the key, the fields before and after, and for updates the fields that changed. Without filters: everything.',
    query: auditQuery,
    queryNotes: {
      object: 'With `id`: the history of one object.',
      id: 'The object whose history to show; needs `object`.',
      customer_id: "A customer's timeline: the customer and its follow-up entries.",
    },
    paged: true,
    success: { status: 200, description: 'A page of changes.', schema: 'AuditPage' },
  },
  'GET /api/health': {
    tag: 'System',
    summary: 'Health check',
    success: { status: 200, description: 'The database answers.', schema: 'Health' },
  },
  'GET /api/openapi.json': {
    tag: 'System',
    summary: 'This document',
    success: {
      status: 200,
      description: 'OpenAPI 3.1, generated from the zod schemas that validate.',
      content: { 'application/json': { schema: { type: 'object' } } },
    },
  },
  'GET /api/docs': {
    tag: 'System',
    summary: 'Interactive reference (Swagger UI)',
    success: { status: 200, description: 'An HTML page rendering this document.', content: html },
  },
  'GET /api/docs/swagger-ui-dist/swagger-ui-bundle.js': {
    tag: 'System',
    summary: "The docs page's script",
    description: 'Served from the `swagger-ui-dist` package where the runtime can read it (Bun); 404 elsewhere.',
    success: {
      status: 200,
      description: 'JavaScript.',
      content: { 'text/javascript': { schema: { type: 'string' } } },
    },
    errors: ['NotFound'],
  },
  'GET /api/docs/swagger-ui-dist/swagger-ui.css': {
    tag: 'System',
    summary: "The docs page's style sheet",
    description: 'Served from the `swagger-ui-dist` package where the runtime can read it (Bun); 404 elsewhere.',
    success: { status: 200, description: 'CSS.', content: { 'text/css': { schema: { type: 'string' } } } },
    errors: ['NotFound'],
  },
};

/** "GET /api/customer/detail/:id/" → the OpenAPI path "/api/customer/detail/{id}/". */
export function openApiPath(routePath: string): string {
  return routePath.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
}

/** The same path without its trailing slash, as the auth middleware compares it. */
const bare = (path: string) => path.replace(/\/+$/, '');

function operation(key: string, endpoint: Endpoint): [method: string, path: string, operation: JsonSchema] {
  const [method = '', routePath = ''] = key.split(' ');
  const path = openApiPath(routePath);
  const parameters = [
    ...pathParameters(path),
    ...(endpoint.query ? queryParameters(endpoint.query, endpoint.queryNotes) : []),
  ];
  const isPublic = publicApiPaths.has(bare(path));

  const errors = new Set<ErrorName>(endpoint.errors);
  if (endpoint.body || endpoint.upload) {
    for (const name of ['BadRequest', 'PayloadTooLarge', 'UnsupportedMediaType'] as const) errors.add(name);
  } else if (endpoint.query || path.includes('{id}')) errors.add('BadParameters');
  if (path.includes('{id}') || endpoint.paged) errors.add('NotFound');
  if (!isPublic) errors.add('Unauthorized');
  errors.add('MethodNotAllowed');
  errors.add('InternalError');

  const { success } = endpoint;
  const responses: Record<string, JsonSchema> = {
    [String(success.status)]: {
      description: success.description,
      ...(success.headers ? { headers: success.headers } : {}),
      ...(success.schema
        ? {
            content: {
              'application/json': {
                schema: ref(success.schema),
                ...(success.example ? { example: success.example } : {}),
              },
            },
          }
        : success.content
          ? { content: success.content }
          : {}),
    },
  };
  const ordered = [...errors].sort((a, b) => errorStatus[a].localeCompare(errorStatus[b]));
  for (const name of ordered) responses[errorStatus[name]] = { $ref: `#/components/responses/${name}` };
  Object.assign(responses, endpoint.responses);

  return [
    method.toLowerCase(),
    path,
    {
      tags: [endpoint.tag],
      summary: endpoint.summary,
      ...(endpoint.description ? { description: endpoint.description } : {}),
      operationId: `${method.toLowerCase()}${path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(endpoint.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: ref(endpoint.body.schema),
                  ...(endpoint.body.example ? { example: endpoint.body.example } : {}),
                },
              },
            },
          }
        : endpoint.upload
          ? { requestBody: { required: true, ...endpoint.upload } }
          : {}),
      responses,
      // Public routes override the document-wide requirement with "none".
      ...(isPublic ? { security: [] } : {}),
    },
  ];
}

const description = `The customer API of a compact CRM, in the style of Django REST Framework.

- **Auth**: every route needs \`Authorization: Token <key>\` (\`Bearer <key>\` works too), except the login, health, this document and the docs page. Get a key from \`POST /api/auth/token/\` or \`bun run crm token create <user>\`.
- **Paths** work with and without the trailing slash.
- **Ids** are integers in the database and decimal strings in JSON (\`"id": "12345"\`); inputs accept a digit string or an integer.
- **Times** are ISO 8601; input takes \`Z\` or an offset and surrounding whitespace, output is UTC with \`Z\`.
- **Bodies** are JSON objects, at most 64 KB. Unknown fields are ignored.
- **Errors** have DRF's shapes: \`{"field": ["message"]}\` for invalid fields, \`{"detail": "…"}\` for everything else (401 with \`WWW-Authenticate: Token\`, 404, 405 with \`Allow\`, 413, 415, 429 with \`Retry-After\`, 500).`;

/** Builds the document. Pure; the route caches it. */
export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [key, endpoint] of Object.entries(endpoints)) {
    const [method, path, op] = operation(key, endpoint);
    const item = paths[path] ?? {};
    item[method] = op;
    paths[path] = item;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Compact CRM API', version: '1.0.0', description },
    tags: [
      { name: 'Customers', description: 'The six endpoints of the seed document and what was added beside them.' },
      { name: 'Follow-ups', description: 'The follow-up log of each customer.' },
      { name: 'Trash', description: 'Deleted customers, restorable for 30 days.' },
      { name: 'Audit', description: 'Who changed what and when.' },
      { name: 'Auth', description: 'Keys.' },
      { name: 'System', description: 'Health and documentation.' },
    ],
    security: [{ Token: [] }, { Bearer: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      responses: errorResponses,
      securitySchemes: {
        Token: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'DRF token auth: the header value is `Token <key>`, e.g. `Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b`.',
        },
        Bearer: { type: 'http', scheme: 'bearer', description: 'The same key as `Authorization: Bearer <key>`.' },
      },
    },
  };
}
