// Koppel web front end: the coordinator's dashboard, "Overzicht" (#/).
//
// One request, GET /api/v1/overzichten/caseload, gives everything: the
// wachtlijst (vraaggezinnen waiting, most urgent first, then the longest
// wait, with their contact person, when they were last told about the wait
// and a flag where that needs attention; wachtlijst.js), the
// beschikbare steungezinnen (with free places), the koppelingen per fase,
// the evaluations that are te laat or due within 30 days, koppelingen
// close to their maximum duration and VOGs about to expire. Every number
// and list is shown as the server gives it; nothing is computed here.
// At the top, tiles give the full count of each list (`aantallen`, since
// a list holds only its first rows; the list's length when the server
// gives no count) and lead to the list; the koppelingen per fase are a
// bar chart (grafiek.js) with the same numbers in a table.
// Each list can be downloaded as CSV: the server gives CSV for one list
// (?lijst=) when asked with Accept: text/csv (see download.js).
//
// The caseload is for coordinators and beheerders; the rapportage role
// only gets a pointer to Rapportages. The beheerder chooses a werkgebied,
// a coördinator and a programme above the tiles (the filters of the API,
// kept in the hash: #/?werkgebied=ZAA&coordinator=3&programma=1); they
// apply at once, to the tiles, the lists and their CSV.

import { api } from '/js/api.js';
import { el, heading, messageArea } from '/js/dom.js';
import { eigenWerkgebieden } from '/js/gezinnen.js';
import { downloadCsv } from '/js/download.js';
import { staafgrafiek } from '/js/grafiek.js';
import { datumElement, formatDatum, hoofdletter, loadKeuzelijsten } from '/js/keuzelijsten.js';
import { WACHTLIJST_KOLOMMEN, wachtlijstCellen } from '/js/wachtlijst.js';
import {
  dagen, faseLabel, faseLijst, faseNaam, koppelingNaam, laadWoorden, soortNaam,
} from '/js/koppeling-woorden.js';
import { loading, showError, showFlash, table } from '/js/page.js';
import { blok, keuzeVeld } from '/js/velden.js';
import { evaluatiesHash } from '/js/evaluaties.js';
import { STANDAARD_PERIODE } from '/js/perioden.js';

export const CASELOAD_PATH = '/overzichten/caseload';

// The filters of the caseload the dashboard may carry in its hash.
const FILTERS = ['werkgebied', 'coordinator', 'programma'];

// The filters in the current hash that are set: {werkgebied?, coordinator?, programma?}.
function filtersFromHash() {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  return Object.fromEntries(FILTERS.filter((f) => q.get(f)).map((f) => [f, q.get(f)]));
}

/** The URL of one caseload list as CSV (needs Accept: text/csv), with the dashboard's filters. */
export function caseloadCsvUrl(lijst, filters = {}) {
  return `/api/v1${CASELOAD_PATH}?${new URLSearchParams({ ...filters, lijst })}`;
}

// A "Download als CSV" link for one list. Its href is the API URL; a click
// fetches it with the CSV Accept header instead of navigating.
function csvLink(lijst, what, area, signal, filters) {
  const url = caseloadCsvUrl(lijst, filters);
  const link = el('a', {
    class: 'knop knop--secundair knop--klein csv-link',
    href: url,
    dataset: { lijst },
    text: 'Download als CSV',
  });
  link.append(el('span', { class: 'visueel-verborgen', text: ` (${what})` }));
  link.addEventListener('click', (event) => {
    event.preventDefault();
    downloadCsv(url, `koppel-${lijst}.csv`, area, signal);
  });
  return el('p', { class: 'knoppen' }, link);
}

const gezinLink = (id, naam) => el('a', { href: `/#/gezinnen/${encodeURIComponent(id)}`, text: naam || `Gezin ${id}` });
const koppelingLink = (id, v, s) => el('a', { href: `/#/koppelingen/${encodeURIComponent(id)}`, text: koppelingNaam(v, s) });
// Fills `node` with children, flattening arrays and skipping null (which
// replaceChildren itself would turn into text).
function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

