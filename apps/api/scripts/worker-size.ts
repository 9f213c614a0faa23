/**
 * The Worker bundle as Cloudflare would upload it (`wrangler deploy --dry-run --outdir`, which
 * bundles without deploying or contacting anything), gzipped: printed for CI. Cloudflare's Free plan
 * allows 1 MB (gzip); we hold it to 130 KiB, so a dependency that bloats cold starts (zod imported
 * as `{ z }` instead of a namespace, a second validator, an unminified build) fails CI at once. It must also hold no Node-only module
 * (node:fs and the like, the native `libsql` driver): only the Bun adapter may use them.
 * Exits non-zero when either fails.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TOP_LEVEL_ENV, wrangler } from '../src/testing/worker-server';

export const LIMIT_BYTES = 130 * 1024;

/** An import of a Node built-in (with or without `node:`) or of the native libsql driver. */
const NODE_IMPORT =
  /(?:from\s*|import\(|require\()["']((?:node:)?(?:fs|path|os|child_process|net|tls|https?|zlib|stream|crypto|url|util|buffer|events|worker_threads|module)(?:\/[\w/]+)?|node:[\w/]+|libsql|@libsql\/[\w-]+-gnu)["']/g;

/** What workerd provides without `nodejs_compat` and the bundle may import. */
const ALLOWED_NODE_MODULES = new Set(['node:stream/web']);

export async function measureWorkerBundle(): Promise<{ files: number; raw: number; gzipped: number; node: string[] }> {
  const outdir = mkdtempSync(join(tmpdir(), 'crm-worker-bundle-'));
  try {
    await wrangler(['deploy', '--dry-run', '--outdir', outdir, TOP_LEVEL_ENV]);
    const files = readdirSync(outdir, { recursive: true })
      .map((name) => join(outdir, String(name)))
      .filter((path) => statSync(path).isFile() && /\.(m?js|wasm)$/.test(path));
    let raw = 0;
    let gzipped = 0;
    const node = new Set<string>();
    for (const path of files) {
      const bytes = readFileSync(path);
      raw += bytes.length;
      gzipped += gzipSync(bytes, { level: 9 }).length;
      const text = bytes.toString('utf8');
      for (const match of text.matchAll(NODE_IMPORT)) {
        if (match[1]) node.add(match[1]);
      }
    }
    return { files: files.length, raw, gzipped, node: [...node].sort() };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { files, raw, gzipped, node } = await measureWorkerBundle();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`Worker bundle: ${kb(raw)} in ${files} file(s), ${kb(gzipped)} gzipped (limit ${kb(LIMIT_BYTES)})`);
  console.log(`Worker bundle imports: ${node.length > 0 ? node.join(', ') : 'no Node modules'}`);
  const forbidden = node.filter((name) => !ALLOWED_NODE_MODULES.has(name));
  if (gzipped >= LIMIT_BYTES) console.error(`The Worker bundle is over ${kb(LIMIT_BYTES)} gzipped.`);
  if (forbidden.length > 0) console.error(`The Worker bundle imports Node-only modules: ${forbidden.join(', ')}`);
  if (gzipped >= LIMIT_BYTES || forbidden.length > 0) process.exit(1);
}
