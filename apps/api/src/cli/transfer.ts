import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/types';
import { customerCsvChunks } from '../transfer/csv-export';
import { CsvFileError, importCustomersCsv } from '../transfer/csv-import';
import { CliError } from './errors';
import { phasesOf, progressOn } from './progress';

const MB = 1024 * 1024;

/** `import <file.csv>`: summary on stdout, bad rows on stderr; exit 1 when any row was rejected. */
export async function importCommand(db: Db, path: string, bulk: boolean): Promise<number> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`No such file: ${path}`);
  const progress = progressOn();
  const reading = progress.phase(`import ${basename(path)}`, statSync(path).size, { unit: 'MB', scale: MB });
  let rows = 0;
  let reads = true;
  /** The file is read: its phase ends (before the rebuild's, with --bulk). */
  const read = () => {
    if (reads) reading.finish(`${rows.toLocaleString('en')} rows`);
    reads = false;
  };
  const rebuild = phasesOf(progress, 'rebuild: ');
  let report: Awaited<ReturnType<typeof importCustomersCsv>>;
  try {
    report = await importCustomersCsv(db, Bun.file(path).stream(), {
      now: Date.now,
      by: null,
      bulk,
      onProgress: (done) => {
        rows = done.rows;
        reading.update(done.bytes, `${rows.toLocaleString('en')} rows`);
      },
      restore: {
        onProgress: (step, done, total, unit) => {
          read();
          rebuild(step, done, total, unit);
        },
      },
    });
  } catch (error) {
    if (error instanceof CsvFileError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
  read();
  for (const { line, errors } of report.errors) {
    const messages = Object.entries(errors).map(([field, list]) => `${field}: ${list.join(' ')}`);
    console.error(`${path}:${line}: ${messages.join('; ')}`);
  }
  if (report.error_count > report.errors.length) {
    console.error(`… and ${report.error_count - report.errors.length} more rejected rows.`);
  }
  const rejected = report.error_count === 0 ? '' : `; ${report.error_count} rejected (see above)`;
  console.log(`Imported ${report.created} of ${report.rows} rows from ${path}${rejected}.`);
  return report.error_count === 0 ? 0 : 1;
}

/**
 * `export [file.csv]`: every live customer, by id; stdout when no file is given. Its progress
 * goes to stderr, and not at all when the CSV itself goes to the terminal.
 */
export async function exportCommand(db: Db, path: string | undefined): Promise<void> {
  const sink = path === undefined ? Bun.stdout.writer() : Bun.file(path).writer();
  const [live] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM customers WHERE deleted_at IS NULL`);
  const progress = progressOn({ quiet: path === undefined && process.stdout.isTTY === true });
  const phase = progress.phase('export', live?.n ?? 0, { unit: 'rows' });
  let count = 0;
  for await (const { csv, rows } of customerCsvChunks(db, {}, Date.now())) {
    sink.write(csv);
    count += rows;
    phase.update(count);
    // Flushing each page keeps memory flat and lets a pipe's reader apply back-pressure.
    await sink.flush();
  }
  await sink.end();
  phase.finish();
  if (path !== undefined) console.error(`Exported ${count} customers to ${path}.`);
}
