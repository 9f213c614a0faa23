import { join } from 'node:path';
import { type Subprocess, spawn } from 'bun';
import { API_DIR } from './worker-server';

export const SPAWNED_ADMIN_PASSWORD = 'spawned-server-password';

export interface SpawnedServer {
  base: string;
  process: Subprocess;
  /** Logs in as `admin` and returns a key. */
  login(): Promise<string>;
  /**
   * SIGTERM to the server (a clean stop: with WORKERS > 1 the primary drains its workers) or
   * SIGKILL to its whole process group (a crash of every process at once), and waits until every
   * process of the group has ended.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Everything the server printed, for failure messages. */
  output(): string;
  /** Waits until the output matches `pattern` (and returns the match), failing after `ms`. */
  printed(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
}

/**
 * `bun src/bun-server/main.ts`, the production entry, as a child process on a database of the
 * caller's (and WORKERS, ADMIN_DIST etc. from `env`; WORKERS defaults to 1 here), on a free port,
 * in a process group of its own. Resolves once it listens.
 */
export async function spawnServer(databaseUrl: string, env: Record<string, string> = {}): Promise<SpawnedServer> {
  const child = spawn(['bun', join(API_DIR, 'src/bun-server/main.ts')], {
    cwd: API_DIR,
    env: {
      ...(process.env as Record<string, string>),
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_PASSWORD: SPAWNED_ADMIN_PASSWORD,
      LOG_REQUESTS: 'false',
      WORKERS: '1',
      ...env,
    },
    // Its own process group (setsid): the server and its workers can be killed as one.
    detached: true,
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  let printed = '';
  /** Reads a stream to its end, calling back with all that was printed so far after each chunk. */
  const collect = async (stream: ReadableStream<Uint8Array>, onChunk: () => void = () => {}) => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      printed += decoder.decode(chunk.value);
      onChunk();
    }
  };
  void collect(child.stderr);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${printed}`)), 30_000);
    void collect(child.stdout, () => {
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    }).then(() => reject(new Error(`server exited before listening:\n${printed}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    process: child,
    async login() {
      const res = await fetch(`${base}/api/auth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: SPAWNED_ADMIN_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    async stop(signal = 'SIGTERM') {
      if (signal === 'SIGKILL') process.kill(-child.pid, 'SIGKILL');
      else child.kill(signal);
      await child.exited;
      await groupEnded(child.pid);
    },
    output: () => printed,
    async printed(pattern, ms = 20_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const match = pattern.exec(printed);
        if (match) return match;
        if (Date.now() > deadline) throw new Error(`the server did not print ${pattern} within ${ms} ms:\n${printed}`);
        await Bun.sleep(20);
      }
    },
  };
}

/** Resolves once no process of the group `leader` leads is left (the workers exit after the primary). */
async function groupEnded(leader: number, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      process.kill(-leader, 0);
    } catch {
      return; // ESRCH: the group is empty
    }
    await Bun.sleep(20);
  }
  throw new Error(`processes of group ${leader} still running after ${ms} ms`);
}
