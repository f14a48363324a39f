// Browser tests for the gezinnen pages: registering a vraaggezin and a
// steungezin through the forms, finding them in the list, the family page
// (strengths before the question, ages, VOG status, logboek, status change
// with the VOG rule) and changing a gezin with If-Match.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; the werkgebied,
// the coordinator and the PC4 postcode table are put in through the command
// line, as an administrator would. Everything else happens in headless
// Chromium as the coordinator. Screenshots land in tests/e2e/output/.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel npm test

import assert from 'node:assert/strict';
import { access, mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, WAIT_MS, assertNoHorizontalOverflow, expectHeading, fetchInPage, logIn, mainMenu, openPage,
  unexpected, waitForLoginPage,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { goToHash, stepper } from './lib/suite.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));
// The PC4 table the repository carries (config/postcodes, see its README).
const PC4_CSV = fileURLToPath(new URL('../../config/postcodes/nl-pc4.csv', import.meta.url));

const COORDINATOR = { gebruikersnaam: 'fatima', naam: 'Fatima Yilmaz', password: 'lange-wandeling-door-het-vondelpark' };
const WERKGEBIED = { code: 'AMS', naam: 'Amsterdam' };

const VRAAGGEZIN = {
  naam: 'Gezin De Vries',
  watGaatGoed: 'Marieke kookt elke dag samen met de kinderen.\nSem is dol op voetballen.',
  netwerk: 'Oma woont in Zaandam en past op woensdag op.',
  vraag: 'Even op adem komen: één middag per week iemand bij wie Sem en Noor kunnen spelen.',
  ouder: { voornaam: 'Marieke', achternaam: 'de Vries', geboortedatum: '1988-04-02', telefoon: '06 12345678', email: 'marieke@example.nl' },
  kinderen: [
    { voornaam: 'Sem', geboortedatum: '2018-09-12' },
    { voornaam: 'Noor', geboortedatum: '2021-03-05' },
  ],
};

const STEUNGEZIN = {
  naam: 'Gezin Jansen',
  watGaatGoed: 'Rustig huis met een grote tuin.',
  netwerk: 'Veel vrienden in de buurt.',
  volwassene: { voornaam: 'Pieter', achternaam: 'Jansen', geboortedatum: '1975-06-20' },
};

// YYYY-MM-DD in Dutch time, `years` years before today.
function dateYearsAgo(years) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date()).map((p) => [p.type, p.value]));
  return `${Number(parts.year) - years}-${parts.month}-${parts.day}`;
}

// Age in whole years on today's date (Dutch time).
function ageOf(birth) {
  const today = dateYearsAgo(0);
  const [y, m, d] = birth.split('-').map(Number);
  const [Y, M, D] = today.split('-').map(Number);
  return Y - y - (M < m || (M === m && D < d) ? 1 : 0);
}

