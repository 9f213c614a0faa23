import type { Db } from './types';

/**
 * What every runtime's adapter hands the app: a drizzle database and its lifecycle. The
 * adapters (create-db.ts for Bun, create-db.worker.ts for Workers) are the only files that know
 * the runtime; this file and everything below it must stay free of Node and Bun APIs.
 */
export interface Database {
  db: Db;
  /**
   * `file`: the embedded libSQL file (sync driver); `remote`: Turso/sqld through @libsql/client
   * (including an embedded replica); `d1`: a Cloudflare D1 binding.
   */
  kind: 'file' | 'remote' | 'd1';
  /** The client library behind `db`, so tests can see the adapter's choice. */
  driver: 'libsql' | '@libsql/client' | '@libsql/client/web' | 'd1';
  close(): void;
}

export interface DbConfig {
  url: string;
  authToken?: string;
  syncUrl?: string;
  /** Seconds between an embedded replica's pulls from the primary. */
  syncInterval?: number;
}

/** A DATABASE_URL the adapter cannot open; entry points print its message as one line. */
export class DatabaseUrlError extends Error {}

const REMOTE_URL = /^(libsql|https?|wss?):\/\//i;

/** `file:data/crm.db`, `file:///abs/crm.db`, a bare path or `:memory:` → a filesystem path. */
export function filePathOf(url: string): string | null {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  if (url.startsWith('file://')) return decodeURIComponent(new URL(url).pathname);
  if (url.startsWith('file:')) return url.slice('file:'.length);
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url)) return null;
  return url;
}

/** Throws the one-line error when `url` is not a Turso/sqld address. */
export function checkRemoteUrl(url: string, allowed = 'libsql://…, http(s)://… or ws(s)://…'): string {
  if (!REMOTE_URL.test(url)) {
    throw new DatabaseUrlError(`DATABASE_URL "${url}" is not supported here: use ${allowed}`);
  }
  try {
    new URL(url);
  } catch {
    throw new DatabaseUrlError(`DATABASE_URL "${url}" is not a valid URL.`);
  }
  return url;
}