const leeg = (text) => el('p', { class: 'zacht', text });

// The full count of a list: `aantallen` from the server when it gives one
// (a list holds at most its first rows), else the length of the list.
function aantal(data, key, list) {
  const n = data.aantallen?.[key];
  return Number.isInteger(n) && n >= 0 ? n : list.length;
}

// A note when a list shows fewer rows than it has.
function afgekapt(list, total) {
  return total > list.length
    ? el('p', {
      class: 'veld__hint afgekapt',
      text: `De eerste ${list.length} van ${total}; download de CSV voor de hele lijst.`,
    })
    : null;
}

// A section of the dashboard whose heading has a fixed id for its tile.
function lijstBlok(key, titleText, className = '') {
  const b = blok(titleText, className);
  b.section.id = `lijst-${key}`;
  b.title.id = `kop-${key}`;
  b.section.setAttribute('aria-labelledby', b.title.id);
  return b;
}

// One tile: a number and what it counts, as a link to its list on this
// page. Following it moves the focus to the list's heading (`target`, which
// has an id and tabindex -1) without changing the route. `letOp` marks a
// tile that needs attention when its number is not 0.
function tegel(n, tekst, target, letOp = false) {
  const link = el('a', {
    class: `tegel${letOp && n > 0 ? ' tegel--let-op' : ''}`,
    href: typeof target === 'string' ? target : `#${target.id}`,
  },
  el('span', { class: 'tegel__aantal', text: String(n) }),
  ' ', // so the link's name reads "2 op de wachtlijst"
  el('span', { class: 'tegel__naam', text: tekst }));
  if (typeof target !== 'string') {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      target.focus();
    });
  }
  return el('li', {}, link);
}

/* Fills holder with the coach's open trajectories, each family linked to its page. */
async function coachTrajecten(ctx, holder, status) {
  let lijst;
  try {
    await laadWoorden();
    ({ data: { koppelingen: lijst = [] } = {} } = await api('GET', '/koppelingen', { signal: ctx.signal }));
  } catch (err) {
    showError(status, err);
    holder.replaceChildren();
    return;
  }
  const open = lijst.filter((k) => k.fase !== 'afronding' && k.fase !== 'gestopt');
  holder.replaceChildren(open.length
    ? table('Mijn trajecten', ['Gezin', 'Fase', 'Voorgesteld op'], open.map((k) => [
      el('a', { href: `/#/gezinnen/${encodeURIComponent(k.vraaggezin.id)}`, text: k.vraaggezin.naam }),
      faseNaam(k.fase),
      datumElement(k.voorgesteldOp),
    ]))
    : el('p', { text: 'Je hebt nu geen open trajecten.' }));
}

