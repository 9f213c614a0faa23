import type { Subprocess } from 'bun';
import { workerEnvironment } from '../env';

/** A worker that could not start: the server does not come up (its own message was printed). */
export class StartError extends Error {}

/** What a worker sends the primary over IPC once it listens. */
export interface WorkerReady {
  listening: number;
  /** The kind of database it opened (`file`, `remote`), for the primary's line. */
  database: string;
}

export interface WorkerPool {
  /** The port every worker listens on (the first worker's choice when PORT is 0). */
  port: number;
  database: string;
  /** Drains every worker (the writer last) and resolves once all have exited. */
  stop(): Promise<void>;
}

interface PoolOptions {
  count: number;
  /** The command that starts this server; each worker gets `CRM_WORKER=<n>` beside the environment. */
  command: string[];
  port: number;
  /** Where worker 1, the writer, takes the others' writes (bun-server/write-forwarding.ts). */
  writerSocket: string;
}

/** How long a stopping worker lets the requests in flight finish before it closes their connections. */
export const DRAIN_MS = 10_000;

/** A worker that lived shorter than this died of something that will likely kill the next one too. */
const QUICK_DEATH_MS = 5_000;
const MAX_RESTART_DELAY_MS = 10_000;

/**
 * The worker processes of the primary (bun-server/server.ts). The first one starts alone so that
 * PORT=0 picks one free port, which the others then share; a worker that exits while the pool
 * is not stopping is replaced at once, or after a delay that doubles while replacements keep
 * dying young (a crash loop must not spin the machine). Each announces itself over IPC once it
 * listens; a worker that exits before that at start-up fails the start.
 */
export async function startWorkers(options: PoolOptions): Promise<WorkerPool> {
  let port = options.port;
  let database = '';
  let stopping = false;
  /** Once every worker listened: from then on an exit is replaced, not a failed start. */
  let up = false;
  const running = new Map<number, Subprocess>();
  const restarts = new Set<ReturnType<typeof setTimeout>>();

  /** Starts worker `index`; resolves once it listens, rejects when it exits before. */
  const start = (index: number, quickDeaths = 0) =>
    new Promise<void>((resolve, reject) => {
      const startedAt = Date.now();
      let listening = false;
      const child = Bun.spawn(options.command, {
        env: workerEnvironment(index, port, options.writerSocket),
        stdio: ['ignore', 'inherit', 'inherit'],
        ipc(message: Partial<WorkerReady>) {
          if (typeof message?.listening !== 'number') return;
          listening = true;
          port = message.listening;
          database = message.database ?? database;
          console.log(`worker ${index} started (pid ${child.pid})`);
          resolve();
        },
        onExit(_child, code, signal) {
          running.delete(index);
          if (stopping) return;
          const how = signal ? `signal ${signal}` : `code ${code}`;
          if (!listening) {
            // Exit code 1: a start error the worker printed itself (exitOnStartError).
            reject(new StartError(code === 1 ? '' : `worker ${index} exited (${how}) before listening`));
            if (!up) return;
          }
          const young = Date.now() - startedAt < QUICK_DEATH_MS;
          const deaths = young ? quickDeaths + 1 : 0;
          const delay = deaths === 0 ? 0 : Math.min(100 * 2 ** deaths, MAX_RESTART_DELAY_MS);
          console.error(`worker ${index} (pid ${child.pid}) exited (${how}); starting a new one in ${delay} ms`);
          const timer = setTimeout(() => {
            restarts.delete(timer);
            // A replacement that fails to start is replaced in turn (its exit comes here again).
            start(index, deaths).catch(() => {});
          }, delay);
          restarts.add(timer);
        },
      });
      running.set(index, child);
    });

  /** SIGTERM to `children`; resolves once they have exited. */
  const drain = async (children: Subprocess[]) => {
    for (const child of children) child.kill('SIGTERM');
    // Each worker bounds its own drain; this bounds a worker that does not answer the signal.
    const force = setTimeout(() => {
      for (const child of children) child.kill('SIGKILL');
    }, DRAIN_MS + 5_000);
    await Promise.all(children.map((child) => child.exited));
    clearTimeout(force);
  };
  const stop = async () => {
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    // The writer last: the others' requests in flight may still be writes for it to finish.
    const writer = running.get(1);
    await drain([...running.values()].filter((child) => child !== writer));
    if (writer) await drain([writer]);
  };

  try {
    await start(1);
    await Promise.all(Array.from({ length: options.count - 1 }, (_, i) => start(i + 2)));
  } catch (error) {
    await stop();
    throw error;
  }
  up = true;
  return { port, database, stop };
}
