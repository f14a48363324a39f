// Browser test for words instead of codes (issue 16, point 9) on the demo
// practice: a coordinator picks a family's languages from a list of Dutch
// names (the API keeps the ISO codes) and the family page shows them by
// name; the logboek and the status history name the coordinator by her
// name, not by her login.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test talen.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import { DEMO_WACHTWOORD, startDemo } from './lib/demo.mjs';
import {
  NOT_LOGGED_IN, expectHeading, fetchInPage, logIn, openPage, unexpected, waitForLoaded,
} from './lib/page.mjs';
import { goToHash, stepper } from './lib/suite.mjs';

describe('Languages and people by name', () => {
  let server;
  let browser;
  let page;
  let problems;
  let gezin;
  const step = stepper(() => server);

  before(async () => {
    server = await startDemo();
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
    await page.goto(`${server.url}/`);
    await logIn(page, 'coord-zaanstad', DEMO_WACHTWOORD);
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(a) the languages are ticked by name; the API keeps codes, the page shows words', async () => {
    const lijst = await fetchInPage(page, 'GET', '/gezinnen?status=wachtend');
    gezin = lijst.body.gezinnen[0];
    await goToHash(page, `#/gezinnen/${gezin.id}/bewerken`);
    const talen = page.getByRole('group', { name: 'Talen die het gezin spreekt' });
    await talen.getByLabel('Nederlands', { exact: true }).waitFor();
    await waitForLoaded(page);
    for (const box of await talen.getByRole('checkbox').all()) {
      await box.setChecked(false);
    }
    await talen.getByLabel('Turks', { exact: true }).check();
    await talen.getByLabel('Nederlands', { exact: true }).check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByRole('heading', { level: 1, name: gezin.naam }).waitFor();
    await waitForLoaded(page);
    const saved = await fetchInPage(page, 'GET', `/gezinnen/${gezin.id}`);
    assert.deepEqual(saved.body.talen, ['nl', 'tr']);
    const dd = page.locator('dt', { hasText: /^Talen$/ }).first().locator('xpath=following-sibling::dd[1]');
    assert.equal((await dd.textContent()).trim(), 'Nederlands, Turks');
  });

  step('(b) the logboek and the status history name the coordinator, not her login', async () => {
    const res = await fetchInPage(page, 'POST', `/gezinnen/${gezin.id}/logboek`,
      { body: { soort: 'notitie', tekst: 'Gebeld met moeder over de talen.' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: gezin.naam }).waitFor();
    await waitForLoaded(page);
    const logboek = page.getByRole('region', { name: 'Logboek' });
    await logboek.getByText('Gebeld met moeder over de talen.').waitFor();
    const tekst = await logboek.textContent();
    assert.match(tekst, /Fleur Hoogendijk/);
    assert.doesNotMatch(tekst, /coord-zaanstad/);
    const geschiedenis = await page.getByRole('region', { name: 'Statusgeschiedenis' }).textContent();
    assert.doesNotMatch(geschiedenis, /coord-(zaanstad|purmerend)|\bbeheer\b/);
    assert.match(geschiedenis, /Marloes Verbeek|Fleur Hoogendijk/);
  });

  step('(z) nothing unexpected went wrong in the pages', () => {
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });
});
