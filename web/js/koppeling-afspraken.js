// Koppel web front end: the Afspraken section of the koppeling page: the
// current version, a form for a new version, and the history.
//
// Every function takes the page's context `kp` (see koppeling-pagina.js).

import { clearFieldErrors, el, messageArea, say, setFieldError, uniqueId } from '/js/dom.js';
import { timeElement } from '/js/format.js';
import { EINDFASEN } from '/js/koppeling-fase.js';
import { table } from '/js/page.js';
import { annuleerKnop, gegevens, invoerVeld, regels, tekst, tekstVeld, uitklapper } from '/js/velden.js';

function afsprakenGegevens(a) {
  return gegevens([
    ['Hoe vaak', a.frequentie],
    ['Dag en tijd', a.dagEnTijd],
    ['Halen en brengen', a.halenBrengen ? el('span', { class: 'vrije-tekst', text: a.halenBrengen }) : ''],
    ['Huisregels', a.huisregels ? el('span', { class: 'vrije-tekst', text: a.huisregels }) : ''],
    ['Doelen', Array.isArray(a.doelen) && a.doelen.length
      ? el('ul', { class: 'lijst-kort' }, a.doelen.map((d) => el('li', { text: d }))) : ''],
  ]);
}

function samenvatting(a) {
  const delen = [a?.frequentie, a?.dagEnTijd].filter(Boolean);
  const n = Array.isArray(a?.doelen) ? a.doelen.length : 0;
  if (n) {
    delen.push(n === 1 ? '1 doel' : `${n} doelen`);
  }
  return delen.join(' · ') || '—';
}

/** Fills the Afspraken section: the current version, a form for a new one (not after the end) and the versions. */
export function fillAfspraken(kp) {
  const { afspraken } = kp;
  const huidig = kp.k.afspraken;
  const geschiedenis = kp.k.afsprakenGeschiedenis || [];
  const laatste = geschiedenis[0];
  const parts = [];
  if (huidig) {
    parts.push(el('p', { class: 'zacht' },
      `Versie ${laatste?.versie ?? 1}`,
      laatste?.vastgelegdOp ? el('span', {}, ', vastgelegd op ', timeElement(laatste.vastgelegdOp)) : null,
      (laatste?.doorNaam || laatste?.door) ? ` door ${laatste.doorNaam || laatste.door}` : null, '.'));
    parts.push(afsprakenGegevens(huidig));
  } else {
    parts.push(el('p', {
      class: 'zacht',
      text: EINDFASEN.has(kp.k.fase)
        ? 'Er zijn geen afspraken vastgelegd.'
        : 'Er zijn nog geen afspraken vastgelegd. Leg ze vast voordat beide gezinnen het contract tekenen.',
    }));
  }
  if (!EINDFASEN.has(kp.k.fase)) {
    const klapper = uitklapper({
      label: huidig ? 'Nieuwe versie vastleggen' : 'Afspraken vastleggen',
      build: (kl) => afsprakenFormulier(kp, kl),
    });
    parts.push(el('div', { class: 'knoppen knoppen--na-lijst' }, klapper.button), klapper.panel);
  }
  if (geschiedenis.length) {
    parts.push(el('h3', { text: 'Versies' }),
      table('Versies van de afspraken', ['Versie', 'Vastgelegd op', 'Door', 'Afspraken'],
        geschiedenis.map((v, i) => [
          i === 0 ? `${v.versie} (huidige)` : String(v.versie),
          timeElement(v.vastgelegdOp, '—'),
          (v.doorNaam || v.door) || '—',
          samenvatting(v.afspraken),
        ]), { hideCaption: true }));
  }
  afspraken.body.replaceChildren(...parts);
}

function afsprakenFormulier(kp, klapper) {
  const { status, afspraken, stuur } = kp;
  const a = kp.k.afspraken || {};
  const formTitle = el('p', {
    id: uniqueId('afspraken'), class: 'paneel__titel', text: kp.k.afspraken ? 'Nieuwe versie van de afspraken' : 'Afspraken vastleggen',
  });
  const formErrors = messageArea('fout');
  const frequentie = invoerVeld({
    name: 'frequentie', label: 'Hoe vaak', hint: 'Bijvoorbeeld: elke week, of één weekend per maand.', value: a.frequentie, attrs: { maxlength: '200' },
  });
  const dagEnTijd = invoerVeld({
    name: 'dagEnTijd', label: 'Dag en tijd', hint: 'Bijvoorbeeld: woensdag van 13.00 tot 17.00 uur.', value: a.dagEnTijd, attrs: { maxlength: '200' },
  });
  const halenBrengen = tekstVeld({
    name: 'halenBrengen', label: 'Halen en brengen', value: a.halenBrengen, maxlength: 1000,
  });
  const huisregels = tekstVeld({ name: 'huisregels', label: 'Huisregels', value: a.huisregels });
  const doelen = tekstVeld({
    name: 'doelen',
    label: 'Doelen',
    hint: 'Eén doel per regel, in de woorden van het gezin. Hoogstens 10.',
    value: Array.isArray(a.doelen) ? a.doelen.join('\n') : '',
    rows: 4,
    maxlength: 3300,
  });
  const hint = el('p', {
    class: 'veld__hint',
    text: 'Dit wordt een nieuwe versie; de eerdere versies blijven bewaard.',
  });
  const submit = el('button', { type: 'submit', class: 'knop', text: 'Afspraken vastleggen' });
  const form = el('form', { class: 'formulier paneel__formulier', novalidate: true, 'aria-labelledby': formTitle.id },
    formTitle, formErrors, frequentie.wrapper, dagEnTijd.wrapper, halenBrengen.wrapper, huisregels.wrapper,
    doelen.wrapper, hint, el('div', { class: 'knoppen' }, submit, annuleerKnop(klapper)));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    say(formErrors, '');
    say(status, '');
    const body = {};
    for (const [naam, veld] of [['frequentie', frequentie], ['dagEnTijd', dagEnTijd],
      ['halenBrengen', halenBrengen], ['huisregels', huisregels]]) {
      const t = tekst(veld.input);
      if (t) {
        body[naam] = t;
      }
    }
    const lijst = regels(doelen.input);
    if (lijst.length > 10) {
      setFieldError(doelen.wrapper, 'Hoogstens 10 doelen.');
      doelen.input.focus();
      return;
    }
    if (lijst.length) {
      body.doelen = lijst;
    }
    if (!Object.keys(body).length) {
      setFieldError(frequentie.wrapper, 'Vul minstens één afspraak in.');
      frequentie.input.focus();
      return;
    }
    await stuur(form, formErrors, submit, 'afspraken', body, 'De afspraken zijn vastgelegd.', afspraken.title);
  });
  return form;
}
