// Koppel web front end: beheer of programmes (only for a beheerder).
//
//   #/beheer/programmas          every programme (archived ones on request)
//   #/beheer/programmas/nieuw    a new programme (POST)
//   #/beheer/programmas/{id}     change every setting (PATCH with If-Match),
//                                archive, or delete one that was never used
//
// Errors from the server are shown next to the field they name
// (invalidParams pointers such as "/maxMaanden" or "/gewichten/afstand").

import { api } from '/js/api.js';
import {
  clearFieldErrors, confirmDialog, el, heading, messageArea, say,
} from '/js/dom.js';
import {
  beheerNav, loading, showError, showFlash, table,
} from '/js/page.js';
import {
  blok, getalVeld, invoerVeld, keuzeGroep, showRefusal,
} from '/js/velden.js';

const ROLLEN = [
  { value: 'steungezin', text: 'Steungezin' },
  { value: 'steunmaatje', text: 'Steunmaatje' },
  { value: 'buddy', text: 'Buddy' },
  { value: 'estafettegezin', text: 'Estafettegezin' },
];

const CRITERIA = [
  ['afstand', 'Afstand'], ['steunvormen', 'Steunvormen'], ['dagdelen', 'Dagdelen'], ['frequentie', 'Frequentie'],
  ['leeftijd', 'Leeftijd'], ['taal', 'Taal'], ['wensen', 'Wensen'], ['ervaring', 'Ervaring'],
  ['interesses', 'Interesses'], ['steunstijl', 'Steunstijl'],
];

const rolNaam = (r) => ROLLEN.find((x) => x.value === r)?.text || r;

// ---- list ---------------------------------------------------------------------------

export function renderProgrammas(ctx) {
  const title = heading("Programma's");
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading("De programma's worden geladen…"));
  const archief = el('input', { type: 'checkbox', id: 'toon-gearchiveerd' });
  const filter = el('div', { class: 'keuze' }, archief,
    el('label', { for: archief.id, text: "Ook gearchiveerde programma's tonen" }));
  const nieuw = el('a', { class: 'knop', href: '/#/beheer/programmas/nieuw', text: 'Nieuw programma' });
  ctx.main.replaceChildren(title, beheerNav('programmas'), status, errors, el('div', { class: 'knoppen' }, nieuw),
    filter, holder);
  document.title = "Programma's · Beheer · Koppel";
  showFlash(status, ctx.takeFlash());

  async function load() {
    try {
      const { data } = await api('GET', `/programmas${archief.checked ? '?gearchiveerd=true' : ''}`, { signal: ctx.signal });
      const programmas = data?.programmas || [];
      if (!programmas.length) {
        holder.replaceChildren(el('p', { text: "Er zijn nog geen programma's." }));
        return;
      }
      holder.replaceChildren(table("Alle programma's", ['Naam', 'Steunbieders', 'Werkgebieden', 'Looptijd', 'Status', 'Actie'],
        programmas.map((p) => [
          p.naam,
          (p.rollen || []).map(rolNaam).join(', '),
          (p.werkgebieden || []).length ? p.werkgebieden.join(', ') : 'Nergens aangeboden',
          `${p.maxMaanden} maanden`,
          p.gearchiveerd ? 'Gearchiveerd' : 'In gebruik',
          el('a', { href: `/#/beheer/programmas/${encodeURIComponent(p.id)}` },
            'Wijzigen', el('span', { class: 'visueel-verborgen', text: ` ${p.naam}` })),
        ]), { hideCaption: true }));
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
    }
  }

  archief.addEventListener('change', load);
  load();
  return title;
}

// ---- create and edit ----------------------------------------------------------------

export function renderProgrammaNieuw(ctx) {
  return renderForm(ctx, null);
}

export function renderProgrammaBewerken(ctx) {
  return renderForm(ctx, ctx.params.id);
}

