import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Journal } from '../db/migrations';
import { type SpawnedServer, spawnServer } from '../testing/spawn-server';
import { bunOnly, seedCustomer } from '../testing/test-api';
import { API_DIR } from '../testing/worker-server';

/**
 * The server with WORKERS=2 (bun-server/): a primary and two worker processes on one port. What
 * must happen once happens once, a dead worker is replaced, SIGTERM drains them all, and the
 * writes the others hand to worker 1 keep the client's address for the login rate limit.
 */

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const workerPid = async (server: SpawnedServer, index: number, after = '') =>
  Number((await server.printed(new RegExp(`${after}worker ${index} started \\(pid (\\d+)\\)`, 's')))[1]);

bunOnly('spawns server processes and signals them', () => {
  let dir: string;
  let url: string;
  const servers: SpawnedServer[] = [];
  const start = async (env: Record<string, string> = {}, databaseUrl = url) => {
    const server = await spawnServer(databaseUrl, { WORKERS: '2', LOG_REQUESTS: 'true', ...env });
    servers.push(server);
    return server;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-workers-'));
    url = `file:${join(dir, 'crm.db')}`;
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('once per server, whatever WORKERS', () => {
    test('migrations, the first admin and the retention purge run in one process (the writer)', async () => {
      // A customer in the trash, for the purge at start (TRASH_DAYS=0: everything in it is due).
      const first = await spawnServer(url);
      const key = await first.login();
      const auth = { authorization: `Token ${key}`, 'content-type': 'application/json' };
      const created = await fetch(`${first.base}/api/customer/customers/`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(seedCustomer()),
      });
      const { id } = (await created.json()) as { id: string };
      expect(
        (await fetch(`${first.base}/api/customer/customers/${id}`, { method: 'DELETE', headers: auth })).status,
      ).toBe(200);
      await first.stop();
      const journal = JSON.parse(readFileSync(join(API_DIR, 'drizzle/meta/_journal.json'), 'utf8')) as Journal;
      expect(first.output()).toContain(`Applied ${journal.entries.length} migration(s).`);

      const server = await start({ TRASH_DAYS: '0' });
      await workerPid(server, 2);
      const output = server.output();
      expect(output).not.toContain('migration(s)'); // none pending
      expect(output.match(/\[worker 1\] Purged 1 customer\(s\)/g)).toHaveLength(1);
      expect(output).not.toContain('[worker 2] Purged');
      expect(output).toContain('CRM API listening on');

      // On a fresh file: the writer migrates and creates the admin, before the others start.
      const fresh = await start({}, `file:${join(dir, 'fresh.db')}`);
      await workerPid(fresh, 2);
      expect(fresh.output().match(/.*Applied \d+ migration\(s\)/g)).toEqual([
        `[worker 1] Applied ${journal.entries.length} migration(s)`,
      ]);
      expect(fresh.output().match(/.*Created user "admin"/g)).toEqual(['[worker 1] Created user "admin"']);
      expect(fresh.output().indexOf('Created user')).toBeLessThan(fresh.output().indexOf('worker 2 started'));
      expect(await fresh.login()).toMatch(/^[0-9a-f]{40}$/);
    }, 60_000);
  });

  describe('a dead worker', () => {
    test('is replaced, the writer too, and the server answers reads and writes again', async () => {
      const server = await start();
      const reader = await workerPid(server, 2);
      const writer = await workerPid(server, 1);
      const key = await server.login();
      const create = () =>
        fetch(`${server.base}/api/customer/customers/`, {
          method: 'POST',
          headers: { authorization: `Token ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(seedCustomer()),
        });

      process.kill(reader, 'SIGKILL');
      await server.printed(new RegExp(`worker 2 \\(pid ${reader}\\) exited \\(signal SIGKILL\\)`));
      const newReader = await workerPid(server, 2, `pid ${reader}\\) exited.*`);
      expect(newReader).not.toBe(reader);

      process.kill(writer, 'SIGKILL');
      await server.printed(new RegExp(`worker 1 \\(pid ${writer}\\) exited \\(signal SIGKILL\\)`));
      const newWriter = await workerPid(server, 1, `pid ${writer}\\) exited.*`);
      expect(alive(newWriter)).toBe(true);
      expect(alive(reader) || alive(writer)).toBe(false);

      // At once: several connections, which the kernel spreads over both workers.
      const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await create()).status));
      expect(statuses).toEqual(Array(20).fill(201));
      expect(server.output()).toMatch(/\[worker 2\] POST \/api\/customer\/customers 201 .*written by worker 1/);
    }, 60_000);

    test('when the primary is killed alone, its workers stop too (none keeps the port)', async () => {
      const server = await start();
      const pids = [await workerPid(server, 1), await workerPid(server, 2)];
      server.process.kill('SIGKILL');
      await server.process.exited;
      const deadline = Date.now() + 15_000;
      while (pids.some(alive) && Date.now() < deadline) await Bun.sleep(50);
      expect(pids.filter(alive)).toEqual([]);
    }, 30_000);
  });

  describe('SIGTERM', () => {
    test('drains every worker: a write still arriving is answered 201, then all exit 0', async () => {
      const server = await start();
      const pids = [await workerPid(server, 1), await workerPid(server, 2)];
      const key = await server.login();
      // The body arrives in two parts, the second after the signal.
      const body = new TextEncoder().encode(JSON.stringify(seedCustomer({ name: 'Arrives late' })));
      const { promise: sent, resolve: sendRest } = Promise.withResolvers<void>();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(body.slice(0, 10));
          await sent;
          controller.enqueue(body.slice(10));
          controller.close();
        },
      });
      const answer = fetch(`${server.base}/api/customer/customers/`, {
        method: 'POST',
        headers: { authorization: `Token ${key}`, 'content-type': 'application/json' },
        body: stream,
      });
      await Bun.sleep(300);
      server.process.kill('SIGTERM');
      await Bun.sleep(300);
      sendRest();
      expect((await answer).status).toBe(201);
      expect(await server.process.exited).toBe(0);
      expect(pids.filter(alive)).toEqual([]);
    }, 30_000);
  });

  describe('the login rate limit across workers', () => {
    test("counts by the client's real address whichever worker takes the login, and ignores a forged forwarding header", async () => {
      const server = await start();
      await workerPid(server, 2);
      const login = (n: number) =>
        fetch(`${server.base}/api/auth/token/`, {
          method: 'POST',
          // A new connection each, so the kernel spreads them over both workers.
          keepalive: false,
          headers: { 'content-type': 'application/json', 'x-crm-forwarded-client': `10.0.0.${n}` },
          // A new username each time: only the address can reach the limit.
          body: JSON.stringify({ username: `nobody-${n}`, password: 'wrong-password' }),
        });
      for (let n = 0; n < 10; n++) expect((await login(n)).status).toBe(400);
      expect((await login(10)).status).toBe(429);
      // Both workers took logins: the limit held across them.
      expect(server.output()).toMatch(/\[worker 2\] POST \/api\/auth\/token 400 .*written by worker 1/);
      expect(server.output()).toMatch(/\[worker 1\] POST \/api\/auth\/token 400/);
    }, 30_000);
  });
});
