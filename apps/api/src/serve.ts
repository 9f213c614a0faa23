import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from 'hono/bun';
import { createApp } from './app';
import { bootstrapAdmin } from './auth/bootstrap';
import { purgeTrashedBefore } from './customers/customers.queries';
import { createDb, DatabaseUrlError } from './db/create-db';
import { EnvError, loadEnv } from './env';
import { readSwaggerUiFile } from './system/swagger-ui-files';

/** The Bun entry point: environment → database → app → Bun.serve. */
async function main() {
  const env = loadEnv();
  const database = await createDb({
    url: env.DATABASE_URL,
    authToken: env.DATABASE_AUTH_TOKEN,
    syncUrl: env.DATABASE_SYNC_URL,
  });
  await database.migrate();
  const created = await bootstrapAdmin(database.db, env.ADMIN_PASSWORD);
  if (created) console.log(created);

  const purgeExpired = async () => {
    const purged = await purgeTrashedBefore(database.db, Date.now() - env.TRASH_DAYS * 86_400_000);
    if (purged > 0) console.log(`Purged ${purged} customer(s) deleted more than ${env.TRASH_DAYS} days ago.`);
  };
  await purgeExpired();
  setInterval(() => purgeExpired().catch((error) => console.error('trash purge failed:', error)), 3_600_000);

  const adminDist = env.ADMIN_DIST ?? fileURLToPath(new URL('../../admin/dist', import.meta.url));
  const hasAdmin = existsSync(`${adminDist}/index.html`);
  const app = createApp({
    db: database.db,
    trashDays: env.TRASH_DAYS,
    logRequests: env.LOG_REQUESTS,
    docsAssets: readSwaggerUiFile,
    admin: hasAdmin
      ? async (c, next) => {
          // Files first; any other path is a client-side route of the single-page app.
          const file = await serveStatic({ root: adminDist })(c, async () => {});
          if (file) return file;
          return serveStatic({ root: adminDist, path: 'index.html' })(c, next);
        }
      : undefined,
  });

  const server = Bun.serve({ port: env.PORT, hostname: env.HOST, fetch: app.fetch });
  console.log(`CRM API listening on http://localhost:${server.port} (database: ${database.kind})`);
  if (!hasAdmin) console.log(`Admin app not built (${adminDist}); run \`bun run build\` to serve it at /.`);

  const stop = () => {
    server.stop();
    database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  if (error instanceof EnvError || error instanceof DatabaseUrlError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});
