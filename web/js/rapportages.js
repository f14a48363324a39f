// Koppel web front end: the report a funder signs off (#/rapportages).
//
// The user picks a period (a year, a half-year, a quarter, or own dates
// from–to), and optionally a gemeente (from GET /api/v1/gemeenten, never
// typed; "Gemeente onbekend" for families without one), a werkgebied and a
// programme. GET /api/v1/rapportages/periode gives the figures of the whole
// selection and per gemeente, with the gemeente's targets (doelen): what is
// realised, what the pace of the year expects by now, and what is still
// needed per month. They are shown exactly as the server returns them (for
// the rapportage role counts come rounded to fives, "<5" for what rounds
// to 0, and medians over few families as null); this page never works a
// number out from other data. The choice lives in the hash
// (#/rapportages?soort=jaar&jaar=2026&gemeente=Leiden), so a report can be
// reloaded and bookmarked; the query of the old quarterly report
// (?gemeente=..&jaar=..&kwartaal=..) still opens that quarter.
//
// "Download als CSV" fetches the same report as CSV for Dutch Excel
// (Accept: text/csv, see download.js); "Afdrukken" prints it on A4 with its
// SVG charts (grafiek.js; app.css hides menus, forms and buttons in print).
// "Vaststellen" freezes the report as sent to the funder (after a
// confirmation), and the list of vaststellingen compares each with a
// regeneration now: "identiek", or which figures differ.
//
// The effect summary (cijfers.effecten: the effect calculation over the
// families with a reference scenario) is shown in the total as a table and
// per gemeente as the net saving, amounts as "€ 1.234,56" with "tenminste"
// when a quantity is unknown, and the server's reason where they are
// withheld.

import { api } from '/js/api.js';
import { confirmDialog, el, heading, messageArea, say } from '/js/dom.js';
import { downloadCsv } from '/js/download.js';
import { rapportageNav } from '/js/effecten-rapport.js';
import { formatDateTime } from '/js/format.js';
import { doelgrafiek, staafgrafiek } from '/js/grafiek.js';
import { formatDatum } from '/js/keuzelijsten.js';
import { stopredenNaam } from '/js/koppeling-woorden.js';
import { loading, showError, showFlash, showFormError, table } from '/js/page.js';
import { datumVeld, getalVeld, keuzeVeld } from '/js/velden.js';

const SOORTEN = [
  { value: 'jaar', text: 'Een heel jaar' },
  { value: 'halfjaar', text: 'Een halfjaar' },
  { value: 'kwartaal', text: 'Een kwartaal' },
  { value: 'vrij', text: 'Eigen periode (van – tot en met)' },
];
const KWARTALEN = [1, 2, 3, 4].map((k) => ({ value: String(k), text: `Kwartaal ${k}` }));
const HALFJAREN = [
  { value: '1', text: 'Eerste halfjaar (januari – juni)' },
  { value: '2', text: 'Tweede halfjaar (juli – december)' },
];
/** The gemeente choice for families without a gemeente (the API's literal). */
export const ONBEKEND = 'onbekend';

const NUMBER = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 0 });
const EURO = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
const DATUM = /^\d{4}-\d{2}-\d{2}$/;

/** A figure as the server gave it: a count, "<5", or null ("niet gegeven"). */
export function cijfer(value, format = NUMBER) {
  if (value === null || value === undefined) {
    return 'niet gegeven';
  }
  return typeof value === 'number' ? format.format(value) : String(value);
}

// The choice in the current hash. Defaults: this year, everything.
function choiceFromHash() {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  const now = new Date();
  const id = (v) => (/^\d+$/.test(v || '') ? v : '');
  let soort = SOORTEN.some((s) => s.value === q.get('soort')) ? q.get('soort') : '';
  if (!soort) {
    // a link of the old quarterly report gives only the quarter
    soort = /^[1-4]$/.test(q.get('kwartaal') || '') ? 'kwartaal' : 'jaar';
  }
  return {
    soort,
    jaar: /^\d{4}$/.test(q.get('jaar') || '') ? q.get('jaar') : String(now.getFullYear()),
    kwartaal: /^[1-4]$/.test(q.get('kwartaal') || '') ? q.get('kwartaal') : String(Math.floor(now.getMonth() / 3) + 1),
    halfjaar: /^[12]$/.test(q.get('halfjaar') || '') ? q.get('halfjaar') : (now.getMonth() < 6 ? '1' : '2'),
    van: DATUM.test(q.get('van') || '') ? q.get('van') : '',
    tot: DATUM.test(q.get('tot') || '') ? q.get('tot') : '',
    gemeente: (q.get('gemeente') || '').trim(),
    werkgebied: id(q.get('werkgebied')),
    programma: id(q.get('programma')),
  };
}

