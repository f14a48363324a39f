// Browser tests for koppelingen and evaluatiemomenten: starting a koppeling
// from a vraaggezin's page (and the server's reason when it is refused),
// walking the phases with the buttons the page offers (only the legal
// ones), logging the trial evaluation, recording afspraken, signing the
// contract, going lopend with the first tussentijdse evaluatie six months
// ahead, moving and planning evaluations, "Mijn evaluaties" with the
// overdue one first, the list by fase, and contact after closure with
// If-Match.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; the werkgebied
// and the coordinator come in through the command line, the gezinnen
// through the API from inside the logged-in page (as another tab would).
// Everything else happens in headless Chromium as the coordinator.
// Screenshots land in tests/e2e/output/.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel npm test

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, assertNoHorizontalOverflow, expectHeading, fetchInPage, logIn, mainMenu, openPage, unexpected, vandaag, waitForLoaded, waitForLoginPage,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const COORDINATOR = { gebruikersnaam: 'noor', naam: 'Noor Hendriks', password: 'kastanjes-rapen-in-het-wilhelminapark' };
const WERKGEBIED = { code: 'UTR', naam: 'Utrecht' };

// The dates of the phase walk (all in the past).
const VOORGESTELD = '2026-01-02';
const KENNISMAKING = '2026-01-05';
const PROEFPERIODE = '2026-01-31';
const GEHOUDEN = '2026-03-27';
const GETEKEND = '2026-03-27';
const LOPEND = '2026-03-31';

const pad = (n) => String(n).padStart(2, '0');

