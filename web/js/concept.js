// Koppel web front end: drafts of forms, kept in the tab.
//
// Whatever a user types into a form on a page is kept in sessionStorage
// (never in persistent storage) as a draft, keyed by the user, the route
// and the form: its label, or its place among the page's forms. The keys
// are the fields' names, with their order among fields of the same name,
// so every form gets this without knowing of it. A draft
// - is restored into the form as soon as the page draws it again: after
//   logging in once the session expired, after going back to the page, or
//   after reloading the tab; a notice says so and offers to wipe it. A page
//   that draws the same form anew while it stays on screen (after a save,
//   or to show the newest data after a conflict) means to start clean: the
//   draft goes;
// - is removed once the form's change was saved (a successful write after
//   the form was submitted), when the user chooses to leave the page
//   without saving, and on logging out.
// A form with a draft or typed changes is "dirty": leaving its page through
// a link asks first (see app.js). Search and filter forms (role=search,
// class "filters"), password fields and forms marked data-geen-concept are
// left alone.

import { el, say } from '/js/dom.js';

const PREFIX = 'koppel.concept.v1:';
// A write this long after a form was submitted counts as saving that form.
const SAVE_WINDOW_MS = 60000;
const SKIPPED_TYPES = new Set(['password', 'hidden', 'file', 'submit', 'button', 'reset', 'image']);

const dirty = new WeakSet(); // forms with input that was not saved
const seen = new WeakSet(); // forms whose draft was looked for
let shownKeys = new Set(); // the keys of the forms drawn since the page was drawn
let options = null;
let submitted = null; // {key, form, at} of the form submitted last
let restoring = false;

// sessionStorage, or null where the browser refuses it (a privacy mode).
function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** True when `form` is one whose input is kept as a draft. */
function tracked(form) {
  return form instanceof HTMLFormElement &&
    !form.matches('[role="search"], .filters, [data-geen-concept]') &&
    options?.active();
}

// A form's accessible label ('' when it has none).
function labelOf(form) {
  const label = form.getAttribute('aria-label');
  if (label) {
    return label;
  }
  const ids = (form.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent?.trim() || '').join(' ').trim();
}

// The name a form is known by on its page: its label (with its order among
// forms of the same label), else its place among the page's forms.
function formName(form) {
  const forms = [...options.main.querySelectorAll('form')].filter((f) => !f.matches('[role="search"], .filters'));
  const label = labelOf(form);
  if (!label) {
    return `formulier-${forms.indexOf(form)}`;
  }
  const same = forms.filter((f) => labelOf(f) === label);
  const n = same.indexOf(form);
  return n > 0 ? `${label}#${n}` : label;
}

