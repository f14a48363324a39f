// Koppel web front end: the page of one gezin (#/gezinnen/{id}).
//
// Strengths first: after the header come "Wat gaat goed" and "Netwerk",
// then the vraag or the aanbod, the members (ages from the server, VOG
// status on the supporting side), the address, the registration, the
// status with a control to change it (PATCH with If-Match; the VOG rule's
// 422 is shown next to it), the status and role history, the consents
// (withdraw one, add one) and the logboek (newest first, with a form; a
// zorgsignaal stands out). Labels come from the keuzelijsten. A vraaggezin's
// page also has "Koppeling starten" (koppeling-starten.js). The roles as
// periods are a section of their own (rollen.js), and so is the formal help
// of a family that asks for support (formele-hulp.js), and the wachtlijst of
// a waiting vraaggezin: urgency, contact person, told about the wait
// (wachtlijst.js).

import { talenTekst } from '/js/talen.js';
import { paginaInhoud } from '/js/pagina-inhoud.js';
import { effectenSectie } from '/js/effecten.js';
import { formeleHulpSectie } from '/js/formele-hulp.js';
import { wachtlijstSectie } from '/js/wachtlijst.js';
import { gezinsplanSectie } from '/js/gezinsplan.js';
import { rollenSectie } from '/js/rollen.js';
import { api } from '/js/api.js';
import {
  clearFieldErrors, confirmDialog, el, field, heading, messageArea, say, setFieldError, showFieldErrors, uniqueId,
} from '/js/dom.js';
import { timeElement } from '/js/format.js';
import { dagdelenOverzicht } from '/js/dagdelen.js';
import { koppelingStarten } from '/js/koppeling-starten.js';
import {
  datumElement, kantVan, loadKeuzelijsten, naamVan, options, statusLijst, statusNaam, vandaag,
} from '/js/keuzelijsten.js';
import { loading, showError, showFlash, showFormError, table } from '/js/page.js';

// A section with an h2 that can take focus.
function blok(titleText, className = '') {
  const title = el('h2', { id: uniqueId('deel'), tabIndex: -1, text: titleText });
  const body = el('div', {});
  const section = el('section', { class: `blok ${className}`.trim(), 'aria-labelledby': title.id }, title, body);
  return { section, title, body };
}

