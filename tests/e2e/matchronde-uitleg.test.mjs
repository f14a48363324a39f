// Browser test for a match round that explains itself (issue 16, point 7):
// per proposal the criteria the pair fits on; the waiting vraaggezinnen
// left without a proposal, each with why (another family fits the only
// supporter better; no supporter in the programme's role); plain words
// instead of "optimaal" and "gretig"; and the earlier rounds, listed on the
// start page and on each round's page, of one's own werkgebied only.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; werkgebieden and
// coordinators come in through the command line, the gezinnen through the
// API from inside the logged-in page.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test matchronde-uitleg.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, openPage, unexpected, vandaag, waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';

const COORDINATOR = { gebruikersnaam: 'sytske', naam: 'Sytske Bosma', password: 'wadlopen-naar-schiermonnikoog' };
const ANDER = { gebruikersnaam: 'gert', naam: 'Gert Wolters', password: 'fietsen-over-de-afsluitdijk-3' };
const LEEUWARDEN = { code: 'LWD', naam: 'Leeuwarden' };
const SNEEK = { code: 'SNK', naam: 'Sneek' };

describe('A match round explains itself', () => {
  let server;
  let browser;
  let page;
  let problems;
  const step = stepper(() => server);
  const region = (name) => page.getByRole('region', { name, exact: true });

  before(async () => {
    server = await startServer();
    for (const w of [LEEUWARDEN, SNEEK]) {
      await server.addWerkgebied(w.code, w.naam);
      await offerAllProgrammes(server, w.code);
    }
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [LEEUWARDEN.code] });
    await server.addUser({ ...ANDER, rol: 'coordinator', werkgebieden: [SNEEK.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // Starts a round in werkgebied code with the first programme (Buurtgezinnen) from the start page.
  async function startRonde(code) {
    await goToHash(page, '#/matchrondes/nieuw');
    await expectHeading(page, 'Matchronde starten');
    const form = page.getByRole('form', { name: 'Matchronde starten' });
    await form.waitFor();
    await form.getByLabel('Werkgebied').selectOption(code);
    await form.getByLabel('Programma').selectOption({ label: 'Buurtgezinnen' });
    await form.getByRole('button', { name: 'Matchronde starten' }).click();
    await page.waitForFunction(() => /^#\/matchrondes\/\d+$/.test(location.hash));
    await region('Voorstellen').getByRole('heading', { level: 2 }).waitFor();
    await waitForLoaded(page);
    return new URL(page.url()).hash.split('/').pop();
  }

  step('(setup) three waiting families and one supporter in Leeuwarden; a round of a colleague in Sneek', async () => {
    const d = new Date(`${vandaag()}T12:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    const vog = d.toISOString().slice(0, 10);
    const adres = { plaats: 'Leeuwarden', gemeente: 'Leeuwarden' };
    const vraag = async (naam, werkgebied, dagdelen) => {
      const id = await createGezin(page, {
        naam, rol: 'vraaggezin', werkgebied, adres,
        leden: [{ soort: 'volwassene', voornaam: 'Tjitske', achternaam: naam.split(' ').pop(), geboortedatum: '1990-02-02' },
          { soort: 'kind', voornaam: 'Anne', geboortedatum: '2018-05-05', steunVoor: true }],
        vraag: { tekst: 'Een middag in de week.', steunvormen: ['opvang-overdag'], dagdelen },
        toestemmingen: toestemming('Tjitske'),
      });
      await setGezinStatus(page, id, 'wachtend');
      return id;
    };
    const steun = async (naam, werkgebied, rol) => {
      const id = await createGezin(page, {
        naam, rol, werkgebied, adres,
        leden: [{ soort: 'volwassene', voornaam: 'Hylke', achternaam: naam.split(' ').pop(), geboortedatum: '1975-03-03', vogDatum: vog }],
        aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'], capaciteit: 1 },
        toestemmingen: toestemming('Hylke'),
      });
      await setGezinStatus(page, id, 'beschikbaar');
      return id;
    };
    // the colleague's round in Sneek first, with the colleague's own session
    const ander = await openPage(browser);
    await ander.page.goto(`${server.url}/`);
    await logIn(ander.page, ANDER.gebruikersnaam, ANDER.password);
    await createGezin(ander.page, {
      naam: 'Gezin Hoekstra', rol: 'vraaggezin', werkgebied: SNEEK.code, leden: [{ soort: 'volwassene', voornaam: 'Wytze' }],
      vraag: { tekst: 'Af en toe een weekend.' }, toestemmingen: toestemming('Wytze'),
    });
    const res = await fetchInPage(ander.page, 'POST', '/matchrondes', { body: { werkgebied: SNEEK.code, programma: 1 } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await ander.context.close();

    await page.goto(`${server.url}/`);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    await vraag('Gezin Dijkstra', LEEUWARDEN.code, ['wo-middag']);
    await vraag('Gezin Visser', LEEUWARDEN.code, ['za-ochtend']);
    await steun('Gezin Wiersma', LEEUWARDEN.code, 'steungezin');
  });

  step('(a) the round says in plain words why each proposal, and why a family got none', async () => {
    await startRonde(LEEUWARDEN.code);
    const totaal = await region('Totaal').textContent();
    assert.doesNotMatch(totaal, /optimaal|gretig/i);
    assert.match(totaal, /Voorstellen\s*1/);
    assert.match(totaal, /Zonder voorstel\s*1/);

    const voorstel = region('Voorstellen').locator('li.voorstel');
    assert.equal(await voorstel.count(), 1);
    assert.match(await voorstel.textContent(), /Gezin Dijkstra en Gezin Wiersma/);
    assert.match(await voorstel.locator('.voorstel__redenen').textContent(), /^Past vooral op: .*Dagdelen/);

    const zonder = region('Zonder voorstel');
    assert.match(await zonder.textContent(), /Gezin Visser/);
    assert.match(await zonder.textContent(), /voorgesteld aan vraaggezinnen die beter bij hen passen of langer wachten/);
  });

  step('(b) the earlier rounds are listed, of one’s own werkgebied only, and open their page', async () => {
    const tweede = await startRonde(LEEUWARDEN.code);
    const eerder = region('Eerdere matchrondes');
    await eerder.getByRole('link').first().waitFor();
    const links = eerder.getByRole('link');
    assert.equal(await links.count(), 2, await eerder.textContent());
    assert.doesNotMatch(await eerder.textContent(), /SNK|Sneek/);
    assert.match(await eerder.textContent(), /1 voorstel, 1 open, 1 zonder voorstel/);
    assert.equal(await links.first().getAttribute('aria-current'), 'page');
    await links.nth(1).click();
    await page.waitForFunction((id) => /^#\/matchrondes\/\d+$/.test(location.hash) && !location.hash.endsWith(`/${id}`), tweede);
    await region('Voorstellen').locator('li.voorstel').first().waitFor();

    await goToHash(page, '#/matchrondes/nieuw');
    await expectHeading(page, 'Matchronde starten');
    await region('Eerdere matchrondes').getByRole('link').first().waitFor();
    assert.equal(await region('Eerdere matchrondes').getByRole('link').count(), 2);
  });

  step('(z) nothing unexpected went wrong in the pages', () => {
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });
});
