import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawGet } from '../src/fuzz/raw-http';
import { staticPathCases } from '../src/fuzz/static-path-cases';
import { bunOnly } from '../src/testing/test-api';
import { walCopiedWithin } from '../src/testing/wal';
import { API_DIR, freePort } from '../src/testing/worker-server';

/**
 * `bun run build:binary`: the executable is built (~1 s) and run from an empty temporary folder
 * with a minimal environment, so it can only work with what it carries: the Bun runtime, the
 * native libsql module, the migrations and the admin app.
 */
bunOnly('builds and runs the Bun single executable (the Worker has its own entry)', () => {
  let adminIndex: string;
  let dir: string;
  let server: Bun.Subprocess<'ignore', 'pipe', 'pipe'>;
  let base: string;
  let printed = '';

  beforeAll(async () => {
    adminIndex = readFileSync(join(API_DIR, '../admin/dist/index.html'), 'utf8');
    dir = mkdtempSync(join(tmpdir(), 'crm-binary-'));
    const outfile = join(dir, 'crm');
    const build = Bun.spawn(['bun', 'scripts/build-binary.ts', '--outfile', outfile], {
      cwd: API_DIR,
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const [code, out, err] = await Promise.all([
      build.exited,
      new Response(build.stdout).text(),
      new Response(build.stderr).text(),
    ]);
    if (code !== 0) throw new Error(`build failed: ${out}${err}`);
    console.log(out.trim());

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = Bun.spawn([outfile], {
      cwd: dir,
      env: {
        PATH: '/usr/bin:/bin',
        HOME: dir,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: 'file:data/crm.db',
        ADMIN_PASSWORD: 'binary-password-1',
        LOG_REQUESTS: 'false',
        // Two worker processes, whatever the machine: the executable starts them by running itself.
        WORKERS: '2',
      },
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
    });
    void (async () => {
      const reader = server.stdout.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        printed += new TextDecoder().decode(chunk.value);
      }
    })();
    for (let i = 0; i < 100; i++) {
      if (printed.includes('listening on') && (await fetch(`${base}/api/health`).catch(() => null))?.ok) return;
      await Bun.sleep(100);
    }
    throw new Error(`the executable did not start: ${await new Response(server.stderr).text()}`);
  }, 60_000);

  afterAll(async () => {
    server?.kill();
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the single executable, run from a folder without node_modules', () => {
    test('answers GET /api/health', async () => {
      const res = await fetch(`${base}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    });

    test('serves the embedded admin page at / and for its client-side routes', async () => {
      for (const path of ['/', '/customers/12']) {
        const res = await fetch(`${base}${path}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toStartWith('text/html');
        expect(await res.text()).toBe(adminIndex);
      }
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(adminIndex)?.[1] ?? '';
      const asset = await fetch(`${base}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toContain('javascript');
    });

    test('answers long, dotted, encoded, NUL, backslash and Unicode static paths with a 4xx, never a 5xx', async () => {
      for (const [what, target, statuses] of staticPathCases) {
        const res = await rawGet(base, target);
        expect({ what, status: res.status, ok: statuses.includes(res.status) }).toEqual({
          what,
          status: res.status,
          ok: true,
        });
        if (res.status === 200) expect(res.body).toBe(adminIndex);
      }
    });

    test('applied the embedded migrations and created the admin from ADMIN_PASSWORD', async () => {
      expect(statSync(join(dir, 'data/crm.db')).size).toBeGreaterThan(0);
      const login = await fetch(`${base}/api/auth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'binary-password-1' }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const list = await fetch(`${base}/api/customer/customers/`, { headers: { authorization: `Token ${token}` } });
      expect(list.status).toBe(200);
      expect(await list.json()).toMatchObject({ count: 0, results: [] });
      // An unknown API path is the API's JSON 404, not the admin page's fallback.
      const unknown = await fetch(`${base}/api/no-such-endpoint/`, { headers: { authorization: `Token ${token}` } });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ detail: 'Not found.' });
    });

    test('runs WORKERS=2 worker processes, started by running itself', () => {
      expect(printed).toContain('(database: file, 2 worker processes)');
      expect(printed).toMatch(/worker 2 started \(pid \d+\)/);
    });

    test('checkpoints its WAL on the embedded checkpointer thread (a second entry point)', async () => {
      // The writes of the start-up and of the login above, copied without SQLite's own checkpoint
      // (which waits for 10,000 frames): only the thread does that.
      expect(await walCopiedWithin(join(dir, 'data/crm.db'))).toBe(true);
    });
  });
});
