import { join } from 'node:path';
import { type Subprocess, spawn } from 'bun';
import { API_DIR } from './worker-server';

export const SPAWNED_ADMIN_PASSWORD = 'spawned-server-password';

export interface SpawnedServer {
  base: string;
  process: Subprocess;
  /** Logs in as `admin` and returns a key. */
  login(): Promise<string>;
  /** SIGTERM (a clean stop) or SIGKILL (a crash), and waits for the process to end. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Everything the server printed, for failure messages. */
  output(): string;
}

/**
 * `bun src/serve.ts`, the production entry, as a child process on a database of the caller's
 * (and ADMIN_DIST etc. from `env`), on a free port. Resolves once it listens.
 */
export async function spawnServer(databaseUrl: string, env: Record<string, string> = {}): Promise<SpawnedServer> {
  const child = spawn(['bun', join(API_DIR, 'src/serve.ts')], {
    cwd: API_DIR,
    env: {
      ...(process.env as Record<string, string>),
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_PASSWORD: SPAWNED_ADMIN_PASSWORD,
      LOG_REQUESTS: 'false',
      ...env,
    },
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
      child.kill(signal);
      await child.exited;
    },
    output: () => printed,
  };
}
