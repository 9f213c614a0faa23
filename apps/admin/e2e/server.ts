import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_PASSWORD = 'e2e-password-1';

/** A valid customer for the tests to write (spread it, changing what a test is about). */
export const sampleCustomer = {
  name: 'Sample Ltd',
  landline: '',
  email: '',
  mobile_phone: '',
  customer_type: 'A',
  company_details: '',
  lead_source: 'referral',
  address: '',
  customer_industry: 'retail',
  follow_up_status: 'proposal',
  principal: '',
} as const;
// Not `new URL(…, import.meta.url)`: under happy-dom (the store tests) URL is the DOM's class.
const adminDir = join(import.meta.dirname, '..');
const apiDir = join(adminDir, '..', 'api');
const dist = join(adminDir, 'dist');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** turbo builds the admin before its tests; run alone, the suite rebuilds a missing or stale build. */
export function ensureBuilt(): void {
  const index = join(dist, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(join(adminDir, 'src'))) return;
  const result = spawnSync('bun', ['run', 'build'], { cwd: adminDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningServer {
  base: string;
  token: string;
  /** fetch to the API with the admin's key and JSON bodies. */
  call(method: string, path: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The real server (apps/api/src/bun-server/main.ts) on a free port and a fresh database; with `admin`, it
 * also serves the built admin (the store tests only need the API).
 */
export async function startServer(options: { admin?: boolean } = { admin: true }): Promise<RunningServer> {
  if (options.admin) ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'crm-admin-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('bun', ['src/bun-server/main.ts'], {
    cwd: apiDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
      ADMIN_PASSWORD,
      ADMIN_DIST: options.admin ? dist : join(dir, 'no-admin'),
      LOG_REQUESTS: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`server exited: ${output}`);
    }
    // Ask only once the server says it listens (happy-dom logs every refused connection).
    if (/listening/i.test(output)) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // Not answering yet.
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const login = await fetch(`${base}/api/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { base, token, call, stop };
}
