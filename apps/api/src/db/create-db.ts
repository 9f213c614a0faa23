import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tables from '@crm/schema/tables';
import type { Db } from './types';

export interface DbConfig {
  url: string;
  authToken?: string;
  syncUrl?: string;
}

export interface Database {
  db: Db;
  /** `file` for the embedded libSQL file, `remote` for Turso/sqld over the network. */
  kind: 'file' | 'remote';
  migrate(): Promise<void>;
  close(): void;
}

export class DatabaseUrlError extends Error {}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** `file:data/crm.db`, `file:///abs/crm.db`, a bare path or `:memory:` → a filesystem path. */
export function filePathOf(url: string): string | null {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  if (url.startsWith('file://')) return fileURLToPath(url);
  if (url.startsWith('file:')) return url.slice('file:'.length);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return null;
  return url;
}

/**
 * The only runtime-aware part of the data layer: configuration in, drizzle database out.
 *
 * - Files use the `libsql` package (the libSQL team's synchronous driver) through drizzle's
 *   better-sqlite3 driver: statements stay prepared, which is ~3× faster in process than
 *   `@libsql/client`, which re-prepares each statement.
 * - `libsql://`, `http(s)://` and `ws(s)://` (Turso, sqld) use `@libsql/client`, optionally as an
 *   embedded replica (`syncUrl`). Same tables, same queries: only the client differs.
 */
export async function createDb(config: DbConfig): Promise<Database> {
  // An embedded replica is a local file kept in sync with Turso: only @libsql/client does that.
  if (config.syncUrl) return openRemote(config);
  const path = filePathOf(config.url);
  if (path !== null) return openFile(path);
  if (/^(libsql|https?|wss?):\/\//i.test(config.url)) return openRemote(config);
  throw new DatabaseUrlError(
    `DATABASE_URL "${config.url}" is not supported: use file:<path>, :memory:, libsql://…, http(s)://… or ws(s)://…`,
  );
}

async function openFile(path: string): Promise<Database> {
  const { default: Sqlite } = await import('better-sqlite3');
  const { drizzle } = await import('drizzle-orm/better-sqlite3');
  const { migrate } = await import('drizzle-orm/better-sqlite3/migrator');
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = new Sqlite(path);
  // WAL lets readers run beside the writer; NORMAL sync keeps every committed write through a
  // process crash (only an OS crash may lose the last transactions); the busy timeout makes a
  // second process (the CLI during `backup` or `import`) wait instead of failing.
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = NORMAL');
  client.pragma('busy_timeout = 5000');
  client.pragma('foreign_keys = ON');
  const db = drizzle(client, { schema: tables }) as unknown as Db;
  return {
    db,
    kind: 'file',
    async migrate() {
      migrate(db as never, { migrationsFolder });
    },
    close() {
      client.close();
    },
  };
}

async function openRemote(config: DbConfig): Promise<Database> {
  const { createClient } = await import('@libsql/client');
  const { drizzle } = await import('drizzle-orm/libsql');
  const { migrate } = await import('drizzle-orm/libsql/migrator');
  const client = config.syncUrl
    ? createClient({ url: config.url, syncUrl: config.syncUrl, authToken: config.authToken })
    : createClient({ url: config.url, authToken: config.authToken });
  const db = drizzle(client, { schema: tables }) as unknown as Db;
  return {
    db,
    kind: 'remote',
    async migrate() {
      await migrate(db as never, { migrationsFolder });
    },
    close() {
      client.close();
    },
  };
}
