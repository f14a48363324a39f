// Koppel web front end: the header of the koppeling page (#/koppelingen/{id}):
// the two gezinnen, programme, coordinator, the children it is for, the
// dates that matter and, for a voorstel that offered the family a choice,
// the fellow candidates ("Ook voorgesteld").
//
// Every function takes the page's context `kp` (see koppeling-pagina.js).

import { el, uniqueId } from '/js/dom.js';
import { datumElement, naamVan, vandaag } from '/js/keuzelijsten.js';
import { EINDFASEN } from '/js/koppeling-fase.js';
import {
  faseLabel, faseNaam, koppelingNaam, leeftijdOp, metHoofdletter, stopredenNaam, woordenVan,
} from '/js/koppeling-woorden.js';
import { gegevens } from '/js/velden.js';

// What the koppeling's programme calls the supporter ("Estafettegezin") and the asking family ("Startgezin").
export function rolNaam(kp) {
  return metHoofdletter(woordenVan(kp.k).steun) || naamVan(kp.lijsten, 'rollen', kp.k.steungezin?.rol) || 'Steunbiedend gezin';
}

export function vraagNaam(kp) {
  return metHoofdletter(woordenVan(kp.k).vraag);
}

// How a fellow candidate stands: niet gekozen, gekozen, nog te kiezen or its phase.
function kandidaatStand(kp, c) {
  if (c.stopReden === 'niet-gekozen') {
    return 'niet gekozen';
  }
  if (c.fase === 'voorstel') {
    return 'nog niet gekozen';
  }
  if (c.fase === 'gestopt') {
    return `gestopt: ${stopredenNaam(c.stopReden, kp.k.woorden).toLowerCase()}`;
  }
  return `gekozen, ${faseNaam(c.fase).toLowerCase()}`;
}

// "Ook voorgesteld: Gezin X (niet gekozen)", or null without fellow candidates.
function kandidatenLijst(kp) {
  const lijst = kp.k.kandidaten || [];
  if (!lijst.length) {
    return null;
  }
  const titel = el('h2', { id: uniqueId('kandidaten'), class: 'kandidaten__titel', text: 'Ook voorgesteld' });
  return el('div', { class: 'kandidaten', role: 'group', 'aria-labelledby': titel.id },
    titel,
    el('p', {
      class: 'zacht',
      text: `In één voorstel; het ${woordenVan(kp.k).vraag} kiest één ${woordenVan(kp.k).steun}.`,
    }),
    el('ul', { class: 'lijst-kort kandidaten__lijst' }, lijst.map((c) => el('li', {
      class: `kandidaat kandidaat--${c.stopReden === 'niet-gekozen' ? 'niet-gekozen' : c.fase}`,
    },
    el('a', { href: `/#/koppelingen/${encodeURIComponent(c.id)}`, text: c.steungezin || `Koppeling ${c.id}` }),
    ` (${kandidaatStand(kp, c)})`))));
}

// ---- header ---------------------------------------------------------------------

/** Fills the page header (kp.kop) and the page title from kp.k. */
export function fillKop(kp) {
  const { title, kop } = kp;
  // a trajectory (a professional programme) has a gezinscoach instead of a steungezin
  const naam = koppelingNaam(kp.k.vraaggezin, kp.k.steungezin || kp.k.coach);
  title.textContent = naam;
  document.title = `${naam} · Koppelingen · Koppel`;
  const gezinLink = (gezin, soort) => el('a', { class: 'paar__gezin', href: `/#/gezinnen/${encodeURIComponent(gezin.id)}` },
    el('span', { class: 'paar__soort', text: soort }),
    el('span', { class: 'visueel-verborgen', text: ': ' }),
    el('span', { class: 'paar__naam', text: gezin.naam }));
  const kinderen = (kp.k.kinderen || []).map((c) => {
    const leeftijd = leeftijdOp(c.geboortedatum, vandaag());
    return Number.isInteger(leeftijd) ? `${c.voornaam} (${leeftijd} jaar)` : c.voornaam;
  });
  const stop = kp.k.fase === 'gestopt' && kp.k.stopReden
    ? ['Reden van stoppen', [stopredenNaam(kp.k.stopReden, kp.k.woorden), kp.k.stopToelichting].filter(Boolean).join(': ')] : null;
  kop.replaceChildren(
    el('p', { class: 'koppeling-kop__labels' },
      el('span', { class: 'visueel-verborgen', text: 'Fase: ' }), faseLabel(kp.k.fase),
      el('span', { class: 'visueel-verborgen', text: ', programma: ' }),
      el('span', { class: 'label label--rol', text: kp.k.programma?.naam || '' })),
    el('div', { class: 'paar' },
      gezinLink(kp.k.vraaggezin, vraagNaam(kp)),
      el('span', { class: 'paar__teken', 'aria-hidden': 'true', text: '↔' }),
      kp.k.steungezin ? gezinLink(kp.k.steungezin, rolNaam(kp))
        : el('span', { class: 'paar__gezin' },
          el('span', { class: 'paar__soort', text: rolNaam(kp) }),
          el('span', { class: 'visueel-verborgen', text: ': ' }),
          el('span', { class: 'paar__naam', text: kp.k.coach?.naam || '' }))),
    gegevens([
      ['Programma', kp.k.programma?.naam],
      ['Coördinator', kp.k.coordinator?.naam || 'Nog geen coördinator'],
      ['Steun voor', kinderen.length ? kinderen.join(', ') : 'Geen kinderen gekozen'],
      ['Voorgesteld op', datumElement(kp.k.voorgesteldOp, '—')],
      kp.k.koppelingDatum ? ['Gekoppeld op', datumElement(kp.k.koppelingDatum)] : null,
      kp.k.contractGetekendOp ? ['Contract getekend op', datumElement(kp.k.contractGetekendOp)] : null,
      kp.k.maximaleEinddatum && !EINDFASEN.has(kp.k.fase) ? ['Uiterlijk tot', datumElement(kp.k.maximaleEinddatum)] : null,
      stop,
    ]),
    kandidatenLijst(kp),
    el('p', { class: 'knoppen knoppen--boven' },
      el('a', { class: 'knop knop--secundair', href: '/#/koppelingen', text: 'Alle koppelingen' })),
  );
}
