// Browser test for a programme's own course (koers): the beheerder sets one
// up on the Beheer screen "Programma's" (no trial, agreements without
// signatures, at most 10 weeks, a conversation every 3 weeks with each side
// apart, extension allowed), first with a rule that counts from a trial the
// programme does not have (the reason appears at that rule's field); then a
// coordinator of the werkgebied walks a koppeling in it on the koppeling
// page: only the course's next phases are offered, the conversations say
// with whom, one is cancelled with a reason and the koppeling is extended.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; the werkgebied
// and the users come in through the command line, the gezinnen and the
// koppeling through the API from inside the logged-in page. Screenshots
// land in tests/e2e/output/.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test koersen.test.mjs

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, assertNoHorizontalOverflow, expectHeading, fetchInPage, logIn, logOut, openPage, unexpected, vandaag,
  waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const BEHEERDER = { gebruikersnaam: 'bram', naam: 'Bram Beheer', password: 'ijssel-en-vecht-bij-zwolle' };
const COORDINATOR = { gebruikersnaam: 'fenna', naam: 'Fenna Zwolle', password: 'sassenpoort-in-de-avondzon' };
const WERKGEBIED = { code: 'ZWO', naam: 'Zwolle' };
const PROGRAMMA = 'Estafette Zwolle';

const pad = (n) => String(n).padStart(2, '0');

