// Browser test for the beheerder's pickers on the dashboard (issue 16,
// point 6): werkgebied, coördinator and programme above the tiles apply at
// once (the hash keeps them), the tiles and lists count what the API
// counts with that filter, the CSV links carry it, and "Alle
// werkgebieden" shows everything again.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database with two
// werkgebieden, a beheerder and a coördinator made through the command
// line; the gezinnen come in through the API from inside the page.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test overzicht-kiezen.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, openPage, unexpected, waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';

const BEHEERDER = { gebruikersnaam: 'margriet', naam: 'Margriet Dijkman', password: 'tulpenvelden-in-de-bollenstreek' };
const COORDINATOR = { gebruikersnaam: 'jelle', naam: 'Jelle Postma', password: 'schaatsen-op-de-friese-meren' };
const HOORN = { code: 'HRN', naam: 'Hoorn' };
const ENKHUIZEN = { code: 'ENK', naam: 'Enkhuizen' };

describe('The beheerder’s pickers on the dashboard', () => {
  let server;
  let browser;
  let page;
  let problems;
  const step = stepper(() => server);
  const tiles = () => page.getByRole('list', { name: 'In één oogopslag' });

  before(async () => {
    server = await startServer();
    await server.addWerkgebied(HOORN.code, HOORN.naam);
    await server.addWerkgebied(ENKHUIZEN.code, ENKHUIZEN.naam);
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [HOORN.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // The number on the wachtlijst tile once the dashboard shows it.
  async function wachtlijst() {
    await waitForLoaded(page);
    const link = tiles().getByRole('link', { name: /^\d+ op de wachtlijst$/ });
    return Number((await link.locator('.tegel__aantal').textContent()).trim());
  }

  step('(setup) two waiting vraaggezinnen in Hoorn, one in Enkhuizen', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    await expectHeading(page, 'Overzicht');
    const gezin = async (naam, werkgebied) => {
      const id = await createGezin(page, {
        naam, rol: 'vraaggezin', werkgebied,
        leden: [{ soort: 'volwassene', voornaam: 'Ans', achternaam: naam.split(' ').pop() }],
        vraag: { tekst: 'Even een middag rust.' },
        toestemmingen: toestemming('Ans'),
      });
      await setGezinStatus(page, id, 'wachtend');
    };
    await gezin('Gezin Schaap', HOORN.code);
    await gezin('Gezin Kooiman', HOORN.code);
    await gezin('Gezin Pronk', ENKHUIZEN.code);
  });

  step('(a) a werkgebied chosen applies at once to the tiles, the lists and the CSV; "Alle werkgebieden" shows all again', async () => {
    await page.reload();
    await expectHeading(page, 'Overzicht');
    assert.equal(await wachtlijst(), 3);
    const keuze = page.getByRole('search', { name: 'Overzicht kiezen' });
    await keuze.getByLabel('Werkgebied').selectOption(HOORN.code);
    await page.waitForFunction((code) => location.hash === `#/?werkgebied=${code}`, HOORN.code);
    assert.equal(await wachtlijst(), 2);
    assert.match(await page.locator('main').textContent(), /voor werkgebied Hoorn\./);
    const csv = page.locator('.csv-link[data-lijst="wachtlijst"]');
    assert.match(await csv.getAttribute('href'), /werkgebied=HRN/);
    const api = await fetchInPage(page, 'GET', `/overzichten/caseload?werkgebied=${HOORN.code}`);
    assert.equal(api.body.aantallen.wachtlijst, 2);

    await page.getByRole('search', { name: 'Overzicht kiezen' }).getByLabel('Werkgebied').selectOption(ENKHUIZEN.code);
    await page.waitForFunction((code) => location.hash === `#/?werkgebied=${code}`, ENKHUIZEN.code);
    assert.equal(await wachtlijst(), 1);
    assert.match(await page.locator('#lijst-wachtlijst').textContent(), /Gezin Pronk/);

    await page.getByRole('search', { name: 'Overzicht kiezen' }).getByLabel('Werkgebied').selectOption('');
    await page.waitForFunction(() => location.hash === '#/');
    assert.equal(await wachtlijst(), 3);
  });

  step('(b) the coördinator and programme pickers offer the coördinators and programmes and keep the choice', async () => {
    const keuze = page.getByRole('search', { name: 'Overzicht kiezen' });
    const coordinatoren = await keuze.getByLabel('Coördinator').locator('option').allTextContents();
    assert.deepEqual(coordinatoren, ['Alle coördinatoren', COORDINATOR.naam]);
    const programmas = await keuze.getByLabel('Programma').locator('option').allTextContents();
    assert.ok(programmas.includes('Buurtgezinnen'), programmas.join(', '));
    await keuze.getByLabel('Programma').selectOption({ label: 'Buurtgezinnen' });
    await page.waitForFunction(() => /^#\/\?programma=\d+$/.test(location.hash));
    await waitForLoaded(page);
    assert.equal(await page.getByRole('search', { name: 'Overzicht kiezen' }).getByLabel('Programma')
      .evaluate((s) => s.selectedOptions[0].textContent), 'Buurtgezinnen');
    assert.match(await page.locator('main').textContent(), /programma Buurtgezinnen\./);
  });

  step('(c) a coördinator gets no pickers', async () => {
    const opened = await openPage(browser);
    try {
      await opened.page.goto(`${server.url}/`);
      await logIn(opened.page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
      await expectHeading(opened.page, 'Overzicht');
      await waitForLoaded(opened.page);
      assert.equal(await opened.page.getByRole('search', { name: 'Overzicht kiezen' }).count(), 0);
      assert.deepEqual(unexpected(opened.problems, NOT_LOGGED_IN), []);
    } finally {
      await opened.context.close();
    }
  });

  step('(z) nothing unexpected went wrong in the pages', () => {
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });
});
