// Koppel web front end: the quarterly report per gemeente (#/rapportages).
//
// The user picks a gemeente, a year and a quarter; GET
// /api/v1/overzichten/kwartaal gives the figures, which are shown as
// tables exactly as the server returns them. For the rapportage role the
// server rounds every count to a multiple of 5 and shows what rounds to 0
// as "<5", gives totals as the sums of the rounded parts and every stop
// reason (zero included), and leaves out medians and shares over few
// families (null); this page never works a number out from other data. The choice lives in the hash
// (#/rapportages?gemeente=Utrecht&jaar=2026&kwartaal=1), so a report can
// be reloaded and bookmarked.
//
// Simple bar charts (grafiek.js) show the koppelingen and the evaluations
// of the quarter; a "<5" gets no bar, only its text, so its size is not
// given away. "Download als CSV" fetches the same report from the server
// as CSV for Dutch Excel (Accept: text/csv, see download.js), with the
// same suppression; "Afdrukken" prints the page on A4 (app.css hides the
// header, menus and buttons in print and keeps each chart on one page).

import { api } from '/js/api.js';
import { el, heading, messageArea, say } from '/js/dom.js';
import { downloadCsv } from '/js/download.js';
import { rapportageNav } from '/js/effecten-rapport.js';
import { staafgrafiek } from '/js/grafiek.js';
import { formatDatum } from '/js/keuzelijsten.js';
import { stopredenNaam } from '/js/koppeling-woorden.js';
import { loading, showError, showFlash, showFormError, table } from '/js/page.js';
import { getalVeld, invoerVeld, keuzeVeld } from '/js/velden.js';

const KWARTALEN = [1, 2, 3, 4].map((k) => ({ value: String(k), text: `Kwartaal ${k}` }));

// The choice in the current hash; defaults to the current quarter.
function choiceFromHash() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const now = new Date();
  const jaar = /^\d{4}$/.test(params.get('jaar') || '') ? params.get('jaar') : String(now.getFullYear());
  const kwartaal = /^[1-4]$/.test(params.get('kwartaal') || '')
    ? params.get('kwartaal') : String(Math.floor(now.getMonth() / 3) + 1);
  return { gemeente: (params.get('gemeente') || '').trim(), jaar, kwartaal };
}

function hashFor({ gemeente, jaar, kwartaal }) {
  return `#/rapportages?${new URLSearchParams({ gemeente, jaar, kwartaal })}`;
}

const NUMBER = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
const PERCENT = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 0 });

// A figure as the server gave it: a count, "<5", or null (not given).
function cijfer(value, format = NUMBER) {
  if (value === null || value === undefined) {
    return 'niet gegeven';
  }
  return typeof value === 'number' ? format.format(value) : String(value);
}

// The sections of the report: [{title, rows: [[label, text]]}].
function secties(r) {
  const redenen = Object.entries(r.beeindigd?.redenenGestopt || {});
  return [
    {
      title: 'Kerncijfers',
      rows: [
        ['Aanmeldingen', cijfer(r.aanmeldingen)],
        ['Intakes', cijfer(r.intakes)],
        ['Nieuwe koppelingen', cijfer(r.nieuweKoppelingen)],
        ['Actief aan het einde van het kwartaal', cijfer(r.actiefEindeKwartaal)],
        ['Kinderen bereikt', cijfer(r.kinderenBereikt)],
      ],
    },
    {
      title: 'Beëindigde koppelingen',
      rows: [
        ['Afgerond', cijfer(r.beeindigd?.afgerond)],
        ['Gestopt', cijfer(r.beeindigd?.gestopt)],
        ['Totaal', cijfer(r.beeindigd?.totaal)],
      ],
    },
    {
      title: 'Redenen van stoppen',
      rows: redenen.map(([code, n]) => [stopredenNaam(code), cijfer(n)]),
      empty: 'Er zijn geen redenen van stoppen.',
    },
    {
      title: 'Dagen van aanmelding tot koppeling',
      rows: [
        ['Aantal gezinnen', cijfer(r.dagenTotKoppeling?.aantal)],
        ['Mediaan (dagen)', cijfer(r.dagenTotKoppeling?.mediaan)],
        ['90e percentiel (dagen)', cijfer(r.dagenTotKoppeling?.p90)],
      ],
    },
    {
      title: 'Contact na afloop',
      rows: [
        ['Nog contact', cijfer(r.contactNaAfloop?.ja)],
        ['Bekend', cijfer(r.contactNaAfloop?.bekend)],
        ['Aandeel met contact', cijfer(r.contactNaAfloop?.aandeel, PERCENT)],
      ],
    },
    {
      title: 'Evaluaties',
      rows: [
        ['Gehouden', cijfer(r.evaluaties?.gehouden)],
        ['Gepland', cijfer(r.evaluaties?.gepland)],
      ],
    },
  ];
}

// A chart in a figure with a visible caption.
function grafiekFiguur(titel, rijen) {
  return el('figure', { class: 'grafiek-figuur' },
    el('figcaption', { text: titel }),
    staafgrafiek({ titel, rijen }));
}

