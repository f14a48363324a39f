// Koppel web front end: "Mijn evaluaties" (#/evaluaties).
//
// What needs doing: first the evaluations that are te laat (planned before
// today and not held), marked, then the ones due from today to the end of
// this month. A coordinator sees those of their own koppelingen; a
// beheerder sees all of them. Each one links to its koppeling.

import { api } from '/js/api.js';
import { el, heading, messageArea } from '/js/dom.js';
import { datumElement, formatDatum, vandaag } from '/js/keuzelijsten.js';
import {
  dagen, dagenTussen, eindeVanMaand, evaluatieStatusLabel, faseNaam, koppelingNaam, soortNaam,
} from '/js/koppeling-woorden.js';
import { loading, showError, showFlash } from '/js/page.js';
import { blok } from '/js/velden.js';

export function renderEvaluaties(ctx) {
  const mine = ctx.user.rol === 'coordinator';
  const title = heading(mine ? 'Mijn evaluaties' : 'Evaluaties');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const today = vandaag();
  const monthEnd = eindeVanMaand(today);
  const teLaat = blok('Te laat', 'blok--te-laat');
  const dezeMaand = blok(`Deze maand (tot en met ${formatDatum(monthEnd)})`);
  const holder = el('div', {}, loading('De evaluaties worden geladen…'));
  ctx.main.replaceChildren(
    title,
    status,
    errors,
    el('p', {
      class: 'veld__hint',
      text: mine
        ? 'De evaluatiegesprekken van jouw koppelingen die over tijd zijn of deze maand gepland staan.'
        : 'De evaluatiegesprekken van alle koppelingen die over tijd zijn of deze maand gepland staan.',
    }),
    holder,
  );
  document.title = `${mine ? 'Mijn evaluaties' : 'Evaluaties'} · Koppel`;
  showFlash(status, ctx.takeFlash());

  function query(params) {
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
        api('GET', query({ status: 'te-laat' }), { signal: ctx.signal }),
        api('GET', query({ status: 'gepland', van: today, tot: monthEnd }), { signal: ctx.signal }),
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
    teLaat.body.replaceChildren(lateList.length
      ? lijst(lateList)
      : el('p', { class: 'zacht', text: 'Geen evaluaties over tijd. Mooi zo.' }));
    teLaat.section.classList.toggle('blok--leeg', !lateList.length);
    dezeMaand.body.replaceChildren(soonList.length
      ? lijst(soonList)
      : el('p', { class: 'zacht', text: 'Er staat deze maand geen evaluatie meer gepland.' }));
    holder.replaceChildren(teLaat.section, dezeMaand.section);
  })();

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