function plusDagen(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

// "2026-01-05" → "05-01-2026", as the pages show dates.
function nl(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

// The koppeling starts a week ago, so its conversations lie ahead.
const VOORGESTELD = plusDagen(vandaag(), -10);
const KENNISMAKING = plusDagen(vandaag(), -7);
const EINDE = plusDagen(KENNISMAKING, 70); // 10 weeks
const VERLENGD = plusDagen(KENNISMAKING, 98); // 14 weeks

describe('Koppel: a programme with its own course', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN, { status: 400, path: '/api/v1/programmas' }];
  const step = stepper(() => server);
  const ids = {};

  async function shot(name) {
    await page.screenshot({ path: `${OUTPUT_DIR}${name}.png`, fullPage: true });
  }

  const region = (name) => page.getByRole('region', { name, exact: true });
  const form = () => page.getByRole('form', { name: 'Nieuw programma' });
  const regel = (n) => form().getByRole('group', { name: `Gesprek ${n}`, exact: true });

  // The text of the error shown in `group` (a fieldset), once there is one.
  async function groupError(group) {
    const fout = group.locator('.veld__fout:not([hidden])').first();
    await fout.waitFor();
    return fout.textContent();
  }

  // Sets a duration (a group with Aantal and Eenheid).
  async function duur(group, aantal, eenheid) {
    await group.getByLabel('Aantal').fill(String(aantal));
    await group.getByLabel('Eenheid').selectOption(eenheid);
  }

  // The texts of the buttons for the moves the page offers now.
  const faseKnoppen = () => region('Fasen').locator('.knoppen--fasen button').allTextContents();

  // The end date in the koppeling's header.
  const uiterlijkTot = () => page.locator('dl.gegevens dt:text-is("Uiterlijk tot") + dd').textContent();

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('the beheerder sets up the course; a rule counting from a missing trial is refused at its field', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    await goToHash(page, '#/beheer/programmas/nieuw');
    await expectHeading(page, 'Nieuw programma');
    await waitForLoaded(page);
    const f = form();
    await f.getByLabel('Naam').fill(PROGRAMMA);
    await f.getByRole('group', { name: 'Wie biedt steun' }).getByLabel('Estafettegezin').check();
    await f.getByRole('group', { name: 'Aangeboden in' }).getByLabel(`${WERKGEBIED.naam} (${WERKGEBIED.code})`).check();
    await f.getByLabel('Maximale duur (maanden)').fill('3');

    // the course
    assert.equal(await f.getByLabel('Geen proefperiode').isChecked(), true);
    await f.getByRole('group', { name: 'Afspraken', exact: true }).getByLabel('Afsprakenfase zonder handtekeningen').check();
    await duur(f.getByRole('group', { name: 'Maximale duur', exact: true }), 10, 'weken');
    await f.getByRole('group', { name: 'Verlengen', exact: true }).getByLabel('Toegestaan', { exact: true }).check();
    const eerste = regel(1);
    await eerste.getByLabel('Soort gesprek').selectOption('tussentijdse-evaluatie');
    await eerste.getByLabel('Telt vanaf de fase').selectOption('kennismaking');
    await duur(eerste.getByRole('group', { name: 'Eerste gesprek na' }), 3, 'weken');
    await duur(eerste.getByRole('group', { name: 'Daarna elke' }), 3, 'weken');
    await eerste.getByLabel('Elke kant apart').check();

    // a second rule, added from the keyboard, counting from a trial this programme does not have
    await f.getByRole('button', { name: 'Gesprek toevoegen' }).focus();
    await page.keyboard.press('Enter');
    const tweede = regel(2);
    await tweede.waitFor();
    assert.equal(await tweede.getByLabel('Soort gesprek').evaluate((e) => e === document.activeElement), true,
      'the new rule takes the focus');
    await tweede.getByLabel('Telt vanaf de fase').selectOption('proefperiode');
    await f.getByRole('button', { name: 'Programma toevoegen' }).click();

    const vanaf = tweede.getByLabel('Telt vanaf de fase');
    await vanaf.and(page.locator('[aria-invalid="true"]')).waitFor();
    const described = (await vanaf.getAttribute('aria-describedby')).split(/\s+/)[0];
    assert.match(await page.locator(`[id="${described}"]`).textContent(), /geen proefperiode/);
    assert.equal(await eerste.getByLabel('Telt vanaf de fase').getAttribute('aria-invalid'), null,
      'the first rule is not marked');
    assert.equal(await vanaf.evaluate((e) => e === document.activeElement), true, 'the invalid field has the focus');
    await shot('koers-fout');

    // at 360px wide the form still fits
    await page.setViewportSize({ width: 360, height: 800 });
    await assertNoHorizontalOverflow(page, 'the programme form at 360px');
    await shot('koers-360');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  step('without the bad rule the programme is saved with its course', async () => {
    const f = form();
    await regel(2).getByRole('button', { name: 'Verwijderen (gesprek 2)' }).click();
    await regel(2).waitFor({ state: 'detached' });
    await f.getByRole('button', { name: 'Programma toevoegen' }).click();
    await expectHeading(page, "Programma's");
    await page.getByRole('status').filter({ hasText: `Programma ${PROGRAMMA} is toegevoegd.` }).waitFor();
    const rij = page.getByRole('row').filter({ hasText: PROGRAMMA });
    await rij.waitFor();
    assert.match(await rij.textContent(), /10 weken/);

    const list = await fetchInPage(page, 'GET', '/programmas');
    const p = list.body.programmas.find((x) => x.naam === PROGRAMMA);
    ids.programma = p.id;
    assert.deepEqual(p.werkgebieden, [WERKGEBIED.code]);
    assert.deepEqual({ ...p.koers, bedenktijd: undefined }, {
      proefperiode: null,
      afspraken: 'niet-getekend',
      proefevaluatieVereist: false,
      bedenktijd: undefined,
      maximaleDuur: { aantal: 10, eenheid: 'weken' },
      maximaleDuurVanaf: 'kennismaking',
      verlenging: true,
      ritme: [{
        soort: 'tussentijdse-evaluatie', vanaf: 'kennismaking', eerste: { aantal: 3, eenheid: 'weken' },
        elke: { aantal: 3, eenheid: 'weken' }, deelname: 'apart', hoogstens: 0,
      }],
    });

    // editing it shows the course as stored
    await page.getByRole('link', { name: `Wijzigen ${PROGRAMMA}` }).click();
    await expectHeading(page, 'Programma wijzigen');
    const edit = page.getByRole('form', { name: 'Programma wijzigen' });
    const maximaal = edit.getByRole('group', { name: 'Maximale duur', exact: true });
    await maximaal.getByLabel('Aantal').waitFor();
    assert.equal(await maximaal.getByLabel('Aantal').inputValue(), '10');
    assert.equal(await maximaal.getByLabel('Eenheid').inputValue(), 'weken');
    assert.equal(await edit.getByRole('group', { name: 'Gesprek 1', exact: true }).getByLabel('Elke kant apart').isChecked(), true);
    assert.equal(await edit.getByRole('group', { name: 'Gesprek 2', exact: true }).count(), 0);
    await logOut(page);
  });

  step('(setup) the coordinator has a vraaggezin and an estafettegezin, and proposes a koppeling in the programme', async () => {
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    ids.vraaggezin = await createGezin(page, {
      naam: 'Gezin Kok',
      rol: 'vraaggezin',
      werkgebied: WERKGEBIED.code,
      leden: [
        { soort: 'volwassene', voornaam: 'Anouk', achternaam: 'Kok', geboortedatum: '1991-06-12' },
        { soort: 'kind', voornaam: 'Mees', geboortedatum: '2019-02-03', steunVoor: true },
      ],
      vraag: { tekst: 'Even op adem komen; Mees speelt graag buiten.' },
      toestemmingen: toestemming('Anouk Kok'),
    });
    ids.estafette = await createGezin(page, {
      naam: 'Gezin Dijkstra',
      rol: 'estafettegezin',
      werkgebied: WERKGEBIED.code,
      leden: [{
        soort: 'volwassene', voornaam: 'Joost', achternaam: 'Dijkstra', geboortedatum: '1975-09-21', vogDatum: plusDagen(vandaag(), -60),
      }],
      aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'], capaciteit: 1 },
      toestemmingen: toestemming('Joost Dijkstra'),
    });
    await setGezinStatus(page, ids.estafette, 'beschikbaar');
    await setGezinStatus(page, ids.vraaggezin, 'wachtend');
    const res = await fetchInPage(page, 'POST', '/koppelingen', {
      body: {
        vraaggezin: ids.vraaggezin, steungezin: ids.estafette, programma: ids.programma, datum: VOORGESTELD,
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.koppeling = res.body.id;
  });

  step('the koppeling page offers only the course’s next phases', async () => {
    await goToHash(page, `#/koppelingen/${ids.koppeling}`);
    await expectHeading(page, 'Gezin Kok en Gezin Dijkstra');
    await waitForLoaded(page);
    assert.deepEqual(await faseKnoppen(), ['Naar kennismaking', 'Stoppen']);

    await region('Fasen').getByRole('button', { name: 'Naar kennismaking', exact: true }).click();
    const f = page.getByRole('form', { name: 'Naar kennismaking', exact: true });
    await f.getByLabel(/^(Datum|Begin)/).fill(KENNISMAKING);
    await f.getByRole('button', { name: 'Naar kennismaking', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'De koppeling is nu in de fase Kennismaking.' }).waitFor();

    // no trial: from kennismaking straight on to the agreements (or stop); the extension sits with them
    assert.deepEqual(await faseKnoppen(), ['Naar contract', 'Stoppen', 'Verlengen']);
    const { body } = await fetchInPage(page, 'GET', `/koppelingen/${ids.koppeling}`);
    assert.deepEqual(body.volgendeFasen, ['contract', 'gestopt']);
    assert.equal((await uiterlijkTot()).trim(), nl(EINDE));
    await shot('koers-koppeling-fasen');
  });

  step('the planned conversations say with whom; one is cancelled with a reason', async () => {
    const evaluaties = region('Evaluaties');
    const titels = await evaluaties.locator('.evaluatie__titel').allTextContents();
    for (const titel of ['Tussentijdse evaluatie met het vraaggezin', 'Tussentijdse evaluatie met het estafettegezin']) {
      assert.equal(titels.filter((t) => t === titel).length, 3, `${titel}: at 3, 6 and 9 weeks (${titels.join(' | ')})`);
    }
    const eerste = plusDagen(KENNISMAKING, 21);
    const kaart = evaluaties.locator('li.evaluatie')
      .filter({ hasText: 'met het vraaggezin' }).filter({ hasText: nl(eerste) });
    assert.equal(await kaart.count(), 1);
    await kaart.getByRole('button', { name: /^Laten vervallen/ }).click();
    const f = page.getByRole('form', { name: 'Tussentijdse evaluatie laten vervallen' });
    await f.getByRole('button', { name: 'Laten vervallen' }).click();
    await f.getByLabel('Reden').and(page.locator('[aria-invalid="true"]')).waitFor();
    await f.getByLabel('Reden').fill('Gezin Kok is die weken op vakantie');
    await f.getByRole('button', { name: 'Laten vervallen' }).click();
    await page.getByRole('status').filter({ hasText: `De tussentijdse evaluatie van ${nl(eerste)} is vervallen.` }).waitFor();

    const vervallen = evaluaties.locator('li.evaluatie--vervallen');
    await vervallen.first().waitFor();
    assert.equal(await vervallen.count(), 1);
    assert.match(await vervallen.textContent(), /met het vraaggezin/);
    assert.match(await vervallen.textContent(), /Vervallen: Gezin Kok is die weken op vakantie/);
    assert.match(await vervallen.textContent(), new RegExp(nl(eerste)));
    await shot('koers-vervallen');
  });

  step('the coordinator extends the koppeling; the new end shows and the rhythm goes on to it', async () => {
    await region('Fasen').getByRole('button', { name: 'Verlengen', exact: true }).click();
    const f = page.getByRole('form', { name: 'Koppeling verlengen' });
    // an end before the current one is refused at the date
    expected.push({ status: 422, path: `/api/v1/koppelingen/${ids.koppeling}/verlengingen` });
    const datum = f.getByLabel('Nieuwe einddatum');
    await datum.fill(plusDagen(EINDE, -7));
    await f.getByLabel('Reden').fill('Samen besloten bij de evaluatie: nog een maand.');
    await f.getByRole('button', { name: 'Verlengen', exact: true }).click();
    await datum.and(page.locator('[aria-invalid="true"]')).waitFor();
    const described = (await datum.getAttribute('aria-describedby')).split(/\s+/)[0];
    assert.match(await page.locator(`[id="${described}"]`).textContent(), /\S/);
    assert.equal((await uiterlijkTot()).trim(), nl(EINDE));
    await datum.fill(VERLENGD);
    await f.getByRole('button', { name: 'Verlengen', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `De koppeling is verlengd tot ${nl(VERLENGD)}.` }).waitFor();
    assert.equal((await uiterlijkTot()).trim(), nl(VERLENGD));
    const verlengd = region('Fasen').locator('ul.verlengingen');
    assert.match(await verlengd.textContent(), new RegExp(`${nl(VERLENGD)}.*nog een maand`));

    const evaluaties = region('Evaluaties');
    const afsluitend = evaluaties.locator('li.evaluatie').filter({ hasText: 'Afsluitend gesprek' });
    assert.match(await afsluitend.textContent(), new RegExp(nl(VERLENGD)));
    // the 12-week conversations with each side now lie within the koppeling; the cancelled one stays cancelled
    const twaalf = evaluaties.locator('li.evaluatie').filter({ hasText: nl(plusDagen(KENNISMAKING, 84)) });
    assert.equal(await twaalf.count(), 2);
    assert.equal(await evaluaties.locator('li.evaluatie--vervallen').count(), 1);
    await shot('koers-verlengd');
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
