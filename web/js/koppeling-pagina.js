// Koppel web front end: the page of one koppeling (#/koppelingen/{id}).
//
// - Header: the two gezinnen (links to their pages), programme, coordinator,
//   the children it is for, and the dates that matter; for a voorstel that
//   offered the family a choice, the other candidates ("Ook voorgesteld")
//   with links to their koppelingen and whether they were chosen. Moving
//   such a voorstel to kennismaking records the family's choice (after a
//   confirmation): the others close as niet gekozen.
// - Fasen: an ordered list of the phases, the current one marked with
//   aria-current="step", done ones with their dates and the next one with
//   what it waits for (bedenktijd, proefperiode, maximum duration). Below it
//   a button for each move the server allows right now (volgendeFasen),
//   each opening a small form; a refused move (409/422) is explained next
//   to the form.
// - Evaluaties: planned (late ones marked) and held, each planned one with
//   "Vastleggen" and "Verzetten"; "Evaluatie inplannen" adds one.
// - Afspraken: the current version, a form for a new version, the history.
// - Verloop: what was recorded, newest first, and a form.
// - Na de afronding (right below the phases, once afgerond): whether the
//   families keep in touch (PATCH with If-Match).
//
// Every change answers with the whole koppeling, which is shown anew.

import { api } from '/js/api.js';
import {
  clearFieldErrors, confirmDialog, el, heading, messageArea, say, setFieldError, uniqueId,
} from '/js/dom.js';
import { timeElement } from '/js/format.js';
import {
  datumElement, formatDatum, loadKeuzelijsten, naamVan, vandaag,
} from '/js/keuzelijsten.js';
import {
  CONTACT_NA_AFLOOP, DOORGAAN, FASE_ACTIE, VERLOOP,
  contactNaam, dagen, dagenTussen, doorgaanNaam, evaluatieSoorten, evaluatieStatusLabel, faseLabel, faseNaam, hoofdpad, keuzes,
  koppelingNaam, leeftijdOp, metHoofdletter, soortNaam, stopredenNaam, stopredenen, verloopLabel, woordenVan,
} from '/js/koppeling-woorden.js';
import { loading, showError, showFlash, table } from '/js/page.js';
import { paginaInhoud } from '/js/pagina-inhoud.js';
import {
  annuleerKnop, blok, datumVeld, gegevens, getalVeld, invoerVeld, keuzeGroep, keuzeVeld, regels, showRefusal,
  tekst, tekstVeld, uitklapper, vrijeTekst,
} from '/js/velden.js';

const EINDFASEN = new Set(['afronding', 'gestopt']);

// The move to kennismaking of a voorstel with fellow candidates: the family's choice.
const KEUZE_ACTIE = 'Gekozen: naar kennismaking';

// What the date of a move means, per phase.
const DATUM_UITLEG = {
  voorstel: { label: 'Datum', hint: '' },
  kennismaking: { label: 'Datum van de kennismaking', hint: 'Vanaf deze dag loopt de bedenktijd.' },
  proefperiode: { label: 'Begin van de proefperiode', hint: 'De evaluatie van de proefperiode wordt vanaf deze dag gepland.' },
  contract: { label: 'Datum van het contract', hint: '' },
  lopend: { label: 'Begin van de lopende fase', hint: 'Koppel plant de tussentijdse evaluaties vanaf deze dag.' },
  afronding: { label: 'Datum van de afronding', hint: '' },
  gestopt: { label: 'Gestopt op', hint: '' },
};

// A number from a number input: undefined when empty, NaN when not whole.
function geheel(input) {
  const value = input.value.trim();
  if (!value) {
    return undefined;
  }
  const n = Number(value);
  return Number.isInteger(n) ? n : NaN;
}

function isScore(n) {
  return Number.isInteger(n) && n >= 1 && n <= 10;
}

