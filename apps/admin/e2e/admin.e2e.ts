import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { expectedEnglishFieldLabels } from '../src/locales/field-labels.fixture';
import { launchChromium } from './browser';
import { ADMIN_PASSWORD, type RunningServer, startServer } from './server';

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const XSS_NAME = '<img src=x onerror=alert(1)>';
const types = ['A', 'B', 'C', 'D'];
const sources = ['direct_traffic', 'referral', 'exhibition'];
const industries = ['finance', 'retail', 'education'];
const statuses = ['initial_contact', 'proposal', 'negotiation', 'closed_won'];

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Native dialogs (alert, confirm) never appear in this app: one here means injected script ran. */
const nativeDialogs: string[] = [];
/** Uncaught exceptions in the page: there must be none by the end. */
const pageErrors: string[] = [];

const seed = (i: number) => ({
  name: `Customer ${String(i).padStart(2, '0')}`,
  landline: '',
  email: `customer${i}@example.com`,
  mobile_phone: `0404 730 ${String(100 + i)}`,
  customer_type: types[i % types.length],
  company_details: `Company number ${i}`,
  lead_source: sources[i % sources.length],
  address: '',
  customer_industry: industries[i % industries.length],
  follow_up_status: statuses[i % statuses.length],
  principal: i % 2 === 0 ? 'Alice Wong' : 'Bob Li',
});

async function apiCount(query: string): Promise<number> {
  const response = await server.call('GET', `/api/customer/customers/?${query}`);
  return ((await response.json()) as { count: number }).count;
}

const countText = () => page.locator('p.count');
const snap = (name: string) => page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });
const path = () => new URL(page.url()).pathname + new URL(page.url()).search;
const param = (name: string) => new URL(page.url()).searchParams.get(name);

async function expectCount(n: number) {
  await expect.poll(() => countText().textContent()).toContain(n === 1 ? '1 customer' : `${n} customers`);
}

