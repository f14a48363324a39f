// Browser tests for matching: the suggestions page of a vraaggezin
// (#/gezinnen/:id/suggesties). A coordinator opens it from the vraaggezin's
// page, sees the candidates with score and reasons in words, excludes one
// with a reason (an empty reason is refused next to the field), sees it
// leave the suggestions and come back after "Ongedaan maken", and starts a
// koppeling from a suggestion, landing on the koppeling's page.
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
import {
  NOT_LOGGED_IN, expectHeading, logIn, openPage, unexpected, vandaag, waitForLoginPage,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const COORDINATOR = { gebruikersnaam: 'fleur', naam: 'Fleur de Wit', password: 'appeltaart-bakken-op-zondagmiddag' };
const WERKGEBIED = { code: 'AMF', naam: 'Amersfoort' };

describe('Koppel suggesties', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const ids = {};

  const step = stepper(() => server);
  const go = (hash) => goToHash(page, hash);

  function region(name) {
    return page.getByRole('region', { name, exact: true });
  }

  function suggestie(naam) {
    return region('Suggesties').locator('li.suggestie').filter({ has: page.getByRole('heading', { name: naam, exact: true }) });
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

  step('(setup) a waiting vraaggezin and two beschikbare steungezinnen with a VOG', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    const d = new Date();
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    const vog = d.toISOString().slice(0, 10);

    ids.vraaggezin = await gezin({
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
    await setStatus(ids.vraaggezin, 'wachtend');
  });

  step('(a) opens the suggestions from the vraaggezin’s page and shows candidates with reasons', async () => {
    await go(`#/gezinnen/${ids.vraaggezin}`);
    await expectHeading(page, 'Gezin Jansen');
    await page.getByRole('link', { name: 'Suggesties bekijken' }).click();
    await expectHeading(page, 'Suggesties voor Gezin Jansen');
    await suggestie('Gezin Smit').waitFor();
    await suggestie('Gezin Dekker').waitFor();
    const smit = await suggestie('Gezin Smit').textContent();
    assert.match(smit, /score \d+ van 100/);
    assert.match(smit, /Steungezin/i);
    assert.match(smit, /Past omdat/);
    assert.match(smit, /Dagdelen: Kan op woensdag middag/);
    // Dekker cannot on Wednesday afternoon: said in words, under "Minder passend".
    const dekker = suggestie('Gezin Dekker').locator('ul.redenen--minder');
    assert.match(await dekker.textContent(), /Dagdelen: .*woensdag middag/);
    await page.screenshot({ path: `${OUTPUT_DIR}suggesties.png`, fullPage: true });

    // A steungezin's page has no link to suggestions.
    await go(`#/gezinnen/${ids.smit}`);
    await expectHeading(page, 'Gezin Smit');
    assert.equal(await page.getByRole('link', { name: 'Suggesties bekijken' }).count(), 0);
  });

  step('(b) excluding needs a reason; the excluded gezin leaves the suggestions and comes back on undo', async () => {
    await go(`#/gezinnen/${ids.vraaggezin}/suggesties`);
    await expectHeading(page, 'Suggesties voor Gezin Jansen');
    await suggestie('Gezin Dekker').getByRole('button', { name: 'Gezin Dekker uitsluiten' }).click();
    const form = page.getByRole('form', { name: 'Gezin Dekker uitsluiten' });
    await form.waitFor();
    const reden = form.getByLabel('Reden');
    await form.getByRole('button', { name: 'Uitsluiten', exact: true }).click();
    await reden.and(page.locator('[aria-invalid="true"]')).waitFor();
    assert.match(await form.locator('.veld__fout').first().textContent(), /Vul een reden in/);
    assert.ok(await form.locator('.veld__fout').first().isVisible());

    await reden.fill('De gezinnen kennen elkaar van school.');
    await form.getByRole('button', { name: 'Uitsluiten', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Gezin Dekker is uitgesloten.' }).waitFor();
    await suggestie('Gezin Dekker').waitFor({ state: 'detached' });
    await suggestie('Gezin Smit').waitFor();
    const uit = region('Uitgesloten door een coördinator');
    await uit.getByText('Reden: De gezinnen kennen elkaar van school.').waitFor();
    await page.screenshot({ path: `${OUTPUT_DIR}suggesties-uitgesloten.png`, fullPage: true });

    await uit.getByRole('button', { name: 'Uitsluiting van Gezin Dekker ongedaan maken' }).click();
    await page.getByRole('status').filter({ hasText: 'Gezin Dekker staat weer tussen de suggesties.' }).waitFor();
    await suggestie('Gezin Dekker').waitFor();
    await uit.getByText('Geen gezinnen uitgesloten.').waitFor();
  });

  step('(c) starts a koppeling from a suggestion and lands on the koppeling’s page', async () => {
    await suggestie('Gezin Smit').getByRole('button', { name: 'Koppeling starten met Gezin Smit' }).click();
    // As on the gezin page: the date and the children are asked first.
    const vraag = page.getByRole('dialog', { name: 'Koppeling starten met Gezin Smit?' });
    await vraag.waitFor();
    assert.match(await vraag.textContent(), /voorstel voor een koppeling tussen Gezin Jansen en Gezin Smit/);
    assert.equal(await vraag.getByLabel('Voorgesteld op').inputValue(), vandaag());
    const kinderen = vraag.getByRole('group', { name: 'Voor welke kinderen?' }).getByRole('checkbox');
    assert.ok((await kinderen.count()) >= 1, 'the children are not asked');
    await vraag.getByRole('button', { name: 'Koppeling starten' }).click();
    await expectHeading(page, 'Gezin Jansen en Gezin Smit');
    assert.match(new URL(page.url()).hash, /^#\/koppelingen\/\d+$/);
    await page.getByRole('status').filter({ hasText: 'De koppeling is voorgesteld.' }).waitFor();
  });

  step('speaks the users’ language on the suggestions page', async () => {
    await go(`#/gezinnen/${ids.vraaggezin}/suggesties`);
    await expectHeading(page, 'Suggesties voor Gezin Jansen');
    await region('Suggesties').locator('ol.suggesties, p.zacht').first().waitFor();
    const text = await page.locator('body').evaluate((b) => b.innerText);
    assert.doesNotMatch(text, /cli[eë]nt|casus|problematiek|stoornis/i);
  });

  step('reports no console errors, page errors or CSP violations', async () => {
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('stops the daemon with exit code 0', async () => {
    const status = await server.stop();
    assert.equal(status, 0, `koppel exited with status ${status}`);
  });
});
