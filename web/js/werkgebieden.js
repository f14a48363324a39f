// Koppel web front end: beheer of werkgebieden (only for a beheerder).
//
//   #/beheer/werkgebieden       all werkgebieden, and a form to add one
//   #/beheer/werkgebieden/{id}  rename one or edit its gemeenten (PATCH with If-Match)
//
// The gemeenten of a werkgebied are the list its families pick their
// gemeente from; they are typed one per line. A gemeente where families of
// the werkgebied still live cannot leave the list: the server names it.

import { api } from '/js/api.js';
import {
  clearFieldErrors, el, field, heading, messageArea, say, setFieldError, uniqueId,
} from '/js/dom.js';
import { timeElement } from '/js/format.js';
import {
  beheerNav, loading, showError, showFlash, showFormError, table,
} from '/js/page.js';

// ---- the gemeenten field -------------------------------------------------------

/** A textarea for the gemeenten, one per line, with room for a hint and an error. */
function gemeentenVeld(gemeenten = []) {
  const id = uniqueId('veld-gemeenten');
  const hint = el('p', {
    id: `${id}-hint`,
    class: 'veld__hint',
    text: 'Eén gemeente per regel. Gezinnen van dit werkgebied kiezen hun gemeente uit deze lijst.',
  });
  const input = el('textarea', {
    id, name: 'gemeenten', rows: '4', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': hint.id,
  });
  input.value = gemeenten.join('\n');
  const wrapper = el('div', { class: 'veld', dataset: { veld: 'gemeenten' } },
    el('label', { for: id, class: 'veld__label', text: 'Gemeenten' }), hint,
    el('p', { id: `${id}-fout`, class: 'veld__fout', hidden: true }), input);
  const values = () => [...new Set(input.value.split('\n').map((g) => g.trim()).filter(Boolean))];
  return { wrapper, input, values };
}

// ---- list and add -------------------------------------------------------------

export function renderWerkgebieden(ctx) {
  const title = heading('Werkgebieden');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading('De werkgebieden worden geladen…'));

  const formTitle = el('h2', { id: 'nieuw-werkgebied', text: 'Nieuw werkgebied' });
  const formErrors = messageArea('fout');
  const code = field({
    name: 'code',
    label: 'Code',
    hint: 'Een korte, vaste afkorting, bijvoorbeeld AMS.',
    attrs: { autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: true, class: 'invoer--kort' },
  });
  const naam = field({
    name: 'naam',
    label: 'Naam',
    hint: 'De gemeente of regio, bijvoorbeeld Amsterdam.',
    attrs: { autocomplete: 'off', required: true },
  });
  const gemeenten = gemeentenVeld();
  const submit = el('button', { type: 'submit', class: 'knop', text: 'Werkgebied toevoegen' });
  const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': formTitle.id },
    formErrors, code.wrapper, naam.wrapper, gemeenten.wrapper, el('div', { class: 'knoppen' }, submit));

  ctx.main.replaceChildren(
    title, beheerNav('werkgebieden'), status, errors, holder,
    el('section', { class: 'blok' }, formTitle, form),
  );
  document.title = 'Werkgebieden · Beheer · Koppel';
  showFlash(status, ctx.takeFlash());

  async function load() {
    try {
      const { data } = await api('GET', '/werkgebieden', { signal: ctx.signal });
      const werkgebieden = data?.werkgebieden || [];
      if (!werkgebieden.length) {
        holder.replaceChildren(el('p', { text: 'Er zijn nog geen werkgebieden. Voeg hieronder het eerste toe.' }));
        return;
      }
      holder.replaceChildren(table('Alle werkgebieden', ['Code', 'Naam', 'Gemeenten', 'Aangemaakt', 'Actie'],
        werkgebieden.map((w) => [
          w.code,
          w.naam,
          (w.gemeenten || []).join(', ') || '—',
          timeElement(w.aangemaaktOp, '—'),
          el('a', { href: `/#/beheer/werkgebieden/${encodeURIComponent(w.id)}` },
            'Wijzigen', el('span', { class: 'visueel-verborgen', text: ` ${w.naam}` })),
        ]), { hideCaption: true }));
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
    const body = { code: code.input.value.trim(), naam: naam.input.value.trim(), gemeenten: gemeenten.values() };
    const missing = [];
    if (!body.code) missing.push([code, 'Vul een code in.']);
    if (!body.naam) missing.push([naam, 'Vul een naam in.']);
    if (missing.length) {
      for (const [f, text] of missing) {
        setFieldError(f.wrapper, text);
      }
      missing[0][0].input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const { data } = await api('POST', '/werkgebieden', { body, signal: ctx.signal });
      form.reset();
      say(status, `Werkgebied ${data?.naam || body.naam} (${data?.code || body.code}) is toegevoegd.`);
      await load();
      code.input.focus();
    } catch (err) {
      showFormError(form, formErrors, err);
    } finally {
      submit.disabled = false;
    }
  });

  load();
  return title;
}

