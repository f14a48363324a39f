// Koppel web front end: the reference scenario of a vraaggezin, a section
// on the gezin page (mounted by gezin-pagina.js with effectenSectie).
//
// Reads GET /api/v1/gezinnen/{id}/referentiescenario and the tariffs, and
// shows each item with its sum and its formula written out by the server
// ("1,5 uur/week × 28 weken × €86,40 = €3.628,80"), when it starts in the
// waiting-time chain, and the family's total or range next to the
// programme cost. The form adds an item: the coordinator picks a tariff and
// fills the quantity the way they reason (hours a week × weeks, etmalen a
// month × months, in total, or unknown); it sends the whole scenario with
// PUT and If-Match, and shows the server's refusal at the fields.

import { api } from '/js/api.js';
import { clearFieldErrors, el, field, messageArea, say } from '/js/dom.js';
import { showError, showFormError, table } from '/js/page.js';

const EURO = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
const KLASSEN = {
  goedkoper: 'Programma goedkoper',
  'ongeveer-gelijk': 'Ongeveer gelijk',
  'extra-kosten': 'Extra kosten',
  'besparing-onbekend': 'Besparing onbekend',
};
// The members of a stored item that a PUT sends back unchanged.
const INVOER = ['tarief', 'omschrijving', 'per', 'onbekend', 'doorlopend', 'hoeveelheid', 'hoeveelheidTot', 'duur',
  'kinderen', 'maximum', 'wachtOp', 'wachtMaanden'];

/** Cents as euros ("€ 3.628,80"). */
function euro(cent) {
  return EURO.format(cent / 100);
}

/** A number field's value, or undefined when empty. */
function getal(input) {
  const v = input.value.trim().replace(',', '.');
  return v === '' ? undefined : Number(v);
}

/**
 * The section "Referentiescenario" for vraaggezin `gezin` (ctx: the page
 * context with its AbortSignal). Returns the <section>.
 */
