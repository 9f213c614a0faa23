import * as z from 'zod';

/**
 * The answer of the CSV import (`POST /api/customer/import/`): one shape for the importer that
 * builds it, the OpenAPI document that describes it and the admin that shows it.
 */
export const importReport = z
  .object({
    rows: z.number().int().min(0).meta({ description: 'Data records read, good and bad.' }),
    created: z.number().int().min(0),
    errors: z
      .array(
        z.object({
          line: z
            .number()
            .int()
            .min(1)
            .meta({ description: 'The line of the file (1 = the header) where the record starts.' }),
          errors: z
            .record(z.string(), z.array(z.string()))
            .meta({ description: 'DRF field errors, as `POST /customers/` gives them.' }),
        }),
      )
      .meta({ description: 'The first bad records, by line.' }),
    error_count: z.number().int().min(0).meta({ description: 'All bad records, also those not listed.' }),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof importReport>;
export type RowError = ImportReport['errors'][number];
