import { type Browser, chromium } from 'playwright-core';

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
