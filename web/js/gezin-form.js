// Koppel web front end: registering and changing a gezin.
//
//   #/gezinnen/nieuw?kant=vraag   a new vraaggezin
//   #/gezinnen/nieuw?kant=aanbod  a new steungezin, steunmaatje, buddy or
//                                 estafettegezin
//   #/gezinnen/{id}/bewerken      change a gezin (PATCH with If-Match; only
//                                 what changed is sent)
//
// The sections follow how coordinators talk with a family: first who they
// are and what goes well (strengths and network before the question), then
// address and members, then the vraag or the aanbod, the registration and,
// for a new gezin, the consents. Errors from the server name fields by JSON
// pointer (/leden/1/geboortedatum, /adres/postcode, /vraag/dagdelen); each
// is shown next to its field, which gets aria-invalid and aria-describedby,
// and the first of them gets the focus.

import { talenVeld } from '/js/talen.js';
import { api } from '/js/api.js';
import {
  checkboxGroup, clearFieldErrors, el, field, heading, messageArea, say, uniqueId,
} from '/js/dom.js';
import { dagdelenKeuze } from '/js/dagdelen.js';
import { eigenWerkgebieden } from '/js/gezinnen.js';
import {
  items, kantVan, loadKeuzelijsten, naamVan, options, vandaag,
} from '/js/keuzelijsten.js';
import { loading, showError } from '/js/page.js';
import { showPointerErrors } from '/js/velden.js';

const TEKST_MAX = 4000;

// Errors that belong to no field name their pointer; an error on an empty
// members list focuses the section's add button.
const POINTER_OPTIES = { naamRest: true, sectieKnop: true };

// ---- small field builders ---------------------------------------------------------

// Marks `f` (anything with a wrapper) as the place for errors about `pointer`.
function at(pointer, f) {
  f.wrapper.dataset.pointer = pointer;
  return f;
}

// Shows the wrapper only on one side ("vraag" or "aanbod").
function onlyOn(kant, f) {
  f.wrapper.dataset.kant = kant;
  return f;
}

/** A labelled textarea with room for a hint and an error, like field(). */
function textareaField({ name, label, hint, rows = 4, maxlength = TEKST_MAX }) {
  const id = uniqueId(`veld-${name}`);
  const hintEl = hint ? el('p', { id: `${id}-hint`, class: 'veld__hint', text: hint }) : null;
  const input = el('textarea', {
    id, name, rows: String(rows), maxlength: String(maxlength), 'aria-describedby': hintEl?.id,
  });
  const wrapper = el('div', { class: 'veld', dataset: { veld: name } },
    el('label', { for: id, class: 'veld__label', text: label }), hintEl,
    el('p', { id: `${id}-fout`, class: 'veld__fout', hidden: true }), input);
  return { wrapper, input, name };
}

/** One checkbox with its label, and room for an error. */
function checkField({ name, label, hint }) {
  const id = uniqueId(`veld-${name}`);
  const hintEl = hint ? el('p', { id: `${id}-hint`, class: 'veld__hint', text: hint }) : null;
  const input = el('input', { type: 'checkbox', id, name, 'aria-describedby': hintEl?.id });
  const wrapper = el('div', { class: 'veld veld--keuze', dataset: { veld: name } },
    el('p', { id: `${id}-fout`, class: 'veld__fout', hidden: true }),
    el('div', { class: 'keuze' }, input, el('label', { id: `${id}-label`, for: id, text: label })), hintEl);
  return { wrapper, input, name, labelId: `${id}-label` };
}

/** A select with an empty first choice. */
function selectField({ name, label, hint, empty, choices }) {
  return field({
    name, label, hint, type: 'select', options: [{ value: '', text: empty }, ...choices],
  });
}

function dateField({ name, label, hint }) {
  return field({ name, label, hint, type: 'date', attrs: { class: 'invoer--datum' } });
}

function numberField({ name, label, hint, min, max }) {
  return field({
    name, label, hint, type: 'number', attrs: { min: String(min), max: String(max), step: '1', inputmode: 'numeric', class: 'invoer--getal' },
  });
}

function section(titleText, ...children) {
  const titleEl = el('h2', { id: uniqueId('deel'), text: titleText });
  return el('section', { class: 'blok formulier-deel', 'aria-labelledby': titleEl.id }, titleEl, ...children);
}

// ---- reading values -----------------------------------------------------------------

function text(input) {
  const value = input.value.trim();
  return value || undefined;
}

