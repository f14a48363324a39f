// Koppel web front end: beheer of user accounts (only for a beheerder).
//
//   #/beheer/gebruikers        all accounts
//   #/beheer/gebruikers/nieuw  a new account
//   #/beheer/gebruikers/{id}   change name, role, werkgebieden, active,
//                              password (PATCH with If-Match); see and
//                              revoke the user's API tokens

import { api } from '/js/api.js';
import {
  checkboxGroup, clearFieldErrors, confirmDialog, el, field, heading, messageArea, passwordField, say,
  setFieldError, uniqueId,
} from '/js/dom.js';
import { ROLES, roleName, timeElement } from '/js/format.js';
import {
  beheerNav, loading, showError, showFlash, showFormError, table,
} from '/js/page.js';

const PASSWORD_HINT = 'Minstens 12 tekens. Niet de gebruikersnaam en geen veelgebruikt wachtwoord.';

function roleOptions() {
  return ROLES.map((rol) => ({ value: rol, text: roleName(rol) }));
}

// Checkboxes for the werkgebieden; codes the user has that no longer exist
// in the list are still shown, so saving does not drop them unnoticed.
function werkgebiedenGroup(werkgebieden, checked = []) {
  const items = werkgebieden.map((w) => ({ value: w.code, text: `${w.naam} (${w.code})` }));
  for (const code of checked) {
    if (!items.some((i) => i.value === code)) {
      items.push({ value: code, text: code });
    }
  }
  return checkboxGroup({
    name: 'werkgebieden',
    legend: 'Werkgebieden',
    hint: 'De gemeenten of regio’s waarvoor deze persoon werkt.',
    items,
    checked,
  });
}

// Shown instead of the checkboxes when there are no werkgebieden yet.
function noWerkgebieden() {
  return el('div', { class: 'veld', dataset: { veld: 'werkgebieden' } },
    el('p', { class: 'veld__label', text: 'Werkgebieden' }),
    el('p', { class: 'veld__fout', hidden: true }),
    el('p', {}, 'Er zijn nog geen werkgebieden. ',
      el('a', { href: '/#/beheer/werkgebieden', text: 'Voeg eerst een werkgebied toe' }), '.'));
}

// The user's API tokens, with a button to revoke each one that still works.
// Loads itself; status and errors are the page's message areas.
function tokensSection(ctx, gebruiker, status, errors) {
  const titleId = uniqueId('tokens-van');
  const listTitle = el('h2', { id: titleId, tabIndex: -1, text: 'API-tokens' });
  const holder = el('div', {}, loading('De tokens worden geladen…'));
  const tokensPath = `/gebruikers/${encodeURIComponent(gebruiker.id)}/api-tokens`;

  async function revoke(token) {
    const sure = await confirmDialog({
      title: 'API-token intrekken?',
      text: `Het token “${token.naam}” van ${gebruiker.naam} werkt daarna niet meer. ` +
        'Dit kun je niet ongedaan maken.',
      confirm: 'Intrekken',
    });
    if (!sure) {
      return;
    }
    say(status, '');
    say(errors, '');
    try {
      await api('DELETE', `${tokensPath}/${encodeURIComponent(token.id)}`, { signal: ctx.signal });
    } catch (err) {
      showError(errors, err);
      return;
    }
    say(status, `Het token “${token.naam}” van ${gebruiker.naam} is ingetrokken.`);
    await load();
    listTitle.focus();
  }

  async function load() {
    try {
      const { data } = await api('GET', tokensPath, { signal: ctx.signal });
      const tokens = data?.apiTokens || [];
      if (!tokens.length) {
        holder.replaceChildren(el('p', { text: `${gebruiker.naam} heeft geen API-tokens.` }));
        return;
      }
      holder.replaceChildren(table(`API-tokens van ${gebruiker.naam}`,
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
            t.ingetrokkenOp ? el('span', {}, 'Ingetrokken op ', timeElement(t.ingetrokkenOp)) : 'Actief',
            action,
          ];
        }), { hideCaption: true }));
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
    }
  }

  load();
  return el('section', { class: 'blok', 'aria-labelledby': titleId, dataset: { tokensVan: String(gebruiker.id) } },
    listTitle,
    el('p', { class: 'veld__hint', text: 'Tokens vervallen vanzelf als het wachtwoord of de rol verandert of ' +
      'het account wordt uitgeschakeld, en blijven dan ongeldig.' }),
    holder);
}