/**
 * The query parameters of GET /rapportages/periode for a choice, as
 * [name, value] pairs in a fixed order (only what the period kind uses).
 */
export function reportParams(c) {
  const p = [];
  if (c.soort === 'vrij') {
    p.push(['van', c.van], ['tot', c.tot]);
  } else {
    p.push(['jaar', c.jaar]);
    if (c.soort === 'kwartaal') {
      p.push(['kwartaal', c.kwartaal]);
    } else if (c.soort === 'halfjaar') {
      p.push(['halfjaar', c.halfjaar]);
    }
  }
  for (const key of ['gemeente', 'werkgebied', 'programma']) {
    if (c[key]) {
      p.push([key, c[key]]);
    }
  }
  return p;
}

// The hash of a choice: the period kind and the report's parameters.
function hashFor(c) {
  return `#/rapportages?${new URLSearchParams([['soort', c.soort], ...reportParams(c)])}`;
}

// The body of POST /rapportages/vaststellingen: the same parameters, numbers as numbers.
function vaststellingBody(c) {
  const body = {};
  for (const [key, value] of reportParams(c)) {
    body[key] = ['jaar', 'kwartaal', 'halfjaar', 'werkgebied', 'programma'].includes(key) ? Number(value) : value;
  }
  return body;
}

/** The period of a report in words: "het jaar 2026", "kwartaal 1 van 2026", "1 maart 2026 tot en met …". */
export function periodeTekst(p) {
  if (!p) {
    return '';
  }
  const jaar = p.jaar ?? String(p.van || '').slice(0, 4);
  switch (p.soort) {
    case 'jaar': return `het jaar ${jaar}`;
    case 'halfjaar': return `het ${p.van?.slice(5, 7) === '01' ? 'eerste' : 'tweede'} halfjaar van ${jaar}`;
    case 'kwartaal': return `kwartaal ${Math.floor((Number(p.van?.slice(5, 7)) - 1) / 3) + 1} van ${jaar}`;
    default: return `${formatDatum(p.van)} tot en met ${formatDatum(p.tot)}`;
  }
}

// What the report covers in words: "Leiden, werkgebied Regio West, programma X" or "de hele regio".
function filterTekst(f) {
  const delen = [];
  if (f?.gemeente === ONBEKEND) {
    delen.push('gemeente onbekend');
  } else if (f?.gemeente) {
    delen.push(f.gemeente);
  }
  if (f?.werkgebied) {
    delen.push(`werkgebied ${f.werkgebied.naam}`);
  }
  if (f?.programma) {
    delen.push(`programma ${f.programma.naam}`);
  }
  return delen.length ? delen.join(', ') : 'de hele regio';
}

// What a vaststelling covers in words, from its stored parameters (ids named by the pickers).
function parameterTekst(p) {
  const naamVan = (select, id) => [...(select?.options || [])].find((o) => o.value === String(id))?.textContent;
  return filterTekst({
    gemeente: p?.gemeente ?? null,
    werkgebied: p?.werkgebied ? { naam: naamVan(document.querySelector('select[name="werkgebied"]'), p.werkgebied) || `nummer ${p.werkgebied}` } : null,
    programma: p?.programma ? { naam: naamVan(document.querySelector('select[name="programma"]'), p.programma) || `nummer ${p.programma}` } : null,
  });
}

/** A target in words: "20 – 24 gezinnen", "28 koppelingen", with its programme. */
export function doelTekst(d) {
  const aantal = d.maximum === null || d.maximum === undefined || d.maximum === d.minimum
    ? `${d.minimum}` : `${d.minimum} – ${d.maximum}`;
  const eenheid = d.eenheid === 'koppelingen' ? 'koppelingen' : 'gezinnen';
  return `${aantal} ${eenheid}${d.programma ? ` (${d.programma.naam})` : ''}`;
}

/**
 * How a target stands, in words: "Gehaald", "Boven het maximum", "Op
 * schema", "Achter op schema", or "Niet gehaald" once the period is over
 * (verwachtNu null means the server gives no pace).
 */
export function doelStand(d) {
  const g = d.gerealiseerd;
  if (typeof g !== 'number') {
    return 'Niet te zeggen (afgeronde aantallen)';
  }
  if (d.maximum !== null && d.maximum !== undefined && g > d.maximum) {
    return 'Boven het maximum';
  }
  if (g >= d.minimum) {
    return 'Gehaald';
  }
  if (typeof d.verwachtNu === 'number') {
    return g >= d.verwachtNu ? 'Op schema' : 'Achter op schema';
  }
  return 'Niet gehaald';
}

