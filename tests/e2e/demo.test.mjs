// Browser test for `koppel demo` (issue 16, point 11): the practice it
// builds has a history, so the first dashboard a newcomer sees is alive.
// The demo database is made through the command line as a newcomer would,
// the daemon serves it, and each demo coordinator's dashboard shows a
// number above zero on every tile and koppelingen in several phases; the
// beheerder's Evaluaties page lists what is te laat; the quarterly report
// of an earlier quarter has koppelingen; and the database holds, for every
// default programme, koppelingen in each phase its course uses, ended ones
// with a reason, held evaluations and a zorgsignaal.
//
// Run: cd tests/e2e && KOPPEL_BIN=../../build/koppel node --test demo.test.mjs

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib/browser.mjs';
import {
  NOT_LOGGED_IN, TIME_ZONE, expectHeading, fetchInPage, logIn, logOut, openPage, unexpected, vandaag, waitForLoaded,
} from './lib/page.mjs';
import { goToHash, stepper } from './lib/suite.mjs';

const PC4_CSV = fileURLToPath(new URL('../../config/postcodes/nl-pc4.csv', import.meta.url));
const WEB = fileURLToPath(new URL('../../web', import.meta.url));
const WACHTWOORD = 'demo-wachtwoord-koppel';
const TEGELS = ['op de wachtlijst', 'steungezinnen beschikbaar', 'evaluaties te laat', 'evaluaties binnen 30 dagen',
  'koppelingen bijna afgelopen', 'VOG’s verlopen binnenkort', 'open zorgsignalen'];

// Serves `db` with the daemon; resolves to {url, stop, log}.
function serve(db) {
  const child = spawn(process.env.KOPPEL_BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db, '--web', WEB],
    { env: { ...process.env, TZ: TIME_ZONE }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
    }
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the daemon did not listen:\n${output}`)), 10_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1].replace(/\/+$/, ''), stop, log: () => output });
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the daemon exited (${code}) before listening:\n${output}`));
    });
  });
}

// Makes the demo database at `db` as a newcomer would (`koppel demo`); a
// minute and more under AddressSanitizer, so with a timeout of its own.
function makeDemo(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.KOPPEL_BIN, ['demo', '--postcodes', PC4_CSV, '--db', db],
      { env: { ...process.env, TZ: TIME_ZONE }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(output);
      } else {
        reject(new Error(`koppel demo exited with ${code ?? signal}:\n${output}`));
      }
    });
  });
}

// The rows of a SELECT on the demo database, through the sqlite3 command line.
function sql(db, query) {
  return new Promise((resolve, reject) => {
    const child = spawn('sqlite3', ['-readonly', '-separator', '|', db, query], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out.split('\n').filter(Boolean).map((l) => l.split('|')))
      : reject(new Error(`sqlite3 exited ${code}: ${err}`))));
  });
}

