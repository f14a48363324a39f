// Koppel web front end: the effect report for the funder
// (#/rapportages/effecten), under Rapportages in the menu.
//
// The user picks a gemeente, a programme and a period from lists (the
// gemeenten the report itself knows, the programmes, this year / last year
// / everything / own dates); GET /api/v1/rapportages/effecten gives the
// figures, shown exactly as the server returns them: the number of
// families and how many are computable, the classes (goedkoper, ongeveer
// gelijk, extra kosten, besparing onbekend) with a simple bar chart
// (grafiek.js), totals and ranges ("tenminste" when a quantity is unknown),
// the reference cost per payer and the figures per gemeente. Coordinators
// also see each family as a letter with its items and their formulas, so
// every figure can be traced; the rapportage role gets only the aggregates
// (counts rounded to fives, "<5", amounts left out over few families).
// The standing caveat that a reference scenario approximates reality is
// always shown. "Download als CSV" fetches the same report as CSV for
// Dutch Excel (download.js); "Afdrukken" prints it on A4 (app.css hides
// menus and buttons in print). The choice lives in the hash, so a report
// can be reloaded and bookmarked.

import { api } from '/js/api.js';
import { el, heading, messageArea, say } from '/js/dom.js';
import { downloadCsv } from '/js/download.js';
import { staafgrafiek } from '/js/grafiek.js';
import { loading, showError, showFlash, showFormError, table } from '/js/page.js';
import { datumVeld, keuzeVeld } from '/js/velden.js';

const EURO = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
export const KLASSEN = [
  ['goedkoper', 'Programma goedkoper'],
  ['ongeveer-gelijk', 'Ongeveer gelijk'],
  ['extra-kosten', 'Extra kosten'],
  ['besparing-onbekend', 'Besparing onbekend'],
];
const BETALERS = {
  'gemeente-jeugdwet': 'Gemeente (Jeugdwet)',
  'gemeente-wmo': 'Gemeente (Wmo)',
  'gemeente-participatiewet': 'Gemeente (Participatiewet)',
  'zorgverzekeraar-zvw': 'Zorgverzekeraar (Zvw)',
  rijk: 'Rijk',
};
const UITKOMSTEN = {
  voorkomen: 'Voorkomen',
  verminderd: 'Verminderd',
  beeindigd: 'Beëindigd',
  opgeschaald: 'Opgeschaald',
  'alleen-extra': 'Alleen extra naast formele hulp',
};
const PERIODEN = [
  { value: 'alles', text: 'Alle koppelingen' },
  { value: 'dit-jaar', text: 'Koppelingen van dit jaar' },
  { value: 'vorig-jaar', text: 'Koppelingen van vorig jaar' },
  { value: 'eigen', text: 'Eigen periode' },
];

/** Cents as euros, or "niet gegeven" for a suppressed amount (null). */
function euro(cent) {
  return cent === null || cent === undefined ? 'niet gegeven' : EURO.format(cent / 100);
}

/** A range of cents as text: one amount, "a – b", with "tenminste" when a quantity is unknown. */
export function bereik(min, max, tenminste) {
  if (min === null || min === undefined) {
    return 'niet gegeven';
  }
  const t = min === max ? euro(min) : `${euro(min)} – ${euro(max)}`;
  return tenminste ? `tenminste ${t}` : t;
}

/** A count as the server gave it (a number or "<5"). */
function aantal(v) {
  return v === null || v === undefined ? 'niet gegeven' : String(v);
}

// The choice in the hash; the period as a preset or own dates.
function keuzeUitHash() {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  const datum = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v || '') ? v : '');
  return {
    gemeente: q.get('gemeente') || '',
    programma: /^\d+$/.test(q.get('programma') || '') ? q.get('programma') : '',
    periode: PERIODEN.some((p) => p.value === q.get('periode')) ? q.get('periode') : 'alles',
    van: datum(q.get('van')),
    tot: datum(q.get('tot')),
  };
}