/** What is still needed for a target, in words ("2 nog nodig, 0,5 per maand"). */
export function tempoTekst(d) {
  if (typeof d.nogNodig !== 'number') {
    return cijfer(d.nogNodig);
  }
  if (d.nogNodig <= 0) {
    return 'Niets meer nodig';
  }
  const perMaand = typeof d.perMaandNodig === 'number'
    ? `, ${NUMBER.format(d.perMaandNodig)} per maand in de rest van het jaar` : '';
  return `${NUMBER.format(d.nogNodig)} nog nodig${perMaand}`;
}

/** The doelen of one gemeente as a table: realised against target with the pace. */
export function doelenTabel(caption, doelen) {
  return table(caption, ['Doel', 'Gerealiseerd', 'Verwacht op dit moment', 'Nog nodig', 'Stand'],
    doelen.map((d) => [doelTekst(d), cijfer(d.gerealiseerd), cijfer(d.verwachtNu), tempoTekst(d), doelStand(d)]));
}

/** A chart of the doelen of one gemeente: one bar per doel against its target. */
export function doelenFiguur(titel, doelen) {
  return el('figure', { class: 'grafiek-figuur' },
    el('figcaption', { text: titel }),
    doelgrafiek({
      titel,
      rijen: doelen.map((d) => ({
        label: doelTekst(d),
        waarde: d.gerealiseerd,
        minimum: d.minimum,
        maximum: d.maximum ?? null,
        verwacht: typeof d.verwachtNu === 'number' ? d.verwachtNu : null,
      })),
    }),
    el('p', { class: 'grafiek-legenda', text: 'Staaf: gerealiseerd. Rode lijn: het doel (minimum); lichte strook: '
      + 'tot het maximum. Stippellijn: wat op dit moment van het jaar verwacht mag worden.' }));
}

// The figures of one <cijfers> object as sections: [{title, rows: [[label, text]]}].
function secties(c) {
  const k = c?.koppelingen || {};
  const redenen = Array.isArray(k.stopredenen) ? k.stopredenen : [];
  const dagen = (x) => cijfer(x);
  const rows = [
    {
      title: 'Vraaggezinnen bereikt',
      rows: [
        ['Nieuw in de periode', cijfer(c?.gezinnen?.nieuw)],
        ['Al lopend bij de start', cijfer(c?.gezinnen?.lopend)],
        ['Totaal bereikt', cijfer(c?.gezinnen?.bereikt)],
      ],
    },
    {
      title: 'Kinderen bereikt',
      rows: [
        ['Nieuw in de periode', cijfer(c?.kinderen?.nieuw)],
        ['Al lopend bij de start', cijfer(c?.kinderen?.lopend)],
        ['Totaal bereikt', cijfer(c?.kinderen?.bereikt)],
      ],
    },
    {
      title: 'Koppelingen',
      rows: [
        ['Nieuw in de periode', cijfer(k.nieuw)],
        ['Al lopend bij de start', cijfer(k.lopend)],
        ['Afgerond', cijfer(k.afgerond)],
        ['Gestopt', cijfer(k.gestopt)],
      ],
    },
    {
      title: 'Redenen van stoppen',
      rows: redenen.map((r) => [stopredenNaam(r.reden), cijfer(r.aantal)]),
      empty: 'Er is in deze periode geen koppeling gestopt.',
    },
    {
      title: 'Wachttijd in dagen',
      rows: [
        ['Vanaf aanmelding: mediaan', dagen(c?.wachttijdDagen?.vanafAanmelding?.mediaan)],
        ['Vanaf aanmelding: 90e percentiel', dagen(c?.wachttijdDagen?.vanafAanmelding?.p90)],
        ['Vanaf intake: mediaan', dagen(c?.wachttijdDagen?.vanafIntake?.mediaan)],
        ['Vanaf intake: 90e percentiel', dagen(c?.wachttijdDagen?.vanafIntake?.p90)],
      ],
    },
    {
      title: 'Duur van beëindigde koppelingen in dagen',
      rows: [
        ['Mediaan', dagen(c?.duurDagen?.mediaan)],
        ['90e percentiel', dagen(c?.duurDagen?.p90)],
      ],
    },
    {
      title: 'Evaluaties',
      rows: [
        ['Gehouden', cijfer(c?.evaluaties?.gehouden)],
        ['Gepland', cijfer(c?.evaluaties?.gepland)],
      ],
    },
    {
      title: 'Tevredenheid (gemiddelde score)',
      rows: [
        ['Vraagkant (het gezin dat steun krijgt)', cijfer(c?.tevredenheid?.vraagkant)],
        ['Steunkant (wie de steun geeft)', cijfer(c?.tevredenheid?.steunkant)],
      ],
    },
    {
      title: 'Voortgang op de doelen van de gezinnen',
      rows: [
        ['Aantal doelen', cijfer(c?.doelvoortgang?.doelen)],
        ['Gemiddelde score bij de start', cijfer(c?.doelvoortgang?.gemiddeldStart)],
        ['Gemiddelde score laatst', cijfer(c?.doelvoortgang?.gemiddeldLaatst)],
      ],
    },
    {
      title: 'Contact na afloop',
      rows: [
        ['Aandeel dat contact houdt', cijfer(c?.contactNaAfloop?.aandeel, PERCENT)],
        ['Van het aantal afgelopen koppelingen', cijfer(c?.contactNaAfloop?.van)],
      ],
    },
    {
      title: 'Zorgsignalen',
      rows: [['Zorgsignalen gemeld', cijfer(c?.zorgsignalen)]],
    },
  ];
  if (c?.effecten && typeof c.effecten === 'object') {
    rows.push({
      title: 'Effecten (samenvatting van de effectberekening)',
      rows: effectRijen(c.effecten),
      empty: 'Geen samenvatting.',
    });
  }
  return rows;
}

