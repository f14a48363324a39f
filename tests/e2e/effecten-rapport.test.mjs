// Browser test for the effect report (web/js/effecten-rapport.js) on the
// demo practice: `koppel demo` is run through the command line and served,
// a demo coordinator finds Effectrapportage under Rapportages, picks the
// gemeente, programme and period from lists, and sees the totals, the
// classes with a chart, the families as letters with their formulas and
// the standing caveat; the CSV download is the same report; the beheerder
// sees the hand-computed totals of all four worked scenarios, the outcomes
// of their formal help per uitkomst and the figures per programme; the
// rapportage role sees only rounded counts and no families.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test effecten-rapport.test.mjs

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, TIME_ZONE, expectHeading, fetchInPage, logIn, logOut, mainMenu, openPage, unexpected, waitForLoaded,
} from './lib/page.mjs';
import { addUser } from './lib/server.mjs';
import { stepper } from './lib/suite.mjs';

const PC4_CSV = fileURLToPath(new URL('../../config/postcodes/nl-pc4.csv', import.meta.url));
const WEB = fileURLToPath(new URL('../../web', import.meta.url));
const WACHTWOORD = 'demo-wachtwoord-koppel';
const RAPPORT = { gebruikersnaam: 'ria', naam: 'Ria Rapport', password: 'fietsen-langs-de-zaan-in-mei' };

// Serves the database file db; resolves to {url, stop}.
function serve(db) {
  const child = spawn(process.env.KOPPEL_BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db, '--web', WEB],
    { env: { ...process.env, TZ: TIME_ZONE }, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    await exited;
  };
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the daemon did not listen:\n${output}`)), 10_000);
    child.stderr.on('data', (chunk) => {
      output += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1].replace(/\/+$/, ''), stop, log: () => output });
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the daemon exited (${code}):\n${output}`));
    });
  });
}

// Makes the demo database db through the command line, as a newcomer
// would; with more time than runCli gives, as the demo fsyncs its file and
// the machine may be busy.
function demo(db) {
  const child = spawn(process.env.KOPPEL_BIN, ['demo', '--postcodes', PC4_CSV, '--db', db],
    { env: { ...process.env, TZ: TIME_ZONE }, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve();
      } else {
        reject(new Error(`koppel demo exited (${code}):\n${output}`));
      }
    });
  });
}