/** van and tot of a choice (null when open). */
export function periodeVan(keuze, vandaag = new Date()) {
  const jaar = vandaag.getFullYear();
  if (keuze.periode === 'dit-jaar') {
    return { van: `${jaar}-01-01`, tot: `${jaar}-12-31` };
  }
  if (keuze.periode === 'vorig-jaar') {
    return { van: `${jaar - 1}-01-01`, tot: `${jaar - 1}-12-31` };
  }
  if (keuze.periode === 'eigen') {
    return { van: keuze.van || null, tot: keuze.tot || null };
  }
  return { van: null, tot: null };
}

/** The query of the report for a choice. */
function query(keuze) {
  const q = new URLSearchParams();
  const { van, tot } = periodeVan(keuze);
  if (keuze.gemeente) {
    q.set('gemeente', keuze.gemeente);
  }
  if (keuze.programma) {
    q.set('programma', keuze.programma);
  }
  if (van) {
    q.set('van', van);
  }
  if (tot) {
    q.set('tot', tot);
  }
  return q;
}

/** The secondary menu of the Rapportages pages. */
export function rapportageNav(current) {
  const links = [
    { key: 'rapportage', href: '/#/rapportages', text: 'Rapportage' },
    { key: 'jaaroverzicht', href: '/#/rapportages/jaaroverzicht', text: 'Jaaroverzicht' },
    { key: 'effecten', href: '/#/rapportages/effecten', text: 'Effectrapportage' },
  ];
  return el('nav', { class: 'sub-nav', 'aria-label': 'Rapportages' },
    el('ul', {}, links.map((l) => el('li', {},
      el('a', { href: l.href, text: l.text, 'aria-current': l.key === current ? 'page' : null })))));
}

// The figures of one group (the whole, a gemeente) as [label, text] rows.
function groepRijen(g) {
  return [
    ['Gezinnen', aantal(g.gezinnen)],
    ['Berekenbaar', aantal(g.berekenbaar)],
    ['Referentiekosten (eerste jaar)', bereik(g.referentieMinCent, g.referentieMaxCent, g.tenminste)],
    ['Programmakosten', euro(g.programmakostenCent)],
    ['Besparing', bereik(g.besparingMinCent, g.besparingMaxCent, g.tenminste)],
  ];
}

// A chart in a figure with a visible caption.
function grafiekFiguur(titel, rijen) {
  return el('figure', { class: 'grafiek-figuur' }, el('figcaption', { text: titel }), staafgrafiek({ titel, rijen }));
}

// One family: its letter, class, totals and each item with its formula.
function gezinBlok(g) {
  const klasse = KLASSEN.find(([k]) => k === g.klasse)?.[1] || g.klasse;
  return el('section', { class: 'effect-gezin', 'aria-labelledby': `effect-gezin-${g.gezin}` },
    el('h4', { id: `effect-gezin-${g.gezin}`, text: `Gezin ${g.gezin}${g.gemeente ? ` (${g.gemeente})` : ''}: ${klasse}` }),
    el('p', { class: 'effect-som' },
      `Referentie ${g.referentie} − programmakosten ${euro(g.programmakostenCent)}`
      + `${g.programmakostenFormule ? ` (${g.programmakostenFormule})` : ''} = besparing `
      + `${bereik(g.besparingMinCent, g.besparingMaxCent, g.onbekend)}.`
      + `${g.opgesteldMetOnafhankelijkeProfessional ? ' Opgesteld met een onafhankelijke professional.' : ''}`),
    g.items?.length
      ? table(`Items van gezin ${g.gezin}`, ['Tarief', 'Betaler', 'Formule', 'Bedrag'], g.items.map((it) => [
        it.omschrijving || it.tarief,
        BETALERS[it.betaler] || it.betaler || '—',
        el('span', { class: 'effect-formule', text: it.formule }),
        it.berekenbaar ? bereik(it.minCent, it.maxCent, false) : 'onbekend',
      ]), { hideCaption: true })
      : el('p', { class: 'zacht', text: 'Geen formele hulp in het referentiescenario.' }));
}