/**
 * An amount range in cents as the server gave it: "€ 1.234,56", a range
 * "€ 1.000,00 – € 1.500,00", "tenminste " before it when some quantity is
 * unknown, or "niet gegeven" when withheld (null).
 */
export function bedrag(min, max, tenminste) {
  if (typeof min !== 'number') {
    return 'niet gegeven';
  }
  const tekst = typeof max === 'number' && max !== min ? `${EURO.format(min / 100)} – ${EURO.format(max / 100)}` : EURO.format(min / 100);
  return tenminste === true ? `tenminste ${tekst}` : tekst;
}

/** The rows of an effect summary (<cijfers>.effecten) in Dutch words. */
export function effectRijen(e) {
  const rijen = [
    ['Gezinnen met een referentiescenario', cijfer(e.gezinnen)],
    ['waarvan besparing te berekenen', cijfer(e.berekenbaar)],
    ['waarvan besparing onbekend (een hoeveelheid is niet bekend)', cijfer(e.besparingOnbekend)],
    ['Vermeden kosten van formele hulp', bedrag(e.referentieMinCent, e.referentieMaxCent, e.tenminste)],
    ['Programmakosten', bedrag(e.programmakostenCent, e.programmakostenCent, false)],
    ['Netto besparing', bedrag(e.besparingMinCent, e.besparingMaxCent, e.tenminste)],
  ];
  if (e.redenGeenBedragen) {
    rijen.push(['Waarom geen bedragen', e.redenGeenBedragen]);
  }
  if (e.peildatum) {
    rijen.push(['Programmakosten geteld tot en met', formatDatum(e.peildatum)]);
  }
  return rijen;
}

// A chart in a figure with a visible caption.
function grafiekFiguur(titel, rijen) {
  return el('figure', { class: 'grafiek-figuur' }, el('figcaption', { text: titel }), staafgrafiek({ titel, rijen }));
}

// The charts of the whole selection.
function grafieken(r) {
  const t = r.totaal || {};
  const redenen = Array.isArray(t.koppelingen?.stopredenen) ? t.koppelingen.stopredenen : [];
  const welRedenen = redenen.some((x) => typeof x.aantal === 'number' && x.aantal > 0);
  const gemeenten = r.gemeenten || [];
  return el('div', { class: 'grafieken' },
    grafiekFiguur('Koppelingen in deze periode', [
      { label: 'Nieuw', waarde: t.koppelingen?.nieuw ?? null },
      { label: 'Al lopend bij de start', waarde: t.koppelingen?.lopend ?? null },
      { label: 'Afgerond', waarde: t.koppelingen?.afgerond ?? null },
      { label: 'Gestopt', waarde: t.koppelingen?.gestopt ?? null },
    ]),
    gemeenten.length
      ? grafiekFiguur('Vraaggezinnen bereikt per gemeente',
        gemeenten.map((g) => ({ label: g.naam, waarde: g.cijfers?.gezinnen?.bereikt ?? null })))
      : null,
    grafiekFiguur('Evaluaties in deze periode', [
      { label: 'Gehouden', waarde: t.evaluaties?.gehouden ?? null },
      { label: 'Gepland', waarde: t.evaluaties?.gepland ?? null },
    ]),
    welRedenen
      ? grafiekFiguur('Redenen van stoppen', redenen.map((x) => ({ label: stopredenNaam(x.reden), waarde: x.aantal })))
      : null);
}

