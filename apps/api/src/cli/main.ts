import { parseArgs } from 'node:util';
import { parseTime } from '@crm/schema';
import { sql } from 'drizzle-orm';
import { restoreDerived } from '../db/bulk-load';
import { createDb, DatabaseUrlError } from '../db/create-db';
import { EnvError, loadEnv } from '../env';
import { ownersLink, ownersList, tokenCreate, tokenList, tokenRevoke, userCreate } from './accounts';
import { backupCommand } from './backup';
import { CliError, UsageError } from './errors';
import { phasesOf, progressOn } from './progress';
import { seed } from './seed';
import { exportCommand, importCommand } from './transfer';

const HELP = `Usage: bun run crm <command> [arguments]

Commands (all use the server's database: DATABASE_URL, default file:data/crm.db):
  migrate                               apply pending migrations (the server does this at start too)
  user create <username>                create a user, or set a new password for an existing one;
                                        the password is read from stdin, or asked twice on a terminal
  token create <username> [--name N] [--scope read|write]
                                        issue an API key (default scope write; read keys only
                                        read) and print it, alone, on stdout
  token list                            id, user, name, created and last-used time of every key
  token revoke <id>                     revoke a key by its id (see token list)
  owners                                principals that name no user, with their customer counts
  owners link <principal> <username>    make the user the owner of the unowned customers whose
                                        principal is exactly <principal>
  seed [--customers N] [--logs M] [--now TIME]
                                        add N demo customers (default 1000) and M follow-up entries
                                        (default 3 per customer); the same arguments give the same
                                        rows. The dates lie around TIME (ISO 8601, default today
                                        00:00 UTC). Loads in bulk like import --bulk: stop the
                                        server first
  import <file.csv> [--bulk]            add customers from a CSV whose header names the fields;
                                        bad rows are reported by line, the good ones imported.
                                        --bulk: drop the indexes and triggers while loading and
                                        rebuild them after: much faster for big files, but stop
                                        the server first (its writes meanwhile could be missed)
  export [file.csv]                     write every customer as CSV (stdout without a file)
  backup <file>                         a consistent copy of the database, also while the server
                                        runs; never overwrites a file
  help                                  this text

Exit codes: 0 done, 1 failed (or an import rejected rows), 2 wrong usage.`;

type Database = Awaited<ReturnType<typeof createDb>>;

