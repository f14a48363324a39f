// Koppel web front end: the login page.
//
// Shown instead of the application whenever there is no session: on first
// load without a session cookie, after logging out, and as soon as any
// request answers 401 because the session expired. POST /api/v1/sessies
// returns the user and the CSRF token; the server sets the session cookie
// itself (HttpOnly, so this code never sees it).

import { api } from '/js/api.js';
import {
  clearFieldErrors, el, field, heading, messageArea, say, setFieldError,
} from '/js/dom.js';

// "Te veel pogingen. Probeer het over N minuten opnieuw."
function tooManyAttempts(seconds) {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return 'Te veel pogingen. Probeer het later opnieuw.';
  }
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Te veel pogingen. Probeer het over ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'} opnieuw.`;
}

/**
 * Renders the login page into `main`.
 *
 * @param {HTMLElement} main
 * @param {object} options
 * @param {string} [options.notice] a sentence shown above the form, e.g.
 *   that the session expired
 * @param {(session: object) => void} options.onLoggedIn called with the
 *   body of the 201 answer
 * @returns {HTMLInputElement} the first field, to be focused
 */
export function renderLogin(main, { notice, onLoggedIn }) {
  const user = field({
    name: 'gebruikersnaam',
    label: 'Gebruikersnaam',
    attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true },
  });
  const password = field({
    name: 'wachtwoord',
    label: 'Wachtwoord',
    type: 'password',
    attrs: { autocomplete: 'current-password', required: true },
  });
  const errors = messageArea('fout');
  const submit = el('button', { type: 'submit', class: 'knop', text: 'Inloggen' });

  const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': 'login-titel' },
    errors, user.wrapper, password.wrapper, el('div', { class: 'knoppen' }, submit));

  const title = heading('Inloggen');
  title.id = 'login-titel';

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    say(errors, '');

    const gebruikersnaam = user.input.value.trim();
    const wachtwoord = password.input.value;
    let firstEmpty = null;
    if (!gebruikersnaam) {
      setFieldError(user.wrapper, 'Vul je gebruikersnaam in.');
      firstEmpty = user.input;
    }
    if (!wachtwoord) {
      setFieldError(password.wrapper, 'Vul je wachtwoord in.');
      firstEmpty ??= password.input;
    }
    if (firstEmpty) {
      firstEmpty.focus();
      return;
    }

    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const { data } = await api('POST', '/sessies', { body: { gebruikersnaam, wachtwoord } });
      onLoggedIn(data);
    } catch (err) {
      let text;
      if (err.status === 429) {
        text = tooManyAttempts(err.retryAfter);
      } else if (err.status === 401 || err.status === 400) {
        text = err.detail || 'Gebruikersnaam of wachtwoord onjuist.';
      } else {
        text = err.detail || 'Inloggen lukt nu niet. Probeer het later opnieuw.';
      }
      say(errors, text);
      password.input.value = '';
      password.input.focus();
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });

  let intro;
  if (notice) {
    // Written a moment later, so screen readers announce it.
    intro = el('div', { class: 'melding melding--info', role: 'status' });
    setTimeout(() => say(intro, notice), 100);
  } else {
    intro = el('p', { text: 'Log in met de gebruikersnaam en het wachtwoord die je van de beheerder van Koppel hebt gekregen.' });
  }

  main.replaceChildren(el('section', { class: 'inloggen' }, title, intro, form));
  document.title = 'Inloggen · Koppel';
  return user.input;
}
