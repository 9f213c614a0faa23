import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { createDb } from '../db/create-db';
import { CliError } from './errors';

/**
 * `backup <file>`: `VACUUM INTO` writes a consistent, compacted copy from one read transaction,
 * so it is safe while the server writes (WAL readers do not block writers).
 */
export async function backupCommand(database: Awaited<ReturnType<typeof createDb>>, path: string): Promise<string> {
  if (database.kind !== 'file') {
    throw new CliError('backup copies a local database file; a remote (Turso) database has its own backups.');
  }
  const target = resolve(path);
  if (existsSync(target)) throw new CliError(`${path} exists: choose a new file name (backup never overwrites).`);
  if (!existsSync(dirname(target))) throw new CliError(`The folder ${dirname(target)} does not exist.`);
  await database.db.run(sql`VACUUM INTO ${target}`);
  return `Backed up the database to ${path}.`;
}
