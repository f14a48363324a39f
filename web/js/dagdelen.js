// Koppel web front end: dagdelen (parts of the week) as a grid of
// checkboxes in forms and as a readable list on the family page.
//
// The grid is a table: one row per day, one column per part of the day,
// with row and column headers; every checkbox has its own label ("woensdag
// middag") for screen readers. Days and parts come from the keuzelijsten.

import { el, uniqueId } from '/js/dom.js';
import { dagNaam, dagdelenRaster, hoofdletter } from '/js/keuzelijsten.js';

/**
 * A fieldset with the grid of dagdelen.
 *
 * @param {object} spec
 * @param {string} spec.name name of the checkboxes and data-veld
 * @param {string} spec.legend
 * @param {string} [spec.hint]
 * @param {object} spec.lijsten the keuzelijsten
 * @returns {{wrapper: HTMLFieldSetElement, values: () => string[], set: (codes: string[]) => void}}
 */
export function dagdelenKeuze({ name, legend, hint, lijsten }) {
  const raster = dagdelenRaster(lijsten);
  const id = uniqueId(`groep-${name}`);
  const hintEl = hint ? el('p', { id: `${id}-hint`, class: 'veld__hint', text: hint }) : null;
  const errorEl = el('p', { id: `${id}-fout`, class: 'veld__fout', hidden: true });
  const inputs = [];

  const rows = raster.dagen.map((dag) => el('tr', {},
    // Narrow screens show "Ma" instead of "Maandag" (see app.css).
    el('th', { scope: 'row' },
      el('span', { class: 'dag-lang', text: hoofdletter(dagNaam(dag)) }),
      el('span', { class: 'dag-kort', text: hoofdletter(dag) })),
    raster.delen.map((deel) => {
      const code = raster.code(dag, deel);
      if (!code) {
        return el('td', {});
      }
      const inputId = uniqueId(`${name}-${code}`);
      const input = el('input', { type: 'checkbox', id: inputId, name, value: code });
      inputs.push(input);
      return el('td', {},
        input,
        el('label', { for: inputId, class: 'visueel-verborgen', text: raster.naam(code) }));
    })));

  const grid = el('div', { class: 'dagdelen-rol' },
    el('table', { class: 'dagdelen' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Dag' }),
        raster.delen.map((deel) => el('th', { scope: 'col', text: hoofdletter(deel) })))),
      el('tbody', {}, rows)));

  const wrapper = el('fieldset', { class: 'veld veld--groep', dataset: { veld: name } },
    el('legend', { class: 'veld__label', text: legend }), hintEl, errorEl, grid);
  if (hintEl) {
    wrapper.setAttribute('aria-describedby', hintEl.id);
  }
  return {
    wrapper,
    values: () => inputs.filter((i) => i.checked).map((i) => i.value),
    set(codes) {
      const chosen = new Set(codes || []);
      for (const input of inputs) {
        input.checked = chosen.has(input.value);
      }
    },
  };
}

/**
 * The chosen dagdelen as a list, one line per day: "Woensdag: middag, avond".
 * Returns a paragraph saying none were chosen when the list is empty.
 */
export function dagdelenOverzicht(lijsten, codes) {
  const chosen = new Set(codes || []);
  const raster = dagdelenRaster(lijsten);
  const lines = [];
  for (const dag of raster.dagen) {
    const delen = raster.delen.filter((deel) => chosen.has(raster.code(dag, deel)));
    if (delen.length) {
      lines.push(el('li', {}, el('span', { class: 'nadruk', text: `${hoofdletter(dagNaam(dag))}:` }), ` ${delen.join(', ')}`));
    }
  }
  if (!lines.length) {
    return el('p', { class: 'zacht', text: 'Geen dagdelen ingevuld.' });
  }
  return el('ul', { class: 'dagdelen-lijst' }, lines);
}
