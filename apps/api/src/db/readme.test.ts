import { expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { bunOnly } from '../testing/test-api';
import { API_DIR } from '../testing/worker-server';
import { createDb } from './create-db';

interface Trigger {
  name: string;
  table: string;
  migration: string | undefined;
}

const byName = (a: Trigger, b: Trigger) => a.name.localeCompare(b.name);

/** The rows of the "## Triggers" table of db/README.md: `name` | `table` | what it keeps | `migration`. */
function documentedTriggers(): Trigger[] {
  const readme = readFileSync(join(API_DIR, 'src/db/README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Triggers\n')) ?? '';
  return [...section.matchAll(/^\| `(\w+)` +\| `(\w+)` +\|.*\| `([\w.]+)` +\|$/gm)].map(
    ([, name = '', table = '', migration]) => ({ name, table, migration }),
  );
}

/** The migration that creates each trigger, from the SQL files. */
function migrationOfEachTrigger(): Map<string, string> {
  const folder = join(API_DIR, 'drizzle');
  const found = new Map<string, string>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.sql'))) {
    for (const [, name = ''] of readFileSync(join(folder, file), 'utf8').matchAll(/CREATE TRIGGER `(\w+)`/g)) {
      found.set(name, file);
    }
  }
  return found;
}

bunOnly('reads the schema of a migrated Bun database', () => {
  test('db/README.md lists every trigger of the migrated schema, with its table and migration, and no other', async () => {
    const database = await createDb({ url: ':memory:' });
    await database.migrate();
    const rows = await database.db.all<{ name: string; tbl_name: string }>(
      sql`SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'`,
    );
    database.close();
    const migrations = migrationOfEachTrigger();
    const migrated = rows.map((row) => ({ name: row.name, table: row.tbl_name, migration: migrations.get(row.name) }));
    expect(migrated.length).toBeGreaterThan(20);
    expect(documentedTriggers().sort(byName)).toEqual(migrated.sort(byName));
  });
});