// ---- list -------------------------------------------------------------------------

export function renderGebruikers(ctx) {
  const title = heading('Gebruikers');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading('De gebruikers worden geladen…'));
  ctx.main.replaceChildren(
    title,
    beheerNav('gebruikers'),
    status,
    errors,
    el('p', {}, el('a', { class: 'knop', href: '/#/beheer/gebruikers/nieuw', text: 'Nieuwe gebruiker' })),
    holder,
  );
  document.title = 'Gebruikers · Beheer · Koppel';
  showFlash(status, ctx.takeFlash());

  (async () => {
    try {
      const { data } = await api('GET', '/gebruikers', { signal: ctx.signal });
      const gebruikers = data?.gebruikers || [];
      if (!gebruikers.length) {
        holder.replaceChildren(el('p', { text: 'Er zijn nog geen gebruikers.' }));
        return;
      }
      holder.replaceChildren(table('Alle gebruikers', ['Naam', 'Gebruikersnaam', 'Rol', 'Werkgebieden', 'Status'],
        gebruikers.map((g) => [
          el('a', { href: `/#/beheer/gebruikers/${encodeURIComponent(g.id)}`, text: g.naam || g.gebruikersnaam }),
          g.gebruikersnaam,
          roleName(g.rol),
          g.werkgebieden?.length ? g.werkgebieden.join(', ') : '—',
          g.actief ? 'Actief' : 'Uitgeschakeld',
        ]), { hideCaption: true }));
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
    }
  })();
  return title;
}

// ---- new --------------------------------------------------------------------------

export function renderGebruikerNieuw(ctx) {
  const title = heading('Nieuwe gebruiker');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading('Het formulier wordt geladen…'));
  ctx.main.replaceChildren(title, beheerNav('gebruikers'), errors, holder);
  document.title = 'Nieuwe gebruiker · Beheer · Koppel';

  (async () => {
    let werkgebieden;
    try {
      const { data } = await api('GET', '/werkgebieden', { signal: ctx.signal });
      werkgebieden = data?.werkgebieden || [];
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
      return;
    }

    const gebruikersnaam = field({
      name: 'gebruikersnaam',
      label: 'Gebruikersnaam',
      hint: 'Hiermee logt deze persoon in. Dit is later niet te wijzigen.',
      attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', required: true },
    });
    const naam = field({ name: 'naam', label: 'Naam', attrs: { autocomplete: 'off', required: true } });
    const rol = field({ name: 'rol', label: 'Rol', type: 'select', options: roleOptions() });
    rol.input.value = 'coordinator';
    const gebieden = werkgebieden.length ? werkgebiedenGroup(werkgebieden) : null;
    const wachtwoord = passwordField({
      name: 'wachtwoord',
      label: 'Wachtwoord',
      hint: PASSWORD_HINT,
      attrs: { autocomplete: 'new-password', required: true },
    });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Gebruiker aanmaken' });
    const form = el('form', { class: 'formulier', novalidate: true },
      gebruikersnaam.wrapper, naam.wrapper, rol.wrapper,
      gebieden ? gebieden.wrapper : noWerkgebieden(),
      wachtwoord.wrapper,
      el('div', { class: 'knoppen' }, submit,
        el('a', { class: 'knop knop--secundair', href: '/#/beheer/gebruikers', text: 'Annuleren' })));
    holder.replaceChildren(form);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(errors, '');
      const body = {
        gebruikersnaam: gebruikersnaam.input.value.trim(),
        naam: naam.input.value.trim(),
        rol: rol.input.value,
        werkgebieden: gebieden ? gebieden.values() : [],
        wachtwoord: wachtwoord.input.value,
      };
      const missing = [];
      if (!body.gebruikersnaam) missing.push([gebruikersnaam, 'Vul een gebruikersnaam in.']);
      if (!body.naam) missing.push([naam, 'Vul de naam in.']);
      if (!body.wachtwoord) missing.push([wachtwoord, 'Vul een wachtwoord in.']);
      if (missing.length) {
        for (const [f, text] of missing) {
          setFieldError(f.wrapper, text);
        }
        missing[0][0].input.focus();
        return;
      }

      submit.disabled = true;
      try {
        await api('POST', '/gebruikers', { body, signal: ctx.signal });
        ctx.navigate('#/beheer/gebruikers', `Gebruiker ${body.naam} (${body.gebruikersnaam}) is aangemaakt.`);
      } catch (err) {
        showFormError(form, errors, err);
      } finally {
        submit.disabled = false;
      }
    });
  })();
  return title;
}

