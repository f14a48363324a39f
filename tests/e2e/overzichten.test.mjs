// Browser tests for the overviews: the coordinator's dashboard (#/) with
// the wachtlijst, beschikbare steungezinnen, koppelingen per fase and the
// CSV download of a list, and Rapportages (#/rapportages) with the
// quarterly report of a gemeente as tables, its CSV and the print button.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; the werkgebied
// and the coordinator come in through the command line, the gezinnen and
// the koppeling through the API from inside the logged-in page (as another
// tab would). Everything else happens in headless Chromium.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel npm test

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, openPage, unexpected, vandaag, waitForLoaded, waitForLoginPage,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const COORDINATOR = { gebruikersnaam: 'fenna', naam: 'Fenna de Wit', password: 'lange-wandeling-langs-de-zaan' };
const WERKGEBIED = { code: 'ZAA', naam: 'Zaanstad' };

describe('Koppel overzicht and rapportages', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const ids = {};
  let serverLogShown = false;

  function step(name, fn) {
    it(name, async () => {
      try {
        await fn();
      } catch (err) {
        if (server && !serverLogShown) {
          serverLogShown = true;
          process.stderr.write(`\n--- koppel output ---\n${server.log()}\n--- end ---\n`);
        }
        throw err;
      }
    });
  }

  async function go(hash) {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
  }

  function region(name) {
    return page.getByRole('region', { name, exact: true });
  }

  async function gezin(body) {
    const res = await fetchInPage(page, 'POST', '/gezinnen', { body: { werkgebied: WERKGEBIED.code, ...body } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id;
  }

  async function setStatus(id, status) {
    const current = await fetchInPage(page, 'GET', `/gezinnen/${id}`);
    const res = await fetchInPage(page, 'PATCH', `/gezinnen/${id}`, { body: { status }, etag: current.etag });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
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

  step('(setup) a waiting vraaggezin, two steungezinnen and a koppeling in voorstel', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    await expectHeading(page, 'Overzicht');
    const toestemming = (door) => [{ doel: 'registratie', gegevenOp: vandaag(), gegevenDoor: door }];
    const vog = new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10);
    const adres = { plaats: 'Zaandam', gemeente: 'Zaanstad' };

    ids.wachtend = await gezin({
      naam: 'Gezin Kok',
      rol: 'vraaggezin',
      adres,
      leden: [{ soort: 'volwassene', voornaam: 'Anouk', achternaam: 'Kok', geboortedatum: '1991-04-12' },
        { soort: 'kind', voornaam: 'Sem', geboortedatum: '2018-09-01', steunVoor: true }],
      vraag: { tekst: 'Een middag per week waarop Sem ergens kan spelen.' },
      toestemmingen: toestemming('Anouk Kok'),
    });
    ids.gekoppeld = await gezin({
      naam: 'Gezin Smit',
      rol: 'vraaggezin',
      adres,
      leden: [{ soort: 'volwassene', voornaam: 'Joost', achternaam: 'Smit', geboortedatum: '1985-01-20' },
        { soort: 'kind', voornaam: 'Mila', geboortedatum: '2019-03-03', steunVoor: true }],
      vraag: { tekst: 'Af en toe een weekend logeren voor Mila.' },
      toestemmingen: toestemming('Joost Smit'),
    });
    ids.meijer = await gezin({
      naam: 'Gezin Meijer',
      rol: 'steungezin',
      adres,
      leden: [{ soort: 'volwassene', voornaam: 'Eva', achternaam: 'Meijer', geboortedatum: '1975-06-06', vogDatum: vog }],
      aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'], capaciteit: 2 },
      toestemmingen: toestemming('Eva Meijer'),
    });
    ids.dekker = await gezin({
      naam: 'Gezin Dekker',
      rol: 'steungezin',
      adres,
      leden: [{ soort: 'volwassene', voornaam: 'Tom', achternaam: 'Dekker', geboortedatum: '1980-12-12', vogDatum: vog }],
      aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['za-ochtend'], capaciteit: 1 },
      toestemmingen: toestemming('Tom Dekker'),
    });
    await setStatus(ids.meijer, 'beschikbaar');
    await setStatus(ids.dekker, 'beschikbaar');
    await setStatus(ids.wachtend, 'wachtend');
    await setStatus(ids.gekoppeld, 'wachtend');
    const res = await fetchInPage(page, 'POST', '/koppelingen', {
      body: { vraaggezin: ids.gekoppeld, steungezin: ids.dekker, programma: 1, datum: vandaag() },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.koppeling = res.body.id;
  });

  step('(a) the dashboard shows the wachtlijst, the beschikbare steungezinnen and the koppelingen per fase', async () => {
    await page.reload();
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
    assert.equal(await page.getByText('volgt nog').count(), 0, 'the placeholder text is still there');

    const wachtlijst = region('Wachtlijst');
    const kok = wachtlijst.getByRole('row').filter({ hasText: 'Gezin Kok' });
    await kok.waitFor();
    assert.match(await kok.textContent(), /\d+ dag(en)?/, 'no waiting days on the row');

    const beschikbaar = region('Beschikbare steungezinnen');
    await beschikbaar.getByRole('link', { name: 'Gezin Meijer' }).waitFor();

    const fasen = region('Koppelingen per fase');
    const voorstel = fasen.getByRole('row').filter({ hasText: 'Voorstel' });
    assert.deepEqual((await voorstel.locator('th, td').allTextContents()).map((t) => t.trim()), ['Voorstel', '1']);
    const lopend = fasen.getByRole('row').filter({ hasText: 'Lopend' });
    assert.deepEqual((await lopend.locator('th, td').allTextContents()).map((t) => t.trim()), ['Lopend', '0']);

    await page.screenshot({ path: `${OUTPUT_DIR}overzicht.png`, fullPage: true });

    // Following a link leads to the gezin's page.
    await kok.getByRole('link', { name: 'Gezin Kok' }).click();
    await expectHeading(page, 'Gezin Kok');
    assert.equal(new URL(page.url()).hash, `#/gezinnen/${ids.wachtend}`);
  });

  step('(b) the CSV link of the wachtlijst points to the caseload export, which starts with its header row', async () => {
    await go('#/');
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
    const link = region('Wachtlijst').getByRole('link', { name: /Download als CSV/ });
    const href = await link.getAttribute('href');
    assert.equal(href, '/api/v1/overzichten/caseload?lijst=wachtlijst');

    const res = await page.request.get(`${server.url}${href}`, { headers: { Accept: 'text/csv' } });
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /^text\/csv/);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const [header, ...lines] = text.split('\r\n');
    assert.equal(header, 'id;naam;status;werkgebied;aangemeldOp;wachtdagen');
    assert.ok(lines.some((l) => l.includes('Gezin Kok')), text);

    // Clicking it saves that file.
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^koppel-wachtlijst-.*\.csv$/);
  });

  step('(c) Rapportages shows the quarterly report of a gemeente as tables, with CSV and print', async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Rapportages' }).click();
    await expectHeading(page, 'Rapportages');
    assert.equal(await page.getByText('volgt nog').count(), 0, 'the placeholder text is still there');

    const now = new Date();
    const jaar = String(now.getFullYear());
    const kwartaal = String(Math.floor(now.getMonth() / 3) + 1);
    const form = page.getByRole('form', { name: 'Kwartaal kiezen' });
    await form.getByLabel('Gemeente').fill('Zaanstad');
    await form.getByLabel('Jaar').fill(jaar);
    await form.getByLabel('Kwartaal').selectOption(kwartaal);
    await form.getByRole('button', { name: 'Rapportage tonen' }).click();

    await page.getByRole('heading', { name: `Kwartaalrapportage Zaanstad, kwartaal ${kwartaal} van ${jaar}` }).waitFor();
    const kern = region('Kerncijfers');
    try {
      await kern.getByRole('table').waitFor();
    } finally {
      await page.screenshot({ path: `${OUTPUT_DIR}rapportages.png`, fullPage: true });
    }
    const aanmeldingen = kern.getByRole('row').filter({ hasText: 'Aanmeldingen' });
    assert.match((await aanmeldingen.locator('td').textContent()).trim(), /^(\d+|<5)$/);
    assert.match(new URL(page.url()).hash, new RegExp(`^#/rapportages\\?gemeente=Zaanstad&jaar=${jaar}&kwartaal=${kwartaal}$`));
    await page.screenshot({ path: `${OUTPUT_DIR}rapportages.png`, fullPage: true });

    // The CSV holds the same rows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download als CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `koppel-kwartaal-Zaanstad-${jaar}-${kwartaal}.csv`);
    const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    const rows = csv.split('\r\n');
    assert.equal(rows[0], 'Onderdeel;Cijfer;Waarde');
    assert.ok(rows.some((r) => r.startsWith('Kerncijfers;Aanmeldingen;')), csv);

    // "Afdrukken" calls window.print.
    await page.evaluate(() => {
      window.koppelTestPrinted = false;
      window.print = () => {
        window.koppelTestPrinted = true;
      };
    });
    await page.getByRole('button', { name: 'Afdrukken' }).click();
    assert.equal(await page.evaluate(() => window.koppelTestPrinted), true);
  });

  step('(d) a missing gemeente is explained next to the field', async () => {
    await go('#/rapportages');
    await expectHeading(page, 'Rapportages');
    const form = page.getByRole('form', { name: 'Kwartaal kiezen' });
    await form.getByLabel('Gemeente').fill('');
    expected.push({ status: 400, path: '/api/v1/overzichten/kwartaal' });
    await form.getByRole('button', { name: 'Rapportage tonen' }).click();
    await form.locator('[aria-invalid="true"]').first().waitFor();
    assert.match(await form.locator('.veld__fout:not([hidden])').first().textContent(), /Kies een gemeente/);
  });

  step('(e) nothing went wrong in the browser', async () => {
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
