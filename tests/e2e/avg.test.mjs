// Browser tests for the AVG screens: the inzage page of a gezin
// (#/gezinnen/{id}/inzage), written for the family, with the family's own
// data, its koppeling with the other family named only by its role, and
// who read or changed the record; printed to an A4 PDF without the menus.
// And Beheer > Bewaartermijn (#/beheer/bewaartermijn): the beheerder
// anonymises a gezin that was closed long ago, with a reason and a
// confirmation in a dialog; its name leaves the list and its page then says
// "Geanonimiseerd gezin". A gezin anonymised meanwhile in another tab is
// refused by the server, and the page says so.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database with the default
// retention period (24 months); the werkgebied and the users come in
// through the command line, the gezinnen and the koppeling through the API
// from inside the logged-in page (as another tab would). Everything else
// happens in headless Chromium.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test avg.test.mjs

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, mainMenu, openPage, unexpected, vandaag, waitForLoaded,
  waitForLoginPage,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper } from './lib/suite.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const COORDINATOR = { gebruikersnaam: 'lieke', naam: 'Lieke Dekker', password: 'boterbloemen-aan-de-amstel' };
const BEHEERDER = { gebruikersnaam: 'bart', naam: 'Bart Vos', password: 'archiefkasten-op-zolder-opruimen' };
const WERKGEBIED = { code: 'AMS', naam: 'Amsterdam' };

// The consents a gezin needs to be linked: registration and sharing contact details.
function toestemmingen(door, op = vandaag()) {
  return [{ doel: 'registratie', gegevenOp: op, gegevenDoor: door },
    { doel: 'contactgegevens-delen', gegevenOp: op, gegevenDoor: door }];
}