// The rows of the table captioned `caption` as {label: text}.
async function cijfers(page, caption) {
  const rows = page.getByRole('region', { name: caption, exact: true }).locator('tbody tr');
  const out = {};
  for (let i = 0; i < await rows.count(); i++) {
    const cells = (await rows.nth(i).locator('th, td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    out[cells[0]] = cells.slice(1).join(' | ');
  }
  return out;
}

describe('Koppel effectrapportage on the demo practice', () => {
  let dir;
  let db;
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const step = stepper(() => server);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'koppel-effecten-'));
    db = join(dir, 'demo.db');
    await demo(db);
    server = await serve(db);
    await addUser({ db, ...RAPPORT, rol: 'rapportage', werkgebieden: ['ZAANSTAD'] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) {
      await rm(dir, { recursive: true, force: true });
    }
  });

  step('a coordinator finds the report under Rapportages and sees letters, formulas and the caveat', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, 'coord-zaanstad', WACHTWOORD);
    await mainMenu(page).getByRole('link', { name: 'Rapportages' }).click();
    await page.getByRole('navigation', { name: 'Rapportages' }).getByRole('link', { name: 'Effectrapportage' }).click();
    await expectHeading(page, 'Effectrapportage');
    await waitForLoaded(page);
    await page.getByRole('region', { name: 'Kerncijfers', exact: true }).waitFor();
    const kern = await cijfers(page, 'Kerncijfers');
    assert.equal(kern.Gezinnen, '2');
    assert.match(kern['Referentiekosten (eerste jaar)'], /€/);
    assert.match(await page.locator('.effect-voorbehoud').textContent(), /benadert de werkelijkheid/);
    // families as letters, each with its items and formulas; no names
    const gezinnen = page.getByRole('region', { name: 'Per gezin, met de formules' });
    assert.deepEqual(await gezinnen.locator('h4').evaluateAll((hs) => hs.map((h) => h.textContent.split(' ')[1])), ['A', 'B']);
    assert.ok(await gezinnen.locator('.effect-formule').count() >= 4);
    for (const f of await gezinnen.locator('.effect-formule').allTextContents()) {
      assert.match(f, /= (€|onbekend)|onbekend/);
    }
    // a chart of the classes, its figures in its name
    const grafiek = page.getByRole('img', { name: /^Gezinnen per uitkomst van de vergelijking: / });
    await grafiek.waitFor();
    const klassen = await cijfers(page, 'Gezinnen per uitkomst van de vergelijking');
    assert.equal(Object.values(klassen).reduce((s, v) => s + Number(v), 0), 2);
    // the pickers are lists
    const form = page.getByRole('form', { name: 'Effectrapportage kiezen' });
    assert.equal(await form.getByLabel('Gemeente').evaluate((e) => e.tagName), 'SELECT');
    assert.ok((await form.getByLabel('Programma').locator('option').allTextContents()).includes('Buurtgezinnen'));
  });

  step('the pickers change the report; the choice is in the address', async () => {
    const form = page.getByRole('form', { name: 'Effectrapportage kiezen' });
    await form.getByLabel('Periode').selectOption({ label: 'Koppelingen van vorig jaar' });
    await form.getByRole('button', { name: 'Rapportage tonen' }).click();
    await page.getByText('De rapportage is bijgewerkt.').waitFor();
    assert.equal((await cijfers(page, 'Kerncijfers')).Gezinnen, '0');
    await page.getByText('Geen gezinnen met een referentiescenario').waitFor();
    assert.match(page.url(), /periode=vorig-jaar/);
    await form.getByLabel('Periode').selectOption({ label: 'Eigen periode' });
    await form.getByLabel('Koppelingen vanaf').fill('2000-01-01');
    await form.getByRole('button', { name: 'Rapportage tonen' }).click();
    await page.getByRole('heading', { name: /Effecten van alle programma's/ }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.effect-gezin').length === 2);
    assert.equal((await cijfers(page, 'Kerncijfers')).Gezinnen, '2');
    const gemeenten = (await form.getByLabel('Gemeente').locator('option').allTextContents()).filter((t) => t !== 'Alle gemeenten');
    assert.ok(gemeenten.length >= 1, 'no gemeente to pick');
  });

  step('the CSV download is the same report', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download als CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'koppel-effecten.csv');
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(csv, /^\uFEFF?gezin;gemeente;klasse;/);
    assert.match(csv, /\r?\nA;/);
    assert.match(csv, /voorbehoud;/);
    await logOut(page);
  });

  step('the beheerder sees the four worked scenarios to the cent', async () => {
    await logIn(page, 'beheer', WACHTWOORD);
    await page.goto(`${server.url}/#/rapportages/effecten`);
    await expectHeading(page, 'Effectrapportage');
    await page.getByRole('region', { name: 'Kerncijfers', exact: true }).waitFor();
    const kern = await cijfers(page, 'Kerncijfers');
    assert.equal(kern.Gezinnen, '4');
    assert.equal(kern.Berekenbaar, '3');
    assert.equal(kern['Referentiekosten (eerste jaar)'].replace(/\s/g, ' '), 'tenminste € 41.481,74 – € 42.111,74');
    const betalers = await cijfers(page, 'Referentiekosten per betaler');
    assert.equal(betalers.Rijk.replace(/\s/g, ' '), 'tenminste € 3.500,00');
    const formules = await page.locator('.effect-formule').allTextContents();
    assert.ok(formules.includes('1,5 uur/week × 28 weken × €86,40 = €3.628,80'), formules.join('\n'));
    // the outcomes of the formal help per uitkomst, and the figures per programme
    const uitkomsten = await cijfers(page, 'Uitkomsten van de formele hulp');
    assert.equal(uitkomsten.Verminderd, '1 | 0 | 1');
    assert.equal(uitkomsten.Voorkomen, '1 | 0 | 1');
    assert.equal(uitkomsten.Opgeschaald, '0 | 1 | 1');
    assert.equal(uitkomsten['Beëindigd'], '0 | 0 | 0');
    assert.equal(uitkomsten['Alleen extra naast formele hulp'], '— | — | 1');
    const programmas = await cijfers(page, 'Per programma');
    assert.ok(Object.keys(programmas).includes('Buurtgezinnen'), JSON.stringify(programmas));
    await logOut(page);
  });

  step('the rapportage role sees rounded counts and no families', async () => {
    await logIn(page, RAPPORT.gebruikersnaam, RAPPORT.password);
    await page.goto(`${server.url}/#/rapportages/effecten`);
    await expectHeading(page, 'Effectrapportage');
    await page.getByRole('region', { name: 'Kerncijfers', exact: true }).waitFor();
    const kern = await cijfers(page, 'Kerncijfers');
    assert.equal(kern.Gezinnen, '<5');
    assert.equal(kern['Referentiekosten (eerste jaar)'], 'niet gegeven');
    assert.equal(await page.locator('.effect-gezin').count(), 0);
    assert.match(await page.locator('.rapportage--effecten').textContent(), /afgerond op vijftallen/);
    assert.match(await page.locator('.effect-voorbehoud').textContent(), /benadert de werkelijkheid/);
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
