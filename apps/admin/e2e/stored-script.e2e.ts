import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './browser';
import { ADMIN_PASSWORD, type RunningServer, startServer } from './server';

/**
 * A script stored in any text field shows as text and runs nothing, on every screen that shows
 * it; and the server's content security policy lets the app itself (and /api/docs) run.
 */
const payloads = {
  name: '<img src=x onerror="window.__xss=1">',
  company_details: '<script>window.__xss=2</script>',
  address: '"><svg onload="window.__xss=3">',
  principal: "{{ constructor.constructor('window.__xss=4')() }}",
  title: '<iframe src="javascript:window.__xss=5">',
  content: '<a href="javascript:window.__xss=6">click</a><style>body{display:none}</style>',
  entryPrincipal: '<b onmouseover="window.__xss=7">bold</b>',
};

let server: RunningServer;
let browser: Browser;
let page: Page;
let customerId: string;
const dialogs: string[] = [];
const cspViolations: string[] = [];

const injectedNodes = () =>
  page.evaluate(
    () =>
      document.querySelectorAll('img[src="x"], main script, svg[onload], iframe, b[onmouseover], a[href^="javascript"]')
        .length,
  );
const ran = () => page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null);

beforeAll(async () => {
  server = await startServer();
  const created = await server.call('POST', '/api/customer/customers/', {
    name: payloads.name,
    email: '',
    customer_type: 'A',
    company_details: payloads.company_details,
    lead_source: 'referral',
    address: payloads.address,
    customer_industry: 'retail',
    follow_up_status: 'proposal',
    principal: payloads.principal,
  });
  customerId = ((await created.json()) as { id: string }).id;
  const entry = await server.call('POST', '/api/customer/follow-up/', {
    customer_id: customerId,
    title: payloads.title,
    time: new Date(Date.now() - 86_400_000).toISOString(),
    principal: payloads.entryPrincipal,
    content: payloads.content,
    next_time: new Date(Date.now() - 3_600_000).toISOString(),
  });
  if (entry.status !== 201) throw new Error(`seed failed: ${await entry.text()}`);

  browser = await launchChromium();
  const context = await browser.newContext({ baseURL: server.base, locale: 'en-US' });
  page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto('/login');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('stored scripts in text fields', () => {
  test('the follow-ups home shows the customer and entry as text', async () => {
    await page.goto('/?due=overdue');
    await expect.poll(() => page.getByText(payloads.name, { exact: true }).first().isVisible()).toBe(true);
    expect(await injectedNodes()).toBe(0);
    expect(await ran()).toBeNull();
  });

  test('the list shows name, principal and company as text', async () => {
    await page.goto(`/customers?q=${encodeURIComponent('<img')}`);
    await expect.poll(() => page.getByRole('link', { name: payloads.name }).isVisible()).toBe(true);
    expect(await page.getByText(payloads.principal, { exact: true }).count()).toBeGreaterThan(0);
    expect(await injectedNodes()).toBe(0);
    expect(await ran()).toBeNull();
  });

  test('the detail shows every text field of the customer and its entry as text', async () => {
    await page.goto(`/customers/${customerId}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(payloads.name);
    const text = (await page.locator('body').textContent()) ?? '';
    for (const value of Object.values(payloads)) expect(text).toContain(value);
    expect(await injectedNodes()).toBe(0);
    await page.mouse.move(10, 10);
    expect(await ran()).toBeNull();
  });

  test('the edit form holds the values as text', async () => {
    await page.goto(`/customers/${customerId}/edit`);
    await expect.poll(() => page.getByLabel('Name').inputValue()).toBe(payloads.name);
    expect(await page.getByLabel('Address').inputValue()).toBe(payloads.address);
    expect(await injectedNodes()).toBe(0);
    expect(await ran()).toBeNull();
  });

  test('the change history shows who changed which field, before and after, as text', async () => {
    const edited = await server.call('PATCH', `/api/customer/customers/${customerId}/`, { address: 'Plain street 1' });
    expect(edited.status).toBe(200);
    await page.goto(`/customers/${customerId}`);
    const changes = page.locator('section.changes');
    await expect.poll(() => changes.locator('li[data-action="update"]').count()).toBe(1);
    const row = changes.locator('li[data-action="update"] tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').allTextContents()).toEqual([payloads.address, 'Plain street 1']);
    expect(await changes.locator('li[data-action="update"]').textContent()).toContain('by admin');
    expect(await changes.locator('li[data-action="create"]').count()).toBe(1);
    await page.screenshot({ path: `${tmpdir()}/crm-change-history.png`, fullPage: true });
    expect(await injectedNodes()).toBe(0);
    expect(await ran()).toBeNull();
  });

  test('the trash shows the name as text', async () => {
    expect((await server.call('DELETE', `/api/customer/customers/${customerId}`)).status).toBe(200);
    await page.goto('/trash');
    await expect.poll(() => page.getByText(payloads.name, { exact: true }).first().isVisible()).toBe(true);
    expect(await injectedNodes()).toBe(0);
    expect(await ran()).toBeNull();
    expect(dialogs).toEqual([]);
  });

  test('the content security policy blocks nothing the app or /api/docs needs', async () => {
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.goto('/api/docs');
    await expect
      .poll(() => page.locator('.swagger-ui .info .title').first().isVisible(), { timeout: 20_000 })
      .toBe(true);
    expect(cspViolations).toEqual([]);
  });
});
