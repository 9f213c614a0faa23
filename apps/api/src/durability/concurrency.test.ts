import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createDb } from '../db/create-db';
import { type SpawnedServer, spawnServer } from '../testing/spawn-server';
import { bunOnly, seedCustomer } from '../testing/test-api';

/**
 * 50 clients at once, split over two servers on one database file, each server with one process
 * (WORKERS=1) or two worker processes (WORKERS=2, so four processes write): the writes of one
 * process serialise on the synchronous driver, and the processes meet at SQLite's write lock,
 * where WAL + busy_timeout (db/create-db.ts) make one wait for the other instead of failing.
 */
const CLIENTS = 50;
const ROUNDS = 4;

bunOnly('spawns server processes and reads their database file', () => {
  describe.each([1, 2])('concurrent writers, WORKERS=%i', (workers) => {
    let dir: string;
    let url: string;
    const servers: SpawnedServer[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'crm-concurrency-'));
      url = `file:${join(dir, 'crm.db')}`;
      // The request log says which worker answered (checked below: every worker wrote).
      const env = { WORKERS: String(workers), LOG_REQUESTS: 'true' };
      // One after the other: the first migrates, the second finds the migrations applied.
      servers.push(await spawnServer(url, env));
      servers.push(await spawnServer(url, env));
    }, 60_000);
    afterAll(async () => {
      for (const server of servers) await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('50 clients creating, following up and updating one customer: no 5xx, no SQLITE_BUSY, every 201 kept', async () => {
      const keys = await Promise.all(servers.map((server) => server.login()));
      const call = async (client: number, method: string, path: string, body: unknown) => {
        const server = client % servers.length;
        const res = await fetch(`${servers[server]?.base}${path}`, {
          method,
          headers: { authorization: `Token ${keys[server]}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: res.status, text: await res.text() };
      };

      const shared = await call(0, 'POST', '/api/customer/customers/', seedCustomer({ principal: 'shared' }));
      expect(shared.status).toBe(201);
      const sharedId = (JSON.parse(shared.text) as { id: string }).id;

      const answers: { status: number; text: string; kind: string }[] = [];
      const customers: string[] = [sharedId];
      const followUps: string[] = [];
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          for (let round = 0; round < ROUNDS; round++) {
            const created = await call(client, 'POST', '/api/customer/customers/', {
              ...seedCustomer({ principal: `client ${client}` }),
              name: `Customer ${client}/${round}`,
            });
            answers.push({ ...created, kind: 'customer' });
            if (created.status === 201) customers.push((JSON.parse(created.text) as { id: string }).id);

            const entry = await call(client, 'POST', '/api/customer/follow-up/', {
              customer_id: sharedId,
              title: `Call ${client}/${round}`,
              time: new Date(Date.UTC(2024, 0, 1, 0, client, round)).toISOString(),
              principal: `client ${client}`,
              content: 'Concurrent follow-up',
            });
            answers.push({ ...entry, kind: 'follow-up' });
            if (entry.status === 201) followUps.push((JSON.parse(entry.text) as { id: string }).id);

            const updated = await call(client, 'PATCH', `/api/customer/customers/${sharedId}/`, {
              company_details: `updated by ${client}/${round}`,
            });
            answers.push({ ...updated, kind: 'update' });
          }
        }),
      );

      const failures = answers.filter((answer) => answer.status >= 500 || /SQLITE_BUSY|locked/i.test(answer.text));
      console.log(
        `concurrency: ${CLIENTS} clients on ${servers.length} servers × ${workers} process(es), ${answers.length + 1} requests, ` +
          `${failures.length} errors, ${customers.length} customers and ${followUps.length} follow-ups acknowledged`,
      );
      expect(failures).toEqual([]);
      expect(answers.filter((answer) => answer.status !== 201 && answer.status !== 200)).toEqual([]);
      if (workers > 1) {
        // Every worker process of every server took writes (the kernel spreads the connections);
        // worker 1 ran them all, the others' forwarded (bun-server/write-forwarding.ts).
        for (const server of servers) {
          const output = server.output();
          expect(output).toMatch(/\[worker 1\] (POST|PATCH) \S+ 20[01] [\d.]+ms\n/);
          expect(output).toMatch(/\[worker 2\] (POST|PATCH) \S+ 20[01] [\d.]+ms \(written by worker 1\)/);
        }
      }

      // Read the file directly: every acknowledged row is there, and the derived data agrees.
      const database = await createDb({ url });
      try {
        const db = database.db;
        const rows = await db.all<{ id: number }>(
          sql.raw(`SELECT id FROM customers WHERE id IN (${customers.map(Number).join(',')})`),
        );
        expect(rows).toHaveLength(customers.length);
        const [entries] = await db.all<{ n: number; last: number }>(
          sql.raw(`SELECT count(*) AS n, max(time) AS last FROM follow_ups WHERE customer_id = ${Number(sharedId)}`),
        );
        expect(entries?.n).toBe(followUps.length);
        const [customer] = await db.all<{ last_contact_at: number }>(
          sql.raw(`SELECT last_contact_at FROM customers WHERE id = ${Number(sharedId)}`),
        );
        expect(customer?.last_contact_at).toBe(entries?.last ?? -1);
        const [audit] = await db.all<{ n: number }>(
          sql.raw("SELECT count(*) AS n FROM audit_log WHERE action = 'create' AND object <> 'user'"),
        );
        expect(audit?.n).toBe(customers.length + followUps.length);
      } finally {
        database.close();
      }
    }, 120_000);
  });
});