/** Runs one command; returns the exit code. Output goes to stdout, diagnostics to stderr. */
async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    if (command !== undefined) return say(HELP);
    console.error(HELP);
    return 2;
  }
  switch (command) {
    case 'migrate':
      args(rest, {}, 0);
      return withDatabase(async () => say('Migrations applied.'));
    case 'user': {
      const { positionals } = args(rest, {}, 2);
      if (positionals[0] !== 'create' || positionals[1] === undefined) {
        throw new UsageError('Usage: crm user create <username>');
      }
      const username = positionals[1];
      return withDatabase(async ({ db }) => say(await userCreate(db, username)));
    }
    case 'token':
      return tokenCommand(rest);
    case 'owners': {
      const { positionals } = args(rest, {}, 3);
      const [action, principal, username] = positionals;
      if (action === undefined) return withDatabase(async ({ db }) => say(await ownersList(db)));
      if (action !== 'link' || principal === undefined || username === undefined) {
        throw new UsageError('Usage: crm owners | owners link <principal> <username>');
      }
      return withDatabase(async ({ db }) => say(await ownersLink(db, principal, username)));
    }
    case 'seed': {
      const { values } = args(
        rest,
        { customers: { type: 'string' }, logs: { type: 'string' }, now: { type: 'string' } },
        0,
      );
      const customers = count(values.customers ?? '1000', '--customers');
      const logs = count(values.logs ?? String(customers * 3), '--logs');
      const anchor = values.now === undefined ? startOfUtcDay(Date.now()) : time(values.now, '--now');
      return withDatabase(async ({ db, kind }) => {
        if (kind === 'file') {
          // Rebuilding the indexes of millions of rows sorts them: in memory with a big cache,
          // instead of through temporary files with the server's small one (this connection only).
          await db.run(sql`PRAGMA cache_size = -262144`);
          await db.run(sql`PRAGMA temp_store = MEMORY`);
        }
        const started = performance.now();
        const report = phasesOf(progressOn());
        report('customers', 0, customers, 'rows');
        await seed(db, {
          customers,
          logs,
          anchor,
          onProgress: (done) => {
            if (done.logs === 0) {
              report('customers', done.customers, customers, 'rows');
              // Started now, so its rate and ETA count its first statement too.
              if (done.customers === customers && logs > 0) report('follow-ups', 0, logs, 'rows');
            } else {
              report('follow-ups', done.logs, logs, 'rows');
            }
          },
          restore: { onProgress: (step, done, total, unit) => report(`rebuild: ${step}`, done, total, unit) },
        });
        const seconds = (performance.now() - started) / 1000;
        const rate = Math.round((customers + logs) / seconds);
        return say(
          `Seeded ${customers} customers and ${customers > 0 ? logs : 0} follow-up entries in ${seconds.toFixed(1)} s (${rate} rows/s).`,
        );
      });
    }
    case 'import': {
      const { positionals, values } = args(rest, { bulk: { type: 'boolean' } }, 1);
      const file = positionals[0];
      if (file === undefined) throw new UsageError('Usage: crm import <file.csv> [--bulk]');
      return withDatabase(({ db }) => importCommand(db, file, values.bulk === true));
    }
    case 'export': {
      const { positionals } = args(rest, {}, 1);
      return withDatabase(async ({ db }) => {
        await exportCommand(db, positionals[0]);
        return 0;
      });
    }
    case 'backup': {
      const { positionals } = args(rest, {}, 1);
      const file = positionals[0];
      if (file === undefined) throw new UsageError('Usage: crm backup <file>');
      return withDatabase(async (database) => say(await backupCommand(database, file)));
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

async function tokenCommand(rest: string[]): Promise<number> {
  const { values, positionals } = args(rest, { name: { type: 'string' }, scope: { type: 'string' } }, 2);
  const [action, subject] = positionals;
  switch (action) {
    case 'create': {
      if (subject === undefined) throw new UsageError('Usage: crm token create <username> [--name N] [--scope read]');
      const scope = values.scope ?? 'write';
      if (scope !== 'read' && scope !== 'write') throw new UsageError(`--scope is read or write, not "${scope}".`);
      return withDatabase(async ({ db }) => say(await tokenCreate(db, subject, values.name ?? '', scope)));
    }
    case 'list':
      return withDatabase(async ({ db }) => say(await tokenList(db)));
    case 'revoke':
      if (subject === undefined) throw new UsageError('Usage: crm token revoke <id>');
      return withDatabase(async ({ db }) => say(await tokenRevoke(db, subject)));
    default:
      throw new UsageError('Usage: crm token create <username> [--name N] | token list | token revoke <id>');
  }
}

/** Opens the configured database, migrated, for one command, and always closes it. */
async function withDatabase(action: (database: Database) => Promise<number>): Promise<number> {
  const env = loadEnv();
  const database = await createDb({
    url: env.DATABASE_URL,
    authToken: env.DATABASE_AUTH_TOKEN,
    syncUrl: env.DATABASE_SYNC_URL,
  });
  try {
    await database.migrate();
    // Finishes a bulk load (seed, import --bulk) that was interrupted; nothing to do otherwise.
    await restoreDerived(database.db);
    return await action(database);
  } finally {
    database.close();
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** node:util's parser, strict, with its complaints turned into usage errors. */
function args<T extends OptionSpec>(rest: string[], options: T, maxPositionals: number) {
  try {
    const parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
    if (parsed.positionals.length > maxPositionals) {
      throw new UsageError(`Unexpected argument "${parsed.positionals[maxPositionals]}".`);
    }
    return parsed;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new UsageError((error as Error).message);
  }
}

function count(value: string, flag: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`${flag} wants a whole number, not "${value}".`);
  return Number(value);
}

function time(value: string, flag: string): number {
  const ms = parseTime(value);
  if (ms === null) throw new UsageError(`${flag} wants an ISO 8601 time such as 2026-01-31T09:00:00Z, not "${value}".`);
  return ms;
}

const startOfUtcDay = (ms: number) => ms - (ms % 86_400_000);

function say(text: string): number {
  console.log(text);
  return 0;
}

/** `ENOENT`, `EACCES`, `EPIPE`…: the code of an operating system error, if it is one. */
function systemErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown; syscall?: unknown } | null)?.code;
  return typeof code === 'string' &&
    /^E[A-Z]+$/.test(code) &&
    typeof (error as { syscall?: unknown }).syscall === 'string'
    ? code
    : undefined;
}

// `crm export | head`: when the reader of stdout goes away, the writer's failure may surface outside
// the command's own await; either way there is nothing left to say.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    if (systemErrorCode(error) === 'EPIPE') process.exit(0);
    console.error('crm: unexpected error:', error);
    process.exit(1);
  });
}

try {
  process.exitCode = await run(Bun.argv.slice(2));
} catch (error) {
  if (error instanceof CliError) {
    console.error(`crm: ${error.message}`);
    process.exitCode = error.exitCode;
  } else if (error instanceof EnvError || error instanceof DatabaseUrlError) {
    console.error(`crm: ${error.message}`);
    process.exitCode = 1;
  } else if (systemErrorCode(error) === 'EPIPE') {
    // The reader of stdout went away (`crm export | head`): nothing left to say.
    process.exitCode = 0;
  } else if (systemErrorCode(error) !== undefined) {
    // A file that cannot be read or written: the operator's to fix, no stack needed.
    console.error(`crm: ${(error as Error).message}`);
    process.exitCode = 1;
  } else {
    // A bug, not a usage mistake: keep the stack for the report.
    console.error('crm: unexpected error:', error);
    process.exitCode = 1;
  }
}
