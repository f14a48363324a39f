// Koppel web front end: Beheer > Doelen (#/beheer/doelen), the targets per
// year, gemeente, programme and unit that the reports compare with what
// was realised ("Zaanstad 20–24 gezinnen", "Purmerend 28 koppelingen").
// For the beheerder only (the server refuses the writes to anyone else).
//
// - The list (GET /api/v1/doelen): per year, gemeente, programme and unit
//   the minimum and maximum.
// - A form to add a doel (POST /doelen) or, after "Wijzigen" in a row, to
//   change it (PATCH with If-Match); "Verwijderen" asks first (DELETE with
//   If-Match). The gemeente is picked from GET /gemeenten, the programme
//   from GET /programmas (or all programmes). Refusals at their fields.

import { api } from '/js/api.js';
import {
  clearFieldErrors, confirmDialog, el, field, heading, messageArea, say,
} from '/js/dom.js';
import {
  beheerNav, loading, showError, showFlash, showFormError, table,
} from '/js/page.js';

const EENHEDEN = [
  { value: 'gezinnen', text: 'gezinnen bereikt' },
  { value: 'koppelingen', text: 'koppelingen' },
];

/** "20–24 gezinnen", "28 koppelingen" */
export function doelTekst(d) {
  const aantal = d.maximum === null || d.maximum === undefined || d.maximum === d.minimum
    ? `${d.minimum}` : `${d.minimum}–${d.maximum}`;
  return `${aantal} ${d.eenheid}`;
}

