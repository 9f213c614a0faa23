import type { AppDeps, AuthUser } from '../lib/context';
import { DrfError, notFound } from '../lib/errors';
import { forbidden } from '../lib/route';
import { ownerIdOf } from '../users/users.queries';
import { findCustomer } from './customers.crud';

/**
 * The row-level half of the permissions (the route-level half is each route's `permission`):
 * `sales` changes only the customers it owns, and with `VISIBILITY=own` sees only those. What a
 * user may not see answers 404, as DRF does, so its existence does not leak; what they see but
 * may not change answers 403.
 */

/** No user has id 0: an `owner=` outside what the user may see selects nothing. */
const NOBODY = 0;

/** The owner whose customers alone `user` sees, or undefined for all. */
export function visibleOwner(deps: AppDeps, user: AuthUser): number | undefined {
  return user.role === 'sales' && deps.visibility === 'own' ? user.id : undefined;
}

/** `owner=me|<id>` as a user id, within what the user sees: the filter every list and count takes. */
export function ownerFilter(deps: AppDeps, user: AuthUser, owner: 'me' | number | undefined): number | undefined {
  const asked = owner === 'me' ? user.id : owner;
  const only = visibleOwner(deps, user);
  if (only === undefined) return asked;
  return asked === undefined || asked === only ? only : NOBODY;
}

/** Whether `user` sees a customer of `ownerId`. */
export const sees = (deps: AppDeps, user: AuthUser, ownerId: number | null) => {
  const only = visibleOwner(deps, user);
  return only === undefined || ownerId === only;
};

/** Customer `id` is one the user may see: 404 otherwise (only `sales` with `VISIBILITY=own` may not). */
export async function checkVisible(deps: AppDeps, user: AuthUser, id: number): Promise<void> {
  const only = visibleOwner(deps, user);
  if (only === undefined) return;
  if ((await findCustomer(deps.db, id))?.owner_id !== only) throw notFound();
}

/**
 * Before a change of customer `id` (or of its follow-ups): `missing()` when there is no such live
 * customer or the user may not see it, 403 when they see it but it is not theirs to change.
 */
export async function checkChangeable(
  deps: AppDeps,
  user: AuthUser,
  id: number,
  missing: () => DrfError = notFound,
): Promise<void> {
  if (user.role !== 'sales') return;
  const row = await findCustomer(deps.db, id);
  if (!row || !sees(deps, user, row.owner_id)) throw missing();
  if (row.owner_id !== user.id) throw forbidden();
}

/** Before a write that sets `principal`: `sales` may not give a customer to anyone but themselves. */
export async function checkAssignment(deps: AppDeps, user: AuthUser, principal: string | undefined): Promise<void> {
  if (user.role !== 'sales' || principal === undefined) return;
  if ((await ownerIdOf(deps.db, principal)) !== user.id) {
    throw new DrfError(403, {
      detail: 'A sales user owns what they write: set principal to your own username or display name.',
    });
  }
}
