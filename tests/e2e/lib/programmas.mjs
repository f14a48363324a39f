// Offering programmes in a werkgebied for a browser suite, as the beheerder
// does on the Beheer screen: a werkgebied added with `koppel werkgebied add`
// is offered no programme until the beheerder chooses (schema 0009). The
// suites that link families offer every programme in their werkgebied
// first, through the API with a beheerder account of their own.

import assert from 'node:assert/strict';

const BEHEERDER = { gebruikersnaam: 'programma-beheer', naam: 'Programmabeheer', password: 'zonnebloemen-langs-het-jaagpad' };
const added = new WeakSet();

/**
 * Offers every programme in werkgebied `code` on `server` (from
 * startServer()). Adds a beheerder account the first time for a server, logs in with it
 * and adds the code to each programme's werkgebieden (PATCH with If-Match).
 */
export async function offerAllProgrammes(server, code) {
  if (!added.has(server)) {
    await server.addUser({ ...BEHEERDER, rol: 'beheerder' });
    added.add(server);
  }
  const login = await fetch(`${server.url}/api/v1/sessies`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ gebruikersnaam: BEHEERDER.gebruikersnaam, wachtwoord: BEHEERDER.password }),
  });
  const text = await login.text();
  assert.equal(login.status, 201, text);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrfToken } = JSON.parse(text);
  const headers = { Cookie: cookie, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json', Accept: 'application/json' };
  const list = await fetch(`${server.url}/api/v1/programmas`, { headers });
  assert.equal(list.status, 200);
  for (const p of (await list.json()).programmas) {
    const one = await fetch(`${server.url}/api/v1/programmas/${p.id}`, { headers });
    const etag = one.headers.get('etag');
    const werkgebieden = [...new Set([...(await one.json()).werkgebieden, code])];
    const res = await fetch(`${server.url}/api/v1/programmas/${p.id}`, {
      method: 'PATCH', headers: { ...headers, 'If-Match': etag }, body: JSON.stringify({ werkgebieden }),
    });
    assert.equal(res.status, 200, await res.text());
  }
  await fetch(`${server.url}/api/v1/sessies/huidig`, { method: 'DELETE', headers });
}
