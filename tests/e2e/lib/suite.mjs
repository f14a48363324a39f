// What the browser suites share besides page.mjs: steps that show the
// daemon's output once when one fails, moving the app to a route, and
// creating gezinnen through the API as a coordinator would.

import assert from 'node:assert/strict';
import { it } from 'node:test';

import { fetchInPage, vandaag } from './page.mjs';

/**
 * Returns step(name, fn): a test that, the first time a step fails, writes
 * the daemon's output (server.log()) to stderr. getServer returns the
 * suite's server, which is started later in before().
 */
export function stepper(getServer) {
  let serverLogShown = false;
  return function step(name, fn) {
    it(name, async () => {
      try {
        await fn();
      } catch (err) {
        const server = getServer();
        if (server && !serverLogShown) {
          serverLogShown = true;
          process.stderr.write(`\n--- koppel output ---\n${server.log()}\n--- end ---\n`);
        }
        throw err;
      }
    });
  };
}

/** Moves the app to a client-side route ('#/...'). */
export async function goToHash(page, hash) {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
}

/** The consents of a new gezin (registration, sharing contact details with the linked family), given today by `door`. */
export function toestemming(door) {
  return [{ doel: 'registratie', gegevenOp: vandaag(), gegevenDoor: door },
    { doel: 'contactgegevens-delen', gegevenOp: vandaag(), gegevenDoor: door }];
}

/** Creates a gezin through the API from the page's session; returns its id. */
export async function createGezin(page, body) {
  const res = await fetchInPage(page, 'POST', '/gezinnen', { body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/** Sets a gezin's status through the API (with its current ETag). */
export async function setGezinStatus(page, id, status) {
  const current = await fetchInPage(page, 'GET', `/gezinnen/${id}`);
  const res = await fetchInPage(page, 'PATCH', `/gezinnen/${id}`, { body: { status }, etag: current.etag });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}
