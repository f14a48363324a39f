// Browser tests for finding gezinnen: the search applies while typing (no
// button), finds a family by a child's first name and by "Celik" for
// "Çelik", the Naam header sorts in Dutch order both ways (aria-sort), a
// filter applies as soon as it is chosen, and "Mijn gezinnen" shows the
// families the coordinator is responsible for.
//
// Starts the real daemon (KOPPEL_BIN) on a fresh database; the families
// are created through the API as the coordinator.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test zoeken.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, openPage, unexpected, waitForLoginPage,
} from './lib/page.mjs';
import { startServer } from './lib/server.mjs';
import { createGezin, goToHash, stepper, toestemming } from './lib/suite.mjs';

const COORDINATOR = { gebruikersnaam: 'anouk', naam: 'Anouk de Wit', password: 'fietsen-langs-de-amstel-in-mei' };
const WERKGEBIED = { code: 'AMS', naam: 'Amsterdam' };

// The names in Dutch order: Çelik with the C, Şahin with the S, "van Dijk" under D.
const DUTCH_ORDER = ['Gezin Bakker', 'Gezin Çelik', 'Gezin van Dijk', 'Gezin Şahin', 'Gezin Ziani'];

describe('Koppel zoeken en sorteren', () => {
  let server;
  let browser;
  let page;
  let problems;
  const step = stepper(() => server);

  // The family names in the list, top to bottom.
  function names() {
    return page.locator('main table tbody th').allTextContents();
  }

  // Waits until the list shows exactly `expected` (in this order).
  async function waitForNames(expected) {
    await page.waitForFunction((want) => {
      const got = [...document.querySelectorAll('main table tbody th')].map((th) => th.textContent);
      return !document.querySelector('[aria-busy="true"]') && JSON.stringify(got) === JSON.stringify(want);
    }, expected, { timeout: 5000 }).catch(async () => {
      assert.deepEqual(await names(), expected);
    });
  }

  before(async () => {
    server = await startServer();
    await server.addWerkgebied(WERKGEBIED.code, WERKGEBIED.naam);
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: [WERKGEBIED.code] });
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(setup) five vraaggezinnen, one of them coordinated by the coordinator', async () => {
    await page.goto(`${server.url}/`);
    await waitForLoginPage(page);
    await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
    const me = await fetchInPage(page, 'GET', '/sessies/huidig');
    assert.equal(me.status, 200);
    const coordinatorId = me.body.gebruiker?.id ?? me.body.id;
    assert.ok(Number.isInteger(coordinatorId), JSON.stringify(me.body));
    const leden = {
      'Gezin Çelik': [{ soort: 'volwassene', voornaam: 'Tineke', achternaam: 'Çelik' },
        { soort: 'kind', voornaam: 'Floortje', geboortedatum: '2019-03-01' }],
    };
    for (const naam of ['Gezin Ziani', 'Gezin Şahin', 'Gezin van Dijk', 'Gezin Çelik', 'Gezin Bakker']) {
      await createGezin(page, {
        naam,
        rol: 'vraaggezin',
        werkgebied: WERKGEBIED.code,
        adres: { plaats: 'Amsterdam', gemeente: 'Amsterdam' },
        leden: leden[naam] || [{ soort: 'volwassene', voornaam: 'Ouder' }],
        vraag: { tekst: 'Even lucht in de week.' },
        toestemmingen: toestemming('Ouder'),
        ...(naam === 'Gezin Bakker' ? { coordinator: coordinatorId } : {}),
      });
    }
  });

  step('(a) typing a child\'s first name finds the family at once, without a Zoeken button', async () => {
    await goToHash(page, '#/gezinnen');
    await expectHeading(page, 'Gezinnen');
    await waitForNames(DUTCH_ORDER);
    assert.equal(await page.getByRole('button', { name: 'Zoeken', exact: true }).count(), 0);
    await page.getByLabel('Zoeken', { exact: true }).pressSequentially('Floortje', { delay: 20 });
    await waitForNames(['Gezin Çelik']);
    await page.getByRole('status').filter({ hasText: '1 gezin gevonden' }).waitFor();
    assert.match(new URL(page.url()).hash, /zoek=Floortje/);
  });

  step('(b) "Celik" finds "Gezin Çelik"', async () => {
    await page.getByLabel('Zoeken', { exact: true }).fill('Celik');
    await waitForNames(['Gezin Çelik']);
    await page.getByLabel('Zoeken', { exact: true }).fill('sahin');
    await waitForNames(['Gezin Şahin']);
    await page.getByLabel('Zoeken', { exact: true }).fill('');
    await waitForNames(DUTCH_ORDER);
  });

  step('(c) the Naam header sorts in Dutch order, both ways, with aria-sort', async () => {
    const header = page.locator('main table thead th').filter({ hasText: 'Naam' });
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    assert.equal(await page.locator('main table tbody td[data-label="Status"]').count(), DUTCH_ORDER.length);
    await header.getByRole('button').click();
    await waitForNames([...DUTCH_ORDER].reverse());
    assert.equal(await page.locator('main table thead th').filter({ hasText: 'Naam' }).getAttribute('aria-sort'),
      'descending');
    assert.match(new URL(page.url()).hash, /sorteer=-naam/);
    // the focus stays on the header that was chosen
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.sorteer), 'naam');
    await page.locator('main table thead th').filter({ hasText: 'Naam' }).getByRole('button').click();
    await waitForNames(DUTCH_ORDER);
  });

  step('(d) a filter applies as soon as it is chosen; Mijn gezinnen shows the coordinator\'s own', async () => {
    await page.getByLabel('Mijn gezinnen').check();
    await waitForNames(['Gezin Bakker']);
    assert.match(new URL(page.url()).hash, /mijn=ja/);
    await page.getByLabel('Mijn gezinnen').uncheck();
    await waitForNames(DUTCH_ORDER);
    await page.getByLabel('Status', { exact: true }).selectOption('wachtend');
    await waitForNames([]);
    await page.getByRole('status').filter({ hasText: 'Geen gezinnen gevonden.' }).waitFor();
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });
});