export function effectenSectie(ctx, gezin) {
  const titel = el('h2', { id: `effecten-${gezin.id}`, tabindex: '-1', text: 'Referentiescenario en effect' });
  const fouten = messageArea('fout');
  const status = messageArea('status');
  const lijst = el('div', {});
  const totaal = el('div', { class: 'effect-totaal' });
  const formHouder = el('div', {});
  const section = el('section', { class: 'blok blok--effecten', 'aria-labelledby': titel.id },
    titel, status, fouten, lijst, totaal, formHouder);
  const pad = `/gezinnen/${encodeURIComponent(gezin.id)}/referentiescenario`;
  let scenario = null;
  let etag = null;
  let tarieven = [];

  async function laad() {
    try {
      const [s, t] = await Promise.all([
        api('GET', pad, { signal: ctx.signal }),
        api('GET', '/tarieven', { signal: ctx.signal }),
      ]);
      scenario = s.data;
      etag = s.etag;
      tarieven = t.data?.items || [];
      toon();
    } catch (err) {
      showError(fouten, err);
    }
  }

  function toon() {
    const items = scenario.items || [];
    if (!items.length) {
      lijst.replaceChildren(el('p', { class: 'zacht', text: 'Nog geen items: zonder formele hulp in het referentiescenario telt het programma als extra kosten.' }));
    } else {
      lijst.replaceChildren(table('Items van het referentiescenario', ['Nr.', 'Tarief', 'Start', 'Formule', 'Bedrag'],
        items.map((it, i) => [
          String(i + 1),
          it.tariefOmschrijving || it.tarief,
          it.startMaand ? `na ${it.startMaand} mnd (${it.startOp})` : it.startOp,
          el('span', { class: 'effect-formule', text: it.formule }),
          it.berekenbaar ? (it.minCent === it.maxCent ? euro(it.minCent) : `${euro(it.minCent)} – ${euro(it.maxCent)}`)
            : 'onbekend',
        ])));
    }
    const t = scenario.totaal;
    if (t) {
      totaal.replaceChildren(el('dl', { class: 'effect-cijfers' },
        el('dt', { text: 'Referentie (eerste jaar)' }), el('dd', { text: t.referentie }),
        el('dt', { text: 'Programmakosten' }), el('dd', { text: `${euro(t.programmakostenCent)} (${t.programmakostenFormule || 'nog geen koppeling'})` }),
        el('dt', { text: 'Uitkomst' }), el('dd', { class: 'effect-klasse', text: KLASSEN[t.klasse] || t.klasse })));
    } else {
      totaal.replaceChildren();
    }
    formHouder.replaceChildren(formulier(items.length));
  }

  function formulier(n) {
    const opties = tarieven.map((t) => ({ value: t.code, text: `${t.omschrijving} (${euro(t.bedragCent)} per ${t.eenheid})` }))
      .filter((o, i, a) => a.findIndex((x) => x.value === o.value) === i);
    const start = field({ name: 'startdatum', label: 'Startdatum van het scenario', type: 'date' });
    start.input.value = scenario.startdatum || new Date().toISOString().slice(0, 10);
    const tarief = field({ name: 'tarief', label: 'Tarief', type: 'select', options: opties });
    const per = field({
      name: 'per',
      label: 'Hoeveelheid telt',
      type: 'select',
      options: [{ value: 'week', text: 'per week' }, { value: 'maand', text: 'per maand' }, { value: 'totaal', text: 'in totaal' }],
    });
    const hoeveel = field({ name: 'hoeveelheid', label: 'Hoeveelheid', attrs: { inputmode: 'decimal' } });
    const tot = field({ name: 'hoeveelheidTot', label: 'Tot (bandbreedte, optioneel)', attrs: { inputmode: 'decimal' } });
    const duur = field({ name: 'duur', label: 'Duur in weken of maanden', hint: 'Leeg bij per maand: de rest van het eerste jaar.', attrs: { inputmode: 'decimal' } });
    const kinderen = field({ name: 'kinderen', label: 'Aantal kinderen', type: 'number', attrs: { min: '1', max: '20' } });
    kinderen.input.value = '1';
    const wachtOp = field({
      name: 'wachtOp',
      label: 'Begint na item',
      type: 'select',
      options: [{ value: '', text: 'de start van het scenario' },
        ...(scenario.items || []).map((it, i) => ({ value: String(i), text: `${i + 1}. ${it.tariefOmschrijving || it.tarief}` }))],
    });
    const wacht = field({ name: 'wachtMaanden', label: 'Wachttijd in maanden', type: 'number', attrs: { min: '0', max: '12' } });
    wacht.input.value = '0';
    const doorlopend = el('input', { type: 'checkbox', name: 'doorlopend', id: `doorlopend-${gezin.id}` });
    const onbekend = el('input', { type: 'checkbox', name: 'onbekend', id: `onbekend-${gezin.id}` });
    const form = el('form', { class: 'formulier', novalidate: true },
      el('h3', { text: 'Item toevoegen' }),
      start.wrapper, tarief.wrapper, per.wrapper, hoeveel.wrapper, tot.wrapper, duur.wrapper, kinderen.wrapper,
      wachtOp.wrapper, wacht.wrapper,
      el('div', { class: 'veld', dataset: { veld: 'doorlopend' } }, el('p', { class: 'veld__fout', hidden: true }), doorlopend,
        el('label', { for: doorlopend.id, text: ' Elke dag (365/12 per maand)' })),
      el('div', { class: 'veld', dataset: { veld: 'onbekend' } }, el('p', { class: 'veld__fout', hidden: true }), onbekend,
        el('label', { for: onbekend.id, text: ' Hoeveelheid onbekend' })),
      el('button', { type: 'submit', class: 'knop', text: 'Item toevoegen' }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      say(fouten, '');
      const nieuw = {
        tarief: tarief.input.value,
        per: per.input.value,
        kinderen: Number(kinderen.input.value || 1),
        wachtMaanden: Number(wacht.input.value || 0),
      };
      if (onbekend.checked) {
        nieuw.onbekend = true;
      } else if (doorlopend.checked) {
        nieuw.doorlopend = true;
      } else {
        nieuw.hoeveelheid = getal(hoeveel.input);
        nieuw.hoeveelheidTot = getal(tot.input);
      }
      nieuw.duur = getal(duur.input);
      if (wachtOp.input.value !== '') {
        nieuw.wachtOp = Number(wachtOp.input.value);
      }
      const items = (scenario.items || []).map((it) => Object.fromEntries(INVOER
        .filter((k) => it[k] !== null && it[k] !== undefined && !(k === 'onbekend' && !it[k]))
        .map((k) => [k, it[k]])));
      items.push(Object.fromEntries(Object.entries(nieuw).filter(([, v]) => v !== undefined)));
      const body = {
        startdatum: start.input.value,
        opgesteldMetOnafhankelijkeProfessional: !!scenario.opgesteldMetOnafhankelijkeProfessional,
        items,
      };
      try {
        const r = await api('PUT', pad, { body, etag: scenario.versie ? etag : undefined, signal: ctx.signal });
        scenario = r.data;
        etag = r.etag;
        toon();
        say(status, 'Het item is toegevoegd.');
      } catch (err) {
        // the new item's fields are named /items/<n>/<veld>: show them at the form's fields
        if (err?.invalidParams) {
          err.invalidParams = err.invalidParams.map((p) => ({
            ...p, name: String(p.name).replace(new RegExp(`^/items/${n}/`), '/'),
          }));
        }
        showFormError(form, fouten, err);
      }
    });
    return form;
  }

  laad();
  return section;
}
