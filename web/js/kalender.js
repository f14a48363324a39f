// Koppel web front end: the Kalender (#/kalender), a week or a month of
// planned evaluations and end dates.
//
// The items come from GET /evaluaties, the same source as the Evaluaties
// page: the open evaluations planned in the shown days (status gepland from
// today on, te laat before today). A koppeling's closing conversation
// (soort afsluitend-gesprek) falls on its maximale einddatum, so it is shown
// as "Einddatum"; every other soort as "Evaluatie". Each item links to its
// koppeling. The view, the day shown and, for a coordinator, whose
// koppelingen live in the hash: #/kalender?weergave=week|maand&datum=
// YYYY-MM-DD&van=werkgebieden. Weeks start on Monday. On a wide screen the
// days are a table; on a narrow one (CSS) a list per day.

import { api } from '/js/api.js';
import { el, heading, messageArea } from '/js/dom.js';
import { datumElement, formatDatum, vandaag } from '/js/keuzelijsten.js';
import { eindeVanMaand, koppelingNaam, soortNaam } from '/js/koppeling-woorden.js';
import { loading, showError } from '/js/page.js';
import { plusDagen } from '/js/perioden.js';
import { keuzeVeld } from '/js/velden.js';

const DAGEN = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'];
const MAANDEN = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september',
  'oktober', 'november', 'december'];

/** The hash of the Kalender for a view, a day in it and, for a coordinator, whose koppelingen. */
export function kalenderHash(weergave, datum, van = '') {
  const q = new URLSearchParams({ weergave, datum });
  if (van) {
    q.set('van', van);
  }
  return `#/kalender?${q}`;
}

