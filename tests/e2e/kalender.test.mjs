// Browser tests for the Kalender (issue 16): a week and a month of planned
// evaluations and end dates. An evaluation planned in the shown week is on
// its day in both views, a koppeling's maximale einddatum is there as
// "Einddatum", each item links to its koppeling, Vorige/Volgende/Vandaag
// move the view (also from the keyboard), a month counts as many items as
// the Evaluaties page lists for the same month, at 390 px the days are a
// list, and axe-core finds no serious or critical violation.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; the werkgebied
// and the coordinator come in through the command line, the gezinnen,
// koppeling and evaluations through the API from inside the logged-in page.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test kalender.test.mjs

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, openPage, unexpected, vandaag, waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const COORDINATOR = { gebruikersnaam: 'noor', naam: 'Noor Hendriks', password: 'reiger-op-een-paal-in-de-sloot' };
const WERKGEBIED = { code: 'DEV', naam: 'Deventer' };

// `iso` moved by `n` days.
function plus(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// Today moved by `n` days, as YYYY-MM-DD.
const dag = (n) => plus(vandaag(), n);

// The Monday of the week `iso` is in.
function maandag(iso) {
  return plus(iso, -((new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7));
}

// The first day of the month after the one `iso` is in.
function volgendeMaand(iso) {
  const d = new Date(`${iso.slice(0, 8)}01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

// "07-12-2026": a date as the pages write it.
function nl(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

describe('Kalender: week and month of planned evaluations and end dates', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const step = stepper(() => server);
  const ids = {};
  const raster = () => page.locator('table.kalender__raster');
  const cel = (iso) => raster().locator(`td[data-datum="${iso}"]`);

  before(async () => {
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

  async function openKalender(hash) {
    await goToHash(page, hash);
    await expectHeading(page, 'Kalender');
    await page.locator('.kalender__aantal').waitFor();
    await waitForLoaded(page);
  }

  // Runs axe on the page as it is; its serious and critical violations.
  async function axeErnstig() {
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
      await page.evaluate(AXE_SOURCE);
    }
    const found = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  step('(setup) a koppeling in its proefperiode with its end date, an evaluation in the week of that end and two next month', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    const adres = { plaats: 'Deventer', gemeente: 'Deventer' };
    const v = await createGezin(page, {
      naam: 'Gezin Mulder', rol: 'vraaggezin', werkgebied: WERKGEBIED.code, adres,
      leden: [{ soort: 'volwassene', voornaam: 'Els', achternaam: 'Mulder', geboortedatum: '1990-01-01' },
        { soort: 'kind', voornaam: 'Kim', geboortedatum: '2018-01-01', steunVoor: true }],
      vraag: { tekst: 'Een middag per week.' },
      toestemmingen: toestemming('Els Mulder'),
    });
    const s = await createGezin(page, {
      naam: 'Gezin Kuipers', rol: 'steungezin', werkgebied: WERKGEBIED.code, adres,
      leden: [{ soort: 'volwassene', voornaam: 'Bas', achternaam: 'Kuipers', geboortedatum: '1970-01-01', vogDatum: dag(-365) }],
      aanbod: { steunvormen: ['opvang-overdag'], capaciteit: 3 },
      toestemmingen: toestemming('Bas Kuipers'),
    });
    await setGezinStatus(page, s, 'beschikbaar');
    await setGezinStatus(page, v, 'wachtend');
    let res = await fetchInPage(page, 'POST', '/koppelingen',
      { body: { vraaggezin: v, steungezin: s, programma: 1, datum: dag(-40) } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.koppeling = res.body.id;
    for (const [fase, datum] of [['kennismaking', dag(-38)], ['proefperiode', dag(-35)]]) {
      res = await fetchInPage(page, 'POST', `/koppelingen/${ids.koppeling}/faseovergangen`,
        { body: { naar: fase, datum }, etag: res.etag });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const k = await fetchInPage(page, 'GET', `/koppelingen/${ids.koppeling}`);
    ids.einde = k.body.maximaleEinddatum;
    assert.match(ids.einde || '', /^\d{4}-\d{2}-\d{2}$/, JSON.stringify(k.body));
    assert.ok(ids.einde > dag(40), `the end ${ids.einde} is too close for this test`);
    // An evaluation in the week of the end, before it (on the end itself when that is a Monday).
    ids.evaluatie = ids.einde === maandag(ids.einde) ? ids.einde : plus(ids.einde, -1);
    const plan = async (geplandOp) => {
      const current = await fetchInPage(page, 'GET', `/koppelingen/${ids.koppeling}`);
      const r = await fetchInPage(page, 'POST', `/koppelingen/${ids.koppeling}/evaluaties`,
        { body: { soort: 'voortgangsgesprek', geplandOp }, etag: current.etag });
      assert.ok([200, 201].includes(r.status), JSON.stringify(r.body));
    };
    await plan(ids.evaluatie);
    ids.volgendeMaand = volgendeMaand(vandaag());
    await plan(plus(ids.volgendeMaand, 3));
    await plan(plus(ids.volgendeMaand, 20));
  });

  step('(a) the week view: the evaluation on its day and the end date on its own, as links to the koppeling', async () => {
    await page.reload();
    await openKalender(`#/kalender?weergave=week&datum=${ids.evaluatie}`);
    assert.deepEqual(await raster().locator('thead th').allTextContents(),
      ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag']);
    assert.equal(await raster().locator('tbody tr').count(), 1);
    assert.match(await page.getByRole('heading', { level: 2 }).textContent(),
      new RegExp(`Week van ${nl(maandag(ids.einde))} tot en met ${nl(plus(maandag(ids.einde), 6))}`));
    const evaluatie = cel(ids.evaluatie).getByRole('link', { name: 'Evaluatie: Gezin Mulder en Gezin Kuipers' });
    assert.equal(await evaluatie.getAttribute('href'), `/#/koppelingen/${ids.koppeling}`);
    const einde = cel(ids.einde).getByRole('link', { name: 'Einddatum: Gezin Mulder en Gezin Kuipers' });
    assert.equal(await einde.getAttribute('href'), `/#/koppelingen/${ids.koppeling}`);
    // as many items as the API has open evaluations planned in the week (the course may plan more than ours)
    const week = await fetchInPage(page, 'GET',
      `/evaluaties?status=gepland&van=${maandag(ids.einde)}&tot=${plus(maandag(ids.einde), 6)}`);
    const n = week.body.evaluaties.length;
    assert.ok(n >= 2, JSON.stringify(week.body));
    assert.equal(await raster().locator('.kalender__item').count(), n);
    assert.match(await page.locator('.kalender__aantal').textContent(),
      new RegExp(`^${n - 1} evaluaties? en 1 einddatum in deze week\\.$`));
    await einde.click();
    await page.waitForFunction((id) => location.hash === `#/koppelingen/${id}`, ids.koppeling);
    await page.goBack();
    await expectHeading(page, 'Kalender');
  });

  step('(b) Volgende, Vorige and Vandaag move the week, from the keyboard too', async () => {
    await page.locator('.kalender__aantal').waitFor();
    await page.getByRole('button', { name: 'Volgende week' }).focus();
    await page.keyboard.press('Enter');
    const volgende = plus(maandag(ids.einde), 7);
    await page.getByRole('heading', { level: 2, name: new RegExp(`^Week van ${nl(volgende)}`) }).waitFor();
    await waitForLoaded(page);
    await page.locator('.kalender__aantal').waitFor();
    assert.equal(await raster().locator('.kalender__item').count(), 0, 'the next week shows the items of the week before');
    assert.match(new URL(page.url()).hash, new RegExp(`datum=${volgende}`));

    await page.getByRole('button', { name: 'Vorige week' }).click();
    await page.getByRole('heading', { level: 2, name: new RegExp(`^Week van ${nl(maandag(ids.einde))}`) }).waitFor();
    await cel(ids.evaluatie).getByRole('link', { name: /^Evaluatie:/ }).waitFor();

    await page.getByRole('button', { name: 'Vandaag' }).click();
    await page.getByRole('heading', { level: 2, name: new RegExp(`^Week van ${nl(maandag(vandaag()))}`) }).waitFor();
    assert.equal(await raster().locator('td[aria-current="date"]').getAttribute('data-datum'), vandaag());
  });

  step('(c) the month view: the same evaluation and end date on their days', async () => {
    await openKalender(`#/kalender?weergave=week&datum=${ids.evaluatie}`);
    await page.getByRole('button', { name: 'Maand', exact: true }).click();
    await page.locator('table.kalender__raster--maand').waitFor();
    await page.locator('.kalender__aantal').waitFor();
    await waitForLoaded(page);
    assert.equal(await page.getByRole('button', { name: 'Maand', exact: true }).getAttribute('aria-pressed'), 'true');
    assert.ok(await raster().locator('tbody tr').count() >= 4);
    await cel(ids.evaluatie).getByRole('link', { name: 'Evaluatie: Gezin Mulder en Gezin Kuipers' }).waitFor();
    await cel(ids.einde).getByRole('link', { name: 'Einddatum: Gezin Mulder en Gezin Kuipers' }).waitFor();
    const maandNaam = new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' })
      .format(new Date(`${ids.einde}T00:00:00Z`));
    assert.equal(await page.getByRole('heading', { level: 2 }).textContent(), maandNaam);
  });

  step('(d) a month counts as many as the Evaluaties page lists for that month', async () => {
    await goToHash(page, '#/evaluaties?periode=volgende-maand&van=werkgebieden');
    await expectHeading(page, 'Evaluaties');
    await waitForLoaded(page);
    const lijst = page.getByRole('region', { name: /^Volgende maand/ }).locator('li.evaluatie');
    const opPagina = await lijst.count();
    assert.ok(opPagina >= 2, `the Evaluaties page lists ${opPagina}`);
    await openKalender(`#/kalender?weergave=maand&datum=${ids.volgendeMaand}&van=werkgebieden`);
    assert.equal(await raster().locator('.kalender__item').count(), opPagina);
    await cel(plus(ids.volgendeMaand, 3)).getByRole('link', { name: /^Evaluatie:/ }).waitFor();
    await cel(plus(ids.volgendeMaand, 20)).getByRole('link', { name: /^Evaluatie:/ }).waitFor();
    // the Evaluaties page links to the Kalender
    await goToHash(page, '#/evaluaties');
    await expectHeading(page, 'Mijn evaluaties');
    await page.getByRole('link', { name: 'Bekijk in de kalender (week of maand)' }).click();
    await expectHeading(page, 'Kalender');
  });

  step('(e) axe finds no serious or critical violation in the week and the month view', async () => {
    const gevonden = [];
    for (const hash of [`#/kalender?weergave=week&datum=${ids.evaluatie}`, `#/kalender?weergave=maand&datum=${ids.evaluatie}`]) {
      await openKalender(hash);
      for (const v of await axeErnstig()) {
        gevonden.push(`${hash}: ${v.impact} ${v.id} ${v.targets.join(', ')}`);
      }
    }
    assert.deepEqual(gevonden, []);
  });

  step('(f) at 390 px the days are a list, with the same items', async () => {
    const narrow = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const p = await narrow.newPage();
      await p.goto(`${server.url}/`);
      await logIn(p, COORDINATOR.gebruikersnaam, COORDINATOR.password);
      await p.evaluate((h) => { location.hash = h; }, `#/kalender?weergave=week&datum=${ids.evaluatie}`);
      await p.locator('.kalender__aantal').waitFor();
      assert.equal(await p.locator('table.kalender__raster').isVisible(), false, 'the table is shown at 390 px');
      const lijst = p.locator('ol.kalender__lijst');
      assert.equal(await lijst.isVisible(), true);
      assert.equal(await lijst.locator('li.kalender__lijstdag').count(), 7);
      await lijst.locator(`li[data-datum="${ids.evaluatie}"]`).getByRole('link', { name: /^Evaluatie:/ }).waitFor();
      await lijst.locator(`li[data-datum="${ids.einde}"]`).getByRole('link', { name: /^Einddatum:/ }).waitFor();
      const breed = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(breed <= 390, `the page is ${breed} px wide`);
      if (!(await p.evaluate(() => typeof window.axe === 'object'))) {
        await p.evaluate(AXE_SOURCE);
      }
      const ernstig = (await p.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
        .violations.map((v) => `${v.impact} ${v.id}`))).filter((v) => /^(serious|critical) /.test(v));
      assert.deepEqual(ernstig, []);
    } finally {
      await narrow.close();
    }
  });

  step('(z) nothing unexpected went wrong in the pages', () => {
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
