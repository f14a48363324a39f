// Browser tests for the one period model of the dashboard and the
// Evaluaties page (issue 16, point 3): the tiles "evaluaties binnen 30
// dagen" and "evaluaties te laat" open the Evaluaties page on the same 30
// days (also past the end of the month) over the same koppelingen, and the
// page lists as many as the tiles count; the period and whose koppelingen
// apply as soon as they are chosen.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; the werkgebied
// and the coordinator come in through the command line, the gezinnen,
// koppelingen and planned evaluations through the API from inside the
// logged-in page.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test perioden.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, openPage, unexpected, vandaag, waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';

const COORDINATOR = { gebruikersnaam: 'noor', naam: 'Noor Hendriks', password: 'reiger-op-een-paal-in-de-sloot' };
const COLLEGA = { gebruikersnaam: 'joris', naam: 'Joris Veenstra', password: 'ijsvogel-langs-de-ijssel-blauw' };
const WERKGEBIED = { code: 'DEV', naam: 'Deventer' };

// Today moved by `n` days, as YYYY-MM-DD.
function dag(n) {
  const d = new Date(`${vandaag()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// "07-12-2026": a date as the pages write it.
function nl(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

describe('One period for the dashboard tiles and the Evaluaties page', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const step = stepper(() => server);
  const tiles = () => page.getByRole('list', { name: 'In één oogopslag' });
  const region = (name) => page.getByRole('region', { name });

  before(async () => {
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await offerAllProgrammes(server, WERKGEBIED.code);
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    await server.addUser({ ...COLLEGA, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // The number on the tile whose words are `words`.
  async function tileCount(words) {
    const link = tiles().getByRole('link', { name: new RegExp(`^\\d+ ${words}$`) });
    return Number((await link.locator('.tegel__aantal').textContent()).trim());
  }

  step('(setup) two koppelingen, one of them a colleague’s, with evaluations before, within and after 30 days', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    const adres = { plaats: 'Deventer', gemeente: 'Deventer' };
    const vraag = (naam, ouder) => createGezin(page, {
      naam, rol: 'vraaggezin', werkgebied: WERKGEBIED.code, adres,
      leden: [{ soort: 'volwassene', voornaam: ouder, achternaam: naam.split(' ').pop(), geboortedatum: '1990-01-01' },
        { soort: 'kind', voornaam: 'Kim', geboortedatum: '2018-01-01', steunVoor: true }],
      vraag: { tekst: 'Een middag per week.' },
      toestemmingen: toestemming(ouder),
    });
    const v1 = await vraag('Gezin Mulder', 'Els');
    const v2 = await vraag('Gezin Peters', 'Rob');
    const s = await createGezin(page, {
      naam: 'Gezin Kuipers', rol: 'steungezin', werkgebied: WERKGEBIED.code, adres,
      leden: [{ soort: 'volwassene', voornaam: 'Bas', achternaam: 'Kuipers', geboortedatum: '1970-01-01', vogDatum: dag(-365) }],
      aanbod: { steunvormen: ['opvang-overdag'], capaciteit: 3 },
      toestemmingen: toestemming('Bas Kuipers'),
    });
    await setGezinStatus(page, s, 'beschikbaar');
    for (const v of [v1, v2]) {
      await setGezinStatus(page, v, 'wachtend');
    }
    const mine = await fetchInPage(page, 'POST', '/koppelingen', { body: { vraaggezin: v1, steungezin: s, programma: 1 } });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    // The colleague was added last: the user with the highest id.
    const mij = (await fetchInPage(page, 'GET', '/sessies/huidig')).body.gebruiker.id;
    const other = await fetchInPage(page, 'POST', '/koppelingen',
      { body: { vraaggezin: v2, steungezin: s, programma: 1, coordinator: mij + 1 } });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    const coordinator = (await fetchInPage(page, 'GET', `/koppelingen/${other.body.id}`)).body.coordinator;
    assert.equal(coordinator?.naam, COLLEGA.naam);
    // Each plan goes with the koppeling's version (If-Match), which every answer renews.
    const plan = async (k, geplandOp) => {
      const current = await fetchInPage(page, 'GET', `/koppelingen/${k}`);
      const res = await fetchInPage(page, 'POST', `/koppelingen/${k}/evaluaties`,
        { body: { soort: 'voortgangsgesprek', geplandOp }, etag: current.etag });
      assert.ok([200, 201].includes(res.status), JSON.stringify(res.body));
    };
    // Te laat, tomorrow, in 29 days (past the end of this month unless it is the 1st), in 31 days (outside).
    await plan(mine.body.id, dag(-3));
    await plan(mine.body.id, dag(1));
    await plan(mine.body.id, dag(29));
    await plan(mine.body.id, dag(31));
    await plan(other.body.id, dag(10));
  });

  step('(a) the 30-day tile opens the Evaluaties page on the same 30 days, and both lists count what the tiles say', async () => {
    await page.reload();
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
    const binnen = await tileCount('evaluaties binnen 30 dagen');
    const teLaat = await tileCount('evaluaties te laat');
    assert.ok(binnen >= 3, `the tile counts ${binnen} within 30 days`);
    assert.ok(teLaat >= 1, `the tile counts ${teLaat} te laat`);

    await tiles().getByRole('link', { name: /evaluaties binnen 30 dagen$/ }).click();
    await expectHeading(page, 'Evaluaties');
    await waitForLoaded(page);
    assert.match(new URL(page.url()).hash, /periode=binnen-30-dagen/);
    const periode = region(/^Binnen 30 dagen/);
    assert.match(await periode.getByRole('heading', { level: 2 }).textContent(),
      new RegExp(`${nl(vandaag())} tot en met ${nl(dag(30))}`));
    assert.equal(await periode.locator('li.evaluatie').count(), binnen, 'the page lists another number than the tile');
    assert.equal(await region('Te laat').locator('li.evaluatie').count(), teLaat);
    assert.match(await periode.textContent(), new RegExp(nl(dag(29))), 'the evaluation in 29 days is missing');
    assert.doesNotMatch(await periode.textContent(), new RegExp(nl(dag(31))), 'the evaluation in 31 days is listed');
    assert.match(await periode.textContent(), /Gezin Peters en Gezin Kuipers/, 'the colleague’s koppeling is missing');

    // The te laat tile opens the same page.
    await page.goBack();
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
    await tiles().getByRole('link', { name: /evaluaties te laat$/ }).click();
    await expectHeading(page, 'Evaluaties');
    await waitForLoaded(page);
    assert.equal(await region('Te laat').locator('li.evaluatie').count(), teLaat);
  });

  step('(b) the period and whose koppelingen apply as soon as they are chosen', async () => {
    await page.getByLabel('Koppelingen', { exact: true }).selectOption('');
    await expectHeading(page, 'Mijn evaluaties');
    await waitForLoaded(page);
    const periode = region(/^Binnen 30 dagen/);
    assert.doesNotMatch(await periode.textContent(), /Gezin Peters/, '"Mijn koppelingen" lists another coordinator’s');
    assert.match(await periode.textContent(), /Gezin Mulder en Gezin Kuipers/);

    await page.getByLabel('Periode').selectOption('komende-7-dagen');
    const week = region(/^Komende 7 dagen/);
    await week.waitFor();
    await waitForLoaded(page);
    assert.match(await week.textContent(), new RegExp(nl(dag(1))));
    assert.doesNotMatch(await week.textContent(), new RegExp(nl(dag(29))));
    assert.match(new URL(page.url()).hash, /periode=komende-7-dagen/);
  });

  step('(z) nothing unexpected went wrong in the pages', () => {
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
