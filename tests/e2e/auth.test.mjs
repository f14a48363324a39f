// Browser tests for logging in and out, the user menu, the beheer pages
// for users and werkgebieden, API tokens (an agenda subscription URL, a
// beheerder revoking someone's token) and an expiring session.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database, creates the first
// beheerder through the command line as an administrator would, and then
// does everything else through the pages in headless Chromium, each user in
// a browser context of their own. Screenshots land in tests/e2e/output/.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel npm test

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, WAIT_MS, assertNoHorizontalOverflow, expectHeading, logIn, logOut, mainMenu, openPage,
  unexpected, userMenu, waitForLoaded, waitForLoginPage,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { stepper } from './lib/suite.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const BEHEERDER = { gebruikersnaam: 'anne', naam: 'Anne de Boer', password: 'zomerse-fietstocht-langs-de-Vecht' };
const COORDINATOR = { gebruikersnaam: 'samira', naam: 'Samira El Amrani', password: 'blauwe-reiger-in-de-polder-7' };
const WERKGEBIED = { code: 'ZST', naam: 'Zaanstad' };

describe('Koppel accounts, werkgebieden and roles', () => {
  let server;
  let browser;
  // Every page opened, with what went wrong in it and what was expected.
  const opened = [];

  // Wraps a test so that a failure also prints what the daemon wrote.
  const step = stepper(() => server);

  // A new browser context (own cookies) on the login page.
  async function freshPage({ viewport, expected = [] } = {}) {
    const opening = await openPage(browser, { viewport });
    const entry = { ...opening, expected: [...NOT_LOGGED_IN, ...expected] };
    opened.push(entry);
    await opening.page.goto(`${server.url}/`);
    await waitForLoginPage(opening.page);
    return entry;
  }

  async function shot(page, name) {
    await page.screenshot({ path: `${OUTPUT_DIR}${name}.png`, fullPage: true });
  }

  // Goes to a hash route by changing location.hash, as a link would.
  async function go(page, hash) {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
  }

  // What the API says when asked from inside the page, with its cookie.
  function fetchInPage(page, method, path, { body, etag } = {}) {
    return page.evaluate(async ({ method: m, path: p, body: b, etag: e }) => {
      const who = await fetch('/api/v1/sessies/huidig', { credentials: 'same-origin' });
      const csrf = who.ok ? (await who.json()).csrfToken : '';
      const headers = { 'X-CSRF-Token': csrf };
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
      return { status: res.status, etag: res.headers.get('ETag'), body: text ? JSON.parse(text) : null };
    }, { method, path, body, etag });
  }

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    browser = await launchBrowser();
  });

  after(async () => {
    for (const { context } of opened) {
      await context.close().catch(() => {});
    }
    await browser?.close();
    await server?.stop();
  });

  step('(a) logs a beheerder in, shows the user menu, and logs out again', async () => {
    const { page } = await freshPage();

    // The login page replaces the content and has the first field focused.
    assert.equal(await page.title(), 'Inloggen · Koppel');
    assert.equal(await mainMenu(page).count(), 0, 'the main menu is shown before logging in');
    const user = page.getByLabel('Gebruikersnaam');
    const password = page.getByLabel('Wachtwoord', { exact: true });
    assert.ok(await user.evaluate((el) => el === document.activeElement), 'Gebruikersnaam is not focused');
    await shot(page, 'auth-login');

    // Enter submits.
    await user.fill(BEHEERDER.gebruikersnaam);
    await password.fill(BEHEERDER.password);
    await password.press('Enter');

    const menu = userMenu(page);
    await menu.waitFor();
    assert.ok(await menu.getByText(BEHEERDER.naam, { exact: true }).isVisible(), 'the user menu lacks the name');
    assert.ok(await menu.getByText('Beheerder', { exact: true }).isVisible(), 'the user menu lacks the role');
    assert.ok(await menu.getByRole('link', { name: 'API-tokens' }).isVisible());
    assert.ok(await mainMenu(page).getByRole('link', { name: 'Beheer', exact: true }).isVisible(),
      'a beheerder sees no "Beheer" in the main menu');
    const h1 = await expectHeading(page, 'Overzicht');
    assert.ok(await h1.evaluate((el) => el === document.activeElement), 'focus did not move to the heading');
    await shot(page, 'auth-ingelogd');

    // A reload keeps the session.
    await page.reload();
    await expectHeading(page, 'Overzicht');
    await menu.waitFor();

    await logOut(page);
    await page.getByRole('status').filter({ hasText: 'Je bent uitgelogd.' }).waitFor();
    assert.equal(await userMenu(page).count(), 0, 'the user menu is still there after logging out');
    assert.equal(await mainMenu(page).count(), 0, 'the main menu is still there after logging out');
    const who = await page.evaluate(async () => (await fetch('/api/v1/sessies/huidig')).status);
    assert.equal(who, 401, 'the session still exists on the server after logging out');
    assert.equal(new URL(page.url()).hash, '#/');
    await shot(page, 'auth-uitgelogd');
  });

  step('(b) says "Gebruikersnaam of wachtwoord onjuist." for a wrong password', async () => {
    const { page } = await freshPage({ expected: [{ status: 401, path: '/api/v1/sessies' }] });
    await page.getByLabel('Gebruikersnaam').fill(BEHEERDER.gebruikersnaam);
    await page.getByLabel('Wachtwoord', { exact: true }).fill('dit-is-niet-het-wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'onjuist' });
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(), 'Gebruikersnaam of wachtwoord onjuist.');
    assert.equal(await page.getByLabel('Wachtwoord', { exact: true }).inputValue(), '', 'the password was kept');
    assert.equal(await userMenu(page).count(), 0);
    await shot(page, 'auth-fout-wachtwoord');

    // Empty fields are named before anything is sent.
    await page.getByLabel('Gebruikersnaam').fill('');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    const userField = page.getByLabel('Gebruikersnaam');
    assert.equal(await userField.getAttribute('aria-invalid'), 'true');
    const described = await userField.getAttribute('aria-describedby');
    assert.equal(await page.locator(`[id="${described.split(' ')[0]}"]`).textContent(), 'Vul je gebruikersnaam in.');

    // Too many attempts: the page uses Retry-After (answer made up here,
    // so the real throttle is not needed for it).
    await page.route('**/api/v1/sessies', (route) => route.fulfill({
      status: 429,
      headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '300' },
      body: JSON.stringify({ type: 'about:blank', title: 'Too Many Requests', status: 429, detail: 'Te veel pogingen.' }),
    }));
    await page.getByLabel('Gebruikersnaam').fill(BEHEERDER.gebruikersnaam);
    await page.getByLabel('Wachtwoord', { exact: true }).fill('nog-een-verkeerd-wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    const limited = page.getByRole('alert').filter({ hasText: 'Te veel pogingen' });
    await limited.waitFor();
    assert.equal((await limited.textContent()).trim(), 'Te veel pogingen. Probeer het over 5 minuten opnieuw.');
    await page.unroute('**/api/v1/sessies');
    opened.at(-1).expected.push({ status: 429, path: '/api/v1/sessies' });
  });

  step('(c) a beheerder adds a werkgebied and a coördinator, who sees no "Beheer"', async () => {
    const { page } = await freshPage({
      expected: [{ status: 400, path: '/api/v1/gebruikers' }],
    });
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);

    // Werkgebied.
    await mainMenu(page).getByRole('link', { name: 'Beheer', exact: true }).click();
    await expectHeading(page, 'Gebruikers');
    assert.equal(await mainMenu(page).getByRole('link', { name: 'Beheer' }).getAttribute('aria-current'), 'page');
    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Werkgebieden' }).click();
    await expectHeading(page, 'Werkgebieden');
    await page.getByLabel('Code').fill(WERKGEBIED.code);
    await page.getByLabel('Naam').fill('Zaanstat');
    await page.getByRole('button', { name: 'Werkgebied toevoegen' }).click();
    await page.getByRole('status').filter({ hasText: 'is toegevoegd' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: WERKGEBIED.code });
    await row.waitFor();
    assert.match(await row.textContent(), /Zaanstat/);
    assert.match(await row.textContent(), /\d{2}-\d{2}-\d{4} \d{2}:\d{2}/, 'no Dutch date in the row');

    // Rename it (PATCH with If-Match).
    await row.getByRole('link', { name: /Wijzigen/ }).click();
    await expectHeading(page, 'Werkgebied wijzigen');
    const naam = page.getByLabel('Naam');
    await naam.waitFor();
    assert.equal(await naam.inputValue(), 'Zaanstat');
    await naam.fill(WERKGEBIED.naam);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expectHeading(page, 'Werkgebieden');
    await page.getByRole('status').filter({ hasText: `heet nu ${WERKGEBIED.naam}` }).waitFor();
    assert.match(await page.getByRole('row').filter({ hasText: WERKGEBIED.code }).textContent(), /Zaanstad/);
    await shot(page, 'beheer-werkgebieden');

    // Coördinator, first with a password the server refuses.
    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Gebruikers' }).click();
    await expectHeading(page, 'Gebruikers');
    await page.getByRole('link', { name: 'Nieuwe gebruiker' }).click();
    await expectHeading(page, 'Nieuwe gebruiker');
    await page.getByLabel('Gebruikersnaam').fill(COORDINATOR.gebruikersnaam);
    await page.getByLabel('Naam', { exact: true }).fill(COORDINATOR.naam);
    await page.getByLabel('Rol').selectOption('coordinator');
    await page.getByLabel(`${WERKGEBIED.naam} (${WERKGEBIED.code})`).check();
    const wachtwoord = page.getByLabel('Wachtwoord', { exact: true });
    await wachtwoord.fill('kort');
    await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
    await page.waitForFunction(
      () => document.querySelector('input[name="wachtwoord"]')?.getAttribute('aria-invalid') === 'true',
      null, { timeout: WAIT_MS },
    );
    const errorId = (await wachtwoord.getAttribute('aria-describedby')).split(' ')[0];
    const reason = await page.locator(`[id="${errorId}"]`).textContent();
    assert.ok(reason.length > 0, 'no reason next to the password field');
    assert.ok(await wachtwoord.evaluate((el) => el === document.activeElement), 'focus is not on the password field');
    await shot(page, 'beheer-gebruiker-fout');

    // Show the password, then a good one.
    await page.getByRole('button', { name: 'Toon wachtwoord' }).click();
    assert.equal(await wachtwoord.getAttribute('type'), 'text');
    await wachtwoord.fill(COORDINATOR.password);
    await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
    await expectHeading(page, 'Gebruikers');
    await page.getByRole('status').filter({ hasText: 'is aangemaakt' }).waitFor();
    const userRow = page.getByRole('row').filter({ hasText: COORDINATOR.gebruikersnaam });
    await userRow.waitFor();
    assert.match(await userRow.textContent(), /Coördinator/);
    assert.match(await userRow.textContent(), /ZST/);
    assert.match(await userRow.textContent(), /Actief/);
    await shot(page, 'beheer-gebruikers');

    // Edit view: change the name (PATCH with If-Match).
    await userRow.getByRole('link', { name: COORDINATOR.naam }).click();
    await expectHeading(page, 'Gebruiker wijzigen');
    const editNaam = page.getByLabel('Naam', { exact: true });
    await editNaam.waitFor();
    assert.equal(await editNaam.inputValue(), COORDINATOR.naam);
    assert.ok(await page.getByLabel(`${WERKGEBIED.naam} (${WERKGEBIED.code})`).isChecked());
    await editNaam.fill(`${COORDINATOR.naam} (tijdelijk)`);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'opgeslagen' }).waitFor();
    assert.equal(await page.getByLabel('Naam', { exact: true }).inputValue(), `${COORDINATOR.naam} (tijdelijk)`);
    await page.getByLabel('Naam', { exact: true }).fill(COORDINATOR.naam);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'opgeslagen' }).waitFor();
    await shot(page, 'beheer-gebruiker-wijzigen');

    await logOut(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    const menu = userMenu(page);
    assert.ok(await menu.getByText(COORDINATOR.naam, { exact: true }).isVisible());
    assert.ok(await menu.getByText('Coördinator', { exact: true }).isVisible());
    assert.equal(await mainMenu(page).getByRole('link', { name: 'Beheer' }).count(), 0,
      'a coördinator sees "Beheer" in the main menu');
    assert.equal(await mainMenu(page).getByRole('link').count(), 5);

    // A typed-in beheer address says there is no access.
    await go(page, '#/beheer/gebruikers');
    await expectHeading(page, 'Geen toegang');
    await shot(page, 'auth-coordinator');
  });

  step('(d) creates an API token, shows it once, and revokes it', async () => {
    const { context, page } = await freshPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    // After a reload the CSRF token comes from GET /sessies/huidig.
    await page.reload();
    await userMenu(page).waitFor();

    await userMenu(page).getByRole('link', { name: 'API-tokens' }).click();
    await expectHeading(page, 'API-tokens');
    assert.equal(await userMenu(page).getByRole('link', { name: 'API-tokens' }).getAttribute('aria-current'), 'page');
    await page.getByText('Je hebt nog geen API-tokens.').waitFor();

    await page.getByLabel('Naam').fill('kwartaalexport');
    await page.getByRole('button', { name: 'Token aanmaken' }).click();
    const panel = page.getByRole('region', { name: 'Je nieuwe API-token' });
    await panel.waitFor();
    assert.match(await panel.textContent(), /niet nog een keer getoond/);
    const tokenInput = panel.getByLabel('Token “kwartaalexport”');
    const token = await tokenInput.inputValue();
    assert.ok(token.length >= 20, `the token "${token}" is too short`);

    await panel.getByRole('button', { name: 'Kopiëren' }).click();
    await panel.getByRole('status').filter({ hasText: 'klembord' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);

    const row = page.getByRole('row').filter({ hasText: 'kwartaalexport' });
    await row.waitFor();
    const prefix = (await row.locator('code').textContent()).trim();
    assert.ok(prefix.length > 0 && token.startsWith(prefix), `prefix "${prefix}" is not the start of the token`);
    assert.match(await row.textContent(), /Actief/);
    await shot(page, 'api-token-nieuw');

    // Once: after going elsewhere and back, the secret is gone.
    await go(page, '#/');
    await expectHeading(page, 'Overzicht');
    await go(page, '#/api-tokens');
    await expectHeading(page, 'API-tokens');
    await page.getByRole('row').filter({ hasText: 'kwartaalexport' }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Je nieuwe API-token' }).count(), 0);
    assert.ok(!(await page.locator('body').textContent()).includes(token), 'the token is shown again');

    // Revoking asks first; "Annuleren" leaves it alone.
    const revoke = page.getByRole('row').filter({ hasText: 'kwartaalexport' }).getByRole('button', { name: /Intrekken/ });
    await revoke.click();
    const dialog = page.getByRole('dialog', { name: 'API-token intrekken?' });
    await dialog.waitFor();
    await shot(page, 'api-token-intrekken');
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.match(await page.getByRole('row').filter({ hasText: 'kwartaalexport' }).textContent(), /Actief/);

    await revoke.click();
    await dialog.getByRole('button', { name: 'Intrekken' }).click();
    await page.getByRole('status').filter({ hasText: 'is ingetrokken' }).waitFor();
    const revoked = page.getByRole('row').filter({ hasText: 'kwartaalexport' });
    await page.waitForFunction(() => /Ingetrokken op/.test(document.querySelector('table')?.textContent ?? ''),
      null, { timeout: WAIT_MS }).catch(() => {});
    // The server may list a revoked token as revoked, or not at all.
    if (await revoked.count()) {
      assert.match(await revoked.textContent(), /Ingetrokken op \d{2}-\d{2}-\d{4} \d{2}:\d{2}/);
      assert.equal(await revoked.getByRole('button').count(), 0);
    }
    await shot(page, 'api-token-ingetrokken');
  });

  // The secret of the coördinator's script token, revoked by the beheerder in (d3).
  let scriptToken = '';

  step('(d2) an agenda token comes as a ready subscription URL that reads only the agenda', async () => {
    const { context, page } = await freshPage();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    await userMenu(page).getByRole('link', { name: 'API-tokens' }).click();
    await expectHeading(page, 'API-tokens');
    await page.locator('.laden').waitFor({ state: 'detached' });

    await page.getByLabel('Naam').fill('agenda op telefoon');
    await page.getByLabel('Soort').selectOption('agenda');
    await page.getByRole('button', { name: 'Token aanmaken' }).click();
    const panel = page.getByRole('region', { name: 'Je nieuwe agenda-abonnement' });
    await panel.waitFor();
    const link = panel.getByLabel('Abonnementslink “agenda op telefoon”');
    const url = await link.inputValue();
    assert.ok(url.startsWith(`${server.url}/api/v1/agenda.ics?token=kp_`), `not a subscription URL: ${url}`);
    await panel.getByRole('button', { name: 'Kopiëren' }).click();
    await panel.getByRole('status').filter({ hasText: 'klembord' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
    const row = page.getByRole('row').filter({ hasText: 'agenda op telefoon' });
    await row.waitFor();
    assert.match(await row.textContent(), /Agenda/);
    await shot(page, 'api-token-agenda');

    // The URL, as a calendar service would fetch it: the feed and nothing else.
    const feed = await fetch(url);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type'), /^text\/calendar/);
    assert.match(await feed.text(), /BEGIN:VCALENDAR/);
    const token = new URL(url).searchParams.get('token');
    const other = await fetch(`${server.url}/api/v1/gebruikers/mij`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(other.status, 401);

    // An ordinary token for a script, kept for the beheerder to revoke; it does not work in a URL.
    await page.getByLabel('Naam').fill('script');
    await page.getByLabel('Soort').selectOption('api');
    await page.getByRole('button', { name: 'Token aanmaken' }).click();
    const apiPanel = page.getByRole('region', { name: 'Je nieuwe API-token' });
    await apiPanel.waitFor();
    scriptToken = await apiPanel.getByLabel('Token “script”').inputValue();
    const inUrl = await fetch(`${server.url}/api/v1/agenda.ics?token=${scriptToken}`);
    assert.equal(inUrl.status, 401);
    const asHeader = await fetch(`${server.url}/api/v1/gebruikers/mij`, { headers: { Authorization: `Bearer ${scriptToken}` } });
    assert.equal(asHeader.status, 200);
  });

  step('(d3) a beheerder sees a coördinator\'s tokens on the Beheer page and revokes one', async () => {
    const { page } = await freshPage();
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    await go(page, '#/beheer/gebruikers');
    await expectHeading(page, 'Gebruikers');
    await page.getByRole('link', { name: COORDINATOR.naam }).click();
    await expectHeading(page, 'Gebruiker wijzigen');
    const section = page.getByRole('region', { name: 'API-tokens', exact: true });
    const scriptRow = section.getByRole('row').filter({ hasText: 'script' });
    await scriptRow.waitFor();
    assert.match(await scriptRow.textContent(), /Actief/);
    assert.match(await section.getByRole('row').filter({ hasText: 'agenda op telefoon' }).textContent(), /Agenda/);
    assert.ok(!(await page.locator('body').textContent()).includes(scriptToken), 'the secret is shown');
    await shot(page, 'beheer-gebruiker-tokens');

    await scriptRow.getByRole('button', { name: /Intrekken/ }).click();
    const dialog = page.getByRole('dialog', { name: 'API-token intrekken?' });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), new RegExp(COORDINATOR.naam));
    await dialog.getByRole('button', { name: 'Intrekken' }).click();
    await page.getByRole('status').filter({ hasText: 'is ingetrokken' }).waitFor();
    await page.waitForFunction(() => /Ingetrokken op/.test(document.querySelector('[data-tokens-van] table')?.textContent ?? ''),
      null, { timeout: WAIT_MS });
    assert.equal(await section.getByRole('row').filter({ hasText: 'script' }).getByRole('button').count(), 0);
    await shot(page, 'beheer-gebruiker-token-ingetrokken');

    const after = await fetch(`${server.url}/api/v1/gebruikers/mij`, { headers: { Authorization: `Bearer ${scriptToken}` } });
    assert.equal(after.status, 401);
  });

  step('(e) shows the login page when the session ends, and returns afterwards', async () => {
    // Pages that load data get 401 once the session is gone: the Koppelingen
    // page may, if its request is answered before the login page aborts it.
    const { context, page } = await freshPage({
      expected: [{ status: 401, path: '/api/v1/werkgebieden' }, { status: 401, path: '/api/v1/koppelingen' }],
    });
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    await mainMenu(page).getByRole('link', { name: 'Gezinnen' }).click();
    await expectHeading(page, 'Gezinnen');
    // Only once the page has asked the server everything it needs: a request
    // still under way when the session ends would be a 401 nobody expects.
    await waitForLoaded(page);

    // The session is ended on the server, behind the page's back.
    const ended = await fetchInPage(page, 'DELETE', '/sessies/huidig');
    assert.equal(ended.status, 204);

    await mainMenu(page).getByRole('link', { name: 'Koppelingen' }).click();
    await waitForLoginPage(page);
    await page.getByRole('status').filter({ hasText: 'Je sessie is verlopen.' }).waitFor();
    assert.equal(await userMenu(page).count(), 0);
    await shot(page, 'auth-sessie-verlopen');

    // Logging in again returns to where the user was going.
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    await expectHeading(page, 'Koppelingen');
    assert.equal(new URL(page.url()).hash, '#/koppelingen');
    await waitForLoaded(page);

    // Without the cookie, a page that loads data gets 401 and shows the
    // login page too.
    await context.clearCookies();
    await go(page, '#/beheer/werkgebieden');
    await waitForLoginPage(page);
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    await expectHeading(page, 'Werkgebieden');
    await page.getByRole('row').filter({ hasText: WERKGEBIED.code }).waitFor();
  });

  step('(f) explains 412 and 409 when changing a user', async () => {
    const { page } = await freshPage();
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    await go(page, '#/beheer/gebruikers');
    await expectHeading(page, 'Gebruikers');

    // Someone else changes the coördinator while the form is open.
    await page.getByRole('link', { name: COORDINATOR.naam }).click();
    await expectHeading(page, 'Gebruiker wijzigen');
    const naam = page.getByLabel('Naam', { exact: true });
    await naam.waitFor();
    const id = new URL(page.url()).hash.split('/').pop();
    opened.at(-1).expected.push({ status: 412, path: `/api/v1/gebruikers/${id}` });
    const current = await fetchInPage(page, 'GET', `/gebruikers/${id}`);
    assert.ok(current.etag, 'GET /gebruikers/{id} sent no ETag');
    const changed = await fetchInPage(page, 'PATCH', `/gebruikers/${id}`,
      { body: { naam: 'Samira El Amrani-Visser' }, etag: current.etag });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));

    await naam.fill('Samira A.');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'intussen gewijzigd' });
    await conflict.waitFor();
    await page.waitForFunction(
      () => document.querySelector('input[name="naam"]')?.value === 'Samira El Amrani-Visser', null, { timeout: WAIT_MS },
    );
    await shot(page, 'beheer-gebruiker-412');

    // The only beheerder cannot be switched off.
    await go(page, '#/beheer/gebruikers');
    await expectHeading(page, 'Gebruikers');
    await page.getByRole('link', { name: BEHEERDER.naam }).click();
    await expectHeading(page, 'Gebruiker wijzigen');
    await page.getByLabel('Account is actief').waitFor();
    const ownId = new URL(page.url()).hash.split('/').pop();
    opened.at(-1).expected.push({ status: 409, path: `/api/v1/gebruikers/${ownId}` });
    await page.getByLabel('Account is actief').uncheck();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    const vraag = page.getByRole('dialog', { name: `${BEHEERDER.naam} uitschakelen?` });
    assert.match(await vraag.textContent(), /kan daarna niet meer inloggen/);
    await vraag.getByRole('button', { name: 'Uitschakelen' }).click();
    const refused = page.getByRole('alert').filter({ hasText: /beheerder/i });
    await refused.waitFor();
    await shot(page, 'beheer-gebruiker-409');
    assert.equal(await userMenu(page).count(), 1, 'the beheerder was logged out');
  });

  step('(g) fits a 360 px wide screen', async () => {
    const { page } = await freshPage({ viewport: { width: 360, height: 740 } });
    await assertNoHorizontalOverflow(page, 'login page');
    await shot(page, 'auth-login-360');
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    for (const [hash, title] of [
      ['#/beheer/gebruikers', 'Gebruikers'],
      ['#/beheer/gebruikers/nieuw', 'Nieuwe gebruiker'],
      ['#/beheer/werkgebieden', 'Werkgebieden'],
      ['#/api-tokens', 'API-tokens'],
    ]) {
      await go(page, hash);
      await expectHeading(page, title);
      await page.locator('.laden').waitFor({ state: 'detached' });
      await assertNoHorizontalOverflow(page, hash);
    }
    await go(page, '#/beheer/gebruikers');
    await expectHeading(page, 'Gebruikers');
    await page.getByRole('table').waitFor();
    await shot(page, 'beheer-gebruikers-360');
    await go(page, '#/beheer/gebruikers/nieuw');
    await expectHeading(page, 'Nieuwe gebruiker');
    await page.getByLabel('Gebruikersnaam').waitFor();
    await shot(page, 'beheer-gebruiker-nieuw-360');
  });

  step('reports no console errors, page errors or CSP violations', async () => {
    const found = opened.flatMap(({ problems, expected }) => unexpected(problems, expected));
    assert.deepEqual(found, []);
  });

  step('stops the daemon with exit code 0', async () => {
    const status = await server.stop();
    assert.equal(status, 0, `koppel exited with status ${status}`);
  });
});