function number(input) {
  const value = input.value.trim();
  if (!value) {
    return undefined;
  }
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

// One item per line.
function lines(input) {
  return input.value.split('\n').map((s) => s.trim()).filter(Boolean);
}

// The object without undefined members; undefined when nothing is left.
function compact(object) {
  const out = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) {
      out[key] = value;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The JSON merge patch (RFC 7396) that turns `before` into `after`, both
 * plain objects as collect() gives them: changed members, nested objects as
 * patches of their own, null for members that are gone; arrays whole.
 * Members named in `skip` are left out. Undefined when nothing changed.
 */
export function mergePatch(before, after, skip = []) {
  const out = {};
  for (const key of new Set([...Object.keys(before || {}), ...Object.keys(after || {})])) {
    if (skip.includes(key)) {
      continue;
    }
    const b = before?.[key];
    const a = after?.[key];
    const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
    if (isObject(a) && isObject(b)) {
      const inner = mergePatch(b, a);
      if (inner !== undefined) {
        out[key] = inner;
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out[key] = a ?? null;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

// ---- leden --------------------------------------------------------------------------

// The members, in two lists (volwassenen, kinderen), each row a fieldset.
function ledenEditor(getKant, applyKant) {
  const rows = []; // {soort, id, wrapper, legend, f: {…}, removeLabel}
  const volwassenen = el('div', { class: 'leden' });
  const kinderen = el('div', { class: 'leden' });
  const addAdult = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Volwassene toevoegen' });
  const addChild = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Kind toevoegen' });
  const errorEl = el('p', { id: uniqueId('leden-fout'), class: 'veld__fout', hidden: true });
  const wrapper = el('div', { class: 'veld', dataset: { veld: 'leden', pointer: '/leden' } },
    errorEl,
    el('h3', { text: 'Volwassenen' }), volwassenen, el('p', {}, addAdult),
    el('h3', { text: 'Kinderen' }), kinderen, el('p', {}, addChild));

  function renumber() {
    for (const soort of ['volwassene', 'kind']) {
      rows.filter((r) => r.soort === soort).forEach((r, i) => {
        const label = `${soort === 'kind' ? 'Kind' : 'Volwassene'} ${i + 1}`;
        r.legend.textContent = label;
        r.removeLabel.textContent = ` ${label.toLowerCase()}`;
      });
    }
  }

  function add(soort, lid = {}) {
    const f = {
      voornaam: field({ name: 'voornaam', label: 'Voornaam', attrs: { autocomplete: 'off', maxlength: '100' } }),
    };
    if (soort === 'volwassene') {
      f.achternaam = field({ name: 'achternaam', label: 'Achternaam', attrs: { autocomplete: 'off', maxlength: '100' } });
    }
    f.geboortedatum = dateField({ name: 'geboortedatum', label: 'Geboortedatum' });
    if (soort === 'volwassene') {
      f.telefoon = field({
        name: 'telefoon', label: 'Telefoon', type: 'tel', hint: 'Bijvoorbeeld 06 12345678.', attrs: { autocomplete: 'off' },
      });
      f.email = field({ name: 'email', label: 'E-mail', type: 'email', attrs: { autocomplete: 'off', spellcheck: 'false' } });
      f.vogDatum = onlyOn('aanbod', dateField({
        name: 'vogDatum', label: 'VOG-datum', hint: 'De datum waarop de Verklaring Omtrent het Gedrag is afgegeven.',
      }));
      f.voornaam.input.value = lid.voornaam || '';
      f.achternaam.input.value = lid.achternaam || '';
      f.telefoon.input.value = lid.telefoon || '';
      f.email.input.value = lid.email || '';
      f.vogDatum.input.value = lid.vogDatum || '';
    } else {
      f.verwachtOp = dateField({
        name: 'verwachtOp', label: 'Verwacht op',
        hint: 'Alleen voor een kind dat nog geboren moet worden (hoogstens 10 maanden vooruit); laat dan de geboortedatum leeg.',
      });
      f.verwachtOp.input.value = lid.verwachtOp || '';
      f.woontThuis = checkField({ name: 'woontThuis', label: 'Woont thuis' });
      f.steunVoor = onlyOn('vraag', checkField({ name: 'steunVoor', label: 'Steun voor dit kind' }));
      f.voornaam.input.value = lid.voornaam || '';
      f.woontThuis.input.checked = lid.woontThuis ?? true;
      f.steunVoor.input.checked = lid.steunVoor ?? true;
    }
    f.geboortedatum.input.value = lid.geboortedatum || '';

    const legend = el('legend', {});
    const errorP = el('p', { id: uniqueId('lid-fout'), class: 'veld__fout', hidden: true });
    const removeLabel = el('span', { class: 'visueel-verborgen' });
    const remove = el('button', { type: 'button', class: 'knop knop--klein knop--secundair' }, 'Verwijderen', removeLabel);
    const rowEl = el('fieldset', { class: 'lid veld', dataset: { veld: 'lid' } },
      legend, errorP,
      el('div', { class: 'lid__velden' }, Object.values(f).map((x) => x.wrapper)),
      el('div', { class: 'lid__acties' }, remove));
    const row = { soort, id: lid.id, wrapper: rowEl, legend, f, removeLabel };
    rows.push(row);
    (soort === 'kind' ? kinderen : volwassenen).append(rowEl);
    remove.addEventListener('click', () => {
      const same = rows.filter((r) => r.soort === soort);
      const index = same.indexOf(row);
      rows.splice(rows.indexOf(row), 1);
      rowEl.remove();
      renumber();
      const rest = rows.filter((r) => r.soort === soort);
      const next = rest[Math.min(index, rest.length - 1)];
      (next ? next.wrapper.querySelector('.lid__acties button') : (soort === 'kind' ? addChild : addAdult)).focus();
    });
    renumber();
    applyKant();
    return row;
  }

  addAdult.addEventListener('click', () => add('volwassene').f.voornaam.input.focus());
  addChild.addEventListener('click', () => add('kind').f.voornaam.input.focus());

  return {
    wrapper,
    add,
    set(leden) {
      for (const r of rows.splice(0)) {
        r.wrapper.remove();
      }
      for (const lid of leden || []) {
        add(lid.soort === 'kind' ? 'kind' : 'volwassene', lid);
      }
    },
    // The members as the API takes them; also points each row's fields at
    // their place in the list (/leden/{i}/…).
    collect() {
      const kant = getKant();
      const ordered = [...rows.filter((r) => r.soort === 'volwassene'), ...rows.filter((r) => r.soort === 'kind')];
      return ordered.map((r, i) => {
        r.wrapper.dataset.pointer = `/leden/${i}`;
        for (const [key, f] of Object.entries(r.f)) {
          f.wrapper.dataset.pointer = `/leden/${i}/${key}`;
        }
        const lid = { soort: r.soort };
        if (r.id !== undefined && r.id !== null) {
          lid.id = r.id;
        }
        lid.voornaam = text(r.f.voornaam.input);
        if (r.soort === 'volwassene') {
          lid.achternaam = text(r.f.achternaam.input);
          lid.geboortedatum = text(r.f.geboortedatum.input);
          lid.telefoon = text(r.f.telefoon.input);
          lid.email = text(r.f.email.input);
          if (kant === 'aanbod') {
            lid.vogDatum = text(r.f.vogDatum.input) ?? null;
          }
        } else {
          lid.geboortedatum = text(r.f.geboortedatum.input);
          lid.verwachtOp = text(r.f.verwachtOp.input);
          lid.woontThuis = r.f.woontThuis.input.checked;
          if (kant === 'vraag') {
            lid.steunVoor = r.f.steunVoor.input.checked;
          }
        }
        return compact(lid);
      });
    },
  };
}

// ---- the form -------------------------------------------------------------------------

// The Vraag section (shown for the vraag side): the question in the family's
// words, when and how often, wishes about the supporting family and what
// matching uses. Returns {section, collect, load}: collect() gives the vraag
// object for the API (undefined when empty), load(v) fills the fields from one.
function vraagSectie(lijsten) {
  const vraagTekst = at('/vraag/tekst', textareaField({
    name: 'vraagTekst', label: 'De vraag, in de woorden van het gezin', rows: 5,
    hint: 'Schrijf op wat het gezin zelf vertelt. Geen labels of diagnoses.',
  }));
  const vraagSteunvormen = at('/vraag/steunvormen', checkboxGroup({
    name: 'vraagSteunvormen', legend: 'Welke steun zoekt het gezin?', items: options(lijsten, 'steunvormen'),
  }));
  const vraagDagdelen = at('/vraag/dagdelen', dagdelenKeuze({
    name: 'vraagDagdelen', legend: 'Wanneer past steun?', hint: 'Kies de dagdelen die het gezin goed uitkomen.', lijsten,
  }));
  const vraagFrequentie = at('/vraag/frequentie', selectField({
    name: 'vraagFrequentie', label: 'Hoe vaak?', empty: 'Nog niet bekend', choices: options(lijsten, 'frequenties'),
  }));
  const wensTalen = at('/vraag/wensen/talen', talenVeld({
    name: 'wensTalen', legend: 'Gewenste talen', hint: 'Leeg laten als dezelfde talen als het gezin.',
  }));
  const wensLevensbeschouwing = at('/vraag/wensen/levensbeschouwing', field({
    name: 'wensLevensbeschouwing', label: 'Levensbeschouwing',
    hint: 'Alleen invullen als het gezin hier zelf een wens over heeft.', attrs: { autocomplete: 'off' },
  }));
  const wensRolmodel = at('/vraag/wensen/mannelijkRolmodel', checkField({
    name: 'mannelijkRolmodel', label: 'Graag een mannelijk rolmodel',
  }));
  const wensGeenHuisdieren = at('/vraag/wensen/geenHuisdieren', checkField({
    name: 'geenHuisdieren', label: 'Geen huisdieren (bijvoorbeeld door allergie)',
  }));
  const wensNietRoken = at('/vraag/wensen/nietRoken', checkField({ name: 'nietRoken', label: 'Een gezin dat niet rookt' }));
  const wensAnders = at('/vraag/wensen/anders', field({ name: 'wensAnders', label: 'Andere wensen', attrs: { autocomplete: 'off' } }));
  // For matching: themes a relay family or buddy may recognise, shared interests, the wished support style.
  const vraagThemas = at('/vraag/themas', textareaField({
    name: 'vraagThemas', label: 'Thema’s uit eigen ervaring', rows: 3,
    hint: 'Eén per regel: wat het gezin meemaakt en waarin een ervaringsgezin het kan herkennen, bijvoorbeeld: alleenstaand ouderschap.',
  }));
  const vraagInteresses = at('/vraag/interesses', textareaField({
    name: 'vraagInteresses', label: 'Interesses', rows: 3, hint: 'Eén per regel, bijvoorbeeld: voetbal, koken, tekenen.',
  }));
  const vraagSteunstijl = at('/vraag/steunstijl', selectField({
    name: 'vraagSteunstijl', label: 'Gewenste steunstijl', empty: 'Nog niet bekend', choices: options(lijsten, 'steunstijlen'),
  }));
  // Formal help is a list with its own history on the gezin page (formele-hulp.js), not a field of this form.
  const hulpVerwijzing = el('p', {
    class: 'veld__hint',
    text: 'Formele hulp die het gezin al krijgt (welke hulp, vrijwillig of gedwongen, hoeveel en bij wie) leg je na het ' +
      'opslaan vast op de pagina van het gezin, onder “Formele hulp”. Daar blijft ook bewaard wat eerder gold.',
  });
  const vraagSection = section('Vraag',
    vraagTekst.wrapper, vraagSteunvormen.wrapper, vraagDagdelen.wrapper, vraagFrequentie.wrapper,
    el('h3', { text: 'Wensen over het steungezin' }),
    wensTalen.wrapper, wensLevensbeschouwing.wrapper, wensRolmodel.wrapper, wensGeenHuisdieren.wrapper,
    wensNietRoken.wrapper, wensAnders.wrapper,
    el('h3', { text: 'Om te matchen' }), vraagThemas.wrapper, vraagInteresses.wrapper, vraagSteunstijl.wrapper,
    el('h3', { text: 'Formele hulp' }), hulpVerwijzing);
  vraagSection.dataset.kant = 'vraag';
  return {
    section: vraagSection,
    collect() {
      return compact({
        tekst: text(vraagTekst.input),
        steunvormen: vraagSteunvormen.values(),
        dagdelen: vraagDagdelen.values(),
        frequentie: vraagFrequentie.input.value || undefined,
        wensen: {
          talen: wensTalen.get(),
          levensbeschouwing: text(wensLevensbeschouwing.input) ?? null,
          mannelijkRolmodel: wensRolmodel.input.checked,
          geenHuisdieren: wensGeenHuisdieren.input.checked,
          nietRoken: wensNietRoken.input.checked,
          anders: text(wensAnders.input) ?? null,
        },
        themas: lines(vraagThemas.input),
        interesses: lines(vraagInteresses.input),
        steunstijl: vraagSteunstijl.input.value || undefined,
      });
    },
    load(v) {
      vraagTekst.input.value = v.tekst || '';
      for (const input of vraagSteunvormen.inputs) {
        input.checked = (v.steunvormen || []).includes(input.value);
      }
      vraagDagdelen.set(v.dagdelen);
      vraagFrequentie.input.value = v.frequentie || '';
      const w = v.wensen || {};
      wensTalen.set(w.talen);
      wensLevensbeschouwing.input.value = w.levensbeschouwing || '';
      wensRolmodel.input.checked = Boolean(w.mannelijkRolmodel);
      wensGeenHuisdieren.input.checked = Boolean(w.geenHuisdieren);
      wensNietRoken.input.checked = Boolean(w.nietRoken);
      wensAnders.input.value = w.anders || '';
      vraagThemas.input.value = (v.themas || []).join('\n');
      vraagInteresses.input.value = (v.interesses || []).join('\n');
      vraagSteunstijl.input.value = v.steunstijl || '';
    },
  };
}

// The Aanbod section (shown for the aanbod side): what support the family
// can give, when, for how many and which children, and what matching uses.
// Returns {section, collect, load} like vraagSectie.
function aanbodSectie(lijsten) {
  const aanbodSteunvormen = at('/aanbod/steunvormen', checkboxGroup({
    name: 'aanbodSteunvormen', legend: 'Welke steun kan het gezin geven?', items: options(lijsten, 'steunvormen'),
  }));
  const aanbodDagdelen = at('/aanbod/dagdelen', dagdelenKeuze({
    name: 'aanbodDagdelen', legend: 'Wanneer is het gezin beschikbaar?', lijsten,
  }));
  const aanbodFrequentie = at('/aanbod/frequentie', selectField({
    name: 'aanbodFrequentie', label: 'Hoe vaak?', empty: 'Nog niet bekend', choices: options(lijsten, 'frequenties'),
  }));
  const capaciteit = at('/aanbod/capaciteit', numberField({
    name: 'capaciteit', label: 'Hoeveel koppelingen tegelijk', hint: 'Meestal 1.', min: 1, max: 10,
  }));
  const leeftijdVan = at('/aanbod/leeftijdVan', numberField({
    name: 'leeftijdVan', label: 'Leeftijd kinderen vanaf', hint: 'In jaren.', min: 0, max: 25,
  }));
  const leeftijdTot = at('/aanbod/leeftijdTot', numberField({
    name: 'leeftijdTot', label: 'Leeftijd kinderen tot en met', hint: 'In jaren.', min: 0, max: 25,
  }));
  const maxAfstand = at('/aanbod/maxAfstandKm', numberField({
    name: 'maxAfstandKm', label: 'Maximale afstand in km', hint: 'Leeg laten als afstand niet uitmaakt.', min: 1, max: 200,
  }));
  const aanbodTalen = at('/aanbod/talen', talenVeld({
    name: 'aanbodTalen', legend: 'Talen', hint: 'Leeg laten als dezelfde talen als het gezin.',
  }));
  const huisdieren = at('/aanbod/huisdieren', checkField({ name: 'huisdieren', label: 'Er zijn huisdieren in huis' }));
  const rookt = at('/aanbod/rookt', checkField({ name: 'rookt', label: 'Er wordt in huis gerookt' }));
  const ervaringsthemas = at('/aanbod/ervaringsthemas', textareaField({
    name: 'ervaringsthemas', label: 'Ervaringsthema’s', rows: 3,
    hint: 'Waar het gezin zelf ervaring mee heeft, één per regel (bijvoorbeeld: scheiding, verhuizing).',
  }));
  const steunstijl = at('/aanbod/steunstijl', selectField({
    name: 'steunstijl', label: 'Steunstijl', empty: 'Nog niet bekend', choices: options(lijsten, 'steunstijlen'),
  }));
  const interesses = at('/aanbod/interesses', textareaField({
    name: 'interesses', label: 'Interesses', rows: 3, hint: 'Eén per regel, bijvoorbeeld: voetbal, koken, tekenen.',
  }));
  const motivatie = at('/aanbod/motivatie', textareaField({ name: 'motivatie', label: 'Motivatie', rows: 3 }));
  const training = at('/aanbod/training', field({ name: 'training', label: 'Gevolgde training', attrs: { autocomplete: 'off' } }));
  const wervingsbron = at('/aanbod/wervingsbron', field({
    name: 'wervingsbron', label: 'Hoe kwam het gezin bij ons?', hint: 'Bijvoorbeeld: via de krant, een vriend of de website.',
    attrs: { autocomplete: 'off' },
  }));
  // by default one koppeling at a time
  capaciteit.input.value = '1';
  const aanbodSection = section('Aanbod',
    aanbodSteunvormen.wrapper, aanbodDagdelen.wrapper, aanbodFrequentie.wrapper,
    el('div', { class: 'velden-rij' }, capaciteit.wrapper, leeftijdVan.wrapper, leeftijdTot.wrapper, maxAfstand.wrapper),
    aanbodTalen.wrapper, huisdieren.wrapper, rookt.wrapper, ervaringsthemas.wrapper, steunstijl.wrapper,
    interesses.wrapper, motivatie.wrapper, training.wrapper, wervingsbron.wrapper);
  aanbodSection.dataset.kant = 'aanbod';
  return {
    section: aanbodSection,
    collect() {
      return compact({
        steunvormen: aanbodSteunvormen.values(),
        dagdelen: aanbodDagdelen.values(),
        frequentie: aanbodFrequentie.input.value || undefined,
        capaciteit: number(capaciteit.input),
        leeftijdVan: number(leeftijdVan.input),
        leeftijdTot: number(leeftijdTot.input),
        maxAfstandKm: number(maxAfstand.input) ?? null,
        talen: aanbodTalen.get(),
        huisdieren: huisdieren.input.checked,
        rookt: rookt.input.checked,
        ervaringsthemas: lines(ervaringsthemas.input),
        steunstijl: steunstijl.input.value || undefined,
        interesses: lines(interesses.input),
        motivatie: text(motivatie.input),
        training: text(training.input),
        wervingsbron: text(wervingsbron.input),
      });
    },
    load(o) {
      for (const input of aanbodSteunvormen.inputs) {
        input.checked = (o.steunvormen || []).includes(input.value);
      }
      aanbodDagdelen.set(o.dagdelen);
      aanbodFrequentie.input.value = o.frequentie || '';
      capaciteit.input.value = o.capaciteit ?? 1;
      leeftijdVan.input.value = o.leeftijdVan ?? '';
      leeftijdTot.input.value = o.leeftijdTot ?? '';
      maxAfstand.input.value = o.maxAfstandKm ?? '';
      aanbodTalen.set(o.talen);
      huisdieren.input.checked = Boolean(o.huisdieren);
      rookt.input.checked = Boolean(o.rookt);
      ervaringsthemas.input.value = (o.ervaringsthemas || []).join('\n');
      steunstijl.input.value = o.steunstijl || '';
      interesses.input.value = (o.interesses || []).join('\n');
      motivatie.input.value = o.motivatie || '';
      training.input.value = o.training || '';
      wervingsbron.input.value = o.wervingsbron || '';
    },
  };
}

/**
 * Builds the form for a gezin.
 *
 * @param {object} opts
 * @param {object} opts.lijsten keuzelijsten
 * @param {Array} opts.werkgebieden [{code, naam}] the user may use
 * @param {Array} opts.coordinatoren [{id, naam}] to choose from
 * @param {string} opts.kant "vraag" or "aanbod" (the side at the start)
 * @param {boolean} opts.nieuw true for a new gezin (with consents)
 * @param {string[]} opts.rollen the rol codes offered
 */
function gezinForm({ lijsten, werkgebieden, coordinatoren, kant: startKant, nieuw, rollen }) {
  let kant = startKant;
  const form = el('form', { class: 'formulier formulier--breed gezin-formulier', novalidate: true });

  function applyKant() {
    for (const node of form.querySelectorAll('[data-kant]')) {
      node.hidden = node.dataset.kant !== kant;
    }
  }

  // Gezin
  const naam = at('/naam', field({
    name: 'naam', label: 'Naam van het gezin', hint: 'Zoals het gezin zelf genoemd wil worden, bijvoorbeeld Gezin De Vries.',
    attrs: { autocomplete: 'off', required: true, maxlength: '200' },
  }));
  const rolChoices = items(lijsten, 'rollen').filter((r) => rollen.includes(r.code))
    .map((r) => ({ value: r.code, text: r.naam }));
  const rol = at('/rol', field({ name: 'rol', label: 'Rol', type: 'select', options: rolChoices }));
  const werkgebied = at('/werkgebied', field({
    name: 'werkgebied',
    label: 'Werkgebied',
    type: 'select',
    options: [
      ...(werkgebieden.length === 1 ? [] : [{ value: '', text: 'Kies een werkgebied' }]),
      ...werkgebieden.map((w) => ({ value: w.code, text: w.naam })),
    ],
  }));
  const coordinator = at('/coordinator', field({
    name: 'coordinator',
    label: 'Coördinator',
    type: 'select',
    options: [{ value: '', text: 'Nog geen coördinator' },
      ...coordinatoren.map((c) => ({ value: String(c.id), text: c.naam }))],
  }));
  const huishouden = at('/huishouden', selectField({
    name: 'huishouden', label: 'Huishouden', empty: 'Nog niet ingevuld', choices: options(lijsten, 'huishoudens'),
  }));
  const talen = at('/talen', talenVeld({ name: 'talen', legend: 'Talen die het gezin spreekt' }));
  const kantMelding = el('div', { class: 'melding melding--info', role: 'status' });

  // Sterke kanten
  const watGaatGoed = at('/watGaatGoed', textareaField({
    name: 'watGaatGoed', label: 'Wat gaat goed',
    hint: 'Waar het gezin trots op is, wat lukt en wat het gezin zelf al doet.',
  }));
  const netwerk = at('/netwerk', textareaField({
    name: 'netwerk', label: 'Netwerk',
    hint: 'Familie, vrienden, buren, school of club: wie er al om het gezin heen staat.',
  }));

  // Adres
  const straat = at('/adres/straat', field({ name: 'straat', label: 'Straat', attrs: { autocomplete: 'off' } }));
  const huisnummer = at('/adres/huisnummer', field({
    name: 'huisnummer', label: 'Huisnummer', attrs: { autocomplete: 'off', class: 'invoer--kort' },
  }));
  const postcode = at('/adres/postcode', field({
    name: 'postcode', label: 'Postcode', hint: 'Bijvoorbeeld 1015 KK.',
    attrs: { autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', class: 'invoer--kort' },
  }));
  const plaats = at('/adres/plaats', field({ name: 'plaats', label: 'Plaats', attrs: { autocomplete: 'off' } }));
  // the gemeente is one of the chosen werkgebied's list (Beheer > Werkgebieden), or onbekend
  const gemeente = at('/adres/gemeente', field({
    name: 'gemeente', label: 'Gemeente', type: 'select', hint: 'De gemeenten van het gekozen werkgebied.',
  }));
  function gemeenteKeuzes(huidig = gemeente.input.value) {
    const lijst = werkgebieden.find((w) => w.code === werkgebied.input.value)?.gemeenten || [];
    const namen = huidig && !lijst.includes(huidig) ? [...lijst, huidig] : lijst;
    gemeente.input.replaceChildren(el('option', { value: '', text: 'Onbekend' }),
      ...namen.map((g) => el('option', { value: g, text: g })));
    gemeente.input.value = huidig || '';
  }
  werkgebied.input.addEventListener('change', () => gemeenteKeuzes());
  gemeenteKeuzes('');

  // Leden
  const leden = ledenEditor(() => kant, applyKant);

  const vraag = vraagSectie(lijsten);
  const aanbod = aanbodSectie(lijsten);

  // Aanmelding
  const doorSoort = at('/aangemeldDoor/soort', selectField({
    name: 'aangemeldDoorSoort', label: 'Aangemeld door', empty: 'Nog niet ingevuld', choices: options(lijsten, 'verwijzers'),
  }));
  const doorOrganisatie = at('/aangemeldDoor/organisatie', field({
    name: 'aangemeldDoorOrganisatie', label: 'Organisatie', hint: 'Bijvoorbeeld Wijkteam Noord.', attrs: { autocomplete: 'off' },
  }));
  const doorContact = at('/aangemeldDoor/contact', field({
    name: 'aangemeldDoorContact', label: 'Contactpersoon of e-mail', attrs: { autocomplete: 'off' },
  }));
  const aangemeldOp = at('/aangemeldOp', dateField({ name: 'aangemeldOp', label: 'Aangemeld op' }));
  aangemeldOp.input.value = vandaag();
  aangemeldOp.input.max = vandaag();

  // Toestemmingen (only for a new gezin; later on the family page)
  const toestemmingen = items(lijsten, 'toestemmingDoelen').map((doel) => {
    const required = doel.code === 'registratie';
    const check = checkField({
      name: `toestemming-${doel.code}`, label: doel.naam,
      hint: required ? 'Verplicht: zonder deze toestemming kan het gezin niet worden ingeschreven.' : undefined,
    });
    const door = field({ name: 'gegevenDoor', label: 'Gegeven door', attrs: { autocomplete: 'off' } });
    const op = dateField({ name: 'gegevenOp', label: 'Datum' });
    op.input.value = vandaag();
    const details = el('div', { class: 'toestemming__details' }, door.wrapper, op.wrapper);
    const wrapper = el('div', { class: 'toestemming', role: 'group', 'aria-labelledby': check.labelId },
      check.wrapper, details);
    if (required) {
      check.input.required = true;
      check.input.checked = true;
    }
    // Who gave it and when only matter once it is ticked.
    details.hidden = !check.input.checked;
    check.input.addEventListener('change', () => {
      details.hidden = !check.input.checked;
    });
    return { doel: doel.code, required, check, door, op, wrapper, naam: doel.naam };
  });
  const toestemmingenWrapper = el('fieldset', { class: 'veld veld--groep', dataset: { veld: 'toestemmingen', pointer: '/toestemmingen' } },
    el('legend', { class: 'veld__label', text: 'Toestemmingen van het gezin' }),
    el('p', { class: 'veld__fout', id: uniqueId('toestemmingen-fout'), hidden: true }),
    el('p', { class: 'veld__hint', text: 'Vink aan waarvoor het gezin toestemming geeft, door wie en wanneer.' }),
    toestemmingen.map((t) => t.wrapper));

  const submit = el('button', { type: 'submit', class: 'knop', text: nieuw ? 'Gezin aanmelden' : 'Opslaan' });
  const errors = messageArea('fout');
  errors.tabIndex = -1;

  form.append(
    errors,
    section('Gezin', naam.wrapper, rol.wrapper, kantMelding, werkgebied.wrapper, coordinator.wrapper,
      huishouden.wrapper, talen.wrapper),
    section('Wat gaat goed en netwerk',
      el('p', { class: 'veld__hint', text: 'Begin bij de sterke kanten: wat gaat er goed, en wie staat er al om het gezin heen?' }),
      watGaatGoed.wrapper, netwerk.wrapper),
    section('Adres', straat.wrapper, huisnummer.wrapper, postcode.wrapper, plaats.wrapper, gemeente.wrapper),
    section('Leden', el('p', { class: 'veld__hint', text: 'Wie horen bij het gezin? Minstens één persoon.' }), leden.wrapper),
    vraag.section,
    aanbod.section,
    section('Aanmelding', doorSoort.wrapper, doorOrganisatie.wrapper, doorContact.wrapper, aangemeldOp.wrapper),
    nieuw ? section('Toestemmingen', toestemmingenWrapper) : null,
    el('div', { class: 'knoppen' }, submit,
      el('a', { class: 'knop knop--secundair', href: '/#/gezinnen', text: 'Annuleren', dataset: { annuleren: '' } })),
  );

  // Defaults for a new gezin.
  if (nieuw) {
    leden.add('volwassene');
  }

  let startRol = rol.input.value;
  rol.input.addEventListener('change', () => {
    kant = kantVan(lijsten, rol.input.value) || kant;
    applyKant();
    let message = '';
    if (!nieuw && rol.input.value !== startRol) {
      message = kantVan(lijsten, startRol) !== kant
        ? `Dit gezin gaat over naar de ${kant === 'vraag' ? 'vraagkant' : 'aanbodkant'}. Vul hieronder ook de ` +
          `${kant === 'vraag' ? 'vraag' : 'gegevens over het aanbod'} in. `
        : '';
      message += 'Na opslaan begint het gezin in de nieuwe rol met status “Aangemeld”; de vorige rol blijft in de ' +
        'rolgeschiedenis staan.';
    }
    say(kantMelding, message);
  });
  applyKant();

  // The gezin as the API takes it (without toestemmingen).
  function collect() {
    const body = {
      naam: text(naam.input),
      rol: rol.input.value || undefined,
      werkgebied: werkgebied.input.value || undefined,
      coordinator: coordinator.input.value ? Number(coordinator.input.value) : null,
      watGaatGoed: text(watGaatGoed.input),
      netwerk: text(netwerk.input),
      huishouden: huishouden.input.value || undefined,
      // Always an object: PATCH replaces it as a whole, so {} clears it.
      adres: compact({
        straat: text(straat.input),
        huisnummer: text(huisnummer.input),
        postcode: text(postcode.input),
        plaats: text(plaats.input),
        gemeente: text(gemeente.input),
      }) || {},
      talen: talen.get(),
      aangemeldDoor: compact({
        soort: doorSoort.input.value || undefined,
        organisatie: text(doorOrganisatie.input),
        contact: text(doorContact.input),
      }),
      aangemeldOp: text(aangemeldOp.input),
      leden: leden.collect(),
    };
    if (kant === 'vraag') {
      body.vraag = vraag.collect();
    } else {
      body.aanbod = aanbod.collect();
    }
    return compact(body);
  }

  // The consents that are ticked, with their pointers set.
  function collectToestemmingen() {
    const chosen = toestemmingen.filter((t) => t.check.input.checked);
    for (const t of toestemmingen) {
      delete t.wrapper.dataset.pointer;
      delete t.door.wrapper.dataset.pointer;
      delete t.op.wrapper.dataset.pointer;
    }
    return chosen.map((t, i) => {
      t.wrapper.dataset.pointer = `/toestemmingen/${i}`;
      t.door.wrapper.dataset.pointer = `/toestemmingen/${i}/gegevenDoor`;
      t.op.wrapper.dataset.pointer = `/toestemmingen/${i}/gegevenOp`;
      return compact({ doel: t.doel, gegevenOp: text(t.op.input), gegevenDoor: text(t.door.input) });
    });
  }

  // Fills the form with a gezin from the API.
  function load(g) {
    naam.input.value = g.naam || '';
    if (g.rol && ![...rol.input.options].some((o) => o.value === g.rol)) {
      rol.input.append(el('option', { value: g.rol, text: naamVan(lijsten, 'rollen', g.rol) }));
    }
    rol.input.value = g.rol || '';
    startRol = rol.input.value;
    kant = kantVan(lijsten, g.rol) || kant;
    if (g.werkgebied && ![...werkgebied.input.options].some((o) => o.value === g.werkgebied)) {
      werkgebied.input.append(el('option', { value: g.werkgebied, text: g.werkgebied }));
    }
    werkgebied.input.value = g.werkgebied || '';
    if (g.coordinator && ![...coordinator.input.options].some((o) => o.value === String(g.coordinator.id))) {
      coordinator.input.append(el('option', { value: String(g.coordinator.id), text: g.coordinator.naam }));
    }
    coordinator.input.value = g.coordinator ? String(g.coordinator.id) : '';
    huishouden.input.value = g.huishouden || '';
    talen.set(g.talen);
    watGaatGoed.input.value = g.watGaatGoed || '';
    netwerk.input.value = g.netwerk || '';
    const a = g.adres || {};
    straat.input.value = a.straat || '';
    huisnummer.input.value = a.huisnummer || '';
    postcode.input.value = a.postcode || '';
    plaats.input.value = a.plaats || '';
    gemeenteKeuzes(a.gemeente || '');
    leden.set(g.leden);
    vraag.load(g.vraag || {});
    aanbod.load(g.aanbod || {});

    const d = g.aangemeldDoor || {};
    doorSoort.input.value = d.soort || '';
    doorOrganisatie.input.value = d.organisatie || '';
    doorContact.input.value = d.contact || '';
    aangemeldOp.input.value = g.aangemeldOp || '';
    applyKant();
  }

  // Checks before sending what the server would refuse anyway but the user
  // can fix right here. Returns [{name, reason}].
  function check(body, toestemmingenBody, before = null) {
    const problems = [];
    if (!body?.naam) {
      problems.push({ name: '/naam', reason: 'Vul de naam van het gezin in.' });
    }
    if (!body?.werkgebied) {
      problems.push({ name: '/werkgebied', reason: 'Kies een werkgebied.' });
    }
    if (kant === 'vraag' && !body?.vraag?.tekst) {
      problems.push({ name: '/vraag/tekst', reason: 'Schrijf de vraag van het gezin op, in hun eigen woorden.' });
    }
    if ((body?.aangemeldDoor || before?.aangemeldDoor) && !body?.aangemeldDoor?.soort) {
      problems.push({ name: '/aangemeldDoor/soort', reason: 'Kies wie het gezin heeft aangemeld.' });
    }
    if (toestemmingenBody && !toestemmingenBody.some((t) => t.doel === 'registratie')) {
      problems.push({ name: '/toestemmingen', reason: 'Zonder toestemming voor registratie kan het gezin niet worden ingeschreven.' });
    }
    return problems;
  }

  return {
    form,
    errors,
    submit,
    kant: () => kant,
    collect,
    collectToestemmingen,
    load,
    check,
    coordinator,
    cancelLink: form.querySelector('[data-annuleren]'),
    showErrors(err) {
      const leftOver = showPointerErrors(form, err.invalidParams, POINTER_OPTIES);
      say(errors, leftOver.length
        ? [err.detail, ...leftOver].filter(Boolean).join(' ')
        : 'Niet alles is goed ingevuld. Kijk bij de velden met een melding.');
      if (!form.querySelector('[aria-invalid="true"]')) {
        errors.focus();
      }
    },
    // An error that belongs to no field: shown at the top of the form.
    showGeneral(err) {
      if (showError(errors, err)) {
        errors.focus();
      }
    },
    showLocalErrors(problems) {
      showPointerErrors(form, problems, POINTER_OPTIES);
      say(errors, 'Niet alles is goed ingevuld. Kijk bij de velden met een melding.');
    },
    clear() {
      clearFieldErrors(form);
      say(errors, '');
    },
  };
}

// The coordinators to choose from: a beheerder sees every active
// coordinator; a coordinator can choose themselves.
async function coordinatorChoices(user, signal) {
  if (user.rol !== 'beheerder') {
    return [{ id: user.id, naam: `${user.naam || user.gebruikersnaam} (ik)` }];
  }
  try {
    const { data } = await api('GET', '/gebruikers', { signal });
    return (data?.gebruikers || []).filter((g) => g.rol === 'coordinator' && g.actief !== false)
      .map((g) => ({ id: g.id, naam: g.naam || g.gebruikersnaam }));
  } catch (err) {
    if (err?.name === 'AbortError') {
      throw err;
    }
    return [];
  }
}

// ---- new ----------------------------------------------------------------------------

export function renderGezinNieuw(ctx) {
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  const kant = query.get('kant') === 'aanbod' ? 'aanbod' : 'vraag';
  const title = heading(kant === 'vraag' ? 'Nieuw vraaggezin' : 'Nieuw steungezin, buddy of estafettegezin');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading('Het formulier wordt geladen…'));
  ctx.main.replaceChildren(title, errors, holder);
  document.title = `${title.textContent} · Gezinnen · Koppel`;

  (async () => {
    let lijsten;
    let werkgebieden;
    let coordinatoren;
    try {
      [lijsten, werkgebieden, coordinatoren] = await Promise.all([
        loadKeuzelijsten(),
        eigenWerkgebieden(ctx.user, ctx.signal),
        coordinatorChoices(ctx.user, ctx.signal),
      ]);
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    const rollen = items(lijsten, 'rollen').filter((r) => r.kant === kant).map((r) => r.code);
    const f = gezinForm({ lijsten, werkgebieden, coordinatoren, kant, nieuw: true, rollen });
    if (ctx.user.rol !== 'beheerder') {
      f.coordinator.input.value = String(ctx.user.id);
    }
    holder.replaceChildren(
      el('p', { text: kant === 'vraag'
        ? 'Meld een gezin aan dat steun zoekt. Velden die je nog niet weet, kun je later aanvullen.'
        : 'Meld een gezin of vrijwilliger aan dat steun wil geven. Velden die je nog niet weet, kun je later aanvullen.' }),
      f.form,
    );

    f.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      f.clear();
      const body = f.collect() || {};
      const toestemmingen = f.collectToestemmingen();
      const problems = f.check(body, toestemmingen);
      if (problems.length) {
        f.showLocalErrors(problems);
        return;
      }
      body.toestemmingen = toestemmingen;
      f.submit.disabled = true;
      f.form.setAttribute('aria-busy', 'true');
      try {
        const { data } = await api('POST', '/gezinnen', { body, signal: ctx.signal });
        ctx.navigate(`#/gezinnen/${encodeURIComponent(data.id)}`, `${data.naam || body.naam} is aangemeld.`);
      } catch (err) {
        if (err?.invalidParams?.length) {
          f.showErrors(err);
        } else {
          f.showGeneral(err);
        }
      } finally {
        f.submit.disabled = false;
        f.form.removeAttribute('aria-busy');
      }
    });
  })();
  return title;
}

// ---- edit ---------------------------------------------------------------------------

export function renderGezinBewerken(ctx) {
  const id = ctx.params.id;
  const path = `/gezinnen/${encodeURIComponent(id)}`;
  const title = heading('Gezin wijzigen');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading('De gegevens worden geladen…'));
  ctx.main.replaceChildren(title, status, errors, holder);
  document.title = 'Gezin wijzigen · Gezinnen · Koppel';

  let etag = null;
  let lijsten;
  let werkgebieden;
  let coordinatoren;

  async function load() {
    let gezin;
    try {
      let answer;
      [lijsten, werkgebieden, coordinatoren, answer] = await Promise.all([
        loadKeuzelijsten(),
        eigenWerkgebieden(ctx.user, ctx.signal),
        coordinatorChoices(ctx.user, ctx.signal),
        api('GET', path, { signal: ctx.signal }),
      ]);
      gezin = answer.data;
      etag = answer.etag;
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren(el('p', {}, el('a', { href: '/#/gezinnen', text: 'Terug naar de gezinnen' })));
      }
      return false;
    }
    if (ctx.signal.aborted) {
      return false;
    }
    title.textContent = `${gezin.naam} wijzigen`;
    document.title = `${gezin.naam} wijzigen · Gezinnen · Koppel`;
    holder.replaceChildren(build(gezin));
    return true;
  }

  function build(gezin) {
    const kant = kantVan(lijsten, gezin.rol) || 'vraag';
    const rollen = items(lijsten, 'rollen').map((r) => r.code);
    const f = gezinForm({ lijsten, werkgebieden, coordinatoren, kant, nieuw: false, rollen });
    f.load(gezin);
    f.cancelLink.href = `/#/gezinnen/${encodeURIComponent(gezin.id)}`;
    f.cancelLink.textContent = 'Terug naar het gezin';
    const baseline = f.collect() || {};

    f.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      f.clear();
      say(status, '');
      say(errors, '');
      const current = f.collect() || {};
      const problems = f.check(current, null, baseline);
      if (problems.length) {
        f.showLocalErrors(problems);
        return;
      }
      // Only what changed, as a JSON merge patch (RFC 7396): nested objects
      // member by member, null for what was cleared; what the form does not
      // show is never sent, so the server keeps it. The side that is not
      // shown is left alone.
      const hidden = f.kant() === 'vraag' ? 'aanbod' : 'vraag';
      const changes = mergePatch(baseline, current, [hidden]) || {};
      if (changes.rol && current[f.kant()]) {
        changes[f.kant()] = current[f.kant()];
      }
      if (!Object.keys(changes).length) {
        say(status, 'Er is niets gewijzigd.');
        return;
      }
      f.submit.disabled = true;
      f.form.setAttribute('aria-busy', 'true');
      try {
        await api('PATCH', path, { body: changes, etag, signal: ctx.signal });
        ctx.navigate(`#/gezinnen/${encodeURIComponent(gezin.id)}`, 'De wijzigingen zijn opgeslagen.');
      } catch (err) {
        f.submit.disabled = false;
        f.form.removeAttribute('aria-busy');
        if (err.status === 412) {
          if (await load()) {
            say(errors, 'Iemand anders heeft dit gezin intussen gewijzigd. Hieronder staan de nieuwste ' +
              'gegevens. Breng je wijziging opnieuw aan en sla op.');
            title.focus();
          }
          return;
        }
        if (err?.invalidParams?.length) {
          f.showErrors(err);
        } else {
          f.showGeneral(err);
        }
      }
    });
    return f.form;
  }

  load();
  return title;
}
