// Koppel web front end: the year overview with the targets
// (#/rapportages/jaaroverzicht?jaar=2026), under Rapportages in the menu.
//
// One year, every gemeente the user sees with its doelen (targets per
// gemeente, programme and unit that the beheerder sets): what is realised,
// what the pace of the year expects by now, what is still needed and how
// much per month for the rest of the year, and a bar per doel against its
// target (grafiek.js doelgrafiek). The figures are those of the year report
// (GET /api/v1/rapportages/periode?jaar=YYYY), shown as the server gives
// them; this page works no number out itself. A gemeente without doelen is
// listed at the end with the families it reached, so a missing target is
// visible too. The effect summary of the year (the effect calculation over
// the families with a reference scenario) follows the targets, with the net
// saving per gemeente. "Afdrukken" prints the overview on A4.

import { api } from '/js/api.js';
import { el, heading, messageArea, say } from '/js/dom.js';
import { rapportageNav } from '/js/effecten-rapport.js';
import {
  bedrag, cijfer, doelStand, doelenFiguur, doelenTabel, effectRijen,
} from '/js/rapportages.js';
import { formatDatum } from '/js/keuzelijsten.js';
import { loading, showError, showFlash, showFormError, table } from '/js/page.js';
import { getalVeld } from '/js/velden.js';

// The year in the hash; this year by default.
function jaarUitHash() {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  return /^\d{4}$/.test(q.get('jaar') || '') ? q.get('jaar') : String(new Date().getFullYear());
}

export function renderJaaroverzicht(ctx) {
  const title = heading('Jaaroverzicht');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const results = el('div', { class: 'rapportage-resultaat' });
  const jaar = getalVeld({ name: 'jaar', label: 'Jaar', min: 2000, max: 2100, value: jaarUitHash() });
  const form = el('form', { class: 'filters', 'aria-label': 'Jaar kiezen', novalidate: true },
    el('div', { class: 'filters__velden' }, jaar.wrapper),
    el('div', { class: 'knoppen' }, el('button', { type: 'submit', class: 'knop', text: 'Jaaroverzicht tonen' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const j = jaar.input.value.trim();
    history.pushState(null, '', `#/rapportages/jaaroverzicht?${new URLSearchParams({ jaar: j })}`);
    laad(j, true);
  });

  ctx.main.replaceChildren(title, rapportageNav('jaaroverzicht'), status, errors,
    el('p', {
      class: 'veld__hint',
      text: 'Per gemeente de doelen van het jaar: wat er is gerealiseerd, wat er op dit moment van het jaar '
        + 'verwacht mag worden, en wat er nog nodig is in de rest van het jaar.',
    }),
    form, results);
  document.title = 'Jaaroverzicht · Koppel';
  showFlash(status, ctx.takeFlash());
  laad(jaar.input.value.trim(), false);

  async function laad(j, announce) {
    say(errors, '');
    if (announce) {
      say(status, '');
    }
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading('Het jaaroverzicht wordt geladen…'));
    try {
      const { data } = await api('GET', `/rapportages/periode?${new URLSearchParams({ jaar: j })}`, { signal: ctx.signal });
      toon(data || {}, j);
      if (announce) {
        say(status, 'Het jaaroverzicht is bijgewerkt.');
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

  function toon(r, j) {
    const print = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Afdrukken' });
    print.addEventListener('click', () => window.print());
    const gemeenten = Array.isArray(r.gemeenten) ? r.gemeenten : [];
    const metDoelen = gemeenten.filter((g) => Array.isArray(g.doelen) && g.doelen.length);
    const zonder = gemeenten.filter((g) => !(Array.isArray(g.doelen) && g.doelen.length));
    const alle = metDoelen.flatMap((g) => g.doelen);
    const achter = alle.filter((d) => doelStand(d) === 'Achter op schema').length;
    const gehaald = alle.filter((d) => ['Gehaald', 'Boven het maximum'].includes(doelStand(d))).length;

    results.replaceChildren(el('div', { class: 'rapportage rapportage--jaar' },
      el('h2', { text: `Jaaroverzicht ${r.periode?.jaar ?? j}` }),
      el('p', { class: 'rapportage-periode', text: `Periode: ${formatDatum(r.periode?.van)} tot en met ${formatDatum(r.periode?.tot)}.` }),
      r.afgerondOpVijf
        ? el('p', { class: 'veld__hint', text: 'Aantallen zijn afgerond op vijftallen; wat op 0 uitkomt staat er als "<5".' })
        : null,
      el('div', { class: 'knoppen knoppen--boven' }, print),
      alle.length
        ? el('p', { class: 'jaaroverzicht-samenvatting', text: `${alle.length} ${alle.length === 1 ? 'doel' : 'doelen'} `
          + `in ${metDoelen.length} ${metDoelen.length === 1 ? 'gemeente' : 'gemeenten'}: ${gehaald} gehaald, `
          + `${achter} achter op schema.` })
        : el('p', { class: 'zacht', text: `Voor ${j} zijn nog geen doelen vastgelegd. De beheerder legt ze vast onder Beheer.` }),
      r.totaal?.effecten
        ? table(`Effecten ${r.periode?.jaar ?? j} (samenvatting van de effectberekening)`, ['Onderdeel', 'Cijfer'],
          effectRijen(r.totaal.effecten))
        : null,
      metDoelen.map((g) => el('section', { class: 'jaaroverzicht-gemeente', 'aria-labelledby': `jaar-gemeente-${slug(g.naam)}` },
        el('h3', { id: `jaar-gemeente-${slug(g.naam)}`, text: g.naam }),
        el('p', { class: 'zacht', text: `Vraaggezinnen bereikt: ${cijfer(g.cijfers?.gezinnen?.bereikt)}; `
          + `nieuwe koppelingen: ${cijfer(g.cijfers?.koppelingen?.nieuw)}; netto besparing: ${nettoTekst(g)}.` }),
        doelenFiguur(`Doelen ${g.naam}`, g.doelen),
        doelenTabel(`Doelen ${g.naam}`, g.doelen))),
      zonder.length
        ? table('Gemeenten zonder doel', ['Gemeente', 'Vraaggezinnen bereikt', 'Nieuwe koppelingen', 'Netto besparing'],
          zonder.map((g) => [g.naam, cijfer(g.cijfers?.gezinnen?.bereikt), cijfer(g.cijfers?.koppelingen?.nieuw),
            nettoTekst(g)]))
        : null,
    ));
  }

  return title;
}

// The net saving of a gemeente's effect summary, as the server gave it.
function nettoTekst(g) {
  const e = g.cijfers?.effecten || {};
  return bedrag(e.besparingMinCent, e.besparingMaxCent, e.tenminste);
}

// A gemeente name as part of an id.
function slug(naam) {
  return String(naam || 'onbekend').toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
