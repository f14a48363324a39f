// Koppel web front end: form fields and page parts that the koppelingen
// pages share, next to the basic ones in dom.js.
//
// Every field has a wrapper with room for an error (.veld__fout) and a
// data-pointer: the JSON pointer ("/reden", "/doelen/1/scoreNu") under
// which the server names it in invalidParams. showPointerErrors() puts each
// error next to the field with the longest matching pointer.

import { isAbort } from '/js/api.js';
import { el, say, setFieldError, uniqueId } from '/js/dom.js';
import { showError } from '/js/page.js';

/** A section with an h2 that can take focus: {section, title, body}. */
export function blok(titleText, className = '') {
  const title = el('h2', { id: uniqueId('deel'), tabIndex: -1, text: titleText });
  const body = el('div', {});
  const section = el('section', { class: `blok ${className}`.trim(), 'aria-labelledby': title.id }, title, body);
  return { section, title, body };
}

/** A definition list from [label, value] pairs; empty values show "—". */
export function gegevens(pairs) {
  return el('dl', { class: 'gegevens' }, pairs.filter(Boolean).flatMap(([label, value]) => [
    el('dt', { text: label }),
    el('dd', {}, value === undefined || value === null || value === '' ? '—' : value),
  ]));
}

/** Free text with its line breaks kept, or a quiet line when there is none. */
export function vrijeTekst(value, empty = 'Niet ingevuld.') {
  return value
    ? el('p', { class: 'vrije-tekst', text: value })
    : el('p', { class: 'zacht', text: empty });
}

// The parts every field has: id, label, hint and error.
function parts(name, hint) {
  const id = uniqueId(`veld-${name}`);
  const hintEl = hint ? el('p', { id: `${id}-hint`, class: 'veld__hint', text: hint }) : null;
  const errorEl = el('p', { id: `${id}-fout`, class: 'veld__fout', hidden: true });
  return { id, hintEl, errorEl };
}

function wrap(name, pointer, ...children) {
  return el('div', { class: 'veld', dataset: { veld: name, pointer: pointer || `/${name}` } }, ...children);
}

/** A labelled input: {wrapper, input}. */
export function invoerVeld({
  name, label, hint, type = 'text', pointer, value, attrs = {},
}) {
  const { id, hintEl, errorEl } = parts(name, hint);
  const input = el('input', {
    id, name, type, 'aria-describedby': hintEl?.id, ...attrs,
  });
  if (value !== undefined && value !== null) {
    input.value = value;
  }
  const wrapper = wrap(name, pointer, el('label', { for: id, class: 'veld__label', text: label }), hintEl, errorEl, input);
  return { wrapper, input };
}

/** A date field (YYYY-MM-DD value, shown by the browser as dd-mm-jjjj). */
export function datumVeld({ name, label, hint, pointer, value }) {
  return invoerVeld({
    name, label, hint, pointer, value, type: 'date', attrs: { class: 'invoer--datum' },
  });
}

/** A whole number between min and max. */
export function getalVeld({ name, label, hint, pointer, min, max, value }) {
  return invoerVeld({
    name,
    label,
    hint,
    pointer,
    value,
    type: 'number',
    attrs: {
      min: String(min), max: String(max), step: '1', inputmode: 'numeric', class: 'invoer--getal',
    },
  });
}

/** A labelled textarea: {wrapper, input}. */
export function tekstVeld({
  name, label, hint, pointer, rows = 3, maxlength = 2000, value,
}) {
  const { id, hintEl, errorEl } = parts(name, hint);
  const input = el('textarea', {
    id, name, rows: String(rows), maxlength: String(maxlength), 'aria-describedby': hintEl?.id,
  });
  if (value) {
    input.value = value;
  }
  const wrapper = wrap(name, pointer, el('label', { for: id, class: 'veld__label', text: label }), hintEl, errorEl, input);
  return { wrapper, input };
}

/** A select with `choices` ([{value, text}]) and an optional empty first one. */
export function keuzeVeld({
  name, label, hint, pointer, choices, empty, value,
}) {
  const { id, hintEl, errorEl } = parts(name, hint);
  const options = empty !== undefined ? [{ value: '', text: empty }, ...choices] : choices;
  const input = el('select', { id, name, 'aria-describedby': hintEl?.id },
    options.map((o) => el('option', { value: o.value, text: o.text })));
  if (value !== undefined && value !== null) {
    input.value = value;
  }
  const wrapper = wrap(name, pointer, el('label', { for: id, class: 'veld__label', text: label }), hintEl, errorEl, input);
  return { wrapper, input };
}

/**
 * Radio buttons or checkboxes in a fieldset with a legend:
 * {wrapper, inputs, value(), values(), set(value)}.
 */
export function keuzeGroep({
  name, legend, hint, pointer, choices, type = 'radio', value, onder = false,
}) {
  const { id, hintEl, errorEl } = parts(name, hint);
  const group = uniqueId(name);
  const inputs = [];
  const rows = choices.map((c) => {
    const inputId = uniqueId(`${name}-keuze`);
    const checked = type === 'radio' ? c.value === value : Array.isArray(value) && value.includes(c.value);
    const input = el('input', {
      type, id: inputId, name: group, value: c.value, checked,
    });
    inputs.push(input);
    return el('div', { class: 'keuze' }, input, el('label', { for: inputId, text: c.text }));
  });
  const wrapper = el('fieldset', {
    class: 'veld veld--groep', dataset: { veld: name, pointer: pointer || `/${name}` }, 'aria-describedby': hintEl?.id,
  }, el('legend', { class: 'veld__label', text: legend }), hintEl, errorEl,
  el('div', { class: `keuzes${onder ? ' keuzes--onder' : ''}` }, rows));
  return {
    wrapper,
    inputs,
    value: () => inputs.find((i) => i.checked)?.value || '',
    values: () => inputs.filter((i) => i.checked).map((i) => i.value),
    set(v) {
      for (const input of inputs) {
        input.checked = type === 'radio' ? input.value === v : Array.isArray(v) && v.includes(input.value);
      }
    },
  };
}

