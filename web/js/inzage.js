// Koppel web front end: the inzage of one gezin (#/gezinnen/{id}/inzage),
// a page written for the family itself and meant to be printed.
//
// GET /api/v1/gezinnen/{id}/inzage gives everything Koppel holds about the
// gezin (the server audits the request). The page says it in plain Dutch,
// addressing the family ("jullie"): the family's own data and members, the
// vraag and/or the aanbod, the formal help with its earlier versions, every
// role period (an ended one with the profile it kept) and the statuses
// through time, consents, the
// logboek, every koppeling with its phases, extensions, agreement versions
// and evaluations (the other family only by its role, as the server gives
// it), and who looked at or changed the record. "Afdrukken" calls
// window.print(); app.css prints the page on A4 without the header, menus
// and buttons.

import { talenTekst } from '/js/talen.js';
import { api } from '/js/api.js';
import { el, heading, messageArea, uniqueId } from '/js/dom.js';
import { timeElement } from '/js/format.js';
import { dagdelenOverzicht } from '/js/dagdelen.js';
import { datumElement, loadKeuzelijsten, naamVan, statusNaam } from '/js/keuzelijsten.js';
import {
  contactNaam, doorgaanNaam, faseNaam, metHoofdletter, soortNaam, stopredenNaam, verloopNaam,
} from '/js/koppeling-woorden.js';
import { geschiedenisTabel, hulpNaam, periode } from '/js/formele-hulp.js';
import { gezinsplanInzage } from '/js/gezinsplan.js';
import { wachtlijstInzage } from '/js/wachtlijst.js';
import { loading, showError, table } from '/js/page.js';
import { profielGegevens } from '/js/rollen.js';

// What an entry of the audit log says, in words for the family.
const ACTIES = {
  lezen: 'bekeken',
  lijst: 'gezien in een lijst',
  inzage: 'inzage gemaakt',
  aanmaken: 'vastgelegd',
  wijzigen: 'gewijzigd',
  verwijderen: 'verwijderd',
  intrekken: 'ingetrokken',
  beeindigen: 'beëindigd',
  anonimiseren: 'geanonimiseerd',
  faseovergang: 'naar een andere fase gezet',
};

// Which part of the record an audit entry was about.
const ONDERDELEN = {
  gezin: 'gegevens van het gezin',
  logboek: 'logboek',
  toestemming: 'toestemming',
  koppeling: 'koppeling',
  uitsluiting: 'uitsluitingen',
  suggesties: 'suggesties voor een koppeling',
  'formele-hulp': 'formele hulp',
  gezinsplan: 'gezinsplan',
  wachten: 'wachtlijst',
  'gezin-rol': 'rollen van het gezin',
  inzage: 'deze inzage',
  evaluatie: 'evaluatie',
};

// Who took part in an evaluation.
const DEELNEMERS = {
  vraaggezin: 'het vraaggezin',
  steungezin: 'het steungezin',
  coordinator: 'de coördinator',
};

// A section with an h2.
function deel(titleText, ...children) {
  const id = uniqueId('inzage-deel');
  return el('section', { class: 'blok inzage__deel', 'aria-labelledby': id },
    el('h2', { id, text: titleText }), children);
}

// A definition list from [label, value] pairs; empty values show "—".
function gegevens(pairs) {
  return el('dl', { class: 'gegevens' }, pairs.filter(Boolean).flatMap(([label, value]) => [
    el('dt', { text: label }),
    el('dd', {}, value === undefined || value === null || value === '' ? '—' : value),
  ]));
}

function leeg(text) {
  return el('p', { class: 'zacht', text });
}

function jaNee(value) {
  if (value === true) return 'Ja';
  if (value === false) return 'Nee';
  return '';
}

function lijst(values) {
  return values?.length ? values.join(', ') : '';
}

function namen(lijsten, naam, codes) {
  return codes?.length ? codes.map((c) => naamVan(lijsten, naam, c)).join(', ') : '';
}

function vrij(text) {
  return text ? el('span', { class: 'vrije-tekst', text }) : '';
}

