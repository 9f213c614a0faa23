import { loginFailures } from '@crm/schema/tables';
import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/types';
import { DrfError } from '../lib/errors';

/** More than MAX_FAILURES failed logins per WINDOW_MS, per username or per address, answer 429. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_LOGIN_FAILURES = 10;

interface LoginAttempt {
  username: string;
  /** The client's address; undefined when the runtime cannot tell (then only the username counts). */
  address: string | undefined;
}

/** Case and surrounding space do not make a new username to guess against. */
const usernameKey = (username: string) => username.trim().toLowerCase();

/**
 * Refuses the attempt when its username or address already has MAX_FAILURES failures in the
 * window, before the password is checked, whether or not the user exists (so 429 tells nothing
 * about it). `Retry-After` is when the oldest of those failures leaves the window.
 */
export async function checkLoginAllowed(db: Db, attempt: LoginAttempt, now: number): Promise<void> {
  const since = now - LOGIN_WINDOW_MS;
  // The MAX_FAILURES-th newest failure in the window: while it exists, the limit is reached.
  const nth = (column: 'username' | 'address', value: string) =>
    sql`(SELECT at FROM login_failures WHERE ${sql.identifier(column)} = ${value} AND at > ${since}
      ORDER BY at DESC LIMIT 1 OFFSET ${MAX_LOGIN_FAILURES - 1})`;
  const byAddress = attempt.address === undefined ? sql`NULL` : nth('address', attempt.address);
  const [row] = await db.all<{ by_name: number | null; by_address: number | null }>(
    sql`SELECT ${nth('username', usernameKey(attempt.username))} AS by_name, ${byAddress} AS by_address`,
  );
  const blockedSince = Math.max(row?.by_name ?? 0, row?.by_address ?? 0);
  if (blockedSince === 0) return;
  const seconds = Math.max(1, Math.ceil((blockedSince + LOGIN_WINDOW_MS - now) / 1000));
  throw new DrfError(
    429,
    { detail: `Too many failed login attempts. Expected available in ${seconds} seconds.` },
    { 'Retry-After': String(seconds) },
  );
}

/** Records a failure, and drops the ones that left the window so the table stays small. */
export async function recordLoginFailure(db: Db, attempt: LoginAttempt, now: number): Promise<void> {
  await db.delete(loginFailures).where(lt(loginFailures.at, now - LOGIN_WINDOW_MS));
  await db
    .insert(loginFailures)
    .values({ username: usernameKey(attempt.username), address: attempt.address ?? '', at: now });
}

/** A successful login forgives its username's failures (not its address's). */
export async function clearLoginFailures(db: Db, username: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.username, usernameKey(username)));
}
