import { customerSearchQuery } from '@crm/schema';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv } from '../lib/context';
import { DrfError } from '../lib/errors';
import { validate } from '../lib/validate';
import { customerCsvChunks } from './csv-export';
import { CsvFileError, importCustomersCsv } from './csv-import';

/** A CSV import may be far larger than a JSON body: ~80,000 customers fit in 20 MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The one /api path that `createApp`'s 64 KB body limit leaves to the limit below. */
export const isImportPath = (path: string) => /^\/api\/customer\/import\/?$/.test(path);

const csvTypes = /^(?:text\/csv|application\/csv|text\/plain)\s*(?:;|$)/i;

/** Excel opens a UTF-8 CSV as UTF-8 (Chinese names intact) only when it starts with a BOM. */
const BOM = '\uFEFF';

/** CSV import and export of customers, mounted at /api/customer beside the customer routes. */
export const transferRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>({ strict: false })
    .post(
      '/import',
      bodyLimit({
        maxSize: MAX_IMPORT_BYTES,
        onError: () => {
          throw new DrfError(413, { detail: `CSV file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.` });
        },
      }),
      async (c) => {
        const contentType = c.req.header('content-type') ?? '';
        if (!csvTypes.test(contentType)) {
          throw new DrfError(415, {
            detail: `Unsupported media type "${contentType.split(';')[0]}" in request: send the file as text/csv.`,
          });
        }
        // Read whole (at most 20 MB) before writing anything, so a body cut off by the size limit
        // or the network never leaves half an import behind.
        const body = await c.req.arrayBuffer();
        try {
          const report = await importCustomersCsv(deps.db, new Blob([body]).stream(), {
            now: deps.now,
            by: c.get('user').id,
          });
          return c.json(report, 200);
        } catch (error) {
          if (error instanceof CsvFileError) throw new DrfError(400, { detail: error.message });
          throw error;
        }
      },
    )
    // Same filters as the search; its paging and ordering do not apply (all matches, by id).
    .get('/export', validate('query', customerSearchQuery), async (c) => {
      const chunks = customerCsvChunks(deps.db, c.req.valid('query'), deps.now());
      const encoder = new TextEncoder();
      // The header and the first page are read before answering: a search the database cannot
      // run fails here, as an error answer, instead of cutting the connection after a 200.
      let first = BOM;
      for (let read = 0; read < 2; read++) {
        const next = await chunks.next();
        if (next.done) break;
        first += next.value.csv;
      }
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(first));
        },
        async pull(controller) {
          const next = await chunks.next();
          if (next.done) return controller.close();
          controller.enqueue(encoder.encode(next.value.csv));
        },
        async cancel() {
          await chunks.return(undefined);
        },
      });
      const date = new Date(deps.now()).toISOString().slice(0, 10);
      return c.body(body, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="customers-${date}.csv"`,
      });
    });
