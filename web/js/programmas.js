// Koppel web front end: beheer of programmes (only for a beheerder).
//
//   #/beheer/programmas          every programme (archived ones on request)
//   #/beheer/programmas/nieuw    a new programme (POST)
//   #/beheer/programmas/{id}     change every setting (PATCH with If-Match),
//                                archive, or delete one that was never used
//
// Errors from the server are shown next to the field they name
// (invalidParams pointers such as "/maxMaanden", "/gewichten/afstand",
// "/woorden/steun" or "/koers/ritme/1/vanaf").
//
// A programme also has its words (how it calls the supporter and the asking
// family: estafettegezin and startgezin at Estafette) and the number of
// candidates (kandidaten, 1 to 3) one voorstel may offer a family to
// choose from.
//
// The course (koers) has its own part of the form: trial, agreements,
// durations in days, weeks or months, extension and the rhythm rules as rows
// that can be added and removed. When a programme has its own course, that
// course decides; the older flat settings only count without one.

import { api } from '/js/api.js';
import {
  clearFieldErrors, confirmDialog, el, heading, messageArea, say, uniqueId,
} from '/js/dom.js';
import {
  beheerNav, loading, showError, showFlash, table,
} from '/js/page.js';
import {
  blok, getalVeld, invoerVeld, keuzeGroep, keuzeVeld, showRefusal,
} from '/js/velden.js';

const ROLLEN = [
  { value: 'steungezin', text: 'Steungezin' },
  { value: 'steunmaatje', text: 'Steunmaatje' },
  { value: 'buddy', text: 'Buddy' },
  { value: 'estafettegezin', text: 'Estafettegezin' },
];

const CRITERIA = [
  ['afstand', 'Afstand'], ['steunvormen', 'Steunvormen'], ['dagdelen', 'Dagdelen'], ['frequentie', 'Frequentie'],
  ['leeftijd', 'Leeftijd'], ['taal', 'Taal'], ['wensen', 'Wensen'], ['ervaring', 'Ervaring'],
  ['interesses', 'Interesses'], ['steunstijl', 'Steunstijl'],
];

const rolNaam = (r) => ROLLEN.find((x) => x.value === r)?.text || r;

const EENHEDEN = [
  { value: 'dagen', text: 'dagen', een: 'dag' },
  { value: 'weken', text: 'weken', een: 'week' },
  { value: 'maanden', text: 'maanden', een: 'maand' },
];

const GESPREKSSOORTEN = [
  { value: 'kennismakingsgesprek', text: 'Kennismakingsgesprek' },
  { value: 'evaluatie-proefperiode', text: 'Evaluatie proefperiode' },
  { value: 'tussentijdse-evaluatie', text: 'Tussentijdse evaluatie' },
  { value: 'voortgangsgesprek', text: 'Voortgangsgesprek' },
];

const RITME_VANAF = [
  { value: 'kennismaking', text: 'Kennismaking' },
  { value: 'proefperiode', text: 'Proefperiode' },
  { value: 'lopend', text: 'Lopend' },
];

const MAX_REGELS = 8;

/** A duration as text: "10 weken", "1 maand". */
export function duurTekst(d) {
  if (!d) {
    return '';
  }
  const e = EENHEDEN.find((x) => x.value === d.eenheid);
  return `${d.aantal} ${d.aantal === 1 ? e?.een || d.eenheid : e?.text || d.eenheid}`;
}

// A new programme's course until the beheerder changes it.
const NIEUWE_KOERS = {
  proefperiode: null,
  afspraken: 'getekend',
  proefevaluatieVereist: false,
  bedenktijd: { aantal: 7, eenheid: 'dagen' },
  maximaleDuur: { aantal: 12, eenheid: 'maanden' },
  maximaleDuurVanaf: 'kennismaking',
  verlenging: false,
  ritme: [{
    soort: 'tussentijdse-evaluatie', vanaf: 'lopend', eerste: { aantal: 6, eenheid: 'maanden' },
    elke: { aantal: 6, eenheid: 'maanden' }, deelname: 'samen', hoogstens: 0,
  }],
};

