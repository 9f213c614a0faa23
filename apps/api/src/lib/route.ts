import { allows, type Permission, permissionDenied } from '@crm/schema';
import { Hono, type MiddlewareHandler } from 'hono';
import { describeRoute, resolver, uniqueSymbol } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import * as z from 'zod';
import type { AppEnv } from './context';
import { DrfError } from './errors';

/**
 * A route describes itself where it is written: `route({...})` is the first middleware of each
 * route, with its summary and its answers; the validators after it (lib/validate.ts) add its
 * parameters and body. system/openapi.ts reads them all from the app and adds what every route
 * of a kind shares (401 for protected routes, 400/413/415 for bodies, 404 for ids and pages, 405,
 * 500), so a new route is one edit and the document, the auth check and the typed client follow.
 * Its `permission` is checked by the same middleware (403 otherwise) and shown in the document
 * as `x-permission`, so no route can be written without saying who may call it.
 */

/** Every router of the app: paths answer with and without the trailing slash, as DRF's do. */
export const createRouter = () => new Hono<AppEnv>({ strict: false });

export type Tag = 'Customers' | 'Follow-ups' | 'Trash' | 'Audit' | 'Auth' | 'Users' | 'System';

/** The DRF error answers that many routes share (system/openapi.ts defines them once). */
export type SharedError =
  | 'BadRequest'
  | 'BadParameters'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'Unavailable';

type Headers = Record<string, OpenAPIV3_1.HeaderObject>;

/** One answer of a route: a JSON body of `json`, other media in `content`, or no body. */
export interface Answer {
  description: string;
  json?: z.ZodType;
  content?: Record<string, OpenAPIV3_1.MediaTypeObject>;
  headers?: Headers;
}

interface RouteSpec {
  tag: Tag;
  /**
   * Who may call it (the table in packages/schema users.ts): checked against the key's user's
   * role and the key's scope before the handler runs. `public`: mounted before the key check.
   */
  permission: Permission | 'public';
  summary: string;
  description?: string;
  /** Status → its answer, or the name of a shared error this route gives beyond its kind's. */
  responses: Record<number, Answer | SharedError>;
  /** A body that is not JSON (the CSV import); JSON bodies come from `jsonBody(schema)`. */
  requestBody?: OpenAPIV3_1.RequestBodyObject;
}

interface Conversion {
  zodSchema: z.ZodType;
  jsonSchema: Record<string, unknown>;
}

/**
 * How zod schemas become JSON Schema in the document: requests on their input side (what a
 * client sends, before trimming and time parsing), answers on their output side.
 */
export const conversion = (io: 'input' | 'output') => ({
  options: {
    io,
    // Transforms (trimming, `""` defaults, time parsing) have no JSON Schema; their input side is
    // what a client sends, and that is what the request schemas describe.
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }: Conversion) => {
      // zod drops `examples` from the input side of a schema with transforms, taking them for
      // outputs; ours are what a client sends (the seed's bodies), so they stay.
      const examples = z.globalRegistry.get(zodSchema)?.examples;
      if (io === 'input' && examples) jsonSchema.examples = examples;
      // zod writes its ISO regex beside `format`: the format says the same, readably.
      if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
    },
  },
});

function answer(response: Answer | SharedError) {
  if (typeof response === 'string') return { $ref: `#/components/responses/${response}` };
  const { json, content, ...rest } = response;
  if (json) return { ...rest, content: { 'application/json': { schema: resolver(json, conversion('output')) } } };
  return content ? { ...rest, content } : rest;
}

export const forbidden = () => new DrfError(403, { detail: permissionDenied });

/**
 * The first middleware of every route: its description for the document (what hono-openapi's
 * `describeRoute` carries) and the check of its permission, in one, so they cannot disagree.
 */
export function route(spec: RouteSpec): MiddlewareHandler<AppEnv> {
  const { responses, tag, permission, ...operation } = spec;
  const description = describeRoute({
    ...operation,
    tags: [tag],
    'x-permission': permission,
    responses: Object.fromEntries(Object.entries(responses).map(([status, response]) => [status, answer(response)])),
  } as Parameters<typeof describeRoute>[0]);
  const check: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (permission !== 'public') {
      const user = c.get('user');
      if (!user || !allows(permission, user.role, user.scope)) throw forbidden();
    }
    await next();
  };
  return Object.assign(check, { [uniqueSymbol]: (description as unknown as Record<symbol, unknown>)[uniqueSymbol] });
}
