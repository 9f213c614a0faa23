/**
 * On Workers the admin's files are served by Cloudflare's static assets, not by the app, so the
 * pages would go without the security headers the Bun server gives them. This writes them into
 * the assets' `_headers` file, from the app's own middleware (src/lib/security-headers.ts), so
 * both deployments send the same policy. wrangler runs it before `dev` and `deploy` (the
 * `build` command in wrangler.jsonc). Usage: bun scripts/asset-headers.ts [assets folder]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { securityHeaders } from '../src/lib/security-headers';

async function pageHeaders(): Promise<[string, string][]> {
  const app = new Hono();
  app.use(securityHeaders());
  app.get('*', (c) => c.body(null, 204));
  const res = await app.request('/');
  return [...res.headers.entries()];
}

if (import.meta.main) {
  const folder = process.argv[2] ?? fileURLToPath(new URL('../../admin/dist', import.meta.url));
  mkdirSync(folder, { recursive: true });
  const rules = (await pageHeaders()).map(([name, value]) => `  ${name}: ${value}`).join('\n');
  writeFileSync(join(folder, '_headers'), `# Written by apps/api/scripts/asset-headers.ts\n/*\n${rules}\n`);
}
