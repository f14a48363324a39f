// Browser test for a choice between candidates: the beheerder sets on the
// Beheer screen "Programma's" from how many gezinnen a family chooses per
// voorstel and the programme's words (a wrong number is refused at its
// field); then a coordinator proposes two estafettegezinnen to one
// startgezin as one Estafette voorstel from the startgezin's page, sees
// both candidates on the koppeling page, records the family's choice for
// the second (after a confirmation) and finds the other closed as niet
// gekozen, all in the programme's own words.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; the werkgebied
// and the users come in through the command line, the gezinnen through the
// API from inside the logged-in page. Screenshots land in tests/e2e/output/.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test keuze.test.mjs

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, logOut, openPage, unexpected, vandaag, waitForLoaded,
} from './lib/page.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const BEHEERDER = { gebruikersnaam: 'marit', naam: 'Marit Beheer', password: 'de-waag-op-de-nieuwmarkt' };
const COORDINATOR = { gebruikersnaam: 'jelle', naam: 'Jelle Deventer', password: 'bergkerk-boven-de-brink' };
const WERKGEBIED = { code: 'DEV', naam: 'Deventer' };

const pad = (n) => String(n).padStart(2, '0');

function plusDagen(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

describe('Koppel: a family chooses between candidates', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const step = stepper(() => server);
  const ids = {};

  async function shot(name) {
    await page.screenshot({ path: `${OUTPUT_DIR}${name}.png`, fullPage: true });
  }

  const region = (name) => page.getByRole('region', { name, exact: true });

  // Waits until `locator` is marked invalid and returns the text its aria-describedby points to first.
  async function fieldError(locator) {
    await locator.and(page.locator('[aria-invalid="true"]')).first().waitFor();
    const described = ((await locator.first().getAttribute('aria-describedby')) || '').split(/\s+/).filter(Boolean);
    assert.ok(described.length, 'the invalid field has no aria-describedby');
    return (await page.locator(`[id="${described[0]}"]`).textContent()).trim();
  }

  // The "Ook voorgesteld" part of a koppeling page.
  const ookVoorgesteld = () => page.getByRole('group', { name: 'Ook voorgesteld' });

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    await offerAllProgrammes(server, WERKGEBIED.code);
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('the beheerder sets the number of candidates and the words of a programme on the Beheer screen', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    const list = await fetchInPage(page, 'GET', '/programmas');
    const maatjes = list.body.programmas.find((p) => p.naam === 'Maatjesproject');
    assert.ok(maatjes, list.body.programmas.map((p) => p.naam).join(', '));
    ids.maatjes = maatjes.id;
    const estafette = list.body.programmas.find((p) => p.naam === 'Estafette');
    assert.equal(estafette.kandidaten, 2);
    assert.deepEqual(estafette.woorden, { steun: 'estafettegezin', vraag: 'startgezin', koppeling: 'koppeling' });

    await goToHash(page, '#/beheer/programmas');
    await expectHeading(page, "Programma's");
    const rij = page.getByRole('row').filter({ hasText: 'Estafette' });
    await rij.waitFor();
    assert.match(await rij.textContent(), /Keuze uit 2 gezinnen/);
    await page.getByRole('link', { name: 'Wijzigen Maatjesproject' }).click();
    await expectHeading(page, 'Programma wijzigen');
    await waitForLoaded(page);
    const form = page.getByRole('form', { name: 'Programma wijzigen' });
    const kandidaten = form.getByLabel('Keuze uit hoeveel gezinnen per voorstel');
    await kandidaten.waitFor();
    assert.equal(await kandidaten.inputValue(), '1');
    const steun = form.getByLabel('Zo heet de steunbiedende kant');
    const vraag = form.getByLabel('Zo heet het gezin dat steun vraagt');
    assert.equal(await steun.inputValue(), 'maatje');
    assert.equal(await vraag.inputValue(), 'vraaggezin');

    // four candidates are more than a programme may offer: the server's reason sits at the field
    expected.push({ status: 400, path: `/api/v1/programmas/${ids.maatjes}` },
      { status: 422, path: `/api/v1/programmas/${ids.maatjes}` });
    await kandidaten.fill('4');
    await steun.fill('steunmaatje');
    await vraag.fill('gezin');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    assert.match(await fieldError(kandidaten), /\S/);
    assert.equal(await steun.getAttribute('aria-invalid'), null, 'only the wrong field is marked');
    const ongewijzigd = await fetchInPage(page, 'GET', `/programmas/${ids.maatjes}`);
    assert.equal(ongewijzigd.body.kandidaten, 1);
    await shot('keuze-programma-fout');

    await kandidaten.fill('3');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await expectHeading(page, "Programma's");
    await page.getByRole('status').filter({ hasText: 'Programma Maatjesproject is opgeslagen.' }).waitFor();
    const saved = await fetchInPage(page, 'GET', `/programmas/${ids.maatjes}`);
    assert.equal(saved.body.kandidaten, 3);
    assert.deepEqual(saved.body.woorden, { steun: 'steunmaatje', vraag: 'gezin', koppeling: 'koppeling' });
    assert.match(await page.getByRole('row').filter({ hasText: 'Maatjesproject' }).textContent(), /Keuze uit 3 gezinnen/);
    await logOut(page);
  });

  step('(setup) the coordinator has a startgezin and two beschikbare estafettegezinnen', async () => {
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    ids.start = await createGezin(page, {
      naam: 'Gezin Kaya',
      rol: 'vraaggezin',
      werkgebied: WERKGEBIED.code,
      leden: [
        { soort: 'volwassene', voornaam: 'Selin', achternaam: 'Kaya', geboortedatum: '1990-03-08' },
        { soort: 'kind', voornaam: 'Deniz', geboortedatum: '2020-07-14', steunVoor: true },
      ],
      vraag: { tekst: 'Een paar maanden een vast adres voor Deniz op woensdag.' },
      toestemmingen: toestemming('Selin Kaya'),
    });
    for (const [key, naam, voornaam] of [['eerste', 'Gezin Brink', 'Harm'], ['tweede', 'Gezin Mulder', 'Ria']]) {
      ids[key] = await createGezin(page, {
        naam,
        rol: 'estafettegezin',
        werkgebied: WERKGEBIED.code,
        leden: [{
          soort: 'volwassene', voornaam, achternaam: naam.slice(6), geboortedatum: '1968-10-02',
          vogDatum: plusDagen(vandaag(), -90),
        }],
        aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'], capaciteit: 1 },
        toestemmingen: toestemming(`${voornaam} ${naam.slice(6)}`),
      });
      await setGezinStatus(page, ids[key], 'beschikbaar');
    }
    await setGezinStatus(page, ids.start, 'wachtend');
  });

  step('the coordinator proposes both estafettegezinnen to the startgezin as one voorstel', async () => {
    await goToHash(page, `#/gezinnen/${ids.start}`);
    await expectHeading(page, 'Gezin Kaya');
    const form = region('Koppeling starten').getByRole('form', { name: 'Nieuwe koppeling voorstellen' });
    await form.waitFor();
    await form.getByLabel('Programma').selectOption({ label: 'Estafette' });
    const groep = form.getByRole('group', { name: 'Steunbiedende gezinnen (estafettegezin)' });
    await groep.waitFor();
    const describedBy = (await groep.getAttribute('aria-describedby')).split(/\s+/)[0];
    assert.match(await page.locator(`[id="${describedBy}"]`).textContent(), /Kies tot 2 gezinnen; het startgezin kiest/);
    assert.ok(await form.getByRole('group', { name: 'Voor welke kinderen?' }).getByLabel(/^Deniz/).isChecked());

    // nothing ticked: the reason sits at the group
    await form.getByRole('button', { name: 'Koppeling starten' }).click();
    await groep.getByLabel(/^Gezin Brink/).and(page.locator('[aria-invalid="true"]')).waitFor();
    const fout = (await groep.getAttribute('aria-describedby')).split(/\s+/)[0];
    assert.match(await page.locator(`[id="${fout}"]`).textContent(), /Kies een of meer gezinnen \(tot 2\)/);

    await groep.getByLabel(/^Gezin Brink/).check();
    await groep.getByLabel(/^Gezin Mulder/).check();
    await form.getByLabel('Voorgesteld op').fill(vandaag());
    await shot('keuze-starten');
    await form.getByRole('button', { name: 'Koppeling starten' }).click();
    await expectHeading(page, 'Gezin Kaya en Gezin Brink');
    await page.getByRole('status').filter({ hasText: '2 gezinnen zijn samen voorgesteld. Het startgezin kiest' }).waitFor();
    ids.koppelingBrink = Number(new URL(page.url()).hash.split('/').pop());

    const { body } = await fetchInPage(page, 'GET', `/koppelingen/${ids.koppelingBrink}`);
    assert.equal(body.steungezin.id, ids.eerste);
    assert.equal(body.kandidaten.length, 1);
    assert.equal(body.kandidaten[0].steungezinId, ids.tweede);
    ids.koppelingMulder = body.kandidaten[0].id;
  });

  step('the koppeling page lists both candidates in the programme’s words', async () => {
    await waitForLoaded(page);
    const paar = page.locator('.paar');
    assert.match(await paar.textContent(), /Startgezin.*Gezin Kaya.*Estafettegezin.*Gezin Brink/);
    const ook = ookVoorgesteld();
    await ook.waitFor();
    assert.match(await ook.textContent(), /Gezin Mulder \(nog niet gekozen\)/);
    assert.match(await ook.textContent(), /het startgezin kiest één estafettegezin/);
    // on this candidate, too, moving to kennismaking is the family's choice
    assert.deepEqual(await region('Fasen').locator('.knoppen--fasen button').allTextContents(),
      ['Gekozen: naar kennismaking', 'Stoppen']);
    await shot('keuze-koppeling-voorstel');

    await ook.getByRole('link', { name: 'Gezin Mulder' }).click();
    await expectHeading(page, 'Gezin Kaya en Gezin Mulder');
    assert.equal(Number(new URL(page.url()).hash.split('/').pop()), ids.koppelingMulder);
    await waitForLoaded(page);
    assert.match(await ookVoorgesteld().textContent(), /Gezin Brink \(nog niet gekozen\)/);
  });

  step('the coordinator records the family’s choice for the second; the first closes as niet gekozen', async () => {
    await region('Fasen').getByRole('button', { name: 'Gekozen: naar kennismaking', exact: true }).click();
    const form = page.getByRole('form', { name: 'Gekozen: naar kennismaking', exact: true });
    await form.waitFor();
    assert.match(await form.textContent(), /Het startgezin kiest Gezin Mulder\. Gezin Brink wordt dan gesloten als niet gekozen/);
    await form.getByLabel('Datum van de kennismaking').fill(vandaag());

    // the confirmation: first declined, nothing happens
    await form.getByRole('button', { name: 'Gekozen: naar kennismaking', exact: true }).click();
    let dialoog = page.getByRole('dialog', { name: 'Gezin Mulder gekozen?' });
    await dialoog.waitFor();
    assert.match(await dialoog.textContent(), /Gezin Brink wordt gesloten als niet gekozen/);
    await shot('keuze-bevestigen');
    await dialoog.getByRole('button', { name: 'Annuleren' }).click();
    await dialoog.waitFor({ state: 'detached' });
    assert.equal((await fetchInPage(page, 'GET', `/koppelingen/${ids.koppelingMulder}`)).body.fase, 'voorstel');

    await form.getByRole('button', { name: 'Gekozen: naar kennismaking', exact: true }).click();
    dialoog = page.getByRole('dialog', { name: 'Gezin Mulder gekozen?' });
    await dialoog.getByRole('button', { name: 'Ja, gekozen' }).click();
    await page.getByRole('status').filter({ hasText: 'De koppeling is nu in de fase Kennismaking.' }).waitFor();
    await ookVoorgesteld().filter({ hasText: 'Gezin Brink (niet gekozen)' }).waitFor();
    assert.ok(!(await region('Fasen').locator('.knoppen--fasen button').allTextContents()).includes('Gekozen: naar kennismaking'));
    await shot('keuze-gekozen');

    const brink = await fetchInPage(page, 'GET', `/koppelingen/${ids.koppelingBrink}`);
    assert.equal(brink.body.fase, 'gestopt');
    assert.equal(brink.body.stopReden, 'niet-gekozen');
  });

  step('the candidate not chosen shows as gestopt, niet gekozen, and links to the chosen one', async () => {
    await ookVoorgesteld().getByRole('link', { name: 'Gezin Brink' }).click();
    await expectHeading(page, 'Gezin Kaya en Gezin Brink');
    await waitForLoaded(page);
    const nu = region('Fasen').locator('ol.fasen > li[aria-current="step"]');
    assert.match(await nu.textContent(), /Gestopt/);
    assert.match(await nu.textContent(), /Niet gekozen/);
    assert.match(await page.locator('.koppeling-kop').textContent(), /Reden van stoppen\s*Niet gekozen/);
    assert.match(await ookVoorgesteld().textContent(), /Gezin Mulder \(gekozen, kennismaking\)/);
    assert.match(await page.locator('.paar').textContent(), /Startgezin.*Gezin Kaya.*Estafettegezin.*Gezin Brink/);
    await page.getByText('Deze koppeling is gestopt. Er volgt geen fase meer.').waitFor();
    await shot('keuze-niet-gekozen');
  });

  step('from the suggestions, the one not chosen is proposed again, together with another, to a second startgezin', async () => {
    ids.vos = await createGezin(page, {
      naam: 'Gezin Vos',
      rol: 'vraaggezin',
      werkgebied: WERKGEBIED.code,
      leden: [{ soort: 'volwassene', voornaam: 'Lotte', achternaam: 'Vos', geboortedatum: '1994-01-20' }],
      vraag: { tekst: 'Rust in huis op de middagen.' },
      toestemmingen: toestemming('Lotte Vos'),
    });
    await setGezinStatus(page, ids.vos, 'wachtend');
    ids.derde = await createGezin(page, {
      naam: 'Gezin Smit',
      rol: 'estafettegezin',
      werkgebied: WERKGEBIED.code,
      leden: [{
        soort: 'volwassene', voornaam: 'Kees', achternaam: 'Smit', geboortedatum: '1965-05-05', vogDatum: plusDagen(vandaag(), -30),
      }],
      aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'], capaciteit: 1 },
      toestemmingen: toestemming('Kees Smit'),
    });
    await setGezinStatus(page, ids.derde, 'beschikbaar');

    await goToHash(page, `#/gezinnen/${ids.vos}/suggesties`);
    await expectHeading(page, 'Suggesties voor Gezin Vos');
    await page.getByLabel('Programma').selectOption({ label: 'Estafette' });
    const suggesties = region('Suggesties');
    const suggestie = (naam) => suggesties.locator('li.suggestie')
      .filter({ has: page.getByRole('heading', { name: naam, exact: true }) });
    const samen = suggesties.getByRole('group', { name: 'Keuze voor het startgezin' });
    await samen.waitFor();
    assert.match(await samen.textContent(), /Kies tot 2 gezinnen; het startgezin kiest/);
    const knop = samen.getByRole('button', { name: 'Samen voorstellen' });
    assert.equal(await knop.isDisabled(), true, 'nothing ticked yet');
    await suggestie('Gezin Brink').getByLabel('Samen voorstellen: Gezin Brink').check();
    assert.equal(await knop.isDisabled(), true, 'one is not a choice');
    await suggestie('Gezin Smit').getByLabel('Samen voorstellen: Gezin Smit').check();
    assert.match(await samen.textContent(), /Gekozen: Gezin Brink, Gezin Smit/);
    await shot('keuze-suggesties');
    await knop.click();
    await page.getByRole('dialog', { name: 'Gezinnen samen voorstellen?' })
      .getByRole('button', { name: 'Samen voorstellen' }).click();
    await expectHeading(page, 'Gezin Vos en Gezin Brink');
    await page.getByRole('status').filter({ hasText: '2 gezinnen zijn samen voorgesteld.' }).waitFor();
    await waitForLoaded(page);
    assert.match(await ookVoorgesteld().textContent(), /Gezin Smit \(nog niet gekozen\)/);
  });

  step('reports no console errors, page errors or CSP violations', async () => {
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('stops the daemon with exit code 0', async () => {
    const status = await server.stop();
    assert.equal(status, 0, `koppel exited with status ${status}`);
  });
});
