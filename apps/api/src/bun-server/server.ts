import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminFiles } from '../admin-files';
import { DatabaseUrlError, filePathOf } from '../db/database';
import type { MigrationSource } from '../db/migrations';
import { type Env, EnvError } from '../env';
import type { ReadDocsAsset } from '../system/docs.routes';
import { onStopSignal } from './stop-signal';
import { StartError, startWorkers } from './workers';

/** What differs between `bun src/bun-server/main.ts` (files on disk) and the single executable (embedded). */
export interface ServerSources {
  /** Read by the process that migrates only. */
  migrations: () => MigrationSource | Promise<MigrationSource>;
  /** The built admin app, or a note on why there is none. */
  admin: AdminFiles | { missing: string };
  docsAssets?: ReadDocsAsset;
  /** The command line that starts this server again: the primary runs it for each worker process. */
  selfCommand: string[];
}

/**
 * The Bun server, in one of three roles:
 * - alone (WORKERS=1): one process does everything (http-server.ts);
 * - primary (WORKERS>1): starts WORKERS worker processes on one port, restarts one that dies and
 *   drains them all on SIGTERM. It serves nothing and opens no database, so it stays small: it
 *   loads neither the app nor the driver;
 * - worker (CRM_WORKER, set by the primary): serves HTTP on the shared port (`reusePort`; the
 *   kernel spreads the connections over the processes) from its own connection to the database.
 *   Worker 1 is the writer: it does what a lone server does (migrations, the first admin, the
 *   hourly retention, WAL checkpoints, every write) and takes the others' writes over a Unix
 *   socket (write-forwarding.ts), so one process holds SQLite's write lock and batches them all.
 *   The others start once it listens, so they find the database migrated.
 * Everything the processes must agree on lives in the database (keys, the login rate limit).
 */
export async function runServer(env: Env, sources: ServerSources): Promise<void> {
  if (env.CRM_WORKER !== undefined) {
    const { runWorker } = await import('./http-server');
    return runWorker(env, sources, env.CRM_WORKER);
  }
  const workers = workerCount(env);
  if (workers > 1) return runPrimary(env, sources, workers);
  const { runAlone } = await import('./http-server');
  return runAlone(env, sources);
}

/** WORKERS, default one per core; one for `:memory:`, which a second process would not share. */
function workerCount(env: Env): number {
  if (filePathOf(env.DATABASE_URL) === ':memory:') {
    if ((env.WORKERS ?? 1) > 1) console.log('WORKERS ignored: a :memory: database lives in one process.');
    return 1;
  }
  return env.WORKERS ?? availableParallelism();
}

async function runPrimary(env: Env, sources: ServerSources, count: number) {
  // A folder only this user can enter (0700): whoever can connect to the socket is trusted with
  // the client address it forwards.
  const socketDir = mkdtempSync(join(tmpdir(), 'crm-'));
  const writerSocket = join(socketDir, 'writer.sock');
  const workers = await startWorkers({ count, command: sources.selfCommand, port: env.PORT, writerSocket }).catch(
    (error: unknown) => {
      rmSync(socketDir, { recursive: true, force: true });
      throw error;
    },
  );
  console.log(
    `CRM API listening on http://localhost:${workers.port} (database: ${workers.database}, ${count} worker processes)`,
  );
  onStopSignal(async () => {
    await workers.stop();
    rmSync(socketDir, { recursive: true, force: true });
  });
}

/** Configuration mistakes end the process with their one-line message, not a stack trace. */
export function exitOnStartError(error: unknown): never {
  if (error instanceof EnvError || error instanceof DatabaseUrlError || error instanceof StartError) {
    // Unlabelled (a worker's console says which worker it is): the server's own line. A worker
    // that could not start printed why; the primary then only exits.
    if (error.message) process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
