// Koppel web front end: "Suggesties" for a vraaggezin (#/gezinnen/:id/suggesties).
//
// Koppel proposes and explains; the coordinator decides. The page asks
// GET /gezinnen/{id}/suggesties (for the programme chosen at the top) and
// shows each candidate with naam, rol, plaats, score and distance, the
// criteria that fit ("Past omdat…"), those that fit less ("Minder passend"),
// those that count neutrally because something is not known, and the risks. Per candidate the coordinator can:
// - "Koppeling starten": a dialog says what will happen and asks the date
//   of the proposal and the children the support is for (as the form on the
//   gezin page does), then POST /koppelingen with the chosen programme;
//   the new koppeling's page opens; when the
//   programme offers the family a choice (kandidaten 2 or 3), candidates can
//   also be ticked and proposed together as one voorstel (steungezinnen);
// - "Uitsluiten": a small form asks for a reason (required, next to the
//   field when missing or refused) and POSTs /gezinnen/{id}/uitsluitingen;
//   the candidate leaves the list.
// Below the list: the exclusions made by hand, each with "Ongedaan maken"
// (DELETE), and the gezinnen that hard rules leave out, with their reasons.

import { api } from '/js/api.js';
import {
  clearFieldErrors, confirmDialog, el, heading, messageArea, say, setFieldError, uniqueId,
} from '/js/dom.js';
import { formatDateTime } from '/js/format.js';
import { loadKeuzelijsten, naamVan, vandaag } from '/js/keuzelijsten.js';
import { leeftijdOp } from '/js/koppeling-woorden.js';
import { loading, showError, showFlash } from '/js/page.js';
import {
  annuleerKnop, blok, datumVeld, keuzeGroep, keuzeVeld, showRefusal, tekst, tekstVeld, uitklapper,
} from '/js/velden.js';

// The Dutch name of each criterion the server scores (also for match rounds).
export const CRITERIA = {
  afstand: 'Afstand',
  steunvormen: 'Steun',
  dagdelen: 'Dagdelen',
  frequentie: 'Hoe vaak',
  leeftijd: 'Leeftijd kinderen',
  taal: 'Taal',
  wensen: 'Wensen',
  ervaring: 'Ervaringsdeskundigheid',
  interesses: 'Interesses',
  steunstijl: 'Steunstijl',
};

// A criterion scores 0..1; the server gives 0.5 to what is not known
// ("telt neutraal"). Above it is a reason the pair fits, below a reason it
// fits less.
const NEUTRAAL = 0.5;

const km = (n) => `${String(n).replace('.', ',')} km`;

