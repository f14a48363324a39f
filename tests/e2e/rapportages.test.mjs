// Browser test for the report a funder signs off (web/js/rapportages.js)
// and the year overview with the targets (web/js/jaaroverzicht.js): a
// regional coordinator whose werkgebied covers three gemeenten (Leiden,
// Delft, Zoetermeer), each with a target for this year, produces the year
// report in the web app and as CSV. The fixture is made through the API
// (the werkgebied's gemeenten and the doelen by the beheerder, the families
// and koppelingen by the coordinator) and spans a year boundary (a family
// and its koppeling from last year, running into this one), a move between
// gemeenten (Delft to Leiden, today), a role change (a supporter that
// starts asking for support) and a family without a gemeente ("gemeente
// onbekend"); the figures on the page and in the CSV are checked
// against what the fixture hand-computes. Then the report is vastgesteld
// (with a confirmation), compared with a regeneration ("identiek"), and
// after a new koppeling compared again (which figures differ). Before
// that, one family gets a reference scenario (hand-computed € 7.128,80 of
// formal help avoided) and the effect summary shows on the report page and
// the year overview. The year
// overview shows a bar per doel against its target and the pace still
// needed; the report prints on A4 with its charts; axe finds no violations
// on either page; a long chart label is wrapped, never cut off.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test rapportages.test.mjs

import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, mainMenu, openPage, unexpected, vandaag, waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper } from './lib/suite.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const BEHEERDER = { gebruikersnaam: 'bea', naam: 'Bea Beheer', password: 'doelen-voor-het-hele-jaar-2026' };
const COORDINATOR = { gebruikersnaam: 'rik', naam: 'Rik Regio', password: 'drie-gemeenten-aan-de-kust' };
const WERKGEBIED = { code: 'ZHK', naam: 'Zuid-Holland Kust' };
const ANDER = { code: 'MWB', naam: 'Midden-West-Brabant' };
const JAAR = vandaag().slice(0, 4);
const VORIG = String(Number(JAAR) - 1);

// A day of this year at `fraction` of the way from 1 January to today, so
// every date of the fixture lies in this year and not after today.
function inJaar(fraction) {
  const start = Date.parse(`${JAAR}-01-01T12:00:00Z`);
  const end = Date.parse(`${vandaag()}T12:00:00Z`);
  return new Date(start + Math.floor(((end - start) * fraction) / 86400000) * 86400000).toISOString().slice(0, 10);
}

// Reads a CSV file for Dutch Excel: asserts the BOM and returns its rows split at ";".
async function readCsv(file) {
  const text = await readFile(file, 'utf8');
  assert.equal(text.charCodeAt(0), 0xFEFF, 'the CSV does not start with a BOM');
  return text.slice(1).split(/\r?\n/).filter((l) => l !== '').map((l) => l.split(';').map((c) => c.replace(/^"|"$/g, '')));
}

