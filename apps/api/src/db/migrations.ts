import { sql } from 'drizzle-orm';
import { sha256Hex } from '../lib/hex';
import type { Db } from './types';

/**
 * drizzle-kit's migrations, applied from any source: the folder on Bun, strings embedded in the
 * single executable. Reads drizzle's own journal and writes drizzle's own `__drizzle_migrations`
 * rows (same hash, same `created_at`), so a database migrated by one is up to date for the other.
 * D1 does not come here: `wrangler d1 migrations apply` runs the same .sql files.
 */
export interface Journal {
  entries: { idx: number; when: number; tag: string; breakpoints: boolean }[];
}

export interface MigrationSource {
  journal: Journal;
  /** The text of `<tag>.sql`. */
  read(tag: string): string | Promise<string>;
}

/** drizzle's MigrationMeta: what its dialects' `migrate` takes. */
interface Migration {
  sql: string[];
  bps: boolean;
  folderMillis: number;
  hash: string;
}

/** The same splitting and hashing as drizzle's `readMigrationFiles`, with WebCrypto. */
async function readMigrations(source: MigrationSource): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const entry of source.journal.entries) {
    const query = await source.read(entry.tag);
    migrations.push({
      sql: query.split('--> statement-breakpoint'),
      bps: entry.breakpoints,
      folderMillis: entry.when,
      hash: await sha256Hex(query),
    });
  }
  return migrations;
}

interface MigratingDb {
  dialect: { migrate(migrations: Migration[], session: unknown, config: object): unknown };
  session: unknown;
}

/** Applies the pending migrations in one transaction through drizzle's own dialect code. */
export async function applyMigrations(db: Db, source: MigrationSource): Promise<void> {
  const internals = db as unknown as MigratingDb;
  await internals.dialect.migrate(await readMigrations(source), internals.session, {});
}

/** How many migrations the database has recorded as applied (0 before the first). */
export async function appliedMigrations(db: Db): Promise<number> {
  const [table] = await db.all<{ n: number }>(
    sql`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`,
  );
  if (!table?.n) return 0;
  const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`);
  return row?.n ?? 0;
}