// The subtotals per gemeente as one table.
function gemeentenTabel(gemeenten) {
  return table('Per gemeente',
    ['Gemeente', 'Gezinnen bereikt', 'waarvan nieuw', 'Kinderen bereikt', 'Koppelingen nieuw',
      'Lopend bij de start', 'Afgerond', 'Gestopt', 'Netto besparing'],
    gemeenten.map((g) => {
      const c = g.cijfers || {};
      const e = c.effecten || {};
      return [g.naam, cijfer(c.gezinnen?.bereikt), cijfer(c.gezinnen?.nieuw), cijfer(c.kinderen?.bereikt),
        cijfer(c.koppelingen?.nieuw), cijfer(c.koppelingen?.lopend), cijfer(c.koppelingen?.afgerond),
        cijfer(c.koppelingen?.gestopt), bedrag(e.besparingMinCent, e.besparingMaxCent, e.tenminste)];
    }));
}

// The sections of one <cijfers> as tables, captions prefixed with `prefix`.
function cijferTabellen(c, prefix = '') {
  return secties(c).map((d) => (d.rows.length
    ? table(`${prefix}${d.title}`, ['Onderdeel', 'Cijfer'], d.rows)
    : el('div', { class: 'rapportage-leeg' }, el('h3', { text: `${prefix}${d.title}` }), el('p', { class: 'zacht', text: d.empty }))));
}

// Words for the parts of a figure's place in the report (JSON pointer segments).
const WOORDEN = {
  gezinnen: 'vraaggezinnen',
  kinderen: 'kinderen',
  koppelingen: 'koppelingen',
  nieuw: 'nieuw',
  lopend: 'lopend bij de start',
  bereikt: 'bereikt',
  afgerond: 'afgerond',
  gestopt: 'gestopt',
  stopredenen: 'reden van stoppen',
  wachttijdDagen: 'wachttijd in dagen',
  vanafAanmelding: 'vanaf aanmelding',
  vanafIntake: 'vanaf intake',
  duurDagen: 'duur in dagen',
  mediaan: 'mediaan',
  p90: '90e percentiel',
  evaluaties: 'evaluaties',
  gehouden: 'gehouden',
  gepland: 'gepland',
  tevredenheid: 'tevredenheid',
  vraagkant: 'vraagkant',
  steunkant: 'steunkant',
  doelvoortgang: 'voortgang op doelen',
  gemiddeldStart: 'gemiddeld bij de start',
  gemiddeldLaatst: 'gemiddeld laatst',
  contactNaAfloop: 'contact na afloop',
  aandeel: 'aandeel',
  van: 'van',
  zorgsignalen: 'zorgsignalen',
  effecten: 'effecten',
  berekenbaar: 'besparing te berekenen',
  besparingOnbekend: 'besparing onbekend',
  klassen: 'klasse',
  referentieMinCent: 'vermeden formele hulp (minimum, centen)',
  referentieMaxCent: 'vermeden formele hulp (maximum, centen)',
  programmakostenCent: 'programmakosten (centen)',
  besparingMinCent: 'netto besparing (minimum, centen)',
  besparingMaxCent: 'netto besparing (maximum, centen)',
  tenminste: 'tenminste',
  peildatum: 'peildatum',
  redenGeenBedragen: 'reden geen bedragen',
  gerealiseerd: 'gerealiseerd',
  verwachtNu: 'verwacht op dit moment',
  nogNodig: 'nog nodig',
  perMaandNodig: 'per maand nodig',
  aantal: 'aantal',
};

// The value at JSON pointer `pointer` in `doc`, or undefined.
function opPad(doc, pointer) {
  return pointer.split('/').slice(1).reduce((x, k) => (x === null || x === undefined ? undefined
    : x[k.replace(/~1/g, '/').replace(/~0/g, '~')]), doc);
}

/**
 * One differing figure in words, from its JSON pointer in the report
 * ("/gemeenten/0/cijfers/koppelingen/nieuw" → "Leiden, koppelingen nieuw:
 * vastgesteld 1, nu 2"); `vast` and `nu` are the frozen and regenerated reports.
 */
export function verschilTekst(pointer, vast, nu) {
  const delen = pointer.split('/').slice(1);
  let waar = '';
  let rest = delen;
  if (delen[0] === 'totaal') {
    waar = 'Totaal';
    rest = delen.slice(1);
  } else if (delen[0] === 'gemeenten') {
    const g = opPad(nu, `/gemeenten/${delen[1]}`) || opPad(vast, `/gemeenten/${delen[1]}`);
    waar = g?.naam || `gemeente ${Number(delen[1]) + 1}`;
    rest = delen.slice(2).filter((x) => x !== 'cijfers');
    if (rest[0] === 'doelen') {
      const d = opPad(nu, `/gemeenten/${delen[1]}/doelen/${rest[1]}`) || opPad(vast, `/gemeenten/${delen[1]}/doelen/${rest[1]}`);
      waar += d ? `, doel ${doelTekst(d)}` : ', doel';
      rest = rest.slice(2);
    }
  }
  const wat = rest.map((k) => {
    if (/^\d+$/.test(k)) {
      return '';
    }
    return WOORDEN[k] || k;
  }).filter(Boolean);
  // a stop reason is named by its code
  const reden = rest[0] === 'koppelingen' && rest[1] === 'stopredenen'
    ? opPad(nu, pointer.replace(/\/aantal$/, '/reden')) || opPad(vast, pointer.replace(/\/aantal$/, '/reden')) : null;
  if (reden) {
    wat.splice(2, 0, `"${stopredenNaam(reden)}"`);
  }
  const was = opPad(vast, pointer);
  const is = opPad(nu, pointer);
  const waarden = (was === undefined || typeof was === 'object') && (is === undefined || typeof is === 'object')
    ? '' : `: vastgesteld ${was === undefined ? 'ontbreekt' : cijfer(was)}, nu ${is === undefined ? 'ontbreekt' : cijfer(is)}`;
  return `${waar}${waar && wat.length ? ', ' : ''}${wat.join(' ')}${waarden}`;
}

