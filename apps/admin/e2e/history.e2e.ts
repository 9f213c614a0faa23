import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { keepFailureScreenshots, launchChromium, logIn as logInAs } from './browser';
import { ADMIN_PASSWORD, type RunningServer, sampleCustomer, startServer } from './server';

/**
 * Settings → History in Chromium: an admin edits a customer, opens History, filters by their own
 * user (a sales user's change drops out), sees their edit and follows it to the customer; the
 * filters live in the URL. A sales user has no History link and is kept out of the screen.
 */
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const SALES_PASSWORD = 'sales-password-1';
let customerId = '';

const nav = () => page.getByRole('navigation', { name: 'Main' });
const param = (name: string) => new URL(page.url()).searchParams.get(name);
const entries = () => page.locator('.audit-log > li');
const shownCount = () => page.locator('p.count').textContent();
/** What the API itself counts for a query, to hold the screen's count against. */
async function apiCount(query: string): Promise<number> {
  return ((await (await server.call('GET', `/api/audit/?${query}`)).json()) as { count: number }).count;
}

const logIn = (username: string, password: string) => logInAs(page, username, password);

beforeAll(async () => {
  server = await startServer();
  const created = await server.call('POST', '/api/customer/customers/', {
    ...sampleCustomer,
    name: 'Hilda History',
    principal: 'admin',
  });
  expect(created.status, await created.clone().text()).toBe(201);
  customerId = ((await created.json()) as { id: string }).id;
  const sid = await server.call('POST', '/api/users/', { username: 'sid', role: 'sales', password: SALES_PASSWORD });
  expect(sid.status, await sid.clone().text()).toBe(201);
  // A change by someone else, which the user filter must leave out.
  const login = await fetch(`${server.base}/api/auth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'sid', password: SALES_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const bySid = await fetch(`${server.base}/api/customer/customers/`, {
    method: 'POST',
    headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...sampleCustomer, name: 'Sid Customer', principal: 'sid' }),
  });
  expect(bySid.status, await bySid.clone().text()).toBe(201);
  browser = await launchChromium();
  const context = await browser.newContext({
    baseURL: server.base,
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

keepFailureScreenshots('crm-e2e-history-failed', () => page);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the change history screen', () => {
  test('an admin edits a customer, filters History by their user and sees the change', async () => {
    await logIn('admin', ADMIN_PASSWORD);
    await page.goto(`/customers/${customerId}/edit`);
    await expect.poll(() => page.getByLabel('Name').inputValue()).toBe('Hilda History');
    await page.getByLabel('Name').fill('Hilda Renamed');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/customers\/\d+$/);

    await nav().getByRole('link', { name: 'History' }).click();
    await page.waitForURL('**/settings/history');
    // Everything, Sid's change among it.
    const everything = await apiCount('');
    await expect.poll(shownCount).toContain(`${everything} changes`);
    expect(await entries().filter({ hasText: 'by sid' }).count()).toBe(1);

    await page.getByLabel('User').selectOption({ label: 'admin' });
    await expect.poll(() => param('user')).not.toBeNull();
    const mine = await apiCount(`user=${param('user')}`);
    expect(mine).toBeLessThan(everything);
    await expect.poll(shownCount).toContain(`${mine} changes`);
    await expect.poll(() => entries().filter({ hasText: 'by sid' }).count()).toBe(0);
    const edit = entries().first();
    expect(await edit.getAttribute('data-action')).toBe('update');
    expect(await edit.locator('tbody tr').first().textContent()).toMatch(/Name.*Hilda History.*Hilda Renamed/);

    // Kept in the URL: a reload shows the same filter and list; object and id narrow it further.
    await page.reload();
    await expect.poll(() => page.getByLabel('User').inputValue()).toBe(param('user'));
    await expect.poll(shownCount).toContain(`${mine} changes`);
    await page.getByLabel('Object', { exact: true }).selectOption('customer');
    await page.getByLabel('Object ID').fill(customerId);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => param('id')).toBe(customerId);
    // Its create and the edit, both the admin's.
    await expect.poll(shownCount).toContain('2 changes');

    await edit.getByRole('link', { name: `Open customer ${customerId}` }).click();
    await page.waitForURL(`**/customers/${customerId}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Hilda Renamed' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
  });

  test('a sales user has no History link, and the screen is not allowed', async () => {
    await logIn('sid', SALES_PASSWORD);
    expect(await nav().getByRole('link', { name: 'My account' }).count()).toBe(1);
    expect(await nav().getByRole('link', { name: 'History' }).count()).toBe(0);
    await page.goto('/settings/history');
    await page.waitForURL('**/not-allowed**');
    await expect.poll(() => page.getByRole('heading', { name: 'Not allowed' }).isVisible()).toBe(true);
  });

  test('no uncaught error in the page during the session', () => {
    expect(pageErrors).toEqual([]);
  });
});
