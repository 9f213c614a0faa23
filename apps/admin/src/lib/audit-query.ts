import type { AuditEntry } from '@crm/schema';
import { DEFAULT_PAGE_SIZE } from '@crm/schema/choices';
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { pageSizes } from './list-query';

export type AuditObject = AuditEntry['object'];

/** The kinds of object the history records, in the order the filter offers them. */
const objectKinds: Record<AuditObject, true> = { customer: true, follow_up: true, user: true };
export const auditObjects = Object.keys(objectKinds) as AuditObject[];

/**
 * The History screen's filters, kept in the URL like the customer list's
 * (`/history?user=2&object=customer&id=7&page=2`): who made the changes, which kind of object and
 * which one. Ids stay strings, as the API gives them.
 */
export interface AuditState {
  user: string;
  object: AuditObject | '';
  /** Only with `object` (the API requires it). */
  id: string;
  page: number;
  pageSize: number;
}

const first = (value: LocationQuery[string] | undefined): string => {
  const item = Array.isArray(value) ? value[0] : value;
  return typeof item === 'string' ? item.trim() : '';
};
const positive = (text: string, fallback: number) => {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
};
const idText = (text: string) => (/^\d+$/.test(text) ? text : '');

/** Unknown values (an old bookmark, a typo) fall back to "all" instead of a 400. */
export function parseAuditQuery(query: LocationQuery): AuditState {
  const object = first(query.object);
  const kind = (auditObjects as string[]).includes(object) ? (object as AuditObject) : '';
  const pageSize = positive(first(query.page_size), DEFAULT_PAGE_SIZE);
  return {
    user: idText(first(query.user)),
    object: kind,
    id: kind ? idText(first(query.id)) : '',
    page: positive(first(query.page), 1),
    pageSize: (pageSizes as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
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
export function auditApiQuery(state: AuditState): Record<string, string> {
  const query = filterQuery(state);
  if (state.page > 1) query.page = String(state.page);
  query.page_size = String(state.pageSize);
  return query;
}

/** The route query: defaults are left out so URLs stay short. */
export function auditRouteQuery(state: AuditState): LocationQueryRaw {
  const query: LocationQueryRaw = filterQuery(state);
  if (state.page > 1) query.page = String(state.page);
  if (state.pageSize !== DEFAULT_PAGE_SIZE) query.page_size = String(state.pageSize);
  return query;
}
