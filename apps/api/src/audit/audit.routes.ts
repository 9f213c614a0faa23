import { type AuditEntry, auditPage, auditQuery, formatTime } from '@crm/schema';
import type { AuditRow } from '@crm/schema/tables';
import { visibleOwner } from '../customers/access';
import type { AppDeps } from '../lib/context';
import { pageBody, pageRequest } from '../lib/pagination';
import { createRouter, forbidden, route } from '../lib/route';
import { validate } from '../lib/validate';
import { listAudit } from './audit.queries';

type Snapshot = Record<string, string | number | null>;

/** Stored snapshots keep the database's forms; the API shows times as ISO and ids as strings. */
function parseSnapshot(json: string | null): Snapshot | null {
  if (json === null) return null;
  const snapshot = JSON.parse(json) as Snapshot;
  for (const field of ['time', 'next_time'] as const) {
    const value = snapshot[field];
    if (typeof value === 'number') snapshot[field] = formatTime(value);
  }
  if (typeof snapshot.customer_id === 'number') snapshot.customer_id = String(snapshot.customer_id);
  return snapshot;
}

function serializeAudit(row: AuditRow): AuditEntry {
  const before = parseSnapshot(row.before);
  const after = parseSnapshot(row.after);
  const changes =
    before && after
      ? Object.keys(after)
          .filter((field) => before[field] !== after[field])
          .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }))
      : [];
  return {
    id: String(row.id),
    at: formatTime(row.at),
    object: row.object,
    object_id: String(row.object_id),
    customer_id: row.object === 'user' ? null : String(row.customer_id),
    action: row.action,
    user: row.username,
    before,
    after,
    changes,
  };
}

/** The change history, mounted at /api/audit: who changed what and when, newest first. */
export const auditRoutes = (deps: AppDeps) =>
  createRouter().get(
    '/',
    route({
      tag: 'Audit',
      permission: 'audit:read',
      summary: 'The change history, newest first',
      description:
        "Every create, update, delete (into the trash), restore and purge of customers and follow-up entries, every ownership change (field `owner`), every new user and change of a user's display name, role or disabled state, with the user behind the key, the fields before and after, and for updates the fields that changed. Without filters: everything. Admins see all of it and may filter by `user`; other roles read the history of one customer or follow-up entry (`customer_id`, or `object` and `id`), else 403; with `VISIBILITY=own`, a `sales` user only that of their own customers.",
      // Whole-history reads and `user=` are admins' only, though every role may read some history.
      responses: { 200: { description: 'A page of changes.', json: auditPage }, 403: 'Forbidden' },
    }),
    validate('query', auditQuery),
    async (c) => {
      const query = c.req.valid('query');
      const user = c.var.user;
      const oneCustomer = query.customer_id !== undefined || (query.id !== undefined && query.object !== 'user');
      if (user.role !== 'admin' && (!oneCustomer || query.user !== undefined)) throw forbidden();
      const page = pageRequest(query);
      const filter = {
        object: query.object,
        id: query.id,
        customerId: query.customer_id,
        userId: query.user,
        ownerId: visibleOwner(deps, user),
      };
      const { rows, count } = await listAudit(deps.db, filter, page.pageSize, page.offset);
      return c.json(pageBody(c.req.url, page, count, rows.map(serializeAudit)), 200);
    },
  );
