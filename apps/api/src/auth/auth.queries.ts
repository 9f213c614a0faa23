import type { KeyScope, Role } from '@crm/schema';
import { apiTokens, users } from '@crm/schema/tables';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { preparedPerDb } from '../db/prepared';
import type { Db } from '../db/types';
import { generateKey, hashKey, hashPassword } from './crypto';

export async function findUserByName(db: Db, username: string) {
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return user;
}

interface NewUser {
  role: Role;
  displayName?: string;
  /** The admin creating it, for the audit. */
  by?: number | null;
}

/**
 * Creates a user; null when the name is taken. Without `role`, an admin: what the first start and
 * the CLI's `user create` have always made (the CLI is the operator's own); the API always names it.
 */
export async function createUser(
  db: Db,
  username: string,
  password: string,
  { role, displayName, by }: NewUser = { role: 'admin' },
) {
  const [user] = await db
    .insert(users)
    .values({
      username,
      password_hash: await hashPassword(password),
      created_at: Date.now(),
      role,
      display_name: displayName ?? '',
      changed_by: by ?? null,
    })
    .onConflictDoNothing()
    .returning();
  return user ?? null;
}

export async function setPassword(db: Db, username: string, password: string) {
  const updated = await db
    .update(users)
    .set({ password_hash: await hashPassword(password) })
    .where(eq(users.username, username))
    .returning({ id: users.id });
  return updated.length > 0;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(users);
  return row?.n ?? 0;
}

/** Issues a key for a user; returns the key, which is never stored, and its row. */
export async function createToken(db: Db, userId: number, name: string, scope: KeyScope = 'write') {
  const key = generateKey();
  const [row] = await db
    .insert(apiTokens)
    .values({ user_id: userId, name, scope, key_hash: await hashKey(key), created_at: Date.now() })
    .returning({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      created_at: apiTokens.created_at,
      last_used_at: apiTokens.last_used_at,
    });
  if (!row) throw new Error('token insert returned no row');
  return { ...row, key };
}

/**
 * On every request's path, so prepared once per database (db/prepared.ts). One lookup by the
 * key's unique index, joined to its user by primary key: the role and the disabled flag are read
 * fresh on every request, so a demotion, a disable or a revoke holds from the next one, on every
 * process and isolate (nothing is cached).
 */
const tokenByHash = preparedPerDb((db) =>
  db
    .select({
      id: apiTokens.id,
      key_hash: apiTokens.key_hash,
      scope: apiTokens.scope,
      last_used_at: apiTokens.last_used_at,
      user_id: users.id,
      username: users.username,
      display_name: users.display_name,
      role: users.role,
      disabled: users.disabled,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.user_id))
    .where(eq(apiTokens.key_hash, sql.placeholder('keyHash')))
    .limit(1)
    .prepare(),
);

export async function findToken(db: Db, keyHash: string) {
  return tokenByHash(db).get({ keyHash });
}

/** Writes `last_used_at` at most once a minute per key: a write per read would halve throughput. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export async function touchToken(db: Db, id: number, now: number) {
  await db
    .update(apiTokens)
    .set({ last_used_at: now })
    .where(
      and(
        eq(apiTokens.id, id),
        or(isNull(apiTokens.last_used_at), lt(apiTokens.last_used_at, now - LAST_USED_RESOLUTION_MS)),
      ),
    );
}

export async function deleteToken(db: Db, id: number): Promise<boolean> {
  const deleted = await db.delete(apiTokens).where(eq(apiTokens.id, id)).returning({ id: apiTokens.id });
  return deleted.length > 0;
}

/** Every key (the CLI), or one user's (`GET /api/auth/keys/`). */
export async function listTokens(db: Db, userId?: number) {
  return db
    .select({
      id: apiTokens.id,
      username: users.username,
      name: apiTokens.name,
      scope: apiTokens.scope,
      created_at: apiTokens.created_at,
      last_used_at: apiTokens.last_used_at,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.user_id))
    .where(userId === undefined ? undefined : eq(apiTokens.user_id, userId))
    .orderBy(apiTokens.id);
}

/** Revokes one of a user's own keys; false when it is not theirs (or gone). */
export async function deleteOwnToken(db: Db, userId: number, id: number): Promise<boolean> {
  const deleted = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.user_id, userId)))
    .returning({ id: apiTokens.id });
  return deleted.length > 0;
}