export function renderDoelen(ctx) {
  const title = heading('Doelen');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const lijst = el('div', {}, loading('De doelen worden geladen…'));
  const formHouder = el('div', {});
  let doelen = [];
  let gemeenten = [];
  let programmas = [];
  let bewerk = null; // the doel being changed, or null for a new one

  ctx.main.replaceChildren(title, beheerNav('doelen'), status, errors,
    el('p', {
      class: 'veld__hint',
      text: 'Per jaar en gemeente hoeveel gezinnen of koppelingen er bereikt moeten worden, voor één programma of alle '
        + "programma's samen. De rapportages zetten het gerealiseerde ernaast en, binnen het jaar, het tempo dat nodig is.",
    }),
    el('section', { class: 'blok', 'aria-labelledby': 'doelen-lijst' },
      el('h2', { id: 'doelen-lijst', text: 'Alle doelen' }), lijst),
    formHouder);
  document.title = 'Doelen · Beheer · Koppel';
  showFlash(status, ctx.takeFlash());

  async function laad() {
    try {
      const [d, g, p] = await Promise.all([
        api('GET', '/doelen', { signal: ctx.signal }),
        api('GET', '/gemeenten', { signal: ctx.signal }),
        api('GET', '/programmas', { signal: ctx.signal }),
      ]);
      doelen = d.data?.doelen || [];
      gemeenten = (g.data?.gemeenten || []).map((x) => x.naam);
      programmas = p.data?.programmas || [];
      toonLijst();
      formHouder.replaceChildren(formulier());
    } catch (err) {
      lijst.replaceChildren();
      showError(errors, err);
    }
  }

  function toonLijst() {
    if (!doelen.length) {
      lijst.replaceChildren(el('p', { class: 'zacht', text: 'Nog geen doelen. Voeg hieronder het eerste toe.' }));
      return;
    }
    lijst.replaceChildren(table('Alle doelen, nieuwste jaar eerst', ['Jaar', 'Gemeente', 'Programma', 'Doel', 'Acties'],
      doelen.map((d) => {
        const naam = `${d.gemeente} ${d.jaar} ${doelTekst(d)}`;
        const wijzig = el('button', {
          type: 'button', class: 'knop knop--klein knop--secundair', text: 'Wijzigen', 'aria-label': `${naam} wijzigen`,
        });
        wijzig.addEventListener('click', () => open(d));
        const weg = el('button', {
          type: 'button', class: 'knop knop--klein knop--secundair', text: 'Verwijderen', 'aria-label': `${naam} verwijderen`,
        });
        weg.addEventListener('click', () => verwijder(d, naam));
        return [String(d.jaar), d.gemeente, d.programma?.naam || "Alle programma's", doelTekst(d),
          el('span', { class: 'knoppen knoppen--rij' }, wijzig, weg)];
      }), { hideCaption: true }));
  }

  function open(d) {
    bewerk = d;
    formHouder.replaceChildren(formulier());
    formHouder.querySelector('h2')?.focus();
  }

  async function verwijder(d, naam) {
    const ok = await confirmDialog({
      title: 'Doel verwijderen?',
      text: `Het doel ${naam} verdwijnt; de rapportages tonen het niet meer.`,
      confirm: 'Verwijderen',
    });
    if (!ok) {
      return;
    }
    say(errors, '');
    try {
      await api('DELETE', `/doelen/${encodeURIComponent(d.id)}`, { etag: `"${d.versie}"`, signal: ctx.signal });
      bewerk = null;
      await laad();
      say(status, `Het doel ${naam} is verwijderd.`);
    } catch (err) {
      if (err.status === 412) {
        await laad();
        say(errors, 'Iemand anders heeft dit doel intussen gewijzigd. De lijst toont nu de nieuwste stand.');
        return;
      }
      showError(errors, err);
    }
  }

  function formulier() {
    const oud = bewerk;
    const jaarNu = new Date().getFullYear();
    const gemeenteOpties = [...new Set([...(oud ? [oud.gemeente] : []), ...gemeenten])]
      .map((g) => ({ value: g, text: g }));
    const f = {
      jaar: field({ name: 'jaar', label: 'Jaar', type: 'number', attrs: { min: '2000', max: '2100', required: true, class: 'invoer--kort' } }),
      gemeente: field({ name: 'gemeente', label: 'Gemeente', type: 'select', hint: 'De gemeenten van de werkgebieden (Beheer > Werkgebieden).', options: gemeenteOpties }),
      programma: field({
        name: 'programma', label: 'Programma', type: 'select',
        options: [{ value: '', text: "Alle programma's samen" },
          ...(oud?.programma && !programmas.some((p) => p.id === oud.programma.id) ? [oud.programma] : []),
          ...programmas].map((p) => (p.value === '' ? p : { value: String(p.id), text: p.naam })),
      }),
      eenheid: field({ name: 'eenheid', label: 'Wat telt', type: 'select', options: EENHEDEN }),
      minimum: field({ name: 'minimum', label: 'Minimum', type: 'number', attrs: { min: '0', required: true, class: 'invoer--kort' } }),
      maximum: field({
        name: 'maximum', label: 'Maximum (optioneel)', type: 'number', hint: 'Leeg: geen bovengrens, zoals bij "28 koppelingen".',
        attrs: { min: '0', class: 'invoer--kort' },
      }),
    };
    f.jaar.input.value = String(oud?.jaar ?? jaarNu);
    if (oud) {
      f.gemeente.input.value = oud.gemeente;
      f.programma.input.value = oud.programma ? String(oud.programma.id) : '';
      f.eenheid.input.value = oud.eenheid;
      f.minimum.input.value = String(oud.minimum);
      f.maximum.input.value = oud.maximum === null ? '' : String(oud.maximum);
    }
    const kop = oud ? `Doel ${oud.gemeente} ${oud.jaar} wijzigen` : 'Doel toevoegen';
    const annuleer = oud ? el('button', { type: 'button', class: 'knop knop--secundair', text: 'Annuleren' }) : null;
    annuleer?.addEventListener('click', () => open(null));
    const velden = ['jaar', 'gemeente', 'programma', 'eenheid', 'minimum', 'maximum'];
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': 'doel-form' },
      gemeenteOpties.length ? null : el('p', {
        class: 'veld__hint', text: 'Er zijn nog geen gemeenten: geef eerst een werkgebied zijn gemeenten.',
      }),
      velden.map((k) => f[k].wrapper),
      el('div', { class: 'knoppen' }, el('button', { type: 'submit', class: 'knop', text: oud ? 'Wijziging opslaan' : 'Doel opslaan' }), annuleer));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      say(errors, '');
      say(status, '');
      const getal = (input) => (input.value.trim() === '' ? null : Number(input.value));
      const body = {
        jaar: getal(f.jaar.input),
        gemeente: f.gemeente.input.value,
        programma: f.programma.input.value ? Number(f.programma.input.value) : null,
        eenheid: f.eenheid.input.value,
        minimum: getal(f.minimum.input),
        maximum: getal(f.maximum.input),
      };
      const fouten = [];
      if (!Number.isInteger(body.jaar)) fouten.push({ name: '/jaar', reason: 'Vul een jaar in.' });
      if (!body.gemeente) fouten.push({ name: '/gemeente', reason: 'Kies een gemeente.' });
      if (!Number.isInteger(body.minimum)) fouten.push({ name: '/minimum', reason: 'Vul een heel aantal in.' });
      if (body.maximum !== null && !Number.isInteger(body.maximum)) fouten.push({ name: '/maximum', reason: 'Vul een heel aantal in of laat het leeg.' });
      if (fouten.length) {
        showFormError(form, errors, { status: 400, invalidParams: fouten });
        return;
      }
      try {
        if (oud) {
          await api('PATCH', `/doelen/${encodeURIComponent(oud.id)}`, { body, etag: `"${oud.versie}"`, signal: ctx.signal });
        } else {
          await api('POST', '/doelen', { body, signal: ctx.signal });
        }
        bewerk = null;
        await laad();
        say(status, `Het doel ${body.gemeente} ${body.jaar}: ${doelTekst(body)} is opgeslagen.`);
      } catch (err) {
        if (err.status === 412) {
          bewerk = null;
          await laad();
          say(errors, 'Iemand anders heeft dit doel intussen gewijzigd. De lijst toont nu de nieuwste stand; breng je wijziging opnieuw aan.');
          return;
        }
        showFormError(form, errors, err);
      }
    });
    return el('section', { class: 'blok', 'aria-labelledby': 'doel-form' },
      el('h2', { id: 'doel-form', tabIndex: -1, text: kop }), form);
  }

  laad();
  return title;
}
