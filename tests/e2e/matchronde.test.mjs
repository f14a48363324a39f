// Browser tests for match rounds (#/matchrondes/nieuw, #/matchrondes/:id).
// A coordinator opens Koppelingen → "Matchronde starten", chooses a
// werkgebied and a programme, and lands on the round's page: the optimal
// and the greedy total, and one open proposal per waiting vraaggezin.
// Accepting one makes a koppeling (linked from the proposal, and the link
// opens the koppeling's page); rejecting the other changes its status.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; the werkgebied
// and the coordinator come in through the command line, the gezinnen
// through the API from inside the logged-in page.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel npm test

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import { NOT_LOGGED_IN, expectHeading, logIn, openPage, unexpected, waitForLoginPage } from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const COORDINATOR = { gebruikersnaam: 'fleur', naam: 'Fleur de Wit', password: 'appeltaart-bakken-op-zondagmiddag' };
const WERKGEBIED = { code: 'AMF', naam: 'Amersfoort' };

describe('Koppel matchronde', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const ids = {};

  const step = stepper(() => server);

  function region(name) {
    return page.getByRole('region', { name, exact: true });
  }

  function voorstel(vraaggezin) {
    return region('Voorstellen').locator('li.voorstel')
      .filter({ has: page.getByRole('link', { name: vraaggezin, exact: true }) });
  }

  // Creates a gezin in the suite's werkgebied through the API; returns its id.
  const gezin = (body) => createGezin(page, { werkgebied: WERKGEBIED.code, ...body });

  const setStatus = (id, status) => setGezinStatus(page, id, status);

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await offerAllProgrammes(server, WERKGEBIED.code);
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(setup) two waiting vraaggezinnen and two beschikbare steungezinnen with a VOG', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    const d = new Date();
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    const vog = d.toISOString().slice(0, 10);

    ids.jansen = await gezin({
      naam: 'Gezin Jansen',
      rol: 'vraaggezin',
      adres: { plaats: 'Amersfoort', gemeente: 'Amersfoort' },
      leden: [
        { soort: 'volwassene', voornaam: 'Eva', achternaam: 'Jansen', geboortedatum: '1991-04-01' },
        { soort: 'kind', voornaam: 'Mila', geboortedatum: '2018-06-10', steunVoor: true },
      ],
      vraag: { tekst: 'Een middag in de week waarop Mila ergens kan spelen.', steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'] },
      toestemmingen: toestemming('Eva Jansen'),
    });
    ids.bakker = await gezin({
      naam: 'Gezin Bakker',
      rol: 'vraaggezin',
      adres: { plaats: 'Amersfoort', gemeente: 'Amersfoort' },
      leden: [
        { soort: 'volwassene', voornaam: 'Sanne', achternaam: 'Bakker', geboortedatum: '1988-02-12' },
        { soort: 'kind', voornaam: 'Tijn', geboortedatum: '2017-03-03', steunVoor: true },
      ],
      vraag: { tekst: 'Op zaterdagochtend even iemand voor Tijn.', steunvormen: ['opvang-overdag'], dagdelen: ['za-ochtend'] },
      toestemmingen: toestemming('Sanne Bakker'),
    });
    ids.smit = await gezin({
      naam: 'Gezin Smit',
      rol: 'steungezin',
      adres: { plaats: 'Amersfoort', gemeente: 'Amersfoort' },
      leden: [{ soort: 'volwassene', voornaam: 'Kees', achternaam: 'Smit', geboortedatum: '1975-01-20', vogDatum: vog }],
      aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'], capaciteit: 1 },
      toestemmingen: toestemming('Kees Smit'),
    });
    ids.dekker = await gezin({
      naam: 'Gezin Dekker',
      rol: 'steungezin',
      adres: { plaats: 'Amersfoort', gemeente: 'Amersfoort' },
      leden: [{ soort: 'volwassene', voornaam: 'Anna', achternaam: 'Dekker', geboortedatum: '1980-09-09', vogDatum: vog }],
      aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['za-ochtend'], capaciteit: 1 },
      toestemmingen: toestemming('Anna Dekker'),
    });
    await setStatus(ids.smit, 'beschikbaar');
    await setStatus(ids.dekker, 'beschikbaar');
    await setStatus(ids.jansen, 'wachtend');
    await setStatus(ids.bakker, 'wachtend');
  });

  step('(a) starts a round from Koppelingen and shows both totals and two proposals', async () => {
    await page.getByRole('link', { name: 'Koppelingen', exact: true }).first().click();
    await expectHeading(page, 'Koppelingen');
    await page.getByRole('link', { name: 'Matchronde starten' }).click();
    await expectHeading(page, 'Matchronde starten');
    const form = page.getByRole('form', { name: 'Matchronde starten' });
    await form.waitFor();
    await form.getByLabel('Werkgebied').selectOption(WERKGEBIED.code);
    const programma = form.getByLabel('Programma');
    const eerste = await programma.locator('option').first().getAttribute('value');
    await programma.selectOption(eerste);
    await form.getByRole('button', { name: 'Matchronde starten' }).click();

    await page.waitForFunction(() => /^#\/matchrondes\/\d+$/.test(location.hash));
    await region('Voorstellen').locator('li.voorstel').first().waitFor();
    await page.getByRole('status').filter({ hasText: 'De matchronde is klaar.' }).waitFor();
    assert.equal(await region('Voorstellen').locator('li.voorstel').count(), 2);
    const totaal = await region('Totaal').textContent();
    // plain words instead of "optimaal" and "gretig"
    assert.match(totaal, /Samen passen ze voor\s*\d+ punten/);
    assert.match(totaal, /zo goed mogelijk passen/);
    assert.doesNotMatch(totaal, /optimaal|gretig/i);
    for (const naam of ['Gezin Jansen', 'Gezin Bakker']) {
      const v = voorstel(naam);
      await v.waitFor();
      assert.match(await v.textContent(), /score \d+ van 100/);
      assert.match(await v.textContent(), /Open/);
    }
    await page.screenshot({ path: `${OUTPUT_DIR}matchronde.png`, fullPage: true });
  });

  step('(b) accepting a proposal links to the new koppeling', async () => {
    const v = voorstel('Gezin Jansen');
    const naam = (await v.locator('h3').textContent()).trim();
    await v.getByRole('button', { name: `Voorstel ${naam} accepteren` }).click();
    // A decision is final: a dialog says what accepting does first.
    const vraag = page.getByRole('dialog', { name: `Voorstel ${naam} accepteren?` });
    await vraag.waitFor();
    assert.match(await vraag.textContent(), /maakt een koppeling tussen Gezin Jansen en .* in de fase Voorstel/);
    await vraag.getByRole('button', { name: 'Accepteren' }).click();
    await page.getByRole('status').filter({ hasText: 'is geaccepteerd' }).waitFor();
    const link = voorstel('Gezin Jansen').getByRole('link', { name: `Naar de koppeling ${naam}` });
    await link.waitFor();
    assert.match(await voorstel('Gezin Jansen').textContent(), /Geaccepteerd/);
    ids.ronde = new URL(page.url()).hash;
    await link.click();
    await expectHeading(page, naam);
    assert.match(new URL(page.url()).hash, /^#\/koppelingen\/\d+$/);
  });

  step('(c) rejecting the other proposal changes its status', async () => {
    await page.evaluate((h) => {
      location.hash = h;
    }, ids.ronde);
    const v = voorstel('Gezin Bakker');
    await v.waitFor();
    const naam = (await v.locator('h3').textContent()).trim();
    await v.getByRole('button', { name: `Voorstel ${naam} afwijzen` }).click();
    const vraag = page.getByRole('dialog', { name: `Voorstel ${naam} afwijzen?` });
    await vraag.waitFor();
    assert.match(await vraag.textContent(), /niet terugdraaien/);
    // Cancelling decides nothing.
    await vraag.getByRole('button', { name: 'Annuleren' }).click();
    await vraag.waitFor({ state: 'detached' });
    assert.match(await voorstel('Gezin Bakker').textContent(), /Open/);
    await v.getByRole('button', { name: `Voorstel ${naam} afwijzen` }).click();
    await vraag.getByRole('button', { name: 'Afwijzen' }).click();
    await page.getByRole('status').filter({ hasText: 'is afgewezen' }).waitFor();
    await voorstel('Gezin Bakker').getByText('Afgewezen', { exact: true }).waitFor();
    assert.equal(await voorstel('Gezin Bakker').getByRole('button').count(), 0);
    assert.match(await voorstel('Gezin Jansen').textContent(), /Geaccepteerd/);
  });

  step('reports no console errors, page errors or CSP violations', async () => {
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('stops the daemon with exit code 0', async () => {
    const status = await server.stop();
    assert.equal(status, 0, `koppel exited with status ${status}`);
  });
});