describe('The demo practice has a history', () => {
  let dir;
  let db;
  let server;
  let browser;
  let page;
  let problems;
  const step = stepper(() => server);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'koppel-demo-'));
    db = join(dir, 'demo.db');
    await makeDemo(db);
    server = await serve(db);
    browser = await launchBrowser();
    ({ page, problems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) {
      await rm(dir, { recursive: true, force: true });
    }
  });

  for (const gebruiker of ['coord-zaanstad', 'coord-purmerend']) {
    step(`(a) ${gebruiker}: every tile of the first dashboard counts more than zero`, async () => {
      await page.goto(`${server.url}/`);
      await logIn(page, gebruiker, WACHTWOORD);
      await expectHeading(page, 'Overzicht');
      await waitForLoaded(page);
      const tiles = page.getByRole('list', { name: 'In één oogopslag' });
      for (const words of TEGELS) {
        const tile = tiles.locator('.tegel').filter({ hasText: new RegExp(`^\\d+ ${words}$`) });
        assert.equal(await tile.count(), 1, `no tile "${words}"`);
        const n = Number((await tile.locator('.tegel__aantal').textContent()).trim());
        assert.ok(n > 0, `${gebruiker}: the tile "${words}" shows ${n}`);
      }
      const perFase = (await fetchInPage(page, 'GET', '/overzichten/caseload')).body.koppelingenPerFase;
      const fasen = Object.entries(perFase).filter(([, n]) => n > 0).map(([f]) => f);
      for (const fase of ['voorstel', 'kennismaking', 'lopend', 'afronding', 'gestopt']) {
        assert.ok(fasen.includes(fase), `${gebruiker} has no koppeling in ${fase}: ${JSON.stringify(perFase)}`);
      }
      await logOut(page);
    });
  }

  step('(b) the beheerder finds what is te laat on Evaluaties, and an earlier quarter has a report', async () => {
    await logIn(page, 'beheer', WACHTWOORD);
    await goToHash(page, '#/evaluaties');
    await expectHeading(page, 'Evaluaties');
    await waitForLoaded(page);
    assert.ok(await page.getByRole('region', { name: 'Te laat' }).locator('li.evaluatie').count() >= 2);

    // The quarter before the last one: the demo's history reaches back that far.
    const today = vandaag();
    let jaar = Number(today.slice(0, 4));
    let kwartaal = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1 - 2;
    if (kwartaal < 1) {
      kwartaal += 4;
      jaar -= 1;
    }
    let nieuw = 0;
    for (const gemeente of ['Zaanstad', 'Purmerend']) {
      const r = await fetchInPage(page, 'GET', `/overzichten/kwartaal?gemeente=${gemeente}&jaar=${jaar}&kwartaal=${kwartaal}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      nieuw += r.body.nieuweKoppelingen;
    }
    assert.ok(nieuw > 0, `no koppeling started in ${jaar} kwartaal ${kwartaal}`);
  });

  step('(c) every default programme has koppelingen in each phase of its course; ended ones have a reason', async () => {
    const rows = await sql(db, 'SELECT p.naam, k.fase FROM koppelingen k JOIN programmas p ON p.id = k.programma_id');
    const fasen = new Map();
    for (const [naam, fase] of rows) {
      fasen.set(naam, new Set([...(fasen.get(naam) || []), fase]));
    }
    // the programmes with supporting gezinnen; the demo has no gezinscoach trajectories (schema 0027)
    const programmas = await sql(db, "SELECT naam, koers FROM programmas WHERE steun_soort = 'gezin'");
    assert.ok(programmas.length >= 6);
    for (const [naam, koersText] of programmas) {
      const koers = JSON.parse(koersText);
      const verwacht = ['voorstel', 'kennismaking', 'lopend', 'afronding', 'gestopt'];
      if (koers.proefperiode) {
        verwacht.push('proefperiode');
      }
      if (koers.afspraken !== 'geen') {
        verwacht.push('contract');
      }
      for (const fase of verwacht) {
        assert.ok(fasen.get(naam)?.has(fase), `${naam} has no koppeling in ${fase}: ${[...(fasen.get(naam) || [])]}`);
      }
    }
    const zonderReden = await sql(db, "SELECT count(*) FROM koppelingen WHERE fase = 'gestopt' AND stop_reden IS NULL");
    assert.equal(zonderReden[0][0], '0');
    const gehouden = await sql(db, 'SELECT count(*) FROM evaluaties WHERE gehouden_op IS NOT NULL');
    assert.ok(Number(gehouden[0][0]) > 0, 'no evaluation was held');
    const signalen = await sql(db, "SELECT count(*) FROM logboek WHERE soort = 'zorgsignaal'");
    assert.ok(Number(signalen[0][0]) > 0, 'no zorgsignaal');
  });

  step('(z) nothing unexpected went wrong in the pages', () => {
    assert.deepEqual(unexpected(problems, NOT_LOGGED_IN), []);
  });
});
