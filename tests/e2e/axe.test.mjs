// Accessibility in the suite (issue 16, Tests): axe-core (the npm package,
// run inside the page) checks every screen of the web app on the demo
// practice, for each role, at 1280×800 and at 390×844, and fails on any
// serious or critical violation. The screens: the login page, every item
// of the main menu and of the sub-menus (Beheer, Rapportages) the role
// sees, and the screens reached from them: a gezin page with its edit
// form, suggestions and inzage, both Nieuw forms, a koppeling page, a
// matchronde, a new matchronde, and the beheer forms for a user, a
// werkgebied and a programme.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test axe.test.mjs

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import { DEMO_WACHTWOORD, startDemo } from './lib/demo.mjs';
import {
  NOT_LOGGED_IN, fetchInPage, logIn, logOut, openPage, unexpected, waitForLoaded, waitForLoginPage,
} from './lib/page.mjs';
import { goToHash, stepper } from './lib/suite.mjs';

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCHERMEN = [{ naam: 'desktop', width: 1280, height: 800 }, { naam: 'telefoon', width: 390, height: 844 }];
const ERNSTIG = new Set(['serious', 'critical']);

// Runs axe on the page as it is; resolves to its serious and critical violations.
async function axeCheck(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(AXE_SOURCE); // page.evaluate is not subject to the page's CSP
  }
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return result.filter((v) => ERNSTIG.has(v.impact));
}

// The first id in the first list of a GET answer, or null.
async function eersteId(page, path) {
  const res = await fetchInPage(page, 'GET', path);
  const lijst = res.status === 200 ? Object.values(res.body).find(Array.isArray) : null;
  return lijst?.[0]?.id ?? null;
}

// Waits until a route's screen is drawn: its h1, nothing left loading, a moment for late parts.
async function getekend(page) {
  await page.locator('h1').first().waitFor();
  await waitForLoaded(page);
  await page.waitForTimeout(150);
  await waitForLoaded(page);
}

// The app routes ('#/...') of the links in the main menu and the sub-menus on screen.
function menuRoutes(page) {
  return page.evaluate(() => [...document.querySelectorAll('.main-nav a[href^="/#/"], .user-menu a[href^="/#/"], .sub-nav a[href^="/#/"]')]
    .filter((a) => !a.closest('[hidden]'))
    .map((a) => a.getAttribute('href').slice(1)));
}

// The screens of each role beyond its menus, with ids from the demo practice.
async function andereSchermen(page, rol) {
  const routes = [];
  if (rol !== 'rapportage') {
    const gezin = await eersteId(page, '/gezinnen?status=wachtend');
    const koppeling = await eersteId(page, '/koppelingen');
    const ronde = await eersteId(page, '/matchrondes');
    routes.push('#/gezinnen/nieuw?kant=vraag', '#/gezinnen/nieuw?kant=aanbod', '#/matchrondes/nieuw');
    if (gezin) {
      routes.push(`#/gezinnen/${gezin}`, `#/gezinnen/${gezin}/bewerken`, `#/gezinnen/${gezin}/suggesties`, `#/gezinnen/${gezin}/inzage`);
    }
    if (koppeling) {
      routes.push(`#/koppelingen/${koppeling}`);
    }
    if (ronde) {
      routes.push(`#/matchrondes/${ronde}`);
    }
  }
  if (rol === 'beheerder') {
    routes.push('#/beheer/gebruikers/nieuw', '#/beheer/programmas/nieuw');
    for (const [lijst, scherm] of [['/gebruikers', 'gebruikers'], ['/werkgebieden', 'werkgebieden'], ['/programmas', 'programmas']]) {
      const id = await eersteId(page, lijst);
      if (id) {
        routes.push(`#/beheer/${scherm}/${id}`);
      }
    }
  }
  return routes;
}

describe('axe-core finds no serious or critical violation on any screen', () => {
  let server;
  let browser;
  const step = stepper(() => server);

  before(async () => {
    server = await startDemo();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const scherm of SCHERMEN) {
    for (const [gebruiker, rol] of [['beheer', 'beheerder'], ['coord-zaanstad', 'coordinator'], ['rapport', 'rapportage']]) {
      step(`${scherm.naam} ${scherm.width}×${scherm.height}, ${rol}: every screen`, async () => {
        const { context, page, problems } = await openPage(browser, { viewport: { width: scherm.width, height: scherm.height } });
        const gevonden = [];
        const bekeken = [];
        const bekijk = async (wat) => {
          bekeken.push(wat);
          for (const v of await axeCheck(page)) {
            gevonden.push(`${wat}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' | ')}`);
          }
        };
        try {
          await page.goto(`${server.url}/`);
          await waitForLoginPage(page);
          await bekijk('#/ (login)');
          await logIn(page, gebruiker, DEMO_WACHTWOORD);
          await getekend(page);
          const todo = [...await menuRoutes(page), ...await andereSchermen(page, rol)];
          const gedaan = new Set();
          while (todo.length) {
            const route = todo.shift();
            if (gedaan.has(route)) {
              continue;
            }
            gedaan.add(route);
            await goToHash(page, route);
            await getekend(page);
            await bekijk(route);
            todo.push(...(await menuRoutes(page)).filter((r) => !gedaan.has(r)));
          }
          await logOut(page);
          assert.ok(bekeken.length >= (rol === 'rapportage' ? 5 : 15), `only ${bekeken.length} screens: ${bekeken}`);
          assert.deepEqual(gevonden, [], `axe found on ${bekeken.length} screens:\n${gevonden.join('\n')}`);
          assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
