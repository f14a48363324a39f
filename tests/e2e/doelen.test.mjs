// Browser test for gemeenten as data and doelen (issue 15): the beheerder
// adds a gemeente to a werkgebied on Beheer > Werkgebieden, registers a
// family choosing that gemeente from the list of the werkgebied picked in
// the form (another werkgebied offers other gemeenten), cannot take the
// gemeente off the list while the family lives there (the reason next to
// the field), and on Beheer > Doelen adds a doel for it, changes it and
// removes it.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; werkgebieden
// (each listing the gemeente it is named after) and the user come in
// through the command line. Screenshots land in tests/e2e/output/.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test doelen.test.mjs

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, mainMenu, openPage, unexpected, waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { goToHash, stepper } from './lib/suite.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));
const BEHEERDER = { gebruikersnaam: 'bea', naam: 'Bea Beheer', password: 'sleutelstad-aan-de-oude-rijn' };
const JAAR = String(new Date().getFullYear());

describe('Gemeenten and doelen', () => {
  let server;
  let browser;
  let page;
  let problems;
  let lijsten;
  const expected = [...NOT_LOGGED_IN];
  const step = stepper(() => server);
  const ids = {};

  async function shot(name) {
    await page.screenshot({ path: `${OUTPUT_DIR}${name}.png`, fullPage: true });
  }

  // The error text next to the field of `locator` (via aria-describedby), once it is marked invalid.
  async function fieldError(locator) {
    await locator.and(page.locator('[aria-invalid="true"]')).first().waitFor();
    const described = await locator.first().getAttribute('aria-describedby');
    const first = described.split(/\s+/).filter(Boolean)[0];
    return page.locator(`[id="${first}"]`).textContent();
  }

  function keuze(list, code) {
    return lijsten[list].find((i) => i.code === code).naam;
  }

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addWerkgebied('LEI', 'Leiden');
    await server.addWerkgebied('DEL', 'Delft');
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(a) the beheerder adds Leiderdorp to the gemeenten of werkgebied Leiden', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    lijsten = (await fetchInPage(page, 'GET', '/keuzelijsten')).body;
    await goToHash(page, '#/beheer/werkgebieden');
    await expectHeading(page, 'Werkgebieden');
    const rij = page.getByRole('row').filter({ hasText: 'LEI' });
    await rij.waitFor();
    assert.match(await rij.textContent(), /Leiden/);
    await rij.getByRole('link', { name: 'Wijzigen Leiden' }).click();
    await expectHeading(page, 'Werkgebied wijzigen');
    const gemeenten = page.getByLabel('Gemeenten');
    await gemeenten.waitFor();
    assert.equal(await gemeenten.inputValue(), 'Leiden');
    await gemeenten.fill('Leiden\nLeiderdorp');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expectHeading(page, 'Werkgebieden');
    await page.getByRole('status').filter({ hasText: 'De gemeenten van werkgebied LEI zijn opgeslagen.' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Leiden, Leiderdorp' }).waitFor();
    await shot('werkgebieden-gemeenten');
  });

  step('(b) a family is registered in Leiderdorp, picked from the list of the werkgebied chosen', async () => {
    await mainMenu(page).getByRole('link', { name: 'Gezinnen' }).click();
    await expectHeading(page, 'Gezinnen');
    await page.getByRole('link', { name: 'Nieuw vraaggezin' }).click();
    await expectHeading(page, 'Nieuw vraaggezin');
    const gemeente = page.getByLabel('Gemeente');
    await page.getByLabel('Werkgebied').selectOption('DEL');
    assert.deepEqual(await gemeente.locator('option').allTextContents(), ['Onbekend', 'Delft']);
    await page.getByLabel('Werkgebied').selectOption('LEI');
    assert.deepEqual(await gemeente.locator('option').allTextContents(), ['Onbekend', 'Leiden', 'Leiderdorp']);
    assert.equal(await gemeente.inputValue(), '', 'the gemeente is not onbekend to begin with');
    await gemeente.selectOption('Leiderdorp');

    await page.getByLabel('Naam van het gezin').fill('Gezin Vermeer');
    await page.getByLabel('Plaats').fill('Leiderdorp');
    const ouder = page.getByRole('group', { name: 'Volwassene 1' });
    await ouder.getByLabel('Voornaam').fill('Anouk');
    await page.getByRole('region', { name: 'Vraag', exact: true })
      .getByLabel('De vraag, in de woorden van het gezin').fill('Af en toe iemand voor de kinderen.');
    await page.getByRole('group', { name: keuze('toestemmingDoelen', 'registratie') })
      .getByLabel('Gegeven door').fill('Anouk Vermeer');
    await page.getByRole('button', { name: 'Gezin aanmelden' }).click();
    await expectHeading(page, 'Gezin Vermeer');
    ids.gezin = new URL(page.url()).hash.split('/').pop();
    const gezin = await fetchInPage(page, 'GET', `/gezinnen/${ids.gezin}`);
    assert.equal(gezin.body.adres.gemeente, 'Leiderdorp');
    assert.equal(gezin.body.werkgebied, 'LEI');
  });

  step('(c) Leiderdorp cannot leave the list while the family lives there', async () => {
    expected.push({ status: 409, path: '/api/v1/werkgebieden/1' });
    await goToHash(page, '#/beheer/werkgebieden/1');
    await expectHeading(page, 'Werkgebied wijzigen');
    const gemeenten = page.getByLabel('Gemeenten');
    await gemeenten.waitFor();
    assert.equal(await gemeenten.inputValue(), 'Leiden\nLeiderdorp');
    await gemeenten.fill('Leiden');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    assert.match(await fieldError(gemeenten), /Leiderdorp/);
    await shot('werkgebied-gemeente-in-gebruik');
  });

  step('(d) the beheerder adds a doel for Leiderdorp, changes it and removes it', async () => {
    await goToHash(page, '#/beheer/doelen');
    await expectHeading(page, 'Doelen');
    await waitForLoaded(page);
    await page.getByText('Nog geen doelen.').waitFor();
    const form = page.getByRole('form', { name: 'Doel toevoegen' });
    assert.equal(await form.getByLabel('Jaar').inputValue(), JAAR);
    const opties = await form.getByLabel('Gemeente').locator('option').allTextContents();
    assert.deepEqual(opties, ['Delft', 'Leiden', 'Leiderdorp']);
    await form.getByLabel('Gemeente').selectOption('Leiderdorp');
    await form.getByLabel('Wat telt').selectOption('gezinnen');
    await form.getByLabel('Minimum').fill('20');
    await form.getByLabel('Maximum (optioneel)').fill('24');
    await form.getByRole('button', { name: 'Doel opslaan' }).click();
    await page.getByRole('status').filter({ hasText: `Het doel Leiderdorp ${JAAR}: 20–24 gezinnen is opgeslagen.` }).waitFor();
    const rij = page.getByRole('row').filter({ hasText: 'Leiderdorp' });
    assert.match(await rij.textContent(), /20–24 gezinnen/);
    assert.match(await rij.textContent(), /Alle programma's/);
    await shot('doelen');

    // a maximum below the minimum is refused next to its field
    expected.push({ status: 400, path: '/api/v1/doelen/1' });
    await rij.getByRole('button', { name: `Leiderdorp ${JAAR} 20–24 gezinnen wijzigen` }).click();
    const wijzig = page.getByRole('form', { name: `Doel Leiderdorp ${JAAR} wijzigen` });
    await wijzig.getByLabel('Minimum').fill('30');
    await wijzig.getByRole('button', { name: 'Wijziging opslaan' }).click();
    assert.match(await fieldError(wijzig.getByLabel('Maximum (optioneel)')), /kleiner dan het minimum/);
    await wijzig.getByLabel('Maximum (optioneel)').fill('');
    await wijzig.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await page.getByRole('status').filter({ hasText: `Het doel Leiderdorp ${JAAR}: 30 gezinnen is opgeslagen.` }).waitFor();
    const doelen = (await fetchInPage(page, 'GET', '/doelen')).body.doelen;
    assert.equal(doelen.length, 1);
    assert.equal(doelen[0].minimum, 30);
    assert.equal(doelen[0].maximum, null);
    assert.equal(doelen[0].versie, 2);

    await page.getByRole('row').filter({ hasText: 'Leiderdorp' })
      .getByRole('button', { name: `Leiderdorp ${JAAR} 30 gezinnen verwijderen` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Verwijderen' }).click();
    await page.getByRole('status').filter({ hasText: 'is verwijderd' }).waitFor();
    await page.getByText('Nog geen doelen.').waitFor();
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
