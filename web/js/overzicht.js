// Koppel web front end: the coordinator's dashboard, "Overzicht" (#/).
//
// One request, GET /api/v1/overzichten/caseload, gives everything: the
// wachtlijst (vraaggezinnen waiting, with their waiting days), the
// beschikbare steungezinnen (with free places), the koppelingen per fase,
// the evaluations that are te laat or due within 30 days, koppelingen
// close to their maximum duration and VOGs about to expire. Every number
// and list is shown as the server gives it; nothing is computed here.
// Each list can be downloaded as CSV: the server gives CSV for one list
// (?lijst=) when asked with Accept: text/csv (see download.js).
//
// The caseload is for coordinators and beheerders; the rapportage role
// only gets a pointer to Rapportages.

import { api } from '/js/api.js';
import { el, heading, messageArea } from '/js/dom.js';
import { downloadCsv } from '/js/download.js';
import { datumElement, formatDatum, hoofdletter } from '/js/keuzelijsten.js';
import {
  FASEN, dagen, faseLabel, koppelingNaam, soortNaam,
} from '/js/koppeling-woorden.js';
import { loading, showError, showFlash, table } from '/js/page.js';
import { blok } from '/js/velden.js';

export const CASELOAD_PATH = '/overzichten/caseload';

/** The URL of one caseload list as CSV (needs Accept: text/csv). */
export function caseloadCsvUrl(lijst) {
  return `/api/v1${CASELOAD_PATH}?lijst=${encodeURIComponent(lijst)}`;
}

