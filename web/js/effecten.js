// Koppel web front end: the reference scenario of a vraaggezin, a section
// on the gezin page (mounted by gezin-pagina.js with effectenSectie).
//
// Reads GET /api/v1/gezinnen/{id}/referentiescenario and the tariffs, and
// shows each item with its sum and its formula written out by the server
// ("1,5 uur/week × 28 weken × €86,40 = €3.628,80"), the waiting-time chain
// (which item it waits for, how many months, when it starts), and the
// family's total or range next to the programme cost.
//
// Four forms, each sending the whole scenario with PUT and If-Match (the
// API replaces a scenario as a whole):
// - the scenario itself: its start date and whether it was drawn up with
//   an independent professional;
// - an item, to add or (after "Wijzigen" in its row) to change: the
//   coordinator picks a tariff and fills the quantity the way they reason
//   (hours a week × weeks, etmalen a month × months, in total, or unknown);
// - removing an item (after a confirmation): items that waited for it then
//   wait for what it waited for, with its months added, so they keep their
//   start;
// - the outcome per item of the family's formal help (voorkomen,
//   verminderd, beëindigd or opgeschaald, dankzij or mede dankzij the
//   koppeling, or alleen extra naast formele hulp).
// The server's refusal is shown at the field it names.

import { api } from '/js/api.js';
import {
  clearFieldErrors, confirmDialog, el, field, messageArea, say, setFieldError,
} from '/js/dom.js';
import { loadKeuzelijsten, naamVan } from '/js/keuzelijsten.js';
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
// The outcomes a formal-help item can have, as one choice each ("uitkomst/mate").
const UITKOMSTEN = [
  ['voorkomen', 'Voorkomen'], ['verminderd', 'Verminderd'], ['beeindigd', 'Beëindigd'], ['opgeschaald', 'Opgeschaald'],
];
const UITKOMST_KEUZES = [
  { value: '', text: 'Nog niet bepaald' },
  ...UITKOMSTEN.flatMap(([code, naam]) => [
    { value: `${code}/dankzij`, text: `${naam} dankzij de koppeling` },
    { value: `${code}/mede-dankzij`, text: `${naam} mede dankzij de koppeling` },
  ]),
  { value: 'alleen-extra', text: 'Alleen extra naast formele hulp' },
];

/** Cents as euros ("€ 3.628,80"). */
export function euro(cent) {
  return EURO.format(cent / 100);
}

/** A number field's value ("1,5" or "1.5"), or undefined when empty. */
function getal(input) {
  const v = input.value.trim().replace(',', '.');
  return v === '' ? undefined : Number(v);
}

/** A number as a Dutch field value ("1,5"), empty for null. */
function veldwaarde(v) {
  return v === null || v === undefined ? '' : String(v).replace('.', ',');
}

/** The item as the PUT takes it: only the members a coordinator gave. */
function invoerVan(it) {
  return Object.fromEntries(INVOER
    .filter((k) => it[k] !== null && it[k] !== undefined && !((k === 'onbekend' || k === 'doorlopend') && !it[k]))
    .map((k) => [k, it[k]]));
}

/**
 * The items without the one at index `weg`: an item that waited for it
 * waits for what it waited for, its months added (so its start stays), and
 * references past it shift down by one.
 */
export function zonderItem(items, weg) {
  const oud = items[weg];
  return items.filter((_, i) => i !== weg).map((it) => {
    const x = { ...it };
    if (x.wachtOp === weg) {
      x.wachtOp = oud.wachtOp ?? null;
      x.wachtMaanden = Math.min(12, (x.wachtMaanden || 0) + (oud.wachtMaanden || 0));
    }
    if (typeof x.wachtOp === 'number' && x.wachtOp > weg) {
      x.wachtOp -= 1;
    }
    return x;
  });
}

/** The waiting-time chain of item i as text: "start → 1. Onderzoek (+3 mnd) → 2. Ots (+2 mnd)". */
function keten(items, i) {
  const stappen = [];
  const gezien = new Set();
  for (let k = i; typeof k === 'number' && k >= 0 && k < items.length && !gezien.has(k); k = items[k].wachtOp) {
    gezien.add(k);
    stappen.unshift(`${k + 1}. ${items[k].tariefOmschrijving || items[k].tarief}${items[k].wachtMaanden ? ` (+${items[k].wachtMaanden} mnd)` : ''}`);
  }
  return ['start', ...stappen].join(' → ');
}

/** An item's amount as text: a sum, a range or "onbekend". */
function bedragTekst(it) {
  if (!it.berekenbaar) {
    return 'onbekend';
  }
  return it.minCent === it.maxCent ? euro(it.minCent) : `${euro(it.minCent)} – ${euro(it.maxCent)}`;
}

