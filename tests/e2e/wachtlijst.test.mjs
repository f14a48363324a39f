// Browser test for the wachtlijst with responsibility (issue 19, point 5):
// on the gezin page of a waiting vraaggezin the section "Wachtlijst" sets
// its urgency and contact person (the contact persons offered are the
// coordinators of its werkgebied) and logs that the family was told about
// its wait; a stale save is refused (If-Match) and the section reloads; on
// the Overzicht the wachtlijst puts the urgent family that waits 3 days
// before the normal one that waits 90, with urgency, contact person and
// last-told date, and flags the family without a contact person; the
// family's inzage shows its wait.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test wachtlijst.test.mjs

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import { NOT_LOGGED_IN, fetchInPage, logIn, openPage, unexpected, vandaag, waitForLoginPage } from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, stepper, toestemming } from './lib/suite.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));
const COORDINATOR = { gebruikersnaam: 'mirjam', naam: 'Mirjam Kok', password: 'fietsen-door-de-polder-in-mei' };
const COLLEGA = { gebruikersnaam: 'sanne', naam: 'Sanne de Groot', password: 'thee-drinken-aan-de-waterkant' };
const ELDERS = { gebruikersnaam: 'joost', naam: 'Joost Elders', password: 'koffie-op-het-plein-van-kampen' };
const WERKGEBIED = { code: 'DEV', naam: 'Deventer' };

