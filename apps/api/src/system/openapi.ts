import { allows, errorDetail, fieldErrorsBody, keyScopes, type Permission, permissionDenied, roles } from '@crm/schema';
import type { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import type { OpenAPIV3_1 } from 'openapi-types';
import * as z from 'zod';
import { LOGIN_WINDOW_MS, MAX_LOGIN_FAILURES } from '../auth/login-limit';
import type { SharedError, Tag } from '../lib/route';
import { MAX_BODY_BYTES } from '../lib/validate';

/**
 * The OpenAPI 3.1 document, read from the app: each route declares its summary and answers
 * (`route()`, lib/route.ts) and its parameters and body (its validators). What is here is what no
 * single route owns: the header, the error answers routes share, and the rules for which routes
 * give them. Public routes are the ones mounted before the key check (app.ts); the document
 * learns which from the public router itself, never from a list of paths.
 */

type Operation = OpenAPIV3_1.OperationObject;
type Document = OpenAPIV3_1.Document;

const detail = (example: string) => ({
  'application/json': { schema: { $ref: '#/components/schemas/Detail' }, example: { detail: example } },
});
const bodyOrDetail = (first: 'FieldErrors' | 'Detail') => ({
  'application/json': {
    schema: {
      anyOf: [{ $ref: `#/components/schemas/${first}` }, { $ref: '#/components/schemas/Detail' }].filter(
        (schema, index, all) => all.findIndex((other) => other.$ref === schema.$ref) === index,
      ),
    },
  },
});

function sharedErrors(): Record<SharedError, OpenAPIV3_1.ResponseObject> {
  const loginMinutes = LOGIN_WINDOW_MS / 60_000;
  return {
    BadRequest: {
      description:
        'Invalid input: `{"field": ["message"]}` per bad field (DRF), `{"non_field_errors": […]}` when the body is JSON but not an object, `{"detail": "JSON parse error - …"}` when it is not JSON or the id in the path is malformed.',
      content: bodyOrDetail('FieldErrors'),
    },
    BadParameters: {
      description:
        'A malformed id in the path (`{"detail": "…"}`) or an invalid query parameter (`{"field": ["message"]}`).',
      content: bodyOrDetail('FieldErrors'),
    },
    Unauthorized: {
      description:
        'No credentials, or a bad or revoked key. Send `Authorization: Token <key>` (or `Bearer <key>`); keys come from `POST /api/auth/token/` or `crm token create`.',
      headers: { 'WWW-Authenticate': { schema: { type: 'string', enum: ['Token'] } } },
      content: detail('Authentication credentials were not provided.'),
    },
    Forbidden: {
      description:
        "The key's user's role, or the key's scope (`read` keys only read), does not allow this route: see its `x-permission` and the permission table of docs/API.md.",
      content: detail(permissionDenied),
    },
    NotFound: {
      description: 'No such object (or page), or one outside what the user may see (`VISIBILITY=own`).',
      content: detail('Not found.'),
    },
    MethodNotAllowed: {
      description: 'The path exists, but not with this method; `Allow` lists the methods it has.',
      headers: { Allow: { schema: { type: 'string' } } },
      content: detail('Method "GET" not allowed.'),
    },
    PayloadTooLarge: {
      description: `The body is over ${MAX_BODY_BYTES / 1024} KB.`,
      content: detail(`Request body is larger than ${MAX_BODY_BYTES / 1024} KB.`),
    },
    UnsupportedMediaType: {
      description: 'The body is not `application/json`.',
      content: detail('Unsupported media type "text/plain" in request.'),
    },
    TooManyRequests: {
      description: `More than ${MAX_LOGIN_FAILURES} failed logins in ${loginMinutes} minutes for the username or the address; \`Retry-After\` says when to try again.`,
      headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds.' } },
      content: detail('Request was throttled.'),
    },
    InternalError: { description: 'A bug. Never a stack trace or SQL.', content: detail('Internal server error.') },
    Unavailable: {
      description:
        'The database could not commit the writes this answer depends on (the embedded file database commits writes in batches); none of them was kept. Try again after `Retry-After`.',
      headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds.' } },
      content: detail('The change could not be saved; please try again.'),
    },
  };
}

const statusOf: Record<SharedError, string> = {
  BadRequest: '400',
  BadParameters: '400',
  Unauthorized: '401',
  Forbidden: '403',
  NotFound: '404',
  MethodNotAllowed: '405',
  PayloadTooLarge: '413',
  UnsupportedMediaType: '415',
  TooManyRequests: '429',
  InternalError: '500',
  Unavailable: '503',
};

/** The shared answers an operation gives by its kind; statuses it declares itself are kept. */
function addSharedErrors(path: string, operation: Operation, isPublic: boolean): void {
  const parameters = (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
  const hasId = path.includes('{');
  const paged = parameters.some((parameter) => parameter.in === 'query' && parameter.name === 'page');
  const errors: SharedError[] = [];
  if (operation.requestBody) errors.push('BadRequest', 'PayloadTooLarge', 'UnsupportedMediaType');
  else if (hasId || parameters.some((parameter) => parameter.in === 'query')) errors.push('BadParameters');
  if (hasId || paged) errors.push('NotFound');
  if (!isPublic) errors.push('Unauthorized');
  // Public routes (`permission: 'public'`) check no key. 403 where some role or key scope lacks the route's permission; a route that refuses for
  // other reasons (ownership, say) to holders of it declares its 403 itself.
  const permission = (operation as { 'x-permission'?: Permission })['x-permission'];
  if (!isPublic && permission && !roles.every((role) => keyScopes.every((scope) => allows(permission, role, scope)))) {
    errors.push('Forbidden');
  }
  errors.push('MethodNotAllowed', 'InternalError', 'Unavailable');
  const responses = operation.responses ?? {};
  for (const name of errors) responses[statusOf[name]] ??= { $ref: `#/components/responses/${name}` };
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** "/api/customer/detail/:id" → "/api/customer/detail/{id}", as hono-openapi names paths. */
const openApiPath = (routePath: string) => routePath.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');

interface DocumentOptions {
  /** TRASH_DAYS: how long the trash keeps a customer. */
  trashDays: number;
}

function header(options: DocumentOptions) {
  const tags: { name: Tag; description: string }[] = [
    { name: 'Customers', description: 'The six endpoints of the seed document and what was added beside them.' },
    { name: 'Follow-ups', description: 'The follow-up log of each customer.' },
    { name: 'Trash', description: `Deleted customers, restorable for ${options.trashDays} days (\`TRASH_DAYS\`).` },
    { name: 'Audit', description: 'Who changed what and when.' },
    { name: 'Auth', description: 'Keys, my account.' },
    { name: 'Users', description: 'Users and their roles (admins), and the directory of owners (everyone).' },
    { name: 'System', description: 'Health and documentation.' },
  ];
  return {
    info: {
      title: 'Compact CRM API',
      version: '1.0.0',
      description: `The customer API of a compact CRM, in the style of Django REST Framework.

- **Auth**: every route needs \`Authorization: Token <key>\` (\`Bearer <key>\` works too), except the login, health, this document and the docs page. Get a key from \`POST /api/auth/token/\` or \`bun run crm token create <user>\`.
- **Permissions**: each operation's \`x-permission\` names what it needs; a user's role and the key's scope (\`read\` or \`write\`) decide (the table in docs/API.md). Otherwise \`403 {"detail": "${permissionDenied}"}\`; an object outside what the user may see answers 404.
- **Paths** work with and without the trailing slash.
- **Ids** are integers in the database and decimal strings in JSON (\`"id": "12345"\`); inputs accept a digit string or an integer.
- **Times** are ISO 8601; input takes \`Z\` or an offset and surrounding whitespace, output is UTC with \`Z\`.
- **Bodies** are JSON objects, at most ${MAX_BODY_BYTES / 1024} KB. Unknown fields are ignored.
- **Errors** have DRF's shapes: \`{"field": ["message"]}\` for invalid fields, \`{"detail": "…"}\` for everything else (401 with \`WWW-Authenticate: Token\`, 404, 405 with \`Allow\`, 413, 415, 429 with \`Retry-After\`, 500).`,
    },
    tags,
    security: [{ Token: [] }, { Bearer: [] }],
    components: {
      responses: sharedErrors(),
      securitySchemes: {
        Token: {
          type: 'apiKey' as const,
          in: 'header',
          name: 'Authorization',
          description:
            'DRF token auth: the header value is `Token <key>`, e.g. `Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b`.',
        },
        Bearer: {
          type: 'http' as const,
          scheme: 'bearer',
          description: 'The same key as `Authorization: Bearer <key>`.',
        },
      },
    },
  };
}

interface Routes {
  routes: { method: string; path: string }[];
}

/** "get /api/health" for each route of a router: how the document tells the public ones. */
const routeKeys = (router: Routes) =>
  new Set(router.routes.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path).replace(/\/+$/, '')}`));

/** The error bodies the shared answers refer to; no route names them, so they are added here. */
function errorSchemas(): Record<string, OpenAPIV3_1.SchemaObject> {
  const { $defs } = z.toJSONSchema(z.object({ detail: errorDetail, fields: fieldErrorsBody }), {
    target: 'draft-2020-12',
  }) as { $defs: Record<string, OpenAPIV3_1.SchemaObject> };
  return $defs;
}

/**
 * DRF's resources are documented, and called by the seed's clients, with a trailing slash
 * (`/api/customer/customers/`); the system routes (health, this document, the docs page) without.
 * Both forms answer alike.
 */
const documentedPath = (path: string, item: OpenAPIV3_1.PathItemObject) =>
  Object.values(item).some((operation) => (operation as Operation).tags?.includes('System')) ? path : `${path}/`;

/**
 * Builds the document of `app`. `publicApi` is the router mounted before the key check: its
 * operations get `security: []` and no 401.
 */
export async function buildOpenApiDocument(
  app: Routes,
  publicApi: Routes,
  options: DocumentOptions,
): Promise<Document> {
  const documentation = header(options);
  const generated = (await generateSpecs(app as unknown as Hono, {
    documentation: documentation as never,
    // Our paths with dots (openapi.json, the docs page's files) are routes, not static files.
    excludeStaticFile: false,
    // The shared 400 is ours (DRF's shapes), added below with the other shared answers.
    defaultValidationErrorResponse: false,
  })) as Document;
  const publicKeys = routeKeys(publicApi);
  const paths: OpenAPIV3_1.PathsObject = {};
  for (const [path, item = {}] of Object.entries(generated.paths ?? {})) {
    for (const [method, operation] of Object.entries(item) as [string, Operation][]) {
      const isPublic = publicKeys.has(`${method} ${path}`);
      if (isPublic) operation.security = [];
      addSharedErrors(path, operation, isPublic);
    }
    paths[documentedPath(path, item)] = item;
  }
  const document = {
    ...generated,
    paths,
    components: { ...generated.components, schemas: { ...generated.components?.schemas, ...errorSchemas() } },
  };
  return document;
}