// A number field's value: a number, null when empty and `leeg` is null, undefined otherwise.
function getal(input, leeg) {
  const text = input.value.trim();
  if (text === '') {
    return leeg;
  }
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

function renderForm(ctx, id) {
  const path = id ? `/programmas/${encodeURIComponent(id)}` : null;
  const title = heading(id ? 'Programma wijzigen' : 'Nieuw programma');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const holder = el('div', {}, loading('De gegevens worden geladen…'));
  ctx.main.replaceChildren(title, beheerNav('programmas'), status, errors, holder);
  document.title = `${id ? 'Programma wijzigen' : 'Nieuw programma'} · Beheer · Koppel`;

  let etag = null;

  async function load() {
    try {
      const [{ data: wg }, programma] = await Promise.all([
        api('GET', '/werkgebieden', { signal: ctx.signal }),
        path ? api('GET', path, { signal: ctx.signal }) : Promise.resolve(null),
      ]);
      etag = programma?.etag || null;
      holder.replaceChildren(buildForm(programma?.data || null, wg?.werkgebieden || []));
      if (programma) {
        document.title = `${programma.data.naam} · Programma's · Koppel`;
      }
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren(el('p', {}, el('a', { href: '/#/beheer/programmas', text: "Terug naar de programma's" })));
      }
    }
  }

  function buildForm(p, werkgebieden) {
    const v = p || {
      rollen: [], bedenktijdDagen: 7, proefMaanden: 0, proefWeken: 0, evaluatieMaanden: 6, voortgangsgesprekken: false,
      vogGeldigheidMaanden: 36, vogVrijgesteldeRollen: [], maxAfstandKm: null, verlengingToegestaan: false,
      werkgebieden: [], gewichten: {}, wachttijdPrioriteit: 0, gearchiveerd: false,
    };
    const naam = invoerVeld({ name: 'naam', label: 'Naam', value: v.naam, attrs: { autocomplete: 'off', required: true } });
    const rollen = keuzeGroep({
      name: 'rollen', legend: 'Wie biedt steun', type: 'checkbox', choices: ROLLEN, value: v.rollen,
      hint: 'De soorten steunbiedende gezinnen of vrijwilligers die dit programma koppelt.',
    });
    const wgs = keuzeGroep({
      name: 'werkgebieden', legend: 'Aangeboden in', type: 'checkbox', value: v.werkgebieden,
      choices: werkgebieden.map((w) => ({ value: w.code, text: `${w.naam} (${w.code})` })),
      hint: "Coördinatoren zien en kiezen alleen de programma's van hun eigen werkgebieden.",
    });
    const bedenktijd = getalVeld({
      name: 'bedenktijdDagen', label: 'Bedenktijd (dagen)', min: 0, max: 60, value: v.bedenktijdDagen,
      hint: 'Hoe lang beide gezinnen na de kennismaking mogen nadenken.',
    });
    const proefMaanden = getalVeld({
      name: 'proefMaanden', label: 'Proefperiode (maanden)', min: 0, max: 12, value: v.proefMaanden,
      hint: '0 maanden en 0 weken: het programma heeft geen proefperiode.',
    });
    const proefWeken = getalVeld({ name: 'proefWeken', label: 'Proefperiode (weken)', min: 0, max: 52, value: v.proefWeken });
    const evaluatie = getalVeld({
      name: 'evaluatieMaanden', label: 'Evaluatie elke (maanden)', min: 0, max: 24, value: v.evaluatieMaanden,
      hint: 'Tussentijdse evaluaties in de lopende fase; 0: geen.',
    });
    const voortgang = keuzeGroep({
      name: 'voortgangsgesprekken', legend: 'Soort gesprek', value: v.voortgangsgesprekken ? 'ja' : 'nee',
      choices: [{ value: 'nee', text: 'Tussentijdse evaluatie' }, { value: 'ja', text: 'Voortgangsgesprek' }],
    });
    const maxMaanden = getalVeld({
      name: 'maxMaanden', label: 'Maximale duur (maanden)', min: 1, max: 120, value: v.maxMaanden,
      hint: 'Vanaf de kennismaking; dan volgt het afsluitende gesprek.',
    });
    const verlenging = keuzeGroep({
      name: 'verlengingToegestaan', legend: 'Verlenging', value: v.verlengingToegestaan ? 'ja' : 'nee',
      choices: [{ value: 'nee', text: 'Niet toegestaan' }, { value: 'ja', text: 'Toegestaan' }],
    });
    const afstand = getalVeld({
      name: 'maxAfstandKm', label: 'Maximale afstand (km)', min: 1, max: 500, value: v.maxAfstandKm,
      hint: 'Leeg: het programma stelt geen grens.',
    });
    const vog = getalVeld({
      name: 'vogGeldigheidMaanden', label: 'VOG geldig (maanden)', min: 1, max: 120, value: v.vogGeldigheidMaanden,
    });
    const vogVrij = keuzeGroep({
      name: 'vogVrijgesteldeRollen', legend: 'Geen VOG nodig voor', type: 'checkbox', choices: ROLLEN,
      value: v.vogVrijgesteldeRollen,
    });
    const prio = getalVeld({
      name: 'wachttijdPrioriteit', label: 'Voorrang per jaar wachten (matchronde)', min: 0, max: 100,
      value: v.wachttijdPrioriteit,
    });
    const gewichten = CRITERIA.map(([key, label]) => [key, getalVeld({
      name: `gewicht-${key}`, pointer: `/gewichten/${key}`, label, min: 0, max: 100, value: v.gewichten?.[key],
    })]);
    const gearchiveerd = keuzeGroep({
      name: 'gearchiveerd', legend: 'Status', value: v.gearchiveerd ? 'ja' : 'nee',
      choices: [{ value: 'nee', text: 'In gebruik' }, { value: 'ja', text: 'Gearchiveerd' }],
      hint: 'Een gearchiveerd programma blijft bij bestaande koppelingen staan, maar is niet meer te kiezen.',
    });

    const formErrors = messageArea('fout');
    const submit = el('button', { type: 'submit', class: 'knop', text: id ? 'Opslaan' : 'Programma toevoegen' });
    const knoppen = el('div', { class: 'knoppen' }, submit,
      el('a', { class: 'knop knop--secundair', href: '/#/beheer/programmas', text: "Terug naar de programma's" }));
    const algemeen = blok('Algemeen');
    algemeen.body.append(naam.wrapper, rollen.wrapper, wgs.wrapper, gearchiveerd.wrapper);
    const verloop = blok('Verloop van een koppeling');
    verloop.body.append(bedenktijd.wrapper, proefMaanden.wrapper, proefWeken.wrapper, evaluatie.wrapper,
      voortgang.wrapper, maxMaanden.wrapper, verlenging.wrapper);
    const regels = blok('Regels voor steunbieders');
    regels.body.append(afstand.wrapper, vog.wrapper, vogVrij.wrapper);
    const matching = blok('Gewichten bij het zoeken (0–100)');
    matching.body.append(...gewichten.map(([, f]) => f.wrapper), prio.wrapper);
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': id ? 'Programma wijzigen' : 'Nieuw programma' },
      formErrors, algemeen.section, verloop.section, regels.section, matching.section, knoppen);

    if (id) {
      const weg = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Verwijderen' });
      knoppen.append(weg);
      weg.addEventListener('click', async () => {
        const ok = await confirmDialog({
          title: 'Programma verwijderen?',
          text: `${p.naam} wordt verwijderd. Dat kan alleen als het nooit is gebruikt; anders archiveer je het.`,
          confirm: 'Verwijderen',
        });
        if (!ok) {
          return;
        }
        try {
          await api('DELETE', path, { signal: ctx.signal });
          ctx.navigate('#/beheer/programmas', `Programma ${p.naam} is verwijderd.`);
        } catch (err) {
          showError(formErrors, err);
        }
      });
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      say(status, '');
      const body = {
        naam: naam.input.value.trim(),
        rollen: rollen.values(),
        werkgebieden: wgs.values(),
        gearchiveerd: gearchiveerd.value() === 'ja',
        bedenktijdDagen: getal(bedenktijd.input),
        proefMaanden: getal(proefMaanden.input),
        proefWeken: getal(proefWeken.input),
        evaluatieMaanden: getal(evaluatie.input),
        voortgangsgesprekken: voortgang.value() === 'ja',
        maxMaanden: getal(maxMaanden.input),
        verlengingToegestaan: verlenging.value() === 'ja',
        maxAfstandKm: getal(afstand.input, null),
        vogGeldigheidMaanden: getal(vog.input),
        vogVrijgesteldeRollen: vogVrij.values(),
        wachttijdPrioriteit: getal(prio.input),
        gewichten: Object.fromEntries(gewichten.map(([key, f]) => [key, getal(f.input)]).filter(([, x]) => x !== undefined)),
      };
      if (!body.naam) {
        delete body.naam;
      }
      for (const key of Object.keys(body)) {
        if (body[key] === undefined) {
          delete body[key];
        }
      }
      submit.disabled = true;
      try {
        if (id) {
          await api('PATCH', path, { body, etag, signal: ctx.signal });
          ctx.navigate('#/beheer/programmas', `Programma ${body.naam || p.naam} is opgeslagen.`);
        } else {
          await api('POST', '/programmas', { body, signal: ctx.signal });
          ctx.navigate('#/beheer/programmas', `Programma ${body.naam} is toegevoegd.`);
        }
      } catch (err) {
        submit.disabled = false;
        if (err?.status === 412) {
          await load();
          say(errors, 'Iemand anders heeft dit programma intussen gewijzigd. Hieronder staan de nieuwste gegevens. ' +
            'Breng je wijziging opnieuw aan en sla op.');
          title.focus();
          return;
        }
        showRefusal(form, formErrors, err);
      }
    });
    return form;
  }

  load();
  return title;
}
