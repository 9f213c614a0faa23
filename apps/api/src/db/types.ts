import type * as tables from '@crm/schema/tables';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';

/**
 * A drizzle database on any of our drivers: the synchronous `libsql` driver for files, and the
 * asynchronous `@libsql/client` (Turso) and D1. Queries are written once and always awaited,
 * which works for both modes.
 */
export type Db = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof tables>;
