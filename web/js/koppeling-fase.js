// Koppel web front end: the Fasen section of the koppeling page: the
// timeline of phases, the moves the server allows now (volgendeFasen), each
// with its form, and extending the koppeling. Moving a voorstel with fellow
// candidates to kennismaking records the family's choice.
//
// Every function takes the page's context `kp` (see koppeling-pagina.js).

import { api } from '/js/api.js';
import { clearFieldErrors, confirmDialog, el, messageArea, say, setFieldError, uniqueId } from '/js/dom.js';
import { datumElement, formatDatum, vandaag } from '/js/keuzelijsten.js';
import {
  FASE_ACTIE, faseNaam, hoofdpad, keuzes, koppelingNaam, stopredenNaam, stopredenen, woordenVan,
} from '/js/koppeling-woorden.js';
import {
  annuleerKnop, datumVeld, invoerVeld, keuzeVeld, showRefusal, tekst, tekstVeld, uitklapper,
} from '/js/velden.js';

/** The phases after which nothing follows. */
export const EINDFASEN = new Set(['afronding', 'gestopt']);

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

// The other candidates of this voorstel that still wait for the family's choice.
function openKandidaten(kp) {
  return (kp.k.kandidaten || []).filter((c) => c.fase === 'voorstel');
}

// Whether moving to kennismaking now is the family's choice between candidates.
function isKeuze(kp, naar) {
  return naar === 'kennismaking' && kp.k.fase === 'voorstel' && openKandidaten(kp).length > 0;
}

// The date the koppeling last entered `fase`, or ''.
function datumVan(kp, fase) {
  const overgangen = (kp.k.faseovergangen || []).filter((o) => o.naar === fase);
  return overgangen.length ? overgangen[overgangen.length - 1].datum : '';
}