// Replaces the children of `node`, leaving out null, undefined and false.
function fill(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

// Free text with its line breaks, or a quiet "not filled in".
function vrijeTekst(value, empty = 'Nog niet ingevuld.') {
  return value
    ? el('p', { class: 'vrije-tekst', text: value })
    : el('p', { class: 'zacht', text: empty });
}

// A definition list from [label, value] pairs; empty values show "—".
function gegevens(pairs) {
  return el('dl', { class: 'gegevens' }, pairs.filter(Boolean).flatMap(([label, value]) => [
    el('dt', { text: label }),
    el('dd', {}, value === undefined || value === null || value === '' ? '—' : value),
  ]));
}

function jaNee(value) {
  if (value === true) return 'Ja';
  if (value === false) return 'Nee';
  return '—';
}

// A list of names for codes in a keuzelijst, or "—".
function namenLijst(lijsten, lijst, codes) {
  if (!codes?.length) {
    return '—';
  }
  return el('ul', { class: 'lijst-kort' }, codes.map((c) => el('li', { text: naamVan(lijsten, lijst, c) })));
}

function tekstLijst(values) {
  if (!values?.length) {
    return '—';
  }
  return el('ul', { class: 'lijst-kort' }, values.map((v) => el('li', { text: v })));
}

function lidNaam(lid) {
  return [lid.voornaam, lid.achternaam].filter(Boolean).join(' ');
}

// The VOG status of a member on the supporting side: from 18 on a VOG is
// needed, whether the member was entered as volwassene or as kind.
function vogStatus(lid) {
  const afgegeven = lid.vogDatum
    ? el('span', { class: 'vog__datum' }, 'afgegeven ', datumElement(lid.vogDatum)) : null;
  if (lid.vogGeldig === true) {
    return el('span', { class: 'vog' }, el('span', { class: 'label label--ok', text: 'Geldig' }), ' ', afgegeven);
  }
  if (!lid.vogDatum && Number.isInteger(lid.leeftijd) && lid.leeftijd < 18) {
    return el('span', { class: 'zacht', text: 'Niet nodig (jonger dan 18)' });
  }
  if (lid.vogDatum) {
    return el('span', { class: 'vog' }, el('span', { class: 'label label--let-op', text: 'Verlopen' }), ' ', afgegeven);
  }
  return el('span', { class: 'label label--let-op', text: 'Ontbreekt' });
}

export function renderGezin(ctx) {
  const id = ctx.params.id;
  const path = `/gezinnen/${encodeURIComponent(id)}`;
  const title = heading('Gezin');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', { class: 'gezin-pagina' }, loading('De gegevens worden geladen…'));
  ctx.main.replaceChildren(title, status, errors, holder);
  document.title = 'Gezin · Gezinnen · Koppel';
  showFlash(status, ctx.takeFlash());

  let lijsten;
  let gezin;
  let etag = null;
  let kant = 'vraag';
  let werkgebiedNamen = new Map();
  let starten = null; // "Koppeling starten", on a vraaggezin's page only
  let rollen = null; // the roles as periods (rollen.js)
  let formeleHulp = null; // the formal help (formele-hulp.js), once mounted
  let wachten = null; // the wachtlijst (wachtlijst.js), on a waiting vraaggezin's page
  let effecten = null; // the reference scenario (effecten.js), once mounted
  let gezinsplan = null; // the gezinsplan (gezinsplan.js), on a vraaggezin's page

  const kop = el('div', { class: 'gezin-kop' });
  const inhoud = paginaInhoud(holder, ctx.signal);
  const sterk = blok('Wat gaat goed');
  const netwerk = blok('Netwerk');
  const vraagAanbod = blok('Vraag');
  const leden = blok('Leden');
  const adres = blok('Adres en aanmelding');
  const statusBlok = blok('Status', 'blok--status');
  const toestemmingen = blok('Toestemmingen');
  const logboek = blok('Logboek');

  async function fetchGezin() {
    const answer = await api('GET', path, { signal: ctx.signal });
    gezin = answer.data;
    etag = answer.etag;
    kant = kantVan(lijsten, gezin.rol) || (gezin.vraag ? 'vraag' : 'aanbod');
  }

  (async () => {
    try {
      let gebieden;
      [lijsten, gebieden] = await Promise.all([
        loadKeuzelijsten(),
        api('GET', '/werkgebieden', { signal: ctx.signal }),
      ]);
      werkgebiedNamen = new Map((gebieden.data?.werkgebieden || []).map((w) => [w.code, w.naam]));
      await fetchGezin();
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren(el('p', {}, el('a', { href: '/#/gezinnen', text: 'Terug naar de gezinnen' })));
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    rollen = rollenSectie(ctx, lijsten, {
      gezin: () => gezin,
      etag: () => etag,
      bijgewerkt: nieuwGezin,
    });
    fillAll();
    samenstellen();
    fillLogboekForm();
    loadLogboek();
  })();

  // Puts the sections in their order; the side-bound ones follow the primary role.
  // A gezinscoach gets the family's own sections and its gezinsplan only:
  // the other sections use routes that are not theirs (README).
  function samenstellen() {
    const coach = ctx.user?.rol === 'gezinscoach';
    if (kant === 'vraag') {
      gezinsplan ??= gezinsplanSectie(ctx, gezin);
    }
    if (kant === 'vraag' && !coach) {
      starten ??= koppelingStarten(ctx, gezin, lijsten);
      effecten ??= effectenSectie(ctx, gezin);
    }
    if (gezin.vraag && !coach) {
      formeleHulp ??= formeleHulpSectie(ctx, gezin, lijsten);
    }
    if (!coach && gezin.rol === 'vraaggezin' && ['aangemeld', 'intake', 'wachtend'].includes(gezin.status)) {
      wachten ??= wachtlijstSectie(ctx, gezin, lijsten);
    }
    fill(holder,
      kop, inhoud, sterk.section, netwerk.section, vraagAanbod.section, formeleHulp?.section, leden.section, adres.section,
      statusBlok.section, wachten?.section, rollen.section, kant === 'vraag' ? starten?.section : null,
      kant === 'vraag' ? gezinsplan : null, kant === 'vraag' ? effecten : null,
      toestemmingen.section, logboek.section,
    );
  }

  // Takes over the gezin a role write answered with; a changed primary role rearranges the page.
  function nieuwGezin(answer) {
    const rolWas = gezin.rol;
    gezin = answer.data;
    etag = answer.etag;
    kant = kantVan(lijsten, gezin.rol) || (gezin.vraag ? 'vraag' : 'aanbod');
    fillAll();
    starten?.update(gezin);
    if (gezin.rol !== rolWas) {
      samenstellen();
    }
  }

  function fillAll() {
    fillKop();
    sterk.body.replaceChildren(vrijeTekst(gezin.watGaatGoed));
    netwerk.body.replaceChildren(vrijeTekst(gezin.netwerk));
    fillVraagAanbod();
    fillLeden();
    fillAdres();
    fillStatus();
    fillToestemmingen();
    rollen?.update();
  }

  // ---- header -------------------------------------------------------------------

  function fillKop() {
    title.textContent = gezin.naam;
    document.title = `${gezin.naam} · Gezinnen · Koppel`;
    const wachtdagen = kant === 'vraag' && Number.isInteger(gezin.wachtdagen)
      ? ['Wachtdagen', `${gezin.wachtdagen} ${gezin.wachtdagen === 1 ? 'dag' : 'dagen'}`] : null;
    kop.replaceChildren(
      el('p', { class: 'gezin-kop__labels' },
        el('span', { class: 'label label--rol', text: naamVan(lijsten, 'rollen', gezin.rol) }),
        el('span', { class: 'visueel-verborgen', text: ', status: ' }),
        el('span', { class: `label label--status label--${gezin.status}`, text: statusNaam(lijsten, gezin.rol, gezin.status) }),
        // a second running role (a vraaggezin that is also buddy) with its own status
        (gezin.rollen || []).filter((r) => !r.primair).map((r) => [' ',
          el('span', { class: 'label label--rol', text: `ook ${naamVan(lijsten, 'rollen', r.rol).toLowerCase()}` }),
          el('span', { class: 'visueel-verborgen', text: ', status: ' }),
          el('span', { class: `label label--status label--${r.status}`, text: statusNaam(lijsten, r.rol, r.status) })])),
      gegevens([
        ['Werkgebied', werkgebiedNamen.has(gezin.werkgebied)
          ? `${werkgebiedNamen.get(gezin.werkgebied)} (${gezin.werkgebied})` : gezin.werkgebied],
        ['Coördinator', gezin.coordinator?.naam || 'Nog geen coördinator'],
        ['Aangemeld op', datumElement(gezin.aangemeldOp, '—')],
        wachtdagen,
      ]),
      el('p', { class: 'knoppen knoppen--boven' },
        el('a', { class: 'knop', href: `/#/gezinnen/${encodeURIComponent(gezin.id)}/bewerken`, text: 'Gegevens wijzigen' }),
        gezin.rol === 'vraaggezin'
          ? el('a', { class: 'knop knop--secundair', href: `/#/gezinnen/${encodeURIComponent(gezin.id)}/suggesties`, text: 'Suggesties bekijken' })
          : null,
        el('a', { class: 'knop knop--secundair', href: `/#/gezinnen/${encodeURIComponent(gezin.id)}/inzage`, text: 'Inzage voor het gezin' }),
        el('a', { class: 'knop knop--secundair', href: '/#/gezinnen', text: 'Alle gezinnen' })),
    );
  }

  // ---- vraag or aanbod -------------------------------------------------------------

  // The vraag of a vraaggezin; when it also supports another family (a running
  // role on the other side), its aanbod follows under its own heading.
  function fillVraagAanbod() {
    const ookAanbod = kant === 'vraag' && gezin.aanbod
      && (gezin.rollen || []).some((r) => kantVan(lijsten, r.rol) === 'aanbod');
    if (kant === 'vraag') {
      vraagAanbod.title.textContent = ookAanbod ? 'Vraag en aanbod' : 'Vraag';
      const v = gezin.vraag || {};
      const w = v.wensen || {};
      const wensen = [
        w.talen?.length ? `Taal: ${talenTekst(w.talen)}` : null,
        w.levensbeschouwing ? `Levensbeschouwing: ${w.levensbeschouwing}` : null,
        w.mannelijkRolmodel ? 'Graag een mannelijk rolmodel' : null,
        w.geenHuisdieren ? 'Geen huisdieren' : null,
        w.nietRoken ? 'Een gezin dat niet rookt' : null,
        w.anders || null,
      ].filter(Boolean);
      vraagAanbod.body.replaceChildren(
        el('h3', { text: 'In de woorden van het gezin' }),
        vrijeTekst(v.tekst),
        gegevens([
          ['Steun', namenLijst(lijsten, 'steunvormen', v.steunvormen)],
          ['Dagdelen', dagdelenOverzicht(lijsten, v.dagdelen)],
          ['Hoe vaak', naamVan(lijsten, 'frequenties', v.frequentie)],
          ['Wensen', tekstLijst(wensen)],
          ['Thema’s uit eigen ervaring', tekstLijst(v.themas)],
          ['Interesses', tekstLijst(v.interesses)],
          ['Gewenste steunstijl', naamVan(lijsten, 'steunstijlen', v.steunstijl)],
        ]),
        ookAanbod ? el('h3', { text: 'Aanbod' }) : null,
        ookAanbod ? aanbodGegevens(gezin.aanbod) : null,
      );
      return;
    }
    vraagAanbod.title.textContent = 'Aanbod';
    vraagAanbod.body.replaceChildren(aanbodGegevens(gezin.aanbod || {}));
  }

  function aanbodGegevens(a) {
    const leeftijd = Number.isInteger(a.leeftijdVan) || Number.isInteger(a.leeftijdTot)
      ? `${a.leeftijdVan ?? 0} tot en met ${a.leeftijdTot ?? '…'} jaar` : '';
    return gegevens([
      ['Steun', namenLijst(lijsten, 'steunvormen', a.steunvormen)],
      ['Dagdelen', dagdelenOverzicht(lijsten, a.dagdelen)],
      ['Hoe vaak', naamVan(lijsten, 'frequenties', a.frequentie)],
      ['Koppelingen tegelijk', Number.isInteger(a.capaciteit) ? String(a.capaciteit) : ''],
      ['Leeftijd kinderen', leeftijd],
      ['Maximale afstand', Number.isInteger(a.maxAfstandKm) ? `${a.maxAfstandKm} km` : 'Maakt niet uit'],
      ['Talen', talenTekst(a.talen)],
      ['Huisdieren', jaNee(a.huisdieren)],
      ['Rookt', jaNee(a.rookt)],
      ['Ervaringsthema’s', tekstLijst(a.ervaringsthemas)],
      ['Steunstijl', naamVan(lijsten, 'steunstijlen', a.steunstijl)],
      ['Interesses', tekstLijst(a.interesses)],
      ['Motivatie', a.motivatie ? el('span', { class: 'vrije-tekst', text: a.motivatie }) : ''],
      ['Training', a.training],
      ['Hoe kwam het gezin bij ons', a.wervingsbron],
    ]);
  }

  // ---- leden --------------------------------------------------------------------

  function fillLeden() {
    const lijst = gezin.leden || [];
    if (!lijst.length) {
      leden.body.replaceChildren(el('p', { class: 'zacht', text: 'Nog geen leden ingevuld.' }));
      return;
    }
    const ordered = [...lijst.filter((l) => l.soort !== 'kind'), ...lijst.filter((l) => l.soort === 'kind')];
    const columns = ['Naam', 'Leeftijd', 'Soort', 'Geboortedatum', 'Bijzonderheden'];
    if (kant === 'aanbod') {
      columns.push('VOG');
    }
    const rows = ordered.map((lid) => {
      const kind = lid.soort === 'kind';
      const details = kind
        ? [lid.woontThuis === false ? 'Woont niet thuis' : 'Woont thuis',
          kant === 'vraag' && lid.steunVoor ? 'Steun voor dit kind' : null]
        : [lid.telefoon, lid.email];
      const cells = [
        lidNaam(lid),
        // an expected child: "verwacht in maart 2027" instead of an age
        lid.verwacht || (Number.isInteger(lid.leeftijd) ? `${lid.leeftijd} jaar` : '—'),
        kind ? 'Kind' : 'Volwassene',
        lid.verwacht ? datumElement(lid.verwachtOp, '—') : datumElement(lid.geboortedatum, '—'),
        details.filter(Boolean).join(' · ') || '—',
      ];
      if (kant === 'aanbod') {
        // a kind has a VOG column from 16 (the server sends vogDatum then)
        cells.push(kind && !('vogDatum' in lid) ? '—' : vogStatus(lid));
      }
      return cells;
    });
    const parts = [table('Leden van het gezin', columns, rows, { hideCaption: true })];
    const nodig = (l) => (Number.isInteger(l.leeftijd) ? l.leeftijd >= 18 : l.soort !== 'kind');
    if (kant === 'aanbod' && ordered.some((l) => nodig(l) && l.vogGeldig === false)) {
      parts.push(el('p', {
        class: 'melding melding--let-op',
        text: 'Niet elk lid van 18 jaar of ouder heeft een geldige VOG. Zonder geldige VOG kan het gezin niet ' +
          'beschikbaar worden, tenzij het programma deze rol vrijstelt.',
      }));
    }
    if (kant === 'aanbod' && gezin.vogSignaal) {
      parts.push(el('p', { class: 'melding melding--let-op', text: gezin.vogSignaal }));
    }
    leden.body.replaceChildren(...parts);
  }

  // ---- address and registration ---------------------------------------------------

  function fillAdres() {
    const a = gezin.adres || {};
    const regel1 = [a.straat, a.huisnummer].filter(Boolean).join(' ');
    const regel2 = [a.postcode, a.plaats].filter(Boolean).join('  ');
    const door = gezin.aangemeldDoor || {};
    fill(adres.body,
      gegevens([
        ['Adres', regel1 || regel2 ? el('span', {}, regel1, regel1 && regel2 ? el('br') : null, regel2) : ''],
        ['Gemeente', a.gemeente],
        ['Talen', talenTekst(gezin.talen)],
        ['Huishouden', naamVan(lijsten, 'huishoudens', gezin.huishouden)],
      ]),
      postcodeMelding(),
      el('h3', { text: 'Aanmelding' }),
      gegevens([
        ['Aangemeld door', naamVan(lijsten, 'verwijzers', door.soort)],
        ['Organisatie', door.organisatie],
        ['Contact', door.contact],
        ['Aangemeld op', datumElement(gezin.aangemeldOp, '—')],
      ]),
    );
  }

  // Without coordinates no distance can be computed for matching.
  function postcodeMelding() {
    if (gezin.postcodeBekend !== false) {
      return null;
    }
    return el('p', {
      class: 'melding melding--let-op',
      text: gezin.adres?.postcode
        ? 'Postcode onbekend: geen afstand te berekenen.'
        : 'Geen postcode ingevuld: geen afstand te berekenen.',
    });
  }

  // ---- status ---------------------------------------------------------------------

  function fillStatus() {
    const lijst = statusLijst(kant);
    const nieuw = field({ name: 'status', label: 'Nieuwe status', type: 'select', options: options(lijsten, lijst) });
    nieuw.input.value = gezin.status;
    const datum = field({ name: 'statusDatum', label: 'Datum', type: 'date', attrs: { class: 'invoer--datum' } });
    datum.input.value = vandaag();
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Status wijzigen' });
    const formErrors = messageArea('fout');
    const form = el('form', { class: 'formulier status-formulier', novalidate: true, 'aria-label': 'Status wijzigen' },
      formErrors,
      el('div', { class: 'velden-rij' }, nieuw.wrapper, datum.wrapper),
      el('div', { class: 'knoppen' }, submit));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(status, '');
      if (nieuw.input.value === gezin.status) {
        setFieldError(nieuw.wrapper, 'Kies een andere status dan de huidige.');
        nieuw.input.focus();
        return;
      }
      const body = { status: nieuw.input.value };
      if (datum.input.value) {
        body.statusDatum = datum.input.value;
      }
      submit.disabled = true;
      try {
        const answer = await api('PATCH', path, { body, etag, signal: ctx.signal });
        gezin = answer.data;
        etag = answer.etag;
        fillKop();
        fillStatus();
        starten?.update(gezin);
        say(status, `De status is nu “${statusNaam(lijsten, gezin.rol, gezin.status)}”.`);
        statusBlok.title.focus();
      } catch (err) {
        submit.disabled = false;
        if (err.status === 412) {
          try {
            await fetchGezin();
          } catch (again) {
            showError(errors, again);
            return;
          }
          fillAll();
          say(errors, 'Iemand anders heeft dit gezin intussen gewijzigd. Hieronder staan de nieuwste gegevens. ' +
            'Kijk of de statuswijziging nog nodig is en probeer het opnieuw.');
          statusBlok.title.focus();
          return;
        }
        if (err?.invalidParams?.length) {
          // E.g. the VOG rule: the reason sits next to the status.
          const leftOver = showFieldErrors(form, err.invalidParams);
          say(formErrors, [err.detail || 'De status kon niet worden gewijzigd.', ...leftOver].join(' '));
          return;
        }
        showFormError(form, formErrors, err);
      }
    });

    // each status with the role it belongs to (a family may hold two roles)
    const historyRows = (gezin.statusGeschiedenis || []).map((s) => [
      datumElement(s.datum, '—'), naamVan(lijsten, 'rollen', s.rol || gezin.rol),
      statusNaam(lijsten, s.rol || gezin.rol, s.status) || s.status, (s.doorNaam || s.door) || '—',
    ]);
    fill(statusBlok.body,
      el('p', {}, (gezin.rollen || []).length > 1 ? `Huidige status als ${naamVan(lijsten, 'rollen', gezin.rol).toLowerCase()}: ` : 'Huidige status: ',
        el('span', { class: `label label--status label--${gezin.status}`, text: statusNaam(lijsten, gezin.rol, gezin.status) })),
      (gezin.rollen || []).length > 1
        ? el('p', { class: 'veld__hint', text: 'De status van de andere rol staat bij Rollen.' })
        : null,
      kant === 'aanbod' && gezin.status === 'beschikbaar'
        ? el('p', { class: 'beschikbaar-voor' }, 'Beschikbaar voor: ',
          (gezin.beschikbaarVoor || []).length
            ? gezin.beschikbaarVoor.map((p) => p.naam).join(', ')
            : 'geen programma (de regels van de programma\'s zijn intussen veranderd)')
        : null,
      kant === 'aanbod'
        ? el('p', {
          class: 'veld__hint',
          text: 'Een gezin kan pas beschikbaar worden als het voldoet aan de regels van een programma in zijn ' +
            'werkgebied: elk lid van 18 jaar of ouder heeft een VOG die binnen de geldigheid van dat programma valt, ' +
            'tenzij het programma deze rol vrijstelt.',
        })
        : null,
      form,
      el('h3', { text: 'Statusgeschiedenis' }),
      historyRows.length
        ? table('Statusgeschiedenis', ['Datum', 'Rol', 'Status', 'Door'], historyRows, { hideCaption: true })
        : el('p', { class: 'zacht', text: 'Nog geen statuswijzigingen.' }),
    );
  }

  // ---- toestemmingen -----------------------------------------------------------------

  function fillToestemmingen() {
    const lijst = gezin.toestemmingen || [];
    const rows = lijst.map((t) => {
      const doel = naamVan(lijsten, 'toestemmingDoelen', t.doel);
      let laatste;
      if (t.ingetrokkenOp) {
        laatste = el('span', {}, 'Ingetrokken op ', datumElement(t.ingetrokkenOp));
      } else {
        const knop = el('button', { type: 'button', class: 'knop knop--klein knop--secundair' },
          'Intrekken', el('span', { class: 'visueel-verborgen', text: `: ${doel}` }));
        knop.addEventListener('click', () => intrekken(t, doel, knop));
        laatste = knop;
      }
      return [doel, datumElement(t.gegevenOp, '—'), t.gegevenDoor || '—', laatste];
    });

    const doel = field({
      name: 'doel', label: 'Doel', type: 'select', options: options(lijsten, 'toestemmingDoelen'),
    });
    const door = field({ name: 'gegevenDoor', label: 'Gegeven door', attrs: { autocomplete: 'off' } });
    const op = field({ name: 'gegevenOp', label: 'Datum', type: 'date', attrs: { class: 'invoer--datum' } });
    op.input.value = vandaag();
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Toestemming toevoegen' });
    const formErrors = messageArea('fout');
    const formTitle = el('h3', { id: uniqueId('toestemming-nieuw'), text: 'Toestemming toevoegen' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': formTitle.id },
      formErrors, doel.wrapper, el('div', { class: 'velden-rij' }, door.wrapper, op.wrapper),
      el('div', { class: 'knoppen' }, submit));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(status, '');
      const body = { doel: doel.input.value, gegevenOp: op.input.value, gegevenDoor: door.input.value.trim() };
      if (!body.gegevenDoor) {
        setFieldError(door.wrapper, 'Vul in wie de toestemming gaf.');
        door.input.focus();
        return;
      }
      submit.disabled = true;
      try {
        await api('POST', `${path}/toestemmingen`, { body, signal: ctx.signal });
        await refreshToestemmingen(`Toestemming “${naamVan(lijsten, 'toestemmingDoelen', body.doel)}” is toegevoegd.`);
      } catch (err) {
        submit.disabled = false;
        showFormError(form, formErrors, err);
      }
    });

    toestemmingen.body.replaceChildren(
      rows.length
        ? table('Vastgelegde toestemmingen', ['Doel', 'Gegeven op', 'Gegeven door', 'Ingetrokken'], rows, { hideCaption: true })
        : el('p', { class: 'zacht', text: 'Er zijn geen toestemmingen vastgelegd.' }),
      formTitle,
      form,
    );
  }

  async function intrekken(t, doel, knop) {
    const ok = await confirmDialog({
      title: 'Toestemming intrekken?',
      text: `Het gezin trekt de toestemming “${doel}” in per vandaag. Dit blijft zichtbaar in de lijst.`,
      confirm: 'Intrekken',
    });
    if (!ok) {
      return;
    }
    knop.disabled = true;
    say(status, '');
    say(errors, '');
    try {
      await api('PATCH', `${path}/toestemmingen/${encodeURIComponent(t.id)}`,
        { body: { ingetrokkenOp: vandaag() }, signal: ctx.signal });
      await refreshToestemmingen(`De toestemming “${doel}” is ingetrokken.`);
    } catch (err) {
      knop.disabled = false;
      showError(errors, err);
    }
  }

  // After a consent changed: the gezin anew (its version may have changed).
  async function refreshToestemmingen(message) {
    try {
      await fetchGezin();
    } catch (err) {
      showError(errors, err);
      return;
    }
    fillToestemmingen();
    say(status, message);
    toestemmingen.title.focus();
  }

  // ---- logboek -----------------------------------------------------------------------

  const logLijst = el('div', { class: 'logboek' }, loading('Het logboek wordt geladen…'));

  function fillLogboekForm() {
    const soort = field({
      name: 'soort', label: 'Soort', type: 'select', options: options(lijsten, 'logboekSoorten'),
    });
    const tekstId = uniqueId('veld-tekst');
    const tekst = el('textarea', { id: tekstId, name: 'tekst', rows: '4', maxlength: '4000' });
    const tekstVeld = el('div', { class: 'veld', dataset: { veld: 'tekst' } },
      el('label', { for: tekstId, class: 'veld__label', text: 'Wat is er gedaan of besproken?' }),
      el('p', { id: `${tekstId}-fout`, class: 'veld__fout', hidden: true }),
      tekst);
    const datum = field({ name: 'datum', label: 'Datum', type: 'date', attrs: { class: 'invoer--datum' } });
    datum.input.value = vandaag();
    const hint = el('p', { class: 'veld__hint', text: 'Een regel in het logboek wordt niet meer gewijzigd. Een correctie is een nieuwe regel.' });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Toevoegen aan logboek' });
    const formErrors = messageArea('fout');
    const formTitle = el('h3', { id: uniqueId('logboek-nieuw'), text: 'Nieuwe regel' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': formTitle.id },
      formErrors, el('div', { class: 'velden-rij' }, soort.wrapper, datum.wrapper), tekstVeld, hint,
      el('div', { class: 'knoppen' }, submit));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(status, '');
      const body = { soort: soort.input.value, tekst: tekst.value.trim() };
      if (datum.input.value) {
        body.datum = datum.input.value;
      }
      if (!body.tekst) {
        setFieldError(tekstVeld, 'Schrijf op wat er is gedaan of besproken.');
        tekst.focus();
        return;
      }
      submit.disabled = true;
      try {
        await api('POST', `${path}/logboek`, { body, signal: ctx.signal });
        tekst.value = '';
        soort.input.selectedIndex = 0;
        datum.input.value = vandaag();
        say(status, body.soort === 'zorgsignaal'
          ? 'Het zorgsignaal is vastgelegd in het logboek.'
          : 'De regel is toegevoegd aan het logboek.');
        await loadLogboek();
      } catch (err) {
        showFormError(form, formErrors, err);
      } finally {
        submit.disabled = false;
      }
    });

    logboek.body.replaceChildren(formTitle, form, el('h3', { text: 'Eerdere regels' }), logLijst);
  }

  async function loadLogboek() {
    try {
      const { data } = await api('GET', `${path}/logboek`, { signal: ctx.signal });
      const regels = data?.regels || [];
      if (!regels.length) {
        logLijst.replaceChildren(el('p', { class: 'zacht', text: 'Het logboek is nog leeg.' }));
        return;
      }
      logLijst.replaceChildren(el('ol', { class: 'logboek__lijst' }, regels.map((r) => {
        const zorg = r.soort === 'zorgsignaal';
        return el('li', { class: `logregel${zorg ? ' logregel--zorgsignaal' : ''}` },
          el('p', { class: 'logregel__kop' },
            el('span', { class: `label ${zorg ? 'label--zorgsignaal' : 'label--soort'}`, text: naamVan(lijsten, 'logboekSoorten', r.soort) }),
            ' ', datumElement(r.datum, '—'),
            (r.doorNaam || r.door) ? el('span', { class: 'zacht', text: ` · ${(r.doorNaam || r.door)}` }) : null,
            r.aangemaaktOp ? el('span', { class: 'zacht' }, ' · vastgelegd ', timeElement(r.aangemaaktOp)) : null),
          el('p', { class: 'vrije-tekst', text: r.tekst }));
      })));
    } catch (err) {
      if (showError(errors, err)) {
        logLijst.replaceChildren();
      }
    }
  }

  return title;
}
