// Browser test for the idle warning (issue 16, point 1, with the idle time
// from the server): the daemon runs with a short session_idle_timeout
// (KOPPEL_SESSION_IDLE_TIMEOUT=120 seconds) and the web app warns by what
// the session answer says, not by an assumed half hour: with 120 seconds
// and use noted once a minute the session may end 60 seconds after the
// last answer, so the warning comes 30 seconds after it. The browser's
// clock is moved on; "Blijf ingelogd" renews the session.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test sessiewacht.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import { launchBrowser } from './lib/browser.mjs';
import { NOT_LOGGED_IN, expectHeading, logIn, openPage, unexpected, waitForLoaded } from './lib/page.mjs';
import { stepper } from './lib/suite.mjs';

// Read by the daemon (config.c: every key also as KOPPEL_<KEY>); lib/server.mjs
// copies the environment when it is loaded, so it is loaded after this.
process.env.KOPPEL_SESSION_IDLE_TIMEOUT = '120';
const { startServer } = await import('./lib/server.mjs');

const COORDINATOR = { gebruikersnaam: 'wim', naam: 'Wim de Graaf', password: 'reiger-in-de-sloot-7' };

describe('The idle warning follows the server\'s idle timeout', () => {
  let server;
  let browser;
  const step = stepper(() => server);

  before(async () => {
    server = await startServer();
    await server.addWerkgebied('DLF', 'Delft');
    await server.addUser({ ...COORDINATOR, rol: 'coordinator', werkgebieden: ['DLF'] });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step('with a 120-second timeout the warning comes after 30 seconds unused, and Blijf ingelogd renews', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
      await page.clock.install();
      await page.goto(`${server.url}/`);
      await logIn(page, COORDINATOR.gebruikersnaam, COORDINATOR.password);
      await expectHeading(page, 'Overzicht');
      await waitForLoaded(page);
      const session = await page.evaluate(async () => (await fetch('/api/v1/sessies/huidig')).json());
      assert.equal(session.inactiefNaSeconden, 120);
      assert.equal(session.inactiefMargeSeconden, 60);

      const warning = page.getByRole('region', { name: 'Sessie verloopt' });
      await page.clock.fastForward('00:25');
      assert.equal(await warning.count(), 0, 'the warning came too early');
      await page.clock.fastForward('00:10');
      await warning.waitFor();
      await warning.getByRole('alert').filter({ hasText: 'Je sessie verloopt zo' }).waitFor();
      const renewed = page.waitForResponse((r) => r.url().endsWith('/api/v1/sessies/huidig') && r.status() === 200);
      await warning.getByRole('button', { name: 'Blijf ingelogd' }).click();
      await renewed;
      await warning.waitFor({ state: 'detached' });
      await page.clock.fastForward('00:20');
      assert.equal(await warning.count(), 0, 'the count did not start again at the renewal');
      await page.clock.fastForward('00:15');
      await warning.waitFor();
      assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
    } finally {
      await context.close();
    }
  });
});
