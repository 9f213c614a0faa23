import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb } from '../db/create-db';
import { type SpawnedServer, spawnServer } from '../testing/spawn-server';
import { bunOnly, seedCustomer } from '../testing/test-api';

/**
 * Crash safety: a write storm against the real server, SIGKILL of its whole process group (the
 * primary and every worker at once, WORKERS=2; the one process, WORKERS=1) in the middle of it,
 * a restart on the same file. Every write answered 201 must be there, and the file must be
 * sound. WAL with synchronous=NORMAL keeps every committed transaction through a process crash
 * (only an OS crash or power loss may lose the last few).
 */
const WRITERS = 20;
const STORM_MS = 1500;

bunOnly('spawns and kills the server process', () => {
  describe.each([1, 2])('SIGKILL during a write storm, WORKERS=%i', (workers) => {
    const env = { WORKERS: String(workers) };
    let dir: string;
    let url: string;
    let server: SpawnedServer | undefined;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'crm-crash-'));
      url = `file:${join(dir, 'crm.db')}`;
    });
    afterAll(async () => {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('keeps every acknowledged write, and PRAGMA integrity_check is ok', async () => {
      server = await spawnServer(url, env);
      const first = server;
      const key = await first.login();
      const acknowledged = { customers: [] as number[], followUps: [] as number[] };
      let refused = 0;
      let stop = false;

      const post = async (path: string, body: unknown) => {
        try {
          const res = await fetch(`${first.base}${path}`, {
            method: 'POST',
            headers: { authorization: `Token ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          if (res.status === 201) return Number(((await res.json()) as { id: string }).id);
          refused += 1;
        } catch {
          // The connection died with the server: not acknowledged, so not expected to be kept.
        }
        return null;
      };

      const storm = Array.from({ length: WRITERS }, async (_, writer) => {
        for (let n = 0; !stop; n++) {
          const id = await post(
            '/api/customer/customers/',
            seedCustomer({ principal: `writer ${writer}`, name: `W${writer} #${n}` }),
          );
          if (id === null) continue;
          acknowledged.customers.push(id);
          const entry = await post('/api/customer/follow-up/', {
            customer_id: String(id),
            title: `Entry ${n}`,
            time: '2024-01-01T10:00:00Z',
            principal: `writer ${writer}`,
            content: 'Written during the storm',
          });
          if (entry !== null) acknowledged.followUps.push(entry);
        }
      });

      await Bun.sleep(STORM_MS);
      await first.stop('SIGKILL');
      stop = true;
      await Promise.all(storm);
      expect(acknowledged.customers.length).toBeGreaterThan(0);

      // Restart on the same file: the server recovers the WAL and answers for every write.
      server = await spawnServer(url, env);
      const again = server;
      const key2 = await again.login();
      let missing = 0;
      for (const id of acknowledged.customers) {
        const res = await fetch(`${again.base}/api/customer/detail/${id}/`, {
          headers: { authorization: `Token ${key2}` },
        });
        if (res.status !== 200) missing += 1;
      }

      const database = await createDb({ url });
      try {
        const ids = (table: 'customers' | 'follow_ups', wanted: number[]) =>
          database.db.all<{ n: number }>(
            sql`SELECT count(*) AS n FROM ${sql.identifier(table)} WHERE id IN (${sql.join(
              wanted.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          );
        const [customers] = await ids('customers', acknowledged.customers);
        const [followUps] = await ids('follow_ups', acknowledged.followUps.length ? acknowledged.followUps : [-1]);
        const [check] = await database.db.all<{ integrity_check: string }>(sql`PRAGMA integrity_check`);
        console.log(
          `crash (WORKERS=${workers}): acknowledged ${acknowledged.customers.length} customers + ${acknowledged.followUps.length} follow-ups, ` +
            `found ${customers?.n} + ${followUps?.n} after restart (${refused} refused); integrity_check ${check?.integrity_check}`,
        );
        expect(missing).toBe(0);
        expect(customers?.n).toBe(acknowledged.customers.length);
        expect(followUps?.n).toBe(acknowledged.followUps.length);
        expect(check?.integrity_check).toBe('ok');
        expect(refused).toBe(0);
      } finally {
        database.close();
      }
    }, 120_000);
  });
});
