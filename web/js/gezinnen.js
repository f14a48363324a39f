// Koppel web front end: the list of gezinnen (#/gezinnen).
//
// Filters on rol, status, werkgebied, gemeente and "mijn gezinnen", and a
// search over the names of the gezin and its members, postcode, plaats,
// phone and e-mail. Filters apply at once (typing after a short pause);
// column headers sort the list on the server (sorteer=…). The filters live
// in the hash (#/gezinnen?rol=vraaggezin&zoek=…), so the page can be
// reloaded, bookmarked and navigated with Back; the "Volgende" link carries
// the server's cursor (na=…) the same way. Every new result is announced.

import { api } from '/js/api.js';
import {
  clearFieldErrors, el, field, heading, messageArea, say, setFieldError,
} from '/js/dom.js';
import {
  datumElement, items, kantVan, loadKeuzelijsten, naamVan, statusNaam,
} from '/js/keuzelijsten.js';
import { loading, showError, showFlash, table } from '/js/page.js';

const FILTERS = ['rol', 'status', 'werkgebied', 'gemeente', 'zoek', 'mijn', 'sorteer'];
const PAGE_SIZE = 50;
// Milliseconds of quiet after typing before the list is asked for.
const TYPE_PAUSE = 300;
// The sortable columns of the table: column index -> sorteer key.
const SORT_KEYS = { 0: 'naam', 2: 'status', 3: 'plaats', 5: 'aangemeld', 6: 'wachtdagen' };

// The filters (and cursor) in the current hash.
function filtersFromHash() {
  const query = location.hash.split('?')[1] || '';
  const params = new URLSearchParams(query);
  const filters = {};
  for (const name of [...FILTERS, 'na']) {
    const value = (params.get(name) || '').trim();
    if (value) {
      filters[name] = value;
    }
  }
  return filters;
}

// "#/gezinnen?rol=…" for a set of filters.
function hashFor(filters) {
  const params = new URLSearchParams();
  for (const name of [...FILTERS, 'na']) {
    if (filters[name]) {
      params.set(name, filters[name]);
    }
  }
  const query = params.toString();
  return query ? `#/gezinnen?${query}` : '#/gezinnen';
}

/**
 * The werkgebieden the user may work in: all for a beheerder, their own for
 * a coordinator. Resolves to [{code, naam}].
 */
export async function eigenWerkgebieden(user, signal) {
  const { data } = await api('GET', '/werkgebieden', { signal });
  const all = data?.werkgebieden || [];
  if (user.rol === 'beheerder') {
    return all;
  }
  const own = new Set(user.werkgebieden || []);
  return all.filter((w) => own.has(w.code));
}

