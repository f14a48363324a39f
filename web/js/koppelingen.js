// Koppel web front end: the list of koppelingen (#/koppelingen).
//
// Newest first, filtered by fase (and, for a coordinator, "alleen mijn
// koppelingen"), searched by either family's name or a member's name, and
// sorted by a column header (on the server, sorteer=…). Filters apply at
// once (typing after a short pause). They live in the hash
// (#/koppelingen?fase=lopend&zoek=…), so the page can be reloaded,
// bookmarked and navigated with Back.

import { api } from '/js/api.js';
import {
  clearFieldErrors, el, field, heading, messageArea, say, setFieldError,
} from '/js/dom.js';
import { datumElement } from '/js/keuzelijsten.js';
import { faseLabel, faseLijst, faseNaam, koppelingNaam } from '/js/koppeling-woorden.js';
import { loading, showError, showFlash, table } from '/js/page.js';
import { keuzeGroep, keuzeVeld } from '/js/velden.js';

// Milliseconds of quiet after typing before the list is asked for.
const TYPE_PAUSE = 300;
// The sortable columns: column index -> sorteer key.
const SORT_KEYS = { 0: 'vraaggezin', 1: 'fase', 3: 'voorgesteldOp', 4: 'koppelingDatum' };

// The filters in the current hash.
function filtersFromHash() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const fase = params.get('fase') || '';
  return {
    fase: faseLijst().some((f) => f.code === fase) ? fase : '',
    mijn: params.get('mijn') === '1',
    zoek: (params.get('zoek') || '').trim(),
    sorteer: params.get('sorteer') || '',
  };
}

function hashFor({ fase, mijn, zoek, sorteer }) {
  const params = new URLSearchParams();
  if (fase) {
    params.set('fase', fase);
  }
  if (mijn) {
    params.set('mijn', '1');
  }
  if (zoek) {
    params.set('zoek', zoek);
  }
  if (sorteer) {
    params.set('sorteer', sorteer);
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
  const zoek = field({
    name: 'zoek',
    label: 'Zoeken',
    type: 'search',
    hint: 'Op de naam van een van beide gezinnen of een gezinslid; minstens 2 tekens.',
    attrs: { autocomplete: 'off', spellcheck: 'false' },
  });
  zoek.input.value = initial.zoek;
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Koppelingen filteren', novalidate: true },
    el('div', { class: 'filters__velden filters__velden--koppelingen' }, zoek.wrapper, fase.wrapper, mijn?.wrapper));

  let current = initial;
  let generation = 0;
  let typing = null;
  // Applies the form at once: a choice adds a history entry, typing replaces it.
  const apply = (strict, push) => {
    clearTimeout(typing);
    clearFieldErrors(form);
    const next = {
      fase: fase.input.value, mijn: Boolean(mijn?.values().length), zoek: zoek.input.value.trim(), sorteer: current.sorteer,
    };
    if (next.zoek.length === 1) {
      if (strict) {
        setFieldError(zoek.wrapper, 'Typ minstens 2 tekens om te zoeken.');
        zoek.input.focus();
      }
      return;
    }
    if (hashFor(next) === hashFor(current)) {
      return;
    }
    history[push ? 'pushState' : 'replaceState'](null, '', hashFor(next));
    load(next, true);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply(true, true);
  });
  form.addEventListener('change', (event) => {
    if (event.target !== zoek.input) {
      apply(false, true);
    }
  });
  form.addEventListener('input', (event) => {
    if (event.target === zoek.input) {
      clearTimeout(typing);
      typing = setTimeout(() => apply(false, false), TYPE_PAUSE);
    }
  });
  ctx.signal.addEventListener('abort', () => clearTimeout(typing));

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
    current = filters;
    const mine = ++generation;
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
    if (filters.zoek) {
      params.set('zoek', filters.zoek);
    }
    if (filters.sorteer) {
      params.set('sorteer', filters.sorteer);
    }
    const query = params.toString();
    results.setAttribute('aria-busy', 'true');
    if (!results.querySelector('table')) {
      results.replaceChildren(loading('De koppelingen worden geladen…'));
    }
    try {
      const { data } = await api('GET', `/koppelingen${query ? `?${query}` : ''}`, { signal: ctx.signal });
      if (mine !== generation) {
        return; // a newer question is on its way
      }
      const lijst = data?.koppelingen || [];
      show(lijst, filters);
      if (announce) {
        say(status, lijst.length === 1 ? '1 koppeling gevonden.' : `${lijst.length || 'Geen'} koppelingen gevonden.`);
      }
    } catch (err) {
      if (mine === generation && showError(errors, err)) {
        results.replaceChildren();
      }
    } finally {
      if (mine === generation) {
        results.removeAttribute('aria-busy');
      }
    }
  }

  // Asks for the list in another order (a column header was chosen).
  function sortBy(key, richting) {
    const next = { ...current, sorteer: richting === 'aflopend' ? `-${key}` : key };
    history.pushState(null, '', hashFor(next));
    load(next, true).then(() => {
      results.querySelector(`[data-sorteer="${key}"]`)?.focus();
    });
  }

  function show(lijst, filters) {
    if (!lijst.length) {
      const text = filters.fase || filters.mijn || filters.zoek
        ? `Geen koppelingen${filters.fase ? ` in de fase ${faseNaam(filters.fase).toLowerCase()}` : ''}`
          + `${filters.zoek ? ` met “${filters.zoek}”` : ''}.`
        : 'Er zijn nog geen koppelingen.';
      results.replaceChildren(el('p', {}, text, ' ',
        el('a', { href: '/#/gezinnen?rol=vraaggezin', text: 'Naar de vraaggezinnen' })));
      return;
    }
    const rows = lijst.map((kp) => [
      el('a', { href: `/#/koppelingen/${encodeURIComponent(kp.id)}`, text: koppelingNaam(kp.vraaggezin, kp.steungezin || kp.coach) }),
      faseLabel(kp.fase),
      kp.programma || '—',
      datumElement(kp.voorgesteldOp, '—'),
      datumElement(kp.koppelingDatum, '—'),
    ]);
    results.replaceChildren(table('Koppelingen', ['Koppeling', 'Fase', 'Programma', 'Voorgesteld op', 'Gekoppeld op'],
      rows, {
        hideCaption: true,
        sort: {
          keys: SORT_KEYS,
          key: filters.sorteer ? filters.sorteer.replace(/^-/, '') : null,
          richting: filters.sorteer?.startsWith('-') ? 'aflopend' : 'oplopend',
          onSort: sortBy,
        },
      }));
  }

  return title;
}