export function renderOverzicht(ctx) {
  const title = heading('Overzicht');
  const status = messageArea('status');
  const errors = messageArea('fout');
  document.title = 'Overzicht · Koppel';

  if (ctx.user.rol === 'rapportage') {
    ctx.main.replaceChildren(title, status,
      el('p', {}, 'De kwartaalcijfers per gemeente vind je bij ',
        el('a', { href: '/#/rapportages', text: 'Rapportages' }), '.'));
    showFlash(status, ctx.takeFlash());
    return title;
  }
  if (ctx.user.rol === 'gezinscoach') {
    // the caseload is not theirs: the coach gets the list of their own open trajectories
    const lijst = el('div', {}, loading('Je trajecten worden geladen…'));
    ctx.main.replaceChildren(title, status,
      el('p', {}, 'Als gezinscoach zie je alleen je eigen trajecten en de gezinnen daarvan.'), lijst);
    showFlash(status, ctx.takeFlash());
    coachTrajecten(ctx, lijst, status);
    return title;
  }

  const filters = filtersFromHash();
  const beheerder = ctx.user.rol === 'beheerder';
  const keuze = beheerder ? el('div', { class: 'overzicht__keuze' }) : null;
  const holder = el('div', { class: 'overzicht' }, loading('Het overzicht wordt geladen…'));
  ctx.main.replaceChildren(title, status, errors, keuze, holder);
  showFlash(status, ctx.takeFlash());
  const opties = beheerder ? kiezers() : Promise.resolve(null);
  let lijsten = {}; // the names of the urgencies (without them the codes are shown)

  (async () => {
    let data;
    try {
      const query = new URLSearchParams(filters).toString();
      ({ data } = await api('GET', `${CASELOAD_PATH}${query ? `?${query}` : ''}`, { signal: ctx.signal }));
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    lijsten = await loadKeuzelijsten().catch(() => ({}));
    holder.replaceChildren(...show(data || {}, await opties));
    if (ctx.user.leidinggevende === true || ctx.user.rol === 'beheerder') {
      holder.prepend(zorgsignalen());
    }
  })();

  // The open zorgsignalen of one's werkgebieden, for the leidinggevende (and
  // the beheerder): each stays here until its follow-up is recorded.
  function zorgsignalen() {
    const b = lijstBlok('zorgsignalen', 'Zorgsignalen om op te volgen', 'blok--zorgsignalen');
    const melding = messageArea('status');
    async function laad() {
      let lijst;
      try {
        ({ data: { zorgsignalen: lijst = [] } = {} } = await api('GET', '/zorgsignalen', { signal: ctx.signal }));
      } catch (err) {
        showError(errors, err);
        return;
      }
      fill(b.body, melding, lijst.length
        ? el('ul', { class: 'zorgsignalen' }, lijst.map((z) => {
          const id = `opvolging-${z.id}`;
          const tekst = el('textarea', { id, name: 'tekst', rows: '2', maxlength: '4000', required: true });
          const knop = el('button', { type: 'submit', class: 'knop', text: 'Opvolging vastleggen' });
          const form = el('form', { class: 'formulier', 'aria-label': `Opvolging van het zorgsignaal bij ${z.gezin?.naam || 'gezin'}` },
            el('label', { for: id, class: 'veld__label', text: 'Wat is er gedaan?' }), tekst, el('p', {}, knop));
          form.addEventListener('submit', async (event) => {
            event.preventDefault();
            if (!tekst.value.trim()) {
              tekst.focus();
              return;
            }
            knop.disabled = true;
            try {
              await api('POST', `/zorgsignalen/${encodeURIComponent(z.id)}/opvolging`, {
                body: { tekst: tekst.value.trim() }, signal: ctx.signal,
              });
              await laad();
              melding.textContent = 'De opvolging is vastgelegd.';
            } catch (err) {
              knop.disabled = false;
              showError(errors, err);
            }
          });
          return el('li', { class: 'zorgsignaal' },
            el('p', {}, gezinLink(z.gezin?.id, z.gezin?.naam), ' · ', datumElement(z.datum, '—'),
              (z.doorNaam || z.door) ? ` · ${(z.doorNaam || z.door)}` : ''),
            el('p', { class: 'zorgsignaal__tekst', text: z.tekst }), form);
        }))
        : leeg('Er staat geen zorgsignaal open.'));
    }
    fill(b.body, loading('De zorgsignalen worden geladen…'));
    laad();
    return b.section;
  }

  /**
   * The beheerder's pickers (werkgebied, coördinator, programme) in the
   * part above the tiles; a choice draws the dashboard again for it.
   * Resolves to the names of what can be chosen, for the intro, or null
   * when they could not be loaded (the dashboard shows all then).
   */
  async function kiezers() {
    let werkgebieden;
    let gebruikers;
    let programmas;
    try {
      [werkgebieden, { data: { gebruikers = [] } = {} }, { data: { programmas = [] } = {} }] = await Promise.all([
        eigenWerkgebieden(ctx.user, ctx.signal),
        api('GET', '/gebruikers', { signal: ctx.signal }),
        api('GET', '/programmas', { signal: ctx.signal }),
      ]);
    } catch (err) {
      showError(errors, err);
      return null;
    }
    if (ctx.signal.aborted) {
      return null;
    }
    const coordinatoren = gebruikers.filter((g) => g.rol === 'coordinator');
    const velden = {
      werkgebied: keuzeVeld({
        name: 'werkgebied', label: 'Werkgebied', empty: 'Alle werkgebieden', value: filters.werkgebied || '',
        choices: werkgebieden.map((w) => ({ value: w.code, text: w.naam || w.code })),
      }),
      coordinator: keuzeVeld({
        name: 'coordinator', label: 'Coördinator', empty: 'Alle coördinatoren', value: filters.coordinator || '',
        choices: coordinatoren.map((g) => ({ value: String(g.id), text: g.naam || g.gebruikersnaam })),
      }),
      programma: keuzeVeld({
        name: 'programma', label: 'Programma', empty: 'Alle programma’s', value: filters.programma || '',
        choices: programmas.map((p) => ({ value: String(p.id), text: p.naam })),
      }),
    };
    const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Overzicht kiezen', novalidate: true },
      el('div', { class: 'filters__velden' }, FILTERS.map((f) => velden[f].wrapper)));
    const kies = () => {
      const q = new URLSearchParams();
      for (const f of FILTERS) {
        if (velden[f].input.value) {
          q.set(f, velden[f].input.value);
        }
      }
      ctx.navigate(q.toString() ? `#/?${q}` : '#/');
    };
    for (const f of FILTERS) {
      velden[f].input.addEventListener('change', kies);
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      kies();
    });
    keuze.replaceChildren(form);
    const naam = (f) => velden[f].input.selectedOptions[0]?.textContent || '';
    return { werkgebied: filters.werkgebied ? naam('werkgebied') : '', coordinator: filters.coordinator ? naam('coordinator') : '',
      programma: filters.programma ? naam('programma') : '' };
  }

  function show(data, gekozen) {
    const signal = ctx.signal;
    const gefilterd = Object.keys(filters).length > 0;
    const voor = [
      gekozen?.werkgebied ? `werkgebied ${gekozen.werkgebied}` : (beheerder ? 'alle werkgebieden' : 'jouw werkgebieden'),
      gekozen?.coordinator ? `coördinator ${gekozen.coordinator}` : '',
      gekozen?.programma ? `programma ${gekozen.programma}` : '',
    ].filter(Boolean).join(', ');
    const intro = el('p', { class: 'veld__hint' },
      `Stand van ${formatDatum(data.datum) || 'vandaag'}, voor ${voor}.`,
      Number.isInteger(data.kinderenBereikt) ? ` Kinderen bereikt in lopende koppelingen: ${data.kinderenBereikt}.` : '');

    const wachtlijst = data.wachtlijst || [];
    const beschikbaar = data.beschikbaar || [];
    const teLaat = data.evaluaties?.teLaat || [];
    const binnen = data.evaluaties?.binnen30Dagen || [];
    const eind = data.bijnaAfgelopen || [];
    const vog = data.vogVerloopt || [];
    const totals = {
      wachtlijst: aantal(data, 'wachtlijst', wachtlijst),
      beschikbaar: aantal(data, 'beschikbaar', beschikbaar),
      teLaat: aantal(data, 'teLaat', teLaat),
      binnen30Dagen: aantal(data, 'binnen30Dagen', binnen),
      bijnaAfgelopen: aantal(data, 'bijnaAfgelopen', eind),
      vogVerloopt: aantal(data, 'vogVerloopt', vog),
    };

    // Koppelingen per fase: a bar chart, and the same numbers in a table
    // whose rows lead to the koppelingen in that phase.
    const fasen = lijstBlok('per-fase', 'Koppelingen per fase');
    const perFase = data.koppelingenPerFase || {};
    const faseAantal = (code) => (Number.isInteger(perFase[code]) ? perFase[code] : 0);
    fill(fasen.body,
      el('figure', { class: 'grafiek-figuur' },
        staafgrafiek({
          titel: 'Koppelingen per fase',
          rijen: faseLijst().map((f) => ({ label: faseNaam(f.code), waarde: faseAantal(f.code) })),
          className: 'grafiek--fasen',
        })),
      table('Koppelingen per fase', ['Fase', 'Aantal'], faseLijst().map((f) => [
        el('a', { href: `/#/koppelingen?fase=${encodeURIComponent(f.code)}`, class: 'fase-link' }, faseLabel(f.code)),
        String(faseAantal(f.code)),
      ]), { hideCaption: true }),
      el('p', {}, el('a', { href: '/#/koppelingen', text: 'Naar de koppelingen' })));

    // Wachtlijst
    const wacht = lijstBlok('wachtlijst', 'Wachtlijst', 'blok--wachtlijst');
    fill(wacht.body,
      afgekapt(wachtlijst, totals.wachtlijst),
      wachtlijst.length
        ? table('Wachtlijst', ['Vraaggezin', 'Status', 'Werkgebied', 'Aangemeld op', 'Wachtdagen', ...WACHTLIJST_KOLOMMEN],
          wachtlijst.map((g) => [
            gezinLink(g.id, g.naam), hoofdletter(g.status || ''), g.werkgebied || '—', datumElement(g.aangemeldOp, '—'),
            Number.isInteger(g.wachtdagen) ? dagen(g.wachtdagen) : '—', ...wachtlijstCellen(g, lijsten),
          ]), { hideCaption: true })
        : leeg('Er wacht geen vraaggezin.'),
      totals.wachtlijst ? csvLink('wachtlijst', 'wachtlijst', errors, signal, filters) : null);

    // Beschikbare steungezinnen
    const steun = lijstBlok('beschikbaar', 'Beschikbare steungezinnen', 'blok--beschikbaar');
    fill(steun.body,
      afgekapt(beschikbaar, totals.beschikbaar),
      beschikbaar.length
        ? table('Beschikbare steungezinnen', ['Gezin', 'Werkgebied', 'Capaciteit', 'Vrije plaatsen'], beschikbaar.map((g) => [
          gezinLink(g.id, g.naam), g.werkgebied || '—', String(g.capaciteit ?? '—'), String(g.vrij ?? '—'),
        ]), { hideCaption: true })
        : leeg('Er is geen steunbiedend gezin beschikbaar.'),
      totals.beschikbaar ? csvLink('beschikbaar', 'beschikbare steungezinnen', errors, signal, filters) : null);

    // Evaluaties: te laat, and to be held within 30 days. The Evaluaties
    // page shows the same period (perioden.js) over the same koppelingen:
    // for a coordinator all in their werkgebieden, as counted here.
    const evaluatiesPagina = `/${evaluatiesHash(STANDAARD_PERIODE, ctx.user.rol === 'coordinator' ? 'werkgebieden' : '')}`;
    // With a werkgebied, coördinator or programme chosen the Evaluaties page
    // would count differently: the tiles then open the lists on this page.
    const evaluaties = lijstBlok('evaluaties', 'Evaluaties', 'blok--evaluaties');
    const evalRows = (list) => list.map((e) => [
      koppelingLink(e.koppeling, e.vraaggezin, e.steungezin), soortNaam(e.soort), datumElement(e.geplandOp, '—'),
    ]);
    const evalColumns = ['Koppeling', 'Soort', 'Gepland op'];
    const teLaatKop = el('h3', { id: 'kop-te-laat', tabIndex: -1, text: 'Te laat' });
    const binnenKop = el('h3', { id: 'kop-binnen-30-dagen', tabIndex: -1, text: 'Binnen 30 dagen' });
    fill(evaluaties.body,
      teLaatKop,
      afgekapt(teLaat, totals.teLaat),
      teLaat.length
        ? table('Evaluaties te laat', evalColumns, evalRows(teLaat), { hideCaption: true })
        : leeg('Geen evaluaties over tijd.'),
      totals.teLaat ? csvLink('te-laat', 'evaluaties te laat', errors, signal, filters) : null,
      binnenKop,
      afgekapt(binnen, totals.binnen30Dagen),
      binnen.length
        ? table('Evaluaties binnen 30 dagen', evalColumns, evalRows(binnen), { hideCaption: true })
        : leeg('Geen evaluaties in de komende 30 dagen.'),
      totals.binnen30Dagen ? csvLink('binnen-30-dagen', 'evaluaties binnen 30 dagen', errors, signal, filters) : null,
      gefilterd ? null : el('p', {}, el('a', { href: evaluatiesPagina, text: 'Naar de evaluaties' })),
    );

    // Koppelingen close to their maximum duration
    const bijna = lijstBlok('bijna-afgelopen', 'Bijna afgelopen');
    fill(bijna.body,
      afgekapt(eind, totals.bijnaAfgelopen),
      eind.length
        ? table('Bijna afgelopen', ['Koppeling', 'Maximale einddatum'], eind.map((k) => [
          koppelingLink(k.koppeling, k.vraaggezin, k.steungezin), datumElement(k.maximaleEinddatum, '—'),
        ]), { hideCaption: true })
        : leeg('Geen koppeling bereikt binnen twee maanden haar maximale duur.'),
      totals.bijnaAfgelopen ? csvLink('bijna-afgelopen', 'bijna afgelopen', errors, signal, filters) : null);

    // VOGs about to expire
    const vogBlok = lijstBlok('vog-verloopt', 'VOG verloopt binnenkort');
    fill(vogBlok.body,
      afgekapt(vog, totals.vogVerloopt),
      vog.length
        ? table('VOG verloopt binnenkort', ['Gezin', 'Lid', 'VOG-datum'], vog.map((v) => [
          gezinLink(v.gezin, v.naam), v.lid || '—', datumElement(v.vogDatum, '—'),
        ]), { hideCaption: true })
        : leeg('Geen VOG verloopt in de komende drie maanden.'),
      totals.vogVerloopt ? csvLink('vog-verloopt', 'VOG verloopt', errors, signal, filters) : null);

    // The tiles: one number per list; each opens its list further down.
    const tegels = el('ul', { class: 'tegels', 'aria-label': 'In één oogopslag' },
      tegel(totals.wachtlijst, 'op de wachtlijst', wacht.title),
      tegel(totals.beschikbaar, 'steungezinnen beschikbaar', steun.title),
      tegel(totals.teLaat, 'evaluaties te laat', gefilterd ? teLaatKop : evaluatiesPagina, true),
      tegel(totals.binnen30Dagen, 'evaluaties binnen 30 dagen', gefilterd ? binnenKop : evaluatiesPagina),
      tegel(totals.bijnaAfgelopen, 'koppelingen bijna afgelopen', bijna.title),
      tegel(totals.vogVerloopt, 'VOG’s verlopen binnenkort', vogBlok.title, true),
      Number.isInteger(data.aantallen?.zorgsignalen)
        ? el('li', {}, el('span', { class: `tegel${data.aantallen.zorgsignalen > 0 ? ' tegel--let-op' : ''}` },
          el('span', { class: 'tegel__aantal', text: String(data.aantallen.zorgsignalen) }), ' ',
          el('span', { class: 'tegel__naam', text: 'open zorgsignalen' })))
        : null);

    // The quarterly report: its page prints on A4 and downloads as CSV.
    const rapport = el('p', { class: 'knoppen' },
      el('a', { href: '/#/rapportages', class: 'knop knop--secundair', text: 'Kwartaalrapport (afdrukken of CSV)' }));

    const parts = [intro, rapport, tegels, fasen.section, wacht.section, steun.section, evaluaties.section,
      bijna.section, vogBlok.section];

    // The calendar feed of one's own evaluations.
    const agenda = blok('Agenda-abonnement');
    fill(agenda.body, el('p', {},
      'Je geplande evaluaties staan ook in een agenda-bestand om in Outlook of op je telefoon te abonneren: ',
      el('code', { text: `${location.origin}/api/v1/agenda.ics?token=…` }),
      '. Maak daarvoor een token bij ', el('a', { href: '/#/api-tokens', text: 'API-tokens' }),
      '. Gezinsnamen staan er alleen in met ', el('code', { text: '&namen=ja' }), '.'));
    parts.push(agenda.section);
    return parts;
  }

  return title;
}
