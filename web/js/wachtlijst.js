// Koppel web front end: a vraaggezin on the wachtlijst.
//
// The section "Wachtlijst" on the gezin page of a waiting vraaggezin
// (mounted by gezin-pagina.js with wachtlijstSectie): its urgency (the
// fixed list wachtUrgenties, most urgent first), the contact person while
// it waits (one of the users the server offers: the coordinators of its
// werkgebied and the beheerders) and the log of the moments the family was
// told about its wait ("Geïnformeerd": date, how, a short note; newest
// first) with a form to add one. Reads GET /api/v1/gezinnen/{id}/wachten,
// saves with PUT (If-Match once something was saved) and POST .../berichten.
// The server's flag (no contact person, or not told for more than 30
// days) is shown at the top. The server's refusals are shown at the field
// they name.
//
// Also the wachtlijst columns of the Overzicht (overzicht.js): urgency,
// contact person, last told and the flag, as the server sorts them; and
// the part of the family's inzage (inzage.js) about its wait.

import { api } from '/js/api.js';
import { clearFieldErrors, el, field, messageArea, say, setFieldError, uniqueId } from '/js/dom.js';
import { datumElement, naamVan, options, vandaag } from '/js/keuzelijsten.js';
import { showError, showFormError, table } from '/js/page.js';

/** The words for a flag code of the server, or null. */
export function signaalTekst(signaal) {
  if (signaal === 'geen-contactpersoon') {
    return 'Geen contactpersoon';
  }
  if (signaal === 'niet-geinformeerd') {
    return 'Langer dan 30 dagen niet geïnformeerd';
  }
  return null;
}

/** The column headers the Overzicht adds to its wachtlijst table. */
export const WACHTLIJST_KOLOMMEN = ['Urgentie', 'Contactpersoon', 'Laatst geïnformeerd', 'Aandacht'];

/** The cells for WACHTLIJST_KOLOMMEN of one row of the caseload's wachtlijst. */
export function wachtlijstCellen(rij, lijsten) {
  const signaal = signaalTekst(rij.signaal);
  return [
    rij.urgentie ? naamVan(lijsten, 'wachtUrgenties', rij.urgentie) : '—',
    rij.contactpersoon || '—',
    datumElement(rij.laatstGeinformeerdOp, 'nooit'),
    signaal ? el('span', { class: 'label label--let-op wacht-signaal', text: signaal }) : '—',
  ];
}

/**
 * The section "Wachtlijst" for vraaggezin `gezin` with the vocabularies
 * `lijsten`. Returns {section}; it loads its data itself.
 */