export function renderGezinnen(ctx) {
  const title = heading('Gezinnen');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const filterHolder = el('div', {}, loading('De filters worden geladen…'));
  const results = el('div', { class: 'gezinnen-resultaat' });
  ctx.main.replaceChildren(
    title,
    status,
    errors,
    el('p', { class: 'knoppen knoppen--boven' },
      el('a', { class: 'knop', href: '/#/gezinnen/nieuw?kant=vraag', text: 'Nieuw vraaggezin' }),
      el('a', {
        class: 'knop knop--secundair', href: '/#/gezinnen/nieuw?kant=aanbod', text: 'Nieuw steungezin / buddy / estafettegezin',
      })),
    filterHolder,
    results,
  );
  document.title = 'Gezinnen · Koppel';
  showFlash(status, ctx.takeFlash());

  let lijsten;

  // The first page is asked for right away, together with the vocabularies.
  const initialFilters = filtersFromHash();
  const firstPage = request(initialFilters);
  firstPage.catch(() => {}); // handled once the vocabularies are there

  (async () => {
    let werkgebieden;
    try {
      [lijsten, werkgebieden] = await Promise.all([
        loadKeuzelijsten(),
        eigenWerkgebieden(ctx.user, ctx.signal),
      ]);
    } catch (err) {
      if (showError(errors, err)) {
        filterHolder.replaceChildren();
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    filterHolder.replaceChildren(filterForm(initialFilters, werkgebieden));
    load(initialFilters, false, firstPage);
  })();

  function filterForm(filters, werkgebieden) {
    const rol = field({
      name: 'rol',
      label: 'Rol',
      type: 'select',
      options: [{ value: '', text: 'Alle rollen' },
        ...items(lijsten, 'rollen').map((r) => ({ value: r.code, text: r.naam }))],
    });
    // Both sides share some status codes (aangemeld, gekoppeld, gestopt).
    const seen = new Set();
    const statusOptions = [{ value: '', text: 'Alle statussen' }];
    for (const s of [...items(lijsten, 'statussenVraag'), ...items(lijsten, 'statussenAanbod')]) {
      if (!seen.has(s.code)) {
        seen.add(s.code);
        statusOptions.push({ value: s.code, text: s.naam });
      }
    }
    const statusField = field({ name: 'status', label: 'Status', type: 'select', options: statusOptions });
    const werkgebied = field({
      name: 'werkgebied',
      label: 'Werkgebied',
      type: 'select',
      options: [{ value: '', text: 'Alle werkgebieden' },
        ...werkgebieden.map((w) => ({ value: w.code, text: w.naam }))],
    });
    const gemeente = field({ name: 'gemeente', label: 'Gemeente', attrs: { autocomplete: 'off' } });
    const zoek = field({
      name: 'zoek',
      label: 'Zoeken',
      type: 'search',
      hint: 'Op naam van het gezin of een gezinslid, postcode, plaats, telefoon of e-mail; minstens 2 tekens.',
      attrs: { autocomplete: 'off', spellcheck: 'false' },
    });
    const mijnId = 'filter-mijn';
    const mijnInput = el('input', { type: 'checkbox', id: mijnId, name: 'mijn', value: 'ja' });
    const mijn = {
      wrapper: el('div', { class: 'veld keuze filters__mijn' }, mijnInput,
        el('label', { for: mijnId, text: 'Mijn gezinnen' })),
      input: mijnInput,
    };
    mijnInput.checked = filters.mijn === 'ja';
    const fields = { rol, status: statusField, werkgebied, gemeente, zoek };
    for (const [name, f] of Object.entries(fields)) {
      f.input.value = filters[name] || '';
      // A value from an old link that is no longer offered is still shown.
      if (f.input.tagName === 'SELECT' && filters[name] && f.input.value !== filters[name]) {
        f.input.append(el('option', { value: filters[name], text: filters[name] }));
        f.input.value = filters[name];
      }
    }

    const reset = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Filters wissen' });
    const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Gezinnen zoeken', novalidate: true },
      el('div', { class: 'filters__velden' },
        zoek.wrapper, rol.wrapper, statusField.wrapper, werkgebied.wrapper, gemeente.wrapper, mijn.wrapper),
      el('div', { class: 'knoppen' }, reset));

    // The filters in the form, with the current order; false when the search text is too short.
    const formFilters = (strict) => {
      clearFieldErrors(form);
      const next = {};
      for (const [name, f] of Object.entries(fields)) {
        const value = f.input.value.trim();
        if (value) {
          next[name] = value;
        }
      }
      if (mijnInput.checked) {
        next.mijn = 'ja';
      }
      if (current.sorteer) {
        next.sorteer = current.sorteer;
      }
      if (next.zoek && next.zoek.length < 2) {
        if (strict) {
          setFieldError(zoek.wrapper, 'Typ minstens 2 tekens om te zoeken.');
          zoek.input.focus();
        }
        return false;
      }
      return next;
    };
    // Applies the form at once: a choice adds a history entry, typing replaces it.
    const apply = (strict, push) => {
      clearTimeout(typing);
      const next = formFilters(strict);
      if (!next || sameFilters(next, current)) {
        return;
      }
      history[push ? 'pushState' : 'replaceState'](null, '', hashFor(next));
      load(next, true);
    };
    let typing = null;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      apply(true, true);
    });
    form.addEventListener('change', (event) => {
      if (event.target !== zoek.input && event.target !== gemeente.input) {
        apply(false, true);
      }
    });
    form.addEventListener('input', (event) => {
      if (event.target === zoek.input || event.target === gemeente.input) {
        clearTimeout(typing);
        typing = setTimeout(() => apply(false, false), TYPE_PAUSE);
      }
    });
    ctx.signal.addEventListener('abort', () => clearTimeout(typing));
    reset.addEventListener('click', () => {
      clearFieldErrors(form);
      for (const f of Object.values(fields)) {
        f.input.value = '';
      }
      mijnInput.checked = false;
      const next = current.sorteer ? { sorteer: current.sorteer } : {};
      history.pushState(null, '', hashFor(next));
      load(next, true);
      zoek.input.focus();
    });
    return form;
  }

  // True when two sets of filters ask for the same page.
  function sameFilters(a, b) {
    return [...FILTERS, 'na'].every((name) => (a[name] || '') === (b[name] || ''));
  }

  // Asks the server for one page of gezinnen.
  function request(filters) {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    for (const name of [...FILTERS, 'na']) {
      if (filters[name]) {
        params.set(name, filters[name]);
      }
    }
    return api('GET', `/gezinnen?${params}`, { signal: ctx.signal });
  }

  // The filters of the page shown (or being asked for), and a counter that
  // lets only the newest answer draw the list.
  let current = initialFilters;
  let generation = 0;

  // Shows one page of gezinnen; `announce` says how many in the status area.
  async function load(filters, announce, pending = null) {
    current = filters;
    const mine = ++generation;
    say(errors, '');
    if (announce) {
      say(status, '');
    }
    results.setAttribute('aria-busy', 'true');
    if (!results.querySelector('table')) {
      results.replaceChildren(loading('De gezinnen worden gezocht…'));
    }
    try {
      const { data } = await (pending || request(filters));
      if (mine !== generation) {
        return; // a newer question is on its way
      }
      showResults(data?.gezinnen || [], data?.volgende || null, filters);
      if (announce) {
        say(status, countText(data?.gezinnen?.length || 0, Boolean(data?.volgende), filters));
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
    delete next.na;
    if (next.sorteer === 'naam') {
      delete next.sorteer; // the default order
    }
    history.pushState(null, '', hashFor(next));
    load(next, true).then(() => {
      results.querySelector(`[data-sorteer="${key}"]`)?.focus();
    });
  }

  function countText(count, more, filters) {
    if (count === 0) {
      return 'Geen gezinnen gevonden.';
    }
    const what = count === 1 ? '1 gezin' : `${count} gezinnen`;
    if (more) {
      return `${what} op deze pagina; er zijn er meer.`;
    }
    return filters.na ? `${what} op deze pagina.` : `${what} gevonden.`;
  }

  function showResults(gezinnen, volgende, filters) {
    const filtered = FILTERS.some((name) => name !== 'sorteer' && filters[name]);
    if (!gezinnen.length) {
      results.replaceChildren(el('p', {
        text: filtered || filters.na
          ? 'Geen gezinnen gevonden. Probeer andere filters.'
          : 'Er zijn nog geen gezinnen. Meld het eerste gezin aan met een van de knoppen hierboven.',
      }));
      return;
    }
    const rows = gezinnen.map((g) => [
      el('a', { href: `/#/gezinnen/${encodeURIComponent(g.id)}`, text: g.naam }),
      naamVan(lijsten, 'rollen', g.rol),
      statusNaam(lijsten, g.rol, g.status),
      g.plaats || '—',
      g.coordinator?.naam || '—',
      datumElement(g.aangemeldOp, '—'),
      kantVan(lijsten, g.rol) === 'vraag' && Number.isInteger(g.wachtdagen)
        ? String(g.wachtdagen) : '—',
    ]);
    const parts = [table('Gezinnen', ['Naam', 'Rol', 'Status', 'Plaats', 'Coördinator', 'Aangemeld op', 'Wachtdagen'],
      rows, {
        hideCaption: true,
        sort: {
          keys: SORT_KEYS,
          key: (filters.sorteer || 'naam').replace(/^-/, ''),
          richting: (filters.sorteer || '').startsWith('-') ? 'aflopend' : 'oplopend',
          onSort: sortBy,
        },
      })];

    const nav = [];
    if (filters.na) {
      const first = { ...filters };
      delete first.na;
      nav.push(pageLink(hashFor(first), 'Eerste pagina', first));
    }
    const cursor = volgende ? new URLSearchParams(volgende.split('?')[1] || '').get('na') : null;
    if (cursor) {
      const next = { ...filters, na: cursor };
      nav.push(pageLink(hashFor(next), 'Volgende', next));
    }
    if (nav.length) {
      parts.push(el('nav', { class: 'bladeren', 'aria-label': 'Pagina’s' }, nav));
    }
    results.replaceChildren(...parts);
  }

  // A link to another page of results; followed in place.
  function pageLink(hash, text, filters) {
    const link = el('a', { class: 'knop knop--secundair', href: `/${hash}`, text });
    link.addEventListener('click', (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return; // a new tab or window
      }
      event.preventDefault();
      history.pushState(null, '', hash);
      load(filters, true).then(() => {
        results.querySelector('.tabel-rol, p')?.focus?.();
      });
    });
    return link;
  }

  return title;
}
