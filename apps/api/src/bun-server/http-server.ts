import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { serveAdmin } from '../admin-files';
import { type AppOptions, createApp } from '../app';
import { bootstrapAdmin } from '../auth/bootstrap';
import { type BunDatabase, createDb, DatabaseUrlError, type FileOptions } from '../db/create-db';
import { appliedMigrations } from '../db/migrations';
import type { Env } from '../env';
import { headerAddress } from '../lib/client-address';
import { purgeExpired } from '../system/retention';
import type { ServerSources } from './server';
import { onStopSignal } from './stop-signal';
import { DRAIN_MS, StartError, type WorkerReady } from './workers';
import { forwardingWrites, serveForwardedWrites } from './write-forwarding';

/**
 * A process that serves HTTP (roles: bun-server/server.ts): the lone server, the writer (worker
 * 1: the lone server's duties, on the shared port, plus the others' writes on its socket), or
 * another worker (reads here, writes forwarded to the writer).
 */

export async function runAlone(env: Env, sources: ServerSources) {
  const database = await openDatabase(env, { backgroundCheckpoints: true });
  const upkeep = await startUpkeep(database, env, sources);
  const http = serveHttp(env, sources, database);
  console.log(`CRM API listening on http://localhost:${http.port} (database: ${database.kind})`);
  onStopSignal(async () => {
    await http.drain();
    upkeep.stop();
    database.close();
  });
}

export async function runWorker(env: Env, sources: ServerSources, index: number) {
  labelConsole(`[worker ${index}]`);
  const writerSocket = env.CRM_WRITER_SOCKET;
  if (!writerSocket) {
    throw new StartError('CRM_WORKER without CRM_WRITER_SOCKET: worker processes are started by the server.');
  }
  const writer = index === 1;
  // Statistics (`PRAGMA optimize`) are written at close by the writer only, like every write.
  const database = await openDatabase(env, { backgroundCheckpoints: writer, optimizeOnClose: writer });
  const upkeep = writer ? await startUpkeep(database, env, sources) : null;
  const http = serveHttp(env, sources, database, { writer, writerSocket });
  const ready: WorkerReady = { listening: http.port, database: database.kind };
  process.send?.(ready);
  let orphaned = false;
  const stop = onStopSignal(async () => {
    await http.drain();
    upkeep?.stop();
    database.close();
    // Without the primary, nobody else removes the socket's folder.
    if (writer && orphaned) rmSync(dirname(writerSocket), { recursive: true, force: true });
  }, ['SIGTERM']);
  // Ctrl-C reaches every process of the terminal's group: the primary then stops the workers in
  // order (the writer last), so a worker does not stop on its own.
  process.on('SIGINT', () => {});
  // The primary is gone (killed): a worker left behind would keep the port from its successor.
  process.on('disconnect', () => {
    orphaned = true;
    stop();
  });
}

async function openDatabase(env: Env, options: FileOptions): Promise<BunDatabase> {
  return createDb(
    {
      url: env.DATABASE_URL,
      authToken: env.DATABASE_AUTH_TOKEN,
      syncUrl: env.DATABASE_SYNC_URL,
      syncInterval: env.DATABASE_SYNC_INTERVAL,
    },
    options,
  );
}

/**
 * What the writing process does besides requests: migrations and the first admin at start (again,
 * with nothing left to do, when a writer is replaced), and the retention purge at start and hourly.
 */
async function startUpkeep(database: BunDatabase, env: Env, sources: ServerSources) {
  try {
    const before = await appliedMigrations(database.db);
    await database.migrate(await sources.migrations());
    const applied = (await appliedMigrations(database.db)) - before;
    if (applied > 0) console.log(`Applied ${applied} migration(s).`);
  } catch (error) {
    // The first queries: an unreachable Turso, a wrong token or an unwritable file shows up here.
    throw new DatabaseUrlError(
      `Could not open the database at DATABASE_URL "${env.DATABASE_URL}": ${rootCause(error)}`,
    );
  }
  const created = await bootstrapAdmin(database.db, env.ADMIN_PASSWORD);
  if (created) console.log(created);
  if ('missing' in sources.admin) console.log(sources.admin.missing);

  await purgeExpired(database.db, env);
  const hourly = setInterval(
    () => purgeExpired(database.db, env).catch((error) => console.error('trash purge failed:', error)),
    3_600_000,
  );
  return { stop: () => clearInterval(hourly) };
}

/**
 * The app on Bun.serve: alone, or as a worker on the shared port, the writer with its socket for
 * the others' writes beside it. `drain` stops accepting, lets the requests in flight finish, then
 * resolves.
 */
function serveHttp(
  env: Env,
  sources: ServerSources,
  database: BunDatabase,
  worker?: { writer: boolean; writerSocket: string },
) {
  const options: AppOptions = {
    db: database.db,
    groupCommit: database.groupCommit,
    trashDays: env.TRASH_DAYS,
    logRequests: env.LOG_REQUESTS,
    corsOrigins: env.CORS_ORIGINS,
    visibility: env.VISIBILITY,
    // Default: Bun's socket address (Bun.serve hands the app its server as env).
    clientAddress: env.CLIENT_IP_HEADER ? headerAddress(env.CLIENT_IP_HEADER) : undefined,
    docsAssets: sources.docsAssets,
    admin: typeof sources.admin === 'function' ? serveAdmin(sources.admin) : undefined,
  };
  const app = createApp(options);
  const servers: { stop(force?: boolean): Promise<void> }[] = [];
  let fetch: Parameters<typeof forwardingWrites>[1] = app.fetch;
  if (worker?.writer) {
    // The forwarding worker logs the request it received; this app logs nothing of its own.
    const forwarded = createApp({ ...options, logRequests: false });
    servers.push(serveForwardedWrites(worker.writerSocket, forwarded.fetch));
  } else if (worker) {
    fetch = forwardingWrites(worker.writerSocket, app.fetch, env.LOG_REQUESTS ? console.log : undefined);
  }
  const server = Bun.serve({ port: env.PORT, hostname: env.HOST, reusePort: worker !== undefined, fetch });
  servers.push(server);
  return {
    port: server.port ?? env.PORT,
    async drain() {
      // A client that holds its request open must not hold the stop forever.
      const force = setTimeout(() => {
        for (const each of servers) each.stop(true);
      }, DRAIN_MS);
      await Promise.all(servers.map((each) => each.stop()));
      clearTimeout(force);
    },
  };
}

/**
 * Every line a worker process prints starts with its label, so the request log and any error say
 * which process answered: the app writes with console.* (request log, failed commits, 500s).
 */
function labelConsole(label: string) {
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    const write = console[method].bind(console);
    console[method] = (...args: unknown[]) => write(label, ...args);
  }
}

/** The innermost message (drizzle wraps the driver's error with the SQL), on one line. */
function rootCause(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  return (inner instanceof Error ? inner.message : String(inner)).replace(/\s+/g, ' ').trim();
}
