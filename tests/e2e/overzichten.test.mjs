// Browser tests for the overviews: the coordinator's dashboard (#/) with
// its tiles (the counts of the lists, checked against the caseload the API
// gives and against the fixture), the koppelingen per fase as a bar chart,
// the wachtlijst and the CSV download of a list, and a note when a list
// shows only its first rows (simulated, and real with 102 on the
// wachtlijst: 100 rows on the page, all 102 in the CSV); and Rapportages (#/rapportages) with the
// report of a quarter for a gemeente picked from the list, as tables and
// bar charts, its CSV from the server, the print button, and for the
// rapportage role a "<5" that gets no bar, on screen and in print (A4).
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; the werkgebied
// and the users come in through the command line, the gezinnen and the
// koppeling through the API from inside the logged-in page (as another
// tab would). Everything else happens in headless Chromium.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel npm test

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, assertNoHorizontalOverflow, expectHeading, fetchInPage, logIn, openPage, unexpected, vandaag,
  waitForLoaded, waitForLoginPage,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const COORDINATOR = { gebruikersnaam: 'fenna', naam: 'Fenna de Wit', password: 'lange-wandeling-langs-de-zaan' };
const RAPPORTEUR = { gebruikersnaam: 'ruud', naam: 'Ruud Bakker', password: 'cijfers-voor-de-gemeente-zaanstad' };
const WERKGEBIED = { code: 'ZAA', naam: 'Zaanstad' };

// The phases in the order of the domain, with their names in the web app.
const FASEN = [['voorstel', 'Voorstel'], ['kennismaking', 'Kennismaking'], ['proefperiode', 'Proefperiode'],
  ['contract', 'Contract'], ['lopend', 'Lopend'], ['afronding', 'Afronding'], ['gestopt', 'Gestopt']];

// The tiles of the dashboard: key in `aantallen`, the list in the caseload, the tile's words.
const TEGELS = [
  ['wachtlijst', (c) => c.wachtlijst, 'op de wachtlijst'],
  ['beschikbaar', (c) => c.beschikbaar, 'steungezinnen beschikbaar'],
  ['teLaat', (c) => c.evaluaties?.teLaat, 'evaluaties te laat'],
  ['binnen30Dagen', (c) => c.evaluaties?.binnen30Dagen, 'evaluaties binnen 30 dagen'],
  ['bijnaAfgelopen', (c) => c.bijnaAfgelopen, 'koppelingen bijna afgelopen'],
  ['vogVerloopt', (c) => c.vogVerloopt, 'VOG’s verlopen binnenkort'],
];

// The full count of one list in a caseload answer: its `aantallen`, else the list's length.
function fullCount(caseload, key, list) {
  const n = caseload.aantallen?.[key];
  return Number.isInteger(n) ? n : (list(caseload) || []).length;
}

// Reads a CSV file for Dutch Excel: asserts the BOM and returns its rows split at ";".
async function readCsv(file) {
  const text = await readFile(file, 'utf8');
  assert.equal(text.charCodeAt(0), 0xFEFF, 'the CSV does not start with a BOM');
  const lines = text.slice(1).split(/\r?\n/).filter((l) => l !== '');
  return lines.map((l) => l.split(';'));
}

// The year and quarter of `day` (YYYY-MM-DD).
function quarterOf(day) {
  return { jaar: day.slice(0, 4), kwartaal: String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1) };
}

// A date `days` days before today, as YYYY-MM-DD.
function daysAgo(days) {
  return new Date(Date.parse(`${vandaag()}T12:00:00Z`) - days * 86400000).toISOString().slice(0, 10);
}