/** What differs between a vaststelling and its regeneration, in words. */
export function vergelijkingTekst(v) {
  if (v?.identiek === true) {
    return 'Identiek: opnieuw berekend geeft precies dezelfde cijfers.';
  }
  const verschillen = Array.isArray(v?.verschillen) ? v.verschillen : [];
  if (!verschillen.length) {
    return 'Niet identiek: het controlegetal verschilt.';
  }
  const delen = verschillen.map((d) => (typeof d === 'string' ? verschilTekst(d, v.rapport, v.nu) : String(d)));
  return `Niet identiek. Verschillen: ${delen.join('; ')}.`;
}

export function renderRapportages(ctx) {
  const title = heading('Rapportages');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const results = el('div', { class: 'rapportage-resultaat' });
  const vaststellingen = el('section', { class: 'vaststellingen', 'aria-labelledby': 'vaststellingen-titel' });
  const begin = choiceFromHash();

  const soort = keuzeVeld({ name: 'soort', label: 'Periode', choices: SOORTEN, value: begin.soort });
  const jaar = getalVeld({ name: 'jaar', label: 'Jaar', min: 2000, max: 2100, value: begin.jaar });
  const kwartaal = keuzeVeld({ name: 'kwartaal', label: 'Kwartaal', choices: KWARTALEN, value: begin.kwartaal });
  const halfjaar = keuzeVeld({ name: 'halfjaar', label: 'Halfjaar', choices: HALFJAREN, value: begin.halfjaar });
  const van = datumVeld({ name: 'van', label: 'Van', value: begin.van });
  const tot = datumVeld({ name: 'tot', label: 'Tot en met', value: begin.tot });
  const gemeente = keuzeVeld({
    name: 'gemeente', label: 'Gemeente', choices: [{ value: '', text: 'Alle gemeenten' }], value: '',
  });
  const werkgebied = keuzeVeld({
    name: 'werkgebied', label: 'Werkgebied', choices: [{ value: '', text: 'Alle werkgebieden' }], value: '',
  });
  const programma = keuzeVeld({
    name: 'programma', label: 'Programma', choices: [{ value: '', text: 'Alle programma\'s' }], value: '',
  });
  const toonVelden = () => {
    const s = soort.input.value;
    jaar.wrapper.hidden = s === 'vrij';
    kwartaal.wrapper.hidden = s !== 'kwartaal';
    halfjaar.wrapper.hidden = s !== 'halfjaar';
    van.wrapper.hidden = s !== 'vrij';
    tot.wrapper.hidden = s !== 'vrij';
  };
  soort.input.addEventListener('change', toonVelden);
  toonVelden();

  const form = el('form', { class: 'filters', 'aria-label': 'Rapportage kiezen', novalidate: true },
    el('div', { class: 'filters__velden' }, soort.wrapper, jaar.wrapper, kwartaal.wrapper, halfjaar.wrapper,
      van.wrapper, tot.wrapper, gemeente.wrapper, werkgebied.wrapper, programma.wrapper),
    el('div', { class: 'knoppen' }, el('button', { type: 'submit', class: 'knop', text: 'Rapportage tonen' })));

  const keuzeNu = () => ({
    soort: soort.input.value,
    jaar: jaar.input.value.trim(),
    kwartaal: kwartaal.input.value,
    halfjaar: halfjaar.input.value,
    van: van.input.value,
    tot: tot.input.value,
    gemeente: gemeente.input.value,
    werkgebied: werkgebied.input.value,
    programma: programma.input.value,
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const keuze = keuzeNu();
    history.pushState(null, '', hashFor(keuze));
    laad(keuze, true);
  });

  ctx.main.replaceChildren(
    title,
    rapportageNav('rapportage'),
    status,
    errors,
    el('p', {
      class: 'veld__hint',
      text: 'De cijfers van een jaar, halfjaar, kwartaal of eigen periode, voor de hele regio of één gemeente, '
        + 'werkgebied of programma, met de doelen van het jaar. Ze worden berekend uit de gedateerde geschiedenis: '
        + 'een voorbije periode geeft later dezelfde cijfers, ook na een verhuizing of een andere rol.',
    }),
    form,
    results,
    vaststellingen,
  );
  document.title = 'Rapportages · Koppel';
  showFlash(status, ctx.takeFlash());

  results.setAttribute('aria-busy', 'true');
  results.replaceChildren(loading('De keuzes worden geladen…'));
  // The pickers: the visible gemeenten, the werkgebieden and the programmes.
  Promise.all([
    api('GET', '/gemeenten', { signal: ctx.signal }),
    api('GET', '/werkgebieden', { signal: ctx.signal }).catch(() => ({ data: [] })),
    api('GET', '/programmas', { signal: ctx.signal }).catch(() => ({ data: {} })),
  ]).then(([g, w, p]) => {
    const namen = (Array.isArray(g.data) ? g.data : g.data?.gemeenten || []).map((x) => x.naam).filter(Boolean);
    gemeente.input.append(...namen.map((n) => el('option', { value: n, text: n })),
      el('option', { value: ONBEKEND, text: 'Gemeente onbekend' }));
    const wg = Array.isArray(w.data) ? w.data : w.data?.werkgebieden || [];
    werkgebied.input.append(...wg.map((x) => el('option', { value: String(x.id), text: x.naam })));
    const progs = Array.isArray(p.data) ? p.data : p.data?.programmas || [];
    programma.input.append(...progs.map((x) => el('option', { value: String(x.id), text: x.naam })));
    // A choice from a bookmark that is not (or no longer) in the list is kept, so the server can say why.
    for (const [f, v] of [[gemeente, begin.gemeente], [werkgebied, begin.werkgebied], [programma, begin.programma]]) {
      if (v && ![...f.input.options].some((o) => o.value === v)) {
        f.input.append(el('option', { value: v, text: v }));
      }
      f.input.value = v;
    }
    laad(keuzeNu(), false);
  }).catch((err) => {
    results.replaceChildren();
    results.removeAttribute('aria-busy');
    showError(errors, err);
  });
  // Freezing and comparing is for the beheerder and coordinators.
  const magVaststellen = ctx.user?.rol !== 'rapportage';
  if (magVaststellen) {
    laadVaststellingen();
  }

  async function laad(keuze, announce) {
    say(errors, '');
    if (announce) {
      say(status, '');
    }
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading('De rapportage wordt geladen…'));
    const query = new URLSearchParams(reportParams(keuze));
    try {
      const { data } = await api('GET', `/rapportages/periode?${query}`, { signal: ctx.signal });
      toon(data || {}, keuze);
      if (announce) {
        say(status, 'De rapportage is bijgewerkt.');
      }
    } catch (err) {
      results.replaceChildren();
      if (err?.invalidParams?.length) {
        showFormError(form, errors, err);
      } else {
        showError(errors, err);
      }
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  async function vaststellen(keuze, knop) {
    const ok = await confirmDialog({
      title: 'Rapportage vaststellen?',
      text: 'Je legt deze rapportage vast zoals je hem aan de financier stuurt: de datum, alle cijfers en een '
        + 'controlegetal. Later kun je elke nieuwe berekening ermee vergelijken.',
      gevolgen: ['Een vaststelling kan niet worden gewijzigd.'],
      confirm: 'Vaststellen',
      gevaar: false,
    });
    if (!ok) {
      return;
    }
    knop.disabled = true;
    say(errors, '');
    try {
      const { data } = await api('POST', '/rapportages/vaststellingen', { body: vaststellingBody(keuze), signal: ctx.signal });
      // the report as frozen, with its date and hash
      toon(data?.rapport || {}, keuze);
      say(status, 'De rapportage is vastgesteld.');
      await laadVaststellingen();
    } catch (err) {
      knop.disabled = false;
      showError(errors, err);
    }
  }

  function toon(r, keuze) {
    const csv = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Download als CSV' });
    csv.addEventListener('click', () => {
      const query = new URLSearchParams(reportParams(keuze));
      const naam = reportParams(keuze).map(([, v]) => String(v).replace(/[^A-Za-z0-9-]+/g, '-')).join('-');
      downloadCsv(`/api/v1/rapportages/periode?${query}`, `koppel-rapportage-${naam}.csv`, errors, ctx.signal);
    });
    const print = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Afdrukken' });
    print.addEventListener('click', () => window.print());
    const vast = magVaststellen ? el('button', { type: 'button', class: 'knop', text: 'Vaststellen' }) : null;
    vast?.addEventListener('click', () => vaststellen(keuze, vast));

    const gemeenten = Array.isArray(r.gemeenten) ? r.gemeenten : [];
    const metDoelen = gemeenten.filter((g) => Array.isArray(g.doelen) && g.doelen.length);
    results.replaceChildren(el('div', { class: 'rapportage' },
      el('h2', { text: `Rapportage over ${periodeTekst(r.periode)}: ${filterTekst(r.filter)}` }),
      el('p', { class: 'rapportage-periode', text: `Periode: ${formatDatum(r.periode?.van)} tot en met ${formatDatum(r.periode?.tot)}.` }),
      r.vastgesteld
        ? el('p', { class: 'rapportage-vastgesteld', text: `Vastgesteld op ${formatDateTime(r.vastgesteld.op) || r.vastgesteld.op} `
          + `(controlegetal ${String(r.vastgesteld.hash || '').slice(0, 12)}). Onder Vaststellingen staat of een nieuwe `
          + 'berekening nog dezelfde cijfers geeft.' })
        : null,
      r.afgerondOpVijf
        ? el('p', { class: 'veld__hint', text: 'Alle aantallen zijn afgerond op vijftallen; wat op 0 uitkomt, ook een '
          + 'echte 0, staat er als "<5" en krijgt in de grafieken geen staaf. Mediaan, percentiel en gemiddelde over '
          + 'weinig gezinnen worden niet gegeven.' })
        : null,
      el('div', { class: 'knoppen knoppen--boven' }, csv, print, vast),
      grafieken(r),
      el('h3', { text: 'Totaal' }),
      cijferTabellen(r.totaal),
      el('p', { class: 'zacht' }, 'De berekening per gezin, met de formules, staat in de ',
        el('a', { href: '/#/rapportages/effecten', text: 'Effectrapportage' }), '. Tarieven en referentiescenario\'s '
        + 'worden niet bewaard per periode: een latere wijziging verandert ook de effecten van een afgesloten periode.'),
      gemeenten.length ? el('h3', { text: 'Subtotalen per gemeente' }) : null,
      gemeenten.length ? gemeentenTabel(gemeenten) : null,
      metDoelen.length ? el('h3', { text: 'Doelen van het jaar' }) : null,
      metDoelen.map((g) => el('div', { class: 'rapportage-doelen' },
        doelenFiguur(`Doelen ${g.naam}`, g.doelen),
        doelenTabel(`Doelen ${g.naam}`, g.doelen))),
    ));
  }

  async function laadVaststellingen() {
    const titel = el('h2', { id: 'vaststellingen-titel', text: 'Vaststellingen' });
    const uitkomst = messageArea('status');
    vaststellingen.replaceChildren(titel, loading('De vaststellingen worden geladen…'));
    let lijst;
    try {
      const { data } = await api('GET', '/rapportages/vaststellingen', { signal: ctx.signal });
      lijst = Array.isArray(data) ? data : data?.items || [];
    } catch (err) {
      vaststellingen.replaceChildren(titel);
      showError(errors, err);
      return;
    }
    if (!lijst.length) {
      vaststellingen.replaceChildren(titel, el('p', { class: 'zacht', text: 'Er is nog geen rapportage vastgesteld.' }));
      return;
    }
    const rows = lijst.map((v) => {
      const cel = el('span', { class: 'vergelijking', text: '' });
      const knop = el('button', {
        type: 'button', class: 'knop knop--klein knop--secundair', text: 'Vergelijk met nu',
        'aria-label': `Vaststelling ${v.id} vergelijken met een nieuwe berekening`,
      });
      knop.addEventListener('click', async () => {
        knop.disabled = true;
        cel.textContent = 'Wordt vergeleken…';
        try {
          const { data } = await api('GET', `/rapportages/vaststellingen/${encodeURIComponent(v.id)}`, { signal: ctx.signal });
          cel.textContent = vergelijkingTekst(data);
          say(uitkomst, `Vaststelling ${v.id}: ${cel.textContent}`);
        } catch (err) {
          cel.textContent = '';
          showError(errors, err);
        } finally {
          knop.disabled = false;
        }
      });
      return [
        String(v.id),
        formatDateTime(v.op) || v.op || '',
        `${periodeTekst(v.parameters)}: ${parameterTekst(v.parameters)}`,
        v.door || '',
        String(v.hash || '').slice(0, 12),
        el('span', {}, knop, ' ', cel),
      ];
    });
    vaststellingen.replaceChildren(titel, uitkomst,
      table('Vastgestelde rapportages', ['Nummer', 'Vastgesteld op', 'Rapportage', 'Door', 'Controlegetal', 'Vergelijking'], rows,
        { hideCaption: true }));
  }

  return title;
}
