// Browser tests for a trajectory of a professional programme (issue 19,
// point 1): a coordinator's koppelingen list and the koppeling page show the
// gezinscoach where a koppeling shows its steungezin, without an error; the
// family's page lists it; a gezinscoach who logs in is told what they see.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database with a
// werkgebied, a coordinator and a gezinscoach made through the command line.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test gezinscoach.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, logOut, openPage, unexpected, waitForLoaded,
} from './lib/page.mjs';
import { offerAllProgrammes } from './lib/programmas.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, stepper, toestemming } from './lib/suite.mjs';

const COORDINATOR = { gebruikersnaam: 'noor', naam: 'Noor Visser', password: 'wandelen-langs-de-vecht-in-de-zomer' };
const COACH = { gebruikersnaam: 'sem', naam: 'Sem de Coach', password: 'koffie-bij-de-keukentafel-om-negen' };
const COACH2 = { gebruikersnaam: 'lot', naam: 'Lot de Tweede Coach', password: 'thee-drinken-aan-de-waterkant-om-vier' };
const WERKGEBIED = { code: 'UTR', naam: 'Utrecht' };

// The user id of a user, from a login of their own.
async function userId(server, user) {
  const login = await fetch(`${server.url}/api/v1/sessies`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ gebruikersnaam: user.gebruikersnaam, wachtwoord: user.password }),
  });
  const sessie = await login.json();
  assert.equal(login.status, 201, JSON.stringify(sessie));
  return sessie.gebruiker.id;
}