export function renderEffectenRapport(ctx) {
  const title = heading('Effectrapportage');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const results = el('div', { class: 'rapportage-resultaat' });
  const begin = keuzeUitHash();

  const gemeente = keuzeVeld({ name: 'gemeente', label: 'Gemeente', choices: [{ value: '', text: 'Alle gemeenten' }], value: '' });
  const programma = keuzeVeld({ name: 'programma', label: 'Programma', choices: [{ value: '', text: 'Alle programma\'s' }], value: '' });
  const periode = keuzeVeld({ name: 'periode', label: 'Periode', choices: PERIODEN, value: begin.periode });
  const van = datumVeld({ name: 'van', label: 'Koppelingen vanaf', value: begin.van });
  const tot = datumVeld({ name: 'tot', label: 'Koppelingen tot en met', value: begin.tot });
  const eigen = () => {
    van.wrapper.hidden = periode.input.value !== 'eigen';
    tot.wrapper.hidden = periode.input.value !== 'eigen';
  };
  periode.input.addEventListener('change', eigen);
  eigen();
  const form = el('form', { class: 'filters', 'aria-label': 'Effectrapportage kiezen', novalidate: true },
    el('div', { class: 'filters__velden' }, gemeente.wrapper, programma.wrapper, periode.wrapper, van.wrapper, tot.wrapper),
    el('div', { class: 'knoppen' }, el('button', { type: 'submit', class: 'knop', text: 'Rapportage tonen' })));

  const keuzeNu = () => ({
    gemeente: gemeente.input.value,
    programma: programma.input.value,
    periode: periode.input.value,
    van: van.input.value,
    tot: tot.input.value,
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const k = keuzeNu();
    const q = new URLSearchParams(Object.entries(k).filter(([, v]) => v));
    history.pushState(null, '', `#/rapportages/effecten?${q}`);
    laad(k, true);
  });

  ctx.main.replaceChildren(title, rapportageNav('effecten'), status, errors,
    el('p', {
      class: 'veld__hint',
      text: 'Wat de koppelingen besparen aan formele hulp: per vraaggezin het referentiescenario (de formele hulp van het '
        + 'eerste jaar zonder koppeling) tegenover de programmakosten. Gezinnen staan er alleen als letter in.',
    }),
    form, results);
  document.title = 'Effectrapportage · Koppel';
  showFlash(status, ctx.takeFlash());

  // the pickers: the programmes, and the gemeenten of the visible families (from the report over everything)
  Promise.all([
    api('GET', '/programmas', { signal: ctx.signal }),
    api('GET', '/rapportages/effecten', { signal: ctx.signal }),
    api('GET', '/werkgebieden', { signal: ctx.signal }).catch(() => ({ data: [] })),
  ]).then(([p, r, w]) => {
    const progs = p.data?.programmas || [];
    programma.input.append(...progs.map((x) => el('option', { value: String(x.id), text: x.naam })));
    const wg = Array.isArray(w.data) ? w.data : w.data?.werkgebieden || [];
    const namen = [...new Set([...(r.data?.perGemeente || []).map((g) => g.gemeente), ...wg.map((x) => x.naam)]
      .filter(Boolean))].sort((a, b) => a.localeCompare(b, 'nl'));
    if (begin.gemeente && !namen.includes(begin.gemeente)) {
      namen.push(begin.gemeente);
    }
    gemeente.input.append(...namen.map((n) => el('option', { value: n, text: n })));
    gemeente.input.value = begin.gemeente;
    programma.input.value = begin.programma;
    const keuze = keuzeNu();
    if (query(keuze).toString() === '') {
      toon(r.data || {}, keuze); // the report over everything is already here
      results.removeAttribute('aria-busy');
    } else {
      laad(keuze, false);
    }
  }).catch((err) => {
    results.replaceChildren();
    results.removeAttribute('aria-busy');
    showError(errors, err);
  });
  results.setAttribute('aria-busy', 'true');
  results.replaceChildren(loading('De rapportage wordt geladen…'));

  async function laad(keuze, announce) {
    say(errors, '');
    if (announce) {
      say(status, '');
    }
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading('De rapportage wordt geladen…'));
    try {
      const { data } = await api('GET', `/rapportages/effecten?${query(keuze)}`, { signal: ctx.signal });
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

  function toon(r, keuze) {
    const t = r.totaal || {};
    const progNaam = keuze.programma ? programma.input.selectedOptions[0]?.textContent : 'alle programma\'s';
    const { van: v, tot: w } = periodeVan(keuze);
    const periodeTekst = v || w ? `koppelingen ${v ? `vanaf ${v}` : ''}${v && w ? ' ' : ''}${w ? `tot en met ${w}` : ''}` : 'alle koppelingen';
    const csv = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Download als CSV' });
    csv.addEventListener('click', () => {
      downloadCsv(`/api/v1/rapportages/effecten?${query(keuze)}`, 'koppel-effecten.csv', errors, ctx.signal);
    });
    const print = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Afdrukken' });
    print.addEventListener('click', () => window.print());
    const klassen = KLASSEN.map(([k, naam]) => ({ label: naam, waarde: t.klassen?.[k] ?? null }));
    const betalers = Object.entries(r.perBetaler || {});
    const uitkomsten = Object.entries(r.uitkomsten || {});
    const programmas = r.perProgramma || [];
    results.replaceChildren(el('div', { class: 'rapportage rapportage--effecten' },
      el('h2', { text: `Effecten van ${progNaam} in ${keuze.gemeente || 'alle gemeenten'}` }),
      el('p', { class: 'rapportage-periode', text: `Periode: ${periodeTekst}; programmakosten tot ${r.filter?.peildatum}.` }),
      el('p', { class: 'effect-voorbehoud', text: r.voorbehoud }),
      r.afgerondOpVijf
        ? el('p', { class: 'veld__hint', text: 'Aantallen zijn afgerond op vijftallen; wat op 0 uitkomt staat er als "<5". '
          + 'Bedragen over te weinig gezinnen worden niet gegeven. Gezinnen worden niet afzonderlijk getoond.' })
        : null,
      el('div', { class: 'knoppen knoppen--boven' }, csv, print),
      table('Kerncijfers', ['Onderdeel', 'Cijfer'], groepRijen(t)),
      el('div', { class: 'grafieken' }, grafiekFiguur('Gezinnen per uitkomst van de vergelijking', klassen)),
      table('Gezinnen per uitkomst van de vergelijking', ['Uitkomst', 'Gezinnen'], klassen.map((k) => [k.label, aantal(k.waarde)])),
      betalers.length
        ? table('Referentiekosten per betaler', ['Betaler', 'Bedrag'], betalers.map(([b, x]) => [
          BETALERS[b] || b, bereik(x.minCent, x.maxCent, t.tenminste)]))
        : null,
      (r.perGemeente || []).length
        ? table('Per gemeente', ['Gemeente', 'Gezinnen', 'Berekenbaar', 'Referentie', 'Programmakosten', 'Besparing'],
          r.perGemeente.map((g) => [g.gemeente || 'onbekend', aantal(g.gezinnen), aantal(g.berekenbaar),
            bereik(g.referentieMinCent, g.referentieMaxCent, g.tenminste), euro(g.programmakostenCent),
            bereik(g.besparingMinCent, g.besparingMaxCent, g.tenminste)]))
        : null,
      programmas.length
        ? table('Per programma', ['Programma', 'Gezinnen', 'Berekenbaar', 'Referentie', 'Programmakosten', 'Besparing'],
          programmas.map((g) => [g.naam, aantal(g.gezinnen), aantal(g.berekenbaar),
            bereik(g.referentieMinCent, g.referentieMaxCent, g.tenminste), euro(g.programmakostenCent),
            bereik(g.besparingMinCent, g.besparingMaxCent, g.tenminste)]))
        : null,
      uitkomsten.length
        ? table('Uitkomsten van de formele hulp', ['Uitkomst', 'Dankzij', 'Mede dankzij', 'Totaal'],
          uitkomsten.map(([u, x]) => [UITKOMSTEN[u] || u, u === 'alleen-extra' ? '—' : aantal(x.dankzij),
            u === 'alleen-extra' ? '—' : aantal(x['mede-dankzij']), aantal(x.totaal)]))
        : null,
      r.gezinnen
        ? el('section', { class: 'effect-gezinnen', 'aria-labelledby': 'effect-gezinnen-kop' },
          el('h3', { id: 'effect-gezinnen-kop', text: 'Per gezin, met de formules' }),
          r.gezinnen.length
            ? r.gezinnen.map(gezinBlok)
            : el('p', { class: 'zacht', text: 'Geen gezinnen met een referentiescenario en een koppeling in deze keuze.' }))
        : null));
  }

  return title;
}