// ---- list ---------------------------------------------------------------------------

export function renderProgrammas(ctx) {
  const title = heading("Programma's");
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading("De programma's worden geladen…"));
  const archief = el('input', { type: 'checkbox', id: 'toon-gearchiveerd' });
  const filter = el('div', { class: 'keuze' }, archief,
    el('label', { for: archief.id, text: "Ook gearchiveerde programma's tonen" }));
  const nieuw = el('a', { class: 'knop', href: '/#/beheer/programmas/nieuw', text: 'Nieuw programma' });
  ctx.main.replaceChildren(title, beheerNav('programmas'), status, errors, el('div', { class: 'knoppen' }, nieuw),
    filter, holder);
  document.title = "Programma's · Beheer · Koppel";
  showFlash(status, ctx.takeFlash());

  async function load() {
    try {
      const { data } = await api('GET', `/programmas${archief.checked ? '?gearchiveerd=true' : ''}`, { signal: ctx.signal });
      const programmas = data?.programmas || [];
      if (!programmas.length) {
        holder.replaceChildren(el('p', { text: "Er zijn nog geen programma's." }));
        return;
      }
      holder.replaceChildren(table("Alle programma's", ['Naam', 'Steunbieders', 'Per voorstel', 'Werkgebieden', 'Looptijd', 'Status', 'Actie'],
        programmas.map((p) => [
          p.naam,
          (p.rollen || []).map(rolNaam).join(', '),
          (p.kandidaten ?? 1) > 1 ? `Keuze uit ${p.kandidaten} gezinnen` : '1 gezin',
          (p.werkgebieden || []).length ? p.werkgebieden.join(', ') : 'Nergens aangeboden',
          p.koers?.maximaleDuur ? duurTekst(p.koers.maximaleDuur) : `${p.maxMaanden} maanden`,
          p.gearchiveerd ? 'Gearchiveerd' : 'In gebruik',
          el('a', { href: `/#/beheer/programmas/${encodeURIComponent(p.id)}` },
            'Wijzigen', el('span', { class: 'visueel-verborgen', text: ` ${p.naam}` })),
        ]), { hideCaption: true }));
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
    }
  }

  archief.addEventListener('change', load);
  load();
  return title;
}

// ---- create and edit ----------------------------------------------------------------

export function renderProgrammaNieuw(ctx) {
  return renderForm(ctx, null);
}

export function renderProgrammaBewerken(ctx) {
  return renderForm(ctx, ctx.params.id);
}