describe('A gezinscoach trajectory in the web app', () => {
  let server;
  let browser;
  let page;
  let problems;
  let trajectId;
  let gezinId;
  let anderGezinId;
  const expected = [...NOT_LOGGED_IN];
  const region = (name) => page.getByRole('region', { name, exact: true });
  const step = stepper(() => server);

  before(async () => {
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await offerAllProgrammes(server, WERKGEBIED.code);
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    await server.addUser({ ...COACH, rol: 'gezinscoach', werkgebieden: [WERKGEBIED.code] });
    await server.addUser({ ...COACH2, rol: 'gezinscoach', werkgebieden: [WERKGEBIED.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(setup) a coordinator proposes a trajectory with the coach', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    await expectHeading(page, 'Overzicht');
    gezinId = await createGezin(page, {
      naam: 'Gezin Bakker', rol: 'vraaggezin', werkgebied: WERKGEBIED.code,
      leden: [{ soort: 'volwassene', voornaam: 'Ria', achternaam: 'Bakker', geboortedatum: '1988-01-01' }],
      vraag: { tekst: 'Grip op de week.' },
      toestemmingen: toestemming('Ria Bakker'),
    });
    const programmas = await fetchInPage(page, 'GET', '/programmas');
    const coach = programmas.body.programmas.find((p) => p.steunSoort === 'professional');
    assert.ok(coach, 'no professional programme');
    // the coach's user id, from the coach's own login
    const login = await fetch(`${server.url}/api/v1/sessies`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ gebruikersnaam: COACH.gebruikersnaam, wachtwoord: COACH.password }),
    });
    const sessie = await login.json();
    assert.equal(login.status, 201, JSON.stringify(sessie));
    const coachId = sessie.gebruiker.id;
    const res = await fetchInPage(page, 'POST', '/koppelingen',
      { body: { vraaggezin: gezinId, programma: coach.id, coach: coachId } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.steungezin, null);
    assert.equal(res.body.coach.naam, COACH.naam);
    trajectId = res.body.id;
    // a family of the same werkgebied whose trajectory has the other coach
    anderGezinId = await createGezin(page, {
      naam: 'Gezin Smit', rol: 'vraaggezin', werkgebied: WERKGEBIED.code,
      leden: [{ soort: 'volwassene', voornaam: 'Kees', achternaam: 'Smit', geboortedatum: '1985-01-01' }],
      vraag: { tekst: 'Ritme in huis.' },
      toestemmingen: toestemming('Kees Smit'),
    });
    const ander = await fetchInPage(page, 'POST', '/koppelingen',
      { body: { vraaggezin: anderGezinId, programma: coach.id, coach: await userId(server, COACH2) } });
    assert.equal(ander.status, 201, JSON.stringify(ander.body));
  });

  step('(a) the koppelingen list names the coach', async () => {
    await goToHash(page, '#/koppelingen');
    await expectHeading(page, 'Koppelingen');
    await waitForLoaded(page);
    const link = page.getByRole('link', { name: `Gezin Bakker en ${COACH.naam}` });
    assert.equal(await link.count(), 1);
  });

  step('(b) the koppeling page shows the coach as the supporter', async () => {
    await goToHash(page, `#/koppelingen/${trajectId}`);
    await expectHeading(page, `Gezin Bakker en ${COACH.naam}`);
    await waitForLoaded(page);
    const main = await page.locator('main').textContent();
    assert.match(main, /Gezinscoach/);
    assert.match(main, new RegExp(COACH.naam));
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });

  step('(c) the family page lists the trajectory', async () => {
    await goToHash(page, `#/gezinnen/${gezinId}`);
    await expectHeading(page, 'Gezin Bakker');
    await waitForLoaded(page);
    assert.equal(await page.getByRole('link', { name: COACH.naam }).count(), 1);
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });

  step('(d) a coach who logs in sees their open trajectories, each family linked to its page', async () => {
    await logOut(page);
    await logIn(page, COACH.gebruikersnaam, COACH.password);
    await expectHeading(page, 'Overzicht');
    assert.match(await page.locator('main').textContent(), /alleen je eigen trajecten/);
    const tabel = page.getByRole('table', { name: 'Mijn trajecten' });
    await tabel.waitFor();
    const link = tabel.getByRole('link', { name: 'Gezin Bakker' });
    assert.equal(await link.count(), 1);
    assert.equal(await link.getAttribute('href'), `/#/gezinnen/${gezinId}`);
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });
  step('(e) the coach writes a gezinsplan with two goals for the family of their trajectory', async () => {
    await goToHash(page, `#/gezinnen/${gezinId}`);
    await expectHeading(page, 'Gezin Bakker');
    const sectie = region('Gezinsplan');
    await sectie.getByText('Er is nog geen gezinsplan').waitFor();
    await sectie.getByRole('link', { name: 'Gezinsplan opstellen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gezinsplan' }).waitFor();
    const form = page.getByRole('form', { name: 'Plan opstellen' });
    const eerste = form.getByRole('group', { name: 'Doel 1' });
    await eerste.getByLabel('Doel, in de woorden van het gezin').fill('Elke ochtend op tijd op school');
    await eerste.getByLabel('Naam').fill('Ria');
    await eerste.getByLabel('Startscore (1–10)').fill('2');
    await form.getByRole('button', { name: 'Doel toevoegen' }).click();
    const tweede = form.getByRole('group', { name: 'Doel 2' });
    await tweede.getByLabel('Doel, in de woorden van het gezin').fill('De buurvrouw past op dinsdag op');
    await tweede.getByLabel('Wie werkt eraan').selectOption('netwerk');
    await tweede.getByLabel('Naam').fill('buurvrouw Els');
    await tweede.getByLabel('Startscore (1–10)').fill('5');
    await form.getByRole('button', { name: 'Plan opslaan' }).click();
    await page.getByText('Het gezinsplan is opgesteld.').waitFor();
    const doelen = region('Het plan').getByRole('region', { name: 'Doelen' });
    assert.equal(await doelen.getByRole('row').count(), 3);
    const opgeslagen = (await fetchInPage(page, 'GET', `/gezinnen/${gezinId}/gezinsplan`)).body;
    assert.equal(opgeslagen.versie, 1);
    assert.equal(opgeslagen.door, COACH.gebruikersnaam);
    assert.deepEqual(opgeslagen.plan.doelen.map((d) => [d.eigenaar.soort, d.startScore]), [['gezin', 2], ['netwerk', 5]]);
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('(f) the coach records an evaluation and sees the version list', async () => {
    const form = page.getByRole('form', { name: 'Evaluatie vastleggen' });
    await form.getByLabel('Score nu: Elke ochtend op tijd op school').fill('6');
    await form.getByLabel('Score nu: De buurvrouw past op dinsdag op').fill('7');
    await form.getByRole('button', { name: 'Evaluatie vastleggen' }).click();
    await page.getByText('De evaluatie is vastgelegd (nieuwe versie).').waitFor();
    assert.match(await region('Het plan').textContent(), /6 van 10/);
    const tabel = region('Versies').getByRole('region', { name: 'Versies van het gezinsplan' });
    await tabel.getByText('Evaluatie').waitFor();
    assert.equal(await tabel.getByRole('row').count(), 3);
    assert.match(await tabel.textContent(), /Plan opgesteld/);
    assert.match(await tabel.textContent(), new RegExp(COACH.gebruikersnaam));
    const opgeslagen = (await fetchInPage(page, 'GET', `/gezinnen/${gezinId}/gezinsplan`)).body;
    assert.equal(opgeslagen.versie, 2);
    assert.deepEqual(opgeslagen.plan.doelen.map((d) => d.laatsteScore), [6, 7]);
    assert.deepEqual(unexpected(problems, expected), []);
  });

  step('(g) a direct link to another coach\'s family shows the not-found message', async () => {
    const pad = `/api/v1/gezinnen/${anderGezinId}`;
    expected.push({ status: 404, path: pad }, { status: 404, path: `${pad}/gezinsplan` });
    const antwoord = await fetchInPage(page, 'GET', `/gezinnen/${anderGezinId}`);
    assert.equal(antwoord.status, 404);
    await goToHash(page, `#/gezinnen/${anderGezinId}`);
    await page.getByText(antwoord.body.detail).waitFor();
    assert.doesNotMatch(await page.locator('main').textContent(), /Gezin Smit/);
    await goToHash(page, `#/gezinnen/${anderGezinId}/gezinsplan`);
    await page.getByText('bestaat niet').first().waitFor();
    assert.doesNotMatch(await page.locator('main').textContent(), /Gezin Smit/);
    assert.deepEqual(unexpected(problems, expected), []);
  });
});
