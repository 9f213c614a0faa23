import { drfFieldErrors } from '@crm/schema';
import type * as z from 'zod';

/**
 * An error that already knows its HTTP status and its body in Django REST Framework's shape.
 * Domain code throws these; `app.onError` turns them into responses (see app.ts).
 */
export class DrfError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 429 | 503,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.detail === 'string' ? body.detail : `HTTP ${status}`);
  }
}

export const notFound = () => new DrfError(404, { detail: 'Not found.' });

export const invalidPage = () => new DrfError(404, { detail: 'Invalid page.' });

/**
 * DRF's field-error body: `{"field": ["message", …]}`, `non_field_errors` for the whole object.
 * The mapping is the schema package's, shared with the admin; the API sends its text.
 */
export function fieldErrors(error: z.core.$ZodError): Record<string, string[]> {
  const body: Record<string, string[]> = {};
  for (const [field, errors] of Object.entries(drfFieldErrors(error.issues))) {
    body[field] = errors.map((detail) => detail.message);
  }
  return body;
}

/** Python's name for a JSON value's type, as DRF reports it ("Expected a dictionary, but got list."). */
export function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}
