// Koppel web front end: the Evaluaties section of the koppeling page:
// planned (late ones marked), held and lapsed conversations, and the forms
// to plan, record, move or drop one.
//
// Every function takes the page's context `kp` (see koppeling-pagina.js).

import { api } from '/js/api.js';
import { clearFieldErrors, el, messageArea, say, setFieldError, uniqueId } from '/js/dom.js';
import { datumElement, formatDatum, vandaag } from '/js/keuzelijsten.js';
import { rolNaam, vraagNaam } from '/js/koppeling-kop.js';
import {
  DOORGAAN, VERLOOP, dagen, dagenTussen, doorgaanNaam, evaluatieSoorten, evaluatieStatusLabel, keuzes, soortNaam,
  verloopLabel,
} from '/js/koppeling-woorden.js';
import { table } from '/js/page.js';
import {
  annuleerKnop, datumVeld, gegevens, getalVeld, invoerVeld, keuzeGroep, keuzeVeld, showRefusal, tekst, tekstVeld,
  uitklapper, vrijeTekst,
} from '/js/velden.js';

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

// Sends a change of evaluation e (PATCH): the koppeling as answered and `message`; after a
// conflict the newest state with the reason; otherwise the refusal in the form.
async function wijzigEvaluatie(kp, form, formErrors, submit, e, body, message) {
  const { ctx, path, evaluaties, evaluatieMelding, toon, herlaad } = kp;
  submit.disabled = true;
  try {
    const answer = await api('PATCH', `${path}/evaluaties/${encodeURIComponent(e.id)}`, { body, etag: kp.etag, signal: ctx.signal });
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

/** Fills the Evaluaties section: planned, held and lapsed conversations, and planning a new one. */
export function fillEvaluaties(kp) {
  const { evaluaties, evaluatieMelding } = kp;
  const lijst = kp.k.evaluaties || [];
  const open = lijst.filter((e) => e.status === 'gepland' || e.status === 'te-laat');
  const gehouden = lijst.filter((e) => e.status === 'gehouden')
    .sort((a, b) => (b.gehoudenOp || '').localeCompare(a.gehoudenOp || ''));
  const vervallen = lijst.filter((e) => e.status === 'vervallen');
  const groep = new Set();

  const parts = [evaluatieMelding, el('h3', { text: 'Gepland' })];
  parts.push(open.length
    ? el('ol', { class: 'evaluaties' }, open.map((e) => evaluatieKaart(kp, e, groep)))
    : el('p', { class: 'zacht', text: 'Er staat geen evaluatie gepland.' }));
  if (kp.k.fase !== 'gestopt') {
    const inplannen = uitklapper({
      label: 'Evaluatie inplannen', groep, build: (klapper) => inplannenFormulier(kp, klapper),
    });
    parts.push(el('div', { class: 'knoppen knoppen--na-lijst' }, inplannen.button), inplannen.panel);
  }
  parts.push(el('h3', { text: 'Gehouden' }));
  parts.push(gehouden.length
    ? el('ol', { class: 'evaluaties' }, gehouden.map((e) => evaluatieKaart(kp, e, groep)))
    : el('p', { class: 'zacht', text: 'Nog geen evaluatie gehouden.' }));
  if (vervallen.length) {
    parts.push(el('h3', { text: 'Vervallen' }),
      el('p', { class: 'veld__hint', text: 'Deze gesprekken vervielen: met een reden, of doordat de koppeling eindigde.' }),
      el('ol', { class: 'evaluaties' }, vervallen.map((e) => evaluatieKaart(kp, e, groep))));
  }
  evaluaties.body.replaceChildren(...parts);
}

function evaluatieKaart(kp, e, groep) {
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
  const met = e.met === 'vraaggezin' ? ` met het ${vraagNaam(kp).toLowerCase()}`
    : e.met === 'steungezin' ? ` met het ${rolNaam(kp).toLowerCase()}` : '';
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
    children.push(verslag(kp, e));
  }
  if (e.status === 'gepland' || e.status === 'te-laat') {
    const context = `: ${soort}, gepland op ${formatDatum(e.geplandOp)}`;
    const vastleggen = uitklapper({
      label: ['Vastleggen', el('span', { class: 'visueel-verborgen', text: context })],
      className: 'knop knop--klein',
      groep,
      build: (klapper) => vastleggenFormulier(kp, e, klapper),
    });
    const verzetten = uitklapper({
      label: ['Verzetten', el('span', { class: 'visueel-verborgen', text: context })],
      className: 'knop knop--klein knop--secundair',
      groep,
      build: (klapper) => verzettenFormulier(kp, e, klapper),
    });
    const vervallen = uitklapper({
      label: ['Laten vervallen', el('span', { class: 'visueel-verborgen', text: context })],
      className: 'knop knop--klein knop--secundair',
      groep,
      build: (klapper) => vervallenFormulier(kp, e, klapper),
    });
    children.push(el('div', { class: 'knoppen knoppen--kaart' }, vastleggen.button, verzetten.button, vervallen.button),
      vastleggen.panel, verzetten.panel, vervallen.panel);
  }
  return el('li', { class: `evaluatie evaluatie--${e.status}`, dataset: { evaluatie: String(e.id) } }, children);
}

// What was recorded at a held evaluation.
function verslag(kp, e) {
  const v = e.verslag || {};
  const deelnemers = Array.isArray(v.deelnemers) ? v.deelnemers : [];
  const namen = { vraaggezin: vraagNaam(kp).toLowerCase(), steungezin: rolNaam(kp).toLowerCase(), coordinator: 'coördinator' };
  let wie = deelnemers.map((d) => namen[d] || d).join(', ');
  if (['vraaggezin', 'steungezin', 'coordinator'].every((d) => deelnemers.includes(d))) {
    wie = el('span', {}, el('span', { class: 'label label--driegesprek', text: 'Driegesprek' }), ` (${wie})`);
  }
  const tevreden = [
    Number.isInteger(v.tevredenheidVraaggezin) ? `${vraagNaam(kp).toLowerCase()} ${v.tevredenheidVraaggezin}` : null,
    Number.isInteger(v.tevredenheidSteungezin) ? `${rolNaam(kp).toLowerCase()} ${v.tevredenheidSteungezin}` : null,
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

function vastleggenFormulier(kp, e, klapper) {
  const { status } = kp;
  const soort = soortNaam(e.soort);
  const formTitle = el('p', { id: uniqueId('vastleggen'), class: 'paneel__titel', text: `${soort} vastleggen` });
  const formErrors = messageArea('fout');
  const gehoudenOp = datumVeld({ name: 'gehoudenOp', label: 'Gehouden op', value: vandaag() });
  const deelnemers = keuzeGroep({
    name: 'deelnemers',
    legend: 'Wie waren erbij?',
    type: 'checkbox',
    choices: [
      { value: 'vraaggezin', text: `${vraagNaam(kp)} (${kp.k.vraaggezin.naam})` },
      { value: 'steungezin', text: `${rolNaam(kp)} (${(kp.k.steungezin || kp.k.coach)?.naam || ''})` },
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
    name: 'tevredenheidVraaggezin', label: `Tevredenheid ${vraagNaam(kp).toLowerCase()}`, hint: 'Cijfer van 1 tot en met 10.', min: 1, max: 10,
  });
  const tevredenS = getalVeld({
    name: 'tevredenheidSteungezin', label: `Tevredenheid ${rolNaam(kp).toLowerCase()}`, hint: 'Cijfer van 1 tot en met 10.', min: 1, max: 10,
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
  const afgesproken = Array.isArray(kp.k.afspraken?.doelen) ? kp.k.afspraken.doelen : [];
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
    await wijzigEvaluatie(kp, form, formErrors, submit, e, body, `De ${soort.toLowerCase()} is vastgelegd.`);
  });
  return form;
}

function verzettenFormulier(kp, e, klapper) {
  const { status } = kp;
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
    await wijzigEvaluatie(kp, form, formErrors, submit, e, body, `De ${soort.toLowerCase()} is verzet naar ${formatDatum(body.geplandOp)}.`);
  });
  return form;
}

// A planned conversation that is not needed: kept with its reason, never planned again.
function vervallenFormulier(kp, e, klapper) {
  const { status } = kp;
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
    await wijzigEvaluatie(kp, form, formErrors, submit, e, body, `De ${soort.toLowerCase()} van ${formatDatum(e.geplandOp)} is vervallen.`);
  });
  return form;
}

function inplannenFormulier(kp, klapper) {
  const { status, evaluaties, stuur } = kp;
  const formTitle = el('p', { id: uniqueId('inplannen'), class: 'paneel__titel', text: 'Evaluatie inplannen' });
  const formErrors = messageArea('fout');
  const vroeg = kp.k.fase === 'voorstel' || kp.k.fase === 'kennismaking';
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