// ---- edit -------------------------------------------------------------------------

export function renderGebruikerBewerken(ctx) {
  const id = ctx.params.id;
  const path = `/gebruikers/${encodeURIComponent(id)}`;
  const title = heading('Gebruiker wijzigen');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading('De gegevens worden geladen…'));
  ctx.main.replaceChildren(title, beheerNav('gebruikers'), status, errors, holder);
  document.title = 'Gebruiker wijzigen · Beheer · Koppel';

  let etag = null;

  // Fetches the user (and the werkgebieden) and builds the form anew.
  async function load() {
    let gebruiker;
    let werkgebieden;
    try {
      const [g, w] = await Promise.all([
        api('GET', path, { signal: ctx.signal }),
        api('GET', '/werkgebieden', { signal: ctx.signal }),
      ]);
      gebruiker = g.data;
      etag = g.etag;
      werkgebieden = w.data?.werkgebieden || [];
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren(el('p', {}, el('a', { href: '/#/beheer/gebruikers', text: 'Terug naar de gebruikers' })));
      }
      return;
    }
    document.title = `${gebruiker.naam} · Beheer · Koppel`;
    holder.replaceChildren(...buildForm(gebruiker, werkgebieden));
  }

  function buildForm(gebruiker, werkgebieden) {
    const details = el('dl', { class: 'gegevens' },
      el('dt', { text: 'Gebruikersnaam' }), el('dd', { text: gebruiker.gebruikersnaam }),
      el('dt', { text: 'Aangemaakt' }), el('dd', {}, timeElement(gebruiker.aangemaaktOp, '—')),
      el('dt', { text: 'Laatst gewijzigd' }), el('dd', {}, timeElement(gebruiker.gewijzigdOp, '—')));

    const naam = field({ name: 'naam', label: 'Naam', attrs: { autocomplete: 'off', required: true } });
    naam.input.value = gebruiker.naam || '';
    const rol = field({ name: 'rol', label: 'Rol', type: 'select', options: roleOptions() });
    rol.input.value = gebruiker.rol;
    const current = gebruiker.werkgebieden || [];
    const gebieden = werkgebieden.length || current.length ? werkgebiedenGroup(werkgebieden, current) : null;

    const actiefId = `actief-${gebruiker.id}`;
    const actiefHint = `${actiefId}-hint`;
    const actiefInput = el('input', {
      type: 'checkbox', id: actiefId, name: 'actief', checked: gebruiker.actief === true, 'aria-describedby': actiefHint,
    });
    // the leidinggevende follows up the zorgsignalen of their werkgebieden (README, Gezinnen)
    const leidingId = `leidinggevende-${gebruiker.id}`;
    const leidingInput = el('input', {
      type: 'checkbox', id: leidingId, name: 'leidinggevende', checked: gebruiker.leidinggevende === true,
      'aria-describedby': `${leidingId}-hint`,
    });
    const leiding = el('div', { class: 'veld', dataset: { veld: 'leidinggevende' } },
      el('p', { class: 'veld__fout', id: `${leidingId}-fout`, hidden: true }),
      el('div', { class: 'keuze' }, leidingInput, el('label', { for: leidingId, text: 'Leidinggevende' })),
      el('p', {
        class: 'veld__hint', id: `${leidingId}-hint`,
        text: 'Ziet de zorgsignalen van de eigen werkgebieden op het overzicht en legt de opvolging vast. Niet voor rapportage.',
      }));
    const actief = el('div', { class: 'veld', dataset: { veld: 'actief' } },
      el('p', { class: 'veld__fout', id: `${actiefId}-fout`, hidden: true }),
      el('div', { class: 'keuze' }, actiefInput, el('label', { for: actiefId, text: 'Account is actief' })),
      el('p', { class: 'veld__hint', id: actiefHint, text: 'Wie niet actief is, kan niet meer inloggen.' }));

    const wachtwoord = passwordField({
      name: 'wachtwoord',
      label: 'Nieuw wachtwoord',
      hint: `Alleen invullen om het wachtwoord te vervangen. ${PASSWORD_HINT}`,
      attrs: { autocomplete: 'new-password' },
    });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Opslaan' });
    const form = el('form', { class: 'formulier', novalidate: true },
      naam.wrapper, rol.wrapper, gebieden ? gebieden.wrapper : noWerkgebieden(), actief, leiding, wachtwoord.wrapper,
      el('div', { class: 'knoppen' }, submit,
        el('a', { class: 'knop knop--secundair', href: '/#/beheer/gebruikers', text: 'Terug naar de gebruikers' })));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(errors, '');
      say(status, '');

      // Only what changed is sent.
      const changes = {};
      const newNaam = naam.input.value.trim();
      if (!newNaam) {
        setFieldError(naam.wrapper, 'Vul de naam in.');
        naam.input.focus();
        return;
      }
      if (newNaam !== gebruiker.naam) changes.naam = newNaam;
      if (rol.input.value !== gebruiker.rol) changes.rol = rol.input.value;
      if (gebieden) {
        const chosen = gebieden.values();
        const same = chosen.length === current.length && chosen.every((c) => current.includes(c));
        if (!same) changes.werkgebieden = chosen;
      }
      if (actiefInput.checked !== (gebruiker.actief === true)) changes.actief = actiefInput.checked;
      if (leidingInput.checked !== (gebruiker.leidinggevende === true)) changes.leidinggevende = leidingInput.checked;
      if (wachtwoord.input.value) changes.wachtwoord = wachtwoord.input.value;
      if (!Object.keys(changes).length) {
        say(status, 'Er is niets gewijzigd.');
        return;
      }
      if (changes.actief === false) {
        const wie = gebruiker.naam || gebruiker.gebruikersnaam;
        const ok = await confirmDialog({
          title: `${wie} uitschakelen?`,
          text: `${wie} kan daarna niet meer inloggen.`,
          gevolgen: [`Wie nu als ${wie} is ingelogd, wordt uitgelogd.`,
            `De API-tokens van ${wie} werken niet meer.`,
            'Je kunt het account later weer actief maken.'],
          confirm: 'Uitschakelen',
        });
        if (!ok) {
          return;
        }
      }

      submit.disabled = true;
      try {
        const { data, etag: newEtag } = await api('PATCH', path, { body: changes, etag, signal: ctx.signal });
        etag = newEtag;
        holder.replaceChildren(...buildForm(data, werkgebieden));
        document.title = `${data.naam} · Beheer · Koppel`;
        say(status, 'De wijzigingen zijn opgeslagen.');
        title.focus();
        if (String(data.id) === String(ctx.user.id)) {
          ctx.refreshSession();
        }
      } catch (err) {
        submit.disabled = false;
        if (err.status === 412) {
          await load();
          say(errors, 'Iemand anders heeft deze gebruiker intussen gewijzigd. Hieronder staan de nieuwste ' +
            'gegevens. Breng je wijziging opnieuw aan en sla op.');
          title.focus();
          return;
        }
        showFormError(form, errors, err);
      }
    });

    return [details, form, tokensSection(ctx, gebruiker, status, errors)];
  }

  load();
  return title;
}
