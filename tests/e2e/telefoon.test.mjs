// Browser test for the phone (issue 16, point 8) at 390×844 on the demo
// practice: the lists become cards in which every column is shown with
// its header text (Wachtdagen on each gezin, Fase on each koppeling), all
// within the screen; no page is wider than the screen; the long gezin and
// koppeling pages start with a list of their sections whose links move
// the focus to that section, in view, without changing the route.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test telefoon.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import { DEMO_WACHTWOORD, startDemo } from './lib/demo.mjs';
import {
  NOT_LOGGED_IN, assertNoHorizontalOverflow, expectHeading, logIn, openPage, unexpected, waitForLoaded,
} from './lib/page.mjs';
import { goToHash, stepper } from './lib/suite.mjs';

const SCHERM = { width: 390, height: 844 };

// For each row of the table captioned `caption`: the label the card shows
// before the cell of column `kolom` and whether that cell lies within the screen.
function kaartCellen(page, caption, kolom) {
  return page.evaluate(({ c, k, breedte }) => {
    const tabel = [...document.querySelectorAll('table')].find((t) => t.caption?.textContent === c);
    if (!tabel) {
      return null;
    }
    return [...tabel.tBodies[0].rows].map((tr) => {
      const cell = [...tr.cells].find((td) => td.dataset.label === k);
      const box = cell?.getBoundingClientRect();
      return {
        label: cell ? getComputedStyle(cell, '::before').content : null,
        tekst: cell?.textContent.trim() ?? '',
        zichtbaar: Boolean(box && box.width > 0 && box.left >= 0 && box.right <= breedte),
      };
    });
  }, { c: caption, k: kolom, breedte: SCHERM.width });
}

describe('The phone layout at 390 px', () => {
  let server;
  let browser;
  let page;
  let problems;
  const step = stepper(() => server);

  before(async () => {
    server = await startDemo();
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser, { viewport: SCHERM }));
    await page.goto(`${server.url}/`);
    await logIn(page, 'coord-zaanstad', DEMO_WACHTWOORD);
    await expectHeading(page, 'Overzicht');
    await waitForLoaded(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('(a) the Gezinnen list shows each family as a card with its Wachtdagen, within the screen', async () => {
    await assertNoHorizontalOverflow(page, 'Overzicht');
    await goToHash(page, '#/gezinnen');
    await expectHeading(page, 'Gezinnen');
    await waitForLoaded(page);
    const cellen = await kaartCellen(page, 'Gezinnen', 'Wachtdagen');
    assert.ok(cellen?.length >= 5, `too few gezinnen: ${JSON.stringify(cellen)}`);
    for (const c of cellen) {
      assert.equal(c.label, '"Wachtdagen"', 'the card does not name the column');
      assert.ok(c.zichtbaar, 'the Wachtdagen of a gezin lies outside the screen');
    }
    // every other column is there too, named
    const labels = await page.locator('table tbody tr').first().evaluate((tr) => [...tr.cells]
      .map((td) => getComputedStyle(td, '::before').content));
    assert.deepEqual(labels, ['"Naam"', '"Rol"', '"Status"', '"Plaats"', '"Coördinator"', '"Aangemeld op"', '"Wachtdagen"']);
    await assertNoHorizontalOverflow(page, 'Gezinnen');
  });

  step('(b) the Koppelingen list shows the Fase of each koppeling, within the screen', async () => {
    await goToHash(page, '#/koppelingen');
    await expectHeading(page, 'Koppelingen');
    await waitForLoaded(page);
    const cellen = await kaartCellen(page, 'Koppelingen', 'Fase');
    assert.ok(cellen?.length >= 5, `too few koppelingen: ${JSON.stringify(cellen)}`);
    for (const c of cellen) {
      assert.equal(c.label, '"Fase"');
      assert.ok(c.zichtbaar, 'the Fase of a koppeling lies outside the screen');
      assert.notEqual(c.tekst, '');
    }
    await assertNoHorizontalOverflow(page, 'Koppelingen');
    await goToHash(page, '#/evaluaties');
    await expectHeading(page, 'Mijn evaluaties');
    await waitForLoaded(page);
    await assertNoHorizontalOverflow(page, 'Evaluaties');
  });

  // Follows the link `sectie` of the page's contents; asserts the focus and the view.
  async function springNaar(sectie) {
    const inhoud = page.getByRole('navigation', { name: 'Op deze pagina' });
    await inhoud.waitFor();
    const hash = await page.evaluate(() => location.hash);
    await inhoud.getByRole('link', { name: sectie, exact: true }).click();
    const doel = await page.evaluate(() => {
      const h = document.activeElement;
      const box = h.getBoundingClientRect();
      return { tag: h.tagName, tekst: h.textContent, top: box.top, hoogte: innerHeight };
    });
    assert.equal(doel.tag, 'H2');
    assert.equal(doel.tekst, sectie);
    assert.ok(doel.top >= -1 && doel.top < doel.hoogte, `the section ${sectie} is not in view (top ${doel.top})`);
    assert.equal(await page.evaluate(() => location.hash), hash, 'the link changed the route');
  }

  step('(c) a gezin page starts with its contents; a link leads to the section', async () => {
    await goToHash(page, '#/gezinnen');
    await expectHeading(page, 'Gezinnen');
    await waitForLoaded(page);
    await page.locator('table tbody tr th a').first().click();
    await page.getByRole('heading', { level: 2, name: 'Logboek' }).waitFor();
    await waitForLoaded(page);
    const links = await page.getByRole('navigation', { name: 'Op deze pagina' }).getByRole('link').allTextContents();
    for (const sectie of ['Leden', 'Status', 'Toestemmingen', 'Logboek']) {
      assert.ok(links.includes(sectie), `no link to ${sectie}: ${links}`);
    }
    await springNaar('Logboek');
    await springNaar('Leden');
    await assertNoHorizontalOverflow(page, 'the gezin page');
  });

  step('(d) a koppeling page starts with its contents; a link leads to the section', async () => {
    await goToHash(page, '#/koppelingen');
    await expectHeading(page, 'Koppelingen');
    await waitForLoaded(page);
    await page.locator('table tbody tr th a').first().click();
    await page.getByRole('heading', { level: 2, name: 'Verloop' }).waitFor();
    await waitForLoaded(page);
    await springNaar('Verloop');
    await springNaar('Evaluaties');
    await assertNoHorizontalOverflow(page, 'the koppeling page');
  });

  step('(z) nothing unexpected went wrong in the pages', () => {
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });
});