// A "Download als CSV" link for one list. Its href is the API URL; a click
// fetches it with the CSV Accept header instead of navigating.
function csvLink(lijst, what, area, signal) {
  const link = el('a', {
    class: 'knop knop--secundair knop--klein csv-link',
    href: caseloadCsvUrl(lijst),
    dataset: { lijst },
    text: 'Download als CSV',
  });
  link.append(el('span', { class: 'visueel-verborgen', text: ` (${what})` }));
  link.addEventListener('click', (event) => {
    event.preventDefault();
    downloadCsv(caseloadCsvUrl(lijst), `koppel-${lijst}.csv`, area, signal);
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

  const holder = el('div', { class: 'overzicht' }, loading('Het overzicht wordt geladen…'));
  ctx.main.replaceChildren(title, status, errors, holder);
  showFlash(status, ctx.takeFlash());

  (async () => {
    let data;
    try {
      ({ data } = await api('GET', CASELOAD_PATH, { signal: ctx.signal }));
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    holder.replaceChildren(...show(data || {}));
  })();

  function show(data) {
    const signal = ctx.signal;
    const intro = el('p', { class: 'veld__hint' },
      `Stand van ${formatDatum(data.datum) || 'vandaag'}, voor ${ctx.user.rol === 'beheerder' ? 'alle werkgebieden' : 'jouw werkgebieden'}.`,
      Number.isInteger(data.kinderenBereikt) ? ` Kinderen bereikt in lopende koppelingen: ${data.kinderenBereikt}.` : '');

    // Wachtlijst
    const wacht = blok('Wachtlijst', 'blok--wachtlijst');
    const wachtlijst = data.wachtlijst || [];
    fill(wacht.body, wachtlijst.length
      ? table('Wachtlijst', ['Vraaggezin', 'Status', 'Werkgebied', 'Aangemeld op', 'Wachtdagen'], wachtlijst.map((g) => [
        gezinLink(g.id, g.naam), hoofdletter(g.status || ''), g.werkgebied || '—', datumElement(g.aangemeldOp, '—'),
        Number.isInteger(g.wachtdagen) ? dagen(g.wachtdagen) : '—',
      ]), { hideCaption: true })
      : leeg('Er wacht geen vraaggezin.'),
    wachtlijst.length ? csvLink('wachtlijst', 'wachtlijst', errors, signal) : null);

    // Beschikbare steungezinnen
    const steun = blok('Beschikbare steungezinnen', 'blok--beschikbaar');
    const beschikbaar = data.beschikbaar || [];
    fill(steun.body, beschikbaar.length
      ? table('Beschikbare steungezinnen', ['Gezin', 'Werkgebied', 'Capaciteit', 'Vrije plaatsen'], beschikbaar.map((g) => [
        gezinLink(g.id, g.naam), g.werkgebied || '—', String(g.capaciteit ?? '—'), String(g.vrij ?? '—'),
      ]), { hideCaption: true })
      : leeg('Er is geen steunbiedend gezin beschikbaar.'),
    beschikbaar.length ? csvLink('beschikbaar', 'beschikbare steungezinnen', errors, signal) : null);

    // Koppelingen per fase
    const fasen = blok('Koppelingen per fase', 'blok--per-fase');
    const perFase = data.koppelingenPerFase || {};
    fill(fasen.body, table('Koppelingen per fase', ['Fase', 'Aantal'], FASEN.map((f) => [
      el('a', { href: `/#/koppelingen?fase=${encodeURIComponent(f.code)}`, class: 'fase-link' }, faseLabel(f.code)),
      String(perFase[f.code] ?? 0),
    ]), { hideCaption: true }));

    // Evaluaties
    const evaluaties = blok('Evaluaties', 'blok--evaluaties');
    const teLaat = data.evaluaties?.teLaat || [];
    const binnen = data.evaluaties?.binnen30Dagen || [];
    const evalRows = (list) => list.map((e) => [
      koppelingLink(e.koppeling, e.vraaggezin, e.steungezin), soortNaam(e.soort), datumElement(e.geplandOp, '—'),
    ]);
    const evalColumns = ['Koppeling', 'Soort', 'Gepland op'];
    fill(evaluaties.body,
      el('h3', { text: 'Te laat' }),
      teLaat.length
        ? [table('Evaluaties te laat', evalColumns, evalRows(teLaat), { hideCaption: true }),
          csvLink('te-laat', 'evaluaties te laat', errors, signal)]
        : leeg('Geen evaluaties over tijd.'),
      el('h3', { text: 'Binnen 30 dagen' }),
      binnen.length
        ? [table('Evaluaties binnen 30 dagen', evalColumns, evalRows(binnen), { hideCaption: true }),
          csvLink('binnen-30-dagen', 'evaluaties binnen 30 dagen', errors, signal)]
        : leeg('Geen evaluaties in de komende 30 dagen.'),
      el('p', {}, el('a', { href: '/#/evaluaties', text: 'Naar de evaluaties' })),
    );

    const parts = [intro, wacht.section, steun.section, fasen.section, evaluaties.section];

    // Koppelingen close to their maximum duration
    const eind = data.bijnaAfgelopen || [];
    if (eind.length) {
      const b = blok('Bijna afgelopen');
      fill(b.body,
        table('Bijna afgelopen', ['Koppeling', 'Maximale einddatum'], eind.map((k) => [
          koppelingLink(k.koppeling, k.vraaggezin, k.steungezin), datumElement(k.maximaleEinddatum, '—'),
        ]), { hideCaption: true }),
        csvLink('bijna-afgelopen', 'bijna afgelopen', errors, signal));
      parts.push(b.section);
    }

    // VOGs about to expire
    const vog = data.vogVerloopt || [];
    if (vog.length) {
      const b = blok('VOG verloopt binnenkort');
      fill(b.body,
        table('VOG verloopt binnenkort', ['Gezin', 'Lid', 'VOG-datum'], vog.map((v) => [
          gezinLink(v.gezin, v.naam), v.lid || '—', datumElement(v.vogDatum, '—'),
        ]), { hideCaption: true }),
        csvLink('vog-verloopt', 'VOG verloopt', errors, signal));
      parts.push(b.section);
    }

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
