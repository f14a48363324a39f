// Koppel web front end: Beheer > Bewaartermijn (#/beheer/bewaartermijn,
// only for a beheerder).
//
// Lists the gezinnen past the retention period (GET
// /api/v1/anonimisering/kandidaten): afgerond or gestopt, no open
// koppeling, closed longer than bewaartermijn_maanden ago. Each has a
// button "Anonimiseren" that opens a form under the list asking for the
// reason; sending it asks once more in a modal dialog, because the step
// cannot be undone. Then the gezin is read anew for its ETag and POST
// /gezinnen/{id}/anonimisering is sent with If-Match. The result, or the
// server's refusal (a field error at the reason, 409 while a koppeling
// runs, 412 when the gezin changed meanwhile), is shown on the page.

import { api } from '/js/api.js';
import {
  clearFieldErrors, confirmDialog, el, heading, messageArea, say, setFieldError, uniqueId,
} from '/js/dom.js';
import { datumElement, loadKeuzelijsten, naamVan, statusNaam } from '/js/keuzelijsten.js';
import {
  beheerNav, loading, showError, showFlash, showFormError, table,
} from '/js/page.js';
import { tekstVeld } from '/js/velden.js';

/** Renders the Bewaartermijn screen. Returns its heading. */
export function renderBewaartermijn(ctx) {
  const title = heading('Bewaartermijn');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const uitleg = el('p', { text: 'De gezinnen hieronder zijn afgerond of gestopt en hebben geen lopende koppeling.' });
  const holder = el('div', {}, loading('De gezinnen over de bewaartermijn worden geladen…'));
  const paneel = el('div', {});
  ctx.main.replaceChildren(title, beheerNav('bewaartermijn'), status, errors, uitleg, holder, paneel);
  document.title = 'Bewaartermijn · Beheer · Koppel';
  showFlash(status, ctx.takeFlash());

  let lijsten = {};

  async function load() {
    try {
      const [l, { data }] = await Promise.all([
        loadKeuzelijsten(),
        api('GET', '/anonimisering/kandidaten', { signal: ctx.signal }),
      ]);
      lijsten = l || {};
      const maanden = data?.bewaartermijnMaanden;
      uitleg.textContent = 'De gezinnen hieronder zijn afgerond of gestopt, hebben geen lopende koppeling en zijn ' +
        `langer dan ${maanden} ${maanden === 1 ? 'maand' : 'maanden'} geleden afgesloten. Na anonimiseren zijn ` +
        'namen, contactgegevens, het adres (behalve de cijfers van de postcode), geboortedata (behalve het jaar) en ' +
        'alle vrije tekst weg. Wat de rapportages nodig hebben blijft, zonder dat het nog naar iemand leidt.';
      const kandidaten = data?.kandidaten || [];
      if (!kandidaten.length) {
        holder.replaceChildren(el('p', { class: 'zacht', text: 'Er zijn geen gezinnen over de bewaartermijn.' }));
        return;
      }
      holder.replaceChildren(table('Gezinnen over de bewaartermijn',
        ['Gezin', 'Rol', 'Status', 'Werkgebied', 'Koppelingen', 'Afgesloten sinds', 'Actie'],
        kandidaten.map((k) => {
          const knop = el('button', { type: 'button', class: 'knop knop--klein knop--gevaar' },
            'Anonimiseren', el('span', { class: 'visueel-verborgen', text: `: ${k.naam}` }));
          knop.addEventListener('click', () => openForm(k, knop));
          return [
            el('a', { href: `/#/gezinnen/${encodeURIComponent(k.id)}`, text: k.naam }),
            naamVan(lijsten, 'rollen', k.rol),
            statusNaam(lijsten, k.rol, k.status),
            k.werkgebied,
            String(k.koppelingen),
            datumElement(k.sinds, '—'),
            knop,
          ];
        })));
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
    }
  }

  // The form for one gezin: the reason, then a confirmation in a dialog.
  function openForm(kandidaat, knop) {
    say(status, '');
    say(errors, '');
    const formTitle = el('h2', { id: uniqueId('anonimiseren'), tabIndex: -1, text: `${kandidaat.naam} anonimiseren` });
    const formErrors = messageArea('fout');
    const reden = tekstVeld({
      name: 'reden',
      label: 'Reden',
      hint: 'Waarom dit gezin nu wordt geanonimiseerd, bijvoorbeeld "bewaartermijn verstreken". ' +
        'De reden komt in het auditlogboek: noem geen namen.',
      maxlength: 500,
    });
    const submit = el('button', { type: 'submit', class: 'knop knop--gevaar', text: 'Anonimiseren' });
    const annuleren = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Annuleren' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': formTitle.id },
      formErrors,
      el('p', { text: 'Dit kan niet ongedaan worden gemaakt. Het gezin blijft meetellen in de rapportages, ' +
        'maar heet daarna "Geanonimiseerd gezin" en kan niet meer worden gewijzigd.' }),
      reden.wrapper,
      el('div', { class: 'knoppen' }, submit, annuleren));
    const sluiten = () => {
      paneel.replaceChildren();
      if (knop.isConnected) {
        knop.focus();
      }
    };
    annuleren.addEventListener('click', sluiten);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      const tekst = reden.input.value.trim();
      if (!tekst) {
        setFieldError(reden.wrapper, 'Vul een reden in.');
        reden.input.focus();
        return;
      }
      const ok = await confirmDialog({
        title: `${kandidaat.naam} definitief anonimiseren?`,
        text: 'Namen, contactgegevens, het adres, geboortedata en alle vrije tekst van dit gezin worden verwijderd. ' +
          'Dit kan niet ongedaan worden gemaakt.',
        confirm: 'Definitief anonimiseren',
      });
      if (!ok) {
        return;
      }
      submit.disabled = true;
      annuleren.disabled = true;
      const path = `/gezinnen/${encodeURIComponent(kandidaat.id)}`;
      try {
        const { etag } = await api('GET', path, { signal: ctx.signal });
        await api('POST', `${path}/anonimisering`, { body: { reden: tekst }, etag, signal: ctx.signal });
      } catch (err) {
        submit.disabled = false;
        annuleren.disabled = false;
        if (err?.status === 412) {
          say(formErrors, 'Iemand anders heeft dit gezin intussen gewijzigd. Kijk of anonimiseren nog nodig is ' +
            'en probeer het opnieuw.');
          formTitle.focus();
          return;
        }
        showFormError(form, formErrors, err);
        if (!err?.invalidParams?.length) {
          formTitle.focus();
        }
        return;
      }
      paneel.replaceChildren();
      await load();
      say(status, `${kandidaat.naam} is geanonimiseerd. Het gezin heet nu "Geanonimiseerd gezin".`);
      title.focus();
    });

    paneel.replaceChildren(el('section', { class: 'blok blok--anonimiseren', 'aria-labelledby': formTitle.id },
      formTitle, form));
    formTitle.focus();
  }

  load();
  return title;
}
