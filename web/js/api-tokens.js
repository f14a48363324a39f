// Koppel web front end: the user's own API tokens (#/api-tokens, any role).
//
// A token lets another program use the API on the user's behalf. There are
// two kinds: "api" for scripts (sent as an Authorization header) and
// "agenda", a calendar subscription that reads only the user's agenda.ics;
// for that kind the page shows the ready subscription URL instead of the
// bare token. The server shows the secret once, in the answer to POST; this
// page shows it once too, with a copy button, and keeps it nowhere but on
// the screen. Revoking asks for confirmation first.

import { api } from '/js/api.js';
import {
  clearFieldErrors, confirmDialog, el, field, heading, messageArea, say, setFieldError, uniqueId,
} from '/js/dom.js';
import { timeElement } from '/js/format.js';
import {
  loading, showError, showFormError, table,
} from '/js/page.js';

// Copies `input`'s value to the clipboard; resolves to true when it worked.
async function copy(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

// The calendar subscription URL for an agenda token.
export function subscriptionUrl(token) {
  return `${location.origin}/api/v1/agenda.ics?token=${encodeURIComponent(token)}`;
}

// The panel that shows a new token (or, for an agenda token, its subscription URL), once.
function newTokenPanel(created) {
  const agenda = created.soort === 'agenda';
  const titleId = uniqueId('nieuw-token');
  const inputId = uniqueId('token');
  const title = el('h2', {
    id: titleId, tabIndex: -1, text: agenda ? 'Je nieuwe agenda-abonnement' : 'Je nieuwe API-token',
  });
  const input = el('input', {
    id: inputId, type: 'text', readonly: true, value: agenda ? subscriptionUrl(created.token) : created.token,
    class: 'invoer--token', spellcheck: 'false', autocomplete: 'off',
    dataset: { soort: agenda ? 'abonnement' : 'token' },
  });
  const copied = messageArea('status');
  const button = el('button', { type: 'button', class: 'knop', text: 'Kopiëren' });
  button.addEventListener('click', async () => {
    say(copied, '');
    const ok = await copy(input);
    const what = agenda ? 'De abonnementslink' : 'Het token';
    say(copied, ok
      ? `${what} staat op het klembord.`
      : `Kopiëren lukte niet. Selecteer ${what.toLowerCase()} en kopieer het zelf.`);
  });
  input.addEventListener('focus', () => input.select());

  const explain = agenda
    ? 'Kopieer deze link nu en voeg hem in je agenda toe als abonnement (“agenda toevoegen via URL”). ' +
      'De link kan alleen je geplande evaluaties lezen, niets anders. Hij wordt niet nog een keer getoond.'
    : 'Kopieer dit token nu en bewaar het op een veilige plek. Het wordt niet nog een keer getoond.';
  const panel = el('section', { class: 'blok blok--nadruk', 'aria-labelledby': titleId, dataset: { tokenId: String(created.id) } },
    title,
    el('p', { class: 'nadruk', text: explain }),
    el('div', { class: 'veld' },
      el('label', {
        for: inputId, class: 'veld__label',
        text: agenda ? `Abonnementslink “${created.naam}”` : `Token “${created.naam}”`,
      }),
      el('div', { class: 'veld__rij' }, input, button)),
    copied);
  return { panel, title };
}

export function renderApiTokens(ctx) {
  const title = heading('API-tokens');
  const status = messageArea('status');
  const errors = messageArea('fout');

  const formTitle = el('h2', { id: 'token-aanmaken', text: 'Nieuw API-token' });
  const formErrors = messageArea('fout');
  const naam = field({
    name: 'naam',
    label: 'Naam',
    hint: 'Waarvoor gebruik je dit token? Bijvoorbeeld: kwartaalexport.',
    attrs: { autocomplete: 'off', required: true, maxlength: '100' },
  });
  const soortOptions = [{ value: 'api', text: 'Voor een programma (API)' }];
  if (ctx.user?.rol !== 'rapportage') {
    soortOptions.push({ value: 'agenda', text: 'Agenda-abonnement (alleen je evaluaties lezen)' });
  }
  const soort = field({
    name: 'soort',
    label: 'Soort',
    type: 'select',
    hint: 'Een agenda-abonnement kan alleen je agenda met geplande evaluaties lezen; ' +
      'je krijgt er een link voor je agenda-app bij.',
    options: soortOptions,
  });
  const submit = el('button', { type: 'submit', class: 'knop', text: 'Token aanmaken' });
  const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': formTitle.id },
    formErrors, naam.wrapper, soort.wrapper, el('div', { class: 'knoppen' }, submit));
  const created = el('div');

  const listTitle = el('h2', { id: 'token-lijst', tabIndex: -1, text: 'Jouw API-tokens' });
  const holder = el('div', {}, loading('De tokens worden geladen…'));

  ctx.main.replaceChildren(
    title,
    el('p', { text: 'Met een API-token kan een ander programma namens jou gegevens uit Koppel ophalen, ' +
      'bijvoorbeeld voor een export. Met een agenda-abonnement zie je je geplande evaluaties in je eigen ' +
      'agenda. Behandel een token als een wachtwoord en trek het in zodra je het niet meer gebruikt. ' +
      'Tokens vervallen als je wachtwoord of rol verandert.' }),
    status,
    errors,
    el('section', { class: 'blok' }, formTitle, form),
    created,
    el('section', { 'aria-labelledby': listTitle.id }, listTitle, holder),
  );
  document.title = 'API-tokens · Koppel';

  async function revoke(token) {
    const sure = await confirmDialog({
      title: 'API-token intrekken?',
      text: `Programma’s die het token “${token.naam}” gebruiken, krijgen daarna geen toegang meer. ` +
        'Dit kun je niet ongedaan maken.',
      confirm: 'Intrekken',
    });
    if (!sure) {
      return;
    }
    say(status, '');
    say(errors, '');
    try {
      await api('DELETE', `/api-tokens/${encodeURIComponent(token.id)}`, { signal: ctx.signal });
    } catch (err) {
      showError(errors, err);
      return;
    }
    if (created.firstElementChild?.dataset.tokenId === String(token.id)) {
      created.replaceChildren();
    }
    say(status, `Het token “${token.naam}” is ingetrokken.`);
    await load();
    listTitle.focus();
  }

  async function load() {
    try {
      const { data } = await api('GET', '/api-tokens', { signal: ctx.signal });
      const tokens = data?.apiTokens || [];
      if (!tokens.length) {
        holder.replaceChildren(el('p', { text: 'Je hebt nog geen API-tokens.' }));
        return;
      }
      holder.replaceChildren(table('Jouw API-tokens',
        ['Naam', 'Soort', 'Begint met', 'Aangemaakt', 'Laatst gebruikt', 'Status', 'Actie'],
        tokens.map((t) => {
          let action = '';
          if (!t.ingetrokkenOp) {
            action = el('button', { type: 'button', class: 'knop knop--klein knop--gevaar' },
              'Intrekken', el('span', { class: 'visueel-verborgen', text: ` ${t.naam}` }));
            action.addEventListener('click', () => revoke(t));
          }
          return [
            t.naam,
            t.soort === 'agenda' ? 'Agenda' : 'API',
            el('code', { text: t.prefix || '' }),
            timeElement(t.aangemaaktOp, '—'),
            timeElement(t.laatstGebruiktOp, 'nog niet'),
            t.ingetrokkenOp
              ? el('span', {}, 'Ingetrokken op ', timeElement(t.ingetrokkenOp))
              : 'Actief',
            action,
          ];
        }), { hideCaption: true }));
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    say(formErrors, '');
    say(status, '');
    const body = { naam: naam.input.value.trim(), soort: soort.input.value };
    if (!body.naam) {
      setFieldError(naam.wrapper, 'Geef het token een naam.');
      naam.input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const { data } = await api('POST', '/api-tokens', { body, signal: ctx.signal });
      form.reset();
      const shown = newTokenPanel(data);
      created.replaceChildren(shown.panel);
      shown.title.focus();
      load();
    } catch (err) {
      showFormError(form, formErrors, err);
    } finally {
      submit.disabled = false;
    }
  });

  load();
  return title;
}
