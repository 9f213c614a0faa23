import { type AdminFiles, serveAdmin } from './admin-pages';
import { createApp } from './app';
import { bootstrapAdmin } from './auth/bootstrap';
import { createWorkerDb } from './db/create-db.worker';
import { type Database, DatabaseUrlError } from './db/database';
import { type Env, EnvError, parseEnv } from './env';
import { headerAddress } from './lib/client-address';
import type { ReadDocsAsset } from './system/docs.routes';
import { purgeExpired } from './system/retention';

/**
 * The Cloudflare Workers entry. The admin's files are served by wrangler's `assets` before this
 * code runs; /api/* and the paths that match no file come here (wrangler.jsonc), and the same
 * rules as on Bun (admin-pages.ts) give them the page, a 404 or a 414.
 */
interface Bindings {
  /** The D1 database; without it DATABASE_URL (+ DATABASE_AUTH_TOKEN) must name a Turso database. */
  DB?: Parameters<typeof createWorkerDb>[0]['d1'];
  ASSETS?: AssetsBinding;
  [name: string]: unknown;
}

/** Wrangler's static-assets binding (wrangler.jsonc `assets.binding`). */
interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

/**
 * The admin's files from the static assets. `/index.html` is asked for as `/`: the assets'
 * `html_handling` redirects the former to the latter. A miss or a redirect is "not there".
 */
function adminFilesFrom(assets: AssetsBinding): AdminFiles {
  return async (path) => {
    // Set as the pathname, not parsed as a URL: `//x` would be read as the host x.
    const url = new URL('https://assets.local');
    url.pathname = path === '/index.html' ? '/' : path;
    const response = await assets.fetch(new Request(url));
    return response.status === 200 ? response.blob() : null;
  };
}

/** The docs page's Swagger UI files, shipped with the admin's assets by its build (apps/admin/plugins/swagger-ui-files.ts). */
const readDocsAssetFrom =
  (files: AdminFiles): ReadDocsAsset =>
  async (file) =>
    files(`/swagger-ui-dist/${file}`);

interface Isolate {
  env: Env;
  database: Database;
  app: ReturnType<typeof createApp>;
  /** The first-request admin bootstrap, awaited by every request until it has run. */
  ready: Promise<void>;
}

// Built once per isolate: bindings do not change while an isolate lives.
let isolate: Isolate | undefined;

function setUp(bindings: Bindings): Isolate {
  if (isolate) return isolate;
  const env = parseEnv(bindings);
  const files = bindings.ASSETS ? adminFilesFrom(bindings.ASSETS) : undefined;
  const database = createWorkerDb({
    d1: bindings.DB,
    config: { url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN },
  });
  const app = createApp({
    db: database.db,
    trashDays: env.TRASH_DAYS,
    visibility: env.VISIBILITY,
    logRequests: env.LOG_REQUESTS,
    corsOrigins: env.CORS_ORIGINS,
    // Cloudflare sets CF-Connecting-IP itself and overwrites a client's, so it can be trusted here.
    clientAddress: headerAddress(env.CLIENT_IP_HEADER ?? 'CF-Connecting-IP'),
    docsAssets: files ? readDocsAssetFrom(files) : undefined,
    admin: files ? serveAdmin(files) : undefined,
  });
  const ready = bootstrap(database, env).catch((error) => {
    // Let the next request try again rather than keep a failed start for the isolate's life.
    isolate = undefined;
    throw error;
  });
  isolate = { env, database, app, ready };
  return isolate;
}

/**
 * First start: a Worker has no console to show a generated password on, so the `admin` user is
 * created only from the ADMIN_PASSWORD secret, on the first request that finds no user at all.
 */
async function bootstrap(database: Database, env: Env): Promise<void> {
  if (!env.ADMIN_PASSWORD) return;
  const created = await bootstrapAdmin(database.db, env.ADMIN_PASSWORD);
  if (created) console.log(created);
}

export default {
  async fetch(request: Request, bindings: Bindings, ctx: unknown): Promise<Response> {
    let app: Isolate['app'];
    try {
      const current = setUp(bindings);
      await current.ready;
      app = current.app;
    } catch (error) {
      // A configuration mistake (EnvError, DatabaseUrlError: one line) or an unmigrated database:
      // logged for the operator (`wrangler tail`), a DRF-shaped 503 for the client, never a stack.
      console.error(error instanceof EnvError || error instanceof DatabaseUrlError ? error.message : error);
      return Response.json({ detail: 'Service unavailable.' }, { status: 503 });
    }
    return app.fetch(request, bindings, ctx as never);
  },

  /** The hourly cron (wrangler.jsonc `triggers`): purges trash and old history like the Bun server's timer. */
  async scheduled(_event: unknown, bindings: Bindings): Promise<void> {
    const { database, env } = setUp(bindings);
    await purgeExpired(database.db, env);
  },
};
