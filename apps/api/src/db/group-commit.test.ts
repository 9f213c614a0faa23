import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { seedFollowUp } from '../testing/http-fixtures';
import { bunOnly, seedCustomer, startTestApi, type TestApi } from '../testing/test-api';
import { type BunDatabase, createDb } from './create-db';

/**
 * Group commit (db/group-commit.ts): concurrent writes share a transaction, and each answer waits
 * for its batch's COMMIT. What is observed: the rows through a second connection (which sees
 * committed data only), the batch counter of the server's GroupCommit, and the answers when a
 * statement fails inside a batch or the COMMIT itself fails (test triggers on the test's file).
 */
bunOnly('reads the server database through a second connection and adds test triggers', () => {
  let api: TestApi;
  let other: BunDatabase;

  beforeAll(async () => {
    api = await startTestApi();
    const [main] = await api.database.db.all<{ file: string }>(sql`PRAGMA database_list`);
    other = await createDb({ url: `file:${main?.file}` });
    // A statement that fails on its own (as a constraint violation does) …
    await api.database.db.run(sql`
      CREATE TRIGGER test_abort AFTER INSERT ON customers WHEN NEW.name = 'abort me'
      BEGIN SELECT RAISE(ABORT, 'test abort'); END`);
    // … and a row that only the COMMIT refuses: a deferred foreign key to no customer.
    await api.database.db.run(sql`
      CREATE TABLE test_poison (customer_id INTEGER REFERENCES customers(id) DEFERRABLE INITIALLY DEFERRED)`);
    await api.database.db.run(sql`
      CREATE TRIGGER test_poison AFTER INSERT ON customers WHEN NEW.name = 'poison'
      BEGIN INSERT INTO test_poison VALUES (-1); END`);
  });
  afterAll(async () => {
    other.close();
    await api.close();
  });

  const committed = async (ids: string[]) => {
    if (ids.length === 0) return 0;
    const [row] = await other.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM customers WHERE id IN (${sql.join(
        ids.map((id) => sql`${Number(id)}`),
        sql`, `,
      )})`,
    );
    return row?.n ?? 0;
  };
  const create = (name: string) => api.client.api.customer.customers.$post({ json: seedCustomer({ name }) });
  const idOf = async (res: { json(): Promise<unknown> }) => ((await res.json()) as { id: string }).id;

  describe('group commit of customer and follow-up writes', () => {
    test('60 concurrent creates and follow-ups are all answered 201, committed, in fewer transactions than requests', async () => {
      const groupCommit = api.database.groupCommit;
      if (!groupCommit) throw new Error('the file database has no group commit');
      const before = groupCommit.mark();
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => create(`Batched ${i}`)));
      expect(answers.map((res) => res.status)).toEqual(answers.map(() => 201));
      const ids = await Promise.all(answers.map(idOf));
      const entries = await Promise.all(
        ids.slice(0, 20).map((id) => api.client.api.customer['follow-up'].$post({ json: seedFollowUp(id) })),
      );
      expect(entries.map((res) => res.status)).toEqual(entries.map(() => 201));
      const batches = groupCommit.mark() - before;
      expect(batches).toBeGreaterThan(0);
      expect(batches).toBeLessThan(60);
      expect(await committed(ids)).toBe(40);
      const [logged] = await other.db.all<{ n: number }>(
        sql`SELECT count(*) AS n FROM follow_ups WHERE customer_id IN (${sql.join(
          ids.slice(0, 20).map((id) => sql`${Number(id)}`),
          sql`, `,
        )})`,
      );
      expect(logged?.n).toBe(20);
    });

    test('every 201 is already visible to another connection when it arrives', async () => {
      const seen = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const res = await create(`Visible ${i}`);
          expect(res.status).toBe(201);
          // Synchronous driver: read before anything else can run in this process.
          return committed([await idOf(res)]);
        }),
      );
      expect(seen).toEqual(seen.map(() => 1));
    });

    test('a statement failing inside a batch fails only its own request', async () => {
      const before = api.database.groupCommit?.mark() ?? 0;
      const answers = await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => create(`Beside a failure ${i}`)),
        create('abort me'),
        ...Array.from({ length: 10 }, (_, i) => create(`Beside a failure ${i + 10}`)),
      ]);
      const statuses = answers.map((res) => res.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(20);
      expect(statuses[10]).toBe(500);
      // 21 requests in fewer transactions: the failure was inside a shared one.
      expect((api.database.groupCommit?.mark() ?? 0) - before).toBeLessThan(21);
      const ids = await Promise.all(answers.filter((res) => res.status === 201).map(idOf));
      expect(await committed(ids)).toBe(20);
      const [aborted] = await other.db.all<{ n: number }>(
        sql`SELECT count(*) AS n FROM customers WHERE name = 'abort me'`,
      );
      expect(aborted?.n).toBe(0);
    });

    test('a COMMIT that fails answers 503 to every request of its batch, and keeps none of them', async () => {
      const names = Array.from({ length: 20 }, (_, i) => (i === 10 ? 'poison' : `Poisoned batch ${i}`));
      const answers = await Promise.all(names.map(create));
      const poison = answers[10];
      expect(poison?.status).toBe(503);
      expect(poison?.headers.get('retry-after')).toBe('1');
      expect(await poison?.json()).toEqual({ detail: 'The change could not be saved; please try again.' });
      // Those answered 201 were in other batches and are kept; the refused ones are not there.
      const kept = await Promise.all(answers.filter((res) => res.status === 201).map(idOf));
      expect(await committed(kept)).toBe(kept.length);
      expect(answers.every((res) => res.status === 201 || res.status === 503)).toBe(true);
      const refused = names.filter((_, i) => answers[i]?.status === 503);
      // The poison shared its transaction with others, and they were refused with it.
      expect(refused.length).toBeGreaterThan(1);
      const [found] = await other.db.all<{ n: number }>(
        sql`SELECT count(*) AS n FROM customers WHERE name IN (${sql.join(
          refused.map((name) => sql`${name}`),
          sql`, `,
        )})`,
      );
      expect(found?.n).toBe(0);
      // The connection is usable afterwards: the next write commits.
      expect((await create('After the failed batch')).status).toBe(201);
    });
  });
});
