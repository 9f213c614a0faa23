/**
 * `bun run dev:worker`: the Workers deployment locally. Applies the drizzle migrations to the
 * local D1 (under .wrangler/, kept between runs), then `wrangler dev` with the admin assets.
 * Put ADMIN_PASSWORD=… in apps/api/.dev.vars (not committed) to get the first user.
 */
import { join } from 'node:path';
import { API_DIR, TOP_LEVEL_ENV, wrangler, wranglerEnv } from '../src/testing/worker-server';

// Every argument goes to `wrangler dev` (`bun run dev:worker -- --port 9000`); `--help` shows its
// options without touching the local database.
const args = process.argv.slice(2);
if (!args.includes('--help') && !args.includes('-h')) {
  console.log(await wrangler(['d1', 'migrations', 'apply', 'DB', '--local', TOP_LEVEL_ENV]));
}
const dev = Bun.spawn([join(API_DIR, 'node_modules/.bin/wrangler'), 'dev', TOP_LEVEL_ENV, ...args], {
  cwd: API_DIR,
  env: wranglerEnv(),
  stdio: ['inherit', 'inherit', 'inherit'],
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal));
process.exit(await dev.exited);
