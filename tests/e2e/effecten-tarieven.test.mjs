// Browser test for Beheer > Tarieven (web/js/tarieven.js): the beheerder
// finds the page in the Beheer menu, a CSV file with bad rows is refused
// with every bad row named by its line and nothing saved, the example file
// is read in, a version is closed and a new version added (listed in order
// of validity), an overlapping version is refused at its field, and the
// effect settings (band, programme costs) are saved.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test effecten-tarieven.test.mjs

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, mainMenu, openPage, unexpected, waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { stepper } from './lib/suite.mjs';

const CSV = fileURLToPath(new URL('../../config/tarieven-voorbeeld.csv', import.meta.url));
const BEHEERDER = { gebruikersnaam: 'bea', naam: 'Bea Beheer', password: 'tulpen-in-de-hortus-van-leiden' };
const KOP = 'code;omschrijving;bedrag;eenheid;bron;bronDatum;betaler;geldigVan;geldigTot;vervanging';

describe('Koppel tarieven (beheer)', () => {
  let server;
  let browser;
  let page;
  let problems;
  const expected = [...NOT_LOGGED_IN];
  const step = stepper(() => server);

  before(async () => {
    server = await startServer();
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('the beheerder opens Tarieven from the Beheer menu', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    await mainMenu(page).getByRole('link', { name: 'Beheer' }).click();
    await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Tarieven' }).click();
    await expectHeading(page, 'Tarieven');
    await waitForLoaded(page);
    await page.getByText('Nog geen tarieven').waitFor();
  });

  step('a CSV file with bad rows names each by its line and saves nothing', async () => {
    expected.push({ status: 422, path: '/api/v1/tarief-imports' });
    const slecht = [
      KOP,
      'mw;Maatschappelijk werker;65,00;uur;Prijslijst;2017-09-01;gemeente-wmo;2017-01-01;;',
      'pleeg;Pleegzorg;42,755;etmaal;Prijslijst;2019-01-01;gemeente-jeugdwet;2019-01-01;;',
      'raad;Onderzoek Raad;3.500,00;week;Prijslijst;2017-09-01;rijk;2017-01-01;;',
    ].join('\n');
    const form = page.getByRole('form', { name: 'CSV inlezen' });
    await form.getByLabel('CSV-bestand').setInputFiles({ name: 'tarieven.csv', mimeType: 'text/csv', buffer: Buffer.from(slecht) });
    await form.getByRole('button', { name: 'Inlezen' }).click();
    const lijst = form.getByRole('list', { name: 'Regels met een fout' });
    await lijst.waitFor();
    const regels = await lijst.getByRole('listitem').allTextContents();
    assert.equal(regels.length, 2, regels.join('\n'));
    assert.match(regels[0], /^Regel 3, kolom bedrag: /);
    assert.match(regels[1], /^Regel 4, kolom eenheid: /);
    assert.match(await page.locator('.melding--fout').textContent(), /niets opgeslagen/);
    const res = await fetchInPage(page, 'GET', '/tarieven');
    assert.equal(res.body.items.length, 0);
    assert.equal(await page.getByText('Nog geen tarieven').count(), 1);
  });

  step('the example file is read in and listed', async () => {
    const form = page.getByRole('form', { name: 'CSV inlezen' });
    await form.getByLabel('CSV-bestand').setInputFiles({ name: 'tarieven-voorbeeld.csv', mimeType: 'text/csv', buffer: await readFile(CSV) });
    await form.getByRole('button', { name: 'Inlezen' }).click();
    await page.getByText('19 tarieven zijn ingelezen uit tarieven-voorbeeld.csv.').waitFor();
    const tabel = page.getByRole('region', { name: /Tarieven, per code/ });
    await tabel.getByRole('cell', { name: 'Ambulante gezinsbegeleiding (jeugdhulp)' }).waitFor();
    assert.equal(await tabel.locator('tbody tr').count(), 19);
    assert.match(await tabel.getByRole('row', { name: /moeder-kindhuis/ }).textContent(), /tarief jeugdhulp verblijf aangehouden/);
  });

  step('a version is closed and a new version added; the list shows both in order', async () => {
    await page.getByRole('button', { name: 'ambulant-gezin geldig vanaf 2019-01-01 wijzigen' }).click();
    let form = page.getByRole('form', { name: 'Versie van ambulant-gezin wijzigen' });
    assert.equal(await form.getByLabel('Bedrag in euro').inputValue(), '86,40');
    await form.getByLabel('Geldig tot en met (leeg: open)').fill('2025-12-31');
    await form.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await page.getByText('De versie van ambulant-gezin is gewijzigd.').waitFor();
    await page.getByRole('button', { name: 'Nieuwe versie van ambulant-gezin' }).click();
    form = page.getByRole('form', { name: 'Nieuwe versie van ambulant-gezin' });
    await form.getByLabel('Bedrag in euro').fill('90,10');
    await form.getByLabel('Geldig vanaf').fill('2026-01-01');
    await form.getByRole('button', { name: 'Tarief opslaan' }).click();
    await page.getByText('Tarief ambulant-gezin is opgeslagen.').waitFor();
    const tabel = page.getByRole('region', { name: /Tarieven, per code/ });
    const rijen = tabel.getByRole('row', { name: /ambulant-gezin/ });
    assert.equal(await rijen.count(), 2);
    assert.match(await rijen.nth(0).textContent(), /€\s?86,40.*2019-01-01 t\/m 2025-12-31/);
    assert.match(await rijen.nth(1).textContent(), /€\s?90,10.*2026-01-01 t\/m open/);
  });

  step('an overlapping version is refused at its field and not saved', async () => {
    expected.push({ status: 422, path: '/api/v1/tarieven' });
    await page.getByRole('button', { name: 'Nieuwe versie van ambulant-gezin' }).first().click();
    const form = page.getByRole('form', { name: 'Nieuwe versie van ambulant-gezin' });
    await form.getByLabel('Geldig vanaf').fill('2025-06-01');
    await form.getByRole('button', { name: 'Tarief opslaan' }).click();
    const fout = form.locator('[data-veld="geldigVan"] .veld__fout');
    await fout.waitFor();
    assert.match(await fout.textContent(), /overlapt/);
    const res = await fetchInPage(page, 'GET', '/tarieven?code=ambulant-gezin');
    assert.equal(res.body.items.length, 2);
  });

  step('the effect settings are saved', async () => {
    const form = page.getByRole('form', { name: 'Effectinstellingen' });
    const band = form.getByLabel('Band "ongeveer gelijk" in euro');
    assert.equal(await band.inputValue(), '500,00');
    await band.fill('250');
    const later = form.getByLabel('Buurtgezinnen: kosten elk later jaar in euro');
    assert.equal(await later.inputValue(), '1150,00');
    await later.fill('1.200,50');
    await form.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await page.getByText('De effectinstellingen zijn opgeslagen.').waitFor();
    const res = await fetchInPage(page, 'GET', '/effect-instellingen');
    assert.equal(res.body.bandCent, 25000);
    const bg = res.body.programmakosten.find((p) => p.naam === 'Buurtgezinnen');
    assert.deepEqual([bg.jaar1Cent, bg.laterCent, bg.perGezin], [315000, 120050, false]);
    const gb = res.body.programmakosten.find((p) => p.naam === 'GezinsBuddy');
    assert.deepEqual([gb.jaar1Cent, gb.laterCent, gb.perGezin], [240000, 240000, true]);
    // a bad amount is refused at its field before anything is sent
    await band.fill('12,345');
    await form.getByRole('button', { name: 'Instellingen opslaan' }).click();
    await form.locator('[data-veld="bandCent"] .veld__fout').getByText(/twee decimalen/).waitFor();
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
