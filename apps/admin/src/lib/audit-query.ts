import type { AuditEntry } from '@crm/schema';
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { apiPaging, first, type Paging, parsePaging, routePaging } from './list-query';

export type AuditObject = AuditEntry['object'];

/** The kinds of object the history records, in the order the filter offers them. */
const objectKinds: Record<AuditObject, true> = { customer: true, follow_up: true, user: true };
export const auditObjects = Object.keys(objectKinds) as AuditObject[];

/**
 * The History screen's filters, kept in the URL like the customer list's
 * (`/settings/history?user=2&object=customer&id=7&page=2`): who made the changes, which kind of object and
 * which one. Ids stay strings, as the API gives them.
 */
export interface AuditState extends Paging {
  user: string;
  object: AuditObject | '';
  /** Only with `object` (the API requires it). */
  id: string;
}

const idText = (text: string) => (/^\d+$/.test(text.trim()) ? text.trim() : '');

/** Unknown values (an old bookmark, a typo) fall back to "all" instead of a 400. */
export function parseAuditQuery(query: LocationQuery): AuditState {
  const object = first(query.object);
  const kind = (auditObjects as string[]).includes(object) ? (object as AuditObject) : '';
  return {
    user: idText(first(query.user)),
    object: kind,
    id: kind ? idText(first(query.id)) : '',
    ...parsePaging(query),
  };
}

function filterQuery(state: AuditState): Record<string, string> {
  const query: Record<string, string> = {};
  if (state.user) query.user = state.user;
  if (state.object) query.object = state.object;
  if (state.object && state.id) query.id = state.id;
  return query;
}

/** GET /api/audit/'s query for one page. */
export const auditApiQuery = (state: AuditState): Record<string, string> => apiPaging(filterQuery(state), state);

/** The route query: defaults are left out so URLs stay short. */
export const auditRouteQuery = (state: AuditState): LocationQueryRaw => routePaging(filterQuery(state), state);
