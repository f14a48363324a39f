// Koppel web front end: Beheer > Tarieven (#/beheer/tarieven), the tariff
// list (maatschappelijke prijslijst) of the effectencalculator and its
// settings. For the beheerder only (the server refuses the writes to
// anyone else).
//
// - The list: every tariff by its code, its versions in order of their
//   validity period (GET /api/v1/tarieven), each with amount, unit, payer,
//   source and a noted substitution.
// - A form to add a tariff or a new version of one (POST /tarieven) and,
//   after "Wijzigen" in a row, to change that version (PATCH with
//   If-Match); refusals at their fields.
// - The CSV import: the beheerder picks a file, its text is sent to POST
//   /tarief-imports; the file is read all or nothing, so on a refusal every
//   bad row is listed by its line and column and nothing is saved.
// - The effect settings (GET/PUT /api/v1/effect-instellingen): the band
//   within which programme and reference count as about the same, and the
//   programme cost per programme for its first and later years.

import { api } from '/js/api.js';
import {
  clearFieldErrors, el, field, heading, messageArea, say,
} from '/js/dom.js';
import {
  beheerNav, loading, showError, showFlash, showFormError, table,
} from '/js/page.js';

const EURO = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
export const EENHEDEN = [
  { value: 'uur', text: 'per uur' },
  { value: 'etmaal', text: 'per etmaal' },
  { value: 'dag', text: 'per dag' },
  { value: 'sessie', text: 'per sessie of consult' },
  { value: 'maand', text: 'per maand' },
  { value: 'gezin-per-jaar', text: 'per gezin per jaar' },
  { value: 'vast', text: 'vast bedrag voor een traject' },
];
export const BETALERS = [
  { value: 'gemeente-jeugdwet', text: 'Gemeente (Jeugdwet)' },
  { value: 'gemeente-wmo', text: 'Gemeente (Wmo)' },
  { value: 'gemeente-participatiewet', text: 'Gemeente (Participatiewet)' },
  { value: 'zorgverzekeraar-zvw', text: 'Zorgverzekeraar (Zvw)' },
  { value: 'rijk', text: 'Rijk' },
];
const VELDEN = ['code', 'omschrijving', 'bedrag', 'eenheid', 'bron', 'bronDatum', 'betaler', 'geldigVan', 'geldigTot',
  'vervanging'];

/** The text of `value` in a choice list, or the value itself. */
export function keuzeTekst(lijst, value) {
  return lijst.find((x) => x.value === value)?.text || value;
}

/** Cents as euros. */
function euro(cent) {
  return EURO.format(cent / 100);
}

/** Euros typed in Dutch ("3.150,00", "3150", "3150.5") as cents, or NaN. */
export function centen(tekst) {
  let t = String(tekst).trim().replace(/^€\s*/, '');
  if (t.includes(',')) {
    t = t.replace(/\./g, '').replace(',', '.');
  }
  if (!/^\d+(\.\d{1,2})?$/.test(t)) {
    return Number.NaN;
  }
  return Math.round(Number(t) * 100);
}

/** Cents as the Dutch text a field shows ("3150,00"). */
function euroVeld(cent) {
  return (cent / 100).toFixed(2).replace('.', ',');
}

/** The list of bad rows of a refused import: "Regel 5, bedrag: ..." per invalid param. */
export function regelFouten(err) {
  return (err?.invalidParams || []).map((p) => {
    const m = /^\/regels\/(\d+)\/(.+)$/.exec(String(p.name));
    return m ? `Regel ${m[1]}, kolom ${m[2]}: ${p.reason}` : p.reason;
  });
}

