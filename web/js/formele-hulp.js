// Koppel web front end: the formal help a gezin already receives, a section
// on the gezin page (mounted by gezin-pagina.js with formeleHulpSectie).
//
// Reads GET /api/v1/gezinnen/{id}/formele-hulp: a list of items, each with
// its kind and kader (named from the keuzelijsten formeleHulpSoorten and
// formeleHulpKaders), omvang, contact, van–tot, and its earlier versions
// (geschiedenis). Never a diagnosis. One form adds an item (POST) or, after
// "Wijzigen" at an item, changes it (PATCH with If-Match: only the fields
// that changed are sent); "Beëindigen" at a running item sets its end date
// (tot). An item is never deleted. The server's refusals are shown at the
// field they name.

import { api } from '/js/api.js';
import { clearFieldErrors, el, field, messageArea, say, setFieldError, uniqueId } from '/js/dom.js';
import { timeElement } from '/js/format.js';
import { datumElement, naamVan, options, vandaag } from '/js/keuzelijsten.js';
import { showError, showFormError, table } from '/js/page.js';

// The members of an item the form edits, in the order the form shows them.
const VELDEN = ['soort', 'kader', 'omvang', 'contact', 'toelichting', 'van', 'tot'];
const VERPLICHT = new Set(['soort', 'kader', 'van']);

/** "van 3 maart 2026 tot en met 1 juni 2026", or "sinds …" while it runs. */
export function periode(item) {
  if (!item.van) {
    return '—';
  }
  return item.tot
    ? el('span', {}, datumElement(item.van), ' – ', datumElement(item.tot))
    : el('span', {}, 'sinds ', datumElement(item.van));
}

/** "Wijkteam / sociaal wijkteam (vrijwillig)": kind and kader in words. */
export function hulpNaam(lijsten, item) {
  const kader = naamVan(lijsten, 'formeleHulpKaders', item.kader);
  return `${naamVan(lijsten, 'formeleHulpSoorten', item.soort)}${kader ? ` (${kader.toLowerCase()})` : ''}`;
}

/**
 * The earlier versions of an item as a table (what it was, until when), or
 * null when it was never changed.
 */
export function geschiedenisTabel(lijsten, item) {
  const rows = (item.geschiedenis || []).map((h) => [
    `Versie ${h.versie}`,
    hulpNaam(lijsten, h),
    h.omvang || '—',
    h.contact || '—',
    periode(h),
    el('span', {}, timeElement(h.gewijzigdOp, '—'), h.door ? ` · ${h.door}` : ''),
  ]);
  if (!rows.length) {
    return null;
  }
  return table(`Eerdere versies van ${hulpNaam(lijsten, item)}`,
    ['Versie', 'Hulp', 'Omvang', 'Contact', 'Periode', 'Vastgelegd'], rows, { hideCaption: true });
}

/**
 * The section "Formele hulp" for gezin `gezin` with the vocabularies
 * `lijsten`. Returns {section}; it loads its list itself.
 */