export function wachtlijstSectie(ctx, gezin, lijsten) {
  const pad = `/gezinnen/${encodeURIComponent(gezin.id)}/wachten`;
  const titel = el('h2', { id: uniqueId('wachtlijst'), tabIndex: -1, text: 'Wachtlijst' });
  const status = messageArea('status');
  const fouten = messageArea('fout');
  const samenvatting = el('div', {});
  const instellen = el('div', {});
  const log = el('div', {});
  const section = el('section', { class: 'blok blok--wachtlijst', 'aria-labelledby': titel.id, dataset: { sectie: 'wachtlijst' } },
    titel,
    el('p', {
      class: 'veld__hint',
      text: 'Hoe dringend dit gezin hulp nodig heeft, wie het aanspreekpunt is zolang het wacht en wanneer het gezin ' +
        'over het wachten is geïnformeerd. De wachtlijst op het Overzicht staat op urgentie, dan op wachttijd.',
    }),
    status, fouten, samenvatting, instellen, log);
  let data = null;

  async function laad() {
    try {
      ({ data } = await api('GET', pad, { signal: ctx.signal }));
      toon();
    } catch (err) {
      showError(fouten, err);
    }
  }

  function toon() {
    const signaal = signaalTekst(data.signaal);
    samenvatting.replaceChildren(...[
      el('dl', { class: 'gegevens' },
        el('dt', { text: 'Urgentie' }), el('dd', { text: data.urgentieNaam || data.urgentie }),
        el('dt', { text: 'Contactpersoon' }), el('dd', { text: data.contactpersoon?.naam || 'Niemand' }),
        el('dt', { text: 'Laatst geïnformeerd' }), el('dd', {}, datumElement(data.laatstGeinformeerdOp, 'Nog nooit')),
        el('dt', { text: 'Wacht' }), el('dd', { text: Number.isInteger(data.wachtdagen) ? `${data.wachtdagen} dagen` : '—' })),
      signaal ? el('p', { class: 'melding melding--let-op wacht-signaal', text: `Let op: ${signaal.toLowerCase()}.` }) : null,
    ].filter(Boolean));
    toonInstellen();
    toonLog();
  }

  // The form for urgency and contact person.
  function toonInstellen() {
    const urgentie = field({ name: 'urgentie', label: 'Urgentie', type: 'select', options: options(lijsten, 'wachtUrgenties') });
    const contact = field({
      name: 'contactpersoon', label: 'Contactpersoon tijdens het wachten', type: 'select',
      hint: 'Een coördinator van het werkgebied van dit gezin, of een beheerder.',
      options: [{ value: '', text: 'Niemand' }, ...(data.contactpersonen || []).map((u) => ({ value: String(u.id), text: u.naam }))],
    });
    urgentie.input.value = data.urgentie || 'normaal';
    contact.input.value = data.contactpersoon ? String(data.contactpersoon.id) : '';
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Urgentie en contactpersoon opslaan' });
    const formFouten = messageArea('fout');
    const kop = el('h3', { id: uniqueId('wacht-instellen'), text: 'Urgentie en contactpersoon' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': kop.id },
      formFouten, el('div', { class: 'velden-rij' }, urgentie.wrapper, contact.wrapper), el('div', { class: 'knoppen' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formFouten, '');
      say(status, '');
      say(fouten, '');
      const body = {
        urgentie: urgentie.input.value,
        contactpersoon: contact.input.value ? Number(contact.input.value) : null,
      };
      submit.disabled = true;
      try {
        ({ data } = await api('PUT', pad, { body, etag: data.versie > 0 ? `"${data.versie}"` : undefined, signal: ctx.signal }));
      } catch (err) {
        submit.disabled = false;
        if (err.status === 412) {
          await laad();
          say(fouten, 'Iemand anders heeft dit intussen gewijzigd. Hieronder staat de nieuwste stand; probeer het opnieuw.');
          titel.focus();
          return;
        }
        showFormError(form, formFouten, err);
        return;
      }
      toon();
      say(status, 'Urgentie en contactpersoon zijn opgeslagen.');
      titel.focus();
    });
    instellen.replaceChildren(kop, form);
  }

  // The "Geïnformeerd" log with its form.
  function toonLog() {
    const berichten = data.berichten || [];
    const kop = el('h3', { id: uniqueId('wacht-log'), text: 'Geïnformeerd over het wachten' });
    const lijst = berichten.length
      ? table('Geïnformeerd over het wachten', ['Datum', 'Hoe', 'Notitie', 'Door'], berichten.map((b) => [
        datumElement(b.op, '—'), naamVan(lijsten, 'wachtBerichtWijzen', b.wijze), b.notitie || '—', b.door || '—',
      ]), { hideCaption: true })
      : el('p', { class: 'zacht', text: 'Het gezin is nog niet over het wachten geïnformeerd.' });
    const op = field({ name: 'op', label: 'Datum', type: 'date', attrs: { class: 'invoer--datum', max: vandaag() } });
    op.input.value = vandaag();
    const wijze = field({ name: 'wijze', label: 'Hoe', type: 'select', options: options(lijsten, 'wachtBerichtWijzen') });
    const notitie = field({ name: 'notitie', label: 'Notitie', hint: 'Kort: wat is verteld.', attrs: { maxlength: '500', autocomplete: 'off' } });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Geïnformeerd vastleggen' });
    const formFouten = messageArea('fout');
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': 'Geïnformeerd vastleggen' },
      formFouten, el('div', { class: 'velden-rij' }, op.wrapper, wijze.wrapper), notitie.wrapper,
      el('div', { class: 'knoppen' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formFouten, '');
      say(status, '');
      say(fouten, '');
      if (!op.input.value) {
        setFieldError(op.wrapper, 'Vul in wanneer het gezin is geïnformeerd.');
        op.input.focus();
        return;
      }
      const body = { op: op.input.value, wijze: wijze.input.value };
      if (notitie.input.value.trim()) {
        body.notitie = notitie.input.value.trim();
      }
      submit.disabled = true;
      try {
        ({ data } = await api('POST', `${pad}/berichten`, { body, signal: ctx.signal }));
      } catch (err) {
        submit.disabled = false;
        showFormError(form, formFouten, err);
        return;
      }
      toon();
      say(status, 'Vastgelegd dat het gezin is geïnformeerd.');
      titel.focus();
    });
    log.replaceChildren(kop, lijst, form);
  }

  laad();
  return { section };
}

/**
 * The family's wait in its inzage (the `wachtlijst` member of GET
 * .../inzage): urgency, contact person and when it was told about the wait.
 */
export function wachtlijstInzage(lijsten, w) {
  if (!w) {
    return el('p', { class: 'zacht', text: 'Er is niets over het wachten vastgelegd.' });
  }
  const berichten = w.berichten || [];
  return [
    el('dl', { class: 'gegevens' },
      el('dt', { text: 'Hoe dringend' }), el('dd', { text: w.urgentieNaam || w.urgentie || '—' }),
      el('dt', { text: 'Jullie contactpersoon' }), el('dd', { text: w.contactpersoon?.naam || 'Niemand' }),
      el('dt', { text: 'Laatst geïnformeerd' }), el('dd', {}, datumElement(w.laatstGeinformeerdOp, 'Nog nooit'))),
    berichten.length
      ? table('Wanneer jullie over het wachten zijn geïnformeerd', ['Datum', 'Hoe', 'Notitie'], berichten.map((b) => [
        datumElement(b.op, '—'), naamVan(lijsten, 'wachtBerichtWijzen', b.wijze), b.notitie || '—',
      ]))
      : el('p', { class: 'zacht', text: 'Jullie zijn nog niet over het wachten geïnformeerd.' }),
  ];
}
