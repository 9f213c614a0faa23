import { createMiddleware } from 'hono/factory';
import { DrfError } from '../lib/errors';

/** What group commit needs of the synchronous driver's connection (`libsql`, better-sqlite3's API). */
interface Connection {
  exec(source: string): unknown;
  readonly inTransaction: boolean;
}

interface Batch {
  seq: number;
  /** Resolves when the batch is over: null once committed, the error when the COMMIT failed. */
  done: Promise<Error | null>;
}

/**
 * Group commit for the file database (one connection per process, synchronous driver).
 *
 * Each write used to be its own transaction, and a commit costs far more than the statement:
 * the WAL gets every page the statement touched (a dozen index b-trees, the count rows, the
 * audit log) and the search index a new FTS5 segment. So the write routes share transactions:
 * the first write request of an event-loop turn opens one (`BEGIN IMMEDIATE`), the others that
 * reach their handler in the same turn run inside it, and one `COMMIT` on `setImmediate` ends
 * it. The handlers' statements all run in microtasks after their body is read, so a batch is
 * the requests of one turn (at most one per connection) and the write lock is never held across
 * a slow await: a request still waiting for its body when the batch commits writes in the next
 * batch, or alone in autocommit mode, both fine.
 *
 * A response waits for the commit of every batch its handler may have written into, so a 2xx
 * still means durable (src/durability/crash.test.ts). A failed COMMIT fails every request of its
 * batch (503): none is told its write was kept. A failing statement (a constraint) undoes only
 * itself, SQLite's default; no trigger uses `RAISE(ROLLBACK)` or `OR ROLLBACK`, which would undo
 * the whole batch (then COMMIT finds no transaction and the batch fails as a whole, still
 * without a false 2xx).
 *
 * Reads: every query runs on the same connection, so a read during an open batch sees its
 * uncommitted rows. The barrier (`settle`) is therefore on every API request, reads and the
 * routes outside batching (login, CSV import, whose writes also land in an open batch) alike: a
 * response that may show a batch's rows is held until that batch has committed, and fails if it
 * did not. Nothing a client was shown can be lost by a crash; a read during write load waits at
 * most one commit, and without writes the barrier costs a field read.
 *
 * Only the file driver has one: @libsql/client (Turso) and D1 (Workers) keep their
 * per-statement transactions, and createApp adds no middleware for them.
 */
export class GroupCommit {
  #open: Batch | null = null;
  #finish: ((outcome: Error | null) => void) | null = null;
  #seq = 0;
  #lastFailed = 0;
  #lastError: Error | null = null;

  constructor(private readonly connection: Connection) {}

  /** The batch a request starting now could write into first: the open one, or the next. */
  mark(): number {
    return this.#open ? this.#open.seq : this.#seq + 1;
  }

  /** Opens a batch unless one is open; writes on the connection until it commits join it. */
  join(): void {
    // Someone else's explicit transaction (migrations at start-up): not ours to commit.
    if (this.#open || this.connection.inTransaction) return;
    this.connection.exec('BEGIN IMMEDIATE');
    const seq = ++this.#seq;
    this.#open = { seq, done: new Promise((resolve) => (this.#finish = resolve)) };
    setImmediate(() => this.commit());
  }

  /** Commits the open batch now (also at close, so no acknowledged-to-be write is left open). */
  commit(): void {
    const batch = this.#open;
    const finish = this.#finish;
    if (!batch || !finish) return;
    this.#open = null;
    this.#finish = null;
    try {
      this.connection.exec('COMMIT');
      finish(null);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      if (this.connection.inTransaction) {
        try {
          this.connection.exec('ROLLBACK');
        } catch {
          // The COMMIT's error is the one to report.
        }
      }
      this.#lastFailed = batch.seq;
      this.#lastError = failure;
      console.error(`group commit of batch ${batch.seq} failed:`, failure);
      finish(failure);
    }
  }

  /**
   * Waits until every batch since `mark` is over; the error when one of them failed. A request
   * spanning several turns (login, import) may be failed for a batch it had no write in: a
   * spurious 503 on a storage failure, never a false 2xx.
   */
  async settle(mark: number): Promise<Error | null> {
    const open = this.#open;
    if (open) await open.done;
    return this.#failedSince(mark);
  }

  #failedSince(mark: number): Error | null {
    return this.#lastFailed >= mark ? this.#lastError : null;
  }

  /** For every API request, outermost: holds the response until its batches have committed. */
  barrier() {
    return createMiddleware(async (_c, next) => {
      const mark = this.mark();
      await next();
      // Without an open batch (every read without write load) there is nothing to wait for.
      const failure = this.#open ? await this.settle(mark) : this.#failedSince(mark);
      if (failure !== null) {
        throw new DrfError(503, { detail: 'The change could not be saved; please try again.' }, { 'Retry-After': '1' });
      }
    });
  }

  /** For the write routes mounted after it, after authentication: opens or joins a batch. */
  batchWrites() {
    return createMiddleware(async (_c, next) => {
      this.join();
      await next();
    });
  }
}