// A date `months` months before today, as YYYY-MM-DD.
function monthsAgo(months) {
  const d = new Date(`${vandaag()}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

describe('Koppel overzicht and rapportages', () => {
  let server;
  let browser;
  let page;
  let problems;
  let reportPage;
  let reportProblems = [];
  const expected = [...NOT_LOGGED_IN];
  const ids = {};

  const step = stepper(() => server);
  const go = (hash) => goToHash(page, hash);

  function region(name) {
    return page.getByRole('region', { name, exact: true });
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
    await server.addUser({ ...RAPPORTEUR, rol: 'rapportage', werkgebieden: [WERKGEBIED.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(setup) vraaggezinnen, steungezinnen (one VOG expires soon) and koppelingen in four states', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    await expectHeading(page, 'Overzicht');
    const adres = { plaats: 'Zaandam', gemeente: 'Zaanstad' };
    const vraaggezin = (achternaam, ouder, kind, geboren, tekst) => gezin({
      naam: `Gezin ${achternaam}`,
      rol: 'vraaggezin',
      adres,
      leden: [{ soort: 'volwassene', voornaam: ouder, achternaam, geboortedatum: '1988-04-12' },
        { soort: 'kind', voornaam: kind, geboortedatum: geboren, steunVoor: true }],
      vraag: { tekst },
      toestemmingen: toestemming(`${ouder} ${achternaam}`),
    });
    const steungezin = (achternaam, voornaam, vogDatum, capaciteit) => gezin({
      naam: `Gezin ${achternaam}`,
      rol: 'steungezin',
      adres,
      leden: [{ soort: 'volwassene', voornaam, achternaam, geboortedatum: '1975-06-06', vogDatum }],
      aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'], capaciteit },
      toestemmingen: toestemming(`${voornaam} ${achternaam}`),
    });
    // A koppeling proposed `dagen[0]` days ago, then moved on through
    // `naar` on the days ago that follow.
    async function koppeling(vraag, steun, dagen, ...naar) {
      let res = await fetchInPage(page, 'POST', '/koppelingen', {
        body: { vraaggezin: vraag, steungezin: steun, programma: 1, datum: daysAgo(dagen[0]) },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const id = res.body.id;
      for (const [i, fase] of naar.entries()) {
        // each move goes with the version the previous answer gave (If-Match)
        res = await fetchInPage(page, 'POST', `/koppelingen/${id}/faseovergangen`, {
          body: { naar: fase, datum: daysAgo(dagen[i + 1]) }, etag: res.etag,
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
      }
      return id;
    }

    ids.smit = await vraaggezin('Smit', 'Joost', 'Mila', '2019-03-03', 'Af en toe een weekend logeren voor Mila.');
    ids.kok = await vraaggezin('Kok', 'Anouk', 'Sem', '2018-09-01', 'Een middag per week waarop Sem ergens kan spelen.');
    ids.bos = await vraaggezin('Bos', 'Sanne', 'Noor', '2020-05-15', 'Iemand die met Noor naar de speeltuin gaat.');
    ids.jansen = await vraaggezin('Jansen', 'Karim', 'Yara', '2017-11-30', 'Huiswerk en lezen met Yara.');
    const vog = daysAgo(365);
    ids.dekker = await steungezin('Dekker', 'Tom', vog, 1);
    ids.meijer = await steungezin('Meijer', 'Eva', vog, 3);
    // Registered, not beschikbaar; a VOG is valid for 36 months, 34 of them gone.
    ids.visser = await steungezin('Visser', 'Ilse', monthsAgo(34), 1);
    for (const id of [ids.dekker, ids.meijer]) {
      await setStatus(id, 'beschikbaar');
    }
    for (const id of [ids.smit, ids.kok, ids.bos, ids.jansen]) {
      await setStatus(id, 'wachtend');
    }

    // Smit and Dekker met in an earlier quarter; their proefperiode ended
    // about three weeks ago without its evaluation: te laat.
    ids.koppeling = await koppeling(ids.smit, ids.dekker, [100, 95, 85], 'kennismaking', 'proefperiode');
    // Kok and Meijer: their proefperiode ends in about three weeks, when its evaluation is due.
    await koppeling(ids.kok, ids.meijer, [50, 48, 40], 'kennismaking', 'proefperiode');
    // Bos and Meijer met today; Jansen and Meijer are proposed today.
    await koppeling(ids.bos, ids.meijer, [0, 0], 'kennismaking');
    await koppeling(ids.jansen, ids.meijer, [0]);
  });

  step('(a) the tiles show the full count of each list, as the caseload gives it and as the fixture has it', async () => {
    await page.reload();
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
    assert.equal(await page.getByText('volgt nog').count(), 0, 'the placeholder text is still there');

    const caseload = await fetchInPage(page, 'GET', '/overzichten/caseload');
    assert.equal(caseload.status, 200, JSON.stringify(caseload.body));
    const fromApi = Object.fromEntries(TEGELS.map(([key, list]) => [key, fullCount(caseload.body, key, list)]));
    // What the fixture made: Jansen waits (a voorstel does not end the
    // wait, a kennismaking does), Meijer is beschikbaar (Dekker's one place
    // is taken), Smit's evaluation of the proefperiode is te laat, Kok's is
    // due within 30 days, Visser's VOG expires within 3 months, and no
    // koppeling nears its maximum duration.
    assert.deepEqual(fromApi, {
      wachtlijst: 1, beschikbaar: 1, teLaat: 1, binnen30Dagen: 1, bijnaAfgelopen: 0, vogVerloopt: 1,
    });

    const tiles = page.getByRole('list', { name: 'In één oogopslag' });
    for (const [key, , words] of TEGELS) {
      const link = tiles.getByRole('link', { name: new RegExp(`^\\d+ ${words}$`) });
      assert.equal((await link.locator('.tegel__aantal').textContent()).trim(), String(fromApi[key]), `tile ${words}`);
    }
    await page.screenshot({ path: `${OUTPUT_DIR}overzicht.png`, fullPage: true });

    // A tile leads to its list: the focus moves to the list's heading.
    await tiles.getByRole('link', { name: /op de wachtlijst$/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Wachtlijst');
    await tiles.getByRole('link', { name: /VOG’s verlopen binnenkort$/ }).press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'VOG verloopt binnenkort');
    await region('VOG verloopt binnenkort').getByRole('link', { name: 'Gezin Visser' }).waitFor();

    const wachtlijst = region('Wachtlijst');
    const jansen = wachtlijst.getByRole('row').filter({ hasText: 'Gezin Jansen' });
    await jansen.waitFor();
    assert.match(await jansen.textContent(), /\d+ dag(en)?/, 'no waiting days on the row');
    assert.equal(await wachtlijst.locator('.afgekapt').count(), 0, 'a complete list says it is cut short');

    const beschikbaar = region('Beschikbare steungezinnen');
    await beschikbaar.getByRole('link', { name: 'Gezin Meijer' }).waitFor();

    await region('Evaluaties').getByRole('row').filter({ hasText: 'Smit' }).waitFor();

    // Following a link leads to the gezin's page.
    await jansen.getByRole('link', { name: 'Gezin Jansen' }).click();
    await expectHeading(page, 'Gezin Jansen');
    assert.equal(new URL(page.url()).hash, `#/gezinnen/${ids.jansen}`);
  });

  step('(b) koppelingen per fase: a bar chart whose name gives every phase in order, zeros included, and a table', async () => {
    await go('#/');
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
    const perFase = (await fetchInPage(page, 'GET', '/overzichten/caseload')).body.koppelingenPerFase;
    assert.deepEqual(perFase, { voorstel: 1, kennismaking: 1, proefperiode: 2 });

    const fasen = region('Koppelingen per fase');
    const chart = fasen.getByRole('img', { name: /^Koppelingen per fase:/ });
    const expectedName = `Koppelingen per fase: ${FASEN.map(([code, naam]) => `${naam} ${perFase[code] ?? 0}`).join(', ')}.`;
    assert.equal(await chart.getAttribute('aria-label'), expectedName);
    assert.equal(await chart.evaluate((svg) => svg.tagName), 'svg');
    // Three bars, proefperiode's twice as long as the others; the other phases show their 0 as text.
    const bars = await chart.locator('rect.grafiek__staaf')
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))));
    assert.equal(bars.length, 3);
    assert.ok(Math.abs(bars[2] - 2 * bars[0]) <= 1, `bars ${bars}`);
    assert.equal(bars[1], bars[0]);
    const values = await chart.locator('.grafiek__rij').evaluateAll((rows) => rows.map((r) => [
      r.querySelector('.grafiek__label').textContent, r.querySelector('.grafiek__waarde').textContent]));
    assert.deepEqual(values, FASEN.map(([code, naam]) => [naam, String(perFase[code] ?? 0)]));

    const voorstel = fasen.getByRole('row').filter({ hasText: 'Voorstel' });
    assert.deepEqual((await voorstel.locator('th, td').allTextContents()).map((t) => t.trim()), ['Voorstel', '1']);
    const lopend = fasen.getByRole('row').filter({ hasText: 'Lopend' });
    assert.deepEqual((await lopend.locator('th, td').allTextContents()).map((t) => t.trim()), ['Lopend', '0']);
    assert.equal(await fasen.getByRole('link', { name: 'Voorstel' }).getAttribute('href'), '/#/koppelingen?fase=voorstel');

    // On a phone the tiles and the chart fit the screen.
    await page.setViewportSize({ width: 360, height: 800 });
    try {
      await assertNoHorizontalOverflow(page, 'Overzicht at 360px');
      await page.screenshot({ path: `${OUTPUT_DIR}overzicht-360.png`, fullPage: true });
      await chart.screenshot({ path: `${OUTPUT_DIR}overzicht-fasen-360.png` });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  step('(c) the CSV link of the wachtlijst downloads the caseload export: BOM, ";", header row, one row per gezin', async () => {
    await go('#/');
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
    const link = region('Wachtlijst').getByRole('link', { name: /Download als CSV/ });
    const href = await link.getAttribute('href');
    assert.equal(href, '/api/v1/overzichten/caseload?lijst=wachtlijst');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^koppel-wachtlijst-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = await readCsv(await download.path());
    assert.deepEqual(header, ['Gezinsnummer', 'Naam', 'Status', 'Werkgebied', 'Aangemeld op', 'Wachtdagen', 'Urgentie',
      'Contactpersoon', 'Laatst geïnformeerd op', 'Aandacht']);
    assert.deepEqual(rows.map((r) => r[1]), ['Gezin Jansen']);
    const [jansen] = rows;
    assert.equal(jansen[0], String(ids.jansen));
    assert.equal(jansen[3], WERKGEBIED.code);
    assert.match(jansen[4], /^\d{2}-\d{2}-\d{4}$/, 'a date for Dutch Excel');
  });

  step('(d) a list that holds fewer rows than its count says so, and its tile shows the full count', async () => {
    // The server gives at most the first rows of a list and the full count
    // in `aantallen`; a large wachtlijst is simulated by answering a count
    // of 250 for the one row the fixture has.
    const url = `${server.url}/api/v1/overzichten/caseload`;
    await page.route(url, async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      json.aantallen = { ...(json.aantallen || {}), wachtlijst: 250 };
      await route.fulfill({ response, json });
    });
    try {
      await go('#/');
      await page.reload();
      await expectHeading(page, 'Overzicht');
      await waitForLoaded(page);
      const tiles = page.getByRole('list', { name: 'In één oogopslag' });
      await tiles.getByRole('link', { name: '250 op de wachtlijst' }).waitFor();
      const note = region('Wachtlijst').locator('.afgekapt');
      assert.equal((await note.textContent()).trim(), 'De eerste 1 van 250; download de CSV voor de hele lijst.');
      assert.equal(await region('Beschikbare steungezinnen').locator('.afgekapt').count(), 0);
    } finally {
      await page.unroute(url);
    }
  });

  step('(e) Rapportages shows the report of a quarter as tables and bar charts; the CSV comes from the server', async () => {
    await go('#/');
    await expectHeading(page, 'Overzicht');
    // the dashboard leads to the printable report
    await page.getByRole('link', { name: 'Kwartaalrapport (afdrukken of CSV)' }).click();
    await expectHeading(page, 'Rapportages');
    await waitForLoaded(page);

    const { jaar, kwartaal } = quarterOf(vandaag());
    const form = page.getByRole('form', { name: 'Rapportage kiezen' });
    await form.getByLabel('Periode').selectOption('kwartaal');
    await form.getByLabel('Jaar', { exact: true }).fill(jaar);
    await form.getByLabel('Kwartaal').selectOption(kwartaal);
    await form.getByLabel('Gemeente').selectOption('Zaanstad');
    await form.getByRole('button', { name: 'Rapportage tonen' }).click();

    await page.getByRole('heading', { name: `Rapportage over kwartaal ${kwartaal} van ${jaar}: Zaanstad` }).waitFor();
    const kern = region('Koppelingen');
    try {
      await kern.getByRole('table').waitFor();
    } finally {
      await page.screenshot({ path: `${OUTPUT_DIR}rapportages.png`, fullPage: true });
    }
    const query = `jaar=${jaar}&kwartaal=${kwartaal}&gemeente=Zaanstad`;
    const report = await fetchInPage(page, 'GET', `/rapportages/periode?${query}`);
    assert.equal(report.status, 200, JSON.stringify(report.body));
    const k = report.body.totaal.koppelingen;
    // A coordinator gets the real numbers: Bos and Meijer met today, so at
    // least one koppeling is new in this quarter; three are running.
    assert.ok(k.nieuw >= 1, JSON.stringify(k));
    const nieuw = kern.getByRole('row').filter({ hasText: 'Nieuw in de periode' });
    assert.equal((await nieuw.locator('td').textContent()).trim(), String(k.nieuw));
    assert.match(new URL(page.url()).hash, new RegExp(`^#/rapportages\\?soort=kwartaal&${query}$`));

    // The koppelingen of the quarter as a chart: the new ones have a bar.
    const chart = page.getByRole('img', { name: /^Koppelingen in deze periode:/ });
    assert.equal(await chart.getAttribute('aria-label'),
      `Koppelingen in deze periode: Nieuw ${k.nieuw}, Al lopend bij de start ${k.lopend}, `
      + `Afgerond ${k.afgerond}, Gestopt ${k.gestopt}.`);
    const bar = (label) => chart.locator(`.grafiek__rij[data-label="${label}"] rect.grafiek__staaf`);
    assert.equal(await bar('Nieuw').count(), 1);
    assert.equal(await bar('Gestopt').count(), 0, 'a 0 has a bar');
    await page.getByRole('img', { name: /^Evaluaties in deze periode:/ }).waitFor();
    await page.locator('.grafieken').screenshot({ path: `${OUTPUT_DIR}rapportages-grafieken.png` });

    // The CSV is the server's: asked with Accept: text/csv, saved under its name.
    const csvRequest = page.waitForRequest((req) => req.url().includes('/api/v1/rapportages/periode?')
      && (req.headers().accept || '').includes('text/csv'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download als CSV' }).click(),
    ]);
    await csvRequest;
    assert.match(download.suggestedFilename(), /\.csv$/);
    const rows = await readCsv(await download.path());
    assert.ok(rows.some((r) => r.includes('Zaanstad')), 'the CSV does not name the gemeente');

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

  step('(f) for the rapportage role a "<5" has no bar, on screen and in print; the printed report keeps its charts', async () => {
    let context;
    ({ context, page: reportPage, problems: reportProblems } = await openPage(browser));
    const { jaar, kwartaal } = quarterOf(vandaag());
    // a link in the form of the old quarterly report still opens that quarter
    await reportPage.goto(`${server.url}/#/rapportages?gemeente=Zaanstad&jaar=${jaar}&kwartaal=${kwartaal}`);
    await logIn(reportPage, RAPPORTEUR.gebruikersnaam, RAPPORTEUR.password);
    await expectHeading(reportPage, 'Rapportages');
    await reportPage.getByRole('heading', { name: `Rapportage over kwartaal ${kwartaal} van ${jaar}: Zaanstad` }).waitFor();

    const report = await fetchInPage(reportPage, 'GET', `/rapportages/periode?jaar=${jaar}&kwartaal=${kwartaal}&gemeente=Zaanstad`);
    assert.equal(report.body.afgerondOpVijf, true);
    assert.equal(report.body.totaal.koppelingen.nieuw, '<5', 'one or two new koppelingen are a small cell');

    const chart = reportPage.getByRole('img', { name: /^Koppelingen in deze periode:/ });
    assert.match(await chart.getAttribute('aria-label'), /Nieuw minder dan 5/);
    const nieuw = chart.locator('.grafiek__rij[data-label="Nieuw"]');
    assert.equal(await nieuw.getAttribute('data-waarde'), '<5');
    assert.equal(await nieuw.locator('rect').count(), 0, 'a "<5" is drawn as a bar');
    assert.equal((await nieuw.locator('.grafiek__waarde').textContent()).trim(), '<5');
    // No "<5" anywhere in the charts has a bar.
    const suppressedWithBar = await reportPage.locator('.grafiek__rij[data-waarde="<5"] rect').count();
    assert.equal(suppressedWithBar, 0);

    // Print: the charts stay visible, the buttons and menus go, bars turn grey.
    await reportPage.emulateMedia({ media: 'print' });
    try {
      for (const name of [/^Koppelingen in deze periode:/, /^Evaluaties in deze periode:/]) {
        const svg = reportPage.getByRole('img', { name });
        assert.ok(await svg.isVisible(), `${name} is not visible in print`);
        const box = await svg.boundingBox();
        assert.ok(box && box.width > 100 && box.height > 20, `${name} has no size in print`);
        assert.equal(await svg.evaluate((el) => getComputedStyle(el.closest('figure')).breakInside), 'avoid');
      }
      assert.equal(await reportPage.getByRole('button', { name: 'Download als CSV' }).isVisible(), false);
      assert.equal(await reportPage.getByRole('navigation', { name: 'Hoofdmenu' }).isVisible(), false);
      await reportPage.screenshot({ path: `${OUTPUT_DIR}rapportages-afdruk.png`, fullPage: true });
      // The A4 page itself: a PDF as Chromium prints it.
      const pdf = await reportPage.pdf({ path: `${OUTPUT_DIR}rapportages-afdruk.pdf`, preferCSSPageSize: true });
      assert.match(pdf.subarray(0, 5).toString('latin1'), /^%PDF-/);
      const mediaBox = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
      assert.ok(mediaBox, 'no page size in the PDF');
      // A4 is 210 × 297 mm: 595 × 842 points.
      const [width, height] = [Number(mediaBox[1]), Number(mediaBox[2])];
      assert.ok(Math.abs(width - 595) < 1 && Math.abs(height - 842) < 1, `the page is ${width} × ${height} points, not A4`);
    } finally {
      await reportPage.emulateMedia({ media: null });
    }

    // The CSV for the rapportage role carries the same "<5".
    const [download] = await Promise.all([
      reportPage.waitForEvent('download'),
      reportPage.getByRole('button', { name: 'Download als CSV' }).click(),
    ]);
    const rows = await readCsv(await download.path());
    assert.ok(rows.some((r) => r.includes('<5')), 'no "<5" in the CSV of the rapportage role');
    await context.close();
  });

  step('(g) a wachtlijst of more than 100: the page shows the first 100, the tile the full count, the CSV every row', async () => {
    // 101 more vraaggezinnen, registered (aangemeld) and so on the wachtlijst.
    const created = await page.evaluate(async ({ werkgebied, n, vandaag: dag }) => {
      const csrf = (await (await fetch('/api/v1/sessies/huidig')).json()).csrfToken;
      let ok = 0;
      for (let i = 1; i <= n; i += 1) {
        const res = await fetch('/api/v1/gezinnen', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
          body: JSON.stringify({
            naam: `Gezin Wachter ${String(i).padStart(3, '0')}`,
            rol: 'vraaggezin',
            werkgebied,
            adres: { plaats: 'Zaandam', gemeente: 'Zaanstad' },
            leden: [{ soort: 'volwassene', voornaam: 'Kim', achternaam: 'Wachter', geboortedatum: '1990-01-01' },
              { soort: 'kind', voornaam: 'Lou', geboortedatum: '2019-06-01', steunVoor: true }],
            vraag: { tekst: 'Een vaste middag in de week voor Lou.' },
            toestemmingen: [{ doel: 'registratie', gegevenOp: dag, gegevenDoor: 'Kim Wachter' }],
          }),
        });
        if (res.status !== 201) {
          return `gezin ${i}: HTTP ${res.status} ${await res.text()}`;
        }
        ok += 1;
      }
      return ok;
    }, { werkgebied: WERKGEBIED.code, n: 101, vandaag: vandaag() });
    assert.equal(created, 101);

    const caseload = (await fetchInPage(page, 'GET', '/overzichten/caseload')).body;
    assert.equal(caseload.aantallen?.wachtlijst, 102, 'the caseload gives no full count of the wachtlijst');
    assert.equal(caseload.wachtlijst.length, 100);

    await go('#/');
    await page.reload();
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
    const tiles = page.getByRole('list', { name: 'In één oogopslag' });
    await tiles.getByRole('link', { name: '102 op de wachtlijst' }).waitFor();
    const wachtlijst = region('Wachtlijst');
    assert.equal((await wachtlijst.locator('.afgekapt').textContent()).trim(),
      'De eerste 100 van 102; download de CSV voor de hele lijst.');
    assert.equal(await wachtlijst.locator('tbody tr').count(), 100);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      wachtlijst.getByRole('link', { name: /Download als CSV/ }).click(),
    ]);
    const [header, ...rows] = await readCsv(await download.path());
    assert.equal(header[1], 'Naam');
    assert.equal(rows.length, 102);
    assert.ok(rows.some((r) => r[1] === 'Gezin Jansen'));
    assert.ok(rows.some((r) => r[1] === 'Gezin Wachter 101'));
  });

  step('(h) a gemeente that is not in the list (an old bookmark) is refused next to the field', async () => {
    const { jaar, kwartaal } = quarterOf(vandaag());
    expected.push({ status: 400, path: '/api/v1/rapportages/periode' });
    await go(`#/rapportages?soort=kwartaal&jaar=${jaar}&kwartaal=${kwartaal}&gemeente=Zaandam`);
    await page.reload();
    await expectHeading(page, 'Rapportages');
    const form = page.getByRole('form', { name: 'Rapportage kiezen' });
    await form.locator('[aria-invalid="true"]').first().waitFor();
    assert.equal(await form.locator('[aria-invalid="true"]').first().getAttribute('name'), 'gemeente');
  });

  step('(i) nothing went wrong in the browser', async () => {
    assert.deepEqual(unexpected(problems, expected), []);
    assert.deepEqual(unexpected(reportProblems, NOT_LOGGED_IN), []);
  });
});