/**
 * Renames the invalidParams of err for a form: names under `prefix`
 * ("/items/3/") lose it; names elsewhere are left as they are (they end up
 * in the message area).
 */
function naarVeld(err, prefix) {
  if (err?.invalidParams) {
    err.invalidParams = err.invalidParams.map((p) => ({
      ...p, name: String(p.name).startsWith(prefix) ? `/${String(p.name).slice(prefix.length)}` : `/-${p.name}`,
    }));
  }
  return err;
}

/** A checkbox field with its label after it and room for an error. */
function vinkje(name, label, id) {
  const input = el('input', { type: 'checkbox', name, id });
  return {
    input,
    wrapper: el('div', { class: 'veld veld--vinkje', dataset: { veld: name } },
      el('p', { class: 'veld__fout', hidden: true }), input, el('label', { for: id, text: ` ${label}` })),
  };
}

/**
 * The section "Referentiescenario" for vraaggezin `gezin` (ctx: the page
 * context with its AbortSignal). Returns the <section>.
 */
export function effectenSectie(ctx, gezin) {
  const titel = el('h2', { id: `effecten-${gezin.id}`, tabindex: '-1', text: 'Referentiescenario en effect' });
  const fouten = messageArea('fout');
  const status = messageArea('status');
  const instellingen = el('div', {});
  const lijst = el('div', {});
  const totaal = el('div', { class: 'effect-totaal' });
  const formHouder = el('div', {});
  const uitkomstHouder = el('div', {});
  const section = el('section', { class: 'blok blok--effecten', 'aria-labelledby': titel.id },
    titel, status, fouten, instellingen, lijst, totaal, formHouder, uitkomstHouder);
  const pad = `/gezinnen/${encodeURIComponent(gezin.id)}/referentiescenario`;
  let scenario = null;
  let etag = null;
  let tarieven = [];
  let lijsten = {};
  let bewerk = null; // the index of the item being changed, or null when adding

  async function laad() {
    try {
      const [s, t, l] = await Promise.all([
        api('GET', pad, { signal: ctx.signal }),
        api('GET', '/tarieven', { signal: ctx.signal }),
        loadKeuzelijsten().catch(() => ({})),
      ]);
      scenario = s.data;
      etag = s.etag;
      tarieven = t.data?.items || [];
      lijsten = l;
      toon();
    } catch (err) {
      showError(fouten, err);
    }
  }

  /**
   * Sends the scenario with `wijziging` applied (items, startdatum, flag,
   * outcomes). Resolves to true when saved; on a refusal calls onFout(err).
   */
  async function bewaar(wijziging, melding, onFout) {
    clearFieldErrors(section);
    say(fouten, '');
    const body = {
      startdatum: scenario.startdatum || new Date().toISOString().slice(0, 10),
      opgesteldMetOnafhankelijkeProfessional: !!scenario.opgesteldMetOnafhankelijkeProfessional,
      items: (scenario.items || []).map(invoerVan),
      ...wijziging,
    };
    if (scenario.toelichting) {
      body.toelichting = scenario.toelichting;
    }
    try {
      const r = await api('PUT', pad, { body, etag: scenario.versie ? etag : undefined, signal: ctx.signal });
      scenario = r.data;
      etag = r.etag;
      bewerk = null;
      toon();
      say(status, melding);
      return true;
    } catch (err) {
      onFout(err);
      return false;
    }
  }

  function toon() {
    instellingen.replaceChildren(scenarioFormulier());
    const items = scenario.items || [];
    if (!items.length) {
      lijst.replaceChildren(el('p', { class: 'zacht', text: 'Nog geen items: zonder formele hulp in het referentiescenario telt het programma als extra kosten.' }));
    } else {
      lijst.replaceChildren(table('Items van het referentiescenario', ['Nr.', 'Tarief', 'Wachttijdketen', 'Start', 'Formule', 'Bedrag', 'Acties'],
        items.map((it, i) => {
          const wijzig = el('button', { type: 'button', class: 'knop knop--klein knop--secundair', text: 'Wijzigen', 'aria-label': `Item ${i + 1} wijzigen` });
          wijzig.addEventListener('click', () => {
            bewerk = i;
            formHouder.replaceChildren(formulier());
            formHouder.querySelector('select')?.focus();
          });
          const weg = el('button', { type: 'button', class: 'knop knop--klein knop--gevaar', text: 'Verwijderen', 'aria-label': `Item ${i + 1} verwijderen` });
          weg.addEventListener('click', () => verwijder(i));
          return [
            String(i + 1),
            it.tariefOmschrijving || it.tarief,
            el('span', { class: 'effect-keten', text: keten(items, i) }),
            it.startMaand ? `maand ${it.startMaand} (${it.startOp})` : `direct (${it.startOp})`,
            el('span', { class: 'effect-formule', text: it.formule }),
            bedragTekst(it),
            el('span', { class: 'knoppen knoppen--rij' }, wijzig, weg),
          ];
        })));
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
    formHouder.replaceChildren(formulier());
    uitkomstHouder.replaceChildren(uitkomstFormulier());
  }

  async function verwijder(i) {
    const it = scenario.items[i];
    const wachtenden = scenario.items.filter((x) => x.wachtOp === i).length;
    const ja = await confirmDialog({
      title: `Item ${i + 1} verwijderen?`,
      text: `${it.tariefOmschrijving || it.tarief} (${bedragTekst(it)}) gaat uit het referentiescenario.`,
      gevolgen: wachtenden
        ? [`${wachtenden === 1 ? 'Het item dat' : 'De items die'} erop ${wachtenden === 1 ? 'wacht' : 'wachten'}, ${wachtenden === 1 ? 'begint' : 'beginnen'} op dezelfde maand als nu.`]
        : [],
      confirm: 'Verwijderen',
    });
    if (!ja) {
      return;
    }
    await bewaar({ items: zonderItem(scenario.items, i).map(invoerVan) }, `Item ${i + 1} is verwijderd.`,
      (err) => showError(fouten, err));
  }

  function scenarioFormulier() {
    const start = field({ name: 'startdatum', label: 'Startdatum van het scenario', type: 'date' });
    start.input.value = scenario.startdatum || new Date().toISOString().slice(0, 10);
    const onafh = vinkje('opgesteldMetOnafhankelijkeProfessional', 'Opgesteld met een onafhankelijke professional', `onafhankelijk-${gezin.id}`);
    onafh.input.checked = !!scenario.opgesteldMetOnafhankelijkeProfessional;
    const form = el('form', { class: 'formulier formulier--scenario', novalidate: true, 'aria-label': 'Scenario' },
      start.wrapper, onafh.wrapper,
      el('button', { type: 'submit', class: 'knop knop--secundair', text: 'Scenario opslaan' }));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      bewaar({
        startdatum: start.input.value,
        opgesteldMetOnafhankelijkeProfessional: onafh.input.checked,
      }, 'Het scenario is opgeslagen.', (err) => showFormError(form, fouten, err));
    });
    return form;
  }

  function formulier() {
    const n = (scenario.items || []).length;
    const oud = bewerk === null ? null : scenario.items[bewerk];
    const opties = tarieven.map((t) => ({ value: t.code, text: `${t.omschrijving} (${euro(t.bedragCent)} per ${t.eenheid})` }))
      .filter((o, i, a) => a.findIndex((x) => x.value === o.value) === i);
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
    const maximum = field({ name: 'maximum', label: 'Maximum aantal (optioneel)', hint: 'Bijvoorbeeld een opname van hoogstens 14 dagen.', attrs: { inputmode: 'decimal' } });
    const kinderen = field({ name: 'kinderen', label: 'Aantal kinderen', type: 'number', attrs: { min: '1', max: '20' } });
    kinderen.input.value = '1';
    const wachtOp = field({
      name: 'wachtOp',
      label: 'Begint na item',
      type: 'select',
      options: [{ value: '', text: 'de start van het scenario' },
        ...(scenario.items || []).map((it, i) => ({ value: String(i), text: `${i + 1}. ${it.tariefOmschrijving || it.tarief}` }))
          .filter((o) => o.value !== String(bewerk))],
    });
    const wacht = field({ name: 'wachtMaanden', label: 'Wachttijd in maanden', type: 'number', attrs: { min: '0', max: '12' } });
    wacht.input.value = '0';
    const doorlopend = vinkje('doorlopend', 'Elke dag (365/12 per maand)', `doorlopend-${gezin.id}`);
    const onbekend = vinkje('onbekend', 'Hoeveelheid onbekend', `onbekend-${gezin.id}`);
    if (oud) {
      tarief.input.value = oud.tarief;
      per.input.value = oud.per;
      hoeveel.input.value = veldwaarde(oud.hoeveelheid);
      tot.input.value = veldwaarde(oud.hoeveelheidTot);
      duur.input.value = veldwaarde(oud.duur);
      maximum.input.value = veldwaarde(oud.maximum);
      kinderen.input.value = String(oud.kinderen || 1);
      wachtOp.input.value = oud.wachtOp === null || oud.wachtOp === undefined ? '' : String(oud.wachtOp);
      wacht.input.value = String(oud.wachtMaanden || 0);
      doorlopend.input.checked = !!oud.doorlopend;
      onbekend.input.checked = !!oud.onbekend;
    }
    const knop = oud ? `Item ${bewerk + 1} opslaan` : 'Item toevoegen';
    const annuleer = oud ? el('button', { type: 'button', class: 'knop knop--secundair', text: 'Annuleren' }) : null;
    annuleer?.addEventListener('click', () => {
      bewerk = null;
      formHouder.replaceChildren(formulier());
    });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': oud ? `Item ${bewerk + 1} wijzigen` : 'Item toevoegen' },
      el('h3', { text: oud ? `Item ${bewerk + 1} wijzigen` : 'Item toevoegen' }),
      tarief.wrapper, per.wrapper, hoeveel.wrapper, tot.wrapper, duur.wrapper, maximum.wrapper, kinderen.wrapper,
      wachtOp.wrapper, wacht.wrapper, doorlopend.wrapper, onbekend.wrapper,
      el('div', { class: 'knoppen' }, el('button', { type: 'submit', class: 'knop', text: knop }), annuleer));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const nieuw = {
        tarief: tarief.input.value,
        per: per.input.value,
        kinderen: Number(kinderen.input.value || 1),
        wachtMaanden: Number(wacht.input.value || 0),
      };
      if (onbekend.input.checked) {
        nieuw.onbekend = true;
      } else if (doorlopend.input.checked) {
        nieuw.doorlopend = true;
      } else {
        nieuw.hoeveelheid = getal(hoeveel.input);
        nieuw.hoeveelheidTot = getal(tot.input);
      }
      nieuw.duur = getal(duur.input);
      nieuw.maximum = getal(maximum.input);
      if (wachtOp.input.value !== '') {
        nieuw.wachtOp = Number(wachtOp.input.value);
      }
      if (oud?.omschrijving) {
        nieuw.omschrijving = oud.omschrijving;
      }
      const schoon = Object.fromEntries(Object.entries(nieuw).filter(([, v]) => v !== undefined));
      const items = (scenario.items || []).map(invoerVan);
      const plek = oud ? bewerk : n;
      items[plek] = schoon;
      await bewaar({ items }, oud ? `Item ${plek + 1} is gewijzigd.` : 'Het item is toegevoegd.',
        (err) => showFormError(form, fouten, naarVeld(err, `/items/${plek}/`)));
    });
    return form;
  }

  function uitkomstFormulier() {
    const hulp = scenario.formeleHulp || [];
    if (!hulp.length) {
      return el('div', {}, el('h3', { text: 'Uitkomst per formele hulp' }),
        el('p', { class: 'zacht', text: 'Dit gezin heeft geen formele hulp in de lijst; de uitkomst wordt per item van die lijst vastgelegd.' }));
    }
    const velden = hulp.map((h, i) => {
      const f = field({
        name: `uitkomst-${i}`,
        label: `${naamVan(lijsten, 'formeleHulpSoorten', h.soort)} (${naamVan(lijsten, 'formeleHulpKaders', h.kader)}, vanaf ${h.van}${h.tot ? ` tot ${h.tot}` : ''})`,
        type: 'select',
        options: UITKOMST_KEUZES,
      });
      f.input.value = h.uitkomst ? (h.mate ? `${h.uitkomst}/${h.mate}` : h.uitkomst) : '';
      return f;
    });
    const form = el('form', { class: 'formulier formulier--uitkomsten', novalidate: true, 'aria-label': 'Uitkomst per formele hulp' },
      el('h3', { text: 'Uitkomst per formele hulp' }),
      velden.map((f) => f.wrapper),
      el('button', { type: 'submit', class: 'knop', text: 'Uitkomsten opslaan' }));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const uitkomsten = [];
      hulp.forEach((h, i) => {
        velden[i].index = undefined;
        const [uitkomst, mate] = velden[i].input.value.split('/');
        if (uitkomst) {
          uitkomsten.push({ formeleHulp: h.id, uitkomst, ...(mate ? { mate } : {}) });
          velden[i].index = uitkomsten.length - 1;
        }
      });
      bewaar({ uitkomsten }, 'De uitkomsten zijn opgeslagen.', (err) => {
        // /uitkomsten/<k>/<veld> names the k-th outcome sent: show it at its select
        const rest = [];
        for (const p of err?.invalidParams || []) {
          const m = /^\/uitkomsten\/(\d+)\//.exec(String(p.name));
          const f = m ? velden.find((v) => v.index === Number(m[1])) : null;
          if (f) {
            setFieldError(f.wrapper, p.reason);
          } else {
            rest.push(p);
          }
        }
        if (err?.invalidParams?.length && !rest.length) {
          say(fouten, 'Niet alles is goed ingevuld. Kijk bij de velden met een melding.');
        } else {
          showFormError(form, fouten, err);
        }
      });
    });
    return form;
  }

  laad();
  return section;
}