export function renderTarieven(ctx) {
  const title = heading('Tarieven');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const lijst = el('div', {}, loading('De tarieven worden geladen…'));
  const formHouder = el('div', {});
  const importHouder = el('div', {});
  const instHouder = el('div', {});
  let tarieven = [];
  let bewerk = null; // the version being changed, or {code...} for a new version of a code

  ctx.main.replaceChildren(title, beheerNav('tarieven'), status, errors,
    el('p', {
      class: 'veld__hint',
      text: 'De maatschappelijke prijslijst: een referentiescenario rekent met de versie van een tarief die geldt op '
        + 'de startdatum van het item.',
    }),
    el('section', { class: 'blok', 'aria-labelledby': 'tarieven-lijst' },
      el('h2', { id: 'tarieven-lijst', text: 'Tarieven en hun versies' }), lijst),
    formHouder, importHouder, instHouder);
  document.title = 'Tarieven · Beheer · Koppel';
  showFlash(status, ctx.takeFlash());

  async function laad() {
    try {
      const { data } = await api('GET', '/tarieven', { signal: ctx.signal });
      tarieven = data?.items || [];
      toonLijst();
      formHouder.replaceChildren(formulier());
    } catch (err) {
      lijst.replaceChildren();
      showError(errors, err);
    }
  }

  function toonLijst() {
    if (!tarieven.length) {
      lijst.replaceChildren(el('p', { class: 'zacht', text: 'Nog geen tarieven. Voeg er een toe of lees een CSV-bestand in.' }));
      return;
    }
    // the list comes ordered by code and validity: one row per version, the code only on its first
    lijst.replaceChildren(table('Tarieven, per code de versies op geldigheid', [
      'Code', 'Omschrijving', 'Bedrag', 'Eenheid', 'Betaler', 'Geldig', 'Bron', 'Vervanging', 'Acties',
    ], tarieven.map((t, i) => {
      const eerste = i === 0 || tarieven[i - 1].code !== t.code;
      const wijzig = el('button', {
        type: 'button', class: 'knop knop--klein knop--secundair', text: 'Wijzigen',
        'aria-label': `${t.code} geldig vanaf ${t.geldigVan} wijzigen`,
      });
      wijzig.addEventListener('click', () => open(t));
      const versie = el('button', {
        type: 'button', class: 'knop knop--klein knop--secundair', text: 'Nieuwe versie',
        'aria-label': `Nieuwe versie van ${t.code}`,
      });
      versie.addEventListener('click', () => open({ ...t, id: null, geldigVan: '', geldigTot: null }));
      return [
        eerste ? t.code : el('span', { class: 'zacht', text: `${t.code} (eerdere of latere versie)` }),
        t.omschrijving,
        euro(t.bedragCent),
        keuzeTekst(EENHEDEN, t.eenheid),
        keuzeTekst(BETALERS, t.betaler),
        `${t.geldigVan} t/m ${t.geldigTot || 'open'}`,
        `${t.bron} (${t.bronDatum})`,
        t.vervanging || '—',
        el('span', { class: 'knoppen knoppen--rij' }, wijzig, versie),
      ];
    })));
  }

  function open(t) {
    bewerk = t;
    formHouder.replaceChildren(formulier());
    formHouder.querySelector('h2')?.focus();
  }

  function formulier() {
    const oud = bewerk;
    const wijzigen = Boolean(oud?.id);
    const f = {
      code: field({ name: 'code', label: 'Code', hint: 'Kort en vast, bijvoorbeeld ambulant-gezin.', attrs: { maxlength: '40', autocomplete: 'off' } }),
      omschrijving: field({ name: 'omschrijving', label: 'Omschrijving', attrs: { maxlength: '200' } }),
      bedrag: field({ name: 'bedrag', label: 'Bedrag in euro', hint: 'Hoogstens twee decimalen, bijvoorbeeld 86,40.', attrs: { inputmode: 'decimal' } }),
      eenheid: field({ name: 'eenheid', label: 'Eenheid', type: 'select', options: EENHEDEN }),
      bron: field({ name: 'bron', label: 'Bron', attrs: { maxlength: '200' } }),
      bronDatum: field({ name: 'bronDatum', label: 'Datum van de bron', type: 'date' }),
      betaler: field({ name: 'betaler', label: 'Betaler', type: 'select', options: BETALERS }),
      geldigVan: field({ name: 'geldigVan', label: 'Geldig vanaf', type: 'date' }),
      geldigTot: field({ name: 'geldigTot', label: 'Geldig tot en met (leeg: open)', type: 'date' }),
      vervanging: field({ name: 'vervanging', label: 'Vervanging (optioneel)', hint: 'Bijvoorbeeld: tarief onduidelijk, tarief maatschappelijk werker aangehouden.', attrs: { maxlength: '300' } }),
    };
    if (oud) {
      for (const k of VELDEN) {
        f[k].input.value = k === 'bedrag' ? (oud.bedrag ?? '') : (oud[k] ?? '');
      }
    }
    if (wijzigen) {
      f.code.input.readOnly = true;
    }
    const kop = wijzigen ? `Versie van ${oud.code} wijzigen` : oud ? `Nieuwe versie van ${oud.code}` : 'Tarief toevoegen';
    const annuleer = oud ? el('button', { type: 'button', class: 'knop knop--secundair', text: 'Annuleren' }) : null;
    annuleer?.addEventListener('click', () => open(null));
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': kop },
      VELDEN.map((k) => f[k].wrapper),
      el('div', { class: 'knoppen' }, el('button', { type: 'submit', class: 'knop', text: wijzigen ? 'Wijziging opslaan' : 'Tarief opslaan' }), annuleer));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      say(errors, '');
      const body = {};
      for (const k of VELDEN) {
        const v = f[k].input.value.trim();
        if (v !== '') {
          body[k] = v;
        } else if (wijzigen && (k === 'geldigTot' || k === 'vervanging')) {
          body[k] = null;
        }
      }
      try {
        if (wijzigen) {
          delete body.code;
          await api('PATCH', `/tarieven/${encodeURIComponent(oud.id)}`, { body, etag: `"${oud.versie}"`, signal: ctx.signal });
        } else {
          await api('POST', '/tarieven', { body, signal: ctx.signal });
        }
        bewerk = null;
        await laad();
        say(status, wijzigen ? `De versie van ${oud.code} is gewijzigd.` : `Tarief ${body.code} is opgeslagen.`);
      } catch (err) {
        showFormError(form, errors, err);
      }
    });
    const section = el('section', { class: 'blok', 'aria-labelledby': 'tarief-form' },
      el('h2', { id: 'tarief-form', tabIndex: -1, text: kop }), form);
    return section;
  }

  function importeren() {
    const bestand = field({
      name: 'csv', label: 'CSV-bestand', type: 'file',
      hint: 'Puntkomma-gescheiden zoals Excel het opslaat, met een kopregel: code;omschrijving;bedrag;eenheid;bron;bronDatum;betaler;geldigVan;geldigTot;vervanging. '
        + 'Alles of niets: bij een fout wordt niets opgeslagen.',
      attrs: { accept: '.csv,text/csv' },
    });
    const regels = el('ul', { class: 'import-fouten', 'aria-label': 'Regels met een fout', hidden: true });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': 'CSV inlezen' },
      bestand.wrapper, regels,
      el('div', { class: 'knoppen' }, el('button', { type: 'submit', class: 'knop', text: 'Inlezen' })));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      say(errors, '');
      regels.hidden = true;
      regels.replaceChildren();
      const file = bestand.input.files?.[0];
      if (!file) {
        showFormError(form, errors, { status: 400, invalidParams: [{ name: '/csv', reason: 'Kies een bestand.' }] });
        return;
      }
      try {
        const { data } = await api('POST', '/tarief-imports', { body: { csv: await file.text() }, signal: ctx.signal });
        bestand.input.value = '';
        await laad();
        say(status, `${data.ingelezen} ${data.ingelezen === 1 ? 'tarief is' : 'tarieven zijn'} ingelezen uit ${file.name}.`);
      } catch (err) {
        const lijstFouten = regelFouten(err);
        if (lijstFouten.length) {
          regels.replaceChildren(...lijstFouten.map((t) => el('li', { text: t })));
          regels.hidden = false;
          say(errors, `${err.detail || 'Het bestand is niet ingelezen.'} (${lijstFouten.length} ${lijstFouten.length === 1 ? 'fout' : 'fouten'})`);
        } else {
          showError(errors, err);
        }
      }
    });
    importHouder.replaceChildren(el('section', { class: 'blok', 'aria-labelledby': 'tarief-import' },
      el('h2', { id: 'tarief-import', text: 'CSV inlezen' }), form));
  }

  async function instellingen() {
    let inst;
    let programmas;
    try {
      const [i, p] = await Promise.all([
        api('GET', '/effect-instellingen', { signal: ctx.signal }),
        api('GET', '/programmas', { signal: ctx.signal }),
      ]);
      inst = i.data;
      programmas = p.data?.programmas || [];
    } catch (err) {
      showError(errors, err);
      return;
    }
    const band = field({ name: 'bandCent', label: 'Band "ongeveer gelijk" in euro', hint: 'Binnen dit verschil tussen referentie en programmakosten telt een gezin als ongeveer gelijk.', attrs: { inputmode: 'decimal' } });
    band.input.value = euroVeld(inst.bandCent);
    const rijen = programmas.map((p, i) => {
      const k = (inst.programmakosten || []).find((x) => x.programma === p.id);
      const jaar1 = field({ name: `jaar1-${i}`, label: `${p.naam}: kosten eerste jaar in euro (leeg: geen kosten bekend)`, attrs: { inputmode: 'decimal' } });
      const later = field({ name: `later-${i}`, label: `${p.naam}: kosten elk later jaar in euro`, attrs: { inputmode: 'decimal' } });
      const perGezin = field({ name: `perGezin-${i}`, label: `${p.naam}: kosten tellen`, type: 'select', options: [
        { value: 'steungezin', text: 'per steungezin (elke koppeling)' }, { value: 'gezin', text: 'per vraaggezin (één keer)' }] });
      if (k) {
        jaar1.input.value = euroVeld(k.jaar1Cent);
        later.input.value = euroVeld(k.laterCent);
        perGezin.input.value = k.perGezin ? 'gezin' : 'steungezin';
      }
      return { p, i, jaar1, later, perGezin };
    });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': 'Effectinstellingen' },
      band.wrapper,
      rijen.map((r) => el('fieldset', { class: 'veld veld--groep' }, el('legend', { class: 'veld__label', text: r.p.naam }),
        r.jaar1.wrapper, r.later.wrapper, r.perGezin.wrapper)),
      el('div', { class: 'knoppen' }, el('button', { type: 'submit', class: 'knop', text: 'Instellingen opslaan' })));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFieldErrors(form);
      say(errors, '');
      const fout = [];
      const bandCent = centen(band.input.value);
      if (Number.isNaN(bandCent)) {
        fout.push({ name: '/bandCent', reason: 'Geef een bedrag in euro met hoogstens twee decimalen.' });
      }
      const programmakosten = [];
      for (const r of rijen) {
        if (r.jaar1.input.value.trim() === '' && r.later.input.value.trim() === '') {
          continue;
        }
        const j1 = centen(r.jaar1.input.value);
        const la = centen(r.later.input.value);
        if (Number.isNaN(j1)) {
          fout.push({ name: `/jaar1-${r.i}`, reason: 'Geef een bedrag in euro met hoogstens twee decimalen.' });
        }
        if (Number.isNaN(la)) {
          fout.push({ name: `/later-${r.i}`, reason: 'Geef een bedrag in euro met hoogstens twee decimalen.' });
        }
        programmakosten.push({ programma: r.p.id, jaar1Cent: j1, laterCent: la, perGezin: r.perGezin.input.value === 'gezin', rij: r.i });
      }
      if (fout.length) {
        showFormError(form, errors, { status: 400, invalidParams: fout });
        return;
      }
      try {
        await api('PUT', '/effect-instellingen', {
          body: { bandCent, programmakosten: programmakosten.map(({ rij, ...x }) => x) }, signal: ctx.signal,
        });
        say(status, 'De effectinstellingen zijn opgeslagen.');
      } catch (err) {
        // /programmakosten/<k>/<veld> names the k-th programme sent
        if (err?.invalidParams) {
          err.invalidParams = err.invalidParams.map((p) => {
            const m = /^\/programmakosten\/(\d+)\/(\w+)$/.exec(String(p.name));
            const rij = m ? programmakosten[Number(m[1])]?.rij : undefined;
            if (rij === undefined) {
              return p;
            }
            return { ...p, name: m[2] === 'laterCent' ? `/later-${rij}` : m[2] === 'perGezin' ? `/perGezin-${rij}` : `/jaar1-${rij}` };
          });
        }
        showFormError(form, errors, err);
      }
    });
    instHouder.replaceChildren(el('section', { class: 'blok', 'aria-labelledby': 'effect-inst' },
      el('h2', { id: 'effect-inst', text: 'Effectinstellingen' }),
      el('p', { class: 'veld__hint', text: 'Programmakosten gelden vanaf de koppelingsdatum: het eerste jaar het eerste bedrag, elk volgend jaar dat begint het tweede.' }),
      form));
  }

  laad();
  importeren();
  instellingen();
  return title;
}
