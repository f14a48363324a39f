// Browser tests for the menu per role (issue 16, point 10): the rapportage
// role sees Overzicht and Rapportages only, and the pages for families,
// koppelingen and evaluations (Nieuw vraaggezin among them) say that they
// are not for that role without showing a form or asking the server; a
// coördinator in the same tab afterwards sees the whole menu.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database with a
// werkgebied and the two users made through the command line.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test rollen.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, logIn, logOut, mainMenu, openPage, unexpected, waitForLoaded,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { goToHash, stepper } from './lib/suite.mjs';

const RAPPORTEUR = { gebruikersnaam: 'wim', naam: 'Wim de Graaf', password: 'kwartaalcijfers-voor-de-raad-8' };
const COORDINATOR = { gebruikersnaam: 'lotte', naam: 'Lotte Smeets', password: 'fietsen-door-de-duinen-bij-bergen' };
const WERKGEBIED = { code: 'ALK', naam: 'Alkmaar' };

describe('The menu per role', () => {
  let server;
  let browser;
  let page;
  let problems;
  const step = stepper(() => server);

  before(async () => {
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await server.addUser({ ...RAPPORTEUR, rol: 'rapportage', werkgebieden: [WERKGEBIED.code] });
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // The names of the main menu's visible links.
  function menuLinks() {
    return mainMenu(page).getByRole('link').allTextContents();
  }

  step('(a) the rapportage role sees Overzicht and Rapportages only', async () => {
    await page.goto(`${server.url}/`);
    await logIn(page, RAPPORTEUR.gebruikersnaam, RAPPORTEUR.password);
    await expectHeading(page, 'Overzicht');
    const links = await menuLinks();
    for (const name of ['Gezinnen', 'Koppelingen', 'Evaluaties']) {
      assert.ok(!links.includes(name), `the rapportage role sees ${name}: ${links.join(', ')}`);
    }
    for (const name of ['Overzicht', 'Rapportages']) {
      assert.ok(links.includes(name), `the rapportage role misses ${name}: ${links.join(', ')}`);
    }
  });

  step('(b) the pages for families, koppelingen and evaluations are not for the rapportage role, and ask the server nothing', async () => {
    const asked = [];
    const listen = (req) => {
      if (/\/api\/v1\/(gezinnen|koppelingen|evaluaties|matchrondes|keuzelijsten|werkgebieden)/.test(req.url())) {
        asked.push(req.url());
      }
    };
    page.on('request', listen);
    try {
      for (const hash of ['#/gezinnen/nieuw', '#/gezinnen/nieuw?kant=aanbod', '#/gezinnen', '#/gezinnen/1',
        '#/koppelingen', '#/matchrondes/nieuw', '#/evaluaties']) {
        await goToHash(page, hash);
        await expectHeading(page, 'Geen toegang');
        assert.match(await page.locator('main').textContent(), /hoort niet bij jouw rol/);
        assert.equal(await page.getByLabel('Naam van het gezin').count(), 0, `${hash} shows the gezin form`);
      }
    } finally {
      page.off('request', listen);
    }
    assert.deepEqual(asked, []);
    await goToHash(page, '#/rapportages');
    await expectHeading(page, 'Rapportages');
    await waitForLoaded(page);
  });

  step('(c) a coördinator in the same tab afterwards sees the whole menu', async () => {
    await logOut(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    await expectHeading(page, 'Overzicht');
    const links = await menuLinks();
    for (const name of ['Overzicht', 'Gezinnen', 'Koppelingen', 'Evaluaties', 'Rapportages']) {
      assert.ok(links.includes(name), `the coördinator misses ${name}: ${links.join(', ')}`);
    }
    await goToHash(page, '#/gezinnen/nieuw');
    await expectHeading(page, 'Nieuw vraaggezin');
    await page.getByLabel('Naam van het gezin').waitFor();
  });

  step('(z) nothing unexpected went wrong in the pages', () => {
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });
});