// `iso` plus `n` calendar months; the day is clamped to the end of a
// shorter month (31 March + 6 months = 30 September).
function plusMaanden(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

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

describe('Koppel koppelingen and evaluaties', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const ids = {};

  const step = stepper(() => server);

  async function shot(name) {
    await page.screenshot({ path: `${OUTPUT_DIR}${name}.png`, fullPage: true });
  }

  const go = (hash) => goToHash(page, hash);

  function region(name) {
    return page.getByRole('region', { name, exact: true });
  }

  // Waits until `locator` carries aria-invalid="true" and returns the text
  // of the first element its aria-describedby points to.
  async function fieldError(locator) {
    await locator.and(page.locator('[aria-invalid="true"]')).first().waitFor();
    const described = (await locator.first().getAttribute('aria-describedby')) || '';
    const first = described.split(/\s+/).filter(Boolean)[0];
    assert.ok(first, 'the invalid field has no aria-describedby');
    return (await page.locator(`[id="${first}"]`).textContent()).trim();
  }

  // The texts of the buttons for the moves the page offers now.
  function faseKnoppen() {
    return region('Fasen').locator('.knoppen--fasen button').allTextContents();
  }

  // The phase marked as current in the timeline.
  function huidigeFase() {
    return region('Fasen').locator('ol.fasen > li[aria-current="step"]');
  }

  // Opens the form for a move with its button and returns the form.
  async function openFaseForm(button, formName) {
    await region('Fasen').getByRole('button', { name: button, exact: true }).first().click();
    const form = page.getByRole('form', { name: formName, exact: true });
    await form.waitFor();
    return form;
  }

  // Moves the koppeling with its button, on `datum`, and waits for the new phase.
  async function move(button, naam, datum) {
    const form = await openFaseForm(button, button);
    await form.getByLabel(/^(Datum|Begin|Gestopt op)/).fill(datum);
    await form.getByRole('button', { name: button, exact: true }).click();
    await page.getByRole('status').filter({ hasText: `De koppeling is nu in de fase ${naam}.` }).waitFor();
    await huidigeFase().filter({ hasText: naam }).waitFor();
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

  step('(setup) a vraaggezin with two children and two steungezinnen with a VOG, made beschikbaar', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    const vog = plusMaanden(vandaag(), -12);

    ids.vraaggezin = await gezin({
      naam: 'Gezin Visser',
      rol: 'vraaggezin',
      watGaatGoed: 'Ilse leest elke avond voor.',
      adres: { straat: 'Oudegracht', huisnummer: '200', plaats: 'Utrecht', gemeente: 'Utrecht' },
      leden: [
        { soort: 'volwassene', voornaam: 'Ilse', achternaam: 'Visser', geboortedatum: '1990-02-11' },
        { soort: 'kind', voornaam: 'Lotte', geboortedatum: '2017-05-14', steunVoor: true },
        { soort: 'kind', voornaam: 'Daan', geboortedatum: '2020-11-02', steunVoor: false },
      ],
      vraag: { tekst: 'Een vaste middag in de week waarop Lotte ergens kan spelen.' },
      toestemmingen: toestemming('Ilse Visser'),
    });
    ids.bos = await gezin({
      naam: 'Gezin Bos',
      rol: 'steungezin',
      adres: { plaats: 'Utrecht', gemeente: 'Utrecht' },
      leden: [{ soort: 'volwassene', voornaam: 'Marco', achternaam: 'Bos', geboortedatum: '1978-08-30', vogDatum: vog }],
      aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'], capaciteit: 1 },
      toestemmingen: toestemming('Marco Bos'),
    });
    ids.mulder = await gezin({
      naam: 'Gezin Mulder',
      rol: 'steungezin',
      adres: { plaats: 'Utrecht', gemeente: 'Utrecht' },
      leden: [{ soort: 'volwassene', voornaam: 'Sanne', achternaam: 'Mulder', geboortedatum: '1982-03-03', vogDatum: vog }],
      aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['za-ochtend'], capaciteit: 1 },
      toestemmingen: toestemming('Sanne Mulder'),
    });
    await setStatus(ids.bos, 'beschikbaar');
    await setStatus(ids.mulder, 'beschikbaar');
    await setStatus(ids.vraaggezin, 'wachtend');
    const kinderen = (await fetchInPage(page, 'GET', `/gezinnen/${ids.vraaggezin}`)).body.leden.filter((l) => l.soort === 'kind');
    ids.lotte = kinderen.find((c) => c.voornaam === 'Lotte').id;
    ids.daan = kinderen.find((c) => c.voornaam === 'Daan').id;
  });

  step('(a) starts a koppeling from the vraaggezin’s page with a beschikbaar steungezin', async () => {
    await go(`#/gezinnen/${ids.vraaggezin}`);
    await expectHeading(page, 'Gezin Visser');
    const starten = region('Koppeling starten');
    await starten.waitFor();
    const form = starten.getByRole('form', { name: 'Nieuwe koppeling voorstellen' });
    await form.waitFor();
    assert.equal(await form.getByLabel('Programma').inputValue(), '1');
    assert.match(await form.getByLabel('Programma').locator('option:checked').textContent(), /Buurtgezinnen/);
    const steungezin = form.getByLabel('Steunbiedend gezin');
    await steungezin.locator(`option[value="${ids.mulder}"]`).waitFor({ state: 'attached' });
    const options = await steungezin.locator('option').allTextContents();
    assert.ok(options.some((o) => o.startsWith('Gezin Bos')), `options: ${options.join(' | ')}`);
    assert.ok(!options.some((o) => o.startsWith('Gezin Visser')), 'the vraaggezin is offered as supporter');

    // The children the support is for: Lotte is ticked, Daan is not.
    const kinderen = form.getByRole('group', { name: 'Voor welke kinderen?' });
    assert.ok(await kinderen.getByLabel(/^Lotte/).isChecked());
    assert.equal(await kinderen.getByLabel(/^Daan/).isChecked(), false);

    // Nothing chosen: the reason sits next to the field.
    await form.getByRole('button', { name: 'Koppeling starten' }).click();
    assert.match(await fieldError(steungezin), /Kies een steunbiedend gezin/);

    await steungezin.selectOption(String(ids.mulder));
    await form.getByLabel('Voorgesteld op').fill(vandaag());
    await shot('koppeling-starten');
    await form.getByRole('button', { name: 'Koppeling starten' }).click();
    await expectHeading(page, 'Gezin Visser en Gezin Mulder');
    ids.eerste = new URL(page.url()).hash.split('/').pop();
    assert.match(ids.eerste, /^\d+$/, `not on a koppeling page: ${page.url()}`);
    await page.getByRole('status').filter({ hasText: 'De koppeling is voorgesteld.' }).waitFor();
    await huidigeFase().filter({ hasText: 'Voorstel' }).waitFor();
    const kop = await page.locator('.koppeling-kop').textContent();
    assert.match(kop, /Buurtgezinnen/);
    assert.match(kop, new RegExp(COORDINATOR.naam));
    assert.match(kop, /Lotte/);
    assert.doesNotMatch(kop, /Daan/);
    assert.equal(await page.locator('.paar').getByRole('link', { name: /Gezin Visser/ }).getAttribute('href'),
      `/#/gezinnen/${ids.vraaggezin}`);
    assert.equal(await page.locator('.paar').getByRole('link', { name: /Gezin Mulder/ }).getAttribute('href'),
      `/#/gezinnen/${ids.mulder}`);
  });

  step('(b) stops a koppeling with a reason; "Anders" needs a toelichting', async () => {
    assert.deepEqual(await faseKnoppen(), ['Naar kennismaking', 'Stoppen']);
    const form = await openFaseForm('Stoppen', 'Koppeling stoppen');
    assert.deepEqual(await form.getByLabel('Reden').locator('option').allTextContents(), [
      'Kies een reden', 'Geen klik', 'Steungezin overbelast', 'Steungezin ziek', 'Steungezin verhuisd',
      'Steungezin wil stoppen', 'Steunstijl past niet', 'Vraaggezin wil stoppen', 'Niet gekozen', 'Doelen bereikt',
      'Professionele hulp nodig', 'Anders',
    ]);
    await form.getByLabel('Gestopt op').fill(vandaag());
    await form.getByLabel('Reden').selectOption('anders');

    expected.push({ status: 422, path: `/api/v1/koppelingen/${ids.eerste}/faseovergangen` });
    await form.getByRole('button', { name: 'Koppeling stoppen' }).click();
    // Stopping is final: a dialog says what will happen first.
    const vraag = page.getByRole('dialog', { name: /^Koppeling .* stoppen\?$/ });
    await vraag.waitFor();
    assert.match(await vraag.textContent(), /met als reden: Anders/);
    assert.match(await vraag.textContent(), /niet opnieuw aan elkaar voorgesteld/);
    await vraag.getByRole('button', { name: 'Koppeling stoppen' }).click();
    const toelichting = form.getByLabel('Toelichting');
    assert.match(await fieldError(toelichting), /anders/i);
    assert.match(await form.getByRole('alert').textContent(), /anders/i);
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUTPUT_DIR}koppeling-stoppen-422.png` });

    await toelichting.fill('Ilse kiest na overleg liever een gezin dichter bij school.');
    await form.getByRole('button', { name: 'Koppeling stoppen' }).click();
    await vraag.getByRole('button', { name: 'Koppeling stoppen' }).click();
    await page.getByRole('status').filter({ hasText: 'De koppeling is nu in de fase Gestopt.' }).waitFor();
    const nu = huidigeFase();
    assert.match(await nu.textContent(), /Gestopt/);
    assert.match(await nu.textContent(), /Anders/);
    assert.deepEqual(await faseKnoppen(), [], 'a stopped koppeling still offers moves');
    await page.getByText('Deze koppeling is gestopt. Er volgt geen fase meer.').waitFor();
    assert.match(await page.locator('.koppeling-kop').textContent(), /dichter bij school/);
    await shot('koppeling-gestopt');
  });

  step('(c) shows the server’s reason when the pair is proposed again, and starts one with the other steungezin', async () => {
    await page.locator('.paar').getByRole('link', { name: /Gezin Visser/ }).click();
    await expectHeading(page, 'Gezin Visser');
    const starten = region('Koppeling starten');
    // The family's koppelingen are listed above the form.
    await starten.getByRole('link', { name: 'Gezin Mulder' }).waitFor();
    const form = starten.getByRole('form', { name: 'Nieuwe koppeling voorstellen' });
    const steungezin = form.getByLabel('Steunbiedend gezin');
    await steungezin.locator(`option[value="${ids.mulder}"]`).waitFor({ state: 'attached' });
    await steungezin.selectOption(String(ids.mulder));

    expected.push({ status: 409, path: '/api/v1/koppelingen' });
    await form.getByRole('button', { name: 'Koppeling starten' }).click();
    const reason = await fieldError(steungezin);
    assert.match(reason, /gestopt/, `reason next to the steungezin: "${reason}"`);
    assert.match(await form.getByRole('alert').textContent(), /gestopt/);
    await starten.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUTPUT_DIR}koppeling-starten-409.png` });

    await steungezin.selectOption(String(ids.bos));
    await form.getByLabel('Voorgesteld op').fill(VOORGESTELD);
    await form.getByRole('button', { name: 'Koppeling starten' }).click();
    await expectHeading(page, 'Gezin Visser en Gezin Bos');
    ids.koppeling = new URL(page.url()).hash.split('/').pop();
    await huidigeFase().filter({ hasText: 'Voorstel' }).waitFor();
    assert.match(await huidigeFase().textContent(), new RegExp(nl(VOORGESTELD)));
  });

  step('(d) moves to kennismaking and proefperiode with the buttons; illegal moves are not offered', async () => {
    assert.deepEqual(await faseKnoppen(), ['Naar kennismaking', 'Stoppen']);
    for (const illegal of ['Naar proefperiode', 'Naar contract', 'Naar lopend', 'Afronden']) {
      assert.equal(await page.getByRole('button', { name: illegal }).count(), 0, `"${illegal}" is offered in voorstel`);
    }
    const kennis = await openFaseForm('Naar kennismaking', 'Naar kennismaking');
    assert.equal(await kennis.getByLabel('Datum van de kennismaking').inputValue(), vandaag(), 'the date is not today by default');
    await kennis.getByRole('button', { name: 'Annuleren' }).click();
    assert.ok(await region('Fasen').getByRole('button', { name: 'Naar kennismaking' })
      .evaluate((b) => b === document.activeElement && b.getAttribute('aria-expanded') === 'false'),
    'cancelling does not return the focus to the button');

    await move('Naar kennismaking', 'Kennismaking', KENNISMAKING);
    assert.match(await huidigeFase().textContent(), new RegExp(`sinds ${nl(KENNISMAKING)}`));
    const bedenktijd = region('Fasen').locator('li.fase--volgende');
    assert.match(await bedenktijd.textContent(), /Proefperiode/);
    assert.match(await bedenktijd.textContent(), new RegExp(`bedenktijd tot ${nl(plusDagen(KENNISMAKING, 7))}`));
    const voorstel = region('Fasen').locator('li.fase--klaar').first();
    assert.match(await voorstel.textContent(), new RegExp(`Voorstel.*${nl(VOORGESTELD)}`));
    assert.deepEqual(await faseKnoppen(), ['Naar proefperiode', 'Stoppen']);
    await shot('koppeling-kennismaking');

    await move('Naar proefperiode', 'Proefperiode', PROEFPERIODE);
    const contract = region('Fasen').locator('li.fase--volgende');
    assert.match(await contract.textContent(), /Contract/);
    assert.match(await contract.textContent(), new RegExp(`proefperiode tot ${nl(plusMaanden(PROEFPERIODE, 2))}`));
    assert.equal(await region('Fasen').locator('li.fase--klaar').count(), 2);
    assert.deepEqual(await faseKnoppen(), ['Naar contract', 'Stoppen']);
    assert.equal(await page.getByRole('button', { name: 'Naar lopend' }).count(), 0);
  });

  step('(e) explains next to the form why the contract cannot start yet', async () => {
    const form = await openFaseForm('Naar contract', 'Naar contract');
    await form.getByText('Er zijn nog geen afspraken vastgelegd').waitFor();
    await form.getByLabel('Getekend op').fill(GETEKEND);
    await form.getByLabel('Datum van het contract').fill(GETEKEND);
    expected.push({ status: 422, path: `/api/v1/koppelingen/${ids.koppeling}/faseovergangen` });
    await form.getByRole('button', { name: 'Naar contract', exact: true }).click();
    const alert = form.getByRole('alert').filter({ hasText: 'Leg eerst minstens één afspraak vast.' });
    await alert.waitFor();
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUTPUT_DIR}koppeling-contract-422.png` });
    await form.getByRole('button', { name: 'Annuleren' }).click();
    await huidigeFase().filter({ hasText: 'Proefperiode' }).waitFor();
  });

  step('(f) logs the trial evaluation through the form: a driegesprek with scores and goals', async () => {
    const evaluaties = region('Evaluaties');
    const kaart = evaluaties.locator('li.evaluatie').filter({ hasText: 'Evaluatie proefperiode' });
    await kaart.waitFor();
    // Planned at the end of the trial, which lies in the past: late, and marked.
    assert.match(await kaart.textContent(), new RegExp(`Gepland op ${nl(plusMaanden(PROEFPERIODE, 2))}`));
    assert.match(await kaart.getAttribute('class'), /evaluatie--te-laat/);
    assert.equal((await kaart.locator('.label').first().textContent()).trim(), 'Te laat');
    assert.match(await kaart.textContent(), /\d+ dagen te laat/);

    await kaart.getByRole('button', { name: /^Vastleggen/ }).click();
    const form = kaart.getByRole('form', { name: 'Evaluatie proefperiode vastleggen' });
    await form.waitFor();
    assert.ok(await form.getByLabel('Gehouden op').evaluate((el) => el === document.activeElement), 'the form did not get the focus');
    await form.getByLabel('Gehouden op').fill(GEHOUDEN);
    const wie = form.getByRole('group', { name: 'Wie waren erbij?' });
    await wie.getByLabel('Vraaggezin (Gezin Visser)').check();
    await wie.getByLabel('Steungezin (Gezin Bos)').check();
    assert.equal(await wie.getByText('Driegesprek').count(), 0, 'two people make a driegesprek');
    await wie.getByLabel('Coördinator').check();
    await wie.getByText('Driegesprek').waitFor();
    await form.getByLabel('Tevredenheid vraaggezin').fill('8');
    await form.getByLabel('Tevredenheid steungezin').fill('11');
    await form.getByRole('group', { name: 'Willen beide gezinnen doorgaan?' }).getByLabel('Doorgaan', { exact: true }).check();
    await form.getByRole('group', { name: 'Hoe gaat het?' }).getByLabel('Soepel').check();
    const doel = form.getByRole('group', { name: 'Doel 1' });
    await doel.getByLabel('Doel', { exact: true }).fill('Lotte heeft een vaste plek om te spelen');
    await doel.getByLabel('Bij de start').fill('3');
    await doel.getByLabel('Nu', { exact: true }).fill('7');
    await form.getByRole('button', { name: 'Doel toevoegen' }).click();
    const doel2 = form.getByRole('group', { name: 'Doel 2' });
    assert.ok(await doel2.getByLabel('Doel', { exact: true }).evaluate((el) => el === document.activeElement));
    await doel2.getByLabel('Doel', { exact: true }).fill('Ilse heeft een middag voor zichzelf');
    await doel2.getByLabel('Bij de start').fill('2');
    await doel2.getByLabel('Nu', { exact: true }).fill('6');
    await form.getByLabel('Notities').fill('Ilse: "Ik kom weer aan mezelf toe." Marco: "Lotte hoort er gewoon bij."');

    // A score of 11 is named next to its field, before anything is sent.
    await form.getByRole('button', { name: 'Evaluatie vastleggen' }).click();
    assert.match(await fieldError(form.getByLabel('Tevredenheid steungezin')), /1 tot en met 10/);
    await form.getByLabel('Tevredenheid steungezin').fill('9');
    await shot('evaluatie-vastleggen');
    await form.getByRole('button', { name: 'Evaluatie vastleggen' }).click();
    await page.getByRole('status').filter({ hasText: 'De evaluatie proefperiode is vastgelegd.' }).waitFor();

    const gehouden = evaluaties.locator('li.evaluatie--gehouden').filter({ hasText: 'Evaluatie proefperiode' });
    await gehouden.waitFor();
    const text = await gehouden.textContent();
    assert.match(text, new RegExp(`Gehouden op ${nl(GEHOUDEN)}`));
    assert.match(text, /Driegesprek/);
    assert.match(text, /vraaggezin 8/);
    assert.match(text, /steungezin 9/);
    assert.match(text, /Lotte heeft een vaste plek om te spelen/);
    assert.match(text, /Ik kom weer aan mezelf toe/);
    assert.equal(await gehouden.getByRole('button', { name: /Vastleggen|Verzetten/ }).count(), 0, 'a held evaluation still offers Vastleggen or Verzetten');
    const rij = gehouden.getByRole('row').filter({ hasText: 'Lotte heeft' });
    assert.deepEqual((await rij.getByRole('cell').allTextContents()).map((c) => c.trim()), ['3', '7']);
    // The verloop of the evaluation shows up in Verloop.
    assert.match(await region('Verloop').textContent(), /Soepel/);
  });

  step('(g) records afspraken (two versions) and signs the contract', async () => {
    const afspraken = region('Afspraken');
    await afspraken.getByText('Er zijn nog geen afspraken vastgelegd.').waitFor();
    await afspraken.getByRole('button', { name: 'Afspraken vastleggen' }).click();
    let form = afspraken.getByRole('form', { name: 'Afspraken vastleggen' });
    await form.getByLabel('Hoe vaak').fill('Elke week');
    await form.getByLabel('Dag en tijd').fill('Woensdag van 13.00 tot 17.00 uur');
    await form.getByLabel('Halen en brengen').fill('Marco haalt Lotte op van school; Ilse haalt haar om 17.00 uur op.');
    await form.getByLabel('Huisregels').fill('Geen snoep voor het eten.');
    await form.getByLabel('Doelen').fill('Lotte heeft een vaste plek om te spelen\nIlse heeft een middag voor zichzelf');
    await form.getByRole('button', { name: 'Afspraken vastleggen' }).click();
    await page.getByRole('status').filter({ hasText: 'De afspraken zijn vastgelegd.' }).waitFor();
    await afspraken.getByText(/^Versie 1/).waitFor();
    assert.match(await afspraken.textContent(), /Woensdag van 13\.00 tot 17\.00 uur/);

    // A new version keeps the old one in the history.
    await afspraken.getByRole('button', { name: 'Nieuwe versie vastleggen' }).click();
    form = afspraken.getByRole('form', { name: 'Nieuwe versie van de afspraken' });
    assert.equal(await form.getByLabel('Hoe vaak').inputValue(), 'Elke week', 'the form does not start from the current version');
    await form.getByLabel('Hoe vaak').fill('Elke week, en één zaterdag per maand');
    await form.getByRole('button', { name: 'Afspraken vastleggen' }).click();
    await afspraken.getByText(/^Versie 2/).waitFor();
    const versies = afspraken.getByRole('table');
    assert.equal(await versies.getByRole('row').count(), 3, 'header and two versions');
    assert.match(await versies.getByRole('row').nth(1).textContent(), /2 \(huidige\).*Noor Hendriks/);
    assert.match(await versies.getByRole('row').nth(2).textContent(), /^1.*Elke week/);
    await afspraken.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUTPUT_DIR}koppeling-afspraken.png` });

    const contract = await openFaseForm('Naar contract', 'Naar contract');
    assert.equal(await contract.getByText('Er zijn nog geen afspraken vastgelegd').count(), 0);
    await contract.getByLabel('Getekend op').fill(GETEKEND);
    await contract.getByLabel('Datum van het contract').fill(GETEKEND);
    await contract.getByRole('button', { name: 'Naar contract', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'De koppeling is nu in de fase Contract.' }).waitFor();
    assert.match(await page.locator('.koppeling-kop').textContent(), new RegExp(`Contract getekend op\\s*${nl(GETEKEND)}`));
    assert.deepEqual(await faseKnoppen(), ['Naar lopend', 'Stoppen']);
  });

  step('(h) moves to lopend and plans the first tussentijdse evaluatie six months ahead', async () => {
    await move('Naar lopend', 'Lopend', LOPEND);
    assert.deepEqual(await faseKnoppen(), ['Afronden', 'Stoppen']);
    const afronding = region('Fasen').locator('li.fase--volgende');
    assert.match(await afronding.textContent(), /Afronding/);
    assert.match(await afronding.textContent(), new RegExp(`uiterlijk ${nl(plusMaanden(KENNISMAKING, 24))}`));

    const gepland = region('Evaluaties').locator('li.evaluatie').filter({ hasText: 'Tussentijdse evaluatie' });
    const eerste = plusMaanden(LOPEND, 6);
    assert.equal(eerste, '2026-09-30', 'the test’s own month arithmetic');
    assert.match(await gepland.first().textContent(), new RegExp(`Gepland op ${nl(eerste)}`));
    assert.match(await gepland.nth(1).textContent(), new RegExp(`Gepland op ${nl(plusMaanden(LOPEND, 12))}`));
    await region('Fasen').scrollIntoViewIfNeeded();
    await shot('koppeling-lopend');
  });

  step('(i) plans an extra evaluation and moves one with a reason', async () => {
    const evaluaties = region('Evaluaties');
    await evaluaties.getByRole('button', { name: 'Evaluatie inplannen' }).click();
    const plan = evaluaties.getByRole('form', { name: 'Evaluatie inplannen' });
    await plan.getByLabel('Soort gesprek').selectOption('voortgangsgesprek');
    assert.equal(await plan.getByLabel('Datum').inputValue(), vandaag());
    await plan.getByRole('button', { name: 'Inplannen' }).click();
    await page.getByRole('status').filter({ hasText: `Voortgangsgesprek is ingepland op ${nl(vandaag())}.` }).waitFor();
    await evaluaties.locator('li.evaluatie--gepland').filter({ hasText: 'Voortgangsgesprek' }).waitFor();

    const later = nl(plusMaanden(LOPEND, 12));
    const kaart = evaluaties.locator('li.evaluatie').filter({ hasText: `Gepland op ${later}` });
    await kaart.getByRole('button', { name: /^Verzetten/ }).click();
    const form = kaart.getByRole('form', { name: 'Tussentijdse evaluatie verzetten' });
    await form.getByLabel('Nieuwe datum').fill('2027-04-14');
    await form.getByRole('button', { name: 'Verzetten' }).click();
    assert.match(await fieldError(form.getByLabel('Reden')), /reden/);
    await form.getByLabel('Reden').fill('Paasvakantie van Gezin Bos');
    await form.getByRole('button', { name: 'Verzetten' }).click();
    await page.getByRole('status').filter({ hasText: 'is verzet naar 14-04-2027' }).waitFor();
    const verzet = evaluaties.locator('li.evaluatie').filter({ hasText: 'Gepland op 14-04-2027' });
    assert.match(await verzet.textContent(), /Verzet: Paasvakantie van Gezin Bos/);
    await evaluaties.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUTPUT_DIR}koppeling-evaluaties.png` });
  });

  step('(j) "Mijn evaluaties" lists the overdue evaluation first, marked, then the next 30 days’', async () => {
    await mainMenu(page).getByRole('link', { name: 'Evaluaties' }).click();
    await expectHeading(page, 'Mijn evaluaties');
    await waitForLoaded(page);
    const h2 = await page.locator('main h2').allTextContents();
    assert.equal(h2[0], 'Te laat', `sections: ${h2.join(' | ')}`);
    assert.match(h2[1], /^Binnen 30 dagen/);

    const first = page.locator('main li.evaluatie').first();
    assert.match(await first.getAttribute('class'), /evaluatie--te-laat/);
    const text = await first.textContent();
    assert.match(text, /Tussentijdse evaluatie/);
    assert.match(text, new RegExp(nl(plusMaanden(LOPEND, 6))));
    assert.match(text, /Te laat/);
    assert.match(text, /dagen te laat/);
    assert.equal(await region('Te laat').locator('li.evaluatie').count(), 1);
    const maand = region(h2[1]);
    assert.match(await maand.textContent(), /Voortgangsgesprek/);
    assert.match(await maand.textContent(), new RegExp(nl(vandaag())));
    await shot('mijn-evaluaties');

    await first.getByRole('link', { name: 'Gezin Visser en Gezin Bos' }).click();
    await expectHeading(page, 'Gezin Visser en Gezin Bos');
    await huidigeFase().filter({ hasText: 'Lopend' }).waitFor();
  });

  step('(k) lists the koppelingen by fase, with links to their pages', async () => {
    await mainMenu(page).getByRole('link', { name: 'Koppelingen' }).click();
    await expectHeading(page, 'Koppelingen');
    const tabel = page.getByRole('table');
    await tabel.waitFor();
    assert.equal(await tabel.getByRole('link').count(), 2);
    assert.match(await tabel.getByRole('row').filter({ hasText: 'Gezin Bos' }).textContent(), new RegExp(`Lopend.*Buurtgezinnen.*${nl(VOORGESTELD)}.*${nl(KENNISMAKING)}`));
    await shot('koppelingen-lijst');

    await page.getByLabel('Fase', { exact: true }).selectOption('gestopt');
    await page.getByRole('status').filter({ hasText: '1 koppeling gevonden.' }).waitFor();
    assert.match(new URL(page.url()).hash, /fase=gestopt/);
    assert.equal(await tabel.getByRole('link', { name: 'Gezin Visser en Gezin Mulder' }).count(), 1);
    assert.equal(await tabel.getByRole('link', { name: 'Gezin Visser en Gezin Bos' }).count(), 0);

    await page.reload();
    await expectHeading(page, 'Koppelingen');
    await page.getByRole('link', { name: 'Gezin Visser en Gezin Mulder' }).waitFor();
    assert.equal(await page.getByLabel('Fase', { exact: true }).inputValue(), 'gestopt');
    await page.getByLabel('Fase', { exact: true }).selectOption('lopend');
    await page.getByRole('link', { name: 'Gezin Visser en Gezin Bos' }).click();
    await expectHeading(page, 'Gezin Visser en Gezin Bos');
  });

  step('(l) closes the koppeling and records contact after closure with If-Match', async () => {
    await huidigeFase().filter({ hasText: 'Lopend' }).waitFor();
    assert.equal(await region('Na de afronding').count(), 0, 'contact after closure is asked before the end');
    const form = await openFaseForm('Afronden', 'Koppeling afronden');
    await form.getByLabel('Datum van de afronding').fill(vandaag());
    await form.getByRole('button', { name: 'Koppeling afronden' }).click();
    await page.getByRole('status').filter({ hasText: 'De koppeling is nu in de fase Afronding.' }).waitFor();
    assert.deepEqual(await faseKnoppen(), []);
    // What fell due later lapses; the closing conversation stays.
    assert.match(await region('Evaluaties').textContent(), /Vervallen/);
    await region('Evaluaties').locator('li.evaluatie--gepland, li.evaluatie--te-laat').filter({ hasText: 'Afsluitend gesprek' }).waitFor();

    const contact = region('Na de afronding');
    await contact.waitFor();
    assert.ok(await contact.getByLabel('Onbekend').isChecked());

    // Someone else records it first: the page explains and shows theirs.
    const current = await fetchInPage(page, 'GET', `/koppelingen/${ids.koppeling}`);
    const changed = await fetchInPage(page, 'PATCH', `/koppelingen/${ids.koppeling}`,
      { body: { contactNaAfloop: 'nee' }, etag: current.etag });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    expected.push({ status: 412, path: `/api/v1/koppelingen/${ids.koppeling}` });
    await contact.getByLabel('Ja').check();
    await contact.getByRole('button', { name: 'Opslaan' }).click();
    await contact.getByRole('alert').filter({ hasText: 'intussen gewijzigd' }).waitFor();
    assert.ok(await contact.getByLabel('Nee').isChecked(), 'the newest value is not shown after 412');

    await contact.getByLabel('Ja').check();
    await contact.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('status').filter({ hasText: 'Contact na afloop: ja.' }).waitFor();
    assert.equal((await fetchInPage(page, 'GET', `/koppelingen/${ids.koppeling}`)).body.contactNaAfloop, 'ja');
    await shot('koppeling-afgerond');
  });

  step('(m) works from the keyboard: a form opens with Enter and takes the focus', async () => {
    // The vraaggezin is afgerond now: no new koppeling is offered.
    await go(`#/gezinnen/${ids.vraaggezin}`);
    await expectHeading(page, 'Gezin Visser');
    await region('Koppeling starten').getByText('Dit gezin is afgerond of gestopt.').waitFor();
    assert.equal(await region('Koppeling starten').getByRole('form').count(), 0);

    await go(`#/koppelingen/${ids.koppeling}`);
    await expectHeading(page, 'Gezin Visser en Gezin Bos');
    const inplannen = region('Evaluaties').getByRole('button', { name: 'Evaluatie inplannen' });
    await inplannen.focus();
    await page.keyboard.press('Enter');
    assert.equal(await inplannen.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.name), 'soort');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Evaluatie inplannen');
    // Escape inside the form closes it and returns to its button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    assert.equal(await inplannen.getAttribute('aria-expanded'), 'false');
    assert.ok(await inplannen.evaluate((b) => b === document.activeElement), 'Escape did not return the focus to the button');
    assert.equal(await region('Evaluaties').getByRole('form', { name: 'Evaluatie inplannen' }).count(), 0);
  });

  step('(n) fits a 360 px wide screen', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const [hash, title] of [
      [`#/koppelingen/${ids.koppeling}`, 'Gezin Visser en Gezin Bos'],
      [`#/koppelingen/${ids.eerste}`, 'Gezin Visser en Gezin Mulder'],
      ['#/koppelingen', 'Koppelingen'],
      ['#/evaluaties', 'Mijn evaluaties'],
      [`#/gezinnen/${ids.vraaggezin}`, 'Gezin Visser'],
    ]) {
      await go(hash);
      await expectHeading(page, title);
      await waitForLoaded(page);
      await assertNoHorizontalOverflow(page, hash);
    }
    await go(`#/koppelingen/${ids.koppeling}`);
    await expectHeading(page, 'Gezin Visser en Gezin Bos');
    await region('Fasen').waitFor();
    await region('Evaluaties').locator('li.evaluatie').first().getByRole('button', { name: /^Vastleggen/ }).click();
    await assertNoHorizontalOverflow(page, 'the evaluation form');
    await shot('koppeling-360');
    await go('#/evaluaties');
    await expectHeading(page, 'Mijn evaluaties');
    await waitForLoaded(page);
    await shot('mijn-evaluaties-360');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  step('(o) an Estafette koppeling speaks of the startgezin and the estafettegezin, also in its stop reasons', async () => {
    const programmas = (await fetchInPage(page, 'GET', '/programmas')).body.programmas;
    const estafette = programmas.find((p) => p.naam === 'Estafette');
    const start = await gezin({
      naam: 'Gezin Smit',
      rol: 'vraaggezin',
      leden: [{ soort: 'volwassene', voornaam: 'Eva', achternaam: 'Smit' }],
      vraag: { tekst: 'Samen de week weer op orde krijgen.' },
      toestemmingen: toestemming('Eva Smit'),
    });
    const estafettegezin = await gezin({
      naam: 'Gezin De Wit',
      rol: 'estafettegezin',
      leden: [{ soort: 'volwassene', voornaam: 'Joost', achternaam: 'de Wit', geboortedatum: '1975-04-04', vogDatum: vandaag() }],
      aanbod: { capaciteit: 1 },
      toestemmingen: toestemming('Joost de Wit'),
    });
    await setStatus(start, 'wachtend');
    await setStatus(estafettegezin, 'beschikbaar');
    const res = await fetchInPage(page, 'POST', '/koppelingen', {
      body: { vraaggezin: start, steungezin: estafettegezin, programma: estafette.id },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await go(`#/koppelingen/${res.body.id}`);
    await expectHeading(page, 'Gezin Smit en Gezin De Wit');
    const paar = page.locator('.paar');
    assert.match(await paar.textContent(), /Startgezin.*Gezin Smit.*Estafettegezin.*Gezin De Wit/);
    const form = await openFaseForm('Stoppen', 'Koppeling stoppen');
    const redenen = await form.getByLabel('Reden').locator('option').allTextContents();
    for (const naam of ['Estafettegezin overbelast', 'Estafettegezin wil stoppen', 'Startgezin wil stoppen', 'Niet gekozen']) {
      assert.ok(redenen.includes(naam), `${naam} is not offered: ${redenen.join(', ')}`);
    }
    assert.ok(!redenen.some((r) => /steungezin|vraaggezin/i.test(r)), redenen.join(', '));
    await shot('koppeling-estafette-woorden');
  });

  step('speaks the users’ language on every koppelingen page', async () => {
    for (const hash of ['#/koppelingen', `#/koppelingen/${ids.koppeling}`, `#/koppelingen/${ids.eerste}`, '#/evaluaties']) {
      await go(hash);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await waitForLoaded(page);
      const text = await page.locator('body').evaluate((b) => b.innerText);
      assert.doesNotMatch(text, /cli[eë]nt|casus|problematiek|stoornis/i, `${hash} uses words the field avoids`);
      assert.doesNotMatch(text, /\b\d{4}-\d{2}-\d{2}\b/, `${hash} shows a date as YYYY-MM-DD`);
    }
  });

  step('reports no console errors, page errors or CSP violations', async () => {
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('stops the daemon with exit code 0', async () => {
    const status = await server.stop();
    assert.equal(status, 0, `koppel exited with status ${status}`);
  });
});