/** Renders the inzage page. Returns its heading. */
export function renderInzage(ctx) {
  const id = ctx.params.id;
  const path = `/gezinnen/${encodeURIComponent(id)}`;
  const title = heading('Dit weet Koppel over jullie gezin');
  const errors = messageArea('fout');
  const holder = el('div', { class: 'inzage' }, loading('De inzage wordt gemaakt…'));
  ctx.main.replaceChildren(title, errors, holder);
  document.title = 'Inzage · Gezinnen · Koppel';

  (async () => {
    let lijsten;
    let inzage;
    try {
      let answer;
      [lijsten, answer] = await Promise.all([
        loadKeuzelijsten(),
        api('GET', `${path}/inzage`, { signal: ctx.signal }),
      ]);
      inzage = answer.data;
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren(el('p', {}, el('a', { href: '/#/gezinnen', text: 'Terug naar de gezinnen' })));
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    const gezin = inzage.gezin || {};
    document.title = `Inzage ${gezin.naam || ''} · Gezinnen · Koppel`;
    holder.replaceChildren(
      inleiding(inzage, gezin),
      deel('Jullie gezin', gezinGegevens(lijsten, gezin)),
      deel('Wie er bij jullie gezin horen', ledenTabel(gezin)),
      gezin.vraag ? deel('Jullie vraag', vraagGegevens(lijsten, gezin.vraag)) : null,
      gezin.aanbod || !gezin.vraag ? deel('Wat jullie aanbieden', aanbodGegevens(lijsten, gezin.aanbod || {})) : null,
      deel('Hulp van instanties', formeleHulp(lijsten, inzage.formeleHulp || [])),
      gezin.rol === 'vraaggezin' ? deel('Op de wachtlijst', wachtlijstInzage(lijsten, inzage.wachtlijst)) : null,
      deel('Jullie gezinsplan', gezinsplanInzage(inzage.gezinsplan)),
      deel('Rollen en status door de tijd', geschiedenis(lijsten, gezin)),
      deel('Toestemmingen', toestemmingen(lijsten, inzage.toestemmingen || [])),
      deel('Logboek', logboek(lijsten, inzage.logboek || [])),
      deel('Koppelingen', koppelingen(inzage.koppelingen || [])),
      deel('Wie heeft jullie gegevens bekeken of gewijzigd', wieBekeken(inzage.gelezenEnGewijzigd || [])),
    );
  })();

  return title;
}

// The opening: for whom, when it was made, what is left out, and the buttons.
function inleiding(inzage, gezin) {
  const print = el('button', { type: 'button', class: 'knop', text: 'Afdrukken' });
  print.addEventListener('click', () => window.print());
  return el('div', { class: 'inzage__inleiding' },
    el('p', { class: 'inzage__gezin', text: gezin.naam }),
    el('p', {}, 'Op deze pagina staat alles wat Koppel over jullie gezin heeft vastgelegd. Gemaakt op ',
      timeElement(inzage.gemaaktOp, 'vandaag'), '.'),
    inzage.geanonimiseerdOp
      ? el('p', {}, 'De gegevens van jullie gezin zijn geanonimiseerd op ', timeElement(inzage.geanonimiseerdOp),
        '. Namen, contactgegevens en teksten zijn verwijderd.')
      : null,
    inzage.toelichting ? el('p', { class: 'inzage__toelichting', text: inzage.toelichting }) : null,
    el('p', { class: 'knoppen' },
      print,
      el('a', { class: 'knop knop--secundair', href: `/#/gezinnen/${encodeURIComponent(gezin.id)}`, text: 'Terug naar het gezin' })));
}

function gezinGegevens(lijsten, gezin) {
  const a = gezin.adres || {};
  const straat = [a.straat, a.huisnummer].filter(Boolean).join(' ');
  const plaats = [a.postcode, a.plaats].filter(Boolean).join('  ');
  const door = gezin.aangemeldDoor || {};
  return [
    gegevens([
      ['Naam', gezin.naam],
      ['Rol', naamVan(lijsten, 'rollen', gezin.rol)],
      ['Status', statusNaam(lijsten, gezin.rol, gezin.status)],
      ['Werkgebied', gezin.werkgebied],
      ['Coördinator', gezin.coordinator?.naam],
      ['Adres', straat || plaats ? el('span', {}, straat, straat && plaats ? el('br') : null, plaats) : ''],
      ['Gemeente', a.gemeente],
      ['Talen', talenTekst(gezin.talen)],
      ['Huishouden', gezin.huishouden ? naamVan(lijsten, 'huishoudens', gezin.huishouden) : ''],
      ['Wat gaat goed', vrij(gezin.watGaatGoed)],
      ['Netwerk', vrij(gezin.netwerk)],
    ]),
    el('h3', { text: 'Aanmelding' }),
    gegevens([
      ['Aangemeld op', datumElement(gezin.aangemeldOp, '')],
      ['Aangemeld door', door.soort ? naamVan(lijsten, 'verwijzers', door.soort) : ''],
      ['Organisatie', door.organisatie],
      ['Contactpersoon', door.contact],
    ]),
  ];
}

function ledenTabel(gezin) {
  const leden = gezin.leden || [];
  if (!leden.length) {
    return leeg('Er zijn geen gezinsleden vastgelegd.');
  }
  const rows = leden.map((lid) => [
    [lid.voornaam, lid.achternaam].filter(Boolean).join(' ') || '—',
    lid.soort === 'kind' ? 'Kind' : 'Volwassene',
    lid.geboortedatum ? datumElement(lid.geboortedatum) : (lid.geboortejaar ? String(lid.geboortejaar) : '—'),
    [lid.telefoon, lid.email].filter(Boolean).join(' · ') || '—',
    lid.vogDatum ? datumElement(lid.vogDatum) : '—',
  ]);
  return table('Gezinsleden', ['Naam', 'Soort', 'Geboren', 'Telefoon en e-mail', 'VOG afgegeven op'], rows,
    { hideCaption: true });
}

function vraagGegevens(lijsten, v) {
  const w = v.wensen || {};
  const wensen = [
    w.talen?.length ? `Taal: ${talenTekst(w.talen)}` : null,
    w.levensbeschouwing ? `Levensbeschouwing: ${w.levensbeschouwing}` : null,
    w.mannelijkRolmodel ? 'Graag een mannelijk rolmodel' : null,
    w.geenHuisdieren ? 'Geen huisdieren' : null,
    w.nietRoken ? 'Een gezin dat niet rookt' : null,
    w.anders || null,
  ].filter(Boolean);
  return gegevens([
    ['In jullie woorden', vrij(v.tekst)],
    ['Steun', namen(lijsten, 'steunvormen', v.steunvormen)],
    ['Dagdelen', v.dagdelen?.length ? dagdelenOverzicht(lijsten, v.dagdelen) : ''],
    ['Hoe vaak', v.frequentie ? naamVan(lijsten, 'frequenties', v.frequentie) : ''],
    ['Wensen', lijst(wensen)],
    ['Thema’s', lijst(v.themas)],
    ['Interesses', lijst(v.interesses)],
    ['Steunstijl', v.steunstijl ? naamVan(lijsten, 'steunstijlen', v.steunstijl) : ''],
  ]);
}

function aanbodGegevens(lijsten, a) {
  const leeftijd = Number.isInteger(a.leeftijdVan) || Number.isInteger(a.leeftijdTot)
    ? `${a.leeftijdVan ?? 0} tot en met ${a.leeftijdTot ?? '…'} jaar` : '';
  return gegevens([
    ['Steun', namen(lijsten, 'steunvormen', a.steunvormen)],
    ['Dagdelen', a.dagdelen?.length ? dagdelenOverzicht(lijsten, a.dagdelen) : ''],
    ['Hoe vaak', a.frequentie ? naamVan(lijsten, 'frequenties', a.frequentie) : ''],
    ['Gezinnen tegelijk', Number.isInteger(a.capaciteit) ? String(a.capaciteit) : ''],
    ['Leeftijd kinderen', leeftijd],
    ['Maximale afstand', Number.isInteger(a.maxAfstandKm) ? `${a.maxAfstandKm} km` : ''],
    ['Talen', talenTekst(a.talen)],
    ['Huisdieren', jaNee(a.huisdieren)],
    ['Roken', jaNee(a.rookt)],
    ['Ervaring met', lijst(a.ervaringsthemas)],
    ['Steunstijl', a.steunstijl ? naamVan(lijsten, 'steunstijlen', a.steunstijl) : ''],
    ['Interesses', lijst(a.interesses)],
    ['Motivatie', vrij(a.motivatie)],
    ['Training', a.training],
    ['Hoe jullie bij ons kwamen', a.wervingsbron],
  ]);
}

// The formal help, each item as it is now and the versions it had before; no diagnoses are kept.
function formeleHulp(lijsten, items) {
  if (!items.length) {
    return leeg('Er is geen hulp van instanties vastgelegd.');
  }
  return items.map((item) => {
    const eerder = geschiedenisTabel(lijsten, item);
    return el('article', { class: 'inzage__hulp' },
      el('h3', { text: hulpNaam(lijsten, item) }),
      gegevens([
        ['Hoeveel', item.omvang],
        ['Bij wie', item.contact],
        ['Wanneer', periode(item)],
        ['Toelichting', vrij(item.toelichting)],
        ['Nu', item.lopend ? 'Loopt nog' : 'Gestopt'],
      ]),
      el('h4', { text: 'Eerder vastgelegd' }),
      eerder || leeg('Niet gewijzigd sinds het werd vastgelegd.'));
  });
}

// Every role period, and the statuses each role had; an ended period with the profile it kept.
function geschiedenis(lijsten, gezin) {
  const perioden = gezin.rolGeschiedenis || [];
  const rollen = perioden.map((r) => [
    naamVan(lijsten, 'rollen', r.rol), datumElement(r.van, '—'), r.tot ? datumElement(r.tot) : 'nu',
    statusNaam(lijsten, r.rol, r.status) || '—',
  ]);
  const beeindigd = perioden.filter((r) => r.tot);
  const statussen = (gezin.statusGeschiedenis || []).map((s) => [
    datumElement(s.datum, '—'), naamVan(lijsten, 'rollen', s.rol || gezin.rol),
    statusNaam(lijsten, s.rol || gezin.rol, s.status) || s.status, (s.doorNaam || s.door) || '—',
  ]);
  return [
    el('h3', { text: 'Rollen' }),
    rollen.length
      ? table('Rollen', ['Rol', 'Van', 'Tot', 'Status'], rollen, { hideCaption: true })
      : leeg('Geen rollen vastgelegd.'),
    beeindigd.map((r) => el('div', { class: 'inzage__profiel' },
      el('h4', {}, `Zoals het was als ${naamVan(lijsten, 'rollen', r.rol).toLowerCase()} (`,
        datumElement(r.van, '—'), ' – ', datumElement(r.tot), ')'),
      profielGegevens(lijsten, r.profiel))),
    el('h3', { text: 'Status' }),
    statussen.length
      ? table('Statusgeschiedenis', ['Datum', 'Rol', 'Status', 'Door'], statussen, { hideCaption: true })
      : leeg('Geen statuswijzigingen vastgelegd.'),
  ];
}

function toestemmingen(lijsten, items) {
  if (!items.length) {
    return leeg('Er zijn geen toestemmingen vastgelegd.');
  }
  const rows = items.map((t) => [
    naamVan(lijsten, 'toestemmingDoelen', t.doel),
    datumElement(t.gegevenOp, '—'),
    t.gegevenDoor || '—',
    t.ingetrokkenOp ? datumElement(t.ingetrokkenOp) : 'Niet ingetrokken',
  ]);
  return table('Vastgelegde toestemmingen', ['Waarvoor', 'Gegeven op', 'Gegeven door', 'Ingetrokken op'], rows, { hideCaption: true });
}

function logboek(lijsten, regels) {
  if (!regels.length) {
    return leeg('Het logboek is leeg.');
  }
  return el('ol', { class: 'logboek__lijst' }, regels.map((r) => el('li', { class: 'logregel' },
    el('p', { class: 'logregel__kop' },
      el('span', { class: 'label label--soort', text: naamVan(lijsten, 'logboekSoorten', r.soort) }),
      ' ', datumElement(r.datum, '—'),
      (r.doorNaam || r.door) ? el('span', { class: 'zacht', text: ` · ${(r.doorNaam || r.door)}` }) : null),
    r.tekst ? el('p', { class: 'vrije-tekst', text: r.tekst }) : null)));
}

function koppelingen(items) {
  if (!items.length) {
    return leeg('Jullie gezin heeft (nog) geen koppelingen.');
  }
  return items.map((k) => koppeling(k));
}

// One koppeling: what it is, its phases, extensions, agreements and evaluations.
function koppeling(k) {
  const ander = k.anderGezin?.omschrijving || 'het andere gezin';
  const kop = `Koppeling met ${ander}${k.programma ? ` (${k.programma})` : ''}`;
  const fasen = (k.fasen || []).map((f) => [
    datumElement(f.datum, '—'),
    f.van ? `${faseNaam(f.van)} → ${faseNaam(f.naar)}` : faseNaam(f.naar),
  ]);
  const verlengingen = (k.verlengingen || []).map((v) => [datumElement(v.op, '—'), datumElement(v.totOp, '—')]);
  const afspraken = (k.afspraken || []).map((a) => [`Versie ${a.versie}`, datumElement(a.vastgelegdOp, '—')]);
  const verloop = (k.verloop || []).map((v) => [datumElement(v.datum, '—'), verloopNaam(v.verloop)]);
  const evaluaties = (k.evaluaties || []).map((e) => evaluatieRij(e));
  const sub = (text, rows, columns, none) => [
    el('h4', { text }),
    rows.length ? table(text, columns, rows, { hideCaption: true }) : leeg(none),
  ];
  return el('article', { class: 'inzage__koppeling' },
    el('h3', { text: kop }),
    gegevens([
      ['Jullie kant', k.kant === 'vraaggezin' ? 'Jullie krijgen steun' : 'Jullie bieden steun'],
      ['Het andere gezin', metHoofdletter(ander)],
      ['Fase nu', faseNaam(k.fase)],
      ['Voorgesteld op', datumElement(k.voorgesteldOp, '')],
      ['Begonnen op', datumElement(k.koppelingDatum, '')],
      ['Afspraken getekend op', datumElement(k.contractGetekendOp, '')],
      ['Reden van stoppen', k.stopReden ? stopredenNaam(k.stopReden) : ''],
      ['Contact na afloop', k.contactNaAfloop ? contactNaam(k.contactNaAfloop) : ''],
    ]),
    sub('Fasen', fasen, ['Datum', 'Fase'], 'Nog geen fasen doorlopen.'),
    sub('Hoe het ging', verloop, ['Datum', 'Verloop'], 'Niets vastgelegd over hoe het ging.'),
    sub('Verlengingen', verlengingen, ['Op', 'Verlengd tot'], 'Niet verlengd.'),
    sub('Afspraken', afspraken, ['Versie', 'Vastgelegd op'], 'Geen afspraken vastgelegd.'),
    sub('Evaluaties', evaluaties, ['Soort', 'Gepland op', 'Gehouden op', 'Wat er is vastgelegd'], 'Geen evaluaties.'));
}

function evaluatieRij(e) {
  const v = e.verslag || {};
  const deelnemers = Array.isArray(v.deelnemers) ? v.deelnemers.map((d) => DEELNEMERS[d] || d) : [];
  const scores = (v.doelen || []).filter((d) => d && (d.scoreStart !== null || d.scoreNu !== null))
    .map((d, i) => `doel ${i + 1}: ${d.scoreStart ?? '—'} → ${d.scoreNu ?? '—'}`);
  const wat = [
    deelnemers.length ? `Met ${deelnemers.join(', ')}` : null,
    Number.isInteger(v.tevredenheid) ? `jullie tevredenheid ${v.tevredenheid} van 10` : null,
    v.verloop ? `verloop ${verloopNaam(v.verloop).toLowerCase()}` : null,
    v.doorgaan ? doorgaanNaam(v.doorgaan).toLowerCase() : null,
    scores.length ? `scores ${scores.join(', ')}` : null,
    e.vervallen ? 'vervallen' : null,
  ].filter(Boolean).join('; ');
  return [soortNaam(e.soort), datumElement(e.geplandOp, '—'), datumElement(e.gehoudenOp, '—'), wat || '—'];
}

function wieBekeken(regels) {
  if (!regels.length) {
    return leeg('Niemand heeft jullie gegevens bekeken of gewijzigd.');
  }
  const rows = regels.map((r) => [
    timeElement(r.tijd, '—'),
    (r.doorNaam || r.door) || 'Koppel zelf',
    ACTIES[r.actie] || r.actie,
    ONDERDELEN[r.onderdeel] || r.onderdeel || '—',
  ]);
  return [
    el('p', { text: 'Elke keer dat iemand van Koppel jullie gegevens bekeek of wijzigde, wordt dat bijgehouden.' }),
    table('Wie wanneer wat deed', ['Wanneer', 'Wie', 'Wat', 'Welk deel'], rows, { hideCaption: true }),
  ];
}
