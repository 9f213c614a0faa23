import { existsSync, statSync } from 'node:fs';
import type { Db } from '../db/types';
import { customerCsvChunks } from '../transfer/csv-export';
import { CsvFileError, importCustomersCsv } from '../transfer/csv-import';
import { CliError } from './errors';

/** `import <file.csv>`: summary on stdout, bad rows on stderr; exit 1 when any row was rejected. */
export async function importCommand(db: Db, path: string, bulk: boolean): Promise<number> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`No such file: ${path}`);
  const size = statSync(path).size;
  const progress = progressLine(size);
  let report: Awaited<ReturnType<typeof importCustomersCsv>>;
  try {
    report = await importCustomersCsv(db, Bun.file(path).stream(), {
      now: Date.now,
      by: null,
      bulk,
      onProgress: progress.update,
      onRebuild: () => progress.say('Rebuilding the indexes, counts and search index…'),
    });
  } catch (error) {
    if (error instanceof CsvFileError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  } finally {
    progress.done();
  }
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

/** `export [file.csv]`: every live customer, by id; stdout when no file is given. */
export async function exportCommand(db: Db, path: string | undefined): Promise<void> {
  const sink = path === undefined ? Bun.stdout.writer() : Bun.file(path).writer();
  let count = 0;
  for await (const { csv, rows } of customerCsvChunks(db, {}, Date.now())) {
    sink.write(csv);
    count += rows;
    // Flushing each page keeps memory flat and lets a pipe's reader apply back-pressure.
    await sink.flush();
  }
  await sink.end();
  if (path !== undefined) console.error(`Exported ${count} customers to ${path}.`);
}

/** A self-overwriting progress line on stderr, only when stderr is a terminal. */
export function progressLine(totalBytes: number) {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let shownAt = 0;
  return {
    update({ bytes, rows }: { bytes: number; rows: number }) {
      if (!tty || Date.now() - shownAt < 200) return;
      shownAt = Date.now();
      const percent = totalBytes > 0 ? Math.min(100, Math.floor((bytes / totalBytes) * 100)) : 0;
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
      process.stderr.write(`\r${percent}%  ${rows.toLocaleString('en')} rows  ${rate.toLocaleString('en')} rows/s   `);
    },
    /** Replaces the progress line with a message that stays until `done`. */
    say(message: string) {
      if (!tty) return;
      process.stderr.write(`\r\x1b[K${message}`);
      shownAt = Number.POSITIVE_INFINITY;
    },
    done() {
      if (tty && shownAt > 0) process.stderr.write('\r\x1b[K');
    },
  };
}
