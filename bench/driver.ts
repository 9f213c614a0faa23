import { createRequire } from 'node:module';

/**
 * The bench lives outside the workspaces, so it loads the API's own copies of the sync libSQL
 * driver (`better-sqlite3` is aliased to `libsql` in apps/api/package.json) and drizzle.
 */
const apiRequire = createRequire(new URL('../apps/api/package.json', import.meta.url));

export interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  raw(toggle?: boolean): Statement;
}

export interface SqliteClient {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(sql: string): unknown;
  transaction<T extends (...args: never[]) => unknown>(fn: T): T;
  close(): void;
}

export const Sqlite = apiRequire('better-sqlite3') as new (path: string, options?: object) => SqliteClient;
export const { drizzle } = apiRequire('drizzle-orm/better-sqlite3') as {
  drizzle: (client: SqliteClient, config?: object) => unknown;
};
