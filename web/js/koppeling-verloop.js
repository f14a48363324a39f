// Koppel web front end: the Verloop section of the koppeling page: what was
// recorded about how it goes, newest first, and a form.
//
// Every function takes the page's context `kp` (see koppeling-pagina.js).

import { clearFieldErrors, el, messageArea, say, setFieldError, uniqueId } from '/js/dom.js';
import { datumElement, vandaag } from '/js/keuzelijsten.js';
import { EINDFASEN } from '/js/koppeling-fase.js';
import { VERLOOP, keuzes, verloopLabel } from '/js/koppeling-woorden.js';
import { annuleerKnop, datumVeld, keuzeGroep, tekst, tekstVeld, uitklapper } from '/js/velden.js';

/** Fills the Verloop section: the records, newest first, and (not after the end) a form. */
export function fillVerloop(kp) {
  const { verloop } = kp;
  const lijst = [...(kp.k.verloop || [])].reverse();
  const parts = [];
  if (lijst.length) {
    parts.push(el('ol', { class: 'logboek__lijst' }, lijst.map((r) => el('li', { class: 'logregel' },
      el('p', { class: 'logregel__kop' },
        verloopLabel(r.verloop), ' ', datumElement(r.datum, '—'),
        (r.doorNaam || r.door) ? el('span', { class: 'zacht', text: ` · ${(r.doorNaam || r.door)}` }) : null),
      r.toelichting ? el('p', { class: 'vrije-tekst', text: r.toelichting }) : null))));
  } else {
    parts.push(el('p', { class: 'zacht', text: 'Nog niets vastgelegd over hoe het gaat.' }));
  }
  if (!EINDFASEN.has(kp.k.fase)) {
    const klapper = uitklapper({ label: 'Verloop vastleggen', build: (kl) => verloopFormulier(kp, kl) });
    parts.unshift(el('div', { class: 'knoppen knoppen--boven' }, klapper.button), klapper.panel);
  }
  verloop.body.replaceChildren(...parts);
}

function verloopFormulier(kp, klapper) {
  const { status, verloop, stuur } = kp;
  const formTitle = el('p', { id: uniqueId('verloop'), class: 'paneel__titel', text: 'Verloop vastleggen' });
  const formErrors = messageArea('fout');
  const hoe = keuzeGroep({ name: 'verloop', legend: 'Hoe gaat het?', choices: keuzes(VERLOOP) });
  const datum = datumVeld({ name: 'datum', label: 'Datum', value: vandaag() });
  const toelichting = tekstVeld({ name: 'toelichting', label: 'Toelichting', hint: 'Wat gaat goed, waar lopen ze tegenaan?' });
  const submit = el('button', { type: 'submit', class: 'knop', text: 'Verloop vastleggen' });
  const form = el('form', { class: 'formulier paneel__formulier', novalidate: true, 'aria-labelledby': formTitle.id },
    formTitle, formErrors, hoe.wrapper, datum.wrapper, toelichting.wrapper,
    el('div', { class: 'knoppen' }, submit, annuleerKnop(klapper)));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    say(formErrors, '');
    say(status, '');
    if (!hoe.value()) {
      setFieldError(hoe.wrapper, 'Kies hoe het gaat.');
      hoe.inputs[0].focus();
      return;
    }
    const body = { verloop: hoe.value() };
    if (datum.input.value) {
      body.datum = datum.input.value;
    }
    const t = tekst(toelichting.input);
    if (t) {
      body.toelichting = t;
    }
    await stuur(form, formErrors, submit, 'verloop', body, 'Het verloop is vastgelegd.', verloop.title);
  });
  return form;
}