// A date `days` days before today, as YYYY-MM-DD.
function dagenGeleden(days) {
  const d = new Date(`${vandaag()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

// "2026-01-05" -> "05-01-2026", as the web app shows dates.
const nl = (iso) => iso.split('-').reverse().join('-');

describe('Wachtlijst met urgentie en contactpersoon in de web-app', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const ids = {};
  const step = stepper(() => server);
  const go = (hash) => goToHash(page, hash);
  const region = (name) => page.getByRole('region', { name, exact: true });

  // A waiting vraaggezin registered `days` days ago.
  const wachtend = (naam, days) => createGezin(page, {
    naam, rol: 'vraaggezin', werkgebied: WERKGEBIED.code, aangemeldOp: dagenGeleden(days), status: 'wachtend',
    statusDatum: dagenGeleden(days),
    leden: [{ soort: 'volwassene', voornaam: 'Ouder' }, { soort: 'kind', voornaam: 'Kind', geboortedatum: '2020-05-01' }],
    vraag: { tekst: 'Even lucht' },
    toestemmingen: toestemming('Ouder'),
  });

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await server.addWerkgebied('KAM', 'Kampen');
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    await server.addUser({ ...COLLEGA, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    await server.addUser({ ...ELDERS, rol: 'coordinator', werkgebieden: ['KAM'] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(a) urgency, contact person and "geïnformeerd" on the gezin page', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    ids.normaal = await wachtend('Gezin Jansen', 90);
    ids.urgent = await wachtend('Gezin Yilmaz', 3);

    await go(`#/gezinnen/${ids.urgent}`);
    const sectie = region('Wachtlijst');
    await sectie.getByText('Let op: geen contactpersoon.').waitFor();
    const contact = sectie.getByLabel('Contactpersoon tijdens het wachten');
    // only the coordinators of the family's werkgebied are offered
    const namen = await contact.locator('option').allTextContents();
    assert.deepEqual(namen, ['Niemand', COORDINATOR.naam, COLLEGA.naam]);
    await sectie.getByLabel('Urgentie', { exact: true }).selectOption({ label: 'Huiselijk geweld of onveiligheid' });
    await contact.selectOption({ label: COLLEGA.naam });
    await sectie.getByRole('button', { name: 'Urgentie en contactpersoon opslaan' }).click();
    await sectie.getByText('Urgentie en contactpersoon zijn opgeslagen.').waitFor();
    const gegevens = sectie.locator('dl.gegevens');
    assert.match(await gegevens.textContent(), /Huiselijk geweld of onveiligheid/);
    assert.match(await gegevens.textContent(), new RegExp(COLLEGA.naam));

    // someone else changes it meanwhile: the stale save is refused and the newest state shown
    const pad = `/gezinnen/${ids.urgent}/wachten`;
    const huidig = await fetchInPage(page, 'GET', pad);
    const anders = await fetchInPage(page, 'PUT', pad,
      { body: { urgentie: 'uithuisplaatsing', contactpersoon: huidig.body.contactpersoon.id }, etag: huidig.etag });
    assert.equal(anders.status, 200, JSON.stringify(anders.body));
    expected.push({ status: 412, path: `/api/v1${pad}` });
    await sectie.getByLabel('Urgentie', { exact: true }).selectOption({ label: 'Normaal' });
    await sectie.getByRole('button', { name: 'Urgentie en contactpersoon opslaan' }).click();
    await sectie.getByText('Iemand anders heeft dit intussen gewijzigd.', { exact: false }).waitFor();
    await gegevens.getByText('Dreigende uithuisplaatsing').waitFor();
    await sectie.getByLabel('Urgentie', { exact: true }).selectOption({ label: 'Huiselijk geweld of onveiligheid' });
    await sectie.getByRole('button', { name: 'Urgentie en contactpersoon opslaan' }).click();
    await sectie.getByText('Urgentie en contactpersoon zijn opgeslagen.').waitFor();
    assert.match(await gegevens.textContent(), /Huiselijk geweld of onveiligheid/);

    // the family is told about its wait, by phone, today
    assert.match(await gegevens.textContent(), /Nog nooit/);
    const log = sectie.getByRole('form', { name: 'Geïnformeerd vastleggen' });
    assert.equal(await log.getByLabel('Datum').inputValue(), vandaag());
    await log.getByLabel('Hoe').selectOption({ label: 'Telefonisch' });
    await log.getByLabel('Notitie').fill('Gebeld: nog twee weken');
    await log.getByRole('button', { name: 'Geïnformeerd vastleggen' }).click();
    await sectie.getByText('Vastgelegd dat het gezin is geïnformeerd.').waitFor();
    assert.match(await gegevens.textContent(), new RegExp(nl(vandaag())));
    const tabel = sectie.getByRole('region', { name: 'Geïnformeerd over het wachten' });
    const rij = tabel.getByRole('row').filter({ hasText: 'Gebeld: nog twee weken' });
    assert.match(await rij.textContent(), /Telefonisch/);
    assert.equal(await sectie.getByText('Let op:', { exact: false }).count(), 0, 'no flag any more');
    await sectie.screenshot({ path: `${OUTPUT_DIR}wachtlijst-gezin.png` });
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('(b) the Overzicht: urgent before long waiting, with contact person, last told and the flag', async () => {
    await go('#/');
    const blok = page.locator('#lijst-wachtlijst');
    const tabel = blok.getByRole('table');
    await tabel.waitFor();
    const kop = await tabel.locator('thead th').allTextContents();
    assert.deepEqual(kop.slice(-4), ['Urgentie', 'Contactpersoon', 'Laatst geïnformeerd', 'Aandacht']);
    const rijen = tabel.locator('tbody tr');
    assert.equal(await rijen.count(), 2);
    const eerste = await rijen.nth(0).textContent();
    const tweede = await rijen.nth(1).textContent();
    // the urgent family waiting 3 days comes before the normal one waiting 90
    assert.match(eerste, /Gezin Yilmaz/);
    assert.match(eerste, /Huiselijk geweld of onveiligheid/);
    assert.match(eerste, new RegExp(COLLEGA.naam));
    assert.match(eerste, new RegExp(nl(vandaag())));
    assert.match(tweede, /Gezin Jansen/);
    assert.match(tweede, /Normaal/);
    assert.match(tweede, /Geen contactpersoon/);
    assert.match(tweede, /nooit/);
    await blok.screenshot({ path: `${OUTPUT_DIR}wachtlijst-overzicht.png` });
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('(c) the inzage of the family shows its wait', async () => {
    await go(`#/gezinnen/${ids.urgent}/inzage`);
    const deel = region('Op de wachtlijst');
    await deel.getByText('Huiselijk geweld of onveiligheid').waitFor();
    const tekst = await deel.textContent();
    assert.match(tekst, new RegExp(COLLEGA.naam));
    assert.match(tekst, /Gebeld: nog twee weken/);
    assert.match(tekst, /Telefonisch/);
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
