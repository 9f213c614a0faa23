import type { Role } from '@crm/schema/permissions';
import type { LocationQuery } from 'vue-router';

/** Whose customers a list shows: the signed-in user's (`owner=me`) or everyone's. */
export type OwnerView = 'me' | 'all';

const first = (value: LocationQuery[string] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The follow-up queue's view: what the URL says (`?owner=me` or `?owner=all`, so a switch can be
 * bookmarked), else mine for `sales` users, who work their own customers, and everyone's for the
 * others, who oversee them.
 */
export function queueOwner(query: LocationQuery, role: Role | undefined): OwnerView {
  const value = first(query.owner);
  if (value === 'me' || value === 'all') return value;
  return role === 'sales' ? 'me' : 'all';
}

/** The customer list's tab: "Mine" only when the URL says `owner=me`; "All" is the default. */
export function listOwner(query: LocationQuery): OwnerView {
  return first(query.owner) === 'me' ? 'me' : 'all';
}