// The route part of the current location: "#/gezinnen/nieuw?kant=vraag" → "/gezinnen/nieuw?kant=vraag".
function currentRoute() {
  return location.hash.replace(/^#/, '') || '/';
}

// The storage key of `form` on the current route for the current user.
function keyOf(form) {
  return `${PREFIX}${options.user()}:${currentRoute()}:${formName(form)}`;
}

// The fields of a form that a draft keeps.
function draftFields(form) {
  return [...form.elements].filter((f) => f.name && !f.disabled && !SKIPPED_TYPES.has(f.type) &&
    (f instanceof HTMLInputElement || f instanceof HTMLSelectElement || f instanceof HTMLTextAreaElement));
}

// The state of every kept field: [{n: name, i: order among that name, v or c}].
function snapshot(form) {
  const count = new Map();
  return draftFields(form).map((f) => {
    const i = count.get(f.name) || 0;
    count.set(f.name, i + 1);
    if (f.type === 'checkbox' || f.type === 'radio') {
      return { n: f.name, i, c: f.checked };
    }
    if (f instanceof HTMLSelectElement && f.multiple) {
      return { n: f.name, i, m: [...f.selectedOptions].map((o) => o.value) };
    }
    return { n: f.name, i, v: f.value };
  });
}

function save(form) {
  const store = storage();
  if (!store || restoring) {
    return;
  }
  try {
    store.setItem(keyOf(form), JSON.stringify({ velden: snapshot(form) }));
  } catch {
    // storage full or refused: the form itself still holds the input
  }
}

function read(key) {
  try {
    const text = storage()?.getItem(key);
    const data = text ? JSON.parse(text) : null;
    return Array.isArray(data?.velden) ? data : null;
  } catch {
    return null;
  }
}

function remove(key) {
  try {
    storage()?.removeItem(key);
  } catch {
    // nothing to remove
  }
}

// Puts the values of `draft` into the form's fields; true when any changed.
// Each changed field gets input and change events, so the form's own logic
// (sections that depend on a choice) follows as if the user had typed.
function apply(form, draft) {
  const changed = [];
  restoring = true;
  try {
    for (const item of draft.velden) {
      const field = draftFields(form).filter((f) => f.name === item.n)[item.i];
      if (!field) {
        continue;
      }
      if ('c' in item) {
        if (field.checked !== Boolean(item.c)) {
          field.checked = Boolean(item.c);
          changed.push(field);
        }
      } else if ('m' in item) {
        for (const option of field.options) {
          option.selected = item.m.includes(option.value);
        }
        changed.push(field);
      } else if (typeof item.v === 'string' && field.value !== item.v) {
        field.value = item.v;
        if (field.value === item.v) {
          changed.push(field);
        }
      }
      if (changed.at(-1) === field) {
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }
  } finally {
    restoring = false;
  }
  return changed.length > 0;
}

// A notice at the top of a restored form, with a button that wipes the draft.
function notice(form, key) {
  const area = el('div', { class: 'melding melding--info concept-melding', role: 'status' });
  const wipe = el('button', { type: 'button', class: 'knop knop--klein knop--secundair', text: 'Invoer wissen' });
  wipe.addEventListener('click', () => {
    remove(key);
    dirty.delete(form);
    options.redraw();
  });
  form.prepend(area);
  // Written a moment later, so screen readers announce it.
  setTimeout(() => {
    say(area, 'Wat je eerder invulde en nog niet was opgeslagen, staat weer in dit formulier.');
    area.append(el('p', {}, wipe));
  }, 100);
}

// Looks for the draft of every new form in `root` and restores it.
function visit(root) {
  if (!options.active()) {
    return;
  }
  const forms = root instanceof HTMLFormElement ? [root] : [...root.querySelectorAll?.('form') || []];
  for (const form of forms) {
    if (seen.has(form) || !tracked(form)) {
      continue;
    }
    seen.add(form);
    const key = keyOf(form);
    if (shownKeys.has(key)) {
      remove(key);
      continue;
    }
    shownKeys.add(key);
    const draft = read(key);
    if (draft && apply(form, draft)) {
      dirty.add(form);
      notice(form, key);
    }
  }
}

/**
 * Starts keeping drafts of the forms in `main`.
 *
 * @param {object} opts
 * @param {HTMLElement} opts.main the content area
 * @param {() => boolean} opts.active false while the login page is shown
 * @param {() => (number|string|null)} opts.user the logged-in user's id
 * @param {() => void} opts.redraw draws the current route again
 */
export function startConcepten(opts) {
  options = opts;
  const { main } = opts;
  const typed = (event) => {
    const form = event.target?.form;
    if (!form || restoring || !tracked(form) || SKIPPED_TYPES.has(event.target.type)) {
      return;
    }
    dirty.add(form);
    save(form);
  };
  main.addEventListener('input', typed, true);
  main.addEventListener('change', typed, true);
  main.addEventListener('submit', (event) => {
    if (tracked(event.target)) {
      submitted = { key: keyOf(event.target), form: event.target, at: Date.now() };
    }
  }, true);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          visit(node);
        }
      }
    }
  }).observe(main, { childList: true, subtree: true });
}

/** A new page is drawn: its forms may get their drafts back. */
export function nieuwePagina() {
  shownKeys = new Set();
}

/**
 * Called after every successful change on the server: the form submitted
 * last (within a minute) was saved, so its draft goes.
 */
export function conceptOpgeslagen() {
  // A form gone from the page (the login page came in between) was not saved.
  if (submitted && submitted.form.isConnected && Date.now() - submitted.at <= SAVE_WINDOW_MS) {
    remove(submitted.key);
    dirty.delete(submitted.form);
  }
  submitted = null;
}

/** The forms on screen with input that was not saved. */
export function dirtyForms() {
  if (!options) {
    return [];
  }
  return [...options.main.querySelectorAll('form')].filter((f) => dirty.has(f));
}

/** Throws away the drafts of the dirty forms on screen (the user leaves without saving). */
export function discardDirty() {
  for (const form of dirtyForms()) {
    remove(keyOf(form));
    dirty.delete(form);
  }
}

/**
 * Removes drafts from this tab: all of them (logging out), or, with
 * `keepUser`, those of every other user (someone else logged in here).
 */
export function clearConcepten(keepUser = null) {
  const store = storage();
  if (!store) {
    return;
  }
  const keep = keepUser === null ? null : `${PREFIX}${keepUser}:`;
  const keys = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX) && !(keep && key.startsWith(keep))) {
      keys.push(key);
    }
  }
  keys.forEach(remove);
}
