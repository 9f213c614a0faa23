import { customerSearchQuery, importReport, seedCustomerExample } from '@crm/schema';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { ownerFilter } from '../customers/access';
import type { AppDeps } from '../lib/context';
import { DrfError } from '../lib/errors';
import { createRouter, route } from '../lib/route';
import { validate } from '../lib/validate';
import { linkUnowned } from '../users/users.queries';
import { customerCsvChunks } from './csv-export';
import { CsvFileError, importColumns, importCustomersCsv, requiredImportColumns } from './csv-import';

/** A CSV import may be far larger than a JSON body: ~80,000 customers fit in 20 MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const importMegabytes = MAX_IMPORT_BYTES / 1024 / 1024;

const csvTypes = /^(?:text\/csv|application\/csv|text\/plain)\s*(?:;|$)/i;

/** The import's body: CSV (415 otherwise), at most MAX_IMPORT_BYTES (413); the route reads it. */
const csvBody = [
  bodyLimit({
    maxSize: MAX_IMPORT_BYTES,
    onError: () => {
      throw new DrfError(413, { detail: `CSV file is larger than ${importMegabytes} MB.` });
    },
  }),
  createMiddleware(async (c, next) => {
    const contentType = c.req.header('content-type') ?? '';
    if (!csvTypes.test(contentType)) {
      throw new DrfError(415, {
        detail: `Unsupported media type "${contentType.split(';')[0]}" in request: send the file as text/csv.`,
      });
    }
    await next();
  }),
] as const;

const code = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(', ');
const detailOf = (example: string) => ({
  'application/json': { schema: { $ref: '#/components/schemas/Detail' }, example: { detail: example } },
});

const importDoc = route({
  tag: 'Customers',
  permission: 'customers:manage',
  summary: 'Import customers from CSV',
  description: `The file is the body (\`Content-Type: text/csv\`, UTF-8, a BOM is fine), up to ${importMegabytes} MB. The header names the columns: ${code(importColumns)}; ${code(requiredImportColumns)} are required, others (\`id\`, times) are ignored. Each row is validated like \`POST /api/customer/customers/\`; good rows are created in batches, bad rows are reported by line and skipped.`,
  requestBody: {
    required: true,
    description: 'CSV with a header row of field names.',
    content: {
      'text/csv': {
        schema: { type: 'string' },
        example: `${importColumns.join(',')}\n${importColumns.map((column) => seedCustomerExample[column]).join(',')}\n`,
      },
    },
  },
  responses: {
    200: { description: 'What was imported and which rows were not.', json: importReport },
    400: {
      description: 'The file is unusable (no header, a required column missing): nothing was imported.',
      content: detailOf('Missing required columns: name.'),
    },
    413: {
      description: `The file is over ${importMegabytes} MB.`,
      content: detailOf(`CSV file is larger than ${importMegabytes} MB.`),
    },
    415: {
      description: 'The body is not `text/csv` (`application/csv` and `text/plain` are accepted too).',
      content: detailOf('Unsupported media type "application/json" in request: send the file as text/csv.'),
    },
  },
});

const exportQuery = customerSearchQuery.omit({ ordering: true, page: true, page_size: true });

/** Excel opens a UTF-8 CSV as UTF-8 (Chinese names intact) only when it starts with a BOM. */
const BOM = '\uFEFF';

/** CSV import and export of customers, mounted at /api/customer beside the customer routes. */
export const transferRoutes = (deps: AppDeps) =>
  createRouter()
    .post('/import', importDoc, ...csvBody, async (c) => {
      // Read whole (at most 20 MB) before writing anything, so a body cut off by the size limit
      // or the network never leaves half an import behind.
      const body = await c.req.arrayBuffer();
      try {
        const report = await importCustomersCsv(deps.db, new Blob([body]).stream(), {
          now: deps.now,
          by: c.get('user').id,
        });
        // Imported principals that name a user make that user the owner.
        await linkUnowned(deps.db, c.get('user').id);
        return c.json(report, 200);
      } catch (error) {
        if (error instanceof CsvFileError) throw new DrfError(400, { detail: error.message });
        throw error;
      }
    })
    // Same filters as the search; its paging and ordering do not apply (all matches, by id).
    .get(
      '/export',
      route({
        tag: 'Customers',
        permission: 'customers:read',
        summary: 'Export customers as CSV',
        description:
          'Every customer the search filters select (the same parameters as `GET /api/customer/customers/`; paging and ordering do not apply), by id, as CSV with a header of field names and a UTF-8 BOM (so Excel reads it as UTF-8). Streamed.',
        responses: {
          200: {
            description: 'The CSV file.',
            headers: {
              'Content-Disposition': {
                schema: { type: 'string' },
                description: '`attachment; filename="customers-<date>.csv"`',
              },
            },
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
        },
      }),
      validate('query', exportQuery),
      async (c) => {
        const query = c.req.valid('query');
        const filters = { ...query, owner: ownerFilter(deps, c.var.user, query.owner) };
        const chunks = customerCsvChunks(deps.db, filters, deps.now());
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
      },
    );
