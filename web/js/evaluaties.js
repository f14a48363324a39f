// Koppel web front end: "Mijn evaluaties" / "Evaluaties" (#/evaluaties).
//
// What needs doing: first the evaluations that are te laat (planned before
// today and not held), marked, then the ones due in the chosen period
// (perioden.js, the same model as the dashboard's tiles: by default
// "Binnen 30 dagen", today up to and including today + 30 days), each
// section with its count. The period and, for a coordinator, whose
// koppelingen ("Mijn koppelingen" or "Mijn werkgebieden", which is what
// the dashboard counts) live in the hash (#/evaluaties?periode=
// binnen-30-dagen&van=werkgebieden) and apply as soon as they are chosen.
// A beheerder sees all evaluations. Each one links to its koppeling.

import { api } from '/js/api.js';
import { el, heading, messageArea } from '/js/dom.js';
import { datumElement, formatDatum, vandaag } from '/js/keuzelijsten.js';
import {
  dagen, dagenTussen, evaluatieStatusLabel, faseNaam, koppelingNaam, soortNaam,
} from '/js/koppeling-woorden.js';
import { loading, showError, showFlash } from '/js/page.js';
import { periode, periodeKeuzes } from '/js/perioden.js';
import { blok, keuzeVeld } from '/js/velden.js';

/** The hash of the Evaluaties page for a period and, for a coordinator, whose koppelingen. */
export function evaluatiesHash(periodeCode, van = '') {
  const q = new URLSearchParams({ periode: periodeCode });
  if (van) {
    q.set('van', van);
  }
  return `#/evaluaties?${q}`;
}

export function renderEvaluaties(ctx) {
  const coordinator = ctx.user.rol === 'coordinator';
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  // a coordinator: their own koppelingen, or all in their werkgebieden (as the dashboard counts)
  const mine = coordinator && query.get('van') !== 'werkgebieden';
  const today = vandaag();
  const p = periode(query.get('periode'), today);
  const title = heading(mine ? 'Mijn evaluaties' : 'Evaluaties');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const teLaat = blok('Te laat', 'blok--te-laat');
  const inPeriode = blok(`${p.naam} (${formatDatum(p.van)} tot en met ${formatDatum(p.tot)})`, 'blok--periode');
  const holder = el('div', {}, loading('De evaluaties worden geladen…'));

  const periodeVeld = keuzeVeld({ name: 'periode', label: 'Periode', choices: periodeKeuzes(), value: p.code });
  const vanVeld = coordinator ? keuzeVeld({
    name: 'van',
    label: 'Koppelingen',
    choices: [{ value: '', text: 'Mijn koppelingen' }, { value: 'werkgebieden', text: 'Alle in mijn werkgebieden' }],
    value: mine ? '' : 'werkgebieden',
  }) : null;
  const filters = el('form', { class: 'filters', role: 'search', 'aria-label': 'Evaluaties kiezen', novalidate: true },
    el('div', { class: 'filters__velden' }, periodeVeld.wrapper, vanVeld?.wrapper));
  // A choice applies at once: the page is drawn again for the new hash.
  const kies = () => ctx.navigate(evaluatiesHash(periodeVeld.input.value, vanVeld?.input.value || ''));
  periodeVeld.input.addEventListener('change', kies);
  vanVeld?.input.addEventListener('change', kies);
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    kies();
  });

  const wiens = mine ? 'jouw koppelingen' : coordinator ? 'de koppelingen in jouw werkgebieden' : 'alle koppelingen';
  ctx.main.replaceChildren(
    title,
    status,
    errors,
    el('p', {
      class: 'veld__hint',
      text: `De evaluatiegesprekken van ${wiens} die over tijd zijn of in de gekozen periode gepland staan.`,
    }),
    filters,
    el('p', { class: 'evaluaties__kalender' }, el('a', { href: mine ? '/#/kalender' : `/#/kalender${coordinator ? '?van=werkgebieden' : ''}`, text: 'Bekijk in de kalender (week of maand)' })),
    holder,
  );
  document.title = `${mine ? 'Mijn evaluaties' : 'Evaluaties'} · Koppel`;
  showFlash(status, ctx.takeFlash());

  function vraag(params) {
    const q = new URLSearchParams(params);
    if (mine) {
      q.set('coordinator', String(ctx.user.id));
    }
    return `/evaluaties?${q}`;
  }

  (async () => {
    let late;
    let soon;
    try {
      [late, soon] = await Promise.all([
        api('GET', vraag({ status: 'te-laat' }), { signal: ctx.signal }),
        api('GET', vraag({ status: 'gepland', van: p.van, tot: p.tot }), { signal: ctx.signal }),
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
    const lateList = late.data?.evaluaties || [];
    const soonList = soon.data?.evaluaties || [];
    teLaat.body.replaceChildren(aantal(lateList.length), lateList.length
      ? lijst(lateList)
      : el('p', { class: 'zacht', text: 'Geen evaluaties over tijd. Mooi zo.' }));
    teLaat.section.classList.toggle('blok--leeg', !lateList.length);
    inPeriode.body.replaceChildren(aantal(soonList.length), soonList.length
      ? lijst(soonList)
      : el('p', { class: 'zacht', text: 'Er staat in deze periode geen evaluatie gepland.' }));
    holder.replaceChildren(teLaat.section, inPeriode.section);
  })();

  function aantal(n) {
    return el('p', { class: 'evaluaties__aantal', text: n === 1 ? '1 evaluatie' : `${n} evaluaties` });
  }

  function lijst(items) {
    return el('ol', { class: 'evaluaties evaluaties--overzicht' }, items.map((e) => {
      const late = e.status === 'te-laat';
      const n = late ? dagenTussen(e.geplandOp, today) : 0;
      const koppeling = e.koppeling || {};
      return el('li', { class: `evaluatie evaluatie--${e.status}` },
        el('div', { class: 'evaluatie__kop' },
          el('h3', { class: 'evaluatie__titel' },
            el('a', {
              href: `/#/koppelingen/${encodeURIComponent(koppeling.id)}`,
              text: koppelingNaam(koppeling.vraaggezin, koppeling.steungezin),
            })),
          evaluatieStatusLabel(e.status)),
        el('p', { class: 'evaluatie__wanneer' },
          el('strong', { text: soortNaam(e.soort) }), ' · gepland op ', datumElement(e.geplandOp, '—'),
          late && n > 0 ? [' · ', el('strong', { class: 'te-laat', text: `${dagen(n)} te laat` })] : null),
        koppeling.fase ? el('p', { class: 'zacht evaluatie__fase', text: `Fase: ${faseNaam(koppeling.fase)}` }) : null);
    }));
  }

  return title;
}
