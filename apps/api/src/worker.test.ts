import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApi, type TestApi, workerOnly } from './testing/test-api';
import { API_DIR } from './testing/worker-server';

/**
 * On Workers the admin app is served by wrangler's `assets`, not by our code, and the purge runs
 * from a cron trigger: these check wrangler.jsonc. (On Bun, bun-server/server.ts serves the
 * admin; see the executable's test.)
 */
workerOnly('wrangler assets and cron triggers', () => {
  let api: TestApi;
  let adminIndex: string;
  beforeAll(async () => {
    api = await startTestApi();
    adminIndex = readFileSync(join(process.env.ADMIN_DIST ?? join(API_DIR, '../admin/dist'), 'index.html'), 'utf8');
  });
  afterAll(() => api.close());

  describe('the Worker with its static assets and cron trigger', () => {
    test('serves the admin page at / and, as a single-page app, for its client-side routes', async () => {
      for (const path of ['/', '/customers/12']) {
        const res = await fetch(`${api.base}${path}`, {
          headers: { 'sec-fetch-mode': 'navigate', accept: 'text/html' },
        });
        expect(res.status).toBe(200);
        expect(await res.text()).toBe(adminIndex);
      }
    });

    test('runs the hourly purge (the cron trigger) on its database without an error', async () => {
      const res = await fetch(`${api.base}/cdn-cgi/local/scheduled?cron=${encodeURIComponent('17 * * * *')}`);
      expect({ status: res.status, body: await res.text() }).toEqual({ status: 200, body: 'ok' });
    });

    test('never answers /api/* with the admin page, navigation or not', async () => {
      const navigate: Record<string, string> = { 'sec-fetch-mode': 'navigate', accept: 'text/html' };
      for (const headers of [{}, navigate]) {
        const res = await fetch(`${api.base}/api/no-such-endpoint/`, { headers });
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toStartWith('application/json');
      }
      const unknown = await api.call('GET', '/api/no-such-endpoint/');
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ detail: 'Not found.' });
    });
  });
});
