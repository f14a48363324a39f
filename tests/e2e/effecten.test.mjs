// Browser test for the effectencalculator on the gezin page: the beheerder
// imports tariffs, a coordinator opens a vraaggezin, adds an item to its
// reference scenario (1,5 uur per week ambulant family support for 28
// weeks) and sees its formula written out to the cent; an item with an
// impossible quantity is refused with the reason at the quantity field and
// nothing is added.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test effecten.test.mjs

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, logOut, openPage, unexpected, waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, stepper, toestemming } from './lib/suite.mjs';

const CSV = fileURLToPath(new URL('../../config/tarieven-voorbeeld.csv', import.meta.url));
const BEHEERDER = { gebruikersnaam: 'bea', naam: 'Bea Beheer', password: 'tulpen-in-de-hortus-van-leiden' };
const COORDINATOR = { gebruikersnaam: 'lotte', naam: 'Lotte Leiden', password: 'grachten-en-molens-langs-de-rijn' };

describe('Koppel effectencalculator', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const step = stepper(() => server);
  let gezin;

  before(async () => {
    server = await startServer();
    await server.addWerkgebied('LEI', 'Leiden');
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: ['LEI'] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('the beheerder imports the example tariffs', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    const csv = await readFile(CSV, 'utf8');
    const res = await fetchInPage(page, 'POST', '/tarief-imports', { body: { csv } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.ingelezen, 19);
    await logOut(page);
  });

  step('a coordinator adds an item to the reference scenario and sees its formula', async () => {
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    gezin = await createGezin(page, {
      naam: 'Gezin de Wit',
      rol: 'vraaggezin',
      werkgebied: 'LEI',
      leden: [{ soort: 'volwassene', voornaam: 'Eva', achternaam: 'de Wit', geboortedatum: '1992-04-01' }],
      vraag: { tekst: 'Iemand om mee te praten nu de baby er is.' },
      toestemmingen: toestemming('Eva de Wit'),
    });
    await goToHash(page, `#/gezinnen/${gezin}`);
    await expectHeading(page, 'Gezin de Wit');
    await waitForLoaded(page);
    const sectie = page.getByRole('region', { name: 'Referentiescenario en effect' });
    await sectie.getByText('Nog geen items').waitFor();
    const form = sectie.locator('form');
    await form.getByLabel('Tarief').selectOption('ambulant-gezin');
    await form.getByLabel('Hoeveelheid telt').selectOption('week');
    await form.getByLabel('Hoeveelheid', { exact: true }).fill('1,5');
    await form.getByLabel('Duur in weken of maanden').fill('28');
    await form.getByRole('button', { name: 'Item toevoegen' }).click();
    const formule = sectie.locator('.effect-formule').first();
    await formule.waitFor();
    assert.equal(await formule.textContent(), '1,5 uur/week × 28 weken × €86,40 = €3.628,80');
    assert.match(await sectie.locator('.effect-cijfers').textContent(), /€3\.628,80/);
  });

  step('an impossible quantity is refused at its field and nothing is added', async () => {
    expected.push({ status: 422, path: `/api/v1/gezinnen/${gezin}/referentiescenario` });
    const sectie = page.getByRole('region', { name: 'Referentiescenario en effect' });
    const form = sectie.locator('form');
    await form.getByLabel('Tarief').selectOption('ambulant-gezin');
    await form.getByLabel('Hoeveelheid telt').selectOption('week');
    await form.getByLabel('Hoeveelheid', { exact: true }).fill('200');
    await form.getByLabel('Duur in weken of maanden').fill('10');
    await form.getByRole('button', { name: 'Item toevoegen' }).click();
    const veld = form.locator('[data-veld="hoeveelheid"] .veld__fout');
    await veld.waitFor();
    assert.match(await veld.textContent(), /week/);
    assert.equal(await sectie.locator('.effect-formule').count(), 1);
    const res = await fetchInPage(page, 'GET', `/gezinnen/${gezin}/referentiescenario`);
    assert.equal(res.body.items.length, 1);
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
