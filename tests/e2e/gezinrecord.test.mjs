// Browser tests for the family record (issue: nothing recorded is lost, a
// zorgsignaal reaches someone): a coordinator edits the vraag text in the
// web app and the themes, interests and support style the form shows stay,
// so the candidate's score in the suggestions does not change; a
// zorgsignaal in the logboek appears on the dashboard of the werkgebied's
// leidinggevende (marked by the beheerder on the users screen) until the
// follow-up is recorded there.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test gezinrecord.test.mjs

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import { fetchInPage, logIn, logOut, openPage, vandaag, waitForLoginPage } from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, setGezinStatus, stepper, toestemming } from './lib/suite.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';

const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

const BEHEERDER = { gebruikersnaam: 'bea', naam: 'Bea Beheer', password: 'zonnebloemen-in-de-vensterbank' };
const COORDINATOR = { gebruikersnaam: 'lotte', naam: 'Lotte Leiding', password: 'fietsen-langs-de-eem-in-mei' };
const WERKGEBIED = { code: 'AMF', naam: 'Amersfoort' };

describe('Koppel gezinsdossier', () => {
  let server;
  let browser;
  let page;
  const ids = {};

  const step = stepper(() => server);
  const go = (hash) => goToHash(page, hash);

  before(async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await offerAllProgrammes(server, WERKGEBIED.code);
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    browser = await launchBrowser();
    ({ page } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function score() {
    const res = await fetchInPage(page, 'GET', `/gezinnen/${ids.vraag}/suggesties`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const k = res.body.kandidaten.find((c) => c.gezin.id === ids.steun);
    assert.ok(k, 'the supporter is a candidate');
    return k.score;
  }

  step('(a) the beheerder makes the coordinator leidinggevende on the users screen', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, BEHEERDER.gebruikersnaam, BEHEERDER.password);
    const users = await fetchInPage(page, 'GET', '/gebruikers');
    const lotte = users.body.gebruikers.find((u) => u.gebruikersnaam === COORDINATOR.gebruikersnaam);
    await go(`#/beheer/gebruikers/${lotte.id}`);
    const box = page.getByRole('checkbox', { name: 'Leidinggevende' });
    await box.check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.waitForFunction(async (id) => {
      const r = await fetch(`/api/v1/gebruikers/${id}`, { credentials: 'same-origin' });
      return r.ok && (await r.json()).leidinggevende === true;
    }, lotte.id, { timeout: 5000 });
    await logOut(page);
  });

  step('(b) editing the vraag text keeps the themes, and the score stays', async () => {
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    const d = new Date();
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    const vog = d.toISOString().slice(0, 10);
    ids.vraag = await createGezin(page, {
      naam: 'Gezin Verbeek', rol: 'vraaggezin', werkgebied: WERKGEBIED.code,
      leden: [{ soort: 'volwassene', voornaam: 'Sanne' }, { soort: 'kind', voornaam: 'Mees', geboortedatum: '2019-04-01' }],
      vraag: {
        tekst: 'Af en toe een middag lucht', steunvormen: ['opvang-overdag'],
        themas: ['alleenstaand ouderschap'], interesses: ['koken'], steunstijl: 'activerend',
      },
      toestemmingen: toestemming('Sanne Verbeek'),
    });
    await setGezinStatus(page, ids.vraag, 'wachtend');
    ids.steun = await createGezin(page, {
      naam: 'Familie Hoek', rol: 'steungezin', werkgebied: WERKGEBIED.code,
      leden: [{ soort: 'volwassene', voornaam: 'Jan', vogDatum: vog }],
      aanbod: {
        steunvormen: ['opvang-overdag'], capaciteit: 1, ervaringsthemas: ['alleenstaand ouderschap'],
        interesses: ['koken'], steunstijl: 'activerend',
      },
      toestemmingen: toestemming('Jan Hoek'),
    });
    await setGezinStatus(page, ids.steun, 'beschikbaar');
    const before = await score();

    await go(`#/gezinnen/${ids.vraag}/bewerken`);
    const themas = page.getByLabel('Thema’s uit eigen ervaring');
    await themas.waitFor();
    assert.equal(await themas.inputValue(), 'alleenstaand ouderschap', 'the form shows the themes');
    // the aanbod form (hidden on this side) has an Interesses field of its own
    assert.equal(await page.locator('[data-pointer="/vraag/interesses"]').getByLabel('Interesses').inputValue(), 'koken');
    assert.equal(await page.getByLabel('Gewenste steunstijl').inputValue(), 'activerend');
    await page.getByLabel('De vraag, in de woorden van het gezin').fill('Een vaste middag per week rust');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { name: 'Gezin Verbeek', exact: true }).waitFor();

    const g = await fetchInPage(page, 'GET', `/gezinnen/${ids.vraag}`);
    assert.equal(g.body.vraag.tekst, 'Een vaste middag per week rust');
    assert.deepEqual(g.body.vraag.themas, ['alleenstaand ouderschap']);
    assert.deepEqual(g.body.vraag.interesses, ['koken']);
    assert.equal(g.body.vraag.steunstijl, 'activerend');
    assert.equal(await score(), before, 'the candidate\'s score did not change');
  });

  step('(c) a zorgsignaal is on the leidinggevende\'s dashboard until it is followed up', async () => {
    const res = await fetchInPage(page, 'POST', `/gezinnen/${ids.vraag}/logboek`, {
      body: { soort: 'zorgsignaal', tekst: 'Moeder slaapt al weken slecht' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await go('#/');
    const blok = page.getByRole('region', { name: 'Zorgsignalen om op te volgen', exact: true });
    await blok.getByText('Moeder slaapt al weken slecht').waitFor();
    await page.screenshot({ path: `${OUTPUT_DIR}zorgsignalen.png`, fullPage: true });
    await blok.getByLabel('Wat is er gedaan?').fill('Gebeld met Sanne; huisarts ingeschakeld');
    await blok.getByRole('button', { name: 'Opvolging vastleggen' }).click();
    await blok.getByText('Er staat geen zorgsignaal open.').waitFor();
    const log = await fetchInPage(page, 'GET', `/gezinnen/${ids.vraag}/logboek`);
    const z = log.body.regels.find((r) => r.soort === 'zorgsignaal');
    assert.equal(z.opvolging.door, COORDINATOR.gebruikersnaam);
  });

  step('(d) a kennismaking without consent to share contact details needs a reason in the form', async () => {
    // a family that consented to its registration only
    const zonder = await createGezin(page, {
      naam: 'Gezin Zonder', rol: 'vraaggezin', werkgebied: WERKGEBIED.code,
      leden: [{ soort: 'volwassene', voornaam: 'Ida' }, { soort: 'kind', voornaam: 'Tijn', geboortedatum: '2020-02-02' }],
      vraag: { tekst: 'Een middag in de week' },
      toestemmingen: [{ doel: 'registratie', gegevenOp: vandaag(), gegevenDoor: 'Ida Zonder' }],
    });
    await setGezinStatus(page, zonder, 'wachtend');
    const res = await fetchInPage(page, 'POST', '/koppelingen', {
      body: { vraaggezin: zonder, steungezin: ids.steun, programma: 1 },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await go(`#/koppelingen/${res.body.id}`);
    await page.getByRole('button', { name: 'Naar kennismaking' }).click();
    const reden = page.getByLabel('Zonder toestemming doorgaan: reden');
    await reden.waitFor();
    await page.locator('form').getByRole('button', { name: 'Naar kennismaking' }).click();
    // refused: the form says which family lacks the consent, and the reason field is marked
    await page.getByText('Het vraaggezin (gezin', { exact: false }).first().waitFor();
    assert.equal(await reden.getAttribute('aria-invalid'), 'true');
    let k = await fetchInPage(page, 'GET', `/koppelingen/${res.body.id}`);
    assert.equal(k.body.fase, 'voorstel');
    await reden.fill('Moeder gaf mondeling toestemming; formulier volgt');
    await page.locator('form').getByRole('button', { name: 'Naar kennismaking' }).click();
    await page.getByText('De koppeling is nu in de fase', { exact: false }).waitFor();
    k = await fetchInPage(page, 'GET', `/koppelingen/${res.body.id}`);
    assert.equal(k.body.fase, 'kennismaking');
  });
});