export function renderKoppeling(ctx) {
  const id = ctx.params.id;
  const path = `/koppelingen/${encodeURIComponent(id)}`;
  const title = heading('Koppeling');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', { class: 'koppeling-pagina' }, loading('De koppeling wordt geladen…'));
  ctx.main.replaceChildren(title, status, errors, holder);
  document.title = 'Koppeling · Koppelingen · Koppel';
  showFlash(status, ctx.takeFlash());

  let lijsten = {};
  let k = null;
  let etag = null;

  const kop = el('div', { class: 'koppeling-kop' });
  const fasen = blok('Fasen', 'blok--fasen');
  const evaluaties = blok('Evaluaties');
  const afspraken = blok('Afspraken');
  const verloop = blok('Verloop');
  const contact = blok('Na de afronding');
  // Messages that outlive a new rendering of their section (409 after reloading).
  const faseMelding = messageArea('fout');
  const evaluatieMelding = messageArea('fout');
  const contactMelding = messageArea('fout');

  async function fetchKoppeling() {
    const answer = await api('GET', path, { signal: ctx.signal });
    k = answer.data;
    etag = answer.etag;
  }

  (async () => {
    try {
      [lijsten] = await Promise.all([
        loadKeuzelijsten().catch(() => ({})),
        fetchKoppeling(),
      ]);
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren(el('p', {}, el('a', { href: '/#/koppelingen', text: 'Terug naar de koppelingen' })));
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    fillAll();
    holder.replaceChildren(kop, paginaInhoud(holder, ctx.signal), fasen.section, contact.section, evaluaties.section, afspraken.section, verloop.section);
  })();

  function fillAll() {
    fillKop();
    fillFasen();
    fillEvaluaties();
    fillAfspraken();
    fillVerloop();
    fillContact();
  }

  // After a change: the koppeling as the server answered, a message, and
  // the focus on the section it was about.
  function toon(answer, message, target) {
    k = answer.data;
    etag = answer.etag || etag;
    say(faseMelding, '');
    say(evaluatieMelding, '');
    say(contactMelding, '');
    say(errors, '');
    fillAll();
    say(status, message);
    target?.focus();
  }

  // Sends a form's body to `${path}/<deel>`: the koppeling as answered and
  // `message`, or the refusal in the form (its button usable again).
  async function stuur(form, formErrors, submit, deel, body, message, target) {
    submit.disabled = true;
    try {
      const answer = await api('POST', `${path}/${deel}`, { body, etag, signal: ctx.signal });
      toon(answer, message, target);
    } catch (err) {
      submit.disabled = false;
      if (err.status === 412) {
        // Someone else changed the koppeling meanwhile: show the newest state first.
        await herlaad(errors, err.detail, target);
        return;
      }
      showRefusal(form, formErrors, err);
    }
  }

  // Sends a change of evaluation e (PATCH): the koppeling as answered and `message`; after a
  // conflict the newest state with the reason; otherwise the refusal in the form.
  async function wijzigEvaluatie(form, formErrors, submit, e, body, message) {
    submit.disabled = true;
    try {
      const answer = await api('PATCH', `${path}/evaluaties/${encodeURIComponent(e.id)}`, { body, etag, signal: ctx.signal });
      toon(answer, message, evaluaties.title);
    } catch (err) {
      submit.disabled = false;
      if (err.status === 409 || err.status === 412) {
        await herlaad(evaluatieMelding, err.detail, evaluaties.title);
        return;
      }
      showRefusal(form, formErrors, err);
    }
  }

  // After a conflict: the newest state, and the reason next to `area`.
  async function herlaad(area, message, target) {
    try {
      await fetchKoppeling();
    } catch (err) {
      showError(errors, err);
      return;
    }
    fillAll();
    say(area, message);
    target?.focus();
  }

  // What the koppeling's programme calls the supporter ("Estafettegezin") and the asking family ("Startgezin").
  function rolNaam() {
    return metHoofdletter(woordenVan(k).steun) || naamVan(lijsten, 'rollen', k.steungezin?.rol) || 'Steunbiedend gezin';
  }

  function vraagNaam() {
    return metHoofdletter(woordenVan(k).vraag);
  }

  // ---- candidates of one voorstel ----------------------------------------------------

  // The other candidates of this voorstel that still wait for the family's choice.
  function openKandidaten() {
    return (k.kandidaten || []).filter((c) => c.fase === 'voorstel');
  }

  // Whether moving to kennismaking now is the family's choice between candidates.
  function isKeuze(naar) {
    return naar === 'kennismaking' && k.fase === 'voorstel' && openKandidaten().length > 0;
  }

  // How a fellow candidate stands: niet gekozen, gekozen, nog te kiezen or its phase.
  function kandidaatStand(c) {
    if (c.stopReden === 'niet-gekozen') {
      return 'niet gekozen';
    }
    if (c.fase === 'voorstel') {
      return 'nog niet gekozen';
    }
    if (c.fase === 'gestopt') {
      return `gestopt: ${stopredenNaam(c.stopReden, k.woorden).toLowerCase()}`;
    }
    return `gekozen, ${faseNaam(c.fase).toLowerCase()}`;
  }

  // "Ook voorgesteld: Gezin X (niet gekozen)", or null without fellow candidates.
  function kandidatenLijst() {
    const lijst = k.kandidaten || [];
    if (!lijst.length) {
      return null;
    }
    const titel = el('h2', { id: uniqueId('kandidaten'), class: 'kandidaten__titel', text: 'Ook voorgesteld' });
    return el('div', { class: 'kandidaten', role: 'group', 'aria-labelledby': titel.id },
      titel,
      el('p', {
        class: 'zacht',
        text: `In één voorstel; het ${woordenVan(k).vraag} kiest één ${woordenVan(k).steun}.`,
      }),
      el('ul', { class: 'lijst-kort kandidaten__lijst' }, lijst.map((c) => el('li', {
        class: `kandidaat kandidaat--${c.stopReden === 'niet-gekozen' ? 'niet-gekozen' : c.fase}`,
      },
      el('a', { href: `/#/koppelingen/${encodeURIComponent(c.id)}`, text: c.steungezin || `Koppeling ${c.id}` }),
      ` (${kandidaatStand(c)})`))));
  }

  // ---- header ---------------------------------------------------------------------

  function fillKop() {
    const naam = koppelingNaam(k.vraaggezin, k.steungezin);
    title.textContent = naam;
    document.title = `${naam} · Koppelingen · Koppel`;
    const gezinLink = (gezin, soort) => el('a', { class: 'paar__gezin', href: `/#/gezinnen/${encodeURIComponent(gezin.id)}` },
      el('span', { class: 'paar__soort', text: soort }),
      el('span', { class: 'visueel-verborgen', text: ': ' }),
      el('span', { class: 'paar__naam', text: gezin.naam }));
    const kinderen = (k.kinderen || []).map((c) => {
      const leeftijd = leeftijdOp(c.geboortedatum, vandaag());
      return Number.isInteger(leeftijd) ? `${c.voornaam} (${leeftijd} jaar)` : c.voornaam;
    });
    const stop = k.fase === 'gestopt' && k.stopReden
      ? ['Reden van stoppen', [stopredenNaam(k.stopReden, k.woorden), k.stopToelichting].filter(Boolean).join(': ')] : null;
    kop.replaceChildren(
      el('p', { class: 'koppeling-kop__labels' },
        el('span', { class: 'visueel-verborgen', text: 'Fase: ' }), faseLabel(k.fase),
        el('span', { class: 'visueel-verborgen', text: ', programma: ' }),
        el('span', { class: 'label label--rol', text: k.programma?.naam || '' })),
      el('div', { class: 'paar' },
        gezinLink(k.vraaggezin, vraagNaam()),
        el('span', { class: 'paar__teken', 'aria-hidden': 'true', text: '↔' }),
        gezinLink(k.steungezin, rolNaam())),
      gegevens([
        ['Programma', k.programma?.naam],
        ['Coördinator', k.coordinator?.naam || 'Nog geen coördinator'],
        ['Steun voor', kinderen.length ? kinderen.join(', ') : 'Geen kinderen gekozen'],
        ['Voorgesteld op', datumElement(k.voorgesteldOp, '—')],
        k.koppelingDatum ? ['Gekoppeld op', datumElement(k.koppelingDatum)] : null,
        k.contractGetekendOp ? ['Contract getekend op', datumElement(k.contractGetekendOp)] : null,
        k.maximaleEinddatum && !EINDFASEN.has(k.fase) ? ['Uiterlijk tot', datumElement(k.maximaleEinddatum)] : null,
        stop,
      ]),
      kandidatenLijst(),
      el('p', { class: 'knoppen knoppen--boven' },
        el('a', { class: 'knop knop--secundair', href: '/#/koppelingen', text: 'Alle koppelingen' })),
    );
  }

  // ---- phases ---------------------------------------------------------------------

  // The date the koppeling last entered `fase`, or ''.
  function datumVan(fase) {
    const overgangen = (k.faseovergangen || []).filter((o) => o.naar === fase);
    return overgangen.length ? overgangen[overgangen.length - 1].datum : '';
  }

  function tijdlijn() {
    // the phases of this programme's course (the server says which), else the whole catalogue
    const koers = Array.isArray(k.fasen) ? hoofdpad().filter((f) => k.fasen.includes(f)) : hoofdpad();
    const pad = k.fase === 'gestopt'
      ? [...koers.filter((f) => datumVan(f)), 'gestopt']
      : koers;
    const nu = pad.indexOf(k.fase);
    const items = pad.map((fase, i) => {
      let stand = 'later';
      if (i < nu) stand = 'klaar';
      else if (i === nu) stand = 'nu';
      else if (i === nu + 1) stand = 'volgende';
      const regelsVanFase = [];
      const datum = datumVan(fase);
      if (stand === 'klaar' && datum) {
        regelsVanFase.push(el('span', {}, datumElement(datum)));
      }
      if (stand === 'nu' && datum) {
        regelsVanFase.push(el('span', {}, EINDFASEN.has(fase) ? 'op ' : 'sinds ', datumElement(datum)));
      }
      if (stand === 'volgende' && k.fase === 'kennismaking' && k.bedenktijdTot) {
        regelsVanFase.push(el('span', { class: 'fase__termijn' }, 'bedenktijd tot ', datumElement(k.bedenktijdTot)));
      }
      if (stand === 'volgende' && k.fase === 'proefperiode' && k.proefperiodeTot) {
        regelsVanFase.push(el('span', { class: 'fase__termijn' }, 'proefperiode tot ', datumElement(k.proefperiodeTot)));
      }
      if (fase === 'afronding' && stand !== 'klaar' && stand !== 'nu' && k.maximaleEinddatum) {
        regelsVanFase.push(el('span', { class: 'fase__termijn' }, 'uiterlijk ', datumElement(k.maximaleEinddatum)));
      }
      if (fase === 'gestopt' && k.stopReden) {
        regelsVanFase.push(el('span', {}, stopredenNaam(k.stopReden, k.woorden)));
      }
      const standTekst = { klaar: ' (gedaan)', nu: ' (huidige fase)', volgende: ' (volgende fase)', later: '' }[stand];
      return el('li', {
        class: `fase fase--${stand}${fase === 'gestopt' ? ' fase--gestopt' : ''}`,
        'aria-current': stand === 'nu' ? 'step' : null,
      },
      el('span', { class: 'fase__naam' }, faseNaam(fase),
        standTekst ? el('span', { class: 'visueel-verborgen', text: standTekst }) : null),
      regelsVanFase.map((r) => el('span', { class: 'fase__regel' }, r)));
    });
    return el('ol', { class: 'fasen', 'aria-label': 'Fasen van deze koppeling' }, items);
  }

  function fillFasen() {
    const volgende = k.volgendeFasen || [];
    const groep = new Set();
    const klappers = volgende.map((naar) => uitklapper({
      label: isKeuze(naar) ? KEUZE_ACTIE : FASE_ACTIE[naar] || faseNaam(naar),
      className: naar === 'gestopt' ? 'knop knop--secundair' : 'knop',
      groep,
      build: (klapper) => faseFormulier(naar, klapper),
    }));
    const parts = [tijdlijn()];
    if ((k.verlengingen || []).length) {
      parts.push(el('h3', { text: 'Verlengd' }), el('ul', { class: 'verlengingen' }, k.verlengingen.map((v) => el('li', {},
        'Tot ', datumElement(v.totOp), ': ', el('span', { class: 'vrije-tekst', text: v.reden }),
        (v.doorNaam || v.door) ? el('span', { class: 'zacht', text: ` · ${(v.doorNaam || v.door)}` }) : null))));
    }
    if (k.verlengingMogelijk) {
      const verlengen = uitklapper({ label: 'Verlengen', className: 'knop knop--secundair', groep,
        build: (kl) => verlengenFormulier(kl) });
      klappers.push(verlengen);
    }
    if (volgende.length) {
      parts.push(
        el('h3', { text: 'Volgende stap' }),
        faseMelding,
        el('div', { class: 'knoppen knoppen--fasen' }, klappers.map((kl) => kl.button)),
        klappers.map((kl) => kl.panel),
      );
    } else {
      parts.push(faseMelding, el('p', {
        class: 'zacht',
        text: k.fase === 'afronding'
          ? 'Deze koppeling is afgerond. Er volgt geen fase meer.'
          : 'Deze koppeling is gestopt. Er volgt geen fase meer.',
      }));
    }
    fasen.body.replaceChildren(...parts.flat());
  }

  function faseFormulier(naar, klapper) {
    const keuze = isKeuze(naar);
    const titel = keuze ? KEUZE_ACTIE : {
      gestopt: 'Koppeling stoppen', afronding: 'Koppeling afronden',
    }[naar] || FASE_ACTIE[naar] || faseNaam(naar);
    const formTitle = el('h3', { id: uniqueId('fase-form'), text: titel });
    const formErrors = messageArea('fout');
    const uitleg = DATUM_UITLEG[naar] || DATUM_UITLEG.voorstel;
    const datum = datumVeld({
      name: 'datum', label: uitleg.label, hint: uitleg.hint || undefined, value: vandaag(),
    });
    const velden = [datum.wrapper];
    const meldingen = [];
    let getekend = null;
    let reden = null;
    let toelichting = null;

    if (naar === 'contract') {
      // only a course whose agreements are signed asks for the signing date
      if (k.afsprakenGetekend !== false) {
        getekend = datumVeld({
          name: 'contractGetekendOp',
          label: 'Getekend op',
          hint: 'De dag waarop beide gezinnen de afspraken tekenden.',
          value: k.contractGetekendOp || vandaag(),
        });
        velden.push(getekend.wrapper);
      }
      if (!k.afspraken) {
        meldingen.push(el('p', {
          class: 'melding melding--let-op',
          text: 'Er zijn nog geen afspraken vastgelegd. Leg ze eerst vast bij Afspraken, verderop op deze pagina.',
        }));
      }
      if (k.maximaleEinddatum) {
        meldingen.push(el('p', { class: 'veld__hint' },
          'Vertel beide gezinnen dat de steun van de coördinator stopt op de einddatum: uiterlijk ',
          datumElement(k.maximaleEinddatum), '.'));
      }
    }
    if (keuze) {
      meldingen.push(el('p', {
        class: 'melding melding--let-op',
        text: `Het ${woordenVan(k).vraag} kiest ${k.steungezin.naam}. `
          + `${openKandidaten().map((c) => c.steungezin).join(' en ')} `
          + `${openKandidaten().length > 1 ? 'worden' : 'wordt'} dan gesloten als niet gekozen.`,
      }));
    }
    let override = null;
    if (naar === 'kennismaking') {
      // contact details are shared from the kennismaking on: both families' consent, or a reason to go on without
      override = invoerVeld({
        name: 'toestemmingOverride',
        pointer: '/toestemmingOverride',
        label: 'Zonder toestemming doorgaan: reden',
        hint: 'Alleen invullen als een gezin (nog) geen toestemming gaf om contactgegevens te delen. '
          + 'Koppel legt de reden vast in het auditlog.',
        attrs: { maxlength: '500', autocomplete: 'off' },
      });
      velden.push(override.wrapper);
    }
    if (naar === 'lopend') {
      const proef = (k.evaluaties || []).find((e) => e.soort === 'evaluatie-proefperiode');
      if (!proef || proef.status !== 'gehouden') {
        meldingen.push(el('p', {
          class: 'melding melding--let-op',
          text: 'De evaluatie van de proefperiode is nog niet vastgelegd. Dat moet eerst.',
        }));
      }
    }
    if (naar === 'gestopt') {
      meldingen.push(el('p', {
        class: 'veld__hint',
        text: 'Stoppen mag; het is geen mislukking. Deze twee gezinnen worden daarna niet opnieuw aan elkaar voorgesteld.',
      }));
      reden = keuzeVeld({
        name: 'reden', label: 'Reden', empty: 'Kies een reden', choices: keuzes(stopredenen(k.woorden)),
      });
      toelichting = tekstVeld({
        name: 'toelichting', label: 'Toelichting', hint: 'Nodig bij de reden Anders.', rows: 3,
      });
      velden.push(reden.wrapper, toelichting.wrapper);
    }

    const submit = el('button', {
      type: 'submit',
      class: 'knop',
      text: keuze ? KEUZE_ACTIE : { gestopt: 'Koppeling stoppen', afronding: 'Koppeling afronden' }[naar] || FASE_ACTIE[naar],
    });
    const form = el('form', { class: 'formulier paneel__formulier', novalidate: true, 'aria-labelledby': formTitle.id },
      formTitle, formErrors, meldingen, velden, el('div', { class: 'knoppen' }, submit, annuleerKnop(klapper)));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(faseMelding, '');
      say(status, '');
      const body = { naar };
      if (datum.input.value) {
        body.datum = datum.input.value;
      }
      if (getekend?.input.value) {
        body.contractGetekendOp = getekend.input.value;
      }
      if (override && tekst(override.input)) {
        body.toestemmingOverride = { reden: tekst(override.input) };
      }
      if (reden) {
        if (!reden.input.value) {
          setFieldError(reden.wrapper, 'Kies een reden voor het stoppen.');
          reden.input.focus();
          return;
        }
        body.reden = reden.input.value;
        const t = tekst(toelichting.input);
        if (t) {
          body.toelichting = t;
        }
      }
      if (naar === 'gestopt') {
        const naam = koppelingNaam(k.vraaggezin, k.steungezin);
        const ok = await confirmDialog({
          title: `Koppeling ${naam} stoppen?`,
          text: `De koppeling stopt${body.datum ? ` op ${formatDatum(body.datum)}` : ''}, `
            + `met als reden: ${stopredenNaam(body.reden, k.woorden)}.`,
          gevolgen: [`${k.vraaggezin?.naam || 'Het vraaggezin'} en ${k.steungezin?.naam || 'het steungezin'} `
            + 'worden daarna niet opnieuw aan elkaar voorgesteld.',
          'Geplande evaluaties vervallen.',
          'Een gestopte koppeling kan niet weer verder.'],
          confirm: 'Koppeling stoppen',
        });
        if (!ok) {
          return;
        }
      }
      if (keuze) {
        const anderen = openKandidaten().map((c) => c.steungezin);
        const ok = await confirmDialog({
          title: `${k.steungezin.naam} gekozen?`,
          text: `${k.steungezin.naam} gaat naar de kennismaking. ${anderen.join(' en ')} `
            + `${anderen.length > 1 ? 'worden' : 'wordt'} gesloten als niet gekozen; dat is geen gestopte koppeling.`,
          confirm: 'Ja, gekozen',
        });
        if (!ok) {
          return;
        }
      }
      submit.disabled = true;
      try {
        const answer = await api('POST', `${path}/faseovergangen`, { body, etag, signal: ctx.signal });
        toon(answer, `De koppeling is nu in de fase ${faseNaam(answer.data.fase)}.`, fasen.title);
      } catch (err) {
        submit.disabled = false;
        if (err.status === 409 || err.status === 412) {
          // The koppeling moved meanwhile: show what is possible now.
          await herlaad(faseMelding, err.detail, fasen.title);
          return;
        }
        showRefusal(form, formErrors, err);
      }
    });
    return form;
  }

  // ---- evaluations ---------------------------------------------------------------------

  function fillEvaluaties() {
    const lijst = k.evaluaties || [];
    const open = lijst.filter((e) => e.status === 'gepland' || e.status === 'te-laat');
    const gehouden = lijst.filter((e) => e.status === 'gehouden')
      .sort((a, b) => (b.gehoudenOp || '').localeCompare(a.gehoudenOp || ''));
    const vervallen = lijst.filter((e) => e.status === 'vervallen');
    const groep = new Set();

    const parts = [evaluatieMelding, el('h3', { text: 'Gepland' })];
    parts.push(open.length
      ? el('ol', { class: 'evaluaties' }, open.map((e) => evaluatieKaart(e, groep)))
      : el('p', { class: 'zacht', text: 'Er staat geen evaluatie gepland.' }));
    if (k.fase !== 'gestopt') {
      const inplannen = uitklapper({
        label: 'Evaluatie inplannen', groep, build: (klapper) => inplannenFormulier(klapper),
      });
      parts.push(el('div', { class: 'knoppen knoppen--na-lijst' }, inplannen.button), inplannen.panel);
    }
    parts.push(el('h3', { text: 'Gehouden' }));
    parts.push(gehouden.length
      ? el('ol', { class: 'evaluaties' }, gehouden.map((e) => evaluatieKaart(e, groep)))
      : el('p', { class: 'zacht', text: 'Nog geen evaluatie gehouden.' }));
    if (vervallen.length) {
      parts.push(el('h3', { text: 'Vervallen' }),
        el('p', { class: 'veld__hint', text: 'Deze gesprekken vervielen: met een reden, of doordat de koppeling eindigde.' }),
        el('ol', { class: 'evaluaties' }, vervallen.map((e) => evaluatieKaart(e, groep))));
    }
    evaluaties.body.replaceChildren(...parts);
  }

  function evaluatieKaart(e, groep) {
    const soort = soortNaam(e.soort);
    const wanneer = el('p', { class: 'evaluatie__wanneer' });
    if (e.status === 'gehouden') {
      wanneer.append('Gehouden op ', datumElement(e.gehoudenOp, '—'));
      if (e.geplandOp && e.geplandOp !== e.gehoudenOp) {
        wanneer.append(el('span', { class: 'zacht' }, ' (gepland op ', datumElement(e.geplandOp), ')'));
      }
    } else {
      wanneer.append('Gepland op ', datumElement(e.geplandOp, '—'));
      if (e.status === 'te-laat') {
        const n = dagenTussen(e.geplandOp, vandaag());
        if (n > 0) {
          wanneer.append(' · ', el('strong', { class: 'te-laat', text: `${dagen(n)} te laat` }));
        }
      }
    }
    const met = e.met === 'vraaggezin' ? ` met het ${vraagNaam().toLowerCase()}`
      : e.met === 'steungezin' ? ` met het ${rolNaam().toLowerCase()}` : '';
    const children = [
      el('div', { class: 'evaluatie__kop' },
        el('h4', { class: 'evaluatie__titel', text: soort + met }),
        evaluatieStatusLabel(e.status)),
      wanneer,
    ];
    if (e.verzetReden) {
      children.push(el('p', { class: 'evaluatie__verzet' }, e.status === 'vervallen' ? 'Vervallen: ' : 'Verzet: ',
        el('span', { class: 'vrije-tekst', text: e.verzetReden })));
    }
    if (e.status === 'gehouden') {
      children.push(verslag(e));
    }
    if (e.status === 'gepland' || e.status === 'te-laat') {
      const context = `: ${soort}, gepland op ${formatDatum(e.geplandOp)}`;
      const vastleggen = uitklapper({
        label: ['Vastleggen', el('span', { class: 'visueel-verborgen', text: context })],
        className: 'knop knop--klein',
        groep,
        build: (klapper) => vastleggenFormulier(e, klapper),
      });
      const verzetten = uitklapper({
        label: ['Verzetten', el('span', { class: 'visueel-verborgen', text: context })],
        className: 'knop knop--klein knop--secundair',
        groep,
        build: (klapper) => verzettenFormulier(e, klapper),
      });
      const vervallen = uitklapper({
        label: ['Laten vervallen', el('span', { class: 'visueel-verborgen', text: context })],
        className: 'knop knop--klein knop--secundair',
        groep,
        build: (klapper) => vervallenFormulier(e, klapper),
      });
      children.push(el('div', { class: 'knoppen knoppen--kaart' }, vastleggen.button, verzetten.button, vervallen.button),
        vastleggen.panel, verzetten.panel, vervallen.panel);
    }
    return el('li', { class: `evaluatie evaluatie--${e.status}`, dataset: { evaluatie: String(e.id) } }, children);
  }

  // What was recorded at a held evaluation.
  function verslag(e) {
    const v = e.verslag || {};
    const deelnemers = Array.isArray(v.deelnemers) ? v.deelnemers : [];
    const namen = { vraaggezin: vraagNaam().toLowerCase(), steungezin: rolNaam().toLowerCase(), coordinator: 'coördinator' };
    let wie = deelnemers.map((d) => namen[d] || d).join(', ');
    if (['vraaggezin', 'steungezin', 'coordinator'].every((d) => deelnemers.includes(d))) {
      wie = el('span', {}, el('span', { class: 'label label--driegesprek', text: 'Driegesprek' }), ` (${wie})`);
    }
    const tevreden = [
      Number.isInteger(v.tevredenheidVraaggezin) ? `${vraagNaam().toLowerCase()} ${v.tevredenheidVraaggezin}` : null,
      Number.isInteger(v.tevredenheidSteungezin) ? `${rolNaam().toLowerCase()} ${v.tevredenheidSteungezin}` : null,
    ].filter(Boolean).join(' · ');
    const doelen = Array.isArray(v.doelen) && v.doelen.length
      ? table('Doelen', ['Doel', 'Bij de start', 'Nu'],
        v.doelen.map((d) => [d.doel, String(d.scoreStart ?? '—'), String(d.scoreNu ?? '—')]), { hideCaption: true })
      : null;
    return el('div', { class: 'verslag' },
      gegevens([
        ['Erbij', wie],
        ['Tevredenheid', tevreden],
        ['Doorgaan?', doorgaanNaam(v.doorgaan)],
        ['Verloop', v.verloop ? verloopLabel(v.verloop) : ''],
        ['Gewijzigde afspraken', v.gewijzigdeAfspraken ? el('span', { class: 'vrije-tekst', text: v.gewijzigdeAfspraken }) : ''],
        ['Vastgelegd door', (e.doorNaam || e.door)],
      ]),
      doelen ? el('h5', { text: 'Doelen' }) : null,
      doelen,
      v.notities ? el('h5', { text: 'In de woorden van de gezinnen' }) : null,
      v.notities ? vrijeTekst(v.notities) : null);
  }

  function vastleggenFormulier(e, klapper) {
    const soort = soortNaam(e.soort);
    const formTitle = el('p', { id: uniqueId('vastleggen'), class: 'paneel__titel', text: `${soort} vastleggen` });
    const formErrors = messageArea('fout');
    const gehoudenOp = datumVeld({ name: 'gehoudenOp', label: 'Gehouden op', value: vandaag() });
    const deelnemers = keuzeGroep({
      name: 'deelnemers',
      legend: 'Wie waren erbij?',
      type: 'checkbox',
      choices: [
        { value: 'vraaggezin', text: `${vraagNaam()} (${k.vraaggezin.naam})` },
        { value: 'steungezin', text: `${rolNaam()} (${k.steungezin.naam})` },
        { value: 'coordinator', text: 'Coördinator' },
      ],
    });
    const drie = el('p', { class: 'driegesprek-melding', 'aria-live': 'polite' });
    const toonDrie = () => {
      drie.replaceChildren();
      if (deelnemers.values().length === 3) {
        drie.append(el('span', { class: 'label label--driegesprek', text: 'Driegesprek' }),
          ' Vraaggezin, steunbiedend gezin en coördinator samen.');
      }
    };
    for (const input of deelnemers.inputs) {
      input.addEventListener('change', toonDrie);
    }
    deelnemers.wrapper.append(drie);

    const tevredenV = getalVeld({
      name: 'tevredenheidVraaggezin', label: `Tevredenheid ${vraagNaam().toLowerCase()}`, hint: 'Cijfer van 1 tot en met 10.', min: 1, max: 10,
    });
    const tevredenS = getalVeld({
      name: 'tevredenheidSteungezin', label: `Tevredenheid ${rolNaam().toLowerCase()}`, hint: 'Cijfer van 1 tot en met 10.', min: 1, max: 10,
    });
    const doorgaan = keuzeGroep({
      name: 'doorgaan', legend: 'Willen beide gezinnen doorgaan?', choices: keuzes(DOORGAAN),
    });
    const hoe = keuzeGroep({ name: 'verloop', legend: 'Hoe gaat het?', choices: keuzes(VERLOOP) });

    // Goals with a score at the start and now; the agreed goals come first.
    const doelRijen = [];
    const doelLijst = el('div', { class: 'doelen' });
    const doelenGroep = el('fieldset', { class: 'veld veld--groep', dataset: { veld: 'doelen', pointer: '/doelen' } },
      el('legend', { class: 'veld__label', text: 'Doelen' }),
      el('p', { class: 'veld__hint', text: 'Schaalvraag: een cijfer van 1 tot en met 10, bij de start en nu.' }),
      el('p', { class: 'veld__fout', hidden: true, id: uniqueId('doelen-fout') }),
      doelLijst);
    const nieuwDoel = el('button', { type: 'button', class: 'knop knop--klein knop--secundair', text: 'Doel toevoegen' });
    doelenGroep.append(el('div', { class: 'knoppen knoppen--kaart' }, nieuwDoel));

    function hernummer() {
      doelRijen.forEach((rij, i) => {
        rij.legend.textContent = `Doel ${i + 1}`;
        rij.doel.wrapper.dataset.pointer = `/doelen/${i}/doel`;
        rij.start.wrapper.dataset.pointer = `/doelen/${i}/scoreStart`;
        rij.nu.wrapper.dataset.pointer = `/doelen/${i}/scoreNu`;
      });
    }
    function voegDoelToe(tekstVanDoel = '', focus = false) {
      const legend = el('legend', { class: 'doel__titel' });
      const doel = invoerVeld({ name: 'doel', label: 'Doel', value: tekstVanDoel, attrs: { maxlength: '300' } });
      const start = getalVeld({ name: 'scoreStart', label: 'Bij de start', min: 1, max: 10 });
      const nu = getalVeld({ name: 'scoreNu', label: 'Nu', min: 1, max: 10 });
      const weg = el('button', { type: 'button', class: 'knop knop--klein knop--secundair' }, 'Doel weghalen');
      const rij = {
        legend, doel, start, nu,
      };
      rij.node = el('fieldset', { class: 'doel' }, legend, doel.wrapper,
        el('div', { class: 'velden-rij' }, start.wrapper, nu.wrapper), el('p', { class: 'doel__acties' }, weg));
      weg.addEventListener('click', () => {
        const at = doelRijen.indexOf(rij);
        doelRijen.splice(at, 1);
        rij.node.remove();
        hernummer();
        const buur = doelRijen[at] || doelRijen[at - 1];
        if (buur) {
          buur.doel.input.focus();
        } else {
          nieuwDoel.focus();
        }
      });
      doelRijen.push(rij);
      doelLijst.append(rij.node);
      hernummer();
      if (focus) {
        doel.input.focus();
      }
    }
    nieuwDoel.addEventListener('click', () => voegDoelToe('', true));
    const afgesproken = Array.isArray(k.afspraken?.doelen) ? k.afspraken.doelen : [];
    if (afgesproken.length) {
      afgesproken.forEach((d) => voegDoelToe(d));
    } else {
      voegDoelToe();
    }

    const gewijzigd = tekstVeld({
      name: 'gewijzigdeAfspraken',
      label: 'Gewijzigde afspraken',
      hint: 'Wat is er aan de afspraken veranderd? Leg de nieuwe versie ook vast bij Afspraken.',
    });
    const notities = tekstVeld({
      name: 'notities',
      label: 'Notities',
      hint: 'In de eigen woorden van de gezinnen: wat gaat goed, wat kan anders?',
      rows: 5,
      maxlength: 4000,
    });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Evaluatie vastleggen' });
    const form = el('form', { class: 'formulier paneel__formulier', novalidate: true, 'aria-labelledby': formTitle.id },
      formTitle, formErrors, gehoudenOp.wrapper, deelnemers.wrapper,
      el('div', { class: 'velden-rij' }, tevredenV.wrapper, tevredenS.wrapper),
      doorgaan.wrapper, hoe.wrapper, doelenGroep, gewijzigd.wrapper, notities.wrapper,
      el('div', { class: 'knoppen' }, submit, annuleerKnop(klapper)));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(status, '');
      const fouten = [];
      const body = { gehoudenOp: gehoudenOp.input.value };
      if (!body.gehoudenOp) {
        fouten.push([gehoudenOp.wrapper, 'Vul in wanneer het gesprek was.']);
      }
      body.deelnemers = deelnemers.values();
      if (!body.deelnemers.length) {
        fouten.push([deelnemers.wrapper, 'Kies wie erbij waren.']);
      }
      for (const [veld, naam] of [[tevredenV, 'tevredenheidVraaggezin'], [tevredenS, 'tevredenheidSteungezin']]) {
        const n = geheel(veld.input);
        if (n !== undefined && !isScore(n)) {
          fouten.push([veld.wrapper, 'Geef een cijfer van 1 tot en met 10.']);
        } else if (n !== undefined) {
          body[naam] = n;
        }
      }
      if (doorgaan.value()) {
        body.doorgaan = doorgaan.value();
      }
      if (hoe.value()) {
        body.verloop = hoe.value();
      }
      const doelen = [];
      for (const rij of doelRijen) {
        const doel = tekst(rij.doel.input);
        const start = geheel(rij.start.input);
        const nu = geheel(rij.nu.input);
        if (!doel && start === undefined && nu === undefined) {
          continue;
        }
        if (!doel) {
          fouten.push([rij.doel.wrapper, 'Beschrijf het doel.']);
        }
        for (const [veld, n] of [[rij.start, start], [rij.nu, nu]]) {
          if (!isScore(n)) {
            fouten.push([veld.wrapper, 'Geef een cijfer van 1 tot en met 10.']);
          }
        }
        doelen.push({ doel, scoreStart: start, scoreNu: nu });
      }
      if (doelen.length) {
        body.doelen = doelen;
      }
      const g = tekst(gewijzigd.input);
      if (g) {
        body.gewijzigdeAfspraken = g;
      }
      const n = tekst(notities.input);
      if (n) {
        body.notities = n;
      }
      if (fouten.length) {
        for (const [wrapper, message] of fouten) {
          setFieldError(wrapper, message);
        }
        say(formErrors, 'Niet alles is goed ingevuld. Kijk bij de velden met een melding.');
        fouten[0][0].querySelector('input, select, textarea')?.focus();
        return;
      }
      await wijzigEvaluatie(form, formErrors, submit, e, body, `De ${soort.toLowerCase()} is vastgelegd.`);
    });
    return form;
  }

  function verzettenFormulier(e, klapper) {
    const soort = soortNaam(e.soort);
    const formTitle = el('p', { id: uniqueId('verzetten'), class: 'paneel__titel', text: `${soort} verzetten` });
    const formErrors = messageArea('fout');
    const datum = datumVeld({ name: 'geplandOp', label: 'Nieuwe datum', value: e.geplandOp });
    const reden = invoerVeld({
      name: 'reden',
      label: 'Reden',
      hint: 'Verplicht. Koppel plant deze evaluatie daarna niet meer zelf om.',
      attrs: { maxlength: '500', autocomplete: 'off' },
    });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Verzetten' });
    const form = el('form', { class: 'formulier paneel__formulier', novalidate: true, 'aria-labelledby': formTitle.id },
      formTitle, formErrors, el('div', { class: 'velden-rij' }, datum.wrapper), reden.wrapper,
      el('div', { class: 'knoppen' }, submit, annuleerKnop(klapper)));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(status, '');
      const body = { geplandOp: datum.input.value, reden: tekst(reden.input) };
      let first = null;
      if (!body.geplandOp) {
        setFieldError(datum.wrapper, 'Kies de nieuwe datum.');
        first ??= datum.input;
      } else if (body.geplandOp === e.geplandOp) {
        setFieldError(datum.wrapper, 'Kies een andere datum dan de huidige.');
        first ??= datum.input;
      }
      if (!body.reden) {
        setFieldError(reden.wrapper, 'Geef een reden om te verzetten.');
        first ??= reden.input;
      }
      if (first) {
        first.focus();
        return;
      }
      await wijzigEvaluatie(form, formErrors, submit, e, body, `De ${soort.toLowerCase()} is verzet naar ${formatDatum(body.geplandOp)}.`);
    });
    return form;
  }

  // A planned conversation that is not needed: kept with its reason, never planned again.
  function vervallenFormulier(e, klapper) {
    const soort = soortNaam(e.soort);
    const formTitle = el('p', { id: uniqueId('vervallen'), class: 'paneel__titel', text: `${soort} laten vervallen` });
    const formErrors = messageArea('fout');
    const reden = invoerVeld({
      name: 'reden',
      label: 'Reden',
      hint: 'Verplicht. Het gesprek blijft zichtbaar als vervallen en Koppel plant het niet opnieuw.',
      attrs: { maxlength: '500', autocomplete: 'off' },
    });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Laten vervallen' });
    const form = el('form', { class: 'formulier paneel__formulier', novalidate: true, 'aria-labelledby': formTitle.id },
      formTitle, formErrors, reden.wrapper, el('div', { class: 'knoppen' }, submit, annuleerKnop(klapper)));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(status, '');
      const body = { vervallen: true, reden: tekst(reden.input) };
      if (!body.reden) {
        setFieldError(reden.wrapper, 'Geef een reden om te laten vervallen.');
        reden.input.focus();
        return;
      }
      await wijzigEvaluatie(form, formErrors, submit, e, body, `De ${soort.toLowerCase()} van ${formatDatum(e.geplandOp)} is vervallen.`);
    });
    return form;
  }

  // A later end date, when the programme allows it: the rhythm is planned again up to it.
  function verlengenFormulier(klapper) {
    const formTitle = el('p', { id: uniqueId('verlengen'), class: 'paneel__titel', text: 'Koppeling verlengen' });
    const formErrors = messageArea('fout');
    const datum = datumVeld({
      name: 'totOp',
      label: 'Nieuwe einddatum',
      hint: k.maximaleEinddatum ? `Na de huidige einddatum, ${formatDatum(k.maximaleEinddatum)}.` : 'Na de huidige einddatum.',
    });
    const reden = invoerVeld({
      name: 'reden',
      label: 'Reden',
      hint: 'Verplicht, bijvoorbeeld: samen besloten bij de evaluatie.',
      attrs: { maxlength: '1000', autocomplete: 'off' },
    });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Verlengen' });
    const form = el('form', { class: 'formulier paneel__formulier', novalidate: true, 'aria-labelledby': formTitle.id },
      formTitle, formErrors, el('div', { class: 'velden-rij' }, datum.wrapper), reden.wrapper,
      el('div', { class: 'knoppen' }, submit, annuleerKnop(klapper)));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(status, '');
      const body = { totOp: datum.input.value, reden: tekst(reden.input) };
      let first = null;
      if (!body.totOp) {
        setFieldError(datum.wrapper, 'Kies de nieuwe einddatum.');
        first ??= datum.input;
      }
      if (!body.reden) {
        setFieldError(reden.wrapper, 'Geef een reden om te verlengen.');
        first ??= reden.input;
      }
      if (first) {
        first.focus();
        return;
      }
      await stuur(form, formErrors, submit, 'verlengingen', body,
        `De koppeling is verlengd tot ${formatDatum(body.totOp)}.`, fasen.title);
    });
    return form;
  }

  function inplannenFormulier(klapper) {
    const formTitle = el('p', { id: uniqueId('inplannen'), class: 'paneel__titel', text: 'Evaluatie inplannen' });
    const formErrors = messageArea('fout');
    const vroeg = k.fase === 'voorstel' || k.fase === 'kennismaking';
    const soort = keuzeVeld({
      name: 'soort',
      label: 'Soort gesprek',
      choices: keuzes(evaluatieSoorten()),
      value: vroeg ? 'kennismakingsgesprek' : 'voortgangsgesprek',
    });
    const datum = datumVeld({ name: 'geplandOp', label: 'Datum', value: vandaag() });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Inplannen' });
    const form = el('form', { class: 'formulier paneel__formulier', novalidate: true, 'aria-labelledby': formTitle.id },
      formTitle, formErrors, el('div', { class: 'velden-rij' }, soort.wrapper, datum.wrapper),
      el('div', { class: 'knoppen' }, submit, annuleerKnop(klapper)));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(status, '');
      const body = { soort: soort.input.value, geplandOp: datum.input.value };
      if (!body.geplandOp) {
        setFieldError(datum.wrapper, 'Kies een datum.');
        datum.input.focus();
        return;
      }
      await stuur(form, formErrors, submit, 'evaluaties', body,
        `${soortNaam(body.soort)} is ingepland op ${formatDatum(body.geplandOp)}.`, evaluaties.title);
    });
    return form;
  }

  // ---- agreements ---------------------------------------------------------------------

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

  function fillAfspraken() {
    const huidig = k.afspraken;
    const geschiedenis = k.afsprakenGeschiedenis || [];
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
        text: EINDFASEN.has(k.fase)
          ? 'Er zijn geen afspraken vastgelegd.'
          : 'Er zijn nog geen afspraken vastgelegd. Leg ze vast voordat beide gezinnen het contract tekenen.',
      }));
    }
    if (!EINDFASEN.has(k.fase)) {
      const klapper = uitklapper({
        label: huidig ? 'Nieuwe versie vastleggen' : 'Afspraken vastleggen',
        build: (kl) => afsprakenFormulier(kl),
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

  function afsprakenFormulier(klapper) {
    const a = k.afspraken || {};
    const formTitle = el('p', {
      id: uniqueId('afspraken'), class: 'paneel__titel', text: k.afspraken ? 'Nieuwe versie van de afspraken' : 'Afspraken vastleggen',
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

  // ---- verloop ---------------------------------------------------------------------------

  function fillVerloop() {
    const lijst = [...(k.verloop || [])].reverse();
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
    if (!EINDFASEN.has(k.fase)) {
      const klapper = uitklapper({ label: 'Verloop vastleggen', build: (kl) => verloopFormulier(kl) });
      parts.unshift(el('div', { class: 'knoppen knoppen--boven' }, klapper.button), klapper.panel);
    }
    verloop.body.replaceChildren(...parts);
  }

  function verloopFormulier(klapper) {
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

  // ---- contact after closure -------------------------------------------------------------

  function fillContact() {
    contact.section.hidden = k.fase !== 'afronding';
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
      value: k.contactNaAfloop || 'onbekend',
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
        const answer = await api('PATCH', path, { body, etag, signal: ctx.signal });
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
      el('p', {}, 'Nu vastgelegd: ', el('strong', { text: contactNaam(k.contactNaAfloop || 'onbekend') }), '.'),
      form,
    );
  }

  return title;
}
