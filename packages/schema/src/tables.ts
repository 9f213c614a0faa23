import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { customerIndustries, customerTypes, followUpStatuses, leadSources } from './choices';
import { keyScopes, roles } from './users';

/**
 * Times are epoch milliseconds (integers): compact, indexable, and the same on every driver
 * (libsql, @libsql/client, D1). The API formats them as ISO strings.
 *
 * Soft delete: `deleted_at` is set when a customer goes to the trash. Every live-customer index
 * is partial (`WHERE deleted_at IS NULL`), so the trash costs the hot queries nothing.
 */
const live = sql`deleted_at IS NULL`;

export const customers = sqliteTable(
  'customers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    landline: text('landline').notNull().default(''),
    email: text('email').notNull().default(''),
    mobile_phone: text('mobile_phone').notNull().default(''),
    customer_type: text('customer_type', { enum: customerTypes }).notNull(),
    company_details: text('company_details').notNull().default(''),
    lead_source: text('lead_source', { enum: leadSources }).notNull(),
    address: text('address').notNull().default(''),
    customer_industry: text('customer_industry', { enum: customerIndustries }).notNull(),
    follow_up_status: text('follow_up_status', { enum: followUpStatuses }).notNull(),
    principal: text('principal').notNull(),
    /**
     * The user the customer belongs to: set by the API when `principal` is a user's username or
     * display name (or by `crm owners link`), null for free text. No foreign key: a user is
     * disabled, never deleted.
     */
    owner_id: integer('owner_id'),
    created_at: integer('created_at').notNull(),
    updated_at: integer('updated_at').notNull(),
    last_contact_at: integer('last_contact_at'),
    next_follow_up_at: integer('next_follow_up_at'),
    deleted_at: integer('deleted_at'),
    /** The user behind the write, set by the API in the same statement; the audit triggers record it. */
    changed_by: integer('changed_by'),
    /** Both phone numbers as bare digits, so `q=0404 730 855` finds `0404730855`. */
    phone_digits: text('phone_digits').generatedAlwaysAs(
      sql`replace(replace(replace(replace(replace(landline || ' ' || mobile_phone, '+', ''), '-', ''), '(', ''), ')', ''), ' ', '')`,
      { mode: 'virtual' },
    ),
  },
  // Search indexes (docs/PERFORMANCE.md): one per filter column, in the default order
  // (`-created_at`, `-id`), carrying the other filter columns, so any combination of filters
  // reads the most selective index in page order, tests the other filters inside the index and
  // stops after one page: no sort, and only the page's rows are read from the table.
  (t) => [
    index('customers_created_idx')
      .on(
        t.created_at,
        t.id,
        t.customer_type,
        t.lead_source,
        t.customer_industry,
        t.follow_up_status,
        t.next_follow_up_at,
      )
      .where(live),
    index('customers_updated_idx').on(t.updated_at, t.id).where(live),
    index('customers_name_idx').on(t.name, t.id).where(live),
    index('customers_type_idx')
      .on(t.customer_type, t.created_at, t.id, t.lead_source, t.customer_industry, t.follow_up_status)
      .where(live),
    index('customers_lead_idx')
      .on(t.lead_source, t.created_at, t.id, t.customer_type, t.customer_industry, t.follow_up_status)
      .where(live),
    index('customers_industry_idx')
      .on(t.customer_industry, t.created_at, t.id, t.customer_type, t.lead_source, t.follow_up_status)
      .where(live),
    index('customers_status_idx')
      .on(t.follow_up_status, t.created_at, t.id, t.customer_type, t.lead_source, t.customer_industry)
      .where(live),
    index('customers_principal_idx')
      .on(
        t.principal,
        t.created_at,
        t.id,
        t.customer_type,
        t.lead_source,
        t.customer_industry,
        t.follow_up_status,
        t.next_follow_up_at,
      )
      .where(live),
    // The follow-up queue (`due=`): a range of next_follow_up_at, alone or for one principal.
    index('customers_next_follow_up_idx').on(t.next_follow_up_at, t.id).where(live),
    index('customers_principal_due_idx').on(t.principal, t.next_follow_up_at, t.id).where(live),
    // `owner=`: the same two shapes as `principal=`, for owned customers only.
    index('customers_owner_idx')
      .on(
        t.owner_id,
        t.created_at,
        t.id,
        t.customer_type,
        t.lead_source,
        t.customer_industry,
        t.follow_up_status,
        t.next_follow_up_at,
      )
      .where(sql`deleted_at IS NULL AND owner_id IS NOT NULL`),
    index('customers_owner_due_idx')
      .on(t.owner_id, t.next_follow_up_at, t.id)
      .where(sql`deleted_at IS NULL AND owner_id IS NOT NULL`),
    index('customers_last_contact_idx').on(t.last_contact_at, t.id).where(live),
    index('customers_deleted_idx').on(t.deleted_at).where(sql`deleted_at IS NOT NULL`),
  ],
);

export const followUps = sqliteTable(
  'follow_ups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customer_id: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    time: integer('time').notNull(),
    principal: text('principal').notNull(),
    content: text('content').notNull(),
    next_time: integer('next_time'),
    created_at: integer('created_at').notNull(),
    /** The user behind the write (see `customers.changed_by`). */
    changed_by: integer('changed_by'),
  },
  (t) => [
    index('follow_ups_customer_time_idx').on(t.customer_id, t.time, t.id),
    index('follow_ups_next_time_idx').on(t.next_time, t.id),
  ],
);

/** The columns of a count table: one combination of the four choice fields and its count. */
const countedChoices = () => ({
  customer_type: text('customer_type').notNull(),
  lead_source: text('lead_source').notNull(),
  customer_industry: text('customer_industry').notNull(),
  follow_up_status: text('follow_up_status').notNull(),
  n: integer('n').notNull(),
});