// A number field's value: a number, null when empty and `leeg` is null, undefined otherwise.
function getal(input, leeg) {
  const text = input.value.trim();
  if (text === '') {
    return leeg;
  }
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

// ---- the course (koers) ----------------------------------------------------------------

/**
 * A duration: a number and a unit (dagen, weken, maanden) in a fieldset with
 * a legend, error and hint; with `geen` also a checkbox for "none" that
 * disables both. {wrapper, value(): {aantal, eenheid} | null}.
 */
function duurVeld({
  name, legend, hint, pointer, value, geen,
}) {
  const id = uniqueId(`veld-${name}`);
  const hintEl = hint ? el('p', { id: `${id}-hint`, class: 'veld__hint', text: hint }) : null;
  const errorEl = el('p', { id: `${id}-fout`, class: 'veld__fout', hidden: true });
  const aantal = el('input', {
    id: `${id}-aantal`, type: 'number', min: '0', max: '3700', step: '1', inputmode: 'numeric', class: 'invoer--getal',
  });
  const eenheid = el('select', { id: `${id}-eenheid` }, EENHEDEN.map((e) => el('option', { value: e.value, text: e.text })));
  aantal.value = value ? String(value.aantal) : '';
  eenheid.value = value?.eenheid || 'maanden';
  let geenBox = null;
  const children = [];
  if (geen) {
    geenBox = el('input', { type: 'checkbox', id: `${id}-geen`, checked: !value });
    children.push(el('div', { class: 'keuze' }, geenBox, el('label', { for: geenBox.id, text: geen })));
  }
  const velden = el('div', { class: 'duur' },
    el('div', { class: 'duur__deel' }, el('label', { for: aantal.id, class: 'duur__label', text: 'Aantal' }), aantal),
    el('div', { class: 'duur__deel' }, el('label', { for: eenheid.id, class: 'duur__label', text: 'Eenheid' }), eenheid));
  const sync = () => {
    const uit = Boolean(geenBox?.checked);
    aantal.disabled = uit;
    eenheid.disabled = uit;
  };
  geenBox?.addEventListener('change', sync);
  sync();
  const wrapper = el('fieldset', {
    class: 'veld veld--groep veld--duur', dataset: { veld: name, pointer }, 'aria-describedby': hintEl?.id,
  }, el('legend', { class: 'veld__label', text: legend }), hintEl, errorEl, ...children, velden);
  return {
    wrapper,
    value() {
      if (geenBox?.checked) {
        return null;
      }
      return { aantal: getal(aantal), eenheid: eenheid.value };
    },
  };
}

/**
 * One rhythm rule as a row: kind, the phase it counts from, the first after
 * a duration, then every duration (or once), together or each side apart,
 * at most so many. {item, value(), setIndex(i), focus()}; onRemove(row) is
 * called by its remove button.
 */
function ritmeRegel(regel, onRemove) {
  const legend = el('legend', { class: 'veld__label' });
  const errorEl = el('p', { id: uniqueId('regel-fout'), class: 'veld__fout', hidden: true });
  const soort = keuzeVeld({ name: 'soort', label: 'Soort gesprek', choices: GESPREKSSOORTEN, value: regel.soort });
  const vanaf = keuzeVeld({
    name: 'vanaf', label: 'Telt vanaf de fase', choices: RITME_VANAF, value: regel.vanaf,
  });
  const eerste = duurVeld({ name: 'eerste', legend: 'Eerste gesprek na', value: regel.eerste, pointer: '' });
  const elke = duurVeld({
    name: 'elke', legend: 'Daarna elke', value: regel.elke, geen: 'Niet herhalen', pointer: '',
  });
  const deelname = keuzeGroep({
    name: 'deelname', legend: 'Wie neemt deel', value: regel.deelname || 'samen',
    choices: [{ value: 'samen', text: 'Beide gezinnen samen' }, { value: 'apart', text: 'Elke kant apart' }],
  });
  const hoogstens = getalVeld({
    name: 'hoogstens', label: 'Hoogstens (aantal gesprekken)', min: 0, max: 500, value: regel.hoogstens ?? 0,
    hint: '0: tot het einde van de koppeling.',
  });
  const weg = el('button', { type: 'button', class: 'knop knop--secundair knop--klein' });
  const fieldset = el('fieldset', { class: 'veld veld--groep ritme-regel', dataset: { veld: 'ritme' } },
    legend, errorEl,
    el('div', { class: 'velden-rij' }, soort.wrapper, vanaf.wrapper),
    el('div', { class: 'velden-rij' }, eerste.wrapper, elke.wrapper),
    deelname.wrapper, hoogstens.wrapper,
    el('div', { class: 'knoppen' }, weg));
  const item = el('li', { class: 'ritme-regels__item' }, fieldset);
  const row = {
    item,
    value: () => ({
      soort: soort.input.value,
      vanaf: vanaf.input.value,
      eerste: eerste.value(),
      elke: elke.value(),
      deelname: deelname.value() || 'samen',
      hoogstens: getal(hoogstens.input),
    }),
    setIndex(i) {
      const base = `/koers/ritme/${i}`;
      legend.textContent = `Gesprek ${i + 1}`;
      weg.replaceChildren('Verwijderen', el('span', { class: 'visueel-verborgen', text: ` (gesprek ${i + 1})` }));
      fieldset.dataset.pointer = base;
      for (const [w, key] of [[soort.wrapper, 'soort'], [vanaf.wrapper, 'vanaf'], [eerste.wrapper, 'eerste'],
        [elke.wrapper, 'elke'], [deelname.wrapper, 'deelname'], [hoogstens.wrapper, 'hoogstens']]) {
        w.dataset.pointer = `${base}/${key}`;
      }
    },
    focus: () => soort.input.focus(),
  };
  weg.addEventListener('click', () => onRemove(row));
  return row;
}

/**
 * The course part of the programme form. `koers` is the course the
 * programme walks now (or NIEUWE_KOERS). {section, value(), dirty()}: value()
 * is the course as the API takes it; dirty() tells whether the beheerder
 * changed anything in it.
 */
function koersEditor(koers) {
  const k = koers || NIEUWE_KOERS;
  let changed = false;
  const proef = duurVeld({
    name: 'proefperiode', legend: 'Proefperiode', pointer: '/koers/proefperiode', value: k.proefperiode,
    geen: 'Geen proefperiode',
  });
  const afspraken = keuzeGroep({
    name: 'afspraken', pointer: '/koers/afspraken', legend: 'Afspraken', value: k.afspraken, onder: true,
    choices: [
      { value: 'getekend', text: 'Afsprakenfase, door beide gezinnen getekend' },
      { value: 'niet-getekend', text: 'Afsprakenfase zonder handtekeningen' },
      { value: 'geen', text: 'Geen afsprakenfase' },
    ],
  });
  const proefEval = keuzeGroep({
    name: 'proefevaluatieVereist', pointer: '/koers/proefevaluatieVereist', legend: 'Evaluatie van de proefperiode',
    type: 'checkbox', value: k.proefevaluatieVereist ? ['ja'] : [],
    choices: [{ value: 'ja', text: 'Pas naar lopend na een gehouden evaluatie van de proefperiode' }],
  });
  const bedenktijd = duurVeld({
    name: 'bedenktijd', legend: 'Bedenktijd', pointer: '/koers/bedenktijd', value: k.bedenktijd,
    hint: 'Hoe lang beide gezinnen na de kennismaking mogen nadenken (hoogstens 2 maanden).',
  });
  const maxDuur = duurVeld({
    name: 'maximaleDuur', legend: 'Maximale duur', pointer: '/koers/maximaleDuur', value: k.maximaleDuur,
    hint: 'Op de einddatum valt het afsluitend gesprek.',
  });
  const vanaf = keuzeGroep({
    name: 'maximaleDuurVanaf', pointer: '/koers/maximaleDuurVanaf', legend: 'Maximale duur telt vanaf',
    value: k.maximaleDuurVanaf || 'kennismaking', onder: true,
    choices: [
      { value: 'kennismaking', text: 'De kennismaking (de koppeldatum)' },
      { value: 'lopend', text: 'Het begin van de lopende fase' },
    ],
  });
  const verlenging = keuzeGroep({
    name: 'verlenging', pointer: '/koers/verlenging', legend: 'Verlengen', value: k.verlenging ? 'ja' : 'nee',
    choices: [{ value: 'nee', text: 'Niet toegestaan' }, { value: 'ja', text: 'Toegestaan' }],
    hint: 'Of de coördinator een koppeling mag verlengen, met een nieuwe einddatum en een reden.',
  });

  // The rhythm rules.
  const lijst = el('ol', { class: 'ritme-regels' });
  const rows = [];
  const toevoegen = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Gesprek toevoegen' });
  const ritmeFout = el('p', { id: uniqueId('ritme-fout'), class: 'veld__fout', hidden: true });
  const leeg = el('p', { class: 'zacht', text: 'Geen gesprekken in het ritme: alleen het afsluitend gesprek wordt gepland.' });
  const renumber = () => {
    rows.forEach((r, i) => r.setIndex(i));
    toevoegen.disabled = rows.length >= MAX_REGELS;
    leeg.hidden = rows.length > 0;
  };
  const remove = (row) => {
    const at = rows.indexOf(row);
    rows.splice(at, 1);
    row.item.remove();
    changed = true;
    renumber();
    const next = rows[at] || rows[at - 1];
    if (next) {
      next.focus();
    } else {
      toevoegen.focus();
    }
  };
  const add = (regel) => {
    const row = ritmeRegel(regel, remove);
    rows.push(row);
    lijst.append(row.item);
    renumber();
    return row;
  };
  for (const regel of k.ritme || []) {
    add(regel);
  }
  toevoegen.addEventListener('click', () => {
    changed = true;
    add({
      soort: 'tussentijdse-evaluatie', vanaf: 'lopend', eerste: { aantal: 3, eenheid: 'maanden' },
      elke: { aantal: 3, eenheid: 'maanden' }, deelname: 'samen', hoogstens: 0,
    }).focus();
  });
  renumber();
  const ritmeTitel = el('h3', { id: uniqueId('ritme'), text: 'Ritme van de gesprekken' });
  const ritme = el('div', {
    class: 'veld ritme', dataset: { veld: 'ritme', pointer: '/koers/ritme' }, role: 'group', 'aria-labelledby': ritmeTitel.id,
  }, ritmeTitel,
  el('p', { class: 'veld__hint', text: 'Hoogstens 8 regels. Het afsluitend gesprek valt altijd op de einddatum en staat hier niet bij.' }),
  ritmeFout, leeg, lijst, el('div', { class: 'knoppen' }, toevoegen));

  const velden = el('div', { class: 'koers' },
    proef.wrapper, proefEval.wrapper, afspraken.wrapper, bedenktijd.wrapper, maxDuur.wrapper, vanaf.wrapper,
    verlenging.wrapper, ritme);
  velden.addEventListener('input', () => {
    changed = true;
  });
  velden.addEventListener('change', () => {
    changed = true;
  });
  return {
    velden,
    dirty: () => changed,
    value: () => ({
      proefperiode: proef.value(),
      afspraken: afspraken.value(),
      proefevaluatieVereist: proefEval.values().includes('ja'),
      bedenktijd: bedenktijd.value(),
      maximaleDuur: maxDuur.value(),
      maximaleDuurVanaf: vanaf.value(),
      verlenging: verlenging.value() === 'ja',
      ritme: rows.map((r) => r.value()),
    }),
  };
}

function renderForm(ctx, id) {
  const path = id ? `/programmas/${encodeURIComponent(id)}` : null;
  const title = heading(id ? 'Programma wijzigen' : 'Nieuw programma');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading('De gegevens worden geladen…'));
  ctx.main.replaceChildren(title, beheerNav('programmas'), status, errors, holder);
  document.title = `${id ? 'Programma wijzigen' : 'Nieuw programma'} · Beheer · Koppel`;

  let etag = null;

  async function load() {
    try {
      const [{ data: wg }, programma] = await Promise.all([
        api('GET', '/werkgebieden', { signal: ctx.signal }),
        path ? api('GET', path, { signal: ctx.signal }) : Promise.resolve(null),
      ]);
      etag = programma?.etag || null;
      holder.replaceChildren(buildForm(programma?.data || null, wg?.werkgebieden || []));
      if (programma) {
        document.title = `${programma.data.naam} · Programma's · Koppel`;
      }
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren(el('p', {}, el('a', { href: '/#/beheer/programmas', text: "Terug naar de programma's" })));
      }
    }
  }

  function buildForm(p, werkgebieden) {
    const v = p || {
      rollen: [], bedenktijdDagen: 7, proefMaanden: 0, proefWeken: 0, evaluatieMaanden: 6, voortgangsgesprekken: false,
      vogGeldigheidMaanden: 36, vogVrijgesteldeRollen: [], maxAfstandKm: null, verlengingToegestaan: false,
      werkgebieden: [], gewichten: {}, wachttijdPrioriteit: 0, gearchiveerd: false, kandidaten: 1,
    };
    const naam = invoerVeld({ name: 'naam', label: 'Naam', value: v.naam, attrs: { autocomplete: 'off', required: true } });
    const rollen = keuzeGroep({
      name: 'rollen', legend: 'Wie biedt steun', type: 'checkbox', choices: ROLLEN, value: v.rollen,
      hint: 'De soorten steunbiedende gezinnen of vrijwilligers die dit programma koppelt.',
    });
    const wgs = keuzeGroep({
      name: 'werkgebieden', legend: 'Aangeboden in', type: 'checkbox', value: v.werkgebieden,
      choices: werkgebieden.map((w) => ({ value: w.code, text: `${w.naam} (${w.code})` })),
      hint: "Coördinatoren zien en kiezen alleen de programma's van hun eigen werkgebieden.",
    });
    const woordSteun = invoerVeld({
      name: 'woord-steun', pointer: '/woorden/steun', label: 'Zo heet de steunbiedende kant',
      value: v.woorden?.steun, attrs: { autocomplete: 'off', maxlength: '40' },
      hint: p
        ? 'In kleine letters, zoals in een zin: steungezin, buddy, estafettegezin, vrijwilliger, maatje.'
        : 'In kleine letters, zoals in een zin: steungezin, buddy, estafettegezin, vrijwilliger, maatje. '
          + 'Leeg: naar de eerste rol hierboven.',
    });
    const woordVraag = invoerVeld({
      name: 'woord-vraag', pointer: '/woorden/vraag', label: 'Zo heet het gezin dat steun vraagt',
      value: v.woorden?.vraag, attrs: { autocomplete: 'off', maxlength: '40' },
      hint: p ? 'Bijvoorbeeld vraaggezin, of startgezin bij Estafette.'
        : 'Bijvoorbeeld vraaggezin, of startgezin bij Estafette. Leeg: vraaggezin.',
    });
    const kandidaten = getalVeld({
      name: 'kandidaten', label: 'Keuze uit hoeveel gezinnen per voorstel', min: 1, max: 3, value: v.kandidaten ?? 1,
      hint: '1: één gezin per voorstel. 2 of 3: het gezin kiest zelf uit zoveel voorgestelde gezinnen; '
        + 'de andere sluiten als niet gekozen.',
    });
    const bedenktijd = getalVeld({
      name: 'bedenktijdDagen', label: 'Bedenktijd (dagen)', min: 0, max: 60, value: v.bedenktijdDagen,
      hint: 'Hoe lang beide gezinnen na de kennismaking mogen nadenken.',
    });
    const proefMaanden = getalVeld({
      name: 'proefMaanden', label: 'Proefperiode (maanden)', min: 0, max: 12, value: v.proefMaanden,
      hint: '0 maanden en 0 weken: het programma heeft geen proefperiode.',
    });
    const proefWeken = getalVeld({ name: 'proefWeken', label: 'Proefperiode (weken)', min: 0, max: 52, value: v.proefWeken });
    const evaluatie = getalVeld({
      name: 'evaluatieMaanden', label: 'Evaluatie elke (maanden)', min: 0, max: 24, value: v.evaluatieMaanden,
      hint: 'Tussentijdse evaluaties in de lopende fase; 0: geen.',
    });
    const voortgang = keuzeGroep({
      name: 'voortgangsgesprekken', legend: 'Soort gesprek', value: v.voortgangsgesprekken ? 'ja' : 'nee',
      choices: [{ value: 'nee', text: 'Tussentijdse evaluatie' }, { value: 'ja', text: 'Voortgangsgesprek' }],
    });
    const maxMaanden = getalVeld({
      name: 'maxMaanden', label: 'Maximale duur (maanden)', min: 1, max: 120, value: v.maxMaanden,
      hint: 'Vanaf de kennismaking; dan volgt het afsluitende gesprek.',
    });
    const verlenging = keuzeGroep({
      name: 'verlengingToegestaan', legend: 'Verlenging', value: v.verlengingToegestaan ? 'ja' : 'nee',
      choices: [{ value: 'nee', text: 'Niet toegestaan' }, { value: 'ja', text: 'Toegestaan' }],
    });
    const afstand = getalVeld({
      name: 'maxAfstandKm', label: 'Maximale afstand (km)', min: 1, max: 500, value: v.maxAfstandKm,
      hint: 'Leeg: het programma stelt geen grens.',
    });
    const vog = getalVeld({
      name: 'vogGeldigheidMaanden', label: 'VOG geldig (maanden)', min: 1, max: 120, value: v.vogGeldigheidMaanden,
    });
    const vogVrij = keuzeGroep({
      name: 'vogVrijgesteldeRollen', legend: 'Geen VOG nodig voor', type: 'checkbox', choices: ROLLEN,
      value: v.vogVrijgesteldeRollen,
    });
    const prio = getalVeld({
      name: 'wachttijdPrioriteit', label: 'Voorrang per jaar wachten (matchronde)', min: 0, max: 100,
      value: v.wachttijdPrioriteit,
    });
    const gewichten = CRITERIA.map(([key, label]) => [key, getalVeld({
      name: `gewicht-${key}`, pointer: `/gewichten/${key}`, label, min: 0, max: 100, value: v.gewichten?.[key],
    })]);
    const gearchiveerd = keuzeGroep({
      name: 'gearchiveerd', legend: 'Status', value: v.gearchiveerd ? 'ja' : 'nee',
      choices: [{ value: 'nee', text: 'In gebruik' }, { value: 'ja', text: 'Gearchiveerd' }],
      hint: 'Een gearchiveerd programma blijft bij bestaande koppelingen staan, maar is niet meer te kiezen.',
    });

    const formErrors = messageArea('fout');
    const submit = el('button', { type: 'submit', class: 'knop', text: id ? 'Opslaan' : 'Programma toevoegen' });
    const knoppen = el('div', { class: 'knoppen' }, submit,
      el('a', { class: 'knop knop--secundair', href: '/#/beheer/programmas', text: "Terug naar de programma's" }));
    const algemeen = blok('Algemeen');
    algemeen.body.append(naam.wrapper, rollen.wrapper, wgs.wrapper, gearchiveerd.wrapper);
    const woorden = blok('Woorden en voorstel');
    woorden.body.append(woordSteun.wrapper, woordVraag.wrapper, kandidaten.wrapper);
    const koers = koersEditor(p ? p.koers : null);
    const koersKeuze = keuzeGroep({
      name: 'koersKeuze', pointer: '/koers', legend: 'Hoe loopt een koppeling', value: 'eigen', onder: true,
      choices: [
        { value: 'eigen', text: 'Volgens het verloop hieronder' },
        { value: 'instellingen', text: 'Volgens de oudere instellingen (Buurtgezinnen-model)' },
      ],
      hint: p
        ? 'Hieronder staat het verloop dat dit programma nu volgt. Kies je de oudere instellingen, dan vervalt het eigen verloop.'
        : undefined,
    });
    const koersSync = () => {
      koers.velden.hidden = koersKeuze.value() !== 'eigen';
    };
    koersKeuze.inputs.forEach((i) => i.addEventListener('change', koersSync));
    const koersDeel = blok('Verloop van een koppeling');
    koersDeel.body.append(koersKeuze.wrapper, koers.velden);
    const verloop = blok('Oudere instellingen voor het verloop');
    verloop.body.append(el('p', {
      class: 'veld__hint',
      text: 'Heeft het programma een eigen verloop (hierboven), dan bepaalt dat verloop de fasen, termijnen en '
        + 'gesprekken van een koppeling, en gelden deze instellingen niet.',
    }), bedenktijd.wrapper, proefMaanden.wrapper, proefWeken.wrapper, evaluatie.wrapper,
    voortgang.wrapper, maxMaanden.wrapper, verlenging.wrapper);
    const regels = blok('Regels voor steunbieders');
    regels.body.append(afstand.wrapper, vog.wrapper, vogVrij.wrapper);
    const matching = blok('Gewichten bij het zoeken (0–100)');
    matching.body.append(...gewichten.map(([, f]) => f.wrapper), prio.wrapper);
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': id ? 'Programma wijzigen' : 'Nieuw programma' },
      formErrors, algemeen.section, woorden.section, koersDeel.section, verloop.section, regels.section, matching.section, knoppen);

    if (id) {
      const weg = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Verwijderen' });
      knoppen.append(weg);
      weg.addEventListener('click', async () => {
        const ok = await confirmDialog({
          title: 'Programma verwijderen?',
          text: `${p.naam} wordt verwijderd. Dat kan alleen als het nooit is gebruikt; anders archiveer je het.`,
          confirm: 'Verwijderen',
        });
        if (!ok) {
          return;
        }
        try {
          await api('DELETE', path, { signal: ctx.signal });
          ctx.navigate('#/beheer/programmas', `Programma ${p.naam} is verwijderd.`);
        } catch (err) {
          showError(formErrors, err);
        }
      });
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(status, '');
      const body = {
        naam: naam.input.value.trim(),
        rollen: rollen.values(),
        werkgebieden: wgs.values(),
        gearchiveerd: gearchiveerd.value() === 'ja',
        kandidaten: getal(kandidaten.input),
        bedenktijdDagen: getal(bedenktijd.input),
        proefMaanden: getal(proefMaanden.input),
        proefWeken: getal(proefWeken.input),
        evaluatieMaanden: getal(evaluatie.input),
        voortgangsgesprekken: voortgang.value() === 'ja',
        maxMaanden: getal(maxMaanden.input),
        verlengingToegestaan: verlenging.value() === 'ja',
        maxAfstandKm: getal(afstand.input, null),
        vogGeldigheidMaanden: getal(vog.input),
        vogVrijgesteldeRollen: vogVrij.values(),
        wachttijdPrioriteit: getal(prio.input),
        gewichten: Object.fromEntries(gewichten.map(([key, f]) => [key, getal(f.input)]).filter(([, x]) => x !== undefined)),
      };
      // A new programme gets the course as shown; a change sends it only when it was touched, so a programme
      // that follows its older settings keeps doing so while those are edited.
      if (koersKeuze.value() !== 'eigen') {
        body.koers = null;
      } else if (!id || koers.dirty()) {
        body.koers = koers.value();
      }
      // a word left empty stays as it was (a new programme takes the defaults)
      const woordenBody = Object.fromEntries([['steun', woordSteun], ['vraag', woordVraag]]
        .map(([key, f]) => [key, f.input.value.trim()]).filter(([, w]) => w));
      if (Object.keys(woordenBody).length) {
        body.woorden = woordenBody;
      }
      if (!body.naam) {
        delete body.naam;
      }
      for (const key of Object.keys(body)) {
        if (body[key] === undefined) {
          delete body[key];
        }
      }
      submit.disabled = true;
      try {
        if (id) {
          await api('PATCH', path, { body, etag, signal: ctx.signal });
          ctx.navigate('#/beheer/programmas', `Programma ${body.naam || p.naam} is opgeslagen.`);
        } else {
          await api('POST', '/programmas', { body, signal: ctx.signal });
          ctx.navigate('#/beheer/programmas', `Programma ${body.naam} is toegevoegd.`);
        }
      } catch (err) {
        submit.disabled = false;
        if (err?.status === 412) {
          await load();
          say(errors, 'Iemand anders heeft dit programma intussen gewijzigd. Hieronder staan de nieuwste gegevens. ' +
            'Breng je wijziging opnieuw aan en sla op.');
          title.focus();
          return;
        }
        showRefusal(form, formErrors, err);
      }
    });
    return form;
  }

  load();
  return title;
}