describe('Koppel gezinnen', () => {
  let server;
  let browser;
  let page;
  let problems;
  let lijsten;
  let postcodesImported = false;
  const expected = [...NOT_LOGGED_IN];
  const ids = {};

  const step = stepper(() => server);

  async function shot(name) {
    await page.screenshot({ path: `${OUTPUT_DIR}${name}.png`, fullPage: true });
  }

  const go = (hash) => goToHash(page, hash);

  // The naam of a code in a keuzelijst, as the pages show it.
  function naam(list, code) {
    const item = lijsten[list].find((i) => i.code === code);
    assert.ok(item, `keuzelijst ${list} lacks ${code}`);
    return item.naam;
  }

  // Waits until `locator` carries aria-invalid="true" and returns the text
  // of the first element its aria-describedby points to.
  async function fieldError(locator) {
    await locator.and(page.locator('[aria-invalid="true"]')).waitFor();
    const described = (await locator.getAttribute('aria-describedby')) || '';
    const first = described.split(/\s+/).filter(Boolean)[0];
    assert.ok(first, 'the invalid field has no aria-describedby');
    return (await page.locator(`[id="${first}"]`).textContent()).trim();
  }

  async function isFocused(locator) {
    return locator.evaluate((el) => el === document.activeElement);
  }

  // The text of every h2 on the page, in order.
  function h2Texts() {
    return page.locator('main h2').allTextContents();
  }

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    await access(PC4_CSV);
    await server.importPostcodes(PC4_CSV);
    postcodesImported = true;
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(a) a coördinator registers a vraaggezin with two children; an invalid postcode is named next to its field', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    const keuze = await fetchInPage(page, 'GET', '/keuzelijsten');
    assert.equal(keuze.status, 200, `GET /keuzelijsten answered ${keuze.status}`);
    lijsten = keuze.body;

    await mainMenu(page).getByRole('link', { name: 'Gezinnen' }).click();
    await expectHeading(page, 'Gezinnen');
    await page.getByText('Er zijn nog geen gezinnen.').waitFor();
    await page.getByRole('link', { name: 'Nieuw vraaggezin' }).click();
    await expectHeading(page, 'Nieuw vraaggezin');
    await page.getByLabel('Naam van het gezin').waitFor();

    // Strengths come before the question, in this order of sections.
    const sections = await h2Texts();
    const order = ['Gezin', 'Wat gaat goed en netwerk', 'Adres', 'Leden', 'Vraag', 'Aanmelding', 'Toestemmingen'];
    assert.deepEqual(sections.filter((s) => order.includes(s)), order, `sections: ${sections.join(' | ')}`);
    // The asking side: only the vraaggezin rol, no aanbod.
    const rolOptions = await page.getByLabel('Rol', { exact: true }).locator('option').allTextContents();
    assert.deepEqual(rolOptions, [naam('rollen', 'vraaggezin')]);
    assert.equal(await page.getByRole('region', { name: 'Aanbod', exact: true }).count(), 0, 'the aanbod section is shown');
    assert.equal(await page.getByLabel('Werkgebied').inputValue(), WERKGEBIED.code);

    await page.getByLabel('Naam van het gezin').fill(VRAAGGEZIN.naam);
    await page.getByLabel('Huishouden').selectOption('eenouder');
    await page.getByLabel('Wat gaat goed', { exact: true }).fill(VRAAGGEZIN.watGaatGoed);
    await page.getByLabel('Netwerk', { exact: true }).fill(VRAAGGEZIN.netwerk);
    await page.getByLabel('Straat').fill('Lindengracht');
    await page.getByLabel('Huisnummer').fill('12-2');
    await page.getByLabel('Postcode').fill('1015 K');
    await page.getByLabel('Plaats').fill('Amsterdam');
    await page.getByLabel('Gemeente').selectOption('Amsterdam');

    const ouder = page.getByRole('group', { name: 'Volwassene 1' });
    await ouder.getByLabel('Voornaam').fill(VRAAGGEZIN.ouder.voornaam);
    await ouder.getByLabel('Achternaam').fill(VRAAGGEZIN.ouder.achternaam);
    await ouder.getByLabel('Geboortedatum').fill(VRAAGGEZIN.ouder.geboortedatum);
    await ouder.getByLabel('Telefoon').fill(VRAAGGEZIN.ouder.telefoon);
    await ouder.getByLabel('E-mail').fill(VRAAGGEZIN.ouder.email);
    assert.equal(await ouder.getByLabel('VOG-datum').isVisible(), false, 'a vraaggezin is asked for a VOG');

    for (const [i, kind] of VRAAGGEZIN.kinderen.entries()) {
      await page.getByRole('button', { name: 'Kind toevoegen' }).click();
      const group = page.getByRole('group', { name: `Kind ${i + 1}` });
      assert.ok(await isFocused(group.getByLabel('Voornaam')), 'focus did not move to the new child');
      await group.getByLabel('Voornaam').fill(kind.voornaam);
      await group.getByLabel('Geboortedatum').fill(kind.geboortedatum);
      assert.ok(await group.getByLabel('Woont thuis').isChecked());
      assert.ok(await group.getByLabel('Steun voor dit kind').isChecked());
    }

    const vraag = page.getByRole('region', { name: 'Vraag', exact: true });
    await vraag.getByLabel('De vraag, in de woorden van het gezin').fill(VRAAGGEZIN.vraag);
    await vraag.getByRole('group', { name: 'Welke steun zoekt het gezin?' })
      .getByLabel(naam('steunvormen', 'opvang-overdag')).check();
    const dagdelen = vraag.getByRole('group', { name: 'Wanneer past steun?' });
    assert.equal(await dagdelen.getByRole('checkbox').count(), 28, 'the dagdelen grid is not 7 × 4');
    assert.equal(await dagdelen.getByRole('rowheader').count(), 7);
    await dagdelen.getByLabel('woensdag middag').check();
    await dagdelen.getByLabel('zaterdag ochtend').check();
    await vraag.getByLabel('Hoe vaak?').selectOption('wekelijks');
    await vraag.getByLabel('Een gezin dat niet rookt').check();

    await page.getByLabel('Aangemeld door').selectOption('wijkteam');
    await page.getByLabel('Organisatie').fill('Wijkteam Centrum');
    const registratie = page.getByRole('group', { name: naam('toestemmingDoelen', 'registratie') });
    assert.ok(await registratie.getByRole('checkbox').isChecked(), 'the registratie consent is not ticked');
    await registratie.getByLabel('Gegeven door').fill('Marieke de Vries');
    await shot('gezinnen-nieuw-vraaggezin');

    // The server refuses the postcode; the reason sits next to the field.
    expected.push({ status: 400, path: '/api/v1/gezinnen' }, { status: 422, path: '/api/v1/gezinnen' });
    await page.getByRole('button', { name: 'Gezin aanmelden' }).click();
    const postcode = page.getByLabel('Postcode');
    const reason = await fieldError(postcode);
    assert.ok(reason.length > 0, 'no reason next to the postcode');
    assert.ok(await isFocused(postcode), 'focus is not on the postcode field');
    await page.getByRole('alert').filter({ hasText: 'Niet alles is goed ingevuld' }).waitFor();
    await postcode.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUTPUT_DIR}gezinnen-postcode-fout.png` });

    await postcode.fill('1015 KK');
    await page.getByRole('button', { name: 'Gezin aanmelden' }).click();
    await expectHeading(page, VRAAGGEZIN.naam);
    await page.getByRole('status').filter({ hasText: 'is aangemeld' }).waitFor();
    ids.vraaggezin = new URL(page.url()).hash.split('/').pop();
    assert.match(ids.vraaggezin, /^\d+$/, `not on a family page: ${page.url()}`);
  });

  step('(b) shows strengths before the question, ages, dagdelen and the address on the family page', async () => {
    await go(`#/gezinnen/${ids.vraaggezin}`);
    await expectHeading(page, VRAAGGEZIN.naam);
    await page.getByRole('heading', { level: 2, name: 'Leden' }).waitFor();

    const sections = await h2Texts();
    const at = (text) => sections.indexOf(text);
    assert.ok(at('Wat gaat goed') >= 0 && at('Netwerk') >= 0 && at('Vraag') >= 0, `sections: ${sections.join(' | ')}`);
    assert.ok(at('Wat gaat goed') < at('Vraag') && at('Netwerk') < at('Vraag'),
      `strengths do not come before the question: ${sections.join(' | ')}`);

    const main = page.getByRole('main');
    assert.match(await main.textContent(), /Marieke kookt elke dag/);
    assert.match(await page.getByRole('region', { name: 'Vraag', exact: true }).textContent(), /Even op adem komen/);
    const vraagText = await page.getByRole('region', { name: 'Vraag', exact: true }).textContent();
    assert.match(vraagText, /Woensdag:\s*middag/);
    assert.match(vraagText, new RegExp(naam('steunvormen', 'opvang-overdag').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
    assert.match(await page.locator('.gezin-kop').textContent(), new RegExp(naam('rollen', 'vraaggezin')));
    assert.match(await page.locator('.gezin-kop').textContent(), new RegExp(naam('statussenVraag', 'aangemeld')));

    const leden = page.getByRole('region', { name: 'Leden', exact: true });
    for (const kind of VRAAGGEZIN.kinderen) {
      const row = leden.getByRole('row').filter({ hasText: kind.voornaam });
      assert.equal(await row.getByRole('cell', { name: `${ageOf(kind.geboortedatum)} jaar`, exact: true }).count(), 1,
        `no age for ${kind.voornaam}: ${await row.textContent()}`);
      assert.match(await row.textContent(), /Steun voor dit kind/);
    }
    const ouderRow = leden.getByRole('row').filter({ hasText: 'Marieke de Vries' });
    assert.equal(await ouderRow.getByRole('cell', { name: `${ageOf(VRAAGGEZIN.ouder.geboortedatum)} jaar`, exact: true }).count(), 1);
    assert.equal(await page.getByRole('columnheader', { name: 'VOG' }).count(), 0, 'VOG shown on the asking side');

    const adres = page.getByRole('region', { name: 'Adres en aanmelding', exact: true });
    assert.match(await adres.textContent(), /1015 KK/);
    if (postcodesImported) {
      assert.doesNotMatch(await adres.textContent(), /Postcode onbekend/);
    }
    await shot('gezin-vraaggezin');
  });

  step('(c) adds logboek entries, newest first, with a zorgsignaal marked', async () => {
    const logboek = page.getByRole('region', { name: 'Logboek', exact: true });
    await logboek.getByText('Het logboek is nog leeg.').waitFor();
    await logboek.getByLabel('Soort').selectOption('contact');
    await logboek.getByLabel('Wat is er gedaan of besproken?').fill('Kennismaking bij het gezin thuis. Marieke wil graag starten.');
    await logboek.getByRole('button', { name: 'Toevoegen aan logboek' }).click();
    await page.getByRole('status').filter({ hasText: 'toegevoegd aan het logboek' }).waitFor();
    await logboek.locator('.logregel').first().waitFor();
    assert.match(await logboek.locator('.logregel').first().textContent(), /Kennismaking bij het gezin thuis/);
    assert.match(await logboek.locator('.logregel').first().textContent(), new RegExp(naam('logboekSoorten', 'contact')));

    await logboek.getByLabel('Soort').selectOption('zorgsignaal');
    await logboek.getByLabel('Wat is er gedaan of besproken?').fill('Noor had een blauwe plek; besproken met het wijkteam.');
    await logboek.getByRole('button', { name: 'Toevoegen aan logboek' }).click();
    await page.getByRole('status').filter({ hasText: 'zorgsignaal is vastgelegd' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.logregel').length === 2, null, { timeout: WAIT_MS });
    const first = logboek.locator('.logregel').first();
    assert.match(await first.textContent(), /blauwe plek/, 'the newest entry is not first');
    assert.match(await first.getAttribute('class'), /logregel--zorgsignaal/);
    assert.equal((await first.locator('.label').first().textContent()).trim(), naam('logboekSoorten', 'zorgsignaal'));
    assert.doesNotMatch(await logboek.locator('.logregel').nth(1).getAttribute('class'), /zorgsignaal/);
    await logboek.scrollIntoViewIfNeeded();
    await shot('gezin-logboek');
  });

  step('(c2) adds a toestemming and withdraws it after confirming', async () => {
    const region = page.getByRole('region', { name: 'Toestemmingen', exact: true });
    const doel = naam('toestemmingDoelen', 'anonieme-rapportage');
    await region.getByLabel('Doel').selectOption('anonieme-rapportage');
    await region.getByLabel('Gegeven door').fill('Marieke de Vries');
    await region.getByRole('button', { name: 'Toestemming toevoegen' }).click();
    await page.getByRole('status').filter({ hasText: 'is toegevoegd' }).waitFor();
    const row = region.getByRole('row').filter({ hasText: doel });
    await row.waitFor();
    assert.match(await row.textContent(), /Marieke de Vries/);

    await row.getByRole('button', { name: /Intrekken/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Toestemming intrekken?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Intrekken' }).click();
    await page.getByRole('status').filter({ hasText: 'is ingetrokken' }).waitFor();
    await page.waitForFunction(
      (text) => [...document.querySelectorAll('tr')].some((tr) => tr.textContent.includes(text) &&
        tr.textContent.includes('Ingetrokken op')), doel, { timeout: WAIT_MS },
    );
    // The registratie consent is still in force.
    const registratie = region.getByRole('row').filter({ hasText: naam('toestemmingDoelen', 'registratie') });
    assert.equal(await registratie.getByRole('button', { name: /Intrekken/ }).count(), 1);
    await region.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUTPUT_DIR}gezin-toestemmingen.png` });
  });

  step('(d) registers a steungezin with one adult and a VOG date, and makes it beschikbaar', async () => {
    await go('#/gezinnen');
    await expectHeading(page, 'Gezinnen');
    await page.getByRole('link', { name: 'Nieuw steungezin / buddy / estafettegezin' }).click();
    await expectHeading(page, 'Nieuw steungezin, buddy of estafettegezin');
    await page.getByLabel('Naam van het gezin').waitFor();

    const rolOptions = await page.getByLabel('Rol', { exact: true }).locator('option').evaluateAll(
      (options) => options.map((o) => o.value),
    );
    assert.ok(!rolOptions.includes('vraaggezin'), `the supporting side offers ${rolOptions.join(', ')}`);
    assert.ok(rolOptions.includes('steungezin'));
    assert.equal(await page.getByRole('region', { name: 'Vraag', exact: true }).count(), 0, 'the vraag section is shown');
    const sections = await h2Texts();
    assert.ok(sections.indexOf('Wat gaat goed en netwerk') < sections.indexOf('Aanbod'), `sections: ${sections.join(' | ')}`);

    await page.getByLabel('Rol', { exact: true }).selectOption('steungezin');
    await page.getByLabel('Naam van het gezin').fill(STEUNGEZIN.naam);
    await page.getByLabel('Wat gaat goed', { exact: true }).fill(STEUNGEZIN.watGaatGoed);
    await page.getByLabel('Netwerk', { exact: true }).fill(STEUNGEZIN.netwerk);
    await page.getByLabel('Straat').fill('Rozengracht');
    await page.getByLabel('Huisnummer').fill('40');
    await page.getByLabel('Postcode').fill('1016NB');
    await page.getByLabel('Plaats').fill('Amsterdam');
    await page.getByLabel('Gemeente').selectOption('Amsterdam');

    const volwassene = page.getByRole('group', { name: 'Volwassene 1' });
    await volwassene.getByLabel('Voornaam').fill(STEUNGEZIN.volwassene.voornaam);
    await volwassene.getByLabel('Achternaam').fill(STEUNGEZIN.volwassene.achternaam);
    await volwassene.getByLabel('Geboortedatum').fill(STEUNGEZIN.volwassene.geboortedatum);
    await volwassene.getByLabel('VOG-datum').fill(dateYearsAgo(1));

    const aanbod = page.getByRole('region', { name: 'Aanbod', exact: true });
    await aanbod.getByRole('group', { name: 'Welke steun kan het gezin geven?' })
      .getByLabel(naam('steunvormen', 'opvang-overdag')).check();
    await aanbod.getByRole('group', { name: 'Wanneer is het gezin beschikbaar?' }).getByLabel('woensdag middag').check();
    await aanbod.getByLabel('Hoe vaak?').selectOption('wekelijks');
    assert.equal(await aanbod.getByLabel('Hoeveel koppelingen tegelijk').inputValue(), '1');
    await aanbod.getByLabel('Leeftijd kinderen vanaf').fill('4');
    await aanbod.getByLabel('Leeftijd kinderen tot en met').fill('12');
    await aanbod.getByLabel('Maximale afstand in km').fill('10');
    await aanbod.getByLabel('Steunstijl').selectOption('activerend');
    await aanbod.getByLabel('Interesses').fill('voetbal\nkoken');
    await page.getByRole('group', { name: naam('toestemmingDoelen', 'registratie') })
      .getByLabel('Gegeven door').fill('Pieter Jansen');
    await shot('gezinnen-nieuw-steungezin');

    await page.getByRole('button', { name: 'Gezin aanmelden' }).click();
    await expectHeading(page, STEUNGEZIN.naam);
    ids.steungezin = new URL(page.url()).hash.split('/').pop();
    await page.getByRole('heading', { level: 2, name: 'Aanbod' }).waitFor();

    const sectionsPage = await h2Texts();
    assert.ok(sectionsPage.indexOf('Wat gaat goed') < sectionsPage.indexOf('Aanbod'), `sections: ${sectionsPage.join(' | ')}`);
    const row = page.getByRole('region', { name: 'Leden', exact: true }).getByRole('row').filter({ hasText: 'Pieter Jansen' });
    assert.match(await row.textContent(), /Geldig/, 'the VOG is not shown as valid');
    assert.equal(await row.getByRole('cell', { name: `${ageOf(STEUNGEZIN.volwassene.geboortedatum)} jaar`, exact: true }).count(), 1);

    // Status: aangemeld → beschikbaar.
    const statusBlok = page.getByRole('region', { name: 'Status', exact: true });
    await statusBlok.getByLabel('Nieuwe status').selectOption('beschikbaar');
    await statusBlok.getByRole('button', { name: 'Status wijzigen' }).click();
    const beschikbaar = naam('statussenAanbod', 'beschikbaar');
    await page.getByRole('status').filter({ hasText: `De status is nu “${beschikbaar}”` }).waitFor();
    assert.match(await page.locator('.gezin-kop').textContent(), new RegExp(beschikbaar));
    const history = statusBlok.getByRole('row').filter({ hasText: beschikbaar });
    await history.waitFor();
    assert.match(await history.textContent(), /\d{2}-\d{2}-\d{4}/);
    // For which programmes, by the same rule as the status change (a steungezin: Buurtgezinnen).
    assert.equal((await statusBlok.locator('.beschikbaar-voor').textContent()).trim(), 'Beschikbaar voor: Buurtgezinnen');
    await shot('gezin-steungezin-beschikbaar');
  });

  step('(e) shows the VOG rule next to the status control, and an unknown postcode', async () => {
    // A steunmaatje without a VOG date, with a postcode outside the PC4 table.
    const created = await fetchInPage(page, 'POST', '/gezinnen', {
      body: {
        naam: 'Steunmaatje Bakker',
        rol: 'steunmaatje',
        werkgebied: WERKGEBIED.code,
        watGaatGoed: 'Heeft veel geduld.',
        adres: { straat: 'Singel', huisnummer: '1', postcode: '1010 AB', plaats: 'Amsterdam', gemeente: 'Amsterdam' },
        leden: [{ soort: 'volwassene', voornaam: 'Joke', achternaam: 'Bakker', geboortedatum: '1960-01-15' }],
        aanbod: { steunvormen: ['luisterend-oor'], dagdelen: ['di-avond'], capaciteit: 1 },
        toestemmingen: [{ doel: 'registratie', gegevenOp: dateYearsAgo(0), gegevenDoor: 'Joke Bakker' }],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    ids.maatje = String(created.body.id);

    await go(`#/gezinnen/${ids.maatje}`);
    await expectHeading(page, 'Steunmaatje Bakker');
    const row = page.getByRole('region', { name: 'Leden', exact: true }).getByRole('row').filter({ hasText: 'Joke Bakker' });
    await row.waitFor();
    assert.match(await row.textContent(), /Ontbreekt/);
    if (postcodesImported) {
      await page.getByText('Postcode onbekend: geen afstand te berekenen').waitFor();
    }

    expected.push({ status: 422, path: `/api/v1/gezinnen/${ids.maatje}` });
    const statusBlok = page.getByRole('region', { name: 'Status', exact: true });
    const select = statusBlok.getByLabel('Nieuwe status');
    await select.selectOption('beschikbaar');
    await statusBlok.getByRole('button', { name: 'Status wijzigen' }).click();
    const reason = await fieldError(select);
    assert.match(reason, /VOG/, `reason next to the status: "${reason}"`);
    assert.match(reason, /Joke Bakker/);
    assert.ok(await isFocused(select), 'focus is not on the status field');
    await statusBlok.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUTPUT_DIR}gezin-status-vog-fout.png` });
  });

  step('(f) finds both gezinnen in the list by search and filters, kept in the address', async () => {
    await go('#/gezinnen');
    await expectHeading(page, 'Gezinnen');
    await page.getByRole('table').waitFor();

    await page.getByLabel('Zoeken', { exact: true }).fill('Vries');
    await page.getByLabel('Zoeken', { exact: true }).press('Enter'); // filters apply at once; Enter does not wait
    await page.getByRole('status').filter({ hasText: '1 gezin gevonden' }).waitFor();
    assert.equal(await page.getByRole('link', { name: VRAAGGEZIN.naam }).count(), 1);
    assert.equal(await page.getByRole('link', { name: STEUNGEZIN.naam }).count(), 0);
    assert.match(new URL(page.url()).hash, /^#\/gezinnen\?.*zoek=Vries/);

    // Reloading keeps the search.
    await page.reload();
    await expectHeading(page, 'Gezinnen');
    await page.getByRole('link', { name: VRAAGGEZIN.naam }).waitFor();
    assert.equal(await page.getByLabel('Zoeken', { exact: true }).inputValue(), 'Vries');
    assert.equal(await page.getByRole('link', { name: STEUNGEZIN.naam }).count(), 0);

    // Searching by plaats finds both; the rol filter narrows it down.
    await page.getByLabel('Zoeken', { exact: true }).fill('Amsterdam');
    await page.getByLabel('Zoeken', { exact: true }).press('Enter'); // filters apply at once; Enter does not wait
    await page.getByRole('link', { name: STEUNGEZIN.naam }).waitFor();
    assert.equal(await page.getByRole('link', { name: VRAAGGEZIN.naam }).count(), 1);
    const steunRow = page.getByRole('row').filter({ hasText: STEUNGEZIN.naam });
    assert.match(await steunRow.textContent(), new RegExp(naam('statussenAanbod', 'beschikbaar')));
    assert.match(await steunRow.textContent(), new RegExp(COORDINATOR.naam));
    await shot('gezinnen-lijst');

    await page.getByLabel('Rol', { exact: true }).selectOption('vraaggezin');
    await page.getByLabel('Zoeken', { exact: true }).press('Enter'); // filters apply at once; Enter does not wait
    await page.waitForFunction(() => /rol=vraaggezin/.test(location.hash), null, { timeout: WAIT_MS });
    await page.getByRole('status').filter({ hasText: '1 gezin gevonden' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: VRAAGGEZIN.naam });
    const cells = await row.getByRole('cell').allTextContents();
    // Naam is the row header; the last cell is Wachtdagen: 0 days on the day of registration.
    assert.match(cells.at(-1).trim(), /^\d+$/, `wachtdagen cell: ${cells.join(' | ')}`);
    assert.equal(await page.getByRole('link', { name: STEUNGEZIN.naam }).count(), 0);

    await page.getByRole('link', { name: VRAAGGEZIN.naam }).click();
    await expectHeading(page, VRAAGGEZIN.naam);
  });

  step('(g) pages through a long list with "Volgende"', async () => {
    for (let i = 1; i <= 52; i += 1) {
      const res = await fetchInPage(page, 'POST', '/gezinnen', {
        body: {
          naam: `Proefgezin ${String(i).padStart(2, '0')}`,
          rol: 'vraaggezin',
          werkgebied: WERKGEBIED.code,
          leden: [{ soort: 'volwassene', voornaam: 'Proef' }],
          vraag: { tekst: 'Proef' },
          toestemmingen: [{ doel: 'registratie', gegevenOp: dateYearsAgo(0), gegevenDoor: 'Proef' }],
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    await go('#/gezinnen?zoek=Proefgezin');
    await expectHeading(page, 'Gezinnen');
    await page.getByRole('link', { name: 'Proefgezin 01' }).waitFor();
    const firstPage = await page.getByRole('link', { name: /^Proefgezin/ }).count();
    assert.ok(firstPage < 52, `all ${firstPage} on one page`);
    await page.getByRole('link', { name: 'Volgende' }).click();
    await page.getByRole('link', { name: 'Proefgezin 52' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Proefgezin 01' }).count(), 0);
    assert.match(new URL(page.url()).hash, /na=/);
    assert.match(new URL(page.url()).hash, /zoek=Proefgezin/);
    await page.getByRole('link', { name: 'Eerste pagina' }).click();
    await page.getByRole('link', { name: 'Proefgezin 01' }).waitFor();
  });

  step('(h) changes a gezin with If-Match and explains a conflict', async () => {
    await go(`#/gezinnen/${ids.vraaggezin}/bewerken`);
    await expectHeading(page, `${VRAAGGEZIN.naam} wijzigen`);
    const netwerk = page.getByLabel('Netwerk', { exact: true });
    await netwerk.waitFor();
    assert.equal(await netwerk.inputValue(), VRAAGGEZIN.netwerk);
    assert.equal(await page.getByRole('group', { name: 'Kind 2' }).getByLabel('Voornaam').inputValue(), 'Noor');
    assert.ok(await page.getByRole('region', { name: 'Vraag', exact: true }).getByLabel('woensdag middag').isChecked());
    await netwerk.fill(`${VRAAGGEZIN.netwerk}\nDe buurvrouw haalt Noor soms op.`);
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expectHeading(page, VRAAGGEZIN.naam);
    await page.getByRole('status').filter({ hasText: 'opgeslagen' }).waitFor();
    assert.match(await page.getByRole('region', { name: 'Netwerk', exact: true }).textContent(), /buurvrouw/);
    // The children are still there, with their ids.
    assert.equal(await page.getByRole('row').filter({ hasText: 'Noor' }).count(), 1);

    // Someone else changes the gezin while the form is open.
    await page.getByRole('link', { name: 'Gegevens wijzigen' }).click();
    await expectHeading(page, `${VRAAGGEZIN.naam} wijzigen`);
    await page.getByLabel('Naam van het gezin').waitFor();
    const current = await fetchInPage(page, 'GET', `/gezinnen/${ids.vraaggezin}`);
    assert.ok(current.etag, 'GET /gezinnen/{id} sent no ETag');
    const changed = await fetchInPage(page, 'PATCH', `/gezinnen/${ids.vraaggezin}`,
      { body: { watGaatGoed: 'Marieke heeft een nieuwe baan.' }, etag: current.etag });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));

    expected.push({ status: 412, path: `/api/v1/gezinnen/${ids.vraaggezin}` });
    await page.getByLabel('Huisnummer').fill('14');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('alert').filter({ hasText: 'intussen gewijzigd' }).waitFor();
    await page.waitForFunction(
      () => document.querySelector('textarea[name="watGaatGoed"]')?.value === 'Marieke heeft een nieuwe baan.',
      null, { timeout: WAIT_MS },
    );
    await shot('gezin-wijzigen-412');
  });

  step('(i) fits a 360 px wide screen', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const [hash, title, ready] of [
      ['#/gezinnen', 'Gezinnen', () => page.getByRole('table').waitFor()],
      ['#/gezinnen/nieuw?kant=vraag', 'Nieuw vraaggezin', () => page.getByLabel('Naam van het gezin').waitFor()],
      ['#/gezinnen/nieuw?kant=aanbod', 'Nieuw steungezin, buddy of estafettegezin', () => page.getByLabel('Naam van het gezin').waitFor()],
      [`#/gezinnen/${ids.vraaggezin}`, VRAAGGEZIN.naam, () => page.locator('.logregel').first().waitFor()],
      [`#/gezinnen/${ids.steungezin}`, STEUNGEZIN.naam, () => page.getByRole('region', { name: 'Aanbod', exact: true }).waitFor()],
    ]) {
      await go(hash);
      await expectHeading(page, title);
      await ready();
      await assertNoHorizontalOverflow(page, hash);
    }
    await go('#/gezinnen/nieuw?kant=vraag');
    await page.getByLabel('Naam van het gezin').waitFor();
    await shot('gezinnen-nieuw-vraaggezin-360');
    await go(`#/gezinnen/${ids.vraaggezin}`);
    await page.locator('.logregel').first().waitFor();
    await shot('gezin-vraaggezin-360');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  step('speaks the users’ language on every gezinnen page', async () => {
    for (const hash of ['#/gezinnen', '#/gezinnen/nieuw?kant=vraag', '#/gezinnen/nieuw?kant=aanbod',
      `#/gezinnen/${ids.vraaggezin}`, `#/gezinnen/${ids.steungezin}`, `#/gezinnen/${ids.vraaggezin}/bewerken`]) {
      await go(hash);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('.laden').waitFor({ state: 'detached' });
      const text = await page.locator('body').evaluate((b) => b.innerText);
      assert.doesNotMatch(text, /cli[eë]nt|casus|problematiek|stoornis/i, `${hash} uses words the field avoids`);
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
