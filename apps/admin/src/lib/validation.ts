import { type DrfErrorDetail, drfFieldErrors } from '@crm/schema/errors';
import type * as z from 'zod';

/** One error beside a field: ours (a code to translate) or the server's words, shown as they are. */
export type FieldMessage = DrfErrorDetail | string;
export type FieldErrors = Record<string, readonly FieldMessage[]>;

/**
 * Runs the shared zod schema (the very one the server validates with) and returns its DRF field
 * errors, each with its code; the input is reported so that absent, null and wrong-type values
 * get their own codes.
 */
export function validateWith<T extends z.ZodType>(
  schema: T,
  values: unknown,
): { data: z.output<T>; errors: null } | { data: null; errors: FieldErrors } {
  const result = schema.safeParse(values, { reportInput: true });
  if (result.success) return { data: result.data, errors: null };
  return { data: null, errors: drfFieldErrors(result.error.issues) };
}

/**
 * The fields a form marks as required: those the schema rejects when left absent or empty
 * (an unchosen select is absent, an empty input is ""), so the marks cannot drift from the rules.
 */
export function requiredFields<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
): ReadonlySet<keyof Shape & string> {
  const required = new Set<keyof Shape & string>();
  for (const [name, field] of Object.entries(schema.shape) as [keyof Shape & string, z.ZodType][]) {
    if (!field.safeParse(undefined).success || !field.safeParse('').success) required.add(name);
  }
  return required;
}
