import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bunOnly } from '../src/testing/test-api';
import { API_DIR } from '../src/testing/worker-server';

/**
 * The root package.json's scripts, run as a user runs them (`bun run <script> -- <arguments>`):
 * each one that takes arguments gets one whose effect shows in the output, so an argument that
 * turbo swallows ("turbo: unexpected argument '--port'") or that never reaches the tool fails
 * here. A script that runs turbo passes its arguments on only after a `--` of its own.
 */
const ROOT = join(API_DIR, '../..');
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

/** script → an argument that is harmless, and what the output shows when the argument got through. */
const withArguments: Record<string, { args: string[]; shows: string }> = {
  crm: { args: ['help'], shows: 'Usage: bun run crm <command>' },
  'dev:worker': { args: ['--help'], shows: 'wrangler dev [script]' },
  'build:binary': { args: ['--help'], shows: 'Usage: bun run build:binary' },
  bench: { args: ['--help'], shows: 'Usage: bun run bench' },
  fuzz: { args: ['--help'], shows: 'Usage: bun test' },
  lint: { args: ['--help'], shows: 'Usage: biome check' },
  format: { args: ['--help'], shows: 'Usage: biome check' },
  typecheck: { args: ['--help'], shows: 'Run tasks across projects in your monorepo' },
  build: { args: ['--help'], shows: 'Run tasks across projects in your monorepo' },
};

/** Scripts whose work has no arguments to take: what a user would add goes nowhere useful. */
const withoutArguments = {
  start: 'builds the admin, then the server, which reads only the environment',
  dev: 'two watchers (Vite and the API) at once: an argument would go to both',
  test: 'the whole check; `bun run test` inside this test would run it again',
};

bunOnly('runs the root package.json scripts as processes', () => {
  describe('root package.json scripts', () => {
    test('every script is listed here as taking arguments or not', () => {
      expect(Object.keys(scripts).sort()).toEqual(
        [...Object.keys(withArguments), ...Object.keys(withoutArguments)].sort(),
      );
    });

    for (const [script, { args, shows }] of Object.entries(withArguments)) {
      test(`bun run ${script} -- ${args.join(' ')} passes the argument through`, () => {
        const {
          stdout,
          stderr,
          exitCode: code,
        } = Bun.spawnSync(['bun', 'run', script, '--', ...args], {
          cwd: ROOT,
          env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TURBO_TELEMETRY_DISABLED: '1' },
          stdin: 'ignore',
        });
        const output = `${stdout.toString()}${stderr.toString()}`;
        expect({ code, shows: output.includes(shows) }, output.slice(-2000)).toEqual({ code: 0, shows: true });
      }, 60_000);
    }
  });
});