// A session of the beheerder through Node's fetch: api(method, path, body, etag) -> {status, etag, body}.
async function beheerSessie(url) {
  const login = await fetch(`${url}/api/v1/sessies`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ gebruikersnaam: BEHEERDER.gebruikersnaam, wachtwoord: BEHEERDER.password }),
  });
  const text = await login.text();
  assert.equal(login.status, 201, text);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrfToken } = JSON.parse(text);
  return async (method, path, body, etag) => {
    const headers = { Cookie: cookie, 'X-CSRF-Token': csrfToken, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (etag) {
      headers['If-Match'] = etag;
    }
    const res = await fetch(`${url}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const t = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), body: t ? JSON.parse(t) : null };
  };
}

// The rows of the table captioned `caption` as {first cell: [other cells]}.
async function tabel(page, caption) {
  const rows = page.getByRole('region', { name: caption, exact: true }).locator('tbody tr');
  const out = {};
  for (let i = 0; i < await rows.count(); i++) {
    const cells = (await rows.nth(i).locator('th, td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    out[cells[0]] = cells.slice(1);
  }
  return out;
}

// Runs axe-core on the page (rules of WCAG 2 A and AA); returns the violations as text.
async function axe(page) {
  await page.evaluate(`${AXE_SOURCE}\n;0`);
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('Koppel rapportages: the year report of three gemeenten with targets', () => {
  let server;
  let browser;
  let page;
  let problems;
  let beheer;
  const expected = [...NOT_LOGGED_IN];
  const ids = {};
  const doelen = {};
  const step = stepper(() => server);
  const go = (hash) => goToHash(page, hash);

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await server.addWerkgebied(ANDER.code, ANDER.naam);
    await offerAllProgrammes(server, WERKGEBIED.code);
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(setup) the beheerder lists the gemeenten of the werkgebieden and sets the targets of this year', async () => {
    beheer = await beheerSessie(server.url);
    const lijst = await beheer('GET', '/werkgebieden');
    assert.equal(lijst.status, 200, JSON.stringify(lijst.body));
    const werkgebieden = Array.isArray(lijst.body) ? lijst.body : lijst.body.werkgebieden;
    for (const [code, gemeenten] of [[WERKGEBIED.code, ['Leiden', 'Delft', 'Zoetermeer']], [ANDER.code, ['Breda']]]) {
      const w = werkgebieden.find((x) => x.code === code);
      const een = await beheer('GET', `/werkgebieden/${w.id}`);
      const res = await beheer('PATCH', `/werkgebieden/${w.id}`, { gemeenten }, een.etag);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    // "Leiden 20-24 gezinnen, Delft 30 gezinnen, Zoetermeer 28 koppelingen"
    for (const [gemeente, eenheid, minimum, maximum] of [['Leiden', 'gezinnen', 20, 24], ['Delft', 'gezinnen', 30, null],
      ['Zoetermeer', 'koppelingen', 28, null]]) {
      const res = await beheer('POST', '/doelen', { jaar: Number(JAAR), gemeente, eenheid, minimum, maximum });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      doelen[gemeente] = res.body;
    }
  });

  step('(setup) the coordinator registers families and koppelingen: one from last year, a move, one without gemeente', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    const gezin = (naam, rol, gemeente, aangemeldOp, extra) => createGezin(page, {
      naam: `Gezin ${naam}`,
      rol,
      werkgebied: WERKGEBIED.code,
      aangemeldOp,
      adres: { plaats: gemeente || 'Onbekend', ...(gemeente ? { gemeente } : {}) },
      leden: [{ soort: 'volwassene', voornaam: 'Sam', achternaam: naam, geboortedatum: '1985-02-02',
        ...(rol === 'vraaggezin' ? {} : { vogDatum: inJaar(0) }) },
      ...(rol === 'vraaggezin' ? [{ soort: 'kind', voornaam: 'Kim', geboortedatum: '2018-05-05', steunVoor: true }] : [])],
      ...(rol === 'vraaggezin' ? { vraag: { tekst: 'Een vaste middag in de week.' } }
        : { aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'], capaciteit: 9 } }),
      toestemmingen: [{ doel: 'registratie', gegevenOp: aangemeldOp, gegevenDoor: `Sam ${naam}` },
        { doel: 'contactgegevens-delen', gegevenOp: aangemeldOp, gegevenDoor: `Sam ${naam}` }],
      ...extra,
    });
    async function koppeling(vraag, steun, datums, ...naar) {
      let res = await fetchInPage(page, 'POST', '/koppelingen', {
        body: { vraaggezin: vraag, steungezin: steun, programma: 1, datum: datums[0] },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const id = res.body.id;
      for (const [i, stap] of naar.entries()) {
        const body = typeof stap === 'string' ? { naar: stap } : stap;
        res = await fetchInPage(page, 'POST', `/koppelingen/${id}/faseovergangen`, {
          body: { ...body, datum: datums[i + 1] }, etag: res.etag,
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
      }
      return id;
    }

    ids.steunLeiden = await gezin('Steun', 'steungezin', 'Leiden', `${VORIG}-10-01`);
    await setGezinStatus(page, ids.steunLeiden, 'beschikbaar');
    // Leiden: one from last year, still running (lopend at the start of the year); one new this year
    ids.oud = await gezin('Oudjaar', 'vraaggezin', 'Leiden', `${VORIG}-11-10`);
    ids.nieuw = await gezin('Nieuwjaar', 'vraaggezin', 'Leiden', inJaar(0.1));
    // Delft: registered this year, moves to Leiden today
    ids.verhuis = await gezin('Verhuis', 'vraaggezin', 'Delft', inJaar(0.2));
    // Zoetermeer: linked and stopped this year
    ids.stop = await gezin('Stopper', 'vraaggezin', 'Zoetermeer', inJaar(0.3));
    // no gemeente
    ids.onbekend = await gezin('Zonder', 'vraaggezin', null, inJaar(0.4));
    for (const id of [ids.oud, ids.nieuw, ids.verhuis, ids.stop, ids.onbekend]) {
      await setGezinStatus(page, id, 'wachtend');
    }
    ids.kOud = await koppeling(ids.oud, ids.steunLeiden, [`${VORIG}-11-20`, `${VORIG}-11-25`, `${VORIG}-12-01`],
      'kennismaking', 'proefperiode');
    ids.kNieuw = await koppeling(ids.nieuw, ids.steunLeiden, [inJaar(0.15), inJaar(0.16)], 'kennismaking');
    ids.kVerhuis = await koppeling(ids.verhuis, ids.steunLeiden, [inJaar(0.25), inJaar(0.26)], 'kennismaking');
    ids.kStop = await koppeling(ids.stop, ids.steunLeiden, [inJaar(0.35), inJaar(0.36), inJaar(0.5)], 'kennismaking',
      { naar: 'gestopt', reden: 'geen-klik' });
    ids.kOnbekend = await koppeling(ids.onbekend, ids.steunLeiden, [inJaar(0.45), inJaar(0.46)], 'kennismaking');

    // the role change: a supporter in Zoetermeer since last year starts asking for support today and is linked
    ids.wissel = await gezin('Wissel', 'steungezin', 'Zoetermeer', `${VORIG}-09-01`);
    const voor = await fetchInPage(page, 'GET', `/gezinnen/${ids.wissel}`);
    const rol = await fetchInPage(page, 'POST', `/gezinnen/${ids.wissel}/rollen`, {
      body: { rol: 'vraaggezin', vraag: { tekst: 'Nu even zelf een steuntje in de rug.' } }, etag: voor.etag,
    });
    assert.equal(rol.status, 201, JSON.stringify(rol.body));
    await setGezinStatus(page, ids.wissel, 'wachtend');
    ids.kWissel = await koppeling(ids.wissel, ids.steunLeiden, [vandaag(), vandaag()], 'kennismaking');

    // the move: Delft -> Leiden, today
    const nu = await fetchInPage(page, 'GET', `/gezinnen/${ids.verhuis}`);
    const res = await fetchInPage(page, 'PATCH', `/gezinnen/${ids.verhuis}`, {
      body: { adres: { ...nu.body.adres, plaats: 'Leiden', gemeente: 'Leiden' } }, etag: nu.etag,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });

  // What the fixture gives for this year, counted as the report counts (a
  // koppeling starts with its kennismaking; a family is reached when one of
  // its koppelingen runs in the period: "lopend" when one started before
  // the period, else "nieuw"; each figure goes to the gemeente the family
  // lived in on the day that counts):
  // - Oudjaar (Leiden): linked last year, still running: 1 koppeling and 1 family lopend;
  // - Nieuwjaar (Leiden), Verhuis (Delft, moved to Leiden only today),
  //   Stopper (Zoetermeer, stopped: geen klik) and Zonder (no gemeente):
  //   4 koppelingen and 4 families nieuw, each with one child;
  // - Wissel (Zoetermeer), a supporter since last year that became a
  //   vraaggezin today and was linked: 1 koppeling and 1 family nieuw, no child.
  const VERWACHT = {
    totaal: { gezinnenBereikt: 6, gezinnenNieuw: 5, gezinnenLopend: 1, koppelingenNieuw: 5, koppelingenLopend: 1, gestopt: 1 },
    bereikt: { Delft: 1, Leiden: 2, Zoetermeer: 2, 'gemeente onbekend': 1 },
    gerealiseerd: { Leiden: 2, Delft: 1, Zoetermeer: 2 },
  };

  step('(a) the coordinator picks the year from the period picker and sees the totals and the subtotals per gemeente', async () => {
    await mainMenu(page).getByRole('link', { name: 'Rapportages' }).click();
    await expectHeading(page, 'Rapportages');
    await waitForLoaded(page);
    const form = page.getByRole('form', { name: 'Rapportage kiezen' });
    // the gemeenten come from a list, never typed: the three of the werkgebied and "gemeente onbekend", not Breda
    const opties = await form.getByLabel('Gemeente').locator('option').allTextContents();
    assert.deepEqual(opties, ['Alle gemeenten', 'Delft', 'Leiden', 'Zoetermeer', 'Gemeente onbekend']);
    assert.deepEqual(await form.getByLabel('Periode').locator('option').allTextContents(),
      ['Een heel jaar', 'Een halfjaar', 'Een kwartaal', 'Eigen periode (van – tot en met)']);
    await form.getByLabel('Periode').selectOption('jaar');
    await form.getByLabel('Jaar', { exact: true }).fill(JAAR);
    await form.getByRole('button', { name: 'Rapportage tonen' }).click();
    await page.getByRole('heading', { name: `Rapportage over het jaar ${JAAR}: de hele regio` }).waitFor();
    assert.match(new URL(page.url()).hash, new RegExp(`^#/rapportages\\?soort=jaar&jaar=${JAAR}$`));

    const api = await fetchInPage(page, 'GET', `/rapportages/periode?jaar=${JAAR}`);
    assert.equal(api.status, 200, JSON.stringify(api.body));
    const r = api.body;
    const t = r.totaal;
    const v = VERWACHT.totaal;
    assert.deepEqual([t.gezinnen.bereikt, t.gezinnen.nieuw, t.gezinnen.lopend], [v.gezinnenBereikt, v.gezinnenNieuw, v.gezinnenLopend]);
    assert.deepEqual([t.koppelingen.nieuw, t.koppelingen.lopend, t.koppelingen.gestopt], [v.koppelingenNieuw, v.koppelingenLopend, v.gestopt]);

    // the page shows the server's figures
    const gezinnen = await tabel(page, 'Vraaggezinnen bereikt');
    assert.deepEqual(gezinnen['Nieuw in de periode'], [String(v.gezinnenNieuw)]);
    assert.deepEqual(gezinnen['Al lopend bij de start'], [String(v.gezinnenLopend)]);
    assert.deepEqual(gezinnen['Totaal bereikt'], [String(v.gezinnenBereikt)]);
    const koppelingen = await tabel(page, 'Koppelingen');
    assert.deepEqual(koppelingen['Nieuw in de periode'], [String(v.koppelingenNieuw)]);
    assert.deepEqual(koppelingen['Al lopend bij de start'], [String(v.koppelingenLopend)]);
    assert.deepEqual(koppelingen.Gestopt, [String(v.gestopt)]);
    // every reason is listed, the one of the fixture with its count
    const redenen = await tabel(page, 'Redenen van stoppen');
    assert.deepEqual(redenen['Geen klik'], ['1']);
    assert.deepEqual(Object.entries(redenen).filter(([naam, [n]]) => naam !== 'Geen klik' && n !== '0'), []);
    assert.equal(Object.keys(redenen).length, t.koppelingen.stopredenen.length);
    for (const caption of ['Wachttijd in dagen', 'Duur van beëindigde koppelingen in dagen', 'Evaluaties',
      'Tevredenheid (gemiddelde score)', 'Voortgang op de doelen van de gezinnen', 'Contact na afloop', 'Zorgsignalen']) {
      await page.getByRole('region', { name: caption, exact: true }).waitFor();
    }

    // subtotals per gemeente, "gemeente onbekend" included
    const per = await tabel(page, 'Per gemeente');
    const namen = r.gemeenten.map((g) => g.naam);
    assert.deepEqual(Object.keys(per), namen);
    assert.ok(namen.includes('gemeente onbekend'), `no "gemeente onbekend" in ${namen}`);
    for (const g of r.gemeenten) {
      assert.equal(per[g.naam][0], String(g.cijfers.gezinnen.bereikt), `gezinnen bereikt of ${g.naam}`);
    }
    const bereikt = Object.fromEntries(r.gemeenten.map((g) => [g.naam, g.cijfers.gezinnen.bereikt]));
    // the family that moved today counts in Delft, where it lived when it was linked
    assert.deepEqual(bereikt, VERWACHT.bereikt);
    assert.deepEqual(namen, ['Delft', 'Leiden', 'Zoetermeer', 'gemeente onbekend']);
    assert.deepEqual(r.gemeenten.map((g) => [g.cijfers.kinderen.nieuw, g.cijfers.kinderen.lopend]), [[1, 0], [1, 1], [1, 0], [1, 0]]);
    assert.deepEqual([t.kinderen.nieuw, t.kinderen.lopend], [4, 1]);
    assert.deepEqual(Object.fromEntries(r.gemeenten.filter((g) => g.doelen.length).map((g) => [g.naam, g.doelen[0].gerealiseerd])),
      VERWACHT.gerealiseerd);

    // realised against target, with the pace
    const leiden = r.gemeenten.find((g) => g.naam === 'Leiden');
    assert.equal(leiden.doelen.length, 1);
    assert.equal(leiden.doelen[0].minimum, 20);
    assert.equal(leiden.doelen[0].maximum, 24);
    const doelLeiden = await tabel(page, 'Doelen Leiden');
    assert.deepEqual(Object.keys(doelLeiden), ['20 – 24 gezinnen']);
    assert.equal(doelLeiden['20 – 24 gezinnen'][0], String(leiden.doelen[0].gerealiseerd));
    const zoetermeer = r.gemeenten.find((g) => g.naam === 'Zoetermeer');
    assert.equal(zoetermeer.doelen[0].gerealiseerd, 2, 'Zoetermeer: two koppelingen this year');
    const doelZ = await tabel(page, 'Doelen Zoetermeer');
    assert.equal(doelZ['28 koppelingen'][0], '2');
    assert.match(doelZ['28 koppelingen'][2], /^26 nog nodig/);
    await page.screenshot({ path: `${OUTPUT_DIR}rapportage-jaar.png`, fullPage: true });
  });

  step('(b) the CSV of the year report is the server\'s, asked with Accept: text/csv, with the same figures', async () => {
    const csvRequest = page.waitForRequest((req) => req.url().includes('/api/v1/rapportages/periode?')
      && (req.headers().accept || '').includes('text/csv'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download als CSV' }).click(),
    ]);
    await csvRequest;
    assert.match(download.suggestedFilename(), /\.csv$/);
    const rows = await readCsv(await download.path());
    const text = rows.map((r) => r.join(';')).join('\n');
    for (const naam of ['Leiden', 'Delft', 'Zoetermeer', 'gemeente onbekend']) {
      assert.ok(text.includes(naam), `the CSV does not name ${naam}`);
    }
    // the same figures as the JSON and the fixture: Gemeente;Onderdeel;Waarde
    assert.deepEqual(rows[0], ['Gemeente', 'Onderdeel', 'Waarde']);
    const waarde = (gemeente, onderdeel) => rows.find((row) => row[0] === gemeente && row[1] === onderdeel)?.[2];
    assert.equal(waarde('Totaal', 'Gezinnen bereikt: totaal'), String(VERWACHT.totaal.gezinnenBereikt));
    assert.equal(waarde('Totaal', 'Koppelingen: lopend bij de start'), String(VERWACHT.totaal.koppelingenLopend));
    assert.equal(waarde('Zoetermeer', 'Koppelingen: gestopt'), '1');
    assert.equal(waarde('Delft', 'Gezinnen bereikt: totaal'), '1');
    assert.equal(waarde('Zoetermeer', 'Gezinnen bereikt: nieuw'), '2');
    assert.equal(waarde('gemeente onbekend', 'Gezinnen bereikt: totaal'), '1');
    assert.equal(waarde('Leiden', 'Doel gezinnen (alle programma\'s): gerealiseerd'), '2');
  });

  step('(c) one gemeente: picked from the list; the hash keeps the choice across a reload', async () => {
    const form = page.getByRole('form', { name: 'Rapportage kiezen' });
    await form.getByLabel('Gemeente').selectOption('Zoetermeer');
    await form.getByRole('button', { name: 'Rapportage tonen' }).click();
    await page.getByRole('heading', { name: `Rapportage over het jaar ${JAAR}: Zoetermeer` }).waitFor();
    await page.reload();
    await expectHeading(page, 'Rapportages');
    await page.getByRole('heading', { name: `Rapportage over het jaar ${JAAR}: Zoetermeer` }).waitFor();
    assert.equal(await page.getByRole('form', { name: 'Rapportage kiezen' }).getByLabel('Gemeente').inputValue(), 'Zoetermeer');
    assert.deepEqual((await tabel(page, 'Koppelingen')).Gestopt, ['1']);
  });

  step('(c2) the other kinds of period: a half-year, and own dates across the year boundary', async () => {
    const form = page.getByRole('form', { name: 'Rapportage kiezen' });
    await form.getByLabel('Gemeente').selectOption('');
    await form.getByLabel('Periode').selectOption('halfjaar');
    assert.equal(await form.getByLabel('Van', { exact: true }).isVisible(), false);
    await form.getByLabel('Halfjaar').selectOption('1');
    await form.getByRole('button', { name: 'Rapportage tonen' }).click();
    await page.getByRole('heading', { name: `Rapportage over het eerste halfjaar van ${JAAR}: de hele regio` }).waitFor();
    assert.equal(await page.locator('.rapportage-periode').textContent(), `Periode: 01-01-${JAAR} tot en met 30-06-${JAAR}.`);

    await form.getByLabel('Periode').selectOption('vrij');
    assert.equal(await form.getByLabel('Jaar', { exact: true }).isVisible(), false);
    await form.getByLabel('Van', { exact: true }).fill(`${VORIG}-12-01`);
    await form.getByLabel('Tot en met').fill(`${JAAR}-01-31`);
    await form.getByRole('button', { name: 'Rapportage tonen' }).click();
    await page.getByRole('heading', { name: `Rapportage over 01-12-${VORIG} tot en met 31-01-${JAAR}: de hele regio` }).waitFor();
    assert.match(new URL(page.url()).hash, new RegExp(`^#/rapportages\\?soort=vrij&van=${VORIG}-12-01&tot=${JAAR}-01-31$`));
    // Oudjaar's koppeling began on 25 November last year: running at the start of this period
    assert.deepEqual((await tabel(page, 'Koppelingen'))['Al lopend bij de start'], ['1']);
  });

  step('(c3) the effect summary: one family with a reference scenario, in the report and the year overview', async () => {
    const csv = await readFile(new URL('../../config/tarieven-voorbeeld.csv', import.meta.url), 'utf8');
    const imp = await beheer('POST', '/tarief-imports', { csv });
    assert.equal(imp.status, 201, JSON.stringify(imp.body));
    // 1,5 uur/week x 28 weken x € 86,40 = € 3.628,80 and one Raad-onderzoek of € 3.500,00: € 7.128,80
    const put = await fetchInPage(page, 'PUT', `/gezinnen/${ids.nieuw}/referentiescenario`, {
      body: { startdatum: inJaar(0.15), items: [
        { tarief: 'ambulant-gezin', per: 'week', hoeveelheid: 1.5, duur: 28 },
        { tarief: 'raad-onderzoek', per: 'totaal', hoeveelheid: 1 }] },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    await go(`#/rapportages?soort=jaar&jaar=${JAAR}`);
    await page.getByRole('heading', { name: `Rapportage over het jaar ${JAAR}: de hele regio` }).waitFor();
    const e = (await fetchInPage(page, 'GET', `/rapportages/periode?jaar=${JAAR}`)).body.totaal.effecten;
    // only Nieuwjaar has a scenario; the other families count nowhere in it
    assert.equal(e.gezinnen, 1);
    assert.equal(e.referentieMinCent, 712880);
    assert.equal(e.besparingMinCent, 712880 - e.programmakostenCent);
    const euro = (cent) => new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cent / 100)
      .replace(/\s+/g, ' ');
    const rijen = await tabel(page, 'Effecten (samenvatting van de effectberekening)');
    assert.deepEqual(rijen['Gezinnen met een referentiescenario'], ['1']);
    assert.deepEqual(rijen['waarvan besparing onbekend (een hoeveelheid is niet bekend)'], ['0']);
    assert.deepEqual(rijen['Vermeden kosten van formele hulp'], ['€ 7.128,80']);
    assert.deepEqual(rijen.Programmakosten, [euro(e.programmakostenCent)]);
    assert.deepEqual(rijen['Netto besparing'], [euro(e.besparingMinCent)]);
    // per gemeente: Leiden has the saving, Delft none
    const per = await tabel(page, 'Per gemeente');
    assert.equal(per.Leiden[7], euro(e.besparingMinCent));
    assert.equal(per.Delft[7], '€ 0,00');

    await go(`#/rapportages/jaaroverzicht?jaar=${JAAR}`);
    await page.getByRole('heading', { name: `Jaaroverzicht ${JAAR}` }).waitFor();
    const jaar = await tabel(page, `Effecten ${JAAR} (samenvatting van de effectberekening)`);
    assert.deepEqual(jaar['Vermeden kosten van formele hulp'], ['€ 7.128,80']);
    assert.deepEqual(jaar['Netto besparing'], [euro(e.besparingMinCent)]);
    const leiden = (await page.getByRole('region', { name: 'Leiden', exact: true }).textContent()).replace(/\s+/g, ' ');
    assert.ok(leiden.includes(`netto besparing: ${euro(e.besparingMinCent)}`), leiden);
  });

  step('(d) vaststellen asks first; the vaststelling is identiek to a regeneration, until a new koppeling changes the year', async () => {
    await go(`#/rapportages?soort=jaar&jaar=${JAAR}`);
    await page.getByRole('heading', { name: `Rapportage over het jaar ${JAAR}: de hele regio` }).waitFor();
    await page.getByRole('button', { name: 'Vaststellen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rapportage vaststellen?' });
    await dialog.waitFor();
    // cancelling freezes nothing
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    assert.equal((await fetchInPage(page, 'GET', '/rapportages/vaststellingen')).body.items.length, 0);
    await page.getByRole('button', { name: 'Vaststellen' }).click();
    await dialog.getByRole('button', { name: 'Vaststellen' }).click();
    await page.getByText('De rapportage is vastgesteld.').waitFor();
    await page.locator('.rapportage-vastgesteld').waitFor();

    const lijst = page.getByRole('region', { name: 'Vastgestelde rapportages' });
    await lijst.locator('tbody tr').first().waitFor();
    assert.equal(await lijst.locator('tbody tr').count(), 1);
    await lijst.getByRole('button', { name: /vergelijken met een nieuwe berekening/ }).click();
    await page.waitForFunction(() => /identiek/i.test(document.querySelector('.vergelijking')?.textContent || ''));
    assert.match(await lijst.locator('.vergelijking').textContent(), /^Identiek/);

    // a new koppeling this year: the regeneration differs in the koppelingen
    ids.laat = await createGezin(page, {
      naam: 'Gezin Laat', rol: 'vraaggezin', werkgebied: WERKGEBIED.code, adres: { plaats: 'Delft', gemeente: 'Delft' },
      leden: [{ soort: 'volwassene', voornaam: 'Lot', achternaam: 'Laat', geboortedatum: '1990-01-01' },
        { soort: 'kind', voornaam: 'Liv', geboortedatum: '2019-01-01', steunVoor: true }],
      vraag: { tekst: 'Een middag per week.' },
      toestemmingen: [{ doel: 'registratie', gegevenOp: vandaag(), gegevenDoor: 'Lot Laat' },
        { doel: 'contactgegevens-delen', gegevenOp: vandaag(), gegevenDoor: 'Lot Laat' }],
    });
    await setGezinStatus(page, ids.laat, 'wachtend');
    const k = await fetchInPage(page, 'POST', '/koppelingen', { body: { vraaggezin: ids.laat, steungezin: ids.steunLeiden, programma: 1 } });
    assert.equal(k.status, 201, JSON.stringify(k.body));
    const kennis = await fetchInPage(page, 'POST', `/koppelingen/${k.body.id}/faseovergangen`, { body: { naar: 'kennismaking' }, etag: k.etag });
    assert.equal(kennis.status, 201, JSON.stringify(kennis.body));
    await lijst.getByRole('button', { name: /vergelijken met een nieuwe berekening/ }).click();
    await lijst.getByText(/^Niet identiek/).waitFor();
    const tekst = await lijst.locator('.vergelijking').textContent();
    assert.ok(tekst.includes(`Totaal, koppelingen nieuw: vastgesteld ${VERWACHT.totaal.koppelingenNieuw}, nu ${VERWACHT.totaal.koppelingenNieuw + 1}`), tekst);
    assert.ok(tekst.includes('Delft, vraaggezinnen nieuw: vastgesteld 1, nu 2'), tekst);
  });

  step('(e) the year overview: every gemeente with its doel, a bar per doel against the target, the pace still needed', async () => {
    await page.getByRole('navigation', { name: 'Rapportages' }).getByRole('link', { name: 'Jaaroverzicht' }).click();
    await expectHeading(page, 'Jaaroverzicht');
    await page.getByRole('heading', { name: `Jaaroverzicht ${JAAR}` }).waitFor();
    const r = (await fetchInPage(page, 'GET', `/rapportages/periode?jaar=${JAAR}`)).body;
    for (const [gemeente, label, minimum] of [['Leiden', '20 – 24 gezinnen', 20], ['Delft', '30 gezinnen', 30],
      ['Zoetermeer', '28 koppelingen', 28]]) {
      const sectie = page.getByRole('region', { name: gemeente, exact: true });
      await sectie.getByRole('heading', { name: gemeente }).waitFor();
      const d = r.gemeenten.find((g) => g.naam === gemeente).doelen[0];
      const chart = sectie.getByRole('img', { name: new RegExp(`^Doelen ${gemeente}:`) });
      const rij = chart.locator(`.grafiek__rij[data-label="${label}"]`);
      assert.equal(await rij.getAttribute('data-minimum'), String(minimum));
      assert.equal(await rij.locator('rect.grafiek__staaf').count(), d.gerealiseerd > 0 ? 1 : 0);
      assert.equal(await rij.locator('line.grafiek__doel').count(), 1);
      const rows = await tabel(page, `Doelen ${gemeente}`);
      assert.deepEqual(rows[label].slice(0, 2), [String(d.gerealiseerd), String(d.verwachtNu).replace('.', ',')]);
      assert.match(rows[label][2], /nog nodig|Niets meer nodig/);
    }
    assert.match(await page.locator('.jaaroverzicht-samenvatting').textContent(), /^3 doelen in 3 gemeenten/);
    await page.screenshot({ path: `${OUTPUT_DIR}jaaroverzicht.png`, fullPage: true });
  });

  step('(f) the report prints on A4 with its charts; menus, forms and buttons stay off the paper', async () => {
    await go(`#/rapportages?soort=jaar&jaar=${JAAR}`);
    await page.getByRole('heading', { name: `Rapportage over het jaar ${JAAR}: de hele regio` }).waitFor();
    await page.emulateMedia({ media: 'print' });
    try {
      for (const name of [/^Koppelingen in deze periode:/, /^Vraaggezinnen bereikt per gemeente:/, /^Doelen Leiden:/]) {
        const svg = page.getByRole('img', { name });
        assert.ok(await svg.isVisible(), `${name} is not visible in print`);
        const box = await svg.boundingBox();
        assert.ok(box && box.width > 100 && box.height > 20, `${name} has no size in print`);
      }
      for (const button of ['Download als CSV', 'Afdrukken', 'Vaststellen']) {
        assert.equal(await page.getByRole('button', { name: button, exact: true }).isVisible(), false, button);
      }
      assert.equal(await page.getByRole('form', { name: 'Rapportage kiezen' }).isVisible(), false);
      assert.equal(await page.locator('.vaststellingen').isVisible(), false);
      const pdf = await page.pdf({ path: `${OUTPUT_DIR}rapportage-afdruk.pdf`, preferCSSPageSize: true });
      const mediaBox = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
      assert.ok(mediaBox, 'no page size in the PDF');
      assert.ok(Math.abs(Number(mediaBox[1]) - 595) < 1 && Math.abs(Number(mediaBox[2]) - 842) < 1, 'not A4');
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  step('(g) axe finds no violations on the report and the year overview (labels, headings, names)', async () => {
    await go(`#/rapportages?soort=jaar&jaar=${JAAR}`);
    await page.getByRole('heading', { name: `Rapportage over het jaar ${JAAR}: de hele regio` }).waitFor();
    await waitForLoaded(page);
    assert.deepEqual(await axe(page), []);
    await go(`#/rapportages/jaaroverzicht?jaar=${JAAR}`);
    await page.getByRole('heading', { name: `Jaaroverzicht ${JAAR}` }).waitFor();
    assert.deepEqual(await axe(page), []);
  });

  step('(h) a chart label too long for its column is wrapped over lines, never cut off at the edge', async () => {
    // on the report: no label of any chart starts left of its chart ("gemeente onbekend" was cut to "jemeente onbekend")
    await go(`#/rapportages?soort=jaar&jaar=${JAAR}`);
    await page.getByRole('heading', { name: `Rapportage over het jaar ${JAAR}: de hele regio` }).waitFor();
    const buiten = await page.evaluate(() => [...document.querySelectorAll('.grafiek__label')]
      .map((t) => ({ tekst: t.textContent, x: t.getBBox().x })).filter((l) => l.x < 0));
    assert.deepEqual(buiten, []);
    const result = await page.evaluate(async () => {
      const { staafgrafiek } = await import('/js/grafiek.js');
      const chart = staafgrafiek({
        titel: 'Proef',
        rijen: [{ label: 'Een bijzonder lange naam van een programma voor gezinnen in de regio', waarde: 3 },
          { label: 'Kort', waarde: 1 }],
      });
      document.body.append(chart);
      const labels = [...chart.querySelectorAll('.grafiek__label')].map((t) => {
        const box = t.getBBox();
        return { x: box.x, right: box.x + box.width, lines: t.querySelectorAll('tspan').length };
      });
      chart.remove();
      return labels;
    });
    assert.ok(result[0].lines >= 2, `the long label has ${result[0].lines} line(s)`);
    for (const l of result) {
      assert.ok(l.x >= 0, `a label starts at x=${l.x}, outside the chart`);
    }
  });

  step('(i) an unknown gemeente in a bookmark is refused next to the field; nothing else went wrong', async () => {
    expected.push({ status: 400, path: '/api/v1/rapportages/periode' });
    await go(`#/rapportages?soort=jaar&jaar=${JAAR}&gemeente=Zaandam`);
    await page.reload();
    await expectHeading(page, 'Rapportages');
    const form = page.getByRole('form', { name: 'Rapportage kiezen' });
    await form.locator('[aria-invalid="true"]').first().waitFor();
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
