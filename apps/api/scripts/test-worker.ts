/**
 * The API's HTTP suite, a second time, against the Workers deployment: one `wrangler dev --local`
 * (workerd + a fresh local D1 migrated by `wrangler d1 migrations apply`) for the whole run, and
 * `bun test` with API_TEST_TARGET=worker so startTestApi() talks to it. Tests that only the Bun
 * server can run are wrapped in bunOnly() and show as skipped with their reason.
 *
 *   bun scripts/test-worker.ts [bun test args, e.g. a file filter]
 */
import { TEST_USER } from '../src/testing/test-api';
import { API_DIR, startWorkerServer } from '../src/testing/worker-server';

const started = performance.now();
const server = await startWorkerServer({ adminPassword: TEST_USER.password, adminDist: process.env.ADMIN_DIST });
console.log(`wrangler dev ready on ${server.base} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

let code = 1;
try {
  // The same per-test limit as the Bun run (package.json): real servers on a shared machine.
  const tests = Bun.spawn(['bun', 'test', '--timeout', '20000', ...process.argv.slice(2)], {
    cwd: API_DIR,
    env: { ...process.env, API_TEST_TARGET: 'worker', API_TEST_BASE_URL: server.base },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  code = await tests.exited;
} finally {
  await server.stop();
}
console.log(`worker run: ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(code);
