import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { expectStatus, login as loginAs } from '../testing/http-fixtures';
import { bunOnly, startTestApi, TEST_USER, type TestApi, workerOnly } from '../testing/test-api';
import { LOGIN_WINDOW_MS, MAX_LOGIN_FAILURES } from './login-limit';

bunOnly('pins the server clock', () => {
  let api: TestApi;
  let clock = Date.now();
  beforeAll(async () => {
    api = await startTestApi({ now: () => clock });
  });
  afterAll(() => api.close());
  // Each test starts after the previous one's failures have left the window.
  beforeEach(() => {
    clock += LOGIN_WINDOW_MS + 1000;
  });

  const login = (username: string, password: string) => loginAs(api, { username, password });

  const badCredentials = { non_field_errors: ['Unable to log in with provided credentials.'] };

  async function failTimes(count: number, username: (i: number) => string) {
    for (let i = 0; i < count; i++) {
      expect(await expectStatus(await login(username(i), 'wrong password'), 400)).toEqual(badCredentials);
    }
  }

  describe('POST /api/auth/token/ rate limit', () => {
    test('answers 429 with Retry-After after 10 failures for a username, even with the right password', async () => {
      await failTimes(MAX_LOGIN_FAILURES, () => TEST_USER.username);
      const res = await login(TEST_USER.username, TEST_USER.password);
      const body = await expectStatus(res, 429);
      expect(Object.keys(body)).toEqual(['detail']);
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_MS / 1000);
    });

    test('treats a username that does not exist exactly like one that does', async () => {
      await failTimes(MAX_LOGIN_FAILURES, () => 'nobody-by-this-name');
      const res = await login('nobody-by-this-name', 'whatever');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    test('counts usernames case-insensitively', async () => {
      await failTimes(MAX_LOGIN_FAILURES, (i) => (i % 2 ? 'Someone' : 'SOMEONE '));
      expect((await login('someone', 'x')).status).toBe(429);
    });

    test('lets the user in again once the quarter-hour has passed', async () => {
      await failTimes(MAX_LOGIN_FAILURES, () => TEST_USER.username);
      expect((await login(TEST_USER.username, TEST_USER.password)).status).toBe(429);
      clock += LOGIN_WINDOW_MS;
      expect((await login(TEST_USER.username, TEST_USER.password)).status).toBe(200);
    });

    // The failures were the user's own (same username), so they also leave the address's count.
    test('allows 10 failures, and a success forgives the username its failures', async () => {
      await failTimes(MAX_LOGIN_FAILURES - 1, () => TEST_USER.username);
      expect((await login(TEST_USER.username, TEST_USER.password)).status).toBe(200);
      await failTimes(MAX_LOGIN_FAILURES - 1, () => TEST_USER.username);
      expect((await login(TEST_USER.username, TEST_USER.password)).status).toBe(200);
    });

    test('limits one client address trying many usernames', async () => {
      await failTimes(MAX_LOGIN_FAILURES, (i) => `guess-${i}`);
      const res = await login('yet-another-guess', 'x');
      expect(res.status).toBe(429);
      // The address is blocked for everyone on it, the right password included: that is the point.
      expect((await login(TEST_USER.username, TEST_USER.password)).status).toBe(429);
    });

    test('keeps the table small: failures older than the window are dropped', async () => {
      await failTimes(3, () => 'old-failures');
      clock += LOGIN_WINDOW_MS + 1000;
      await failTimes(1, () => 'fresh-failure');
      const [row] = await api.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM login_failures`);
      expect(row?.n).toBe(1);
    });
  });
});

workerOnly('sends CF-Connecting-IP, which wrangler dev passes to the Worker as the client address', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  // The clock of a shared server cannot be moved: addresses and usernames of these tests' own,
  // so the limits they reach hold nobody else back.
  const own = () => crypto.getRandomValues(new Uint8Array(3)).join('.');
  const login = (username: string, password: string, address: string) =>
    api.client.api.auth.token.$post(
      { json: { username, password } },
      { headers: { authorization: '', 'cf-connecting-ip': `10.${address}` } },
    );

  test('answers 429 with Retry-After after 10 failures from one address, whatever the usernames', async () => {
    const address = own();
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++) {
      expect((await login(`guess-${own()}`, 'wrong password', address)).status).toBe(400);
    }
    const res = await login(`guess-${own()}`, 'wrong password', address);
    expect(Object.keys(await expectStatus(res, 429))).toEqual(['detail']);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not held back.
    expect((await login(TEST_USER.username, TEST_USER.password, own())).status).toBe(200);
  });

  test('answers 429 after 10 failures for one username, from whichever addresses', async () => {
    const username = `target-${own()}`;
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++) {
      expect((await login(username, 'wrong password', own())).status).toBe(400);
    }
    expect((await login(username, 'wrong password', own())).status).toBe(429);
  });
});
