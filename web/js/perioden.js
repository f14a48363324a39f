// Koppel web front end: the periods that lists of evaluations are shown for.
//
// One model for the dashboard's tiles and the Evaluaties page, so a tile
// and the page it opens count the same days. "Binnen 30 dagen" is today up
// to and including today + 30 days, as the server counts it for the
// caseload (server/api_overzichten.c: gepland_op BETWEEN today AND
// date(today, '+30 days')). A period is a calendar range {van, tot} of
// YYYY-MM-DD strings, both included, that GET /evaluaties takes as-is.

import { eindeVanMaand } from '/js/koppeling-woorden.js';

/** The period the dashboard counts and the Evaluaties page shows by default. */
export const STANDAARD_PERIODE = 'binnen-30-dagen';

/** `iso` (YYYY-MM-DD) moved by `n` calendar days. */
export function plusDagen(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// The periods in the order a picker offers them: code, name and range from `today`.
const PERIODEN = [
  { code: 'komende-7-dagen', naam: 'Komende 7 dagen', bereik: (t) => ({ van: t, tot: plusDagen(t, 7) }) },
  { code: 'binnen-30-dagen', naam: 'Binnen 30 dagen', bereik: (t) => ({ van: t, tot: plusDagen(t, 30) }) },
  { code: 'deze-maand', naam: 'Deze maand', bereik: (t) => ({ van: t, tot: eindeVanMaand(t) }) },
  {
    code: 'volgende-maand',
    naam: 'Volgende maand',
    bereik: (t) => {
      const van = plusDagen(eindeVanMaand(t), 1);
      return { van, tot: eindeVanMaand(van) };
    },
  },
];

/** The periods a picker offers: [{value, text}]. */
export function periodeKeuzes() {
  return PERIODEN.map((p) => ({ value: p.code, text: p.naam }));
}

/**
 * The period `code` seen from `today`: {code, naam, van, tot}. An unknown
 * code gives the standard period.
 */
export function periode(code, today) {
  const p = PERIODEN.find((x) => x.code === code) || PERIODEN.find((x) => x.code === STANDAARD_PERIODE);
  return { code: p.code, naam: p.naam, ...p.bereik(today) };
}
