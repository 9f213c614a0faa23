import * as z from 'zod';
import { blankToUndefined, choice, idField } from './fields';
import { pageQuery } from './search';

/** What the history records: customers (with trash and purge), follow-up entries, users (role, name, disabled). */
const auditObjects = ['customer', 'follow_up', 'user'] as const;
const auditActions = ['create', 'update', 'delete', 'restore', 'purge'] as const;

/**
 * GET /api/audit/: `object` + `id` for one object's history, `customer_id` for a customer's
 * timeline (the customer and its follow-ups), `user` for one user's changes, nothing for
 * everything; newest first, paged.
 */
export const auditQuery = z
  .object({
    object: z
      .preprocess(blankToUndefined, choice(auditObjects).optional())
      .meta({ description: 'With `id`: the history of one object.' }),
    id: z
      .preprocess(blankToUndefined, idField().optional())
      .meta({ description: 'The object whose history to show; needs `object`.' }),
    customer_id: z
      .preprocess(blankToUndefined, idField().optional())
      .meta({ description: "A customer's timeline: the customer and its follow-up entries." }),
    user: z
      .preprocess(blankToUndefined, idField().optional())
      .meta({ description: 'The changes made by one user (by id). Admins only.' }),
    ...pageQuery,
  })
  .refine((query) => query.id === undefined || query.object !== undefined, {
    path: ['object'],
    error: 'This field is required when "id" is given.',
  });

const value = z.union([z.string(), z.number(), z.null()]);

/** One change. Snapshots hold the writable fields, times as ISO strings and ids as strings. */
export const auditEntryOutput = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    object: z.enum(auditObjects),
    object_id: z.string(),
    customer_id: z.string().nullable().meta({ description: 'null for a user.' }),
    action: z.enum(auditActions),
    /** The user behind the key that made the change; null for the system (retention, CLI). */
    user: z.string().nullable(),
    before: z.record(z.string(), value).nullable(),
    after: z.record(z.string(), value).nullable(),
    /** For an update: the fields that differ, in field order. */
    changes: z.array(z.object({ field: z.string(), before: value, after: value })),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntryOutput>;
