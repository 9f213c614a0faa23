import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tables from '@crm/schema/tables';
import { checkRemoteUrl, type Database, DatabaseUrlError, type DbConfig, filePathOf } from './database';
import { GroupCommit } from './group-commit';
import { applyMigrations, type Journal, type MigrationSource } from './migrations';
import type { Db } from './types';
import { startWalCheckpointer } from './wal-checkpointer';

export { type Database, DatabaseUrlError, type DbConfig, filePathOf } from './database';

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

/**
 * The Bun adapter: configuration in, drizzle database out (Workers: create-db.worker.ts).
 *
 * - Files use the `libsql` package (the libSQL team's synchronous driver) through drizzle's
 *   better-sqlite3 driver: statements stay prepared, which is ~3× faster in process than
 *   `@libsql/client`, which re-prepares each statement.
 * - `libsql://`, `http(s)://` and `ws(s)://` (Turso, sqld) use `@libsql/client`, optionally as an
 *   embedded replica (`syncUrl`). Same tables, same queries: only the client differs.
 */
export interface FileOptions {
  /** Checkpoint the WAL on a second thread (the server; see wal-checkpointer.ts). */
  backgroundCheckpoints?: boolean;
  /**
   * `PRAGMA optimize` at close (default). Off for a server's worker processes: it writes, and the
   * primary, which closes after them, does it once.
   */
  optimizeOnClose?: boolean;
}

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
  // WAL lets readers run beside the writer; NORMAL sync keeps every committed write through a
  // process crash (only an OS crash may lose the last transactions); the busy timeout makes a
  // second process (the CLI during `backup` or `import`, another server) wait instead of failing.
  // No writer queue is needed in process: the driver is synchronous, one connection, so each
  // statement finishes before the next request's runs. Checked by src/durability/ (50 clients
  // on two processes without SQLITE_BUSY; SIGKILL in a write storm loses no acknowledged write).
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = NORMAL');
  client.pragma('busy_timeout = 5000');
  client.pragma('foreign_keys = ON');
  // Memory, sized for the server's budget (≤ 128 MB RSS at a million customers, docs/PERFORMANCE.md):
  // - cache_size 8 MB: SQLite's own page cache keeps the upper levels of the hot indexes and of
  //   the search index; the OS file cache, which the process's RSS does not count, holds the rest
  //   (16 MB measured ~10 MB more RSS under load for no more throughput).
  // - mmap_size 0: mapped pages count as resident memory of the process and grow it towards the
  //   size of the file; reads through the OS cache cost little more for pages of 4 KB.
  // - temp_store MEMORY: the sorts and IN lists of a page are small; no temporary files.
  client.pragma('cache_size = -8192');
  client.pragma('mmap_size = 0');
  client.pragma('temp_store = MEMORY');
  // When every API write was its own transaction (before group commit), the default checkpoint
  // every 1,000 WAL pages (≈ 40 customer inserts, each touching a dozen index pages) ran
  // several times a second. 10,000 pages (40 MB) checkpoints a tenth as often and writes a page
  // changed by many inserts once; journal_size_limit truncates the WAL back after a checkpoint.
  // The server checkpoints on a second thread (wal-checkpointer.ts): this one is then the
  // backstop, and finds the WAL already copied.
  client.pragma('wal_autocheckpoint = 10000');
  client.pragma('journal_size_limit = 67108864');
  // Planner statistics pick the most selective index of a search; bulk loads write them
  // (db/bulk-load.ts). A database grown through the API gets them here once, and `optimize` at
  // close refreshes them when a table has grown or shrunk tenfold.
  const hasStats = client.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
  const analyzed = hasStats && client.prepare("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'customers'").get();
  if (!analyzed) client.exec('ANALYZE');
  cacheStatements(client as unknown as Preparing);
  const db = drizzle(client, { schema: tables }) as unknown as Db;
  const groupCommit = new GroupCommit(client);
  const checkpointer = options.backgroundCheckpoints && path !== ':memory:' ? startWalCheckpointer(path) : null;
  const close = () => {
    checkpointer?.stop();
    groupCommit.commit();
    if (options.optimizeOnClose !== false) optimize(client);
    client.close();
  };
  return { ...withMigrate({ db, kind: 'file', driver: 'libsql', close }), groupCommit };
}

/**
 * Refreshes the planner statistics where a table changed much. Best effort: it reads, then
 * writes, and SQLite refuses that upgrade at once (SQLITE_BUSY, no busy wait) when another
 * process wrote in between; the statistics then wait for the next close.
 */
function optimize(client: { pragma(source: string): unknown }) {
  try {
    client.pragma('optimize');
  } catch (error) {
    if (!(error instanceof Error && /busy|locked/i.test(error.message))) throw error;
  }
}

/** What cacheStatements needs of the driver's statements (libsql's `Statement` class). */
interface Statement {
  raw(toggle?: boolean): unknown;
  get(...params: unknown[]): unknown;
  /** libsql's native statement handle, behind its JavaScript `Statement`. */
  stmt: unknown;
}
interface Preparing {
  prepare(source: string): Statement;
}

/**
 * drizzle prepares a query's SQL anew on every call, and the sync driver keeps no statement
 * cache: preparing costs several times more than running an indexed lookup (measured ≈ 60 µs
 * against ≈ 8 µs for a customer by id). So statements are kept by their SQL text, in a bounded
 * LRU (filter combinations give a few hundred texts at most). drizzle switches a select's
 * statement to raw (array) rows and never back, so a reused statement is reset to object rows
 * first: `db.all` of the same text must still get objects.
 */
function cacheStatements(client: Preparing, size = 500) {
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Statement>();
  client.prepare = (source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
      statement.raw(false);
    } else {
      statement = tuned(prepare(source), () => prepare(source).stmt);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, statement);
    return statement;
  };
}

/**
 * Two fixes to libsql 0.5's statements, which the hot queries need:
 * - drizzle calls `raw()` before every run of a select, and that is a native call of ≈ 5 µs (as
 *   much as the primary-key lookup after it). The statement remembers its mode (object rows when
 *   prepared) and crosses into native code only to change it.
 * - `get()` (one row, ≈ 5 µs cheaper than `all()`) leaves a statement that failed in its failed
 *   state: every later `get()` repeats the error (a constraint, a trigger's RAISE). After an
 *   error the statement gets a fresh native handle, in the mode it was in.
 * Checked by db/group-commit.test.ts (a failing insert beside others) and db/create-db.test.ts.
 */
function tuned<S extends Statement>(statement: S, freshHandle: () => unknown): S {
  const setRaw = statement.raw.bind(statement);
  const get = statement.get.bind(statement);
  let raw = false;
  statement.raw = (toggle = true) => {
    if (toggle !== raw) {
      setRaw(toggle);
      raw = toggle;
    }
    return statement;
  };
  statement.get = (...params: unknown[]) => {
    try {
      return get(...params);
    } catch (error) {
      statement.stmt = freshHandle();
      if (raw) setRaw(true);
      throw error;
    }
  };
  return statement;
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
