// Browser test for the effectencalculator on the gezin page: the beheerder
// imports tariffs, a coordinator opens a vraaggezin, adds an item to its
// reference scenario (1,5 uur per week ambulant family support for 28
// weeks) and sees its formula written out to the cent; an item with an
// impossible quantity is refused with the reason at the quantity field and
// nothing is added. Then the coordinator builds a waiting-time chain and
// sees it, changes an item, removes the item another waits for (which keeps
// its start), marks the scenario as drawn up with an independent
// professional, sets the outcome of the family's formal help, and sees a
// start date without a valid tariff refused naming the tariff.
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
    const form = sectie.getByRole('form', { name: 'Item toevoegen' });
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
    const form = sectie.getByRole('form', { name: 'Item toevoegen' });
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

  step('a waiting-time chain is shown, an item changed and the item another waits for removed', async () => {
    const sectie = page.getByRole('region', { name: 'Referentiescenario en effect' });
    // 2: an investigation by the Raad (one family-year), 3: an OTS that waits 3 months for it
    let form = sectie.getByRole('form', { name: 'Item toevoegen' });
    await form.getByLabel('Tarief').selectOption('raad-onderzoek');
    await form.getByLabel('Hoeveelheid telt').selectOption('totaal');
    await form.getByLabel('Hoeveelheid', { exact: true }).fill('1');
    await form.getByLabel('Duur in weken of maanden').fill('');
    await form.getByRole('button', { name: 'Item toevoegen' }).click();
    await sectie.getByText('Het item is toegevoegd.').waitFor();
    await sectie.locator('.effect-formule').nth(1).waitFor();
    form = sectie.getByRole('form', { name: 'Item toevoegen' });
    await form.getByLabel('Tarief').selectOption('ots');
    await form.getByLabel('Hoeveelheid telt').selectOption('maand');
    await form.getByLabel('Elke dag (365/12 per maand)').check();
    await form.getByLabel('Begint na item').selectOption({ label: '2. Onderzoek Raad voor de Kinderbescherming' });
    await form.getByLabel('Wachttijd in maanden').fill('3');
    await form.getByRole('button', { name: 'Item toevoegen' }).click();
    await sectie.locator('.effect-formule').nth(2).waitFor();
    const rij = sectie.locator('tbody tr').nth(2);
    assert.equal(await rij.locator('.effect-keten').textContent(),
      'start → 2. Onderzoek Raad voor de Kinderbescherming → 3. Ondertoezichtstelling (gecertificeerde instelling) (+3 mnd)');
    assert.match(await rij.textContent(), /maand 3/);
    // 9 months of every day: 9 × 365/12 = 273,75 etmalen × €27,05 = €7.404,94 (rounded once)
    assert.match(await rij.locator('.effect-formule').textContent(), /= €7\.404,94$/);

    // change item 1: 2 hours a week instead of 1,5
    await sectie.getByRole('button', { name: 'Item 1 wijzigen' }).click();
    form = sectie.getByRole('form', { name: 'Item 1 wijzigen' });
    assert.equal(await form.getByLabel('Hoeveelheid', { exact: true }).inputValue(), '1,5');
    await form.getByLabel('Hoeveelheid', { exact: true }).fill('2');
    await form.getByRole('button', { name: 'Item 1 opslaan' }).click();
    await sectie.getByText('Item 1 is gewijzigd.').waitFor();
    assert.equal(await sectie.locator('.effect-formule').first().textContent(), '2 uur/week × 28 weken × €86,40 = €4.838,40');

    // remove item 2: the OTS then waits 3 months from the start, and keeps its month
    await sectie.getByRole('button', { name: 'Item 2 verwijderen' }).click();
    const dialoog = page.getByRole('dialog');
    await dialoog.getByText(/begint op dezelfde maand als nu/).waitFor();
    await dialoog.getByRole('button', { name: 'Verwijderen' }).click();
    await sectie.getByText('Item 2 is verwijderd.').waitFor();
    assert.equal(await sectie.locator('tbody tr').count(), 2);
    const ots = sectie.locator('tbody tr').nth(1);
    assert.equal(await ots.locator('.effect-keten').textContent(),
      'start → 2. Ondertoezichtstelling (gecertificeerde instelling) (+3 mnd)');
    assert.match(await ots.textContent(), /maand 3/);
    const res = await fetchInPage(page, 'GET', `/gezinnen/${gezin}/referentiescenario`);
    assert.deepEqual(res.body.items.map((i) => [i.tarief, i.wachtOp, i.wachtMaanden, i.hoeveelheid]),
      [['ambulant-gezin', null, 0, 2], ['ots', null, 3, null]]);
  });

  step('the independent-professional flag and the outcome per formal-help item are saved', async () => {
    const hulp = await fetchInPage(page, 'POST', `/gezinnen/${gezin}/formele-hulp`,
      { body: { soort: 'jeugdhulp-ambulant', kader: 'vrijwillig', van: '2026-01-05' } });
    assert.equal(hulp.status, 201, JSON.stringify(hulp.body));
    await page.reload();
    await expectHeading(page, 'Gezin de Wit');
    await waitForLoaded(page);
    const sectie = page.getByRole('region', { name: 'Referentiescenario en effect' });
    const scen = sectie.getByRole('form', { name: 'Scenario' });
    await scen.getByLabel('Opgesteld met een onafhankelijke professional').check();
    await scen.getByRole('button', { name: 'Scenario opslaan' }).click();
    await sectie.getByText('Het scenario is opgeslagen.').waitFor();
    const uit = sectie.getByRole('form', { name: 'Uitkomst per formele hulp' });
    await uit.getByLabel(/Jeugdhulp ambulant/).selectOption({ label: 'Verminderd mede dankzij de koppeling' });
    await uit.getByRole('button', { name: 'Uitkomsten opslaan' }).click();
    await sectie.getByText('De uitkomsten zijn opgeslagen.').waitFor();
    const res = await fetchInPage(page, 'GET', `/gezinnen/${gezin}/referentiescenario`);
    assert.equal(res.body.opgesteldMetOnafhankelijkeProfessional, true);
    assert.deepEqual(res.body.formeleHulp.map((h) => [h.uitkomst, h.mate]), [['verminderd', 'mede-dankzij']]);
    assert.equal(res.body.items.length, 2);
    // after a reload the choices are shown as saved
    await page.reload();
    await waitForLoaded(page);
    assert.equal(await sectie.getByRole('form', { name: 'Uitkomst per formele hulp' }).getByLabel(/Jeugdhulp ambulant/).inputValue(),
      'verminderd/mede-dankzij');
    assert.equal(await sectie.getByRole('form', { name: 'Scenario' }).getByLabel('Opgesteld met een onafhankelijke professional').isChecked(), true);
  });

  step('a start date before any valid tariff is refused naming the tariff, nothing saved', async () => {
    expected.push({ status: 422, path: `/api/v1/gezinnen/${gezin}/referentiescenario` });
    const sectie = page.getByRole('region', { name: 'Referentiescenario en effect' });
    const scen = sectie.getByRole('form', { name: 'Scenario' });
    await scen.getByLabel('Startdatum van het scenario').fill('2010-01-01');
    await scen.getByRole('button', { name: 'Scenario opslaan' }).click();
    const fout = sectie.locator('.melding--fout');
    await fout.getByText(/geen versie van dit tarief geldig op 2010-01-01/).waitFor();
    const res = await fetchInPage(page, 'GET', `/gezinnen/${gezin}/referentiescenario`);
    assert.notEqual(res.body.startdatum, '2010-01-01');
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
