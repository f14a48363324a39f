// Koppel web front end: the "Na de afronding" section of the koppeling page:
// whether the families keep in touch (PATCH with If-Match).
//
// Every function takes the page's context `kp` (see koppeling-pagina.js).

import { api } from '/js/api.js';
import { clearFieldErrors, el, messageArea, say, setFieldError } from '/js/dom.js';
import { CONTACT_NA_AFLOOP, contactNaam, keuzes } from '/js/koppeling-woorden.js';
import { keuzeGroep, showRefusal } from '/js/velden.js';

/** Fills the Na de afronding section, shown only while the koppeling is in afronding. */
export function fillContact(kp) {
  const { ctx, path, status, contact, contactMelding, toon, herlaad } = kp;
  contact.section.hidden = kp.k.fase !== 'afronding';
  if (contact.section.hidden) {
    contact.body.replaceChildren();
    return;
  }
  const formErrors = messageArea('fout');
  const keuze = keuzeGroep({
    name: 'contactNaAfloop',
    legend: 'Houden de gezinnen contact na afloop?',
    hint: 'Veel gezinnen blijven elkaar zien, ook als de koppeling is afgerond.',
    choices: keuzes(CONTACT_NA_AFLOOP),
    value: kp.k.contactNaAfloop || 'onbekend',
  });
  const submit = el('button', { type: 'submit', class: 'knop', text: 'Opslaan' });
  const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': 'Contact na afloop' },
    formErrors, keuze.wrapper, el('div', { class: 'knoppen' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    say(formErrors, '');
    say(contactMelding, '');
    say(status, '');
    const body = { contactNaAfloop: keuze.value() };
    if (!body.contactNaAfloop) {
      setFieldError(keuze.wrapper, 'Kies ja, nee of onbekend.');
      keuze.inputs[0].focus();
      return;
    }
    submit.disabled = true;
    try {
      const answer = await api('PATCH', path, { body, etag: kp.etag, signal: ctx.signal });
      toon(answer, `Contact na afloop: ${contactNaam(answer.data.contactNaAfloop).toLowerCase()}. Opgeslagen.`, contact.title);
    } catch (err) {
      submit.disabled = false;
      if (err.status === 412) {
        await herlaad(contactMelding, 'Iemand anders heeft deze koppeling intussen gewijzigd. Hieronder staat wat nu is vastgelegd; '
          + 'kies opnieuw en sla op.', contact.title);
        return;
      }
      showRefusal(form, formErrors, err);
    }
  });
  contact.body.replaceChildren(
    contactMelding,
    el('p', {}, 'Nu vastgelegd: ', el('strong', { text: contactNaam(kp.k.contactNaAfloop || 'onbekend') }), '.'),
    form,
  );
}
