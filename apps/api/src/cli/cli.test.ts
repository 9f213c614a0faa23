import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import Papa from 'papaparse';
import { createApp } from '../app';
import { createDb } from '../db/create-db';
import { bunOnly } from '../testing/test-api';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

let dir: string;
let dbPath: string;

/** Runs `bun run crm …` as a real process on the test database. */
async function crm(args: string[], options: { stdin?: string; database?: string } = {}) {
  const proc = Bun.spawn(['bun', MAIN, ...args], {
    env: { ...process.env, DATABASE_URL: `file:${options.database ?? dbPath}`, LOG_REQUESTS: 'false' },
    stdin: options.stdin === undefined ? 'ignore' : new Blob([options.stdin]),
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

/** The real app on the same database file as the CLI, asked in process. */
/** The app's `request` only: the CLI's effects are checked through HTTP, untyped. */
type RequestOnly = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

async function withApp<T>(use: (app: RequestOnly) => Promise<T>): Promise<T> {
  const database = await createDb({ url: `file:${dbPath}` });
  try {
    return await use(createApp({ db: database.db }));
  } finally {
    database.close();
  }
}

const login = (app: RequestOnly, username: string, password: string) =>
  app.request('/api/auth/token/', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

const parseCsv = (text: string) => Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;

bunOnly('spawns the CLI as a Bun process on a local file', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-cli-'));
    dbPath = join(dir, 'crm.db');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('crm user and token', () => {
    test('user create reads the password from stdin; run again it changes the password', async () => {
      const created = await crm(['user', 'create', 'ann'], { stdin: 'first-password\n' });
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('Created user "ann"');

      const reset = await crm(['user', 'create', 'ann'], { stdin: 'second-password\n' });
      expect(reset.code).toBe(0);
      expect(reset.stdout).toContain('password was changed');

      await withApp(async (app) => {
        expect((await login(app, 'ann', 'first-password')).status).toBe(400);
        expect((await login(app, 'ann', 'second-password')).status).toBe(200);
      });
    });

    test('user create refuses a missing or short password with exit code 1 and no stack', async () => {
      const missing = await crm(['user', 'create', 'bob']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('No password');
      const short = await crm(['user', 'create', 'bob'], { stdin: 'short\n' });
      expect(short.code).toBe(1);
      expect(short.stderr).toContain('at least 8 characters');
      expect(short.stderr).not.toContain('    at ');
    });

    test('token create prints only a key, which the API accepts', async () => {
      const { stdout, code } = await crm(['token', 'create', 'ann', '--name', 'laptop']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^[0-9a-f]{40}\n$/);
      await withApp(async (app) => {
        const me = await app.request('/api/auth/me/', { headers: { authorization: `Token ${stdout.trim()}` } });
        expect(me.status).toBe(200);
        expect(((await me.json()) as { username: string }).username).toBe('ann');
      });
    });

    test('token create for an unknown user fails with exit code 1', async () => {
      const { code, stderr } = await crm(['token', 'create', 'nobody']);
      expect(code).toBe(1);
      expect(stderr).toContain('No user "nobody"');
    });

    test('token list shows id, user, name and times but never a key; token revoke ends the key', async () => {
      const key = (await crm(['token', 'create', 'ann', '--name', 'to-revoke'])).stdout.trim();
      const list = await crm(['token', 'list']);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^ID\s+USER\s+NAME\s+CREATED\s+LAST USED/);
      expect(list.stdout).not.toContain(key);
      const row = list.stdout.split('\n').find((line) => line.includes('to-revoke'));
      const id = row?.split(/\s+/)[0] ?? '';
      expect(row).toMatch(/ann\s+to-revoke\s+\d{4}-\d\d-\d\dT.*\s+never$/);

      const revoked = await crm(['token', 'revoke', id]);
      expect(revoked.code).toBe(0);
      await withApp(async (app) => {
        const me = await app.request('/api/auth/me/', { headers: { authorization: `Token ${key}` } });
        expect(me.status).toBe(401);
      });
      expect((await crm(['token', 'revoke', id])).code).toBe(1);
    });
  });

  describe('crm import and export', () => {
    test('round-trips quotes, commas, newlines and Chinese text, and reports a bad row by its line', async () => {
      const csv = [
        // A BOM and CRLF, as spreadsheets write them; unknown columns are ignored.
        '\uFEFFname,email,customer_type,lead_source,customer_industry,follow_up_status,principal,address,note',
        '"Doe, ""JJ""",jj@example.com,A,referral,finance,proposal,Jane Smith,"12 George St\r\nLevel 3",x',
        '',
        'Broken,not-an-email,Z,referral,finance,proposal,Jane Smith,,',
        '张伟,,B,partner,retail,closed_won,王芳,"上海市, 黄浦区",',
      ].join('\r\n');
      const file = join(dir, 'in.csv');
      writeFileSync(file, `${csv}\r\n`);

      const imported = await crm(['import', file]);
      expect(imported.code).toBe(1);
      expect(imported.stdout).toContain('Imported 2 of 3 rows');
      expect(imported.stderr).toContain(
        `${file}:5: email: Enter a valid email address.; customer_type: "Z" is not a valid choice.`,
      );

      const exported = await crm(['export']);
      expect(exported.code).toBe(0);
      const rows = parseCsv(exported.stdout);
      expect(Object.keys(rows[0] ?? {})).toEqual([
        'id',
        'name',
        'landline',
        'email',
        'mobile_phone',
        'customer_type',
        'company_details',
        'lead_source',
        'address',
        'customer_industry',
        'follow_up_status',
        'principal',
        'created_at',
        'updated_at',
        'last_contact_at',
        'next_follow_up_at',
      ]);
      const doe = rows.find((row) => row.email === 'jj@example.com');
      expect(doe?.name).toBe('Doe, "JJ"');
      expect(doe?.address).toMatch(/^12 George St\r?\nLevel 3$/);
      const zhang = rows.find((row) => row.name === '张伟');
      expect(zhang?.address).toBe('上海市, 黄浦区');
      expect(zhang?.principal).toBe('王芳');

      // The export imports again unchanged (its extra columns are ignored).
      const again = join(dir, 'again.csv');
      expect((await crm(['export', again])).code).toBe(0);
      const reimport = await crm(['import', again]);
      expect(reimport.code).toBe(0);
      expect(reimport.stdout).toContain(`Imported ${rows.length} of ${rows.length} rows`);
      const twice = parseCsv((await crm(['export'])).stdout);
      expect(twice.filter((row) => row.name === 'Doe, "JJ"')).toHaveLength(2);
    });

    test('export neutralises formula cells (a leading apostrophe, quoted); import restores them exactly', async () => {
      const header =
        'name,landline,customer_type,lead_source,customer_industry,follow_up_status,principal,company_details';
      // As a person would type them in a spreadsheet: quoting is the CSV's, the values are plain.
      const csv = [
        header,
        '"=cmd|\' /C calc\'!A0",+61 2 9999 0000,A,referral,finance,proposal,Formula CLI,-5',
        "@SUM(1),-,B,partner,retail,closed_won,Formula CLI,'=literal",
      ].join('\n');
      const file = join(dir, 'formulas.csv');
      writeFileSync(file, `${csv}\n`);
      expect((await crm(['import', file])).code).toBe(0);

      const out = join(dir, 'formulas-out.csv');
      expect((await crm(['export', out])).code).toBe(0);
      const exported = await Bun.file(out).text();
      expect(exported).toContain(`"'=cmd|' /C calc'!A0","'+61 2 9999 0000"`);
      expect(exported).toContain(`"'@SUM(1)","'-"`);
      // A typed `'=` is read as a spreadsheet reads it: the apostrophe says "text", the value is `=literal`.
      expect(exported).toContain(`"'=literal"`);
      expect(exported).toContain(`,"'-5",`);

      const again = await crm(['import', out]);
      expect(again.code).toBe(0);
      const sqlite = new Sqlite(dbPath, { readonly: true });
      const stored = sqlite
        .prepare("SELECT name, landline, company_details FROM customers WHERE principal = 'Formula CLI' ORDER BY id")
        .all();
      sqlite.close();
      const typed = [
        { name: "=cmd|' /C calc'!A0", landline: '+61 2 9999 0000', company_details: '-5' },
        { name: '@SUM(1)', landline: '-', company_details: '=literal' },
      ];
      // The rows as imported from the typed file, then their copies through export and import.
      expect(stored).toEqual([...typed, ...typed]);
    }, 60_000);

    test('import refuses a file whose header lacks required columns, and a missing file', async () => {
      const file = join(dir, 'headless.csv');
      writeFileSync(file, 'foo,bar\n1,2\n');
      const bad = await crm(['import', file]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('lacks the required column(s) name, customer_type');
      const missing = await crm(['import', join(dir, 'nope.csv')]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('No such file');
    });
  });

  describe('crm backup', () => {
    test('writes a copy that passes integrity_check and holds the rows, and never overwrites', async () => {
      const target = join(dir, 'backup.db');
      const done = await crm(['backup', target]);
      expect(done.code).toBe(0);
      const copy = new Sqlite(target, { readonly: true });
      try {
        expect(copy.prepare('PRAGMA integrity_check').get()).toMatchObject({ integrity_check: 'ok' });
        const live = new Sqlite(dbPath, { readonly: true });
        const count = 'SELECT count(*) AS n FROM customers';
        expect(copy.prepare(count).get()).toMatchObject({ n: (live.prepare(count).get() as { n: number }).n });
        live.close();
      } finally {
        copy.close();
      }
      const again = await crm(['backup', target]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('exists');
    });
  });

  describe('crm seed', () => {
    test('gives the same rows for the same arguments, spread over every choice', async () => {
      const args = ['seed', '--customers', '400', '--logs', '1000', '--now', '2026-03-01T00:00:00Z'];
      const exports: string[] = [];
      for (const name of ['seed-a.db', 'seed-b.db']) {
        const database = join(dir, name);
        const seeded = await crm(args, { database });
        expect(seeded.code).toBe(0);
        expect(seeded.stdout).toContain('Seeded 400 customers and 1000 follow-up entries');
        exports.push((await crm(['export'], { database })).stdout);
      }
      expect(exports[0]).toBe(exports[1] ?? '');
      const rows = parseCsv(exports[0] ?? '');
      expect(rows).toHaveLength(400);
      const distinct = (field: string) => new Set(rows.map((row) => row[field])).size;
      expect(distinct('customer_type')).toBe(4);
      expect(distinct('lead_source')).toBe(10);
      expect(distinct('customer_industry')).toBe(14);
      expect(distinct('follow_up_status')).toBe(6);
      expect(distinct('principal')).toBeGreaterThan(20);
      // Plans on both sides of "now": overdue, today, this week.
      const now = Date.parse('2026-03-01T00:00:00Z');
      const next = rows.map((row) => (row.next_follow_up_at ? Date.parse(row.next_follow_up_at) : null));
      expect(next.some((time) => time !== null && time < now)).toBe(true);
      expect(next.some((time) => time !== null && time >= now && time < now + 86_400_000)).toBe(true);
      expect(next.some((time) => time !== null && time >= now + 86_400_000 && time < now + 7 * 86_400_000)).toBe(true);
      // Contact times agree with the log, as the triggers would have set them.
      const db = new Sqlite(join(dir, 'seed-a.db'), { readonly: true });
      const disagree = db
        .prepare(
          `SELECT count(*) AS n FROM customers c WHERE (last_contact_at, next_follow_up_at) IS NOT
           (SELECT time, next_time FROM follow_ups WHERE customer_id = c.id ORDER BY time DESC, id DESC LIMIT 1)`,
        )
        .get();
      // The count tables behind searches' `count` agree with the rows, as the triggers keep them.
      const live = 'FROM customers WHERE deleted_at IS NULL';
      const due = `${live} AND next_follow_up_at IS NOT NULL`;
      const choices = 'customer_type, lead_source, customer_industry, follow_up_status';
      for (const [kept, counted] of [
        [`SELECT ${choices}, n FROM customer_counts`, `SELECT ${choices}, count(*) ${live} GROUP BY ${choices}`],
        [
          `SELECT principal, ${choices}, n FROM customer_counts_by_principal`,
          `SELECT principal, ${choices}, count(*) ${live} GROUP BY principal, ${choices}`,
        ],
        ['SELECT day, n FROM due_counts', `SELECT next_follow_up_at / 86400000, count(*) ${due} GROUP BY 1`],
        [
          'SELECT principal, day, n FROM due_counts_by_principal',
          `SELECT principal, next_follow_up_at / 86400000, count(*) ${due} GROUP BY 1, 2`,
        ],
      ] as const) {
        const rows = (query: string) =>
          (db.prepare(query).raw().all() as unknown[][]).map((row) => JSON.stringify(row)).sort();
        expect(rows(kept.replace(/ FROM \w+$/, (from) => `${from} WHERE n > 0`))).toEqual(rows(counted));
      }
      db.close();
      expect(disagree).toMatchObject({ n: 0 });
    });
  });

  describe('crm seed and import --bulk: the change history', () => {
    test('every bulk-loaded customer and follow-up has its create entry, as the API writes it', async () => {
      const sqlite = () => new Sqlite(dbPath, { readonly: true });
      const topIds = () => {
        const db = sqlite();
        const top = db
          .prepare(
            'SELECT (SELECT coalesce(max(id), 0) FROM customers) AS c, (SELECT coalesce(max(id), 0) FROM follow_ups) AS f',
          )
          .get() as { c: number; f: number };
        db.close();
        return top;
      };
      const before = topIds();
      const seeded = await crm(['seed', '--customers', '30', '--logs', '70']);
      expect(seeded.code).toBe(0);
      // Not a terminal: plain progress lines on stderr, a start and an end per phase, no escapes.
      for (const phase of ['customers', 'follow-ups', 'rebuild: indexes', 'rebuild: search index', 'rebuild: audit']) {
        expect(seeded.stderr).toMatch(new RegExp(`^${phase}: [\\d,]+ \\w+ to go$`, 'm'));
        // The rate is left out of a phase too quick to time.
        expect(seeded.stderr).toMatch(new RegExp(`^${phase}: done, [\\d,]+/[\\d,]+ \\w+(?:, .*)? in \\d+ s$`, 'm'));
      }
      expect(seeded.stderr).not.toContain('\u001b');
      const file = join(dir, 'bulk.csv');
      writeFileSync(
        file,
        'name,customer_type,lead_source,customer_industry,follow_up_status,principal\n' +
          'Bulk One,A,referral,finance,proposal,Bulk Loader\nBulk Two,B,partner,retail,closed_won,Bulk Loader\n',
      );
      expect((await crm(['import', file, '--bulk'])).code).toBe(0);
      const after = topIds();
      expect(after.c - before.c).toBe(32);
      expect(after.f - before.f).toBe(70);

      const db = sqlite();
      const entries = db
        .prepare(
          `SELECT object, count(*) AS n, count(DISTINCT object_id) AS rows, min(object_id) AS first, max(object_id) AS last
           FROM audit_log WHERE action = 'create' AND ((object = 'customer' AND object_id > ?) OR (object = 'follow_up' AND object_id > ?))
           GROUP BY object ORDER BY object`,
        )
        .all(before.c, before.f);
      db.close();
      expect(entries).toEqual([
        { object: 'customer', n: 32, rows: 32, first: before.c + 1, last: after.c },
        { object: 'follow_up', n: 70, rows: 70, first: before.f + 1, last: after.f },
      ]);

      // The history the API shows for a bulk-loaded customer: its create, with the loaded values.
      await withApp(async (app) => {
        const { token } = (await (await login(app, 'ann', 'second-password')).json()) as { token: string };
        const get = async (path: string) =>
          (await app.request(path, { headers: { authorization: `Token ${token}` } })).json() as Promise<
            Record<string, unknown>
          >;
        for (const id of [before.c + 1, after.c]) {
          const customer = await get(`/api/customer/detail/${id}/`);
          const history = (await get(`/api/audit/?object=customer&id=${id}`)) as { results: Record<string, unknown>[] };
          const own = history.results.filter((entry) => entry.object === 'customer');
          expect(own).toHaveLength(1);
          expect(own[0]).toMatchObject({ action: 'create', object_id: String(id), user: null, before: null });
          const snapshot = own[0]?.after as Record<string, unknown>;
          expect(snapshot).toEqual(Object.fromEntries(Object.keys(snapshot).map((field) => [field, customer[field]])));
          expect(snapshot.name).toBe(customer.name);
        }
      });
    }, 60_000);
  });

  describe('crm usage', () => {
    test('an unknown command or bad option exits 2 with a pointer to help and no stack', async () => {
      const unknown = await crm(['frobnicate']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Unknown command "frobnicate"');
      expect(unknown.stderr).toContain('crm help');
      const badCount = await crm(['seed', '--customers', 'many']);
      expect(badCount.code).toBe(2);
      expect(badCount.stderr).toContain('--customers wants a whole number');
      const badFlag = await crm(['token', 'list', '--verbose']);
      expect(badFlag.code).toBe(2);
      for (const run of [unknown, badCount, badFlag]) expect(run.stderr).not.toContain('    at ');
    });

    test('help lists every command and exits 0', async () => {
      const { stdout, code } = await crm(['help']);
      expect(code).toBe(0);
      for (const command of [
        'migrate',
        'user create',
        'token create',
        'token list',
        'token revoke',
        'seed',
        'import',
        'export',
        'backup',
      ]) {
        expect(stdout).toContain(command);
      }
    });
  });
});