/** The value of a text input or textarea, trimmed; undefined when empty. */
export function tekst(input) {
  const value = input.value.trim();
  return value || undefined;
}

/** The lines of a textarea that are not empty. */
export function regels(input) {
  return input.value.split('\n').map((s) => s.trim()).filter(Boolean);
}

// What gets the focus for an error in `wrapper`: its input; with
// `sectieKnop`, a wrapper without one (an empty list) gives the first button
// of its section instead.
function focusTarget(wrapper, sectieKnop) {
  const input = wrapper.querySelector('input:not([type="hidden"]), select, textarea');
  if (input || !sectieKnop) {
    return input;
  }
  return wrapper.closest('section')?.querySelector('button') || null;
}

// A readable name for a pointer that belongs to no field: "/vraag/tekst" → "vraag, tekst".
function readablePointer(pointer) {
  return pointer.replace(/^\//, '').split('/').filter((p) => !/^\d+$/.test(p)).join(', ');
}

/**
 * Shows each error ({name: JSON pointer, reason}) next to the visible field
 * in `form` whose data-pointer is the longest prefix of it, and focuses the
 * first such field in page order. Returns the reasons that belong to no field.
 *
 * Options: `naamRest` puts a readable form of the pointer before each reason
 * that belongs to no field ("vraag, tekst: ..."; not for the root pointer);
 * `sectieKnop` focuses the first button of the section when the first field
 * with an error has no input (a list without rows).
 */
export function showPointerErrors(form, errors, { naamRest = false, sectieKnop = false } = {}) {
  const wrappers = [...form.querySelectorAll('[data-pointer]')].filter((w) => !w.closest('[hidden]'));
  const found = new Map();
  const leftOver = [];
  for (const { name, reason } of errors) {
    const pointer = `/${String(name || '').replace(/^#?\/?/, '')}`;
    let best = null;
    for (const w of wrappers) {
      const p = w.dataset.pointer;
      if ((pointer === p || pointer.startsWith(`${p}/`)) && (!best || p.length > best.dataset.pointer.length)) {
        best = w;
      }
    }
    const message = reason || 'Deze waarde is niet geldig.';
    if (best) {
      found.set(best, found.has(best) ? `${found.get(best)} ${message}` : message);
    } else {
      leftOver.push(naamRest && pointer !== '/' ? `${readablePointer(pointer)}: ${message}` : message);
    }
  }
  for (const [wrapper, message] of found) {
    setFieldError(wrapper, message);
  }
  const first = [...found.keys()].sort((a, b) => (
    a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
  if (first) {
    focusTarget(first, sectieKnop)?.focus();
  }
  return leftOver;
}

/**
 * Shows a refused form submission: reasons next to their fields, and in
 * `area` (next to the form) what the server said: the condition that is not
 * met (422), the conflict (409), or that fields need a look.
 */
export function showRefusal(form, area, err) {
  if (isAbort(err) || err?.status === 401) {
    return;
  }
  if (err?.invalidParams?.length) {
    const leftOver = showPointerErrors(form, err.invalidParams);
    const texts = [];
    if (err.status === 422 && err.detail) {
      texts.push(err.detail);
    }
    for (const t of leftOver) {
      if (!texts.includes(t)) {
        texts.push(t);
      }
    }
    say(area, texts.length ? texts.join(' ') : 'Niet alles is goed ingevuld. Kijk bij de velden met een melding.');
    return;
  }
  showError(area, err);
}

/**
 * A button that shows and hides a panel (a form) right below it. Only one
 * panel of a `groep` is open at a time. open() builds the panel's content
 * afresh and focuses its first field; close() (also Escape inside the
 * panel) hides it and returns the focus to the button.
 *
 * @param {object} spec
 * @param {string|Node[]} spec.label the button's content
 * @param {string} [spec.className] extra classes for the button
 * @param {() => Node} spec.build makes the panel's content; it gets a fresh
 *   one each time it opens
 * @param {Set} [spec.groep] the open panels that close when this one opens
 */
export function uitklapper({ label, className = 'knop knop--secundair', build, groep }) {
  const panel = el('div', { id: uniqueId('paneel'), class: 'paneel', hidden: true });
  const button = el('button', {
    type: 'button', class: className, 'aria-expanded': 'false', 'aria-controls': panel.id,
  }, label);
  const self = {
    button,
    panel,
    get isOpen() {
      return !panel.hidden;
    },
    open() {
      for (const other of groep || []) {
        if (other !== self) {
          other.close({ focus: false });
        }
      }
      panel.replaceChildren(build(self));
      panel.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      groep?.add(self);
      panel.querySelector('input:not([type="hidden"]), select, textarea, button')?.focus();
    },
    close({ focus = true } = {}) {
      panel.hidden = true;
      panel.replaceChildren();
      button.setAttribute('aria-expanded', 'false');
      groep?.delete(self);
      if (focus && button.isConnected) {
        button.focus();
      }
    },
  };
  button.addEventListener('click', () => (self.isOpen ? self.close() : self.open()));
  // Escape closes the panel without sending anything.
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      self.close();
    }
  });
  return self;
}

/** A "Annuleren" button that closes an uitklapper. */
export function annuleerKnop(klapper) {
  const knop = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Annuleren' });
  knop.addEventListener('click', () => klapper.close());
  return knop;
}