export function renderSuggesties(ctx) {
  const id = ctx.params.id;
  const title = heading('Suggesties');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const terug = el('p', {}, el('a', { href: `/#/gezinnen/${encodeURIComponent(id)}`, text: 'Terug naar het gezin' }));
  const keuze = el('div', {});
  const kandidatenBlok = blok('Suggesties', 'blok--suggesties');
  const uitsluitingenBlok = blok('Uitgesloten door een coördinator', 'blok--uitsluitingen');
  const regelsBlok = blok('Valt af door de regels', 'blok--valt-af');
  const holder = el('div', {}, loading('De suggesties worden geladen…'));
  ctx.main.replaceChildren(
    terug,
    title,
    status,
    errors,
    el('p', {
      class: 'veld__hint',
      text: 'Koppel stelt steunbiedende gezinnen voor en legt uit waarom. Jij beslist.',
    }),
    keuze,
    holder,
  );
  document.title = 'Suggesties · Koppel';
  showFlash(status, ctx.takeFlash());

  let gezin = null;
  let lijsten = null;
  let programmas = [];
  let programma = null; // the select
  let vraag = 0;
  let samen = null; // the choice between candidates, when the programme offers one

  (async () => {
    try {
      const [g, p, l] = await Promise.all([
        api('GET', `/gezinnen/${encodeURIComponent(id)}`, { signal: ctx.signal }),
        api('GET', '/programmas', { signal: ctx.signal }),
        loadKeuzelijsten(),
      ]);
      gezin = g.data;
      programmas = p.data?.programmas || [];
      lijsten = l;
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    title.textContent = `Suggesties voor ${gezin.naam}`;
    document.title = `Suggesties voor ${gezin.naam} · Koppel`;
    if (programmas.length) {
      programma = keuzeVeld({
        name: 'programma',
        label: 'Programma',
        hint: 'De rollen en de weging van dit programma gelden.',
        choices: programmas.map((x) => ({ value: String(x.id), text: x.naam })),
      });
      programma.input.addEventListener('change', () => laden());
      keuze.replaceChildren(programma.wrapper);
    }
    holder.replaceChildren(kandidatenBlok.section, uitsluitingenBlok.section, regelsBlok.section);
    await laden();
  })();

  // (Re)loads the suggestions and the exclusions.
  async function laden() {
    const mine = ++vraag;
    const q = new URLSearchParams({ uitgeslotenTonen: 'true' });
    if (programma?.input.value) {
      q.set('programma', programma.input.value);
    }
    kandidatenBlok.body.replaceChildren(loading('De suggesties worden geladen…'));
    let sugg;
    let uit;
    try {
      [sugg, uit] = await Promise.all([
        api('GET', `/gezinnen/${encodeURIComponent(id)}/suggesties?${q}`, { signal: ctx.signal }),
        api('GET', `/gezinnen/${encodeURIComponent(id)}/uitsluitingen`, { signal: ctx.signal }),
      ]);
    } catch (err) {
      if (mine === vraag && showError(errors, err)) {
        kandidatenBlok.body.replaceChildren();
      }
      return;
    }
    if (ctx.signal.aborted || mine !== vraag) {
      return;
    }
    const kandidaten = sugg.data?.kandidaten || [];
    const uitsluitingen = uit.data?.uitsluitingen || [];
    const handmatig = new Set(uitsluitingen.map((u) => u.steungezin?.id));
    // Those excluded by hand are listed with their reason below; not twice.
    const afgevallen = (sugg.data?.uitgesloten || []).filter((u) => !handmatig.has(u.gezin?.id));

    samen = samenVoorstel(kandidaten.length);
    kandidatenBlok.body.replaceChildren(...(kandidaten.length
      ? [samen?.section, el('ol', { class: 'suggesties' }, kandidaten.map(kandidaat))].filter(Boolean)
      : [el('p', { class: 'zacht', text: 'Er is nu geen steunbiedend gezin dat past. Kijk hieronder wat afvalt.' })]));

    uitsluitingenBlok.body.replaceChildren(uitsluitingen.length
      ? el('ul', { class: 'lijst-kort uitsluitingen' }, uitsluitingen.map(uitsluiting))
      : el('p', { class: 'zacht', text: 'Geen gezinnen uitgesloten.' }));

    regelsBlok.body.replaceChildren(afgevallen.length
      ? el('ul', { class: 'lijst-kort afgevallen' }, afgevallen.map((u) => el('li', {},
        el('a', { href: `/#/gezinnen/${encodeURIComponent(u.gezin.id)}`, text: u.gezin.naam }),
        el('span', { class: 'zacht', text: ` · ${rolNaam(u.gezin.rol)}` }),
        el('ul', { class: 'redenen redenen--hard' }, (u.redenen || []).map((r) => el('li', { text: r }))))))
      : el('p', { class: 'zacht', text: 'Geen gezin valt af door de regels.' }));
  }

  function rolNaam(rol) {
    return lijsten ? naamVan(lijsten, 'rollen', rol) : rol;
  }

  // One candidate with its explanation and actions.
  function kandidaat(k) {
    const g = k.gezin || {};
    const criteria = (k.criteria || []).filter((c) => c.gewicht !== 0 && c.zin);
    const goed = criteria.filter((c) => c.score > NEUTRAAL);
    const minder = criteria.filter((c) => c.score < NEUTRAAL);
    const neutraal = criteria.filter((c) => c.score === NEUTRAAL);
    const risicos = k.risicos || [];
    const acties = el('div', { class: 'knoppen' });
    const melding = messageArea('fout');
    const li = el('li', { class: 'suggestie', dataset: { gezin: String(g.id) } },
      el('div', { class: 'suggestie__kop' },
        el('h3', { class: 'suggestie__naam' },
          el('a', { href: `/#/gezinnen/${encodeURIComponent(g.id)}`, text: g.naam })),
        el('p', { class: 'suggestie__gegevens' },
          el('span', { class: 'label label--rol', text: rolNaam(g.rol) }),
          g.plaats ? ` ${g.plaats}` : null,
          typeof k.afstandKm === 'number' ? ` · ${km(k.afstandKm)}` : ' · afstand onbekend',
          ' · ', el('strong', { class: 'suggestie__score', text: `score ${k.score} van 100` })),
        el('meter', {
          class: 'suggestie__balk', min: 0, max: 100, value: k.score, 'aria-label': `Score ${k.score} van 100`,
        })),
      goed.length ? [
        el('h4', { text: 'Past omdat…' }),
        el('ul', { class: 'redenen redenen--past' }, goed.map(reden)),
      ] : null,
      minder.length ? [
        el('h4', { text: 'Minder passend' }),
        el('ul', { class: 'redenen redenen--minder' }, minder.map(reden)),
      ] : null,
      neutraal.length ? [
        el('h4', { text: 'Telt neutraal' }),
        el('ul', { class: 'redenen redenen--neutraal zacht' }, neutraal.map(reden)),
      ] : null,
      risicos.length ? [
        el('h4', { text: 'Let op' }),
        el('ul', { class: 'redenen redenen--risico' }, risicos.map((r) => el('li', { text: r }))),
      ] : null,
      melding,
      acties);

    const starten = el('button', { type: 'button', class: 'knop', text: 'Koppeling starten' });
    starten.setAttribute('aria-label', `Koppeling starten met ${g.naam}`);
    starten.addEventListener('click', () => koppelingStarten(g, starten, melding));

    const uitsluiten = uitklapper({
      label: 'Uitsluiten',
      build: (self) => uitsluitForm(g, self),
    });
    uitsluiten.button.setAttribute('aria-label', `${g.naam} uitsluiten`);
    acties.append(starten, uitsluiten.button);
    if (samen) {
      acties.append(samen.vakje(g));
    }
    li.append(uitsluiten.panel);
    return li;
  }

  function reden(c) {
    return el('li', {},
      el('span', { class: 'reden__criterium', text: `${CRITERIA[c.criterium] || c.criterium}: ` }),
      c.zin);
  }

  // The chosen programme: its words and how many candidates one voorstel may hold.
  function gekozenProgramma() {
    const p = programmas.find((x) => String(x.id) === programma?.input.value);
    const max = Number.isInteger(p?.kandidaten) ? Math.max(1, Math.min(3, p.kandidaten)) : 1;
    return { max, woorden: { steun: 'steungezin', vraag: 'vraaggezin', ...(p?.woorden || {}) } };
  }

  /**
   * Asks before a koppeling is proposed with `namen` (the supporters): a
   * dialog that says what will happen and asks the date of the proposal
   * and the children the support is for (those the gezin marked are
   * ticked). Resolves to {datum, kinderen} or null when cancelled.
   */
  async function vraagStart(namen) {
    const p = programmas.find((x) => String(x.id) === programma?.input.value);
    const { woorden } = gekozenProgramma();
    const kinderen = (gezin.leden || []).filter((l) => l.soort === 'kind');
    const groep = kinderen.length ? keuzeGroep({
      name: 'kinderen',
      legend: 'Voor welke kinderen?',
      type: 'checkbox',
      choices: kinderen.map((c) => {
        const leeftijd = Number.isInteger(c.leeftijd) ? c.leeftijd : leeftijdOp(c.geboortedatum, vandaag());
        return { value: String(c.id), text: Number.isInteger(leeftijd) ? `${c.voornaam} (${leeftijd} jaar)` : c.voornaam };
      }),
      value: kinderen.filter((c) => c.steunVoor !== false).map((c) => String(c.id)),
    }) : null;
    const datum = datumVeld({
      name: 'datum', label: 'Voorgesteld op', hint: 'Vandaag, of de dag waarop je het voorstel deed.', value: vandaag(),
    });
    const samenGekozen = namen.length > 1;
    const ok = await confirmDialog({
      title: samenGekozen ? 'Gezinnen samen voorstellen?' : `Koppeling starten met ${namen[0]}?`,
      text: samenGekozen
        ? `Koppel stelt ${namen.join(' en ')} samen voor aan ${gezin.naam}, in het programma ${p?.naam || ''}. `
          + `Het ${woorden.vraag} kiest; het gekozen gezin gaat naar de kennismaking.`
        : `Koppel maakt een voorstel voor een koppeling tussen ${gezin.naam} en ${namen[0]}, `
          + `in het programma ${p?.naam || ''}. De koppeling begint in de fase Voorstel; de volgende stap is de kennismaking.`,
      gevolgen: ['Daarna opent de pagina van de nieuwe koppeling.'],
      velden: [groep ? groep.wrapper : el('p', { class: 'zacht', text: 'Bij dit gezin zijn geen kinderen ingevuld.' }),
        datum.wrapper],
      check() {
        setFieldError(datum.wrapper, datum.input.value ? '' : 'Vul de datum van het voorstel in.');
        if (groep) {
          setFieldError(groep.wrapper, groep.values().length ? '' : 'Kies voor welk kind of welke kinderen de steun is.');
        }
        if (groep && !groep.values().length) {
          groep.inputs[0].focus();
          return false;
        }
        if (!datum.input.value) {
          datum.input.focus();
          return false;
        }
        return true;
      },
      confirm: samenGekozen ? 'Samen voorstellen' : 'Koppeling starten',
      gevaar: false,
    });
    if (!ok) {
      return null;
    }
    return { datum: datum.input.value, kinderen: groep ? groep.values().map(Number) : [] };
  }

  /**
   * When the programme offers a choice and there are two or more
   * candidates: a part above the list with a button that proposes the ticked
   * ones (2..max) as one voorstel, and vakje(g) for a candidate's checkbox.
   * Null otherwise.
   */
  function samenVoorstel(aantal) {
    const { max, woorden } = gekozenProgramma();
    if (max < 2 || aantal < 2) {
      return null;
    }
    const gekozen = new Map(); // id → naam
    const melding = messageArea('fout');
    const telling = el('p', { class: 'samen__telling', 'aria-live': 'polite' });
    const knop = el('button', { type: 'button', class: 'knop', text: 'Samen voorstellen' });
    const titel = el('h3', { id: uniqueId('samen'), text: `Keuze voor het ${woorden.vraag}` });
    const section = el('div', { class: 'samen', role: 'group', 'aria-labelledby': titel.id },
      titel,
      el('p', { class: 'veld__hint', text: `Kies tot ${max} gezinnen; het ${woorden.vraag} kiest. Vink ze hieronder aan.` }),
      melding, telling, el('div', { class: 'knoppen' }, knop));
    const bij = () => {
      const n = gekozen.size;
      telling.textContent = n ? `Gekozen: ${[...gekozen.values()].join(', ')}` : 'Nog geen gezin gekozen.';
      knop.disabled = n < 2 || n > max;
      say(melding, n > max ? `Kies hoogstens ${max} gezinnen.` : '');
    };
    bij();
    knop.addEventListener('click', async () => {
      say(melding, '');
      const antwoord = await vraagStart([...gekozen.values()]);
      if (!antwoord) {
        return;
      }
      const body = {
        vraaggezin: Number(gezin.id),
        steungezinnen: [...gekozen.keys()],
        programma: Number(programma.input.value),
        kinderen: antwoord.kinderen,
        datum: antwoord.datum,
      };
      knop.disabled = true;
      try {
        const { data } = await api('POST', '/koppelingen', { body, signal: ctx.signal });
        ctx.navigate(`#/koppelingen/${encodeURIComponent(data.id)}`,
          `${gekozen.size} gezinnen zijn samen voorgesteld. Het ${woorden.vraag} kiest; dat gezin gaat naar de kennismaking.`);
      } catch (err) {
        knop.disabled = false;
        showError(melding, err);
      }
    });
    return {
      section,
      vakje(g) {
        const box = el('input', { type: 'checkbox', id: uniqueId('samen-vakje') });
        box.addEventListener('change', () => {
          if (box.checked) {
            gekozen.set(Number(g.id), g.naam);
          } else {
            gekozen.delete(Number(g.id));
          }
          bij();
        });
        return el('div', { class: 'keuze samen__vakje' }, box, el('label', { for: box.id },
          'Samen voorstellen', el('span', { class: 'visueel-verborgen', text: `: ${g.naam}` })));
      },
    };
  }

  async function koppelingStarten(g, knop, melding) {
    say(melding, '');
    if (!programma?.input.value) {
      say(melding, 'Er zijn nog geen programma’s ingesteld.');
      return;
    }
    const antwoord = await vraagStart([g.naam]);
    if (!antwoord) {
      return;
    }
    const body = {
      vraaggezin: Number(gezin.id),
      steungezin: Number(g.id),
      programma: Number(programma.input.value),
      kinderen: antwoord.kinderen,
      datum: antwoord.datum,
    };
    knop.disabled = true;
    try {
      const { data } = await api('POST', '/koppelingen', { body, signal: ctx.signal });
      ctx.navigate(`#/koppelingen/${encodeURIComponent(data.id)}`,
        'De koppeling is voorgesteld. Volgende stap: de kennismaking.');
    } catch (err) {
      knop.disabled = false;
      showError(melding, err);
    }
  }

  function uitsluitForm(g, klapper) {
    const formErrors = messageArea('fout');
    const redenVeld = tekstVeld({
      name: 'reden',
      label: 'Reden',
      hint: 'Waarom past dit gezin niet? Bijvoorbeeld: de gezinnen kennen elkaar al.',
      maxlength: 500,
    });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Uitsluiten' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': `${g.naam} uitsluiten` },
      formErrors, redenVeld.wrapper, el('div', { class: 'knoppen' }, submit, annuleerKnop(klapper)));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      const reden = tekst(redenVeld.input);
      if (!reden) {
        setFieldError(redenVeld.wrapper, 'Vul een reden in.');
        redenVeld.input.focus();
        return;
      }
      submit.disabled = true;
      try {
        await api('POST', `/gezinnen/${encodeURIComponent(id)}/uitsluitingen`, {
          body: { steungezin: Number(g.id), reden },
          signal: ctx.signal,
        });
      } catch (err) {
        submit.disabled = false;
        showRefusal(form, formErrors, err);
        return;
      }
      say(status, `${g.naam} is uitgesloten.`);
      await laden();
      kandidatenBlok.title.focus();
    });
    return form;
  }

  function uitsluiting(u) {
    const knop = el('button', { type: 'button', class: 'knop knop--klein knop--secundair', text: 'Ongedaan maken' });
    knop.setAttribute('aria-label', `Uitsluiting van ${u.steungezin?.naam} ongedaan maken`);
    knop.addEventListener('click', async () => {
      knop.disabled = true;
      say(errors, '');
      try {
        await api('DELETE', `/gezinnen/${encodeURIComponent(id)}/uitsluitingen/${encodeURIComponent(u.id)}`,
          { signal: ctx.signal });
      } catch (err) {
        knop.disabled = false;
        showError(errors, err);
        return;
      }
      say(status, `${u.steungezin?.naam} staat weer tussen de suggesties.`);
      await laden();
      uitsluitingenBlok.title.focus();
    });
    return el('li', { class: 'uitsluiting' },
      el('a', { href: `/#/gezinnen/${encodeURIComponent(u.steungezin?.id)}`, text: u.steungezin?.naam }),
      el('span', { class: 'zacht', text: ` · ${[(u.doorNaam || u.door), formatDateTime(u.aangemaaktOp)].filter(Boolean).join(', ')}` }),
      el('p', { class: 'vrije-tekst', text: `Reden: ${u.reden}` }),
      knop);
  }

  return title;
}
