import { customerOutput } from '@crm/schema';
import Papa from 'papaparse';
import type { CustomerFilters } from '../customers/customers.conditions';
import { customerPagesById } from '../customers/customers.search';
import { serializeCustomer } from '../customers/customers.serialize';
import type { Db } from '../db/types';
import { FORMULA_CELL } from './csv-formulas';

/**
 * `id` plus every field a client reads, in the API's order: the header of an export. Not `owner`
 * (a user id): `principal` says who, and an import links it again.
 */
export const exportColumns = Object.keys(customerOutput.shape).filter((column) => column !== 'owner');

/** Rows per query: small enough to keep memory flat, large enough that queries are not the cost. */
const PAGE_ROWS = 1000;

/**
 * RFC 4180 with CRLF, as spreadsheets write it; null (no contact yet) becomes an empty cell; a
 * cell a spreadsheet would run as a formula gets a leading `'` and quotes (csv-formulas.ts).
 */
const toCsv = (rows: unknown[][]) => `${Papa.unparse(rows, { newline: '\r\n', escapeFormulae: FORMULA_CELL })}\r\n`;

/**
 * The live customers matching `filters` as CSV text (the header first), a page at a time, by
 * ascending id: the search's own conditions, paged by customerPagesById (customers.search.ts).
 */
export async function* customerCsvChunks(
  db: Db,
  filters: CustomerFilters,
  now: number,
): AsyncGenerator<{ csv: string; rows: number }> {
  yield { csv: toCsv([exportColumns]), rows: 0 };
  for await (const rows of customerPagesById(db, filters, now, PAGE_ROWS)) {
    const cells = rows.map((row) => {
      const customer = serializeCustomer(row) as Record<string, unknown>;
      return exportColumns.map((column) => customer[column] ?? '');
    });
    yield { csv: toCsv(cells), rows: rows.length };
  }
}
