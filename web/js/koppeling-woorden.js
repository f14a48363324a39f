// Koppel web front end: the words of koppelingen and evaluaties.
//
// The API speaks in codes (fase "proefperiode", reden "geen-klik", soort
// "evaluatie-proefperiode"). The phases, evaluation kinds and stop reasons
// with their Dutch names come from the server (GET /api/v1/keuzelijsten:
// fasen, evaluatieSoorten, stopredenen), loaded once by laadWoorden()
// before the first page; nothing here knows them. A stop reason's label
// may speak of the programme's words ("{steun} overbelast" becomes "Buddy
// overbelast"): the koppeling carries them as woorden {steun, vraag}.
// Also the few date calculations the koppelingen pages need on the
// browser's side.

import { el } from '/js/dom.js';
import { items, loadKeuzelijsten } from '/js/keuzelijsten.js';

let lijsten = {};

/**
 * Loads the lists from the server (shared with keuzelijsten.js). Resolves
 * also when that fails: the pages then show the codes themselves.
 */
export function laadWoorden() {
  return loadKeuzelijsten().then((l) => {
    lijsten = l || {};
  }, () => {});
}

/** The phases of a koppeling in order, [{code, naam, eind}]; gestopt can follow any open one. */
export const faseLijst = () => items(lijsten, 'fasen');

/** The phases a koppeling walks when nothing stops it early. */
export const hoofdpad = () => faseLijst().filter((f) => f.code !== 'gestopt').map((f) => f.code);

/** The kinds of evaluatiemomenten, [{code, naam}]. */
export const evaluatieSoorten = () => items(lijsten, 'evaluatieSoorten');

/** The default words, for a koppeling that names none. */
const STANDAARD_WOORDEN = { steun: 'steungezin', vraag: 'vraaggezin' };

/** "buddy" → "Buddy". */
export function metHoofdletter(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

/** The words of a koppeling (its programme's), {steun, vraag}. */
export function woordenVan(koppeling) {
  return { ...STANDAARD_WOORDEN, ...(koppeling?.woorden || {}) };
}

// A stop reason's label in the given words: "{steun} ziek" → "Buddy ziek".
function invullen(sjabloon, woorden) {
  const w = { ...STANDAARD_WOORDEN, ...(woorden || {}) };
  const text = sjabloon.replaceAll('{steun}', w.steun).replaceAll('{vraag}', w.vraag);
  return metHoofdletter(text);
}

/** Reasons for stopping early, in the order the select offers them, named in the koppeling's words. */
export function stopredenen(woorden) {
  return items(lijsten, 'stopredenen').map((r) => ({
    code: r.code, naam: r.sjabloon ? invullen(r.sjabloon, woorden) : r.naam, kant: r.kant,
  }));
}

/** What the button for a move to a phase says. */
export const FASE_ACTIE = {
  voorstel: 'Terug naar voorstel',
  kennismaking: 'Naar kennismaking',
  proefperiode: 'Naar proefperiode',
  contract: 'Naar contract',
  lopend: 'Naar lopend',
  afronding: 'Afronden',
  gestopt: 'Stoppen',
};

export const EVALUATIE_STATUSSEN = [
  { code: 'gepland', naam: 'Gepland' },
  { code: 'te-laat', naam: 'Te laat' },
  { code: 'gehouden', naam: 'Gehouden' },
  { code: 'vervallen', naam: 'Vervallen' },
];

/** How it is going. */
export const VERLOOP = [
  { code: 'soepel', naam: 'Soepel' },
  { code: 'hick-ups', naam: 'Hick-ups' },
  { code: 'stagnatie', naam: 'Stagnatie' },
];

/** Whether both want to go on, asked at an evaluation. */
export const DOORGAAN = [
  { code: 'doorgaan', naam: 'Doorgaan' },
  { code: 'aanpassen', naam: 'Doorgaan met aanpassingen' },
  { code: 'stoppen', naam: 'Stoppen' },
];

export const CONTACT_NA_AFLOOP = [
  { code: 'ja', naam: 'Ja' },
  { code: 'nee', naam: 'Nee' },
  { code: 'onbekend', naam: 'Onbekend' },
];

function naamIn(list, code) {
  if (code === null || code === undefined || code === '') {
    return '';
  }
  return list.find((i) => i.code === code)?.naam || String(code);
}

export const faseNaam = (code) => naamIn(faseLijst(), code);
/** The name of a stop reason, in the words of the koppeling's programme when given. */
export const stopredenNaam = (code, woorden) => naamIn(stopredenen(woorden), code);
export const soortNaam = (code) => naamIn(evaluatieSoorten(), code);
export const evaluatieStatusNaam = (code) => naamIn(EVALUATIE_STATUSSEN, code);
export const verloopNaam = (code) => naamIn(VERLOOP, code);
export const doorgaanNaam = (code) => naamIn(DOORGAAN, code);
export const contactNaam = (code) => naamIn(CONTACT_NA_AFLOOP, code);

/** Choices for radioGroup() or a select: [{value, text}]. */
export function keuzes(list) {
  return list.map((i) => ({ value: i.code, text: i.naam }));
}

/** A label (pill) with the name of a phase, coloured per phase. */
export function faseLabel(code) {
  return el('span', { class: `label label--fase label--fase-${code}`, text: faseNaam(code) });
}

/** A label for how it is going. */
export function verloopLabel(code) {
  return el('span', { class: `label label--verloop-${code}`, text: verloopNaam(code) });
}

/** A label for the status of an evaluation; "te laat" stands out. */
export function evaluatieStatusLabel(code) {
  return el('span', { class: `label label--evaluatie-${code}`, text: evaluatieStatusNaam(code) });
}

/** "Gezin De Vries en Gezin Jansen": how a koppeling is named. */
export function koppelingNaam(vraaggezin, steungezin) {
  const v = typeof vraaggezin === 'string' ? vraaggezin : vraaggezin?.naam;
  const s = typeof steungezin === 'string' ? steungezin : steungezin?.naam;
  return `${v || 'Vraaggezin'} en ${s || 'steunbiedend gezin'}`;
}

// ---- dates ------------------------------------------------------------------------

function parts(iso) {
  const m = typeof iso === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function isoOf(y, m, d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

/** The last day of the month of `iso` (YYYY-MM-DD). */
export function eindeVanMaand(iso) {
  const p = parts(iso);
  if (!p) {
    return '';
  }
  const last = new Date(Date.UTC(p[0], p[1], 0)).getUTCDate();
  return isoOf(p[0], p[1], last);
}

/** Whole days from `van` to `tot` (both YYYY-MM-DD); NaN when either is not a date. */
export function dagenTussen(van, tot) {
  const a = parts(van);
  const b = parts(tot);
  if (!a || !b) {
    return NaN;
  }
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / 86400000);
}

/** Age in whole years on `op` of someone born on `geboren`; null when unknown. */
export function leeftijdOp(geboren, op) {
  const a = parts(geboren);
  const b = parts(op);
  if (!a || !b) {
    return null;
  }
  return b[0] - a[0] - (b[1] < a[1] || (b[1] === a[1] && b[2] < a[2]) ? 1 : 0);
}

/** "1 dag" or "3 dagen". */
export function dagen(n) {
  return n === 1 ? '1 dag' : `${n} dagen`;
}
