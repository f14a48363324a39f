// Browser tests for the formal help and the roles of a gezin in the web app
// (issue 13): on the gezin page the formal help is a list (kind and kader
// in words, omvang, contact, van–tot) where an item is added, changed
// (If-Match) and ended, each change kept as an earlier version, with the
// server's refusal at its field; the registration form no longer asks for
// formal help; a vraaggezin also becomes buddy (with its aanbod), the
// buddy role gets its own status, the vraaggezin role cannot end while its
// koppeling runs (refusal at the date), the buddy role ends after a
// confirmation and its period keeps its profile; a supporter that starts
// asking gets the vraaggezin role as its main one and the page rearranges
// around it (formal help, Koppeling starten); the printable inzage page
// shows the formal help with its history and every role period.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test formelehulp.test.mjs

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import { NOT_LOGGED_IN, fetchInPage, logIn, openPage, unexpected, vandaag, waitForLoginPage } from './lib/page.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));
const COORDINATOR = { gebruikersnaam: 'noor', naam: 'Noor Visser', password: 'wandelen-langs-de-vecht-in-juni' };
const WERKGEBIED = { code: 'UTR', naam: 'Utrecht' };

// A date `days` days before today (Europe/Amsterdam), as YYYY-MM-DD.
function dagenGeleden(days) {
  const d = new Date(`${vandaag()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

describe('Formele hulp en rollen in de web-app', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const ids = {};
  const step = stepper(() => server);
  const go = (hash) => goToHash(page, hash);
  const region = (name) => page.getByRole('region', { name, exact: true });

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

  step('(a) formal help: add, refuse at the field, change with its history, end', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    ids.vraag = await createGezin(page, {
      naam: 'Gezin Dekker', rol: 'vraaggezin', werkgebied: WERKGEBIED.code,
      leden: [{ soort: 'volwassene', voornaam: 'Ilse' }, { soort: 'kind', voornaam: 'Bo', geboortedatum: '2020-05-01' }],
      vraag: { tekst: 'Een vaste middag lucht', steunvormen: ['opvang-overdag'], themas: ['verhuizing'] },
      toestemmingen: toestemming('Ilse Dekker'),
    });
    await go(`#/gezinnen/${ids.vraag}`);
    const sectie = region('Formele hulp');
    await sectie.getByText('Er is geen formele hulp vastgelegd.').waitFor();
    // the old single summary is gone from the vraag
    assert.doesNotMatch(await region('Vraag').textContent(), /Formele hulp/);

    const form = sectie.getByRole('form', { name: 'Formele hulp toevoegen' });
    await form.getByLabel('Welke hulp').selectOption({ label: 'Wijkteam / sociaal wijkteam' });
    await form.getByLabel('Kader').selectOption({ label: 'Vrijwillig' });
    await form.getByLabel('Omvang').fill('2 uur per week');
    await form.getByLabel('Organisatie of contactpersoon').fill('Wijkteam Noord, Karin');
    await form.getByLabel('Vanaf').fill(dagenGeleden(60));
    await form.getByLabel('Tot en met').fill(dagenGeleden(90));
    // the server refuses an end before the start; the reason is at "Tot en met"
    expected.push({ status: 400, path: `/api/v1/gezinnen/${ids.vraag}/formele-hulp` });
    await form.getByRole('button', { name: 'Formele hulp toevoegen' }).click();
    const tot = form.getByLabel('Tot en met');
    await page.waitForFunction((f) => f?.getAttribute('aria-invalid') === 'true', await tot.elementHandle());
    assert.match(await form.locator('[data-veld="tot"] .veld__fout').textContent(), /voor de begindatum/);
    await tot.fill('');
    await form.getByRole('button', { name: 'Formele hulp toevoegen' }).click();
    await sectie.getByText('Wijkteam / sociaal wijkteam (vrijwillig) is toegevoegd.').waitFor();

    const item = sectie.getByRole('listitem').filter({ hasText: 'Wijkteam / sociaal wijkteam (vrijwillig)' });
    assert.match(await item.textContent(), /2 uur per week/);
    assert.match(await item.textContent(), /Wijkteam Noord, Karin/);
    assert.match(await item.textContent(), /Nog niet gewijzigd/);

    // change: the form is filled in, only the omvang changes (PATCH with If-Match)
    await item.getByRole('button', { name: /^Wijzigen/ }).click();
    const wijzig = sectie.getByRole('form', { name: 'Wijkteam / sociaal wijkteam (vrijwillig) wijzigen' });
    assert.equal(await wijzig.getByLabel('Omvang').inputValue(), '2 uur per week');
    await wijzig.getByLabel('Omvang').fill('3 uur per week');
    // meanwhile someone else changes the contact: the save is refused (If-Match) and the list reloads
    const fid = (await fetchInPage(page, 'GET', `/gezinnen/${ids.vraag}/formele-hulp`)).body.formeleHulp[0].id;
    const itemPad = `/gezinnen/${ids.vraag}/formele-hulp/${fid}`;
    const anders = await fetchInPage(page, 'PATCH', itemPad,
      { body: { contact: 'Wijkteam Noord, Karin de Wit' }, etag: (await fetchInPage(page, 'GET', itemPad)).etag });
    assert.equal(anders.status, 200, JSON.stringify(anders.body));
    expected.push({ status: 412, path: `/api/v1${itemPad}` });
    await wijzig.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await sectie.getByText('Iemand anders heeft deze formele hulp intussen gewijzigd.', { exact: false }).waitFor();
    await sectie.getByText('Karin de Wit', { exact: false }).waitFor();
    assert.equal((await fetchInPage(page, 'GET', itemPad)).body.omvang, '2 uur per week', 'the stale change was not saved');

    await sectie.getByRole('listitem').filter({ hasText: 'Wijkteam / sociaal wijkteam (vrijwillig)' })
      .getByRole('button', { name: /^Wijzigen/ }).click();
    await wijzig.getByLabel('Omvang').fill('3 uur per week');
    await wijzig.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await sectie.getByText('Wijkteam / sociaal wijkteam (vrijwillig) is gewijzigd.').waitFor();
    const nu = sectie.getByRole('listitem').filter({ hasText: 'Wijkteam / sociaal wijkteam (vrijwillig)' });
    assert.match(await nu.textContent(), /3 uur per week/);
    await nu.getByText('Geschiedenis (2 eerdere versies)').click();
    const eerder = nu.getByRole('region', { name: /Eerdere versies/ });
    assert.match(await eerder.textContent(), /2 uur per week/);
    assert.match(await eerder.textContent(), /Wijkteam Noord, Karin(?! de Wit)/);

    // end it yesterday: it stays in the list as ended
    await nu.getByLabel('Einddatum').fill(dagenGeleden(1));
    await nu.getByRole('button', { name: /^Beëindigen/ }).click();
    await sectie.getByText('Wijkteam / sociaal wijkteam (vrijwillig) is beëindigd.').waitFor();
    const klaar = sectie.getByRole('listitem').filter({ hasText: 'Wijkteam / sociaal wijkteam (vrijwillig)' });
    assert.match(await klaar.textContent(), /Beëindigd/);
    assert.equal(await klaar.getByRole('button', { name: /^Beëindigen/ }).count(), 0);
    assert.match(await klaar.textContent(), /Geschiedenis \(3 eerdere versies\)/);

    const lijst = await fetchInPage(page, 'GET', `/gezinnen/${ids.vraag}/formele-hulp`);
    assert.equal(lijst.body.formeleHulp.length, 1);
    const h = lijst.body.formeleHulp[0];
    assert.deepEqual([h.soort, h.kader, h.omvang, h.contact, h.van, h.tot],
      ['wijkteam', 'vrijwillig', '3 uur per week', 'Wijkteam Noord, Karin de Wit', dagenGeleden(60), dagenGeleden(1)]);
    assert.deepEqual(h.geschiedenis.map((g) => g.omvang), ['2 uur per week', '2 uur per week', '3 uur per week']);
    await sectie.screenshot({ path: `${OUTPUT_DIR}formele-hulp.png` });
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('(b) the registration form points to the section instead of asking for formal help', async () => {
    await go('#/gezinnen/nieuw?kant=vraag');
    await page.getByText('Formele hulp die het gezin al krijgt', { exact: false }).waitFor();
    assert.equal(await page.getByRole('group', { name: 'Is er al formele hulp?' }).count(), 0);
  });

  step('(c) roles: a vraaggezin also becomes buddy, its status, no end while its koppeling runs, the buddy role ends', async () => {
    const d = new Date();
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    ids.steun = await createGezin(page, {
      naam: 'Familie Smit', rol: 'steungezin', werkgebied: WERKGEBIED.code,
      leden: [{ soort: 'volwassene', voornaam: 'Rob', vogDatum: d.toISOString().slice(0, 10) }],
      aanbod: { steunvormen: ['opvang-overdag'], capaciteit: 1 },
      toestemmingen: toestemming('Rob Smit'),
    });
    await setGezinStatus(page, ids.steun, 'beschikbaar');
    await setGezinStatus(page, ids.vraag, 'wachtend');

    await go(`#/gezinnen/${ids.vraag}`);
    const rollen = region('Rollen');
    await rollen.getByRole('heading', { name: 'Vraaggezin', exact: true }).waitFor();
    // one running role: it cannot be ended here
    assert.equal(await rollen.getByRole('button', { name: /^Rol beëindigen/ }).count(), 0);

    await rollen.locator('summary').filter({ hasText: 'Rol toevoegen' }).click(); // unfolds the form
    const nieuw = rollen.getByRole('form', { name: 'Rol toevoegen' });
    await nieuw.getByLabel('Rol').selectOption({ label: 'Buddy' });
    // without any aanbod the server refuses, at the aanbod's first field
    await nieuw.getByLabel('Gezinnen tegelijk').fill('');
    const pad = `/api/v1/gezinnen/${ids.vraag}/rollen`;
    expected.push({ status: 400, path: pad });
    await nieuw.getByRole('button', { name: 'Rol toevoegen' }).click();
    const steun = nieuw.getByRole('group', { name: 'Welke steun biedt het gezin?' });
    await page.waitForFunction((g) => g?.querySelector('input')?.getAttribute('aria-invalid') === 'true',
      await steun.elementHandle());
    assert.match(await steun.locator('.veld__fout').textContent(), /aanbod/);

    await steun.getByRole('checkbox').first().check();
    await nieuw.getByLabel('Gezinnen tegelijk').fill('1');
    await nieuw.getByLabel('Thema’s uit eigen ervaring').fill('verhuizing\nalleenstaand ouderschap');
    await nieuw.getByRole('button', { name: 'Rol toevoegen' }).click();
    await rollen.getByText('Het gezin is nu ook buddy.').waitFor();
    await rollen.getByRole('heading', { name: 'Buddy', exact: true }).waitFor();
    await rollen.getByRole('heading', { name: 'Vraaggezin (hoofdrol)', exact: true }).waitFor();
    // the header names the second role with its own status
    assert.match(await page.locator('.gezin-kop').textContent(), /ook buddy, status: Aangemeld/);
    // the Status section sets the main role's status and says so
    const statusTekst = await region('Status').textContent();
    assert.match(statusTekst, /Huidige status als vraaggezin: Wachtend op koppeling/);
    assert.doesNotMatch(statusTekst, /ook buddy/);
    // the vraag stays, the aanbod is shown next to it
    const va = region('Vraag en aanbod');
    assert.match(await va.textContent(), /Een vaste middag lucht/);
    assert.match(await va.textContent(), /alleenstaand ouderschap/);

    // the buddy role's own status: beschikbaar needs a VOG, refused at the status
    const statusForm = rollen.getByRole('form', { name: 'Status als buddy' });
    await statusForm.getByLabel('Nieuwe status als buddy').selectOption({ label: 'Beschikbaar' });
    const rolId = (await fetchInPage(page, 'GET', `/gezinnen/${ids.vraag}`)).body.rollen.find((r) => r.rol === 'buddy').id;
    expected.push({ status: 422, path: `${pad}/${rolId}` });
    await statusForm.getByRole('button', { name: /^Status wijzigen/ }).click();
    const statusVeld = statusForm.getByLabel('Nieuwe status als buddy');
    await page.waitForFunction((f) => f?.getAttribute('aria-invalid') === 'true', await statusVeld.elementHandle());
    assert.match(await statusForm.locator('[data-veld="status"] .veld__fout').textContent(), /VOG/);
    await statusVeld.selectOption({ label: 'Screening' });
    await statusForm.getByRole('button', { name: /^Status wijzigen/ }).click();
    await rollen.getByText('De status als buddy is nu “Screening”.').waitFor();
    let g = (await fetchInPage(page, 'GET', `/gezinnen/${ids.vraag}`)).body;
    assert.equal(g.rollen.find((r) => r.rol === 'buddy').status, 'screening');
    assert.equal(g.status, 'wachtend', 'the vraaggezin status did not change');

    // a running koppeling as vraaggezin: that role cannot end, the reason at its date
    const k = await fetchInPage(page, 'POST', '/koppelingen',
      { body: { vraaggezin: ids.vraag, steungezin: ids.steun, programma: 1 } });
    assert.equal(k.status, 201, JSON.stringify(k.body));
    await page.reload();
    const vraagRol = rollen.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Vraaggezin (hoofdrol)' }) });
    await vraagRol.getByRole('button', { name: /^Rol beëindigen/ }).click();
    const dialoog = page.getByRole('dialog', { name: 'Rol vraaggezin beëindigen?' });
    await dialoog.waitFor();
    assert.match(await dialoog.textContent(), /eindigt op \d{2}-\d{2}-\d{4}/);
    const vraagRolId = g.rollen.find((r) => r.rol === 'vraaggezin').id;
    expected.push({ status: 422, path: `${pad}/${vraagRolId}` });
    await dialoog.getByRole('button', { name: 'Rol beëindigen' }).click();
    const eind = vraagRol.getByLabel('Einddatum als vraaggezin');
    await page.waitForFunction((f) => f?.getAttribute('aria-invalid') === 'true', await eind.elementHandle());
    assert.match(await vraagRol.locator('[data-veld="tot"] .veld__fout').textContent(), /koppeling/);
    g = (await fetchInPage(page, 'GET', `/gezinnen/${ids.vraag}`)).body;
    assert.equal(g.rollen.length, 2, 'both roles still run');

    // the buddy role ends after the confirmation; its period keeps the aanbod
    const buddyRol = rollen.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Buddy', exact: true }) });
    await buddyRol.getByRole('button', { name: /^Rol beëindigen/ }).click();
    const dialoog2 = page.getByRole('dialog', { name: 'Rol buddy beëindigen?' });
    await dialoog2.getByRole('button', { name: 'Rol beëindigen' }).click();
    await rollen.getByText('De rol buddy is beëindigd.').waitFor();
    assert.equal(await rollen.getByRole('heading', { name: 'Buddy', exact: true }).count(), 0);
    const rij = rollen.getByRole('row').filter({ hasText: 'Buddy' });
    assert.match(await rij.textContent(), /Screening/);
    await rij.getByText('Profiel').click();
    assert.match(await rij.textContent(), /alleenstaand ouderschap/);
    g = (await fetchInPage(page, 'GET', `/gezinnen/${ids.vraag}`)).body;
    assert.equal(g.rollen.length, 1);
    assert.equal(g.vraag.tekst, 'Een vaste middag lucht');
    await rollen.screenshot({ path: `${OUTPUT_DIR}rollen.png` });
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('(d) a supporter that starts asking: the vraaggezin role becomes the main one and the page rearranges', async () => {
    await go(`#/gezinnen/${ids.steun}`);
    const rollen = region('Rollen');
    await rollen.getByRole('heading', { name: 'Steungezin', exact: true }).waitFor();
    assert.equal(await region('Formele hulp').count(), 0, 'no formal help on a supporter without a vraag');
    await rollen.locator('summary').filter({ hasText: 'Rol toevoegen' }).click();
    const nieuw = rollen.getByRole('form', { name: 'Rol toevoegen' });
    assert.deepEqual(await nieuw.getByLabel('Rol').locator('option').allTextContents(), ['Vraaggezin']);
    await nieuw.getByLabel('De vraag, in de woorden van het gezin').fill('Zelf even steun nu Rob ziek is');
    await nieuw.getByRole('button', { name: 'Rol toevoegen' }).click();
    await rollen.getByText('Het gezin is nu ook vraaggezin.').waitFor();
    await rollen.getByRole('heading', { name: 'Vraaggezin (hoofdrol)', exact: true }).waitFor();
    await rollen.getByRole('heading', { name: 'Steungezin', exact: true }).waitFor();
    // the page now has the sections of an asking family, with the aanbod kept beside the new vraag
    await region('Formele hulp').getByText('Er is geen formele hulp vastgelegd.').waitFor();
    await region('Koppeling starten').waitFor();
    const va = await region('Vraag en aanbod').textContent();
    assert.match(va, /Zelf even steun nu Rob ziek is/);
    assert.match(va, /Koppelingen tegelijk/);
    const g = (await fetchInPage(page, 'GET', `/gezinnen/${ids.steun}`)).body;
    assert.equal(g.rol, 'vraaggezin');
    assert.deepEqual(g.rollen.map((r) => r.rol).sort(), ['steungezin', 'vraaggezin']);
    assert.equal(g.aanbod.capaciteit, 1);
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('(e) the inzage page shows the formal help with its history and every role period', async () => {
    await go(`#/gezinnen/${ids.vraag}/inzage`);
    const hulp = region('Hulp van instanties');
    await hulp.getByRole('heading', { name: 'Wijkteam / sociaal wijkteam (vrijwillig)' }).waitFor();
    const hulpTekst = await hulp.textContent();
    assert.match(hulpTekst, /3 uur per week/);
    assert.match(hulpTekst, /Wijkteam Noord, Karin de Wit/);
    assert.match(hulpTekst, /Gestopt/);
    assert.match(await hulp.getByRole('region', { name: /Eerdere versies/ }).textContent(), /2 uur per week/);

    const rollen = region('Rollen en status door de tijd');
    const tabel = rollen.getByRole('region', { name: 'Rollen', exact: true });
    assert.equal(await tabel.getByRole('row').filter({ hasText: 'Buddy' }).count(), 1);
    assert.equal(await tabel.getByRole('row').filter({ hasText: 'Vraaggezin' }).count(), 1);
    const profiel = rollen.locator('.inzage__profiel').filter({ hasText: 'Zoals het was als buddy' });
    assert.match(await profiel.textContent(), /alleenstaand ouderschap/);
    await page.emulateMedia({ media: 'print' });
    await hulp.screenshot({ path: `${OUTPUT_DIR}inzage-formele-hulp.png` });
    await rollen.screenshot({ path: `${OUTPUT_DIR}inzage-rollen.png` });
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