/**
 * Live customers per combination of the four choice fields (at most 4×10×14×6 = 3,360 rows),
 * kept by triggers (see the migration), so the exact `count` of a filtered search is a sum over
 * a few rows instead of a scan of every match.
 */
export const customerCounts = sqliteTable(
  'customer_counts',
  {
    ...countedChoices(),
  },
  (t) => [primaryKey({ columns: [t.customer_type, t.lead_source, t.customer_industry, t.follow_up_status] })],
);

/**
 * The same per principal (≤ 3,360 rows each), so the 31 combinations of the choice filters and
 * `principal=` are all counted by a sum over at most 3,360 rows.
 */
export const customerCountsByPrincipal = sqliteTable(
  'customer_counts_by_principal',
  {
    principal: text('principal').notNull(),
    ...countedChoices(),
  },
  (t) => [
    primaryKey({
      columns: [t.principal, t.customer_type, t.lead_source, t.customer_industry, t.follow_up_status],
    }),
  ],
);

/** The same per owner (owned customers only), for `owner=`. */
export const customerCountsByOwner = sqliteTable(
  'customer_counts_by_owner',
  {
    owner_id: integer('owner_id').notNull(),
    ...countedChoices(),
  },
  (t) => [
    primaryKey({
      columns: [t.owner_id, t.customer_type, t.lead_source, t.customer_industry, t.follow_up_status],
    }),
  ],
);

/**
 * Live customers per UTC day of `next_follow_up_at` (`day` = epoch ms ÷ 86,400,000), kept by
 * triggers: the count of a `due=` bucket is a sum over its whole days plus the index range of
 * the partial days at its ends, instead of a walk over every planned customer.
 */
export const dueCounts = sqliteTable('due_counts', {
  day: integer('day').primaryKey(),
  n: integer('n').notNull(),
});

/** The same per principal, for `due=` with `principal=`. */
export const dueCountsByPrincipal = sqliteTable(
  'due_counts_by_principal',
  {
    principal: text('principal').notNull(),
    day: integer('day').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.day] })],
);

/** The same per owner, for `due=` with `owner=`. */
export const dueCountsByOwner = sqliteTable(
  'due_counts_by_owner',
  {
    owner_id: integer('owner_id').notNull(),
    day: integer('day').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner_id, t.day] })],
);

/**
 * The indexes and triggers a bulk load (CLI seed/import) dropped, with their SQL, until it puts
 * them back (apps/api/src/db/bulk-load.ts), and (`audit`, by table) the highest id before the
 * load, after which the create entries its dropped audit triggers did not write are due. Kept
 * in the database, not in memory, so a load that dies half-way can be finished by the next
 * `restoreDerived`.
 */
export const suspendedSchema = sqliteTable('suspended_schema', {
  name: text('name').primaryKey(),
  type: text('type', { enum: ['index', 'trigger', 'audit'] }).notNull(),
  sql: text('sql').notNull(),
});

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  /** Django's format: `pbkdf2_sha256$<iterations>$<salt>$<hash>`. */
  password_hash: text('password_hash').notNull(),
  created_at: integer('created_at').notNull(),
  /** How the user is shown (the admin, `principal`); '' shows the username. */
  display_name: text('display_name').notNull().default(''),
  /** New rows say their role; the default is the least one. Migration 0012 made existing users admins. */
  role: text('role', { enum: roles }).notNull().default('viewer'),
  /** A disabled user's keys stop working at once; users are disabled, never deleted. */
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  /** The admin behind the last change; the audit trigger records it (see `customers.changed_by`). */
  changed_by: integer('changed_by'),
});

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    user_id: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull().default(''),
    /** SHA-256 of the key, hex. The key itself is shown once and never stored. */
    key_hash: text('key_hash').notNull().unique(),
    /** `read` keys answer only what needs read (packages/schema users.ts); never more than the role. */
    scope: text('scope', { enum: keyScopes }).notNull().default('write'),
    created_at: integer('created_at').notNull(),
    last_used_at: integer('last_used_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.user_id)],
);

/**
 * Who changed what, when: one row per create, update, trash, restore and purge of a customer and
 * per create, update and delete of a follow-up. Written by triggers in the same statement as the
 * change (see the `audit` migration), so no driver can commit one without the other. No foreign
 * keys: the history outlives what it describes, until AUDIT_RETENTION_DAYS.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    object: text('object', { enum: ['customer', 'follow_up', 'user'] }).notNull(),
    object_id: integer('object_id').notNull(),
    /** The customer the change belongs to (itself, or a follow-up's customer): the timeline's key; 0 for a user. */
    customer_id: integer('customer_id').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete', 'restore', 'purge'] }).notNull(),
    user_id: integer('user_id'),
    /** Copied at write time, so the history still names a user who was removed later. */
    username: text('username'),
    /** JSON snapshots of the writable fields; null for a create's before and a delete's after. */
    before: text('before'),
    after: text('after'),
  },
  (t) => [
    // Two b-trees besides the table, as every write pays for each: a customer's own history is
    // the customer index filtered by object (its object_id is its customer_id); a follow-up's has
    // a partial index. Retention goes by id, which grows with `at`, so `at` needs none.
    index('audit_log_customer_idx').on(t.customer_id, t.id),
    index('audit_log_follow_up_idx').on(t.object_id, t.id).where(sql`object = 'follow_up'`),
  ],
);

/**
 * Failed logins of the last quarter-hour, per username and per client address: the rate limit
 * lives in the database so it holds across processes and Workers isolates.
 */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    address: text('address').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    index('login_failures_username_idx').on(t.username, t.at),
    index('login_failures_address_idx').on(t.address, t.at),
    index('login_failures_at_idx').on(t.at),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;
