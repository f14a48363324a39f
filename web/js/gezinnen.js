// Koppel web front end: the list of gezinnen (#/gezinnen).
//
// Filters on rol, status, werkgebied and gemeente, and a search on naam and
// plaats. The filters live in the hash (#/gezinnen?rol=vraaggezin&zoek=…),
// so the page can be reloaded, bookmarked and navigated with Back; the
// "Volgende" link carries the server's cursor (na=…) the same way.
// Searching updates the results in place and announces how many there are.

import { api } from '/js/api.js';
import {
  clearFieldErrors, el, field, heading, messageArea, say, setFieldError,
} from '/js/dom.js';
import {
  datumElement, items, kantVan, loadKeuzelijsten, naamVan, statusNaam,
} from '/js/keuzelijsten.js';
import { loading, showError, showFlash, table } from '/js/page.js';

const FILTERS = ['rol', 'status', 'werkgebied', 'gemeente', 'zoek'];
const PAGE_SIZE = 50;

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
      hint: 'Op naam of plaats, minstens 2 tekens.',
      attrs: { autocomplete: 'off', spellcheck: 'false' },
    });
    const fields = { rol, status: statusField, werkgebied, gemeente, zoek };
    for (const [name, f] of Object.entries(fields)) {
      f.input.value = filters[name] || '';
      // A value from an old link that is no longer offered is still shown.
      if (f.input.tagName === 'SELECT' && filters[name] && f.input.value !== filters[name]) {
        f.input.append(el('option', { value: filters[name], text: filters[name] }));
        f.input.value = filters[name];
      }
    }

    const submit = el('button', { type: 'submit', class: 'knop', text: 'Zoeken' });
    const reset = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Filters wissen' });
    const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Gezinnen zoeken', novalidate: true },
      el('div', { class: 'filters__velden' },
        zoek.wrapper, rol.wrapper, statusField.wrapper, werkgebied.wrapper, gemeente.wrapper),
      el('div', { class: 'knoppen' }, submit, reset));

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      const next = {};
      for (const [name, f] of Object.entries(fields)) {
        const value = f.input.value.trim();
        if (value) {
          next[name] = value;
        }
      }
      if (next.zoek && next.zoek.length < 2) {
        setFieldError(zoek.wrapper, 'Typ minstens 2 tekens om te zoeken.');
        zoek.input.focus();
        return;
      }
      history.pushState(null, '', hashFor(next));
      load(next, true);
    });
    reset.addEventListener('click', () => {
      clearFieldErrors(form);
      for (const f of Object.values(fields)) {
        f.input.value = '';
      }
      history.pushState(null, '', hashFor({}));
      load({}, true);
      zoek.input.focus();
    });
    return form;
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

  // Shows one page of gezinnen; `announce` says how many in the status area.
  async function load(filters, announce, pending = null) {
    say(errors, '');
    if (announce) {
      say(status, '');
    }
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading('De gezinnen worden gezocht…'));
    try {
      const { data } = await (pending || request(filters));
      showResults(data?.gezinnen || [], data?.volgende || null, filters);
      if (announce) {
        say(status, countText(data?.gezinnen?.length || 0, Boolean(data?.volgende), filters));
      }
    } catch (err) {
      if (showError(errors, err)) {
        results.replaceChildren();
      }
    } finally {
      results.removeAttribute('aria-busy');
    }
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
    const filtered = FILTERS.some((name) => filters[name]);
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
      rows, { hideCaption: true })];

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
