import { type AdminFiles, serveAdmin } from './admin-files';
import { createApp } from './app';
import { bootstrapAdmin } from './auth/bootstrap';
import { createDb, DatabaseUrlError } from './db/create-db';
import type { MigrationSource } from './db/migrations';
import { EnvError, loadEnv } from './env';
import { headerAddress } from './lib/client-address';
import type { ReadDocsAsset } from './system/docs.routes';
import { purgeExpired } from './system/retention';

/** What differs between `bun src/serve.ts` (files on disk) and the single executable (embedded). */
export interface ServerSources {
  migrations: MigrationSource;
  /** The built admin app, or a note on why there is none. */
  admin: AdminFiles | { missing: string };
  docsAssets?: ReadDocsAsset;
}

/** The Bun server: environment → database → migrations → app → Bun.serve. */
export async function runServer(sources: ServerSources): Promise<void> {
  const env = loadEnv();
  const database = await createDb(
    {
      url: env.DATABASE_URL,
      authToken: env.DATABASE_AUTH_TOKEN,
      syncUrl: env.DATABASE_SYNC_URL,
      syncInterval: env.DATABASE_SYNC_INTERVAL,
    },
    { backgroundCheckpoints: true },
  );
  await database.migrate(sources.migrations).catch((error: unknown) => {
    // The first query: an unreachable Turso, a wrong token or an unwritable file shows up here.
    throw new DatabaseUrlError(
      `Could not open the database at DATABASE_URL "${env.DATABASE_URL}": ${rootCause(error)}`,
    );
  });
  const created = await bootstrapAdmin(database.db, env.ADMIN_PASSWORD);
  if (created) console.log(created);

  await purgeExpired(database.db, env);
  setInterval(
    () => purgeExpired(database.db, env).catch((error) => console.error('trash purge failed:', error)),
    3_600_000,
  );

  const admin = typeof sources.admin === 'function' ? sources.admin : null;
  const app = createApp({
    db: database.db,
    groupCommit: database.groupCommit,
    trashDays: env.TRASH_DAYS,
    visibility: env.VISIBILITY,
    logRequests: env.LOG_REQUESTS,
    corsOrigins: env.CORS_ORIGINS,
    // Default: Bun's socket address (Bun.serve hands the app its server as env).
    clientAddress: env.CLIENT_IP_HEADER ? headerAddress(env.CLIENT_IP_HEADER) : undefined,
    docsAssets: sources.docsAssets,
    admin: admin ? serveAdmin(admin) : undefined,
  });

  const server = Bun.serve({ port: env.PORT, hostname: env.HOST, fetch: app.fetch });
  console.log(`CRM API listening on http://localhost:${server.port} (database: ${database.kind})`);
  if (!admin && 'missing' in sources.admin) console.log(sources.admin.missing);

  const stop = () => {
    server.stop();
    database.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The innermost message (drizzle wraps the driver's error with the SQL), on one line. */
function rootCause(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  return (inner instanceof Error ? inner.message : String(inner)).replace(/\s+/g, ' ').trim();
}

/** Configuration mistakes end the process with their one-line message, not a stack trace. */
export function exitOnStartError(error: unknown): never {
  if (error instanceof EnvError || error instanceof DatabaseUrlError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
