import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { auditRoutes } from './audit/audit.routes';
import { requireAuth } from './auth/auth.middleware';
import { authRoutes } from './auth/auth.routes';
import { customerRoutes } from './customers/customers.routes';
import type { GroupCommit } from './db/group-commit';
import type { Db } from './db/types';
import { followUpRoutes } from './follow-ups/follow-ups.routes';
import { type ClientAddress, socketAddress } from './lib/client-address';
import type { AppDeps, AppEnv } from './lib/context';
import { DrfError } from './lib/errors';
import { methodNotAllowed } from './lib/method-not-allowed';
import { requestLog } from './lib/request-log';
import { corsFor, securityHeaders } from './lib/security-headers';
import { docsRoutes, type ReadDocsAsset } from './system/docs.routes';
import { systemRoutes } from './system/system.routes';
import { isImportPath, transferRoutes } from './transfer/transfer.routes';

export interface AppOptions {
  db: Db;
  trashDays?: number;
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

/** 64 KB is far above any customer or follow-up body; the CSV import has its own limit. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The whole HTTP API, built from its dependencies so the same app runs on Bun (bun-server/) and on
 * Workers (worker.ts). The `.route()` chain is what `AppType` carries to the typed client.
 */
export function createApp(options: AppOptions) {
  const deps: AppDeps = {
    db: options.db,
    trashDays: options.trashDays ?? 30,
    now: options.now ?? Date.now,
    clientAddress: options.clientAddress ?? socketAddress,
  };
  const app = new Hono<AppEnv>({ strict: false });
  if (options.logRequests) app.use(requestLog());
  app.use(securityHeaders());
  const corsMiddleware = corsFor(options.corsOrigins ?? []);
  if (corsMiddleware) app.use('/api/*', corsMiddleware);
  // Inside the header middlewares (its 503 gets their headers), around everything that queries:
  // no response leaves before the batches it may show have committed.
  if (options.groupCommit) app.use('/api/*', options.groupCommit.barrier());
  const jsonBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new DrfError(413, { detail: `Request body is larger than ${MAX_BODY_BYTES / 1024} KB.` });
    },
  });
  // The CSV import sets its own, larger limit (transfer.routes.ts). Mounted for the methods that
  // carry a body only: reads, the hot path, skip it in the router.
  const withBody = ['POST', 'PUT', 'PATCH', 'DELETE'];
  app.on(withBody, '/api/*', (c, next) => (isImportPath(c.req.path) ? next() : jsonBodyLimit(c, next)));
  app.use('/api/*', requireAuth(deps));
  // After the key check (an await), so a batch opens only when the handler is about to write.
  // Customer and follow-up writes only: the CSV import holds the body and writes for long.
  if (options.groupCommit) {
    app.on(
      withBody,
      '/api/customer/*',
      options.groupCommit.batchWrites((path) => !isImportPath(path)),
    );
  }

  const routes = app
    .route('/api', systemRoutes(deps))
    .route('/api', docsRoutes(options.docsAssets))
    .route('/api/auth', authRoutes(deps))
    .route('/api/audit', auditRoutes(deps))
    .route('/api/customer/follow-up', followUpRoutes(deps))
    .route('/api/customer', customerRoutes(deps))
    .route('/api/customer', transferRoutes(deps));

  if (options.admin) app.get('*', options.admin);

  app.notFound((c) => {
    const allowed = methodNotAllowed(app.routes, c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      return c.json({ detail: `Method "${c.req.method}" not allowed.` }, 405, { Allow: allowed.join(', ') });
    }
    return c.json({ detail: 'Not found.' }, 404);
  });

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
