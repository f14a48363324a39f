// Opens pages for the browser tests and keeps track of what went wrong in
// them, and logs in through the login page as a user would.

import assert from 'node:assert/strict';

import { recordResponses } from './responselog.mjs';

export const WAIT_MS = 5000;

// The time zone of the browser context and of the daemon (lib/server.mjs),
// as Koppel runs in production: both count the same calendar day.
export const TIME_ZONE = 'Europe/Amsterdam';

/** YYYY-MM-DD of today in TIME_ZONE: "today" for the web app and the server alike. */
export function vandaag() {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * Opens a new browser context (own cookies) and page that record every
 * console error, uncaught exception, CSP violation, failed request and
 * 4xx/5xx answer in `problems`. Requests the page cancels on purpose
 * (net::ERR_ABORTED, when the user navigates on) are not problems.
 *
 * @param {import('playwright-core').Browser} browser
 * @param {object} [options]
 * @param {{width: number, height: number}} [options.viewport]
 * @returns {Promise<{context: import('playwright-core').BrowserContext,
 *   page: import('playwright-core').Page,
 *   problems: Array<{text: string, url: string, status?: number}>}>}
 */
export async function openPage(browser, { viewport = { width: 1280, height: 800 } } = {}) {
  const problems = [];
  const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: TIME_ZONE });
  recordResponses(context);

  // CSP violations reach us through a binding, which the policy cannot block.
  await context.exposeFunction('koppelTestReportViolation', (text) => {
    problems.push({ text: `CSP violation: ${text}`, url: '' });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.koppelTestReportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} ` +
          `in ${event.sourceFile || event.documentURI}:${event.lineNumber}`,
      );
    });
  });

  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      problems.push({ text: `console error: ${msg.text()}`, url: msg.location()?.url ?? '' });
    }
  });
  page.on('pageerror', (err) => problems.push({ text: `page error: ${err.message}`, url: '' }));
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') {
      problems.push({ text: `request failed: ${req.url()} (${reason})`, url: req.url() });
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) {
      problems.push({ text: `HTTP ${res.status()} for ${res.request().method()} ${res.url()}`, url: res.url(), status: res.status() });
    }
  });
  return { context, page, problems };
}

/**
 * The problems that were not expected. `expected` lists answers a test
 * provoked on purpose as {status, path}; the browser's console line about
 * such an answer ("Failed to load resource: … 401") is expected with it.
 */
export function unexpected(problems, expected = []) {
  return problems
    .filter((p) => {
      if (!p.url) {
        return true;
      }
      const path = new URL(p.url).pathname;
      return !expected.some((e) => e.path === path &&
        (p.status === e.status || (p.status === undefined && p.text.includes(`status of ${e.status}`))));
    })
    .map((p) => p.text);
}

/** The answers every fresh page provokes: "who am I?" without a session. */
export const NOT_LOGGED_IN = [{ status: 401, path: '/api/v1/sessies/huidig' }];

/** Waits until the login page is shown and returns its heading. */
export async function waitForLoginPage(page) {
  const title = page.getByRole('heading', { level: 1, name: 'Inloggen' });
  await title.waitFor({ timeout: WAIT_MS });
  return title;
}

/**
 * Logs in through the login page that is on screen and waits until the
 * user menu shows up.
 */
export async function logIn(page, gebruikersnaam, wachtwoord) {
  await waitForLoginPage(page);
  await page.getByLabel('Gebruikersnaam').fill(gebruikersnaam);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(wachtwoord);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await userMenu(page).waitFor({ timeout: WAIT_MS });
}

/** The user menu in the header. */
export function userMenu(page) {
  return page.getByRole('navigation', { name: 'Gebruikersmenu' });
}

/** The main menu in the header. */
export function mainMenu(page) {
  return page.getByRole('navigation', { name: 'Hoofdmenu' });
}

/** Logs out with the button in the user menu and waits for the login page. */
export async function logOut(page) {
  await userMenu(page).getByRole('button', { name: 'Uitloggen' }).click();
  await waitForLoginPage(page);
}

/** The text of the page's only h1, once it is `expected`. */
export async function expectHeading(page, expected) {
  const h1 = page.getByRole('heading', { level: 1 });
  try {
    await page.waitForFunction(
      (text) => document.querySelector('h1')?.textContent === text, expected, { timeout: WAIT_MS },
    );
  } catch {
    assert.fail(`expected heading "${expected}", the page shows "${await h1.textContent()}"`);
  }
  return h1;
}

/** Asserts that the page is not wider than its viewport. */
export async function assertNoHorizontalOverflow(page, what) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `${what}: the page is ${overflow}px wider than the screen`);
}

/**
 * Sends a request to the API from inside the page, with its session cookie
 * and CSRF token, as another tab of the same user would. Resolves to
 * {status, etag, body}.
 */
export function fetchInPage(page, method, path, { body, etag } = {}) {
  return page.evaluate(async ({ method: m, path: p, body: b, etag: e }) => {
    const who = await fetch('/api/v1/sessies/huidig', { credentials: 'same-origin' });
    const csrf = who.ok ? (await who.json()).csrfToken : '';
    const headers = { 'X-CSRF-Token': csrf, Accept: 'application/json' };
    if (b !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (e) {
      headers['If-Match'] = e;
    }
    const res = await fetch(`/api/v1${p}`, {
      method: m, headers, credentials: 'same-origin', body: b === undefined ? undefined : JSON.stringify(b),
    });
    const text = await res.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, etag: res.headers.get('ETag'), body: parsed };
  }, { method, path, body, etag });
}

/**
 * Waits until no part of the page says it is still loading (no `.laden`
 * left). A page may show several at once, which a locator would refuse.
 */
export async function waitForLoaded(page) {
  await page.waitForFunction(() => !document.querySelector('.laden'), null, { timeout: WAIT_MS });
}
