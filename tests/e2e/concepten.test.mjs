// Browser tests for drafts and the session's end (issue 16, point 1):
// what a coordinator typed into Nieuw vraaggezin survives the session
// ending behind the page's back (restored in place after logging in again,
// gone once saved); leaving a form through the menu asks first and leaving
// throws the input away; logging out wipes the drafts of the tab; and a
// warning with "Blijf ingelogd" comes before the idle end of the session
// (the browser's clock is moved on; the button renews the session).
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database with a
// werkgebied and a coordinator made through the command line.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test concepten.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, logOut, mainMenu, openPage, unexpected,
  waitForLoaded, waitForLoginPage,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { stepper } from './lib/suite.mjs';

const COORDINATOR = { gebruikersnaam: 'ilse', naam: 'Ilse Vermeer', password: 'kievit-boven-het-weiland-9' };
const WERKGEBIED = { code: 'HLM', naam: 'Haarlem' };

// The keys of the drafts in the page's sessionStorage.
function draftKeys(page) {
  return page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('koppel.concept')));
}

describe('Drafts of forms and the end of a session', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const step = stepper(() => server);

  before(async () => {
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // Opens Nieuw vraaggezin from the Gezinnen page.
  async function openNieuw() {
    await mainMenu(page).getByRole('link', { name: 'Gezinnen' }).click();
    await expectHeading(page, 'Gezinnen');
    await page.getByRole('link', { name: 'Nieuw vraaggezin' }).click();
    await expectHeading(page, 'Nieuw vraaggezin');
    await page.getByLabel('Naam van het gezin').waitFor();
  }

  step('(a) what was typed before the session ended is back in the form after logging in, and gone once saved', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    await openNieuw();
    await page.getByLabel('Naam van het gezin').fill('Gezin Brouwer');
    await page.getByRole('group', { name: 'Volwassene 1' }).getByLabel('Voornaam').fill('Ria');
    await page.getByLabel('De vraag, in de woorden van het gezin').fill('Even op adem komen op woensdagmiddag.');
    await page.getByLabel('Aangemeld door').selectOption('wijkteam');
    await page.getByLabel('Organisatie').fill('Wijkteam Schalkwijk');
    await page.getByLabel('Gegeven door').first().fill('Ria Brouwer');
    assert.equal((await draftKeys(page)).length, 1, 'the typed input is not kept as a draft');

    // The session ends behind the page's back; saving now meets a 401.
    const ended = await fetchInPage(page, 'DELETE', '/sessies/huidig');
    assert.equal(ended.status, 204);
    expected.push({ status: 401, path: '/api/v1/gezinnen' }, { status: 401, path: '/api/v1/sessies/huidig' });
    await page.getByRole('button', { name: 'Gezin aanmelden' }).click();
    await waitForLoginPage(page);
    await page.getByRole('status').filter({ hasText: 'Je sessie is verlopen.' }).waitFor();
    assert.equal((await draftKeys(page)).length, 1, 'the draft went with the session');

    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    await expectHeading(page, 'Nieuw vraaggezin');
    await page.getByRole('status').filter({ hasText: 'nog niet was opgeslagen' }).waitFor();
    assert.equal(await page.getByLabel('Naam van het gezin').inputValue(), 'Gezin Brouwer');
    assert.equal(await page.getByLabel('De vraag, in de woorden van het gezin').inputValue(),
      'Even op adem komen op woensdagmiddag.');
    assert.equal(await page.getByRole('group', { name: 'Volwassene 1' }).getByLabel('Voornaam').inputValue(), 'Ria');
    assert.equal(await page.getByLabel('Aangemeld door').inputValue(), 'wijkteam');
    assert.equal(await page.getByLabel('Organisatie').inputValue(), 'Wijkteam Schalkwijk');
    assert.equal(await page.getByLabel('Gegeven door').first().inputValue(), 'Ria Brouwer');

    await page.getByRole('button', { name: 'Gezin aanmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gezin Brouwer' }).waitFor();
    assert.deepEqual(await draftKeys(page), [], 'the draft outlived saving');
  });

  step('(b) leaving a form with input through the menu asks first; leaving throws the input away', async () => {
    await openNieuw();
    await page.getByLabel('Naam van het gezin').fill('Gezin Yilmaz');
    await mainMenu(page).getByRole('link', { name: 'Koppelingen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pagina verlaten zonder opslaan?' });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /gaat wat je hebt ingevuld verloren/);
    await dialog.getByRole('button', { name: 'Op deze pagina blijven' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expectHeading(page, 'Nieuw vraaggezin');
    assert.equal(await page.getByLabel('Naam van het gezin').inputValue(), 'Gezin Yilmaz');

    // Back and Forward do not ask: the draft stays and comes back.
    await mainMenu(page).getByRole('link', { name: 'Overzicht' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Verlaten zonder opslaan' }).click();
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
    await page.goBack();
    await expectHeading(page, 'Nieuw vraaggezin');
    await page.getByLabel('Naam van het gezin').waitFor();
    assert.equal(await page.getByLabel('Naam van het gezin').inputValue(), '', 'leaving kept the input');

    // Untouched forms are left without a question.
    await mainMenu(page).getByRole('link', { name: 'Koppelingen' }).click();
    await expectHeading(page, 'Koppelingen');
    assert.equal(await page.getByRole('dialog').count(), 0);
    await waitForLoaded(page);
  });

  step('(c) logging out wipes the drafts of the tab', async () => {
    await openNieuw();
    await page.getByLabel('Naam van het gezin').fill('Gezin Visser');
    assert.equal((await draftKeys(page)).length, 1);
    await logOut(page);
    assert.deepEqual(await draftKeys(page), []);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
  });

  step('(d) a warning with "Blijf ingelogd" comes before the idle end; the button renews the session', async () => {
    const opened = await openPage(browser);
    const p = opened.page;
    try {
      await p.clock.install();
      await p.goto(`${server.url}/`);
      await logIn(p, COORDINATOR.gebruikersnaam, COORDINATOR.password);
      await expectHeading(p, 'Overzicht');
      await waitForLoaded(p);
      const warning = p.getByRole('region', { name: 'Sessie verloopt' });
      await p.clock.fastForward('20:00');
      assert.equal(await warning.count(), 0, 'the warning came too early');
      await p.clock.fastForward('08:00');
      await warning.waitFor();
      await warning.getByRole('alert').filter({ hasText: 'Je sessie verloopt over enkele minuten' }).waitFor();
      const renewed = p.waitForResponse((r) => r.url().endsWith('/api/v1/sessies/huidig') && r.status() === 200);
      await warning.getByRole('button', { name: 'Blijf ingelogd' }).click();
      await renewed;
      await warning.waitFor({ state: 'detached' });
      // The count starts again from the renewal.
      await p.clock.fastForward('20:00');
      assert.equal(await warning.count(), 0);
      assert.deepEqual(unexpected(opened.problems, NOT_LOGGED_IN), []);
    } finally {
      await opened.context.close();
    }
  });

  step('(z) nothing unexpected went wrong in the pages', () => {
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
