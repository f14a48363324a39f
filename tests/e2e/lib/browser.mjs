// Launches Debian's Chromium for the browser tests through playwright-core.
// No browser is downloaded: the tests use the system package (/usr/bin/chromium),
// headless, without sandbox (containers and CI), and with the background
// services that would phone home switched off.

import { access, constants } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

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
  return chromium.launch({
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
}