// The charts of the report: the koppelingen of the quarter, the
// evaluations, and the reasons for stopping when one of them is a number
// above 0 (every reason is always listed, so a chart of only zeros and
// "<5" would show nothing).
function grafieken(r) {
  const redenen = Object.entries(r.beeindigd?.redenenGestopt || {});
  const welRedenen = redenen.some(([, n]) => typeof n === 'number' && n > 0);
  return el('div', { class: 'grafieken' },
    grafiekFiguur('Koppelingen in dit kwartaal', [
      { label: 'Nieuw', waarde: r.nieuweKoppelingen ?? null },
      { label: 'Afgerond', waarde: r.beeindigd?.afgerond ?? null },
      { label: 'Gestopt', waarde: r.beeindigd?.gestopt ?? null },
      { label: 'Actief aan het einde', waarde: r.actiefEindeKwartaal ?? null },
    ]),
    grafiekFiguur('Evaluaties in dit kwartaal', [
      { label: 'Gehouden', waarde: r.evaluaties?.gehouden ?? null },
      { label: 'Gepland', waarde: r.evaluaties?.gepland ?? null },
    ]),
    welRedenen
      ? grafiekFiguur('Redenen van stoppen', redenen.map(([code, n]) => ({ label: stopredenNaam(code), waarde: n })))
      : null);
}

export function renderRapportages(ctx) {
  const title = heading('Rapportages');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const results = el('div', { class: 'rapportage-resultaat' });
  const initial = choiceFromHash();

  const gemeente = invoerVeld({
    name: 'gemeente', label: 'Gemeente', value: initial.gemeente, attrs: { autocomplete: 'off', required: true },
  });
  const jaar = getalVeld({ name: 'jaar', label: 'Jaar', min: 2000, max: 2100, value: initial.jaar });
  const kwartaal = keuzeVeld({ name: 'kwartaal', label: 'Kwartaal', choices: KWARTALEN, value: initial.kwartaal });
  const form = el('form', { class: 'filters', 'aria-label': 'Kwartaal kiezen', novalidate: true },
    el('div', { class: 'filters__velden' }, gemeente.wrapper, jaar.wrapper, kwartaal.wrapper),
    el('div', { class: 'knoppen' }, el('button', { type: 'submit', class: 'knop', text: 'Rapportage tonen' })));

  // Suggest the names of the werkgebieden as gemeenten.
  const suggestions = el('datalist', { id: `${gemeente.input.id}-lijst` });
  gemeente.input.setAttribute('list', suggestions.id);
  gemeente.wrapper.append(suggestions);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = {
      gemeente: gemeente.input.value.trim(), jaar: jaar.input.value.trim(), kwartaal: kwartaal.input.value,
    };
    history.pushState(null, '', hashFor(next));
    load(next, true);
  });

  ctx.main.replaceChildren(
    title,
    rapportageNav('kwartaal'),
    status,
    errors,
    el('p', {
      class: 'veld__hint',
      text: 'De kwartaalcijfers van één gemeente, berekend uit de gedateerde geschiedenis: '
        + 'een voorbij kwartaal geeft later dezelfde cijfers.',
    }),
    form,
    results,
  );
  document.title = 'Rapportages · Koppel';
  showFlash(status, ctx.takeFlash());

  api('GET', '/werkgebieden', { signal: ctx.signal }).then(({ data }) => {
    const list = Array.isArray(data) ? data : data?.werkgebieden || [];
    suggestions.replaceChildren(...list.map((w) => el('option', { value: w.naam })));
  }).catch(() => {
    // Only suggestions: typing the gemeente works without them.
  });

  if (initial.gemeente) {
    load(initial, false);
  } else {
    results.replaceChildren(el('p', { class: 'zacht', text: 'Kies een gemeente, een jaar en een kwartaal.' }));
  }

  async function load(choice, announce) {
    say(errors, '');
    if (announce) {
      say(status, '');
    }
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading('De rapportage wordt geladen…'));
    const query = new URLSearchParams(choice);
    try {
      const { data } = await api('GET', `/overzichten/kwartaal?${query}`, { signal: ctx.signal });
      show(data || {});
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

  function show(r) {
    const periode = `${r.gemeente}, kwartaal ${r.kwartaal} van ${r.jaar}`;
    const delen = secties(r);
    const csv = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Download als CSV' });
    csv.addEventListener('click', () => {
      const query = new URLSearchParams({ gemeente: r.gemeente, jaar: r.jaar, kwartaal: r.kwartaal });
      const safe = String(r.gemeente || 'gemeente').replace(/[^A-Za-z0-9-]+/g, '-');
      downloadCsv(`/api/v1/overzichten/kwartaal?${query}`, `koppel-kwartaal-${safe}-${r.jaar}-K${r.kwartaal}.csv`,
        errors, ctx.signal);
    });
    const print = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Afdrukken' });
    print.addEventListener('click', () => window.print());

    // el() flattens arrays and skips null; replaceChildren does not.
    results.replaceChildren(el('div', { class: 'rapportage' },
      el('h2', { text: `Kwartaalrapportage ${periode}` }),
      el('p', { class: 'rapportage-periode', text: `Periode: ${formatDatum(r.van)} tot en met ${formatDatum(r.tot)}.` }),
      r.kleineAantallenVerborgen
        ? el('p', { class: 'veld__hint', text: 'Alle aantallen zijn afgerond op vijftallen (3 tot en met 7 wordt 5, '
          + '8 tot en met 12 wordt 10); wat op 0 uitkomt, ook een echte 0, staat er als "<5" en krijgt in de grafieken '
          + 'geen staaf. Totalen zijn de som van de afgeronde onderdelen. Elke reden van stoppen staat erbij. Mediaan en '
          + 'percentiel over minder dan 10 gezinnen en aandelen over minder dan 10 bekende afloop worden niet gegeven.' })
        : null,
      el('div', { class: 'knoppen knoppen--boven' }, csv, print),
      grafieken(r),
      delen.map((d) => (d.rows.length
        ? table(d.title, ['Onderdeel', 'Cijfer'], d.rows)
        : el('div', {}, el('h3', { text: d.title }), el('p', { class: 'zacht', text: d.empty })))),
    ));
  }

  return title;
}
