// Koppel web front end: languages by their Dutch names (issue 16, point 9).
//
// The API keeps languages as ISO 639 codes (two letters, or three for a
// language without a two-letter code: pap, srn, ber, dse, prs); people
// read and pick them by name. This fixed list holds the languages families
// in the Netherlands speak most; a code outside it (saved earlier, or
// through the API) is shown as the code and kept when the form is saved.

import { el, uniqueId } from '/js/dom.js';

const NAMEN = {
  nl: 'Nederlands', fy: 'Fries', en: 'Engels', ar: 'Arabisch', ber: 'Tamazight (Berbers)', tr: 'Turks',
  pap: 'Papiaments', srn: 'Sranantongo', pl: 'Pools', ro: 'Roemeens', bg: 'Bulgaars', uk: 'Oekraïens',
  ru: 'Russisch', ti: 'Tigrinya', am: 'Amhaars', so: 'Somalisch', fa: 'Perzisch (Farsi)', prs: 'Dari',
  ps: 'Pasjtoe', ku: 'Koerdisch', es: 'Spaans', pt: 'Portugees', fr: 'Frans', de: 'Duits', it: 'Italiaans',
  el: 'Grieks', sq: 'Albanees', bs: 'Bosnisch', hr: 'Kroatisch', sr: 'Servisch', hu: 'Hongaars',
  lt: 'Litouws', lv: 'Lets', cs: 'Tsjechisch', sk: 'Slowaaks', hy: 'Armeens', zh: 'Chinees', hi: 'Hindi',
  ur: 'Urdu', vi: 'Vietnamees', th: 'Thais', id: 'Indonesisch', tl: 'Tagalog', dse: 'Nederlandse Gebarentaal',
};

/** The languages of the list as {code, naam}: Nederlands first, then by name. */
export const TALEN = Object.entries(NAMEN)
  .map(([code, naam]) => ({ code, naam }))
  .sort((a, b) => (a.code === 'nl' ? -1 : b.code === 'nl' ? 1 : a.naam.localeCompare(b.naam, 'nl')));

/** The Dutch name of a language code; the code itself when it is not in the list. */
export function taalNaam(code) {
  return NAMEN[String(code).toLowerCase()] ?? String(code);
}

/** Language codes as words: ['nl', 'tr'] → "Nederlands, Turks"; '' for none. */
export function talenTekst(codes) {
  return (codes || []).map(taalNaam).join(', ');
}

/**
 * A group of checkboxes, one per language of the list, with a legend and
 * room for an error (like dom.js checkboxGroup). set(codes) ticks those
 * codes and adds a box for a code outside the list; get() returns the
 * ticked codes in the list's order.
 *
 * @returns {{wrapper: HTMLFieldSetElement, name: string, get: () => string[],
 *   set: (codes: string[]) => void, focusTarget: () => HTMLElement}}
 */
export function talenVeld({ name, legend, hint }) {
  const id = uniqueId(`groep-${name}`);
  const hintEl = hint ? el('p', { id: `${id}-hint`, class: 'veld__hint', text: hint }) : null;
  const errorEl = el('p', { id: `${id}-fout`, class: 'veld__fout', hidden: true });
  const boxes = el('div', { class: 'keuzes keuzes--talen' });
  const inputs = [];

  function add(code, naam) {
    const inputId = uniqueId(`${name}-taal`);
    const input = el('input', { type: 'checkbox', id: inputId, name, value: code });
    inputs.push(input);
    boxes.append(el('div', { class: 'keuze' }, input, el('label', { for: inputId, lang: 'nl', text: naam })));
    return input;
  }
  for (const t of TALEN) {
    add(t.code, t.naam);
  }

  const wrapper = el('fieldset', { class: 'veld veld--groep veld--talen', dataset: { veld: name } },
    el('legend', { class: 'veld__label', text: legend }), hintEl, errorEl, boxes);
  if (hintEl) {
    wrapper.setAttribute('aria-describedby', hintEl.id);
  }
  return {
    wrapper,
    name,
    get: () => inputs.filter((i) => i.checked).map((i) => i.value),
    set(codes) {
      const wanted = new Set((codes || []).map((c) => String(c).toLowerCase()));
      for (const code of wanted) {
        if (!inputs.some((i) => i.value === code)) {
          add(code, taalNaam(code));
        }
      }
      for (const input of inputs) {
        input.checked = wanted.has(input.value);
      }
    },
    focusTarget: () => inputs[0] || wrapper,
  };
}