export function formeleHulpSectie(ctx, gezin, lijsten) {
  const pad = `/gezinnen/${encodeURIComponent(gezin.id)}/formele-hulp`;
  const titel = el('h2', { id: uniqueId('formele-hulp'), tabIndex: -1, text: 'Formele hulp' });
  const status = messageArea('status');
  const fouten = messageArea('fout');
  const lijst = el('div', { class: 'formele-hulp__lijst' });
  const formHouder = el('div', {});
  const section = el('section', { class: 'blok blok--formele-hulp', 'aria-labelledby': titel.id },
    titel,
    el('p', {
      class: 'veld__hint',
      text: 'Welke hulp het gezin al krijgt, vrijwillig of in een gedwongen kader. Geen diagnoses. ' +
        'Niets wordt verwijderd: een wijziging bewaart de eerdere versie, een beëindigde hulp blijft in de lijst.',
    }),
    status, fouten, lijst, formHouder);
  let items = [];
  let bewerk = null; // the item being changed, or null when adding

  async function laad() {
    try {
      const { data } = await api('GET', pad, { signal: ctx.signal });
      items = data?.formeleHulp || [];
      toonLijst();
      toonFormulier();
    } catch (err) {
      showError(fouten, err);
    }
  }

  function toonLijst() {
    if (!items.length) {
      lijst.replaceChildren(el('p', { class: 'zacht', text: 'Er is geen formele hulp vastgelegd.' }));
      return;
    }
    lijst.replaceChildren(el('ul', { class: 'formele-hulp' }, items.map((item) => itemElement(item))));
  }

  function itemElement(item) {
    const naam = hulpNaam(lijsten, item);
    const kopId = uniqueId('hulp');
    const wijzig = el('button', { type: 'button', class: 'knop knop--klein knop--secundair' },
      'Wijzigen', el('span', { class: 'visueel-verborgen', text: `: ${naam}` }));
    wijzig.addEventListener('click', () => {
      bewerk = item;
      toonFormulier();
      formHouder.querySelector('select, input')?.focus();
    });
    const knoppen = el('p', { class: 'knoppen' }, wijzig);
    const eind = item.lopend && !item.tot ? eindFormulier(item, naam) : null;
    const hist = geschiedenisTabel(lijsten, item);
    return el('li', { class: `formele-hulp__item${item.lopend ? '' : ' formele-hulp__item--voorbij'}`, 'aria-labelledby': kopId },
      el('h3', { id: kopId, text: naam }),
      el('dl', { class: 'gegevens' },
        el('dt', { text: 'Omvang' }), el('dd', { text: item.omvang || '—' }),
        el('dt', { text: 'Contact' }), el('dd', { text: item.contact || '—' }),
        el('dt', { text: 'Periode' }), el('dd', {}, periode(item)),
        el('dt', { text: 'Toelichting' }),
        el('dd', {}, item.toelichting ? el('span', { class: 'vrije-tekst', text: item.toelichting }) : '—'),
        el('dt', { text: 'Nu' }), el('dd', { text: item.lopend ? 'Loopt' : 'Beëindigd' })),
      knoppen,
      eind,
      hist
        ? el('details', { class: 'formele-hulp__geschiedenis' },
          el('summary', { text: `Geschiedenis (${item.geschiedenis.length} eerdere ${item.geschiedenis.length === 1 ? 'versie' : 'versies'})` }),
          hist)
        : el('p', { class: 'zacht', text: 'Nog niet gewijzigd.' }));
  }

  // A small form at a running item: its end date, sent as tot.
  function eindFormulier(item, naam) {
    const tot = field({ name: 'tot', label: 'Einddatum', type: 'date', attrs: { class: 'invoer--datum' } });
    tot.input.value = vandaag();
    const knop = el('button', { type: 'submit', class: 'knop knop--klein knop--secundair' },
      'Beëindigen', el('span', { class: 'visueel-verborgen', text: `: ${naam}` }));
    const formFouten = messageArea('fout');
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': `${naam} beëindigen` },
      formFouten, el('div', { class: 'velden-rij' }, tot.wrapper), el('div', { class: 'knoppen' }, knop));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formFouten, '');
      if (!tot.input.value) {
        setFieldError(tot.wrapper, 'Vul in tot wanneer deze hulp er was.');
        tot.input.focus();
        return;
      }
      knop.disabled = true;
      await bewaar(item, { tot: tot.input.value }, form, formFouten, `${naam} is beëindigd.`);
      knop.disabled = false;
    });
    return form;
  }

  /**
   * Sends a change of item (PATCH with its version as If-Match) or a new
   * item (item null: POST). Shows a refusal at its field in form; a
   * conflict reloads the list. Resolves to true when saved.
   */
  async function bewaar(item, body, form, formFouten, melding) {
    say(status, '');
    say(fouten, '');
    try {
      if (item) {
        await api('PATCH', `${pad}/${encodeURIComponent(item.id)}`, { body, etag: `"${item.versie}"`, signal: ctx.signal });
      } else {
        await api('POST', pad, { body, signal: ctx.signal });
      }
    } catch (err) {
      if (err.status === 412) {
        bewerk = null;
        await laad();
        say(fouten, 'Iemand anders heeft deze formele hulp intussen gewijzigd. Hieronder staat de nieuwste versie; probeer het opnieuw.');
        titel.focus();
        return false;
      }
      showFormError(form, formFouten, err);
      return false;
    }
    bewerk = null;
    await laad();
    say(status, melding);
    titel.focus();
    return true;
  }

  // The form that adds an item, or changes `bewerk`.
  function toonFormulier() {
    const item = bewerk;
    const velden = {
      soort: field({ name: 'soort', label: 'Welke hulp', type: 'select',
        options: [{ value: '', text: 'Kies…' }, ...options(lijsten, 'formeleHulpSoorten')] }),
      kader: field({ name: 'kader', label: 'Kader', type: 'select',
        options: [{ value: '', text: 'Kies…' }, ...options(lijsten, 'formeleHulpKaders')] }),
      omvang: field({ name: 'omvang', label: 'Omvang', hint: 'Bijvoorbeeld: 2 uur per week.', attrs: { maxlength: '100', autocomplete: 'off' } }),
      contact: field({ name: 'contact', label: 'Organisatie of contactpersoon', attrs: { maxlength: '200', autocomplete: 'off' } }),
      van: field({ name: 'van', label: 'Vanaf', type: 'date', attrs: { class: 'invoer--datum' } }),
      tot: field({ name: 'tot', label: 'Tot en met (leeg zolang de hulp loopt)', type: 'date', attrs: { class: 'invoer--datum' } }),
    };
    const toelId = uniqueId('veld-toelichting');
    const toelichting = el('textarea', { id: toelId, name: 'toelichting', rows: '3', maxlength: '2000' });
    const toelVeld = el('div', { class: 'veld', dataset: { veld: 'toelichting' } },
      el('label', { for: toelId, class: 'veld__label', text: 'Toelichting' }),
      el('p', { id: `${toelId}-hint`, class: 'veld__hint', text: 'Waarvoor, in een paar woorden. Geen diagnoses.' }),
      el('p', { id: `${toelId}-fout`, class: 'veld__fout', hidden: true }),
      toelichting);
    toelichting.setAttribute('aria-describedby', `${toelId}-hint`);
    const inputs = { ...Object.fromEntries(Object.entries(velden).map(([k, f]) => [k, f.input])), toelichting };
    if (item) {
      for (const k of VELDEN) {
        inputs[k].value = item[k] ?? '';
      }
    } else {
      inputs.van.value = vandaag();
    }
    const submit = el('button', { type: 'submit', class: 'knop', text: item ? 'Wijziging opslaan' : 'Formele hulp toevoegen' });
    const annuleer = item ? el('button', { type: 'button', class: 'knop knop--secundair', text: 'Annuleren' }) : null;
    annuleer?.addEventListener('click', () => {
      bewerk = null;
      toonFormulier();
    });
    const formFouten = messageArea('fout');
    const kop = el('h3', { id: uniqueId('hulp-form'), text: item ? `${hulpNaam(lijsten, item)} wijzigen` : 'Formele hulp toevoegen' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': kop.id },
      formFouten,
      el('div', { class: 'velden-rij' }, velden.soort.wrapper, velden.kader.wrapper),
      el('div', { class: 'velden-rij' }, velden.omvang.wrapper, velden.contact.wrapper),
      toelVeld,
      el('div', { class: 'velden-rij' }, velden.van.wrapper, velden.tot.wrapper),
      el('div', { class: 'knoppen' }, submit, annuleer));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formFouten, '');
      const waarde = (k) => inputs[k].value.trim();
      let eerste = null;
      for (const k of VERPLICHT) {
        if (!waarde(k)) {
          const wrapper = form.querySelector(`[data-veld="${k}"]`);
          setFieldError(wrapper, k === 'van' ? 'Vul in vanaf wanneer deze hulp er is.' : 'Kies er een.');
          eerste ??= inputs[k];
        }
      }
      if (eerste) {
        eerste.focus();
        return;
      }
      const body = {};
      for (const k of VELDEN) {
        const v = waarde(k) || null;
        if (!item) {
          if (v !== null) {
            body[k] = v;
          }
        } else if (v !== (item[k] ?? null)) {
          body[k] = v;
        }
      }
      if (item && !Object.keys(body).length) {
        say(formFouten, 'Er is niets gewijzigd.');
        return;
      }
      submit.disabled = true;
      const naam = hulpNaam(lijsten, { soort: waarde('soort'), kader: waarde('kader') });
      await bewaar(item, body, form, formFouten, item ? `${naam} is gewijzigd.` : `${naam} is toegevoegd.`);
      submit.disabled = false;
    });
    formHouder.replaceChildren(kop, form);
  }

  laad();
  return { section };
}
