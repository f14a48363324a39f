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
const WERKGEBIED = { code: 'UTR', naam: 'Utrecht' };

describe('A gezinscoach trajectory in the web app', () => {
  let server;
  let browser;
  let page;
  let problems;
  let trajectId;
  let gezinId;
  const step = stepper(() => server);

  before(async () => {
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await offerAllProgrammes(server, WERKGEBIED.code);
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    await server.addUser({ ...COACH, rol: 'gezinscoach', werkgebieden: [WERKGEBIED.code] });
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

  step('(d) a coach who logs in is told what they see, without an error', async () => {
    await logOut(page);
    await logIn(page, COACH.gebruikersnaam, COACH.password);
    await expectHeading(page, 'Overzicht');
    assert.match(await page.locator('main').textContent(), /alleen je eigen trajecten/);
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });
});