// ---- rename, gemeenten --------------------------------------------------------------

export function renderWerkgebiedBewerken(ctx) {
  const path = `/werkgebieden/${encodeURIComponent(ctx.params.id)}`;
  const title = heading('Werkgebied wijzigen');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading('De gegevens worden geladen…'));
  ctx.main.replaceChildren(title, beheerNav('werkgebieden'), status, errors, holder);
  document.title = 'Werkgebied wijzigen · Beheer · Koppel';

  let etag = null;

  async function load() {
    try {
      const { data, etag: current } = await api('GET', path, { signal: ctx.signal });
      etag = current;
      holder.replaceChildren(...buildForm(data));
      document.title = `${data.naam} · Werkgebieden · Koppel`;
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren(el('p', {}, el('a', { href: '/#/beheer/werkgebieden', text: 'Terug naar de werkgebieden' })));
      }
    }
  }

  function buildForm(werkgebied) {
    const details = el('dl', { class: 'gegevens' },
      el('dt', { text: 'Code' }), el('dd', { text: werkgebied.code }),
      el('dt', { text: 'Aangemaakt' }), el('dd', {}, timeElement(werkgebied.aangemaaktOp, '—')));
    const naam = field({ name: 'naam', label: 'Naam', attrs: { autocomplete: 'off', required: true } });
    naam.input.value = werkgebied.naam || '';
    const gemeenten = gemeentenVeld(werkgebied.gemeenten || []);
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Opslaan' });
    const form = el('form', { class: 'formulier', novalidate: true },
      naam.wrapper, gemeenten.wrapper,
      el('div', { class: 'knoppen' }, submit,
        el('a', { class: 'knop knop--secundair', href: '/#/beheer/werkgebieden', text: 'Terug naar de werkgebieden' })));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(errors, '');
      say(status, '');
      const newNaam = naam.input.value.trim();
      if (!newNaam) {
        setFieldError(naam.wrapper, 'Vul een naam in.');
        naam.input.focus();
        return;
      }
      const body = {};
      if (newNaam !== werkgebied.naam) {
        body.naam = newNaam;
      }
      const lijst = gemeenten.values();
      if (lijst.join('\n') !== (werkgebied.gemeenten || []).join('\n')) {
        body.gemeenten = lijst;
      }
      if (!Object.keys(body).length) {
        say(status, 'Er is niets gewijzigd.');
        return;
      }
      submit.disabled = true;
      try {
        await api('PATCH', path, { body, etag, signal: ctx.signal });
        ctx.navigate('#/beheer/werkgebieden', body.naam
          ? `Werkgebied ${werkgebied.code} heet nu ${newNaam}.`
          : `De gemeenten van werkgebied ${werkgebied.code} zijn opgeslagen.`);
      } catch (err) {
        submit.disabled = false;
        if (err.status === 412) {
          await load();
          say(errors, 'Iemand anders heeft dit werkgebied intussen gewijzigd. Hieronder staan de nieuwste ' +
            'naam en gemeenten. Breng je wijziging opnieuw aan en sla op.');
          title.focus();
          return;
        }
        showFormError(form, errors, err);
      }
    });
    return [details, form];
  }

  load();
  return title;
}
