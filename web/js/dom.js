// Koppel web front end: small helpers to build the DOM safely.
//
// Everything is created with createElement and filled with textContent, so
// nothing from the server or the URL is ever parsed as HTML. No style
// attributes either: the Content-Security-Policy forbids them; layout comes
// from classes in app.css and the `hidden` attribute.

let idCounter = 0;

/** A unique id with a readable prefix, for label/aria references. */
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * Creates an element.
 *
 * @param {string} tag
 * @param {object} [props] `class`, `text`, `dataset`, `on` (event → handler),
 *   boolean and string attributes (`hidden`, `href`, `type`, `aria-…`, …)
 *   and DOM properties that have no attribute (`value`, `checked`).
 * @param {...(Node|string|null|undefined|false)} children
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        node.addEventListener(event, handler);
      }
    } else if (key === 'value' || key === 'checked' || key === 'tabIndex') {
      node[key] = value;
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else {
      node.append(child);
    }
  }
}

/** The page heading; it takes focus after navigation. */
export function heading(text) {
  return el('h1', { text, tabIndex: -1 });
}

/**
 * A message area. kind "status" is polite (role=status), "fout" is
 * assertive (role=alert). It stays in the DOM while empty so screen readers
 * pick up what is written into it later; CSS hides it while empty.
 */
export function messageArea(kind) {
  return el('div', {
    class: `melding melding--${kind}`,
    role: kind === 'fout' ? 'alert' : 'status',
  });
}

/** Writes `text` into a message area (empty text clears it). */
export function say(area, text) {
  area.replaceChildren();
  if (text) {
    area.append(el('p', { text }));
  }
}

/**
 * A labelled form field with room for a hint and an error next to it.
 *
 * @param {object} spec
 * @param {string} spec.name the field's name, also the JSON pointer "/name"
 *   that the server uses in invalidParams
 * @param {string} spec.label
 * @param {string} [spec.type] input type, or "select"
 * @param {string} [spec.hint]
 * @param {Array<{value: string, text: string}>} [spec.options] for select
 * @param {object} [spec.attrs] more attributes for the input
 * @returns {{wrapper: HTMLElement, input: HTMLElement, name: string}}
 */
export function field({ name, label, type = 'text', hint, options, attrs = {} }) {
  const id = uniqueId(`veld-${name}`);
  const labelEl = el('label', { for: id, class: 'veld__label', text: label });
  const hintEl = hint ? el('p', { id: `${id}-hint`, class: 'veld__hint', text: hint }) : null;
  const errorEl = el('p', { id: `${id}-fout`, class: 'veld__fout', hidden: true });

  let input;
  if (type === 'select') {
    input = el('select', { id, name, ...attrs },
      (options || []).map((o) => el('option', { value: o.value, text: o.text })));
  } else {
    input = el('input', { id, name, type, ...attrs });
  }
  if (hintEl) {
    input.setAttribute('aria-describedby', hintEl.id);
  }
  const wrapper = el('div', { class: 'veld', dataset: { veld: name } }, labelEl, hintEl, errorEl, input);
  return { wrapper, input, name };
}

/**
 * A group of checkboxes in a fieldset with a legend, with room for an error.
 *
 * @returns {{wrapper: HTMLElement, inputs: HTMLInputElement[], name: string,
 *   values: () => string[], focusTarget: () => HTMLElement}}
 */
export function checkboxGroup({ name, legend, hint, items, checked = [] }) {
  const id = uniqueId(`groep-${name}`);
  const legendEl = el('legend', { class: 'veld__label', text: legend });
  const hintEl = hint ? el('p', { id: `${id}-hint`, class: 'veld__hint', text: hint }) : null;
  const errorEl = el('p', { id: `${id}-fout`, class: 'veld__fout', hidden: true });
  const inputs = [];
  const boxes = items.map((item) => {
    const inputId = uniqueId(`${name}-keuze`);
    const input = el('input', {
      type: 'checkbox', id: inputId, name, value: item.value, checked: checked.includes(item.value),
    });
    inputs.push(input);
    return el('div', { class: 'keuze' }, input, el('label', { for: inputId, text: item.text }));
  });
  const fieldset = el('fieldset', { class: 'veld veld--groep', dataset: { veld: name } },
    legendEl, hintEl, errorEl, el('div', { class: 'keuzes' }, boxes));
  if (hintEl) {
    fieldset.setAttribute('aria-describedby', hintEl.id);
  }
  return {
    wrapper: fieldset,
    inputs,
    name,
    values: () => inputs.filter((i) => i.checked).map((i) => i.value),
    focusTarget: () => inputs[0] || fieldset,
  };
}

// The element that carries aria-invalid/aria-describedby for a field.
function describedElement(wrapper) {
  return wrapper.matches('fieldset') ? wrapper : wrapper.querySelector('input, select, textarea');
}

