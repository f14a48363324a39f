// Browser smoke test for Koppel's web shell.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database with one beheerder
// (made through the command line), opens the page in headless Chromium, logs
// in, and checks that the shell renders under the server's
// Content-Security-Policy, shows the health status from /api/v1/health,
// routes with the main menu, survives a deep link, and that the daemon stops
// cleanly. Screenshots land in tests/e2e/output/ for a human to look at.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel npm test

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, WAIT_MS, expectHeading, logIn, openPage, unexpected, userMenu, waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { stepper } from './lib/suite.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));
const BEHEERDER = { gebruikersnaam: 'beheer', naam: 'Bea Heerder', password: 'rustige-rivier-lantaarn-42' };

describe('Koppel web shell', () => {
  let server;
  let browser;
  let page;
  // Everything that went wrong in the browser: console errors, uncaught
  // exceptions, CSP violations, failed or 4xx/5xx requests.
  let problems;

  // Wraps a test so that a failure also prints what the daemon wrote.
  const step = stepper(() => server);

  // The element with the health status; waits until it shows `state`.
  async function waitForStatus(state) {
    try {
      await page.waitForSelector(`#status[data-status="${state}"]`, { timeout: WAIT_MS });
    } catch {
      const now = await page.locator('#status').evaluate(
        (el) => `data-status="${el.dataset.status}", text "${el.textContent}"`,
      );
      assert.fail(`#status did not reach data-status="${state}"; it has ${now}`);
    }
    return page.locator('#status');
  }

  function menuLink(name) {
    return page
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name, exact: true });
  }

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addUser(BEHEERDER);
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('serves the page with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/, `CSP header: "${csp}"`);
    assert.match(csp, /script-src 'self'/, `CSP header: "${csp}"`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `CSP header: "${csp}"`);
  });

  step('shows the product name and the health status from the server', async () => {
    const healthRes = await fetch(`${server.url}/api/v1/health`);
    const healthBody = await healthRes.text();
    assert.equal(healthRes.status, 200, `GET /api/v1/health answered: ${healthBody}`);
    const health = JSON.parse(healthBody);
    assert.equal(health.status, 'ok');
    assert.equal(typeof health.version, 'string');
    assert.ok(health.version.length > 0, 'health.version is empty');

    const res = await page.goto(`${server.url}/`);
    assert.equal(res.status(), 200);

    // A fresh browser has no session: the login page comes first.
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);

    const brand = page.getByRole('banner').getByText('Koppel', { exact: true });
    assert.ok(await brand.isVisible(), 'the header does not show "Koppel"');

    const status = await waitForStatus('ok');
    const text = await status.textContent();
    assert.ok(text.includes(health.version), `status "${text}" lacks version ${health.version}`);
    assert.ok(text.includes('in orde'), `status "${text}" does not say "in orde"`);
    assert.equal(await status.getAttribute('role'), 'status');

    assert.equal(await menuLink('Overzicht').getAttribute('aria-current'), 'page');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Overzicht');

    await page.screenshot({ path: `${OUTPUT_DIR}smoke.png`, fullPage: true });
  });

  step('moves aria-current when navigating with the main menu', async () => {
    await page.goto(`${server.url}/`);
    // The page asks the server who is logged in before it renders.
    await expectHeading(page, 'Overzicht');
    assert.equal(await menuLink('Overzicht').getAttribute('aria-current'), 'page');

    await menuLink('Gezinnen').click();
    await page.waitForFunction(() => location.hash === '#/gezinnen', null, { timeout: WAIT_MS });

    assert.equal(new URL(page.url()).hash, '#/gezinnen');
    assert.equal(await menuLink('Gezinnen').getAttribute('aria-current'), 'page');
    assert.equal(await menuLink('Overzicht').getAttribute('aria-current'), null);
    assert.equal(
      await page.locator('nav[aria-label="Hoofdmenu"] a[aria-current]').count(),
      1,
      'exactly one menu link is current',
    );
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Gezinnen');
  });

  step('lets keyboard users skip to the content', async () => {
    await page.goto(`${server.url}/#/evaluaties`);
    await expectHeading(page, 'Evaluaties');
    await waitForLoaded(page);
    // A fresh load, where nothing has the focus yet: going to the route from
    // another one moves the focus to the heading, and Tab then goes on to the
    // page's first control (the Evaluaties page has its period picker).
    await page.reload();
    await expectHeading(page, 'Evaluaties');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Naar de inhoud' });
    assert.ok(await skip.evaluate((el) => el === document.activeElement), 'first Tab does not reach the skip link');
    assert.ok(await skip.isVisible(), 'the focused skip link is not visible');

    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'inhoud');
    assert.equal(new URL(page.url()).hash, '#/evaluaties', 'the skip link changed the route');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Evaluaties');
  });

  step('renders the shell on a deep link', async () => {
    const res = await page.goto(`${server.url}/gezinnen/123`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /^text\/html/);

    const brand = page.getByRole('banner').getByText('Koppel', { exact: true });
    assert.ok(await brand.isVisible(), 'the header does not show "Koppel" on a deep link');
    await userMenu(page).waitFor({ timeout: WAIT_MS });
    // Five sections, and "Beheer" because this user is a beheerder.
    assert.equal(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').count(), 6);
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: WAIT_MS });

    // The stylesheet loaded from its absolute path: the header is coloured.
    const headerBackground = await page
      .getByRole('banner')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(headerBackground, 'rgba(0, 0, 0, 0)', 'app.css did not load on a deep link');

    await waitForStatus('ok');
  });

  step('fits a 360 px wide screen', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/#/koppelingen`);
    await expectHeading(page, 'Koppelingen');
    await waitForStatus('ok');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 360px screen`);
    await page.screenshot({ path: `${OUTPUT_DIR}smoke-360.png`, fullPage: true });
  });

  step('reports no console errors, page errors or CSP violations', async () => {
    // Only the "not logged in" answer before logging in was expected.
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });

  step('stops the daemon with exit code 0', async () => {
    const status = await server.stop();
    assert.equal(status, 0, `koppel exited with status ${status}`);
  });
});
