import type { UserUpdateInput } from '@crm/schema';
import { customers, users } from '@crm/schema/tables';
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/crypto';
import type { Db } from '../db/types';

/**
 * Users as the admin manages them, and ownership: which user a customer's `principal` names.
 * Users are disabled, never deleted, so an owner id always names someone.
 */

export type UserRow = typeof users.$inferSelect;

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.username));
}

export async function findUser(db: Db, id: number): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

/** Who can own customers: every enabled user, for the principal picker. */
export async function userDirectory(db: Db) {
  return db
    .select({ id: users.id, username: users.username, display_name: users.display_name, role: users.role })
    .from(users)
    .where(eq(users.disabled, false))
    .orderBy(asc(users.username));
}

/**
 * The user a principal names, as SQL for the write that sets it: the username, else the first
 * user with that display name, else null (free text stays unlinked). The users table is small.
 */
export function ownerOf(principal: string | SQL): SQL<number | null> {
  return sql<number | null>`coalesce(
    (SELECT id FROM users WHERE username = ${principal}),
    (SELECT id FROM users WHERE display_name = ${principal} AND display_name <> '' ORDER BY id LIMIT 1))`;
}

/** The owner a principal names now (null: none): for checks before a write. */
export async function ownerIdOf(db: Db, principal: string): Promise<number | null> {
  const [row] = await db.all<{ id: number | null }>(sql`SELECT ${ownerOf(principal)} AS id`);
  return row?.id ?? null;
}

/**
 * Links the unowned customers (trashed too) whose principal is exactly `principal` to `userId`;
 * returns how many. The owner triggers keep the counts and record each change in the history.
 */
export async function linkPrincipal(db: Db, principal: string, userId: number, by: number | null) {
  const rows = await db
    .update(customers)
    .set({ owner_id: userId, changed_by: by })
    .where(and(eq(customers.principal, principal), isNull(customers.owner_id)))
    .returning({ id: customers.id });
  return rows.length;
}

/**
 * Links every unowned customer whose principal names a user (after an import, which writes rows
 * in batches without the per-row lookup): through the principal index, only the matching rows.
 */
export async function linkUnowned(db: Db, by: number | null): Promise<number> {
  // NULL written out: the synchronous driver takes a lone bound null for a named-parameter object.
  const rows = await db.all<{ id: number }>(sql`
    UPDATE customers SET owner_id = ${ownerOf(sql`customers.principal`)}, changed_by = ${by ?? sql`NULL`}
    WHERE owner_id IS NULL AND principal IN (
      SELECT username FROM users UNION SELECT display_name FROM users WHERE display_name <> '')
    RETURNING id`);
  return rows.length;
}

/** Principals that name no user, with how many live customers each has (`crm owners`). */
export async function unmatchedPrincipals(db: Db) {
  return db.all<{ principal: string; n: number }>(sql`
    SELECT principal, count(*) AS n FROM customers
    WHERE deleted_at IS NULL AND owner_id IS NULL
    GROUP BY principal ORDER BY n DESC, principal`);
}

/** An enabled admin other than `id`: without one, `id` cannot stop being an admin. */
const anotherAdmin = (id: number) =>
  sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.role} = 'admin' AND ${users.disabled} = 0 AND ${users.id} <> ${id})`;

export type UpdateResult = { user: UserRow } | { error: 'not found' | 'last admin' };

/**
 * Changes a user. Demoting or disabling an admin is refused when no other enabled admin remains;
 * the check is in the same UPDATE, so two admins demoting each other at once cannot both win.
 */
export async function updateUser(db: Db, id: number, changes: UserUpdateInput, by: number): Promise<UpdateResult> {
  const { password, ...fields } = changes;
  const set: Partial<typeof users.$inferInsert> = { ...fields, changed_by: by };
  if (password !== undefined) set.password_hash = await hashPassword(password);
  const removesAdmin = (changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true;
  const guard = removesAdmin
    ? sql`(${users.role} <> 'admin' OR ${users.disabled} = 1 OR ${anotherAdmin(id)})`
    : undefined;
  const [user] = await db
    .update(users)
    .set(set)
    .where(and(eq(users.id, id), guard))
    .returning();
  if (user) {
    if (changes.display_name) await linkPrincipal(db, changes.display_name, user.id, by);
    return { user };
  }
  return { error: (await findUser(db, id)) ? 'last admin' : 'not found' };
}

/** After a user is created: the unowned customers already named after them become theirs. */
export async function linkNewUser(db: Db, user: { id: number; username: string; display_name: string }, by: number) {
  await linkPrincipal(db, user.username, user.id, by);
  if (user.display_name !== '') await linkPrincipal(db, user.display_name, user.id, by);
}
