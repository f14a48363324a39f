// Launches Debian's Chromium for the browser tests through playwright-core.
// No browser is downloaded: the tests use the system package (/usr/bin/chromium),
// headless, without sandbox (containers and CI), and with the background
// services that would phone home switched off.

import { access, constants } from 'node:fs/promises';
import { after } from 'node:test';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

// Every launched browser that is still open. A suite closes its browser in
// its after() hook, which Node 18 skips when the suite's before() hook
// fails; an open browser keeps the test file's process alive, so
// `node --test` would wait silently until ctest's timeout. This after() hook
// at the top level runs once every suite of the file has finished, on every
// Node version, and closes what is left.
const open = new Set();
after(async () => {
  await Promise.all([...open].map((browser) => browser.close().catch(() => {})));
});

/**
 * Starts a headless Chromium.
 *
 * @returns {Promise<import('playwright-core').Browser>} close it with browser.close()
 */
export async function launchBrowser() {
  try {
    await access(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  open.add(browser);
  browser.on('disconnected', () => open.delete(browser));
  return browser;
}
