// Koppel web front end: the words of koppelingen and evaluaties.
//
// The API speaks in codes (fase "proefperiode", reden "geen-klik", soort
// "evaluatie-proefperiode"); these are the Dutch names the pages show for
// them, in the order they are offered. Also the few date calculations the
// koppelingen pages need on the browser's side.

import { el } from '/js/dom.js';

/** The phases of a koppeling in order; gestopt can follow any of them. */
export const FASEN = [
  { code: 'voorstel', naam: 'Voorstel' },
  { code: 'kennismaking', naam: 'Kennismaking' },
  { code: 'proefperiode', naam: 'Proefperiode' },
  { code: 'contract', naam: 'Contract' },
  { code: 'lopend', naam: 'Lopend' },
  { code: 'afronding', naam: 'Afronding' },
  { code: 'gestopt', naam: 'Gestopt' },
];

/** The phases a koppeling walks when nothing stops it early. */
export const HOOFDPAD = FASEN.filter((f) => f.code !== 'gestopt').map((f) => f.code);

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

/** Reasons for stopping early, in the order the select offers them. */
export const STOPREDENEN = [
  { code: 'geen-klik', naam: 'Geen klik' },
  { code: 'steungezin-overbelast', naam: 'Steungezin overbelast' },
  { code: 'steungezin-ziek', naam: 'Steungezin ziek' },
  { code: 'steungezin-verhuisd', naam: 'Steungezin verhuisd' },
  { code: 'vraaggezin-wil-stoppen', naam: 'Vraaggezin wil stoppen' },
  { code: 'doelen-bereikt', naam: 'Doelen bereikt' },
  { code: 'professionele-hulp-nodig', naam: 'Professionele hulp nodig' },
  { code: 'anders', naam: 'Anders' },
];

/** The kinds of evaluatiemomenten. */
export const EVALUATIE_SOORTEN = [
  { code: 'kennismakingsgesprek', naam: 'Kennismakingsgesprek' },
  { code: 'evaluatie-proefperiode', naam: 'Evaluatie proefperiode' },
  { code: 'tussentijdse-evaluatie', naam: 'Tussentijdse evaluatie' },
  { code: 'voortgangsgesprek', naam: 'Voortgangsgesprek' },
  { code: 'afsluitend-gesprek', naam: 'Afsluitend gesprek' },
];

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

export const faseNaam = (code) => naamIn(FASEN, code);
export const stopredenNaam = (code) => naamIn(STOPREDENEN, code);
export const soortNaam = (code) => naamIn(EVALUATIE_SOORTEN, code);
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
