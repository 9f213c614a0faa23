import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tables from '@crm/schema/tables';
import { checkRemoteUrl, type Database, DatabaseUrlError, type DbConfig, filePathOf } from './database';
import { GroupCommit } from './group-commit';
import { type LibsqlConnection, refreshStatistics, tuneConnection } from './libsql-tuning';
import { applyMigrations, type Journal, type MigrationSource } from './migrations';
import type { Db } from './types';
import { startWalCheckpointer } from './wal-checkpointer';

export { DatabaseUrlError } from './database';

/** A database on Bun: the app's `Database` plus the migrations the server applies at start. */
export interface BunDatabase extends Database {
  kind: 'file' | 'remote';
  /** Applies pending migrations (default: the drizzle folder beside the sources). */
  migrate(source?: MigrationSource): Promise<void>;
  /** Files only: concurrent writes share transactions (db/group-commit.ts); createApp takes it. */
  groupCommit?: GroupCommit;
}

/** The committed drizzle-kit folder, read at run time (the single executable embeds it instead). */
export function folderMigrations(folder = fileURLToPath(new URL('../../drizzle', import.meta.url))): MigrationSource {
  return {
    journal: JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as Journal,
    read: (tag) => readFileSync(join(folder, `${tag}.sql`), 'utf8'),
  };
}

export interface FileOptions {
  /** Checkpoint the WAL on a second thread (the server; see wal-checkpointer.ts). */
  backgroundCheckpoints?: boolean;
  /**
   * `PRAGMA optimize` at close (default). Off for a server's worker processes: it writes, and the
   * primary, which closes after them, does it once.
   */
  optimizeOnClose?: boolean;
}

/**
 * The Bun adapter: configuration in, drizzle database out (Workers: create-db.worker.ts).
 *
 * - Files use the `libsql` package (the libSQL team's synchronous driver) through drizzle's
 *   better-sqlite3 driver: statements stay prepared, which is ~3× faster in process than
 *   `@libsql/client`, which re-prepares each statement. libsql-tuning.ts tunes the connection.
 * - `libsql://`, `http(s)://` and `ws(s)://` (Turso, sqld) use `@libsql/client`, optionally as an
 *   embedded replica (`syncUrl`). Same tables, same queries: only the client differs.
 */
export async function createDb(config: DbConfig, options: FileOptions = {}): Promise<BunDatabase> {
  // An embedded replica is a local file kept in sync with Turso: only @libsql/client does that.
  // As in @libsql/client's options, `url` is then the local file and `syncUrl` the primary.
  if (config.syncUrl) {
    checkRemoteUrl(config.syncUrl);
    if (!config.url.startsWith('file:')) {
      throw new DatabaseUrlError(
        `With DATABASE_SYNC_URL (the Turso primary), DATABASE_URL must be the replica's local file:<path>, not "${config.url}".`,
      );
    }
    return openRemote(config);
  }
  const path = filePathOf(config.url);
  if (path !== null) return openFile(path, options);
  checkRemoteUrl(config.url, 'file:<path>, :memory:, libsql://…, http(s)://… or ws(s)://…');
  return openRemote(config);
}

async function openFile(path: string, options: FileOptions): Promise<BunDatabase> {
  const { default: Sqlite } = await import('better-sqlite3');
  const { drizzle } = await import('drizzle-orm/better-sqlite3');
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = new Sqlite(path);
  // Its pragmas, statistics and statement cache, before drizzle or the migrations run anything
  // (the cast: libsql's typings leave out the native handle that the statement fixes replace).
  const connection = client as unknown as LibsqlConnection;
  tuneConnection(connection);
  const db = drizzle(client, { schema: tables }) as unknown as Db;
  const groupCommit = new GroupCommit(client);
  const checkpointer = options.backgroundCheckpoints && path !== ':memory:' ? startWalCheckpointer(path) : null;
  const close = () => {
    checkpointer?.stop();
    groupCommit.commit();
    if (options.optimizeOnClose !== false) refreshStatistics(connection);
    client.close();
  };
  return { ...withMigrate({ db, kind: 'file', driver: 'libsql', close }), groupCommit };
}

async function openRemote(config: DbConfig): Promise<BunDatabase> {
  const { createClient } = await import('@libsql/client');
  const { drizzle } = await import('drizzle-orm/libsql');
  const client = config.syncUrl
    ? openReplica(createClient, { ...config, syncUrl: config.syncUrl })
    : createClient({ url: config.url, authToken: config.authToken });
  const db = drizzle(client, { schema: tables }) as unknown as Db;
  return withMigrate({ db, kind: 'remote', driver: '@libsql/client', close: () => client.close() });
}

/** The replica syncs from the primary as it opens: a primary it cannot reach is a start-up error. */
function openReplica(
  createClient: typeof import('@libsql/client').createClient,
  config: DbConfig & { syncUrl: string },
): ReturnType<typeof import('@libsql/client').createClient> {
  try {
    // readYourWrites (the default, spelled out): a write here is in this replica when it returns.
    return createClient({ ...config, readYourWrites: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUrlError(
      `The embedded replica could not sync from DATABASE_SYNC_URL "${config.syncUrl}": ${reason}`,
    );
  }
}

function withMigrate(database: Database & { kind: 'file' | 'remote' }): BunDatabase {
  return {
    ...database,
    migrate: (source = folderMigrations()) => applyMigrations(database.db, source),
  };
}
