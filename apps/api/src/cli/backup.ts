import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { createDb } from '../db/create-db';
import type { BackupJob, BackupResult } from './backup.thread';
import { CliError } from './errors';
import { progressOn } from './progress';

/** How often the copy's size is read for the progress bar. */
const POLL_MS = 200;

/**
 * `backup <file>`: `VACUUM INTO` writes a consistent, compacted copy from one read transaction,
 * so it is safe while the server writes (WAL readers do not block writers). It runs on a thread
 * of its own (backup.thread.ts); this one shows the copy's size against the database's used
 * pages, the size a compacted copy comes to.
 */
export async function backupCommand(database: Awaited<ReturnType<typeof createDb>>, path: string): Promise<string> {
  if (database.kind !== 'file') {
    throw new CliError('backup copies a local database file; a remote (Turso) database has its own backups.');
  }
  const target = resolve(path);
  if (existsSync(target)) throw new CliError(`${path} exists: choose a new file name (backup never overwrites).`);
  if (!existsSync(dirname(target))) throw new CliError(`The folder ${dirname(target)} does not exist.`);
  const [main] = await database.db.all<{ file: string }>(
    sql`SELECT file FROM pragma_database_list WHERE name = 'main'`,
  );
  const [used] = await database.db.all<{ bytes: number }>(sql`
    SELECT (page_count - freelist_count) * page_size AS bytes
    FROM pragma_page_count(), pragma_freelist_count(), pragma_page_size()`);
  const phase = progressOn().phase('backup', used?.bytes ?? 0, { unit: 'MB', scale: 1024 * 1024 });
  const thread = new Worker(new URL('./backup.thread.ts', import.meta.url).href);
  const watch = setInterval(() => phase.update(statSync(target, { throwIfNoEntry: false })?.size ?? 0), POLL_MS);
  try {
    const result = await new Promise<BackupResult>((done, fail) => {
      thread.addEventListener('message', (event: MessageEvent<BackupResult>) => done(event.data));
      thread.addEventListener('error', (event) => fail(new Error(event.message)));
      thread.postMessage({ source: main?.file ?? '', target } satisfies BackupJob);
    });
    if (!result.ok) throw new CliError(`backup failed: ${result.message}`);
  } finally {
    clearInterval(watch);
    thread.terminate();
  }
  phase.finish();
  return `Backed up the database to ${path}.`;
}