async function logIn() {
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

beforeAll(async () => {
  server = await startServer();
  for (let i = 1; i <= 24; i++) {
    const response = await server.call('POST', '/api/customer/customers/', seed(i));
    if (response.status !== 201) throw new Error(`seed failed: ${await response.text()}`);
  }
  // An overdue customer: its planned follow-up was two days ago.
  const overdue = await server.call('POST', '/api/customer/customers/', { ...seed(99), name: 'Overdue Oscar' });
  const { id } = (await overdue.json()) as { id: string };
  const day = 86_400_000;
  await server.call('POST', '/api/customer/follow-up/', {
    customer_id: id,
    title: 'First call',
    time: new Date(Date.now() - 5 * day).toISOString(),
    principal: 'Alice Wong',
    content: 'Wants a quote.',
    next_time: new Date(Date.now() - 2 * day).toISOString(),
  });
  await server.call('POST', '/api/customer/customers/', { ...seed(98), name: XSS_NAME });
  // Due later this week (in an hour: inside "this week" whatever the time of day).
  const soon = await server.call('POST', '/api/customer/customers/', { ...seed(97), name: 'Weekly Wendy' });
  await server.call('POST', '/api/customer/follow-up/', {
    customer_id: ((await soon.json()) as { id: string }).id,
    title: 'Demo',
    time: new Date(Date.now() - day).toISOString(),
    principal: 'Bob Li',
    content: 'Showed the product.',
    next_time: new Date(Date.now() + 3_600_000).toISOString(),
  });

  browser = await launchChromium();
  context = await browser.newContext({
    baseURL: server.base,
    locale: 'en-US',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    nativeDialogs.push(dialog.message());
    dialog.dismiss();
  });
});

// A failed step leaves a picture of the page beside the log, which says more than a timeout.
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && page) {
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await page.screenshot({ path: join(tmpdir(), `crm-e2e-failed-${name}.png`), fullPage: true }).catch(() => {});
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the admin app in Chromium', () => {
  test('log in: a visitor is sent to log in and then to the follow-ups home screen', async () => {
    await page.goto('/');
    await page.waitForURL(/\/login\?redirect=/);
    await expect.poll(() => page.getByRole('heading', { name: 'Log in' }).isVisible()).toBe(true);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Unable to log in');
    await page.getByLabel('Password').fill('');
    await snap('login');
    await logIn();
    await page.waitForURL((url) => url.pathname === '/');
    await expect.poll(() => page.getByRole('heading', { name: 'Follow-ups' }).isVisible()).toBe(true);
  });

  test('the follow-ups home screen lists the overdue customer; adding an entry moves it off without a reload', async () => {
    const row = page.locator('.due-row', { hasText: 'Overdue Oscar' });
    await expect.poll(() => row.isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('tab', { name: /Overdue/ }).textContent()).toContain('1');
    expect(await row.textContent()).toContain('Overdue');
    expect(await row.getByRole('link', { name: 'Overdue Oscar' }).getAttribute('href')).toMatch(/^\/customers\/\d+$/);
    await snap('follow-ups');
    // A marker on window survives only if the page is not reloaded.
    await page.evaluate(() => Object.assign(window, { e2eMarker: 1 }));
    await row.getByRole('button', { name: 'Add follow-up' }).click();
    await row.getByLabel('Title').fill('Called back');
    await row.getByLabel('Notes').fill('Sent the quote.');
    await row.locator('form').getByRole('button', { name: 'Add follow-up' }).click();
    await expect.poll(() => page.locator('.due-row', { hasText: 'Overdue Oscar' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('tab', { name: /Overdue/ }).textContent()).toContain('0');
    expect(await page.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker)).toBe(1);
  });

  test('the follow-up tabs and the principal filter live in the URL', async () => {
    await page.getByRole('tab', { name: /This week/ }).click();
    await expect.poll(() => param('due')).toBe('week');
    await expect.poll(() => page.locator('.due-row', { hasText: 'Weekly Wendy' }).isVisible()).toBe(true);
    expect(await page.getByRole('tab', { name: /This week/ }).getAttribute('aria-selected')).toBe('true');
    await page.getByLabel('Principal').fill('Alice Wong');
    await page.getByLabel('Principal').press('Enter');
    await expect.poll(() => param('principal')).toBe('Alice Wong');
    await expect.poll(() => page.getByText('Nothing due here.').isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByLabel('Principal').inputValue()).toBe('Alice Wong');
    await page.getByRole('tab', { name: /This week/ }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => param('due')).toBe('today');
    await page.getByRole('navigation').getByRole('link', { name: 'Follow-ups' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
  });

  test('create a customer: client-side errors first, then the saved customer', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'New customer' }).click();
    await page.waitForURL('**/customers/new');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(3);
    expect(await page.locator('.field-error').first().textContent()).toMatch(
      /This field (is required|may not be blank)/,
    );
    await page.getByLabel('Name').fill('Zed Zhang');
    await page.getByLabel('Landline').fill('5919 0000');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Mobile phone').fill('0404 730 855');
    await page.getByLabel('Customer type').selectOption({ label: 'A (highest)' });
    await page.getByLabel('Company details').fill('Qantas Airways Limited');
    await page.getByLabel('Lead source').selectOption({ label: 'Direct traffic' });
    await page.getByLabel('Address').fill('1 Harbour St, Sydney');
    await page.getByLabel('Customer industry').selectOption({ label: 'Finance' });
    await page.getByLabel('Follow-up status').selectOption({ label: 'Proposal' });
    await page.getByLabel('Principal').fill('Jane Smith');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.field-error').textContent()).toContain('Enter a valid email address.');
    await snap('customer-form');
    await page.getByLabel('Email').fill('zed@example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/customers\/\d+$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Zed Zhang');
    expect(await page.locator('dl.fields').textContent()).toContain('Direct traffic');
  });

  test('filter with each select, including "All", which sends no parameter', async () => {
    await page.goto('/customers');
    const total = await apiCount('');
    await expectCount(total);
    const picks: [string, string, string][] = [
      ['Customer type', 'B', 'customer_type'],
      ['Lead source', 'Referral', 'lead_source'],
      ['Customer industry', 'Retail', 'customer_industry'],
      ['Follow-up status', 'Negotiation', 'follow_up_status'],
    ];
    for (const [label, option, field] of picks) {
      await page.getByLabel(label, { exact: true }).selectOption({ label: option });
      await expect.poll(() => param(field)).not.toBeNull();
      await expectCount(await apiCount(`${field}=${param(field)}`));
      await page.getByLabel(label, { exact: true }).selectOption({ label: 'All' });
      await expect.poll(() => param(field)).toBeNull();
      await expectCount(total);
    }
  });

  test('search with the debounced box and the Search button; the principal filter', async () => {
    await page.goto('/customers');
    await page.getByLabel(/Search name/).fill('customer 07');
    await expect.poll(() => param('q')).toBe('customer 07');
    await expectCount(1);
    expect(await page.locator('tbody tr').first().textContent()).toContain('Customer 07');
    await page.getByLabel(/Search name/).fill('0404 730 111');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expectCount(1);
    await page.getByLabel(/Search name/).fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => param('q')).toBeNull();
    await page.getByLabel('Principal', { exact: true }).fill('Bob Li');
    await page.getByLabel('Principal', { exact: true }).press('Enter');
    await expect.poll(() => param('principal')).toBe('Bob Li');
    await expectCount(await apiCount('principal=Bob%20Li'));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
  });

  test('sort by a column, ascending then descending', async () => {
    await page.goto('/customers');
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await expect.poll(() => param('ordering')).toBe('name');
    await expect.poll(() => page.locator('tbody tr td:first-child a').first().textContent()).toBe(XSS_NAME);
    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await expect.poll(() => param('ordering')).toBe('-name');
    await expect.poll(() => page.locator('tbody tr td:first-child a').first().textContent()).toBe('Zed Zhang');
    expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);
  });

  test('page through the list with a page size and the total count', async () => {
    const total = await apiCount('');
    await page.goto('/customers');
    await page.getByLabel('Rows per page').selectOption('10');
    await expect.poll(() => param('page_size')).toBe('10');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(10);
    const pages = Math.ceil(total / 10);
    expect(await page.locator('.pager-status').textContent()).toBe(`Page 1 of ${pages}`);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(() => param('page')).toBe('2');
    await expect.poll(() => page.locator('.pager-status').textContent()).toBe(`Page 2 of ${pages}`);
    await expectCount(total);
  });

  test('reload keeps the view (filters, sort and page live in the URL) and Back works', async () => {
    await page.getByLabel('Customer type', { exact: true }).selectOption({ label: 'A (highest)' });
    await expect.poll(() => param('customer_type')).toBe('A');
    await page.goto('/customers?customer_type=A&ordering=-name&page_size=10');
    const before = await page.locator('tbody').textContent();
    await page.reload();
    await expect.poll(() => page.getByLabel('Customer type', { exact: true }).inputValue()).toBe('A');
    await expect.poll(() => page.locator('tbody').textContent()).toBe(before);
    expect(path()).toBe('/customers?customer_type=A&ordering=-name&page_size=10');
    await page.getByLabel('Customer type', { exact: true }).selectOption({ label: 'All' });
    await expect.poll(() => param('customer_type')).toBeNull();
    await page.goBack();
    await expect.poll(() => page.getByLabel('Customer type', { exact: true }).inputValue()).toBe('A');
  });

  test('a customer named like HTML is shown as text and runs nothing', async () => {
    await page.goto(`/customers?q=${encodeURIComponent('<img')}`);
    await expectCount(1);
    const link = page.getByRole('link', { name: XSS_NAME });
    expect(await link.textContent()).toBe(XSS_NAME);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await link.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(XSS_NAME);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(nativeDialogs).toEqual([]);
  });

  test('open the detail, add a follow-up (time defaults to now), edit it and delete it', async () => {
    await page.goto('/customers?q=Zed');
    await page.getByRole('link', { name: 'Zed Zhang' }).click();
    await page.waitForURL(/\/customers\/\d+$/);
    await expect.poll(() => page.getByText('No follow-ups yet.').isVisible()).toBe(true);
    for (const label of expectedEnglishFieldLabels.slice(0, 7)) {
      expect(await page.locator('dl.fields dt', { hasText: label }).count()).toBeGreaterThan(0);
    }
    const time = await page.getByLabel('Time of contact').inputValue();
    // The input holds wall-clock time in the browser's zone (Asia/Shanghai here), so compare there.
    const age = await page.evaluate((value) => Date.now() - new Date(value).getTime(), time);
    expect(Math.abs(age)).toBeLessThan(15 * 60_000);
    await page.getByLabel('Title').fill('Intro call');
    await page.getByLabel('Notes').fill('Talked about fares.');
    await page.getByLabel('Next follow-up (optional)').fill('2031-03-04T10:30');
    await page.getByRole('button', { name: 'Add follow-up' }).click();
    const entry = page.locator('.follow-up-log li', { hasText: 'Intro call' });
    await expect.poll(() => entry.isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('next-follow-up').textContent()).toContain('2031');
    await snap('customer-detail');

    await entry.getByRole('button', { name: 'Edit' }).click();
    // While edited, the title is an input's value, not text: find the entry by its form.
    const editor = page.locator('.follow-up-log li form');
    await editor.getByLabel('Title').fill('Intro call (edited)');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.follow-up-log li h3').first().textContent()).toBe('Intro call (edited)');

    await page.locator('.follow-up-log li').first().getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByText('No follow-ups yet.').isVisible()).toBe(true);
  });

  test('edit the customer: unsaved-changes warning, then save', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(/\/edit$/);
    await expect.poll(() => page.getByLabel('Name').inputValue()).toBe('Zed Zhang');
    await page.getByLabel('Mobile phone').fill('0404 000 111');
    await page.getByRole('navigation').getByRole('link', { name: 'Customers' }).click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('unsaved changes');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(page.url()).toMatch(/\/edit$/);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/customers\/\d+$/);
    await expect.poll(() => page.locator('dl.fields').textContent()).toContain('0404 000 111');
  });

  test('delete the customer with confirmation and restore it from Recently deleted', async () => {
    const detailUrl = page.url();
    await page.getByRole('button', { name: 'Delete' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL('**/customers');
    await page.getByRole('navigation').getByRole('link', { name: 'Recently deleted' }).click();
    const row = page.locator('tbody tr', { hasText: 'Zed Zhang' });
    await expect.poll(() => row.isVisible()).toBe(true);
    await snap('trash');
    await row.getByRole('button', { name: /Restore/ }).click();
    await expect.poll(() => row.count()).toBe(0);
    await page.goto(detailUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Zed Zhang');
  });

  test('Recently deleted pages like the list and purges with confirmation, in English and Chinese', async () => {
    const trashCount = async () =>
      ((await (await server.call('GET', '/api/customer/trash/')).json()) as { count: number }).count;
    const before = await trashCount();
    // The paging below counts on an empty trash (the test before restored its customer).
    expect(before).toBe(0);
    const ids: string[] = [];
    for (let i = 1; i <= 23; i++) {
      const created = await server.call('POST', '/api/customer/customers/', {
        ...seed(i),
        name: `Trashed ${String(i).padStart(2, '0')}`,
        principal: 'Trash Pager',
      });
      const { id } = (await created.json()) as { id: string };
      ids.push(id);
      await server.call('DELETE', `/api/customer/customers/${id}`);
    }
    const total = before + 23;
    const rows = page.locator('tbody tr');
    await page.goto('/trash');
    await expectCount(total);
    await expect.poll(() => rows.count()).toBe(20);
    await expect.poll(() => page.locator('.pager-status').textContent()).toBe('Page 1 of 2');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL('**/trash?page=2');
    await expect.poll(() => rows.count()).toBe(total - 20);
    // The oldest deletions are on the last page (newest first): Trashed 01, 02, 03.
    const oldest = rows.filter({ hasText: 'Trashed 01' });

    // Cancel keeps the row; confirming deletes it for good.
    await oldest.getByRole('button', { name: 'Delete for good' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('Delete Trashed 01 for good? This cannot be undone.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await oldest.count()).toBe(1);
    await oldest.getByRole('button', { name: 'Delete for good' }).click();
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await expect.poll(() => oldest.count()).toBe(0);
    await expectCount(total - 1);
    expect(await trashCount()).toBe(total - 1);
    expect((await server.call('GET', `/api/customer/detail/${ids[0]}/`)).status).toBe(404);
    expect((await server.call('POST', `/api/customer/customers/${ids[0]}/restore/`)).status).toBe(404);

    // The same in Chinese: labels, pager and confirmation.
    await page.getByTestId('locale').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('最近删除');
    await expect.poll(() => page.locator('.pager-status').textContent()).toBe('第 2 页，共 2 页');
    await expect.poll(() => countText().textContent()).toContain(`${total - 1} 位客户`);
    const second = rows.filter({ hasText: 'Trashed 02' });
    await second.getByRole('button', { name: '永久删除' }).click();
    await expect.poll(() => dialog.textContent()).toContain('永久删除 Trashed 02？此操作无法撤销。');
    await dialog.getByRole('button', { name: '永久删除' }).click();
    await expect.poll(() => second.count()).toBe(0);
    await expect.poll(() => countText().textContent()).toContain(`${total - 2} 位客户`);
    await page.getByTestId('locale').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Recently deleted');

    // Restoring the last row of the last page goes back to the page before.
    await rows
      .filter({ hasText: 'Trashed 03' })
      .getByRole('button', { name: /Restore/ })
      .click();
    await page.waitForURL((url) => url.pathname === '/trash' && !url.searchParams.has('page'));
    await expectCount(total - 3);
    await expect.poll(() => rows.count()).toBe(20);
    await expect.poll(() => page.locator('.pager-status').textContent()).toBe('Page 1 of 1');
    // Rows per page, in the URL too.
    await page.getByLabel('Rows per page').selectOption('10');
    await page.waitForURL('**/trash?page_size=10');
    await expect.poll(() => rows.count()).toBe(10);
  });

  test('import a CSV with one bad row: progress, then the per-row report', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
    const csv = [
      'name,landline,email,mobile_phone,customer_type,company_details,lead_source,address,customer_industry,follow_up_status,principal',
      'Imported One,,one@example.com,,A,,referral,,retail,proposal,Alice Wong',
      'Imported Bad,,bad@example.com,,Z,,referral,,retail,proposal,Alice Wong',
      'Imported Two,,two@example.com,,B,,partner,,media,negotiation,Bob Li',
    ].join('\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.locator('.result-created').textContent()).toBe('2 customers imported.');
    const report = page.locator('tbody tr');
    expect(await report.count()).toBe(1);
    expect(await report.first().textContent()).toContain('3');
    expect(await report.first().textContent()).toContain('Customer type');
    expect(await report.first().textContent()).toContain('"Z" is not a valid choice.');
    await snap('import');
    expect(await apiCount('q=Imported')).toBe(2);
  });

  test('export downloads the current filtered list as CSV', async () => {
    await page.goto('/customers?customer_type=B');
    await expectCount(await apiCount('customer_type=B'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const file = await download.path();
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toContain('name');
    expect(lines.length - 1).toBe(await apiCount('customer_type=B'));
  });

  test('switch to Chinese and back; the choice is remembered', async () => {
    await page.goto('/customers?lead_source=direct_traffic');
    await expectCount(await apiCount('lead_source=direct_traffic'));
    await snap('customers-en');
    await page.getByTestId('locale').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('客户');
    expect(await page.getByLabel('线索来源').locator('option:checked').textContent()).toBe('直接访问');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await snap('customers-zh');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('客户');
    await page.getByTestId('locale').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Customers');
    expect(await page.getByLabel('Lead source').locator('option:checked').textContent()).toBe('Direct traffic');
  });

  test('works 360 px wide', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/customers');
    await expectCount(await apiCount(''));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await snap('customers-mobile');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('a 401 anywhere returns to log in and then back to the page you were on', async () => {
    await page.goto('/trash');
    await expect.poll(() => page.getByRole('heading', { name: 'Recently deleted' }).isVisible()).toBe(true);
    await page.evaluate(() => localStorage.setItem('crm.token', 'revoked-key'));
    await page.getByRole('navigation').getByRole('link', { name: 'Customers' }).click();
    await page.waitForURL(/\/login\?/);
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/customers');
    await expect.poll(() => page.getByText('Your session has ended').isVisible()).toBe(true);
    await logIn();
    await page.waitForURL('**/customers');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    expect(await page.evaluate(() => localStorage.getItem('crm.token'))).toBeNull();
  });

  test('no uncaught error in the page during the whole session', () => {
    expect(pageErrors).toEqual([]);
  });
});
