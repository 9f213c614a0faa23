import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { adminFolder, serveAdmin } from '../admin-files';
import { MAX_STATIC_PATH_BYTES } from '../admin-pages';
import { startTestApi, TEST_TARGET, type TestApi } from '../testing/test-api';
import { API_DIR } from '../testing/worker-server';
import { rawGet } from './raw-http';
import { staticPathCases } from './static-path-cases';

/**
 * The static routes (the admin's files and pages at `/`, `/assets/`, Swagger UI's files) fuzzed
 * from outside with raw request lines: long, dotted, encoded, NUL, backslash and Unicode paths.
 * Whatever the path, the answer is never a 5xx and never a file from outside the build: a file
 * of the build, the admin page for what may be a client-side route, or a 4xx. On Bun the app
 * serves a small build made here; on Workers, wrangler's assets and the Worker serve the real one.
 */
const NUM_RUNS = Number(process.env.NUM_RUNS ?? 300);

const long = (n: number) => 'a'.repeat(n);

let api: TestApi;
let dist: string;
let madeDist: string | undefined;
/** Every file of the build by URL path, with its text. */
let files: Map<string, string>;
let index: string;
let asset: string;

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

beforeAll(async () => {
  if (TEST_TARGET === 'bun') {
    madeDist = mkdtempSync(join(tmpdir(), 'crm-static-'));
    dist = madeDist;
    mkdirSync(join(dist, 'assets'));
    mkdirSync(join(dist, 'swagger-ui-dist'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>admin</title><script src="/assets/app-1a2b3c.js">');
    writeFileSync(join(dist, 'assets/app-1a2b3c.js'), 'console.log("app");');
    writeFileSync(join(dist, 'swagger-ui-dist/swagger-ui.css'), 'body{}');
    const admin = adminFolder(dist);
    if (!admin) throw new Error('the test build has no index.html');
    api = await startTestApi({ admin: serveAdmin(admin) });
  } else {
    dist = process.env.ADMIN_DIST ?? join(API_DIR, '../admin/dist');
    api = await startTestApi();
  }
  files = new Map(walk(dist).map((path) => [`/${relative(dist, path)}`, readFileSync(path, 'utf8')]));
  index = files.get('/index.html') ?? '';
  // The docs page and its two files are answers of the app, not of the build.
  for (const path of [
    '/api/docs',
    '/api/docs/swagger-ui-dist/swagger-ui.css',
    '/api/docs/swagger-ui-dist/swagger-ui-bundle.js',
  ]) {
    files.set(path, await (await fetch(`${api.base}${path}`)).text());
  }
  asset = [...files.keys()].find((path) => path.startsWith('/assets/') && path.endsWith('.js')) ?? '';
});

afterAll(async () => {
  await api.close();
  if (madeDist) rmSync(madeDist, { recursive: true, force: true });
});

/** Never a 5xx; a 200 is the page or a file of the build, byte for byte; a 3xx stays on this server. */
async function expectSafe(target: string) {
  const res = await rawGet(api.base, target);
  const context = `GET ${target.slice(0, 120)}${target.length > 120 ? '…' : ''} → ${res.status}`;
  if (res.status >= 500) throw new Error(`${context}: ${res.body.slice(0, 300)}`);
  if (res.status === 200 && res.body !== index && ![...files.values()].includes(res.body)) {
    throw new Error(`${context}: a body that is no file of the build: ${res.body.slice(0, 200)}`);
  }
  if (res.status >= 300 && res.status < 400) {
    const location = res.headers.location ?? '';
    if (!location.startsWith('/') || location.startsWith('//')) throw new Error(`${context}: redirect to ${location}`);
  }
  return res;
}

describe('static paths: never a 5xx, never a file from outside the build', () => {
  test('serves the build: the page at / and for client-side routes, its files under /assets/', async () => {
    for (const path of ['/', '/customers/12', '/trash']) {
      const res = await expectSafe(path);
      expect({ path, status: res.status, page: res.body === index }).toEqual({ path, status: 200, page: true });
    }
    const res = await expectSafe(asset);
    expect(res.status).toBe(200);
    expect(res.body).toBe(files.get(asset) ?? '');
    expect(res.headers['content-type']).toContain('javascript');
  });

  for (const [what, target, statuses] of staticPathCases) {
    test(`GET ${what} answers ${statuses.join(' or ')}`, async () => {
      const res = await expectSafe(target);
      expect(statuses).toContain(res.status);
    });
  }

  const segment = fc.oneof(
    fc.constantFrom('', '.', '..', '%2e', '%2e%2e', '.%2e', '%2f', '%5c', '\\', '%00', '%0a', '%ff', '%', '%zz', '%25'),
    fc.constantFrom('assets', 'swagger-ui-dist', 'index.html', 'customers', '12', 'etc', 'passwd'),
    fc.string({ unit: 'grapheme', maxLength: 12 }).map((text) => encodeURIComponent(text)),
    fc.stringMatching(/^[\w.~!$&'()*+,;=:@-]{0,20}$/),
    fc.integer({ min: 200, max: 2100 }).map((n) => long(n)),
  );
  const target = fc
    .tuple(fc.constantFrom('/', '/assets/', '/swagger-ui-dist/', '/api/docs/'), fc.array(segment, { maxLength: 6 }))
    .map(([prefix, segments]) => `${prefix}${segments.join('/')}`);

  test(
    'random paths under /, /assets/, /swagger-ui-dist/ and /api/docs/ never get a 5xx or a foreign file',
    async () => {
      await fc.assert(
        fc.asyncProperty(target, async (path) => {
          await expectSafe(path);
        }),
        { numRuns: NUM_RUNS, endOnFailure: true },
      );
    },
    30_000 + NUM_RUNS * 100,
  );

  const missingAsset = fc
    .array(fc.oneof(fc.stringMatching(/^[\w-]{1,40}$/), fc.integer({ min: 256, max: 2100 }).map(long)), {
      minLength: 1,
      maxLength: 3,
    })
    .map((names) => `/assets/${names.join('/')}.js`)
    .filter((path) => !files.has(path));

  test(
    'a name under /assets/ that is no file of the build is a 404 (a 414 above PATH_MAX), never the page',
    async () => {
      await fc.assert(
        fc.asyncProperty(missingAsset, async (path) => {
          const res = await expectSafe(path);
          expect(res.status).toBe(path.length > MAX_STATIC_PATH_BYTES ? 414 : 404);
        }),
        { numRuns: Math.max(20, NUM_RUNS / 5), endOnFailure: true },
      );
    },
    30_000 + NUM_RUNS * 100,
  );
});