// 0 for a Monday up to 6 for a Sunday.
function weekdag(iso) {
  return (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
}

// The Monday of the week `iso` is in.
function maandagVan(iso) {
  return plusDagen(iso, -weekdag(iso));
}

/**
 * The days a view shows around `datum`: {van, tot} (the period whose items
 * are asked for and counted) and {start, eind} (the first and last day of the
 * grid, whole weeks), all YYYY-MM-DD.
 */
export function bereik(weergave, datum) {
  if (weergave === 'maand') {
    const van = `${datum.slice(0, 8)}01`;
    const tot = eindeVanMaand(van);
    return { van, tot, start: maandagVan(van), eind: plusDagen(maandagVan(tot), 6) };
  }
  const van = maandagVan(datum);
  return { van, tot: plusDagen(van, 6), start: van, eind: plusDagen(van, 6) };
}

// The day a step back (-1) or forward (1) from `datum` shows.
function stap(weergave, datum, richting) {
  if (weergave === 'maand') {
    const d = new Date(`${datum.slice(0, 8)}01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + richting);
    return d.toISOString().slice(0, 10);
  }
  return plusDagen(maandagVan(datum), 7 * richting);
}

function geldigeDatum(text) {
  return typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text)
    && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

export function renderKalender(ctx) {
  const coordinator = ctx.user.rol === 'coordinator';
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  const mine = coordinator && query.get('van') !== 'werkgebieden';
  const van = mine ? '' : coordinator ? 'werkgebieden' : '';
  const today = vandaag();
  const weergave = query.get('weergave') === 'maand' ? 'maand' : 'week';
  const datum = geldigeDatum(query.get('datum')) ? query.get('datum') : today;
  const b = bereik(weergave, datum);
  const titel = weergave === 'maand'
    ? `${MAANDEN[Number(b.van.slice(5, 7)) - 1]} ${b.van.slice(0, 4)}`
    : `Week van ${formatDatum(b.van)} tot en met ${formatDatum(b.tot)}`;

  const title = heading('Kalender');
  const errors = messageArea('fout');
  const holder = el('div', { class: 'kalender__inhoud' }, loading('De kalender wordt geladen…'));
  const ga = (w, d, v = van) => ctx.navigate(kalenderHash(w, d, v));
  const knop = (text, onClick, extra = {}) => el('button', {
    type: 'button', class: 'knop knop--secundair', text, on: { click: onClick }, ...extra,
  });
  const vanVeld = coordinator ? keuzeVeld({
    name: 'van',
    label: 'Koppelingen',
    choices: [{ value: '', text: 'Mijn koppelingen' }, { value: 'werkgebieden', text: 'Alle in mijn werkgebieden' }],
    value: van,
  }) : null;
  vanVeld?.input.addEventListener('change', () => ga(weergave, datum, vanVeld.input.value));

  const nav = el('div', { class: 'kalender__knoppen' },
    el('div', { class: 'kalender__groep', role: 'group', 'aria-label': 'Weergave' },
      knop('Week', () => ga('week', datum), { 'aria-pressed': String(weergave === 'week') }),
      knop('Maand', () => ga('maand', datum), { 'aria-pressed': String(weergave === 'maand') })),
    el('div', { class: 'kalender__groep', role: 'group', 'aria-label': weergave === 'maand' ? 'Maand kiezen' : 'Week kiezen' },
      knop(weergave === 'maand' ? 'Vorige maand' : 'Vorige week', () => ga(weergave, stap(weergave, datum, -1))),
      knop('Vandaag', () => ga(weergave, today)),
      knop(weergave === 'maand' ? 'Volgende maand' : 'Volgende week', () => ga(weergave, stap(weergave, datum, 1)))));

  ctx.main.replaceChildren(
    title,
    errors,
    el('p', {
      class: 'veld__hint',
      text: 'De evaluatiegesprekken die gepland staan en de einddatums van koppelingen, per dag. '
        + 'Een evaluatie die over tijd is, staat op de dag waarop ze gepland was.',
    }),
    el('p', {}, el('a', { href: '/#/evaluaties', text: 'Evaluaties als lijst' })),
    vanVeld ? el('div', { class: 'filters__velden' }, vanVeld.wrapper) : null,
    nav,
    el('h2', { class: 'kalender__titel', text: titel }),
    holder,
  );
  document.title = `Kalender · Koppel`;

  function vraag(status, vanaf, tot) {
    const q = new URLSearchParams({ status, van: vanaf, tot });
    if (mine) {
      q.set('coordinator', String(ctx.user.id));
    }
    return `/evaluaties?${q}`;
  }

  (async () => {
    // From today on an open evaluation is gepland, before today te laat:
    // ask for each only over the days of the period where it can be.
    const vragen = [];
    if (b.tot >= today) {
      vragen.push(api('GET', vraag('gepland', b.van > today ? b.van : today, b.tot), { signal: ctx.signal }));
    }
    if (b.van < today) {
      const gisteren = plusDagen(today, -1);
      vragen.push(api('GET', vraag('te-laat', b.van, b.tot < gisteren ? b.tot : gisteren), { signal: ctx.signal }));
    }
    let antwoorden;
    try {
      antwoorden = await Promise.all(vragen);
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    const items = antwoorden.flatMap((a) => a.data?.evaluaties || []);
    const perDag = new Map();
    for (const e of items) {
      if (!perDag.has(e.geplandOp)) {
        perDag.set(e.geplandOp, []);
      }
      perDag.get(e.geplandOp).push(e);
    }
    const eind = items.filter((e) => e.soort === 'afsluitend-gesprek').length;
    const n = items.length - eind;
    const samenvatting = `${n === 1 ? '1 evaluatie' : `${n} evaluaties`} en `
      + `${eind === 1 ? '1 einddatum' : `${eind} einddatums`} in ${weergave === 'maand' ? 'deze maand' : 'deze week'}`;
    holder.replaceChildren(
      el('p', { class: 'kalender__aantal', text: `${samenvatting}.` }),
      raster(perDag),
      dagLijst(perDag),
    );
  })();

  // One item: its kind in words, the two families, a link to the koppeling.
  function item(e) {
    const einddatum = e.soort === 'afsluitend-gesprek';
    const k = e.koppeling || {};
    return el('li', { class: `kalender__item kalender__item--${einddatum ? 'einddatum' : 'evaluatie'}` },
      el('a', { href: `/#/koppelingen/${encodeURIComponent(k.id)}` },
        el('strong', { class: 'kalender__soort', text: einddatum ? 'Einddatum' : 'Evaluatie' }),
        ': ', koppelingNaam(k.vraaggezin, k.steungezin)),
      el('span', { class: 'zacht kalender__detail', text: ` (${soortNaam(e.soort)}${e.status === 'te-laat' ? ', te laat' : ''})` }));
  }

  function itemsVan(perDag, dag) {
    const list = perDag.get(dag) || [];
    return list.length ? el('ul', { class: 'kalender__items' }, list.map(item)) : null;
  }

  // The days as a table: a column per weekday, a row per week.
  function raster(perDag) {
    const rows = [];
    for (let week = b.start; week <= b.eind; week = plusDagen(week, 7)) {
      const cells = [];
      for (let i = 0; i < 7; i += 1) {
        const dag = plusDagen(week, i);
        const binnen = dag >= b.van && dag <= b.tot;
        cells.push(el('td', {
          class: `kalender__dag${binnen ? '' : ' kalender__dag--buiten'}${dag === today ? ' kalender__dag--vandaag' : ''}`,
          'aria-current': dag === today ? 'date' : null,
          'data-datum': dag,
        },
        el('span', { class: 'kalender__datum' }, datumElement(dag)),
        binnen ? itemsVan(perDag, dag) : null));
      }
      rows.push(el('tr', {}, cells));
    }
    return el('table', { class: `kalender__raster kalender__raster--${weergave}` },
      el('caption', { class: 'visueel-verborgen', text: titel }),
      el('thead', {}, el('tr', {}, DAGEN.map((d) => el('th', { scope: 'col', text: d })))),
      el('tbody', {}, rows));
  }

  // The days as a list, for a narrow screen: in a week every day, in a month the days with items.
  function dagLijst(perDag) {
    const dagen = [];
    for (let dag = b.van; dag <= b.tot; dag = plusDagen(dag, 1)) {
      if (weergave === 'week' || perDag.has(dag)) {
        dagen.push(el('li', { class: 'kalender__lijstdag', 'data-datum': dag },
          el('h3', { class: 'kalender__lijstkop' }, `${DAGEN[weekdag(dag)]} `, datumElement(dag)),
          itemsVan(perDag, dag) || el('p', { class: 'zacht', text: 'Niets gepland.' })));
      }
    }
    return el('ol', { class: 'kalender__lijst', 'aria-label': titel },
      dagen.length ? dagen : el('li', { class: 'zacht', text: 'Er staat in deze maand niets gepland.' }));
  }

  return title;
}
