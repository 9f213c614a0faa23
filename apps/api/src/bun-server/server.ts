import { rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AdminFiles, serveAdmin } from '../admin-files';
import { type AppOptions, createApp } from '../app';
import { bootstrapAdmin } from '../auth/bootstrap';
import { type BunDatabase, createDb, DatabaseUrlError, type FileOptions, filePathOf } from '../db/create-db';
import { appliedMigrations, type MigrationSource } from '../db/migrations';
import { type Env, EnvError } from '../env';
import { headerAddress } from '../lib/client-address';
import type { ReadDocsAsset } from '../system/docs.routes';
import { purgeExpired } from '../system/retention';
import { DRAIN_MS, StartError, startWorkers } from './workers';
import { forwardingWrites, serveForwardedWrites } from './write-forwarding';

/** What differs between `bun src/bun-server/main.ts` (files on disk) and the single executable (embedded). */
export interface ServerSources {
  migrations: MigrationSource;
  /** The built admin app, or a note on why there is none. */
  admin: AdminFiles | { missing: string };
  docsAssets?: ReadDocsAsset;
  /** The command line that starts this server again: the primary runs it for each worker process. */
  selfCommand: string[];
}

/**
 * The Bun server, in one of three roles:
 * - alone (WORKERS=1): one process does everything, as a single server always did;
 * - primary (WORKERS>1): migrates, creates the first admin, runs the hourly retention and the WAL
 *   checkpoints, starts WORKERS worker processes, restarts one that dies and drains them all
 *   on SIGTERM; it serves no request itself;
 * - worker (CRM_WORKER, set by the primary): serves HTTP on the shared port (`reusePort`, the
 *   kernel spreads connections over the processes) from its own connection to the database
 *   file. Worker 1 is the writer: the others hand it every request that may write
 *   (write-forwarding.ts), so one process holds SQLite's write lock and batches all writes.
 * Everything the processes must agree on lives in the database (keys, the login rate limit).
 */
export async function runServer(env: Env, sources: ServerSources): Promise<void> {
  if (env.CRM_WORKER !== undefined) return runWorker(env, sources, env.CRM_WORKER);
  const workers = workerCount(env);
  return workers === 1 ? runAlone(env, sources) : runPrimary(env, sources, workers);
}

/** WORKERS, default one per core; one for `:memory:`, which a second process would not share. */
function workerCount(env: Env): number {
  if (filePathOf(env.DATABASE_URL) === ':memory:') {
    if ((env.WORKERS ?? 1) > 1) console.log('WORKERS ignored: a :memory: database lives in one process.');
    return 1;
  }
  return env.WORKERS ?? availableParallelism();
}

async function runAlone(env: Env, sources: ServerSources) {
  const database = await openDatabase(env, { backgroundCheckpoints: true });
  const maintenance = await startMaintenance(database, env, sources);
  const http = serveHttp(env, sources, database);
  console.log(`CRM API listening on http://localhost:${http.port} (database: ${database.kind})`);
  onStopSignal(async () => {
    await http.drain();
    maintenance.stop();
    database.close();
  });
}

async function runPrimary(env: Env, sources: ServerSources, count: number) {
  const database = await openDatabase(env, { backgroundCheckpoints: true });
  const maintenance = await startMaintenance(database, env, sources);
  const writerSocket = join(tmpdir(), `crm-${process.pid}-writer.sock`);
  const workers = await startWorkers({ count, command: sources.selfCommand, port: env.PORT, writerSocket });
  console.log(
    `CRM API listening on http://localhost:${workers.port} (database: ${database.kind}, ${count} worker processes)`,
  );
  onStopSignal(async () => {
    await workers.stop();
    rmSync(writerSocket, { force: true });
    maintenance.stop();
    database.close();
  });
}

async function runWorker(env: Env, sources: ServerSources, index: number) {
  labelConsole(`[worker ${index}]`);
  const writerSocket = env.CRM_WRITER_SOCKET;
  if (!writerSocket)
    throw new StartError('CRM_WORKER without CRM_WRITER_SOCKET: worker processes are started by the server.');
  const database = await openDatabase(env, { optimizeOnClose: false });
  const http = serveHttp(env, sources, database, { index, writerSocket });
  process.send?.({ listening: http.port });
  const stop = onStopSignal(async () => {
    await http.drain();
    database.close();
  }, ['SIGTERM']);
  // Ctrl-C reaches every process of the terminal's group: the primary then stops the workers in
  // order (the writer last), so a worker does not stop on its own.
  process.on('SIGINT', () => {});
  // The primary is gone (killed): a worker left behind would keep the port from its successor.
  process.on('disconnect', stop);
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

/** What runs once per server, whatever the number of processes: migrations, first admin, retention. */
async function startMaintenance(database: BunDatabase, env: Env, sources: ServerSources) {
  try {
    const before = await appliedMigrations(database.db);
    await database.migrate(sources.migrations);
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
 * The app on Bun.serve: alone, or as worker `index` on the shared port, the writer (1) with its
 * socket for the others' writes beside it. `drain` stops accepting, lets the requests in flight
 * finish, then resolves.
 */
function serveHttp(
  env: Env,
  sources: ServerSources,
  database: BunDatabase,
  worker?: { index: number; writerSocket: string },
) {
  const admin = typeof sources.admin === 'function' ? serveAdmin(sources.admin) : undefined;
  const options: AppOptions = {
    db: database.db,
    groupCommit: database.groupCommit,
    trashDays: env.TRASH_DAYS,
    logRequests: env.LOG_REQUESTS,
    corsOrigins: env.CORS_ORIGINS,
    // Default: Bun's socket address (Bun.serve hands the app its server as env).
    clientAddress: env.CLIENT_IP_HEADER ? headerAddress(env.CLIENT_IP_HEADER) : undefined,
    docsAssets: sources.docsAssets,
    admin,
  };
  const app = createApp(options);
  const servers: { stop(force?: boolean): Promise<void> }[] = [];
  let fetch: Parameters<typeof forwardingWrites>[1] = app.fetch;
  if (worker?.index === 1) {
    // The forwarding worker logs the request it received; this one logs only its own.
    const forwarded = createApp({ ...options, logRequests: false });
    servers.push(serveForwardedWrites(worker.writerSocket, forwarded.fetch));
  } else if (worker) {
    fetch = forwardingWrites(worker.writerSocket, app.fetch, env.LOG_REQUESTS ? console.log : undefined);
  }
  const server = Bun.serve({ port: env.PORT, hostname: env.HOST, reusePort: worker !== undefined, fetch });
  servers.push(server);
  return {
    port: server.port,
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
 * SIGTERM (a service manager) or SIGINT (Ctrl-C): runs `stop` once, then exits 0. Returns the
 * same once-only stop for other reasons to stop.
 */
function onStopSignal(stop: () => Promise<void>, signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): () => void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stopping failed:', error);
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, once);
  return once;
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

/** Configuration mistakes end the process with their one-line message, not a stack trace. */
export function exitOnStartError(error: unknown): never {
  if (error instanceof EnvError || error instanceof DatabaseUrlError || error instanceof StartError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
