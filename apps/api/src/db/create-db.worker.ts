import * as tables from '@crm/schema/tables';
import { createClient } from '@libsql/client/web';
import { type AnyD1Database, drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql/web';
import { checkRemoteUrl, type Database, DatabaseUrlError, type DbConfig } from './database';
import type { Db } from './types';

/**
 * The Workers adapter: a D1 binding, or Turso over HTTP through `@libsql/client/web` (fetch only,
 * no native module, no node:* import: the Worker bundle must not pull them in). Migrations are not
 * applied here: D1 gets them from `wrangler d1 migrations apply`, Turso from a Bun instance or
 * `bun run crm` (see docs/deploy.md).
 */
export function createWorkerDb(options: { d1?: AnyD1Database; config?: DbConfig }): Database {
  if (options.d1) {
    const db = drizzleD1(options.d1, { schema: tables }) as unknown as Db;
    return { db, kind: 'd1', driver: 'd1', close() {} };
  }
  const url = options.config?.url;
  if (!url || url.startsWith('file:') || url === ':memory:') {
    throw new DatabaseUrlError(
      'No database for the Worker: bind a D1 database as DB, or set DATABASE_URL to libsql://… or https://… (Turso).',
    );
  }
  const allowed = 'libsql://… or https://… (Turso over HTTP) on Workers';
  checkRemoteUrl(url, allowed);
  // HTTP only: the web client speaks HTTP for libsql:// too; WebSocket URLs are for Bun.
  if (/^wss?:/i.test(url)) throw new DatabaseUrlError(`DATABASE_URL "${url}" is not supported here: use ${allowed}`);
  const client = createClient({ url, authToken: options.config?.authToken });
  const db = drizzleLibsql(client, { schema: tables }) as unknown as Db;
  return { db, kind: 'remote', driver: '@libsql/client/web', close: () => client.close() };
}
