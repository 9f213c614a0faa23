import { type CustomerInput, customerFields, customerInput, type ImportReport, type RowError } from '@crm/schema';
import Papa from 'papaparse';
import type { Actor } from '../audit/audit.queries';
import { type RestoreOptions, restoreDerived, suspendDerived } from '../db/bulk-load';
import type { Db } from '../db/types';
import { fieldErrors } from '../lib/errors';
import { BULK_BATCH_ROWS, insertCustomerBatch } from './bulk-insert';
import { unescapeFormulaCell } from './csv-formulas';
import { nodeLikeTextStream } from './text-stream';

/** The columns an import reads: the writable customer fields. Others (`id`, times) are ignored. */
export const importColumns = Object.keys(customerFields) as (keyof typeof customerFields)[];

/** Columns without which every row would fail: the fields whose schema rejects "absent". */
export const requiredImportColumns = importColumns.filter(
  (column) => !customerInput.shape[column].safeParse(undefined).success,
);

interface ImportOptions {
  now: () => number;
  /** Who imports, for the audit trail: the API's user, or null for the command line. */
  by: Actor;
  /** Bad rows reported in detail; the rest are only counted, so a garbage file cannot fill memory. */
  maxErrors?: number;
  /** Called after each committed batch. */
  onProgress?: (progress: { bytes: number; rows: number; created: number }) => void;
  /**
   * Drop the customers' indexes and triggers while loading and rebuild them once at the end
   * (db/bulk-load.ts): several times faster for a big file, but only while no server writes.
   */
  bulk?: boolean;
  /** With `bulk`: the rebuild's options (its progress, for the CLI). */
  restore?: RestoreOptions;
}

/** The file itself is unusable (no header, required columns missing): nothing was imported. */
export class CsvFileError extends Error {}

function headerProblem(fields: string[]): CsvFileError | undefined {
  const missing = requiredImportColumns.filter((column) => !fields.includes(column));
  if (missing.length === 0) return undefined;
  return new CsvFileError(
    `The CSV header lacks the required column(s) ${missing.join(', ')}; the columns are the field names: ${importColumns.join(',')}.`,
  );
}

/**
 * Streams a CSV of customers into the database: each record is validated with the same zod
 * schema as `POST /customers/`, bad records are reported by line with DRF's field messages, and
 * good ones are committed in multi-row INSERTs of `BULK_BATCH_ROWS`, so memory stays flat
 * whatever the file's size. Quotes, separators and newlines inside fields and CRLF are the
 * parser's job (Papa Parse: plain JavaScript, so the same code runs on Bun and on Workers); the
 * UTF-8 decoder drops a BOM.
 */
export async function importCustomersCsv(
  db: Db,
  source: ReadableStream<Uint8Array>,
  options: ImportOptions,
): Promise<ImportReport> {
  const maxErrors = options.maxErrors ?? 1000;
  const report: ImportReport = { rows: 0, created: 0, errors: [], error_count: 0 };
  const addError = (error: RowError) => {
    report.error_count++;
    if (report.errors.length < maxErrors) report.errors.push(error);
  };
  const batch: CustomerInput[] = [];
  const input = nodeLikeTextStream(source, async () => {
    // Whole batches only, so most go through the one prepared statement; the rest waits.
    while (batch.length >= BULK_BATCH_ROWS) await flush(batch.splice(0, BULK_BATCH_ROWS));
  });
  let headerChecked = false;
  let previousEnd = 0;

  if (options.bulk) await suspendDerived(db);
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        input.destroy();
        reject(error);
      };
      Papa.parse<Record<string, string | undefined>>(input as unknown as NodeJS.ReadableStream, {
        header: true,
        skipEmptyLines: 'greedy',
        transformHeader: (name) => name.trim(),
        // An exported cell that a spreadsheet would have run as a formula carries a `'`: off again.
        transform: unescapeFormulaCell,
        step(result, parser) {
          if (!headerChecked) {
            headerChecked = true;
            const problem = headerProblem(result.meta.fields ?? []);
            if (problem) {
              parser.abort();
              return fail(problem);
            }
            previousEnd = input.headerEnd();
          }
          report.rows++;
          const line = input.lineOfRecord(previousEnd, result.meta.cursor);
          previousEnd = result.meta.cursor;
          const malformed = result.errors.find((error) => error.type === 'Quotes');
          if (malformed) {
            addError({ line, errors: { non_field_errors: [`Malformed CSV: ${malformed.message}.`] } });
            return;
          }
          const parsed = customerInput.safeParse(result.data);
          if (!parsed.success) {
            addError({ line, errors: fieldErrors(parsed.error) });
            return;
          }
          batch.push(parsed.data);
        },
        complete: () => {
          if (!headerChecked) {
            // No data rows: still a file error when the header is missing or wrong.
            const header = input.firstLine();
            if (header.trim() === '') {
              return fail(new CsvFileError('The CSV file is empty: expected a header line of field names.'));
            }
            const fields = Papa.parse<string[]>(header).data[0] ?? [];
            const problem = headerProblem(fields.map((field) => field.trim()));
            if (problem) return fail(problem);
          }
          flush(batch).then(resolve, fail);
        },
        error: fail,
      });
    });
  } finally {
    // Also after a failure: the rows already committed stay, and must be indexed and counted.
    if (options.bulk) await restoreDerived(db, options.restore);
  }
  return report;

  async function flush(rows: CustomerInput[]) {
    report.created += await insertCustomerBatch(db, rows, options.now(), options.by);
    options.onProgress?.({ bytes: input.bytesRead, rows: report.rows, created: report.created });
  }
}
