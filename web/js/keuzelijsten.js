// Koppel web front end: the vocabularies of the gezinnen pages.
//
// Every label of a code (rollen, statussen, steunvormen, dagdelen,
// verwijzers, …) comes from GET /api/v1/keuzelijsten, asked once per page
// load and kept in memory; nothing here knows the vocabularies themselves.
// Also the date helpers these pages share.

import { api } from '/js/api.js';

let pending = null;

/**
 * The vocabularies, as the server sends them. The first request is shared
 * by every caller; a failed one is forgotten so the next page asks again.
 * A cancelled page does not cancel the shared request.
 */
export function loadKeuzelijsten() {
  if (!pending) {
    pending = api('GET', '/keuzelijsten').then(({ data }) => data || {}).catch((err) => {
      pending = null;
      throw err;
    });
  }
  return pending;
}

/** The items of one list, always an array. */
export function items(lijsten, name) {
  return Array.isArray(lijsten?.[name]) ? lijsten[name] : [];
}

/** The naam of `code` in the list `name`, or the code itself when unknown. */
export function naamVan(lijsten, name, code) {
  if (code === null || code === undefined || code === '') {
    return '';
  }
  const item = items(lijsten, name).find((i) => i.code === code);
  return item?.naam || String(code);
}

/** Options for a select: [{value, text}] from a list. */
export function options(lijsten, name) {
  return items(lijsten, name).map((i) => ({ value: i.code, text: i.naam || i.code }));
}

/** "vraag" or "aanbod": the side a rol belongs to ('' when unknown). */
export function kantVan(lijsten, rol) {
  return items(lijsten, 'rollen').find((r) => r.code === rol)?.kant || '';
}

/** The status list of a side. */
export function statusLijst(kant) {
  return kant === 'vraag' ? 'statussenVraag' : 'statussenAanbod';
}

/** The naam of a status of a gezin with rol `rol`. */
export function statusNaam(lijsten, rol, status) {
  return naamVan(lijsten, statusLijst(kantVan(lijsten, rol)), status);
}

// Day abbreviations as the dagdelen list uses them, written out.
const DAGNAMEN = {
  ma: 'maandag', di: 'dinsdag', wo: 'woensdag', do: 'donderdag', vr: 'vrijdag', za: 'zaterdag', zo: 'zondag',
};

/** "wo" → "woensdag". */
export function dagNaam(dag) {
  return DAGNAMEN[dag] || dag;
}

/**
 * The dagdelen as a grid: {dagen: ["ma", …], delen: ["ochtend", …],
 * code(dag, deel) → code or undefined, naam(code) → "woensdag middag"},
 * in the order of the list.
 */
export function dagdelenRaster(lijsten) {
  const dagen = [];
  const delen = [];
  const codes = new Map();
  const namen = new Map();
  for (const d of items(lijsten, 'dagdelen')) {
    namen.set(d.code, d.naam || `${dagNaam(d.dag)} ${d.deel}`);
    if (!dagen.includes(d.dag)) dagen.push(d.dag);
    if (!delen.includes(d.deel)) delen.push(d.deel);
    codes.set(`${d.dag}\u0000${d.deel}`, d.code);
  }
  return {
    dagen, delen, code: (dag, deel) => codes.get(`${dag}\u0000${deel}`), naam: (code) => namen.get(code) || code,
  };
}

/** "ochtend" → "Ochtend". */
export function hoofdletter(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

// ---- dates ------------------------------------------------------------------------

/** Today in the browser's time zone as YYYY-MM-DD. */
export function vandaag() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "2026-01-05" → "05-01-2026"; '' for anything else. */
export function formatDatum(iso) {
  const m = typeof iso === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : '';
}

/** A <time> element for a date, or `empty` as text when there is none. */
export function datumElement(iso, empty = '') {
  const text = formatDatum(iso);
  if (!text) {
    return document.createTextNode(empty);
  }
  const node = document.createElement('time');
  node.dateTime = iso;
  node.textContent = text;
  return node;
}