function tijdlijn(kp) {
  // the phases of this programme's course (the server says which), else the whole catalogue
  const koers = Array.isArray(kp.k.fasen) ? hoofdpad().filter((f) => kp.k.fasen.includes(f)) : hoofdpad();
  const pad = kp.k.fase === 'gestopt'
    ? [...koers.filter((f) => datumVan(kp, f)), 'gestopt']
    : koers;
  const nu = pad.indexOf(kp.k.fase);
  const items = pad.map((fase, i) => {
    let stand = 'later';
    if (i < nu) stand = 'klaar';
    else if (i === nu) stand = 'nu';
    else if (i === nu + 1) stand = 'volgende';
    const regelsVanFase = [];
    const datum = datumVan(kp, fase);
    if (stand === 'klaar' && datum) {
      regelsVanFase.push(el('span', {}, datumElement(datum)));
    }
    if (stand === 'nu' && datum) {
      regelsVanFase.push(el('span', {}, EINDFASEN.has(fase) ? 'op ' : 'sinds ', datumElement(datum)));
    }
    if (stand === 'volgende' && kp.k.fase === 'kennismaking' && kp.k.bedenktijdTot) {
      regelsVanFase.push(el('span', { class: 'fase__termijn' }, 'bedenktijd tot ', datumElement(kp.k.bedenktijdTot)));
    }
    if (stand === 'volgende' && kp.k.fase === 'proefperiode' && kp.k.proefperiodeTot) {
      regelsVanFase.push(el('span', { class: 'fase__termijn' }, 'proefperiode tot ', datumElement(kp.k.proefperiodeTot)));
    }
    if (fase === 'afronding' && stand !== 'klaar' && stand !== 'nu' && kp.k.maximaleEinddatum) {
      regelsVanFase.push(el('span', { class: 'fase__termijn' }, 'uiterlijk ', datumElement(kp.k.maximaleEinddatum)));
    }
    if (fase === 'gestopt' && kp.k.stopReden) {
      regelsVanFase.push(el('span', {}, stopredenNaam(kp.k.stopReden, kp.k.woorden)));
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

/** Fills the Fasen section: the timeline, extensions and a button with a form for each move allowed now. */
export function fillFasen(kp) {
  const { fasen, faseMelding } = kp;
  const volgende = kp.k.volgendeFasen || [];
  const groep = new Set();
  const klappers = volgende.map((naar) => uitklapper({
    label: isKeuze(kp, naar) ? KEUZE_ACTIE : FASE_ACTIE[naar] || faseNaam(naar),
    className: naar === 'gestopt' ? 'knop knop--secundair' : 'knop',
    groep,
    build: (klapper) => faseFormulier(kp, naar, klapper),
  }));
  const parts = [tijdlijn(kp)];
  if ((kp.k.verlengingen || []).length) {
    parts.push(el('h3', { text: 'Verlengd' }), el('ul', { class: 'verlengingen' }, kp.k.verlengingen.map((v) => el('li', {},
      'Tot ', datumElement(v.totOp), ': ', el('span', { class: 'vrije-tekst', text: v.reden }),
      (v.doorNaam || v.door) ? el('span', { class: 'zacht', text: ` · ${(v.doorNaam || v.door)}` }) : null))));
  }
  if (kp.k.verlengingMogelijk) {
    const verlengen = uitklapper({ label: 'Verlengen', className: 'knop knop--secundair', groep,
      build: (kl) => verlengenFormulier(kp, kl) });
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
      text: kp.k.fase === 'afronding'
        ? 'Deze koppeling is afgerond. Er volgt geen fase meer.'
        : 'Deze koppeling is gestopt. Er volgt geen fase meer.',
    }));
  }
  fasen.body.replaceChildren(...parts.flat());
}

function faseFormulier(kp, naar, klapper) {
  const { ctx, path, status, fasen, faseMelding, toon, herlaad } = kp;
  const keuze = isKeuze(kp, naar);
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
    if (kp.k.afsprakenGetekend !== false) {
      getekend = datumVeld({
        name: 'contractGetekendOp',
        label: 'Getekend op',
        hint: 'De dag waarop beide gezinnen de afspraken tekenden.',
        value: kp.k.contractGetekendOp || vandaag(),
      });
      velden.push(getekend.wrapper);
    }
    if (!kp.k.afspraken) {
      meldingen.push(el('p', {
        class: 'melding melding--let-op',
        text: 'Er zijn nog geen afspraken vastgelegd. Leg ze eerst vast bij Afspraken, verderop op deze pagina.',
      }));
    }
    if (kp.k.maximaleEinddatum) {
      meldingen.push(el('p', { class: 'veld__hint' },
        'Vertel beide gezinnen dat de steun van de coördinator stopt op de einddatum: uiterlijk ',
        datumElement(kp.k.maximaleEinddatum), '.'));
    }
  }
  if (keuze) {
    meldingen.push(el('p', {
      class: 'melding melding--let-op',
      text: `Het ${woordenVan(kp.k).vraag} kiest ${kp.k.steungezin.naam}. `
        + `${openKandidaten(kp).map((c) => c.steungezin).join(' en ')} `
        + `${openKandidaten(kp).length > 1 ? 'worden' : 'wordt'} dan gesloten als niet gekozen.`,
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
    const proef = (kp.k.evaluaties || []).find((e) => e.soort === 'evaluatie-proefperiode');
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
      name: 'reden', label: 'Reden', empty: 'Kies een reden', choices: keuzes(stopredenen(kp.k.woorden)),
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
      const naam = koppelingNaam(kp.k.vraaggezin, kp.k.steungezin);
      const ok = await confirmDialog({
        title: `Koppeling ${naam} stoppen?`,
        text: `De koppeling stopt${body.datum ? ` op ${formatDatum(body.datum)}` : ''}, `
          + `met als reden: ${stopredenNaam(body.reden, kp.k.woorden)}.`,
        gevolgen: [`${kp.k.vraaggezin?.naam || 'Het vraaggezin'} en ${kp.k.steungezin?.naam || 'het steungezin'} `
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
      const anderen = openKandidaten(kp).map((c) => c.steungezin);
      const ok = await confirmDialog({
        title: `${kp.k.steungezin.naam} gekozen?`,
        text: `${kp.k.steungezin.naam} gaat naar de kennismaking. ${anderen.join(' en ')} `
          + `${anderen.length > 1 ? 'worden' : 'wordt'} gesloten als niet gekozen; dat is geen gestopte koppeling.`,
        confirm: 'Ja, gekozen',
      });
      if (!ok) {
        return;
      }
    }
    submit.disabled = true;
    try {
      const answer = await api('POST', `${path}/faseovergangen`, { body, etag: kp.etag, signal: ctx.signal });
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

// A later end date, when the programme allows it: the rhythm is planned again up to it.
function verlengenFormulier(kp, klapper) {
  const { status, fasen, stuur } = kp;
  const formTitle = el('p', { id: uniqueId('verlengen'), class: 'paneel__titel', text: 'Koppeling verlengen' });
  const formErrors = messageArea('fout');
  const datum = datumVeld({
    name: 'totOp',
    label: 'Nieuwe einddatum',
    hint: kp.k.maximaleEinddatum ? `Na de huidige einddatum, ${formatDatum(kp.k.maximaleEinddatum)}.` : 'Na de huidige einddatum.',
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
