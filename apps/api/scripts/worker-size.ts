/**
 * The Worker bundle as Cloudflare would upload it (`wrangler deploy --dry-run --outdir`, which
 * bundles without deploying or contacting anything), gzipped: printed for CI, and it must stay
 * under Cloudflare's 1 MB (gzip) limit for the Free plan. Exits non-zero above it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TOP_LEVEL_ENV, wrangler } from '../src/testing/worker-server';

export const LIMIT_BYTES = 1024 * 1024;

export async function measureWorkerBundle(): Promise<{ files: number; raw: number; gzipped: number }> {
  const outdir = mkdtempSync(join(tmpdir(), 'crm-worker-bundle-'));
  try {
    await wrangler(['deploy', '--dry-run', '--outdir', outdir, TOP_LEVEL_ENV]);
    const files = readdirSync(outdir, { recursive: true })
      .map((name) => join(outdir, String(name)))
      .filter((path) => statSync(path).isFile() && /\.(m?js|wasm)$/.test(path));
    let raw = 0;
    let gzipped = 0;
    for (const path of files) {
      const bytes = readFileSync(path);
      raw += bytes.length;
      gzipped += gzipSync(bytes, { level: 9 }).length;
    }
    return { files: files.length, raw, gzipped };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { files, raw, gzipped } = await measureWorkerBundle();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`Worker bundle: ${kb(raw)} in ${files} file(s), ${kb(gzipped)} gzipped (limit ${kb(LIMIT_BYTES)})`);
  if (gzipped >= LIMIT_BYTES) {
    console.error('The Worker bundle is over 1 MB gzipped.');
    process.exit(1);
  }
}
