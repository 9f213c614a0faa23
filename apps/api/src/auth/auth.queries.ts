import { apiTokens, users } from '@crm/schema/tables';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { preparedPerDb } from '../db/prepared';
import type { Db } from '../db/types';
import { generateKey, hashKey, hashPassword } from './crypto';

export async function findUserByName(db: Db, username: string) {
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return user;
}

/** Creates a user; null when the name is taken. */
export async function createUser(db: Db, username: string, password: string) {
  const [user] = await db
    .insert(users)
    .values({ username, password_hash: await hashPassword(password), created_at: Date.now() })
    .onConflictDoNothing()
    .returning({ id: users.id, username: users.username });
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

/** Issues a key for a user; returns the key, which is never stored, and its row id. */
export async function createToken(db: Db, userId: number, name: string) {
  const key = generateKey();
  const [row] = await db
    .insert(apiTokens)
    .values({ user_id: userId, name, key_hash: await hashKey(key), created_at: Date.now() })
    .returning({ id: apiTokens.id });
  if (!row) throw new Error('token insert returned no row');
  return { id: row.id, key };
}

/** On every request's path, so prepared once per database (db/prepared.ts). */
const tokenByHash = preparedPerDb((db) =>
  db
    .select({
      id: apiTokens.id,
      key_hash: apiTokens.key_hash,
      last_used_at: apiTokens.last_used_at,
      user_id: users.id,
      username: users.username,
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

export async function listTokens(db: Db) {
  return db
    .select({
      id: apiTokens.id,
      username: users.username,
      name: apiTokens.name,
      created_at: apiTokens.created_at,
      last_used_at: apiTokens.last_used_at,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.user_id))
    .orderBy(apiTokens.id);
}
