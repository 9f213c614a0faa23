import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { resolver, uniqueSymbol } from 'hono-openapi';
import * as z from 'zod';
import { DrfError, fieldErrors, pythonTypeName } from './errors';
import { conversion } from './route';

type Target = 'json' | 'query' | 'param';

/**
 * `@hono/zod-validator` with DRF's error shapes: a failure throws, and `app.onError` answers.
 * Path parameters get `{"detail": …}` (a malformed URL is not a field error); bodies and
 * query strings get `{"field": ["message"]}`. The validator also tells the OpenAPI document
 * (hono-openapi reads `uniqueSymbol`) what the route takes, converted on the input side.
 */
export function validate<T extends z.ZodType, Where extends Target>(target: Where, schema: T) {
  const middleware = zValidator(target, schema, (result) => {
    if (result.success) return;
    if (target === 'param') {
      const value = Object.values(result.data as Record<string, unknown>)[0];
      throw new DrfError(400, { detail: `"${String(value)}" is not a valid id: expected a positive integer.` });
    }
    throw new DrfError(400, fieldErrors(result.error));
  });
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema, conversion('input')) } });
}

/** A path id: digits only, within JavaScript's safe integers. */
export const idParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number)
    .meta({ description: 'A positive integer; anything else answers 400.' }),
});

/** 64 KB is far above any customer or follow-up body; the CSV import has its own limit. */
export const MAX_BODY_BYTES = 64 * 1024;

const limitJsonBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new DrfError(413, { detail: `Request body is larger than ${MAX_BODY_BYTES / 1024} KB.` });
  },
});

/**
 * A route's JSON body, in DRF's way: at most MAX_BODY_BYTES (413), `application/json` (415),
 * parsing to an object (400), then valid against `schema` (400 per field). One middleware, so a
 * route that takes a body says so once and the document learns its schema from it.
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  const validator = validate('json', schema);
  const middleware: MiddlewareHandler = (c, next) =>
    limitJsonBody(c, async () => {
      await requireJsonObject(c, async () => {
        // The validator answers nothing itself: its hook throws (DRF's 400) or it calls next.
        await validator(c, next);
      });
    });
  return Object.assign(middleware as typeof validator, { [uniqueSymbol]: validator[uniqueSymbol] });
}

const jsonType = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Runs before the body validator: answers 415 for a body that is not JSON, 400 for JSON that
 * does not parse or is not an object, in DRF's words. The validator after it parses the cached
 * text again (Hono's `c.req.json()` reads `bodyCache.text`, not `bodyCache.json`).
 */
const requireJsonObject = createMiddleware(async (c, next) => {
  const contentType = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (text.trim() === '' && contentType === '') {
    // No body at all: validate it as an empty object, as DRF does, so the client learns which
    // fields are required.
    c.req.bodyCache.json = {};
    return next();
  }
  if (!jsonType.test(contentType)) {
    throw new DrfError(415, { detail: `Unsupported media type "${contentType.split(';')[0]}" in request.` });
  }
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new DrfError(400, { detail: `JSON parse error - ${(error as Error).message}` });
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DrfError(400, {
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(body)}.`],
    });
  }
  c.req.bodyCache.json = body;
  // An empty JSON body is an empty object, as DRF reads it. Hono keeps promises in bodyCache
  // (its type says string), and the validator's `c.req.json()` parses this text.
  if (text.trim() === '') c.req.bodyCache.text = Promise.resolve('{}') as unknown as string;
  return next();
});
