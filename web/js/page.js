// Koppel web front end: pieces that every page with data uses.

import { isAbort } from '/js/api.js';
import { el, say, showFieldErrors, uniqueId } from '/js/dom.js';

/**
 * Shows a failed request in the message area `area`. Cancelled requests
 * (the user went elsewhere) and 401 (the login page is already shown) are
 * not errors the page has to explain. Returns false for those.
 */
export function showError(area, err) {
  if (isAbort(err) || err?.status === 401) {
    return false;
  }
  if (!err || typeof err.status !== 'number') {
    // A programming error, not an answer from the server.
    console.error(err);
    say(area, 'Er ging iets mis in Koppel. Laad de pagina opnieuw.');
    return true;
  }
  say(area, err.detail);
  return true;
}

/**
 * Shows a failed form submission: validation errors next to their fields
 * (and the focus on the first of them), everything else in `area`.
 */
export function showFormError(form, area, err) {
  if (isAbort(err) || err?.status === 401) {
    return;
  }
  if (err?.invalidParams?.length) {
    const leftOver = showFieldErrors(form, err.invalidParams);
    const text = leftOver.length
      ? [err.detail, ...leftOver].filter(Boolean).join(' ')
      : 'Niet alles is goed ingevuld. Kijk bij de velden met een melding.';
    say(area, text);
    return;
  }
  showError(area, err);
}

/**
 * Shows the message a previous page left (see ctx.navigate) in the live
 * region `area`. It is written a moment after the page appears: screen
 * readers announce changes to a live region, not a region that arrives
 * with its text already in it.
 */
export function showFlash(area, text) {
  if (text) {
    setTimeout(() => say(area, text), 100);
  }
}

/** A paragraph that says something is being loaded. */
export function loading(text) {
  return el('p', { class: 'laden', text });
}

/**
 * A table in a region that scrolls sideways on narrow screens and can be
 * scrolled with the keyboard. Every body cell carries its column's header
 * text as data-label (the card layout on narrow screens shows it).
 *
 * Columns named in options.sort get a button in their header that asks for
 * that order; the header of the current order has aria-sort. The caller
 * fetches the rows again in onSort(key, richting) and draws a new table.
 *
 * @param {string} caption
 * @param {string[]} columns header texts
 * @param {Array<Array<Node|string>>} rows cells
 * @param {object} [options]
 * @param {boolean} [options.hideCaption] caption only for screen readers
 * @param {object} [options.sort] sortable columns
 * @param {Object<number,string>} options.sort.keys column index -> sort key
 * @param {string} [options.sort.key] current sort key
 * @param {'oplopend'|'aflopend'} [options.sort.richting] current direction
 * @param {function(string, string): void} options.sort.onSort
 */
export function table(caption, columns, rows, { hideCaption = false, sort = null } = {}) {
  const captionId = uniqueId('tabel');
  const header = (c, i) => {
    const key = sort?.keys?.[i];
    if (!key) {
      return el('th', { scope: 'col', text: c });
    }
    const current = sort.key === key;
    const richting = current ? sort.richting : null;
    const next = current && richting === 'oplopend' ? 'aflopend' : 'oplopend';
    const ariaSort = richting === 'oplopend' ? 'ascending' : richting === 'aflopend' ? 'descending' : null;
    const button = el('button', { type: 'button', class: 'sorteer-knop', 'data-sorteer': key },
      c, el('span', { class: 'sorteer-pijl', 'aria-hidden': 'true',
        text: richting === 'oplopend' ? ' ▲' : richting === 'aflopend' ? ' ▼' : ' ↕' }));
    button.addEventListener('click', () => sort.onSort(key, next));
    return el('th', { scope: 'col', 'aria-sort': ariaSort }, button);
  };
  const tableEl = el('table', { class: 'tabel' },
    el('caption', { id: captionId, class: hideCaption ? 'visueel-verborgen' : null, text: caption }),
    el('thead', {}, el('tr', {}, columns.map(header))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c, i) => (
      i === 0
        ? el('th', { scope: 'row', 'data-label': columns[i] ?? '' }, c)
        : el('td', { 'data-label': columns[i] ?? '' }, c)
    ))))));
  return el('div', { class: 'tabel-rol', role: 'region', 'aria-labelledby': captionId, tabindex: '0' }, tableEl);
}

/** The secondary menu of the beheer pages. */
export function beheerNav(current) {
  const links = [
    { key: 'gebruikers', href: '/#/beheer/gebruikers', text: 'Gebruikers' },
    { key: 'werkgebieden', href: '/#/beheer/werkgebieden', text: 'Werkgebieden' },
    { key: 'programmas', href: '/#/beheer/programmas', text: "Programma's" },
    { key: 'doelen', href: '/#/beheer/doelen', text: 'Doelen' },
    { key: 'bewaartermijn', href: '/#/beheer/bewaartermijn', text: 'Bewaartermijn' },
    { key: 'tarieven', href: '/#/beheer/tarieven', text: 'Tarieven' },
  ];
  return el('nav', { class: 'sub-nav', 'aria-label': 'Beheer' },
    el('ul', {}, links.map((l) => el('li', {},
      el('a', { href: l.href, text: l.text, 'aria-current': l.key === current ? 'page' : null })))));
}
