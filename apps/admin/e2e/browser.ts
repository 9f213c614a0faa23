import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterEach } from 'vitest';

/**
 * Debian's Chromium, headless, with everything that would reach the network turned off: the
 * browser tests talk to 127.0.0.1 only.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** Logs in on the login screen and waits for the home queue. */
export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** A failed step leaves a picture of the page in the temp folder, which says more than a timeout. */
export function keepFailureScreenshots(prefix: string, page: () => Page | undefined): void {
  afterEach(async ({ task }) => {
    const open = page();
    if (task.result?.state !== 'fail' || !open) return;
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await open.screenshot({ path: join(tmpdir(), `${prefix}-${name}.png`), fullPage: true }).catch(() => {});
  });
}
