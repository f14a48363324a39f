// Koppel web front end: the list of koppelingen (#/koppelingen).
//
// Newest first, filtered by fase (and, for a coordinator, "alleen mijn
// koppelingen"). The filters live in the hash (#/koppelingen?fase=lopend),
// so the page can be reloaded, bookmarked and navigated with Back.

import { api } from '/js/api.js';
import { el, heading, messageArea, say } from '/js/dom.js';
import { datumElement } from '/js/keuzelijsten.js';
import { faseLabel, faseLijst, faseNaam, koppelingNaam } from '/js/koppeling-woorden.js';
import { loading, showError, showFlash, table } from '/js/page.js';
import { keuzeGroep, keuzeVeld } from '/js/velden.js';

// The filters in the current hash.
function filtersFromHash() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const fase = params.get('fase') || '';
  return {
    fase: faseLijst().some((f) => f.code === fase) ? fase : '',
    mijn: params.get('mijn') === '1',
  };
}

function hashFor({ fase, mijn }) {
  const params = new URLSearchParams();
  if (fase) {
    params.set('fase', fase);
  }
  if (mijn) {
    params.set('mijn', '1');
  }
  const query = params.toString();
  return query ? `#/koppelingen?${query}` : '#/koppelingen';
}

export function renderKoppelingen(ctx) {
  const title = heading('Koppelingen');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const results = el('div', { class: 'koppelingen-resultaat' });
  const coordinator = ctx.user.rol === 'coordinator';
  const initial = filtersFromHash();

  const fase = keuzeVeld({
    name: 'fase',
    label: 'Fase',
    empty: 'Alle fasen',
    choices: faseLijst().map((f) => ({ value: f.code, text: f.naam })),
    value: initial.fase,
  });
  const mijn = coordinator
    ? keuzeGroep({
      name: 'mijn', legend: 'Coördinator', type: 'checkbox', choices: [{ value: '1', text: 'Alleen mijn koppelingen' }],
      value: initial.mijn ? ['1'] : [],
    })
    : null;
  const submit = el('button', { type: 'submit', class: 'knop', text: 'Tonen' });
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Koppelingen filteren', novalidate: true },
    el('div', { class: 'filters__velden filters__velden--koppelingen' }, fase.wrapper, mijn?.wrapper),
    el('div', { class: 'knoppen' }, submit));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = { fase: fase.input.value, mijn: Boolean(mijn?.values().length) };
    history.pushState(null, '', hashFor(next));
    load(next, true);
  });

  ctx.main.replaceChildren(
    title,
    status,
    errors,
    el('p', { class: 'veld__hint', text: 'Een nieuwe koppeling start je op de pagina van een vraaggezin.' }),
    el('p', {}, el('a', { href: '/#/matchrondes/nieuw', text: 'Matchronde starten' })),
    form,
    results,
  );
  document.title = 'Koppelingen · Koppel';
  showFlash(status, ctx.takeFlash());
  load(initial, false);

  async function load(filters, announce) {
    say(errors, '');
    if (announce) {
      say(status, '');
    }
    const params = new URLSearchParams();
    if (filters.fase) {
      params.set('fase', filters.fase);
    }
    if (filters.mijn && coordinator) {
      params.set('coordinator', String(ctx.user.id));
    }
    const query = params.toString();
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading('De koppelingen worden geladen…'));
    try {
      const { data } = await api('GET', `/koppelingen${query ? `?${query}` : ''}`, { signal: ctx.signal });
      const lijst = data?.koppelingen || [];
      show(lijst, filters);
      if (announce) {
        say(status, lijst.length === 1 ? '1 koppeling gevonden.' : `${lijst.length || 'Geen'} koppelingen gevonden.`);
      }
    } catch (err) {
      if (showError(errors, err)) {
        results.replaceChildren();
      }
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  function show(lijst, filters) {
    if (!lijst.length) {
      const text = filters.fase || filters.mijn
        ? `Geen koppelingen${filters.fase ? ` in de fase ${faseNaam(filters.fase).toLowerCase()}` : ''}.`
        : 'Er zijn nog geen koppelingen.';
      results.replaceChildren(el('p', {}, text, ' ',
        el('a', { href: '/#/gezinnen?rol=vraaggezin', text: 'Naar de vraaggezinnen' })));
      return;
    }
    const rows = lijst.map((kp) => [
      el('a', { href: `/#/koppelingen/${encodeURIComponent(kp.id)}`, text: koppelingNaam(kp.vraaggezin, kp.steungezin) }),
      faseLabel(kp.fase),
      kp.programma || '—',
      datumElement(kp.voorgesteldOp, '—'),
      datumElement(kp.koppelingDatum, '—'),
    ]);
    results.replaceChildren(table('Koppelingen', ['Koppeling', 'Fase', 'Programma', 'Voorgesteld op', 'Gekoppeld op'],
      rows, { hideCaption: true }));
  }

  return title;
}
