import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app';
import { createDb } from '../db/create-db';
import { bunOnly } from '../testing/test-api';
import { openTerminal, type Terminal } from './tmux-terminal';

/** The CLI at a real terminal (tmux): what a person typing gets, keys and screen included. */
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

bunOnly('drives the CLI in a tmux terminal', () => {
  let dir: string;
  let dbPath: string;
  let terminal: Terminal;
  let runs = 0;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-terminal-'));
    dbPath = join(dir, 'crm.db');
    terminal = openTerminal({ cwd: dir, env: { DATABASE_URL: `file:${dbPath}`, NO_COLOR: '1' } });
  });
  afterAll(() => {
    terminal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    runs++;
  });

  /**
   * Runs `crm <args>` at the prompt, then prints its exit code and the terminal's modes after it.
   * The markers are quoted apart in the command line, so only the output lines match them.
   */
  const crm = async (args: string) => {
    const done = `DONE-${runs}`;
    await terminal.run(
      `bun ${MAIN} ${args}; echo "DO""${done.slice(2)} exit=$?"; echo $(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(echo|icanon|isig)') MO""DES-${runs}`,
    );
    return { done: `${done} exit=`, modes: `MODES-${runs}` };
  };

  const login = async (username: string, password: string) => {
    const database = await createDb({ url: `file:${dbPath}` });
    try {
      const res = await createApp({ db: database.db }).request('/api/auth/token/', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      return res.status;
    } finally {
      database.close();
    }
  };

  describe('long commands: a progress bar with rate and ETA for every phase, on stderr', () => {
    /** The finished bar of a phase: 100 %, its amount and rate, left on the screen. */
    const finishedBar = (label: string) =>
      new RegExp(
        `^${label} █+ 100% \\| [\\d,.]+/[\\d,.]+ \\w+, (?:[^|]+, )?[\\d,.]+ \\w+/s in \\d+ s \\| ETA 0 s\\s*$`,
        'm',
      );
    const rebuild = [
      'indexes',
      'counts',
      'owners',
      'search index',
      'search index merge',
      'audit',
      'triggers',
      'statistics',
    ];

    test('seed: the customers, the follow-ups and each step of the rebuild', async () => {
      const marks = await crm('seed --customers 20000');
      const screen = await terminal.waitFor(marks.modes, 120_000);
      expect(screen).toContain(`${marks.done}0`);
      for (const label of ['customers', 'follow-ups', ...rebuild.map((step) => `rebuild: ${step}`)]) {
        expect(screen).toMatch(finishedBar(label));
      }
      expect(screen).toContain('Seeded 20000 customers and 60000 follow-up entries');
    }, 180_000);

    test('export to a file and to redirected stdout, import --bulk of it, backup', async () => {
      const exported = await crm('export seeded.csv');
      expect(await terminal.waitFor(exported.modes, 60_000)).toMatch(finishedBar('export'));
      // stdout to a file, stderr on the terminal: the bar on the screen, only CSV in the file.
      const redirected = await crm('export > redirected.csv');
      expect(await terminal.waitFor(redirected.modes, 60_000)).toMatch(finishedBar('export'));
      const csv = await Bun.file(join(dir, 'redirected.csv')).text();
      expect(csv.startsWith('\uFEFF') ? csv.slice(1, 3) : csv.slice(0, 2)).toBe('id');
      expect(csv).not.toContain('█');
      expect(csv).not.toContain('\u001b');

      const imported = await crm('import seeded.csv --bulk');
      const screen = await terminal.waitFor(imported.modes, 120_000);
      expect(screen).toMatch(finishedBar('import seeded.csv'));
      for (const step of rebuild) expect(screen).toMatch(finishedBar(`rebuild: ${step}`));
      expect(screen).toContain('Imported 20000 of 20000 rows');

      const backup = await crm('backup copy.db');
      const backedUp = await terminal.waitFor(backup.modes, 60_000);
      expect(backedUp).toMatch(finishedBar('backup'));
      expect(backedUp).toContain('Backed up the database to copy.db.');
    }, 300_000);
  });

  describe('crm user create: the password prompt', () => {
    test('arrow keys move the cursor within the hidden password instead of being typed into it', async () => {
      const marks = await crm('user create ann');
      await terminal.waitFor('Password:');
      // abcd, ← ←, X, → →, efgh: the line reads abXcdefgh, as a shell's line editor would make it.
      terminal.type('abcd');
      terminal.keys('Left', 'Left');
      terminal.type('X');
      terminal.keys('Right', 'Right');
      terminal.type('efgh');
      terminal.keys('Enter');
      await terminal.waitFor('Password (again):');
      // Home and End too: "efgh" typed after Home then End goes at the end.
      terminal.type('abXcd');
      terminal.keys('Home', 'End');
      terminal.type('efgh');
      terminal.keys('Enter');
      const screen = await terminal.waitFor(marks.modes);
      expect(screen).toContain('Created user "ann".');
      expect(screen).toContain(`${marks.done}0`);
      expect(screen).not.toContain('abXcd');
      expect(await login('ann', 'abXcdefgh')).toBe(200);
    }, 60_000);

    test('Ctrl-C cancels with exit code 130 and leaves the terminal echoing, line by line', async () => {
      const marks = await crm('user create bob');
      await terminal.waitFor('Password:');
      terminal.type('abc');
      terminal.keys('C-c');
      const screen = await terminal.waitFor(marks.modes);
      expect(screen).toContain('crm: Cancelled.');
      expect(screen).toContain(`${marks.done}130`);
      const modes = screen.slice(screen.lastIndexOf(`${marks.done}130`)).split('\n')[1] ?? '';
      expect(modes.split(' ').filter(Boolean).sort()).toEqual([marks.modes, 'echo', 'icanon', 'isig']);
      expect(await login('bob', 'abc')).toBe(400);
    }, 60_000);
  });
});
