/**
 * How the server's file connection (the `libsql` package, libSQL's synchronous driver, under
 * drizzle's better-sqlite3 driver) is tuned: its pragmas, planner statistics, a statement cache
 * and two fixes to libsql 0.5's statements. create-db.ts opens the connection and calls
 * `tuneConnection` before anything else runs on it, and `refreshStatistics` before closing it.
 * Each tuning has a test in libsql-tuning.test.ts that fails without it.
 */

/** What the tuning needs of libsql's `Statement`. */
interface Statement {
  raw(toggle?: boolean): this;
  get(...params: unknown[]): unknown;
  /** libsql's native statement handle, behind its JavaScript `Statement`. */
  stmt: unknown;
}

/** What the tuning needs of libsql's `Database` (its better-sqlite3 API). */
export interface LibsqlConnection {
  prepare(source: string): Statement;
  pragma(source: string): unknown;
  exec(source: string): unknown;
}

/**
 * Set on every open, whatever the driver's defaults (libsql 0.5 already has foreign keys on and
 * no mmap, another build may not). Memory is sized for the server's budget (≤ 128 MB RSS at a
 * million customers, docs/PERFORMANCE.md). Checked by src/durability/ too: 50 clients on two
 * processes without SQLITE_BUSY, SIGKILL in a write storm loses no acknowledged write.
 */
const pragmas = [
  // Readers run beside the writer, and a commit appends to the log instead of rewriting pages.
  'journal_mode = WAL',
  // In WAL mode NORMAL keeps every committed write through a process crash (only an OS crash
  // may lose the last transactions) without an fsync per commit, which FULL (the default) costs.
  'synchronous = NORMAL',
  // A second process (the CLI during `backup` or `import`, another server) waits for the write
  // lock instead of failing at once with SQLITE_BUSY. No writer queue is needed in process: the
  // driver is synchronous on one connection, so each statement ends before the next one runs.
  'busy_timeout = 5000',
  // The schema's REFERENCES: a follow-up needs its customer, and goes with it (ON DELETE CASCADE).
  'foreign_keys = ON',
  // 8 MB of SQLite's own page cache keeps the upper levels of the hot indexes and of the search
  // index; the OS file cache, which the process's RSS does not count, holds the rest (16 MB
  // measured ~10 MB more RSS under load for no more throughput).
  'cache_size = -8192',
  // Mapped pages count as resident memory of the process and grow it towards the size of the
  // file; reads through the OS cache cost little more for pages of 4 KB.
  'mmap_size = 0',
  // The sorts and IN lists of a page are small: no temporary files.
  'temp_store = MEMORY',
  // When every API write was its own transaction (before group commit), the default checkpoint
  // every 1,000 WAL pages (≈ 40 customer inserts, each touching a dozen index pages) ran several
  // times a second. 10,000 pages (40 MB) checkpoints a tenth as often and writes a page changed
  // by many inserts once. The server checkpoints on a second thread (wal-checkpointer.ts): this
  // is then the backstop, and finds the WAL already copied.
  'wal_autocheckpoint = 10000',
  // Truncates the WAL back to 64 MB after a checkpoint, so one burst does not keep its size.
  'journal_size_limit = 67108864',
];

/** Applies the pragmas, the planner statistics and the statement cache to a fresh connection. */
export function tuneConnection(client: LibsqlConnection): void {
  for (const pragma of pragmas) client.pragma(pragma);
  analyzeOnce(client);
  cacheStatements(client);
}

/**
 * Planner statistics pick the most selective index of a search; bulk loads write them
 * (db/bulk-load.ts). A database grown through the API gets them here once (at the first open
 * after its customers table exists), and `refreshStatistics` keeps them current.
 */
function analyzeOnce(client: LibsqlConnection): void {
  const hasStats = client.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
  const analyzed = hasStats && client.prepare("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'customers'").get();
  if (!analyzed) client.exec('ANALYZE');
}

/**
 * Before closing: `PRAGMA optimize` analyzes again each table this connection queried whose
 * size has changed 25-fold since its statistics were written (SQLite 3.45, libsql 0.5's; from
 * SQLite 3.46 tenfold), so the plans follow a table that grew through the API.
 */
export function refreshStatistics(client: LibsqlConnection): void {
  // Best effort: it reads, then writes, and SQLite refuses that upgrade at once (SQLITE_BUSY, no
  // busy wait) when another process wrote in between; the statistics then wait for the next close.
  try {
    client.pragma('optimize');
  } catch (error) {
    if (!(error instanceof Error && /busy|locked/i.test(error.message))) throw error;
  }
}

/**
 * drizzle prepares a query's SQL anew on every call, and the sync driver keeps no statement
 * cache: preparing costs several times more than running an indexed lookup (measured ≈ 60 µs
 * against ≈ 8 µs for a customer by id). So statements are kept by their SQL text, in a bounded
 * LRU (filter combinations give a few hundred texts at most). drizzle switches a select's
 * statement to raw (array) rows and never back, so a reused statement is reset to object rows
 * first: `db.all` of the same text must still get objects.
 */
function cacheStatements(client: LibsqlConnection, size = 500): void {
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
