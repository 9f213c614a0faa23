import type { CheckpointerStart } from './wal-checkpointer.thread';

/**
 * WAL checkpoints on the second core.
 *
 * A commit in WAL mode appends the changed pages to the WAL; a checkpoint later copies them into
 * the database file. SQLite runs that checkpoint inside the commit that crosses
 * `wal_autocheckpoint`, on the thread that committed: the server's only thread. At a million
 * customers a follow-up changes about eleven scattered pages (the customer, five indexes that
 * carry its contact times, the log and its indexes, the audit entry), and copying them was half
 * of every commit (measured 74 µs per follow-up for the WAL append against 140 µs with the
 * checkpoints; docs/PERFORMANCE.md). This thread runs a PASSIVE checkpoint every few
 * milliseconds on its own connection instead, so the server's commits find the WAL already
 * copied: its own `wal_autocheckpoint` stays as the backstop and then has nothing left to do.
 *
 * Durability is unchanged: a commit is durable once it is in the WAL (synchronous = NORMAL),
 * and a checkpoint interrupted by a crash is redone from the WAL at the next open.
 */
interface WalCheckpointer {
  /** Closes the thread's connection and ends the thread (after the server's last commit). */
  stop(): void;
}

export function startWalCheckpointer(path: string): WalCheckpointer {
  const thread = new Worker(new URL('./wal-checkpointer.thread.ts', import.meta.url).href);
  // The thread must not keep the process alive: a server that stops exits.
  // (Bun's Worker has `unref`; the DOM's type, which the type check sees, has not.)
  (thread as Worker & { unref(): void }).unref();
  // Without the thread (it failed to load) SQLite's own checkpoints go on as before.
  thread.addEventListener('error', (event) => console.error('WAL checkpointer thread failed:', event.message));
  const start: CheckpointerStart = { path, busyMs: 5, idleMs: 200 };
  thread.postMessage(start);
  return {
    stop() {
      thread.addEventListener('message', (event) => event.data === 'stopped' && thread.terminate());
      thread.postMessage('stop');
    },
  };
}
