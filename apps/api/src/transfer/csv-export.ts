import { customerOutput } from '@crm/schema';
import { customers } from '@crm/schema/tables';
import { and, asc, gt } from 'drizzle-orm';
import Papa from 'papaparse';
import { type CustomerFilters, searchConditions } from '../customers/customers.queries';
import { customerColumns, serializeCustomer } from '../customers/customers.serialize';
import type { Db } from '../db/types';
import { FORMULA_CELL } from './csv-formulas';

/** `id` plus every field a client reads, in the API's order: the header of an export. */
export const exportColumns = Object.keys(customerOutput.shape);

/** Rows per query: small enough to keep memory flat, large enough that queries are not the cost. */
const PAGE_ROWS = 1000;

/**
 * RFC 4180 with CRLF, as spreadsheets write it; null (no contact yet) becomes an empty cell; a
 * cell a spreadsheet would run as a formula gets a leading `'` and quotes (csv-formulas.ts).
 */
const toCsv = (rows: unknown[][]) => `${Papa.unparse(rows, { newline: '\r\n', escapeFormulae: FORMULA_CELL })}\r\n`;

/**
 * The live customers matching `filters` as CSV text (the header first), a page at a time, by
 * ascending id. Keyset paging (`id > last`) keeps each query cheap, holds no read transaction
 * open between pages (a slow HTTP client cannot pin the WAL) and works the same on every driver.
 */
export async function* customerCsvChunks(
  db: Db,
  filters: CustomerFilters,
  now: number,
): AsyncGenerator<{ csv: string; rows: number }> {
  yield { csv: toCsv([exportColumns]), rows: 0 };
  const where = searchConditions(filters, now);
  let after = 0;
  for (;;) {
    const rows = await db
      .select(customerColumns)
      .from(customers)
      .where(and(where, gt(customers.id, after)))
      .orderBy(asc(customers.id))
      .limit(PAGE_ROWS);
    if (rows.length === 0) return;
    const cells = rows.map((row) => {
      const customer = serializeCustomer(row) as Record<string, unknown>;
      return exportColumns.map((column) => customer[column] ?? '');
    });
    yield { csv: toCsv(cells), rows: rows.length };
    after = rows[rows.length - 1]?.id ?? after;
    if (rows.length < PAGE_ROWS) return;
  }
}
