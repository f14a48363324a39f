// Browser test for programmes as data: the beheerder creates a programme on
// the Beheer screen "Programma's" (first sent empty: the reasons appear
// next to the fields), offers it in one werkgebied, and a coordinator of
// that werkgebied finds it, and only the programmes of their werkgebied,
// in the programme choice when starting a koppeling.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; werkgebieden and
// users come in through the command line. Werkgebied LEI is new, so it is
// offered nothing until the beheerder chooses; DEL is offered every
// programme. Screenshots land in tests/e2e/output/.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test programmas.test.mjs

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, logIn, logOut, openPage, unexpected, waitForLoaded,
} from './lib/page.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, stepper, toestemming } from './lib/suite.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const BEHEERDER = { gebruikersnaam: 'bea', naam: 'Bea Beheer', password: 'tulpen-in-de-hortus-van-leiden' };
const COORDINATOR = { gebruikersnaam: 'lotte', naam: 'Lotte Leiden', password: 'grachten-en-molens-langs-de-rijn' };

describe('Koppel programma\'s', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN, { status: 400, path: '/api/v1/programmas' }];
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

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addWerkgebied('LEI', 'Leiden');
    await server.addWerkgebied('DEL', 'Delft');
    await offerAllProgrammes(server, 'DEL');
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: ['LEI'] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('the beheerder sees the programmes on the Beheer screen, with where they are offered', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    await goToHash(page, '#/beheer/programmas');
    await expectHeading(page, "Programma's");
    await waitForLoaded(page);
    const rij = page.getByRole('row').filter({ hasText: 'Home-Start' });
    await rij.waitFor();
    assert.match(await rij.textContent(), /DEL/);
    assert.doesNotMatch(await rij.textContent(), /LEI/);
  });

  step('a new programme sent empty shows each reason next to its field', async () => {
    await page.getByRole('link', { name: 'Nieuw programma' }).click();
    await expectHeading(page, 'Nieuw programma');
    const form = page.getByRole('form', { name: 'Nieuw programma' });
    await form.getByLabel('Naam').waitFor();
    await form.getByRole('button', { name: 'Programma toevoegen' }).click();
    assert.match(await fieldError(form.getByLabel('Naam')), /\S/);
    assert.match(await fieldError(form.getByLabel('Maximale duur (maanden)')), /\S/);
    const rollen = form.getByRole('group', { name: 'Wie biedt steun' });
    await rollen.locator('.veld__fout:not([hidden])').waitFor();
    assert.match(await rollen.locator('.veld__fout').textContent(), /Kies minstens één/);
    // a weight out of range is named at its own field
    await form.getByLabel('Afstand', { exact: true }).fill('150');
    await form.getByLabel('Naam').fill('Home-Start Leiden');
    await form.getByRole('group', { name: 'Wie biedt steun' }).getByLabel('Steunmaatje').check();
    await form.getByLabel('Maximale duur (maanden)').fill('12');
    await form.getByRole('button', { name: 'Programma toevoegen' }).click();
    assert.match(await fieldError(form.getByLabel('Afstand', { exact: true })), /\S/);
    await shot('programma-fouten');
  });

  step('the beheerder creates the programme and offers it in Leiden', async () => {
    const form = page.getByRole('form', { name: 'Nieuw programma' });
    await form.getByLabel('Afstand', { exact: true }).fill('40');
    await form.getByLabel('Proefperiode (maanden)').fill('0');
    await form.getByLabel('Evaluatie elke (maanden)').fill('6');
    await form.getByRole('group', { name: 'Aangeboden in' }).getByLabel('Leiden (LEI)').check();
    await form.getByRole('button', { name: 'Programma toevoegen' }).click();
    await expectHeading(page, "Programma's");
    await page.getByRole('status').filter({ hasText: 'Programma Home-Start Leiden is toegevoegd.' }).waitFor();
    const rij = page.getByRole('row').filter({ hasText: 'Home-Start Leiden' });
    await rij.waitFor();
    assert.match(await rij.textContent(), /LEI/);
    await shot('programmas-lijst');
    await logOut(page);
  });

  step('a coordinator of Leiden picks it, and only it, when starting a koppeling', async () => {
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    ids.vraaggezin = await createGezin(page, {
      naam: 'Gezin de Wit',
      rol: 'vraaggezin',
      werkgebied: 'LEI',
      leden: [{ soort: 'volwassene', voornaam: 'Eva', achternaam: 'de Wit', geboortedatum: '1992-04-01' }],
      vraag: { tekst: 'Iemand om mee te praten nu de baby er is.' },
      toestemmingen: toestemming('Eva de Wit'),
    });
    await goToHash(page, `#/gezinnen/${ids.vraaggezin}`);
    await expectHeading(page, 'Gezin de Wit');
    const form = page.getByRole('region', { name: 'Koppeling starten', exact: true })
      .getByRole('form', { name: 'Nieuwe koppeling voorstellen' });
    await form.waitFor();
    const options = await form.getByLabel('Programma').locator('option').allTextContents();
    assert.deepEqual(options, ['Home-Start Leiden']);
    await shot('programma-keuze-coordinator');
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
