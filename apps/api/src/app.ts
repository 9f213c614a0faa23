import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { OpenAPIV3_1 } from 'openapi-types';
import { auditRoutes } from './audit/audit.routes';
import { requireAuth } from './auth/auth.middleware';
import { loginRoutes, sessionRoutes } from './auth/auth.routes';
import { customerRoutes } from './customers/customers.routes';
import type { GroupCommit } from './db/group-commit';
import type { Db } from './db/types';
import { followUpRoutes } from './follow-ups/follow-ups.routes';
import { type ClientAddress, socketAddress } from './lib/client-address';
import type { AppDeps } from './lib/context';
import { DrfError } from './lib/errors';
import { answerWrongMethods, wrongMethod } from './lib/method-not-allowed';
import { requestLog } from './lib/request-log';
import { createRouter } from './lib/route';
import { corsFor, securityHeaders } from './lib/security-headers';
import { docsRoutes, type ReadDocsAsset } from './system/docs.routes';
import { buildOpenApiDocument } from './system/openapi';
import { systemRoutes } from './system/system.routes';
import { transferRoutes } from './transfer/transfer.routes';
import { userRoutes } from './users/users.routes';

export interface AppOptions {
  db: Db;
  trashDays?: number;
  /** VISIBILITY (env.ts): `own` limits `sales` users to their own customers. Default `all`. */
  visibility?: 'all' | 'own';
  now?: () => number;
  /** Print one line per request (off in tests and benchmarks). */
  logRequests?: boolean;
  /** Serves the admin app for paths outside /api (runtime-specific, so given by the entry point). */
  admin?: MiddlewareHandler;
  /** Reads Swagger UI's files for /api/docs (runtime-specific); without it the page has no script. */
  docsAssets?: ReadDocsAsset;
  /** The client's address, for the login rate limit. Default: the socket's, where the runtime tells. */
  clientAddress?: ClientAddress;
  /** Origins allowed by CORS (CORS_ORIGINS); none keeps CORS closed. */
  corsOrigins?: readonly string[];
  /** The file database's group commit (db/group-commit.ts); absent on Turso and D1, which keep theirs. */
  groupCommit?: GroupCommit;
}

/**
 * The whole HTTP API, built from its dependencies so the same app runs on Bun (bun-server/) and on
 * Workers (worker.ts). Where a router is mounted decides what it gets: public routes come before the key
 * check, the CSV import before write batching. The `.route()` chain is what `AppType` carries to
 * the typed client.
 */
export function createApp(options: AppOptions) {
  const deps: AppDeps = {
    db: options.db,
    trashDays: options.trashDays ?? 30,
    visibility: options.visibility ?? 'all',
    now: options.now ?? Date.now,
    clientAddress: options.clientAddress ?? socketAddress,
  };
  const app = createRouter();
  if (options.logRequests) app.use(requestLog());
  app.use(securityHeaders());
  const corsMiddleware = corsFor(options.corsOrigins ?? []);
  if (corsMiddleware) app.use('/api/*', corsMiddleware);
  // Inside the header middlewares (its 503 gets their headers), around everything that queries:
  // no response leaves before the batches it may show have committed.
  if (options.groupCommit) app.use('/api/*', options.groupCommit.barrier());

  // Answer without a key: a request for one, health checks, the reference. The document marks
  // exactly these routes public, since it reads them from this router.
  const document = (): Promise<OpenAPIV3_1.Document> =>
    buildOpenApiDocument(app, publicApi, { trashDays: deps.trashDays });
  const publicApi = createRouter()
    .basePath('/api')
    .route('/', systemRoutes(deps))
    .route('/', docsRoutes({ readAsset: options.docsAssets, document }))
    .route('/auth', loginRoutes(deps));
  // Everything else, behind the key check (mounted after it below).
  const protectedApi = createRouter().basePath('/api');
  // Write batching for the routes mounted here (not the CSV import, mounted earlier: it holds its
  // large body and writes for long). After the key check, an await, so a batch opens only when
  // the handler is about to write; body methods only, so reads, the hot path, skip it.
  if (options.groupCommit) {
    protectedApi.on(['POST', 'PUT', 'PATCH', 'DELETE'], '/*', options.groupCommit.batchWrites());
  }
  const protectedRoutes = protectedApi
    .route('/auth', sessionRoutes(deps))
    .route('/users', userRoutes(deps))
    .route('/audit', auditRoutes(deps))
    .route('/customer/follow-up', followUpRoutes(deps))
    .route('/customer', customerRoutes(deps));

  const withPublic = app.route('/', publicApi);
  answerWrongMethods(app, publicApi.routes);
  const routes = withPublic
    .use('/api/*', requireAuth(deps))
    .route('/api/customer', transferRoutes(deps))
    .route('/', protectedRoutes);

  if (options.admin) app.get('*', options.admin);

  app.notFound((c) => wrongMethod(c, app.routes) ?? c.json({ detail: 'Not found.' }, 404));

  app.onError((error, c) => {
    if (error instanceof DrfError) return c.json(error.body, error.status, error.headers);
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ detail: error.message || 'Bad request.' }, error.status);
    }
    // A bug: log it for the operator, tell the client nothing about SQL or stacks.
    console.error(`${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ detail: 'Internal server error.' }, 500);
  });

  return routes;
}

export type AppType = ReturnType<typeof createApp>;