// A date `months` months before today, as YYYY-MM-DD.
function monthsAgo(months) {
  const d = new Date(`${vandaag()}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

describe('Koppel AVG: inzage and anonymisation', () => {
  let server;
  let browser;
  let page;
  let problems;
  let beheerPage;
  let beheerProblems;
  const expected = [...NOT_LOGGED_IN];
  const beheerExpected = [...NOT_LOGGED_IN];
  const ids = {};

  const step = stepper(() => server);

  const gezin = (body) => createGezin(page, { werkgebied: WERKGEBIED.code, ...body });

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await offerAllProgrammes(server, WERKGEBIED.code);
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(setup) a vraaggezin linked to a steungezin, and two gezinnen closed three years ago', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);

    ids.jansen = await gezin({
      naam: 'Gezin Jansen',
      rol: 'vraaggezin',
      watGaatGoed: 'Mila fietst elke dag zelf naar school.',
      adres: { straat: 'Kinkerstraat', huisnummer: '12', postcode: '1053 DX', plaats: 'Amsterdam', gemeente: 'Amsterdam' },
      leden: [
        { soort: 'volwassene', voornaam: 'Anouk', achternaam: 'Jansen', geboortedatum: '1991-04-08', telefoon: '0611223344' },
        { soort: 'kind', voornaam: 'Mila', geboortedatum: '2018-09-21', steunVoor: true },
      ],
      vraag: { tekst: 'Een vaste middag in de week waarop Mila ergens kan spelen.' },
      toestemmingen: toestemmingen('Anouk Jansen'),
    });
    ids.bakker = await gezin({
      naam: 'Gezin Bakker',
      rol: 'steungezin',
      watGaatGoed: 'Bakker-sterkte: een grote tuin.',
      adres: { straat: 'Bakkerslaan', huisnummer: '3', plaats: 'Amsterdam', gemeente: 'Amsterdam' },
      leden: [{ soort: 'volwassene', voornaam: 'Hendrik', achternaam: 'Bakker', geboortedatum: '1970-01-30',
        telefoon: '0699887766', vogDatum: monthsAgo(6) }],
      aanbod: { steunvormen: ['opvang-overdag'], dagdelen: ['wo-middag'], capaciteit: 1 },
      toestemmingen: toestemmingen('Hendrik Bakker'),
    });
    await setGezinStatus(page, ids.bakker, 'beschikbaar');
    await setGezinStatus(page, ids.jansen, 'wachtend');
    const log = await fetchInPage(page, 'POST', `/gezinnen/${ids.jansen}/logboek`,
      { body: { soort: 'notitie', tekst: 'Kennismakingsgesprek bij Anouk thuis gehad.' } });
    assert.equal(log.status, 201, JSON.stringify(log.body));

    const programmas = (await fetchInPage(page, 'GET', '/programmas')).body.programmas;
    const programma = programmas.find((p) => (p.werkgebieden || []).includes(WERKGEBIED.code)) || programmas[0];
    const koppeling = await fetchInPage(page, 'POST', '/koppelingen',
      { body: { vraaggezin: ids.jansen, steungezin: ids.bakker, programma: programma.id } });
    assert.equal(koppeling.status, 201, JSON.stringify(koppeling.body));
    ids.koppeling = koppeling.body.id;
    const fase = await fetchInPage(page, 'POST', `/koppelingen/${ids.koppeling}/faseovergangen`,
      { body: { naar: 'kennismaking', datum: vandaag() }, etag: koppeling.etag });
    assert.equal(fase.status, 201, JSON.stringify(fase.body));

    // Closed (gestopt) three years ago: past the default retention of 24 months.
    const oud = (naam, voornaam) => gezin({
      naam,
      rol: 'vraaggezin',
      status: 'gestopt',
      aangemeldOp: monthsAgo(38),
      statusDatum: monthsAgo(36),
      adres: { plaats: 'Amsterdam', gemeente: 'Amsterdam' },
      leden: [{ soort: 'volwassene', voornaam, achternaam: naam.replace('Gezin ', '') }],
      vraag: { tekst: 'Hulp bij de verhuizing.' },
      toestemmingen: [{ doel: 'registratie', gegevenOp: monthsAgo(38), gegevenDoor: voornaam }],
    });
    ids.oudeman = await oud('Gezin Oudeman', 'Olga');
    ids.vroeger = await oud('Gezin Vroeger', 'Victor');
  });

  step('(a) the coordinator opens the inzage from the gezin page: its own data, the other family only by its role', async () => {
    await goToHash(page, `#/gezinnen/${ids.jansen}`);
    await expectHeading(page, 'Gezin Jansen');
    await page.getByRole('link', { name: 'Inzage voor het gezin' }).click();
    await expectHeading(page, 'Dit weet Koppel over jullie gezin');
    assert.equal(new URL(page.url()).hash, `#/gezinnen/${ids.jansen}/inzage`);
    await waitForLoaded(page);
    await page.getByRole('region', { name: 'Wie heeft jullie gegevens bekeken of gewijzigd' }).waitFor();

    const text = await page.locator('main').evaluate((m) => m.innerText);
    for (const own of ['Gezin Jansen', 'Anouk', 'Mila', 'Kinkerstraat 12', '0611223344',
      'Mila fietst elke dag zelf naar school.', 'Een vaste middag in de week waarop Mila ergens kan spelen.',
      'Kennismakingsgesprek bij Anouk thuis gehad.', 'Anouk Jansen']) {
      assert.ok(text.includes(own), `the inzage does not show "${own}"`);
    }
    for (const title of ['Jullie gezin', 'Wie er bij jullie gezin horen', 'Jullie vraag', 'Toestemmingen', 'Logboek',
      'Koppelingen', 'Wie heeft jullie gegevens bekeken of gewijzigd']) {
      await page.getByRole('region', { name: title, exact: true }).waitFor();
    }

    // The koppeling: the other family by its role, with the phases walked.
    const koppelingen = page.getByRole('region', { name: 'Koppelingen', exact: true });
    const kop = koppelingen.getByRole('heading', { level: 3, name: /^Koppeling met het steungezin/ });
    await kop.waitFor();
    const koppelingText = await koppelingen.evaluate((s) => s.innerText);
    assert.match(koppelingText, /Voorstel → Kennismaking/);
    assert.match(koppelingText, /Fase nu\s+Kennismaking/);
    // Nothing of the other family: not its name, members, address, phone or texts.
    for (const other of ['Bakker', 'Hendrik', '0699887766', 'Bakkerslaan', 'tuin']) {
      assert.ok(!text.includes(other), `the inzage shows "${other}" of the other family`);
    }

    // Who read or changed it: the coordinator, at least creating and reading the gezin.
    const wie = page.getByRole('region', { name: 'Wie heeft jullie gegevens bekeken of gewijzigd' });
    const rows = await wie.locator('tbody tr').allInnerTexts();
    assert.ok(rows.some((r) => r.includes(COORDINATOR.gebruikersnaam) && r.includes('vastgelegd')), rows.join('\n'));
    assert.ok(rows.some((r) => r.includes(COORDINATOR.gebruikersnaam) && r.includes('bekeken')), rows.join('\n'));
    assert.doesNotMatch(await wie.evaluate((s) => s.innerText), /\b\d{4}-\d{2}-\d{2}\b/);

    // The inzage itself is audited: a second one lists the first.
    const inzage = await fetchInPage(page, 'GET', `/gezinnen/${ids.jansen}/inzage`);
    assert.equal(inzage.status, 200);
    assert.ok(inzage.body.gelezenEnGewijzigd.some((r) => r.actie === 'inzage'), 'the inzage is not audited');
    await page.screenshot({ path: `${OUTPUT_DIR}inzage.png`, fullPage: true });
  });

  step('(b) "Afdrukken" prints the inzage on A4 without the menus and buttons', async () => {
    await page.evaluate(() => {
      window.koppelTestPrinted = false;
      window.print = () => {
        window.koppelTestPrinted = true;
      };
    });
    await page.getByRole('button', { name: 'Afdrukken' }).click();
    assert.equal(await page.evaluate(() => window.koppelTestPrinted), true);

    await page.emulateMedia({ media: 'print' });
    try {
      assert.equal(await mainMenu(page).isVisible(), false, 'the main menu is printed');
      assert.equal(await page.getByRole('navigation', { name: 'Gebruikersmenu' }).isVisible(), false);
      assert.equal(await page.getByRole('button', { name: 'Afdrukken' }).isVisible(), false);
      assert.equal(await page.getByRole('heading', { level: 1, name: 'Dit weet Koppel over jullie gezin' }).isVisible(), true);
      assert.equal(await page.getByRole('region', { name: 'Wie heeft jullie gegevens bekeken of gewijzigd' }).isVisible(), true);
      const pdf = await page.pdf({ path: `${OUTPUT_DIR}inzage-afdruk.pdf`, preferCSSPageSize: true });
      assert.match(pdf.subarray(0, 5).toString('latin1'), /^%PDF-/);
      const mediaBox = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
      assert.ok(mediaBox, 'no page size in the PDF');
      // A4 is 210 × 297 mm: 595 × 842 points.
      const [width, height] = [Number(mediaBox[1]), Number(mediaBox[2])];
      assert.ok(Math.abs(width - 595) < 1 && Math.abs(height - 842) < 1, `the page is ${width} × ${height} points, not A4`);
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  step('(c) the coordinator has no Bewaartermijn screen', async () => {
    await goToHash(page, '#/beheer/bewaartermijn');
    await expectHeading(page, 'Geen toegang');
    assert.equal(await mainMenu(page).getByRole('link', { name: 'Beheer' }).count(), 0);
  });

  step('(d) the beheerder anonymises a gezin closed long ago, with a reason and a confirmation', async () => {
    let context;
    ({ context, page: beheerPage, problems: beheerProblems } = await openPage(browser));
    void context;
    await beheerPage.goto(`${server.url}/`);
    await logIn(beheerPage, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    await mainMenu(beheerPage).getByRole('link', { name: 'Beheer' }).click();
    await beheerPage.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Bewaartermijn' }).click();
    await expectHeading(beheerPage, 'Bewaartermijn');
    await waitForLoaded(beheerPage);
    assert.match(await beheerPage.locator('main').innerText(), /langer dan 24 maanden geleden afgesloten/);

    const lijst = beheerPage.getByRole('region', { name: 'Gezinnen over de bewaartermijn' });
    const rows = () => lijst.locator('tbody tr').allInnerTexts();
    const before = await rows();
    assert.ok(before.some((r) => r.includes('Gezin Oudeman')), before.join('\n'));
    assert.ok(before.some((r) => r.includes('Gezin Vroeger')), before.join('\n'));
    assert.ok(!before.some((r) => /Jansen|Bakker/.test(r)), 'a gezin within the retention period is listed');

    await lijst.getByRole('button', { name: /^Anonimiseren.*Gezin Oudeman$/ }).click();
    const form = beheerPage.getByRole('form', { name: 'Gezin Oudeman anonimiseren' });
    await form.waitFor();
    assert.equal(await beheerPage.evaluate(() => document.activeElement?.textContent), 'Gezin Oudeman anonimiseren');

    // No reason: refused next to the field, nothing sent.
    await form.getByRole('button', { name: 'Anonimiseren', exact: true }).click();
    const reden = form.getByLabel('Reden');
    await reden.and(beheerPage.locator('[aria-invalid="true"]')).waitFor();
    assert.match(await form.innerText(), /Vul een reden in\./);

    // With a reason: a dialog asks once more; cancelling changes nothing.
    await reden.fill('Bewaartermijn verstreken');
    await form.getByRole('button', { name: 'Anonimiseren', exact: true }).click();
    let dialog = beheerPage.getByRole('dialog', { name: 'Gezin Oudeman definitief anonimiseren?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /kan niet ongedaan worden gemaakt/);
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await dialog.waitFor({ state: 'detached' });
    const unchanged = await fetchInPage(beheerPage, 'GET', `/gezinnen/${ids.oudeman}`);
    assert.equal(unchanged.body.naam, 'Gezin Oudeman');

    await form.getByRole('button', { name: 'Anonimiseren', exact: true }).click();
    dialog = beheerPage.getByRole('dialog', { name: 'Gezin Oudeman definitief anonimiseren?' });
    await dialog.getByRole('button', { name: 'Definitief anonimiseren' }).click();
    await beheerPage.getByRole('status').filter({ hasText: 'Gezin Oudeman is geanonimiseerd.' }).waitFor();
    await waitForLoaded(beheerPage);
    const afterRows = await rows();
    assert.ok(!afterRows.some((r) => r.includes('Oudeman')), afterRows.join('\n'));
    assert.ok(afterRows.some((r) => r.includes('Gezin Vroeger')), afterRows.join('\n'));
    await beheerPage.screenshot({ path: `${OUTPUT_DIR}bewaartermijn.png`, fullPage: true });

    // The gezin page now names it "Geanonimiseerd gezin", without its member's name.
    await goToHash(beheerPage, `#/gezinnen/${ids.oudeman}`);
    await expectHeading(beheerPage, 'Geanonimiseerd gezin');
    await waitForLoaded(beheerPage);
    const pageText = await beheerPage.locator('main').innerText();
    assert.ok(!/Oudeman|Olga/.test(pageText), 'the anonymised gezin page still shows a name');
    // The reason is in the audit log, under the beheerder's name.
    const audit = await fetchInPage(beheerPage, 'GET', `/gezinnen/${ids.oudeman}/inzage`);
    assert.ok(audit.body.gelezenEnGewijzigd.some((r) => r.actie === 'anonimiseren' && r.door === BEHEERDER.gebruikersnaam),
      JSON.stringify(audit.body.gelezenEnGewijzigd));
  });

  step('(e) a gezin anonymised meanwhile in another tab: the server refuses and the page says so', async () => {
    await goToHash(beheerPage, '#/beheer/bewaartermijn');
    await expectHeading(beheerPage, 'Bewaartermijn');
    await waitForLoaded(beheerPage);
    const lijst = beheerPage.getByRole('region', { name: 'Gezinnen over de bewaartermijn' });
    await lijst.getByRole('button', { name: /^Anonimiseren.*Gezin Vroeger$/ }).click();
    const form = beheerPage.getByRole('form', { name: 'Gezin Vroeger anonimiseren' });
    await form.getByLabel('Reden').fill('Bewaartermijn verstreken');

    // The other tab.
    const current = await fetchInPage(beheerPage, 'GET', `/gezinnen/${ids.vroeger}`);
    const elsewhere = await fetchInPage(beheerPage, 'POST', `/gezinnen/${ids.vroeger}/anonimisering`,
      { body: { reden: 'Op verzoek van het gezin' }, etag: current.etag });
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));

    await form.getByRole('button', { name: 'Anonimiseren', exact: true }).click();
    await beheerPage.getByRole('dialog').getByRole('button', { name: 'Definitief anonimiseren' }).click();
    await form.getByRole('alert').filter({ hasText: 'Dit gezin is al geanonimiseerd.' }).waitFor();
    beheerExpected.push({ status: 409, path: `/api/v1/gezinnen/${ids.vroeger}/anonimisering` });
    assert.equal(await form.getByRole('button', { name: 'Anonimiseren', exact: true }).isEnabled(), true);
  });

  step('reports no console errors, page errors or CSP violations', async () => {
    assert.deepEqual(unexpected(problems, expected), []);
    assert.deepEqual(unexpected(beheerProblems || [], beheerExpected), []);
  });

  step('stops the daemon with exit code 0', async () => {
    const status = await server.stop();
    assert.equal(status, 0, `koppel exited with status ${status}`);
  });
});