/** Shows `message` next to the field in `wrapper` and marks it invalid. */
export function setFieldError(wrapper, message) {
  const errorEl = wrapper.querySelector('.veld__fout');
  errorEl.textContent = message || '';
  errorEl.hidden = !message;
  wrapper.classList.toggle('veld--fout', Boolean(message));

  const target = describedElement(wrapper);
  if (!target) {
    return; // a field without an input, such as "no werkgebieden yet"
  }
  const ids = (target.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== errorEl.id);
  // A group of checkboxes is described as a whole; each box is marked invalid.
  const invalid = target.matches('fieldset') ? [...target.querySelectorAll('input')] : [target];
  for (const input of invalid) {
    if (message) {
      input.setAttribute('aria-invalid', 'true');
    } else {
      input.removeAttribute('aria-invalid');
    }
  }
  if (message) {
    ids.unshift(errorEl.id);
  }
  if (ids.length) {
    target.setAttribute('aria-describedby', ids.join(' '));
  } else {
    target.removeAttribute('aria-describedby');
  }
}

/** Clears the errors of every field inside `form`. */
export function clearFieldErrors(form) {
  for (const wrapper of form.querySelectorAll('[data-veld]')) {
    setFieldError(wrapper, '');
  }
}

/**
 * Shows each error next to its field. `errors` is a list of
 * {name: "/veld" or "/veld/0", reason}. Returns the errors that belong to
 * no field in the form, and focuses the first field with an error.
 */
export function showFieldErrors(form, errors) {
  const leftOver = [];
  let first = null;
  const seen = new Set();
  for (const { name, reason } of errors) {
    const key = String(name || '').replace(/^#?\//, '').split('/')[0];
    const wrapper = key ? form.querySelector(`[data-veld="${CSS.escape(key)}"]`) : null;
    if (!wrapper) {
      leftOver.push(reason);
      continue;
    }
    if (seen.has(wrapper)) {
      const errorEl = wrapper.querySelector('.veld__fout');
      errorEl.textContent += ` ${reason}`;
      continue;
    }
    seen.add(wrapper);
    setFieldError(wrapper, reason || 'Deze waarde is niet geldig.');
    first ??= wrapper;
  }
  if (first) {
    const target = first.matches('fieldset') ? first.querySelector('input') : describedElement(first);
    target?.focus();
  }
  return leftOver;
}

/**
 * The one way Koppel asks before an irreversible step: a modal dialog that
 * says what will happen. Resolves to true when the user confirms, false on
 * cancel or Escape. Focus returns to where it was.
 *
 * @param {object} spec
 * @param {string} spec.title the question ("Koppeling stoppen?")
 * @param {string} spec.text what will happen, in one or two sentences
 * @param {string[]} [spec.gevolgen] further consequences, shown as a list
 * @param {Node[]} [spec.velden] fields the step needs (a date, children);
 *   they sit in a form inside the dialog
 * @param {() => boolean} [spec.check] called on confirming; false keeps the
 *   dialog open (it shows the errors next to the fields itself)
 * @param {string} spec.confirm the button that takes the step
 * @param {string} [spec.cancel]
 * @param {boolean} [spec.gevaar] a red confirm button (default true)
 */
export function confirmDialog({
  title, text, gevolgen = [], velden = [], check, confirm, cancel = 'Annuleren', gevaar = true,
}) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const titleId = uniqueId('dialoog-titel');
    const textId = uniqueId('dialoog-tekst');
    const yes = el('button', { type: 'submit', class: gevaar ? 'knop knop--gevaar' : 'knop', text: confirm });
    const no = el('button', { type: 'button', class: 'knop knop--secundair', text: cancel });
    const form = el('form', { class: 'dialoog__formulier', novalidate: true, dataset: { geenConcept: '' } },
      velden, el('div', { class: 'knoppen' }, yes, no));
    const dialog = el('dialog', { class: 'dialoog', 'aria-labelledby': titleId, 'aria-describedby': textId },
      el('h2', { id: titleId, text: title }),
      el('div', { id: textId }, el('p', { text }),
        gevolgen.length ? el('ul', { class: 'dialoog__gevolgen' }, gevolgen.map((g) => el('li', { text: g }))) : null),
      form);

    let answer = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (check && !check()) {
        return;
      }
      answer = true;
      dialog.close();
    });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (previous && previous.isConnected) {
        previous.focus();
      }
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

/**
 * A password input with a button that shows or hides what was typed.
 * Returns the field like field() does.
 */
export function passwordField(spec) {
  const f = field({ ...spec, type: 'password' });
  const toggle = el('button', {
    type: 'button', class: 'knop knop--klein knop--secundair', 'aria-pressed': 'false',
    'aria-controls': f.input.id, text: 'Toon wachtwoord',
  });
  toggle.addEventListener('click', () => {
    const show = f.input.type === 'password';
    f.input.type = show ? 'text' : 'password';
    toggle.setAttribute('aria-pressed', String(show));
  });
  const row = el('div', { class: 'veld__rij' });
  f.input.replaceWith(row);
  row.append(f.input, toggle);
  return f;
}
