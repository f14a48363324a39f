// Koppel web front end: "Koppeling starten" on a vraaggezin's page.
//
// Choose a programme, a supporting gezin from the beschikbare ones in the
// same werkgebied whose role the programme takes (one GET /gezinnen per
// role), the children it is for and the date of the proposal. When the
// programme offers a choice (kandidaten 2 or 3), the supporters are
// checkboxes and up to that many go out as one voorstel (steungezinnen):
// the family chooses; one ticked is an ordinary proposal. The labels use
// the programme's words (estafettegezin, startgezin). The server
// decides (VOG, capacity, a pair that stopped before) and its reason is
// shown next to the form. On success the new koppeling's page opens. Above
// the form: the koppelingen this gezin already has.

import { api } from '/js/api.js';
import {
  clearFieldErrors, el, messageArea, say, setFieldError, uniqueId,
} from '/js/dom.js';
import { naamVan, vandaag } from '/js/keuzelijsten.js';
import { faseLabel, leeftijdOp } from '/js/koppeling-woorden.js';
import { showError } from '/js/page.js';
import {
  blok, datumVeld, keuzeGroep, keuzeVeld, showRefusal,
} from '/js/velden.js';

const GEEN_START = new Set(['afgerond', 'gestopt']);

/**
 * The section for a vraaggezin. Returns {section, update(gezin)}; update()
 * is called after the gezin changed (its status decides whether a koppeling
 * can start).
 */
export function koppelingStarten(ctx, gezinIn, lijsten) {
  let gezin = gezinIn;
  const deel = blok('Koppeling starten', 'blok--starten');
  const bestaand = el('div', { class: 'bestaande-koppelingen' });
  // Deliberately no second .laden paragraph next to the logboek's: this
  // section says it is busy with aria-busy and a quiet line of its own.
  const formHolder = el('div', { 'aria-busy': 'true' }, el('p', { class: 'zacht', text: 'De programma’s worden geladen…' }));
  deel.body.replaceChildren(bestaand, formHolder);
  let programmas = [];
  let ready = false;

  (async () => {
    try {
      const [prog, kop] = await Promise.all([
        api('GET', '/programmas', { signal: ctx.signal }),
        api('GET', `/koppelingen?gezin=${encodeURIComponent(gezin.id)}`, { signal: ctx.signal }),
      ]);
      programmas = prog.data?.programmas || [];
      toonBestaand(kop.data?.koppelingen || []);
    } catch (err) {
      formHolder.removeAttribute('aria-busy');
      showError(meldingVoor(formHolder), err);
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    ready = true;
    formHolder.removeAttribute('aria-busy');
    teken();
  })();

  // A message area at the top of `node` (for a failed load).
  function meldingVoor(node) {
    const area = messageArea('fout');
    node.replaceChildren(area);
    return area;
  }

  function toonBestaand(lijst) {
    if (!lijst.length) {
      bestaand.replaceChildren();
      return;
    }
    bestaand.replaceChildren(
      el('h3', { text: 'Koppelingen van dit gezin' }),
      el('ul', { class: 'lijst-kort koppelingen-kort' }, lijst.map((kp) => el('li', {},
        el('a', { href: `/#/koppelingen/${encodeURIComponent(kp.id)}`, text: (kp.steungezin || kp.coach)?.naam || `Koppeling ${kp.id}` }),
        ' ', faseLabel(kp.fase),
        kp.programma ? el('span', { class: 'zacht', text: ` · ${kp.programma}` }) : null))),
    );
  }

  function teken() {
    if (!ready) {
      return;
    }
    if (GEEN_START.has(gezin.status)) {
      formHolder.replaceChildren(el('p', {
        class: 'zacht',
        text: 'Dit gezin is afgerond of gestopt. Zet de status terug om een nieuwe koppeling te starten.',
      }));
      return;
    }
    if (!programmas.length) {
      formHolder.replaceChildren(el('p', { class: 'zacht', text: 'Er zijn nog geen programma’s ingesteld.' }));
      return;
    }
    formHolder.replaceChildren(formulier());
  }

  function formulier() {
    const formTitle = el('h3', { id: uniqueId('starten'), text: 'Nieuwe koppeling voorstellen' });
    const formErrors = messageArea('fout');
    const programma = keuzeVeld({
      name: 'programma',
      label: 'Programma',
      choices: programmas.map((p) => ({ value: String(p.id), text: p.naam })),
    });
    // The supporter field: a select for one, checkboxes for a choice; rebuilt per programme.
    const keuzeHouder = el('div', { class: 'steun-keuze' });
    let steungezin = null;
    const kinderen = (gezin.leden || []).filter((l) => l.soort === 'kind');
    const kinderenGroep = kinderen.length
      ? keuzeGroep({
        name: 'kinderen',
        legend: 'Voor welke kinderen?',
        type: 'checkbox',
        choices: kinderen.map((c) => {
          const leeftijd = Number.isInteger(c.leeftijd) ? c.leeftijd : leeftijdOp(c.geboortedatum, vandaag());
          return { value: String(c.id), text: Number.isInteger(leeftijd) ? `${c.voornaam} (${leeftijd} jaar)` : c.voornaam };
        }),
        value: kinderen.filter((c) => c.steunVoor !== false).map((c) => String(c.id)),
      })
      : null;
    const datum = datumVeld({
      name: 'datum', label: 'Voorgesteld op', hint: 'Vandaag, of de dag waarop je het voorstel deed.', value: vandaag(),
    });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Koppeling starten' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': formTitle.id },
      formTitle, formErrors, programma.wrapper, keuzeHouder,
      kinderenGroep ? kinderenGroep.wrapper : el('p', { class: 'zacht', text: 'Bij dit gezin zijn geen kinderen ingevuld.' }),
      datum.wrapper, el('div', { class: 'knoppen' }, submit));

    let vraag = 0;
    let keuze = null; // {max, woorden, groep?} of the programme shown

    // The chosen programme, its words and how many it offers as one voorstel.
    function gekozenProgramma() {
      const p = programmas.find((x) => String(x.id) === programma.input.value);
      const max = Number.isInteger(p?.kandidaten) ? Math.max(1, Math.min(3, p.kandidaten)) : 1;
      return { p, max, woorden: { steun: 'steungezin', vraag: 'vraaggezin', ...(p?.woorden || {}) } };
    }

    // A select (one supporter) in the holder, with `options`.
    function selectVeld(woorden, options) {
      steungezin = keuzeVeld({
        name: 'steungezin',
        label: `Steunbiedend gezin (${woorden.steun})`,
        hint: 'Beschikbare gezinnen uit hetzelfde werkgebied, met een rol die bij het programma past.',
        choices: [],
      });
      steungezin.input.replaceChildren(...options);
      steungezin.input.addEventListener('change', () => setFieldError(steungezin.wrapper, ''));
      keuzeHouder.replaceChildren(steungezin.wrapper);
      return steungezin;
    }

    async function kandidaten() {
      const mine = ++vraag;
      const { p, max, woorden } = gekozenProgramma();
      const rollen = Array.isArray(p?.rollen) ? p.rollen : [];
      keuze = { max, woorden, groep: null };
      selectVeld(woorden, [el('option', { value: '', text: 'Even geduld…' })]).input.disabled = true;
      submit.disabled = true;
      let gezinnen = [];
      try {
        const answers = await Promise.all(rollen.map((rol) => {
          const q = new URLSearchParams({ rol, status: 'beschikbaar', limit: '200' });
          if (gezin.werkgebied) {
            q.set('werkgebied', gezin.werkgebied);
          }
          return api('GET', `/gezinnen?${q}`, { signal: ctx.signal });
        }));
        gezinnen = answers.flatMap((a) => a.data?.gezinnen || []);
      } catch (err) {
        if (mine === vraag) {
          showError(formErrors, err);
          steungezin.input.replaceChildren(el('option', { value: '', text: 'Niet geladen' }));
        }
        return;
      }
      if (mine !== vraag) {
        return; // another programme was chosen meanwhile
      }
      gezinnen.sort((a, b) => a.naam.localeCompare(b.naam, 'nl'));
      submit.disabled = false;
      if (!gezinnen.length) {
        const rolNamen = rollen.map((r) => naamVan(lijsten, 'rollen', r).toLowerCase()).join(', ');
        selectVeld(woorden, [el('option', { value: '', text: 'Geen beschikbaar gezin' })]);
        setFieldError(steungezin.wrapper,
          `Er is nu geen beschikbaar gezin (${rolNamen || 'geen rollen'}) in dit werkgebied voor dit programma.`);
        return;
      }
      const tekstVan = (g) => [g.naam, naamVan(lijsten, 'rollen', g.rol), g.plaats].filter(Boolean).join(' · ');
      if (max > 1 && gezinnen.length > 1) {
        // a choice: up to max supporters as one voorstel, the family chooses
        const groep = keuzeGroep({
          name: 'steungezinnen',
          pointer: '/steungezinnen',
          type: 'checkbox',
          legend: `Steunbiedende gezinnen (${woorden.steun})`,
          hint: `Kies tot ${max} gezinnen; het ${woorden.vraag} kiest. Met één gezin is het een gewoon voorstel.`,
          choices: gezinnen.map((g) => ({ value: String(g.id), text: tekstVan(g) })),
        });
        groep.wrapper.addEventListener('change', () => {
          const n = groep.values().length;
          setFieldError(groep.wrapper, n > max ? `Kies hoogstens ${max} gezinnen.` : '');
        });
        keuze.groep = groep;
        steungezin = null;
        keuzeHouder.replaceChildren(groep.wrapper);
        return;
      }
      selectVeld(woorden, [
        el('option', { value: '', text: 'Kies een gezin' }),
        ...gezinnen.map((g) => el('option', { value: String(g.id), text: tekstVan(g) })),
      ]);
    }
    programma.input.addEventListener('change', () => {
      say(formErrors, '');
      kandidaten();
    });
    kandidaten();

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      let first = null;
      const groep = keuze?.groep;
      const gekozenSteun = groep ? groep.values().map(Number) : [steungezin?.input.value].filter(Boolean).map(Number);
      const steunVeld = groep ? groep.wrapper : steungezin?.wrapper;
      if (!gekozenSteun.length) {
        setFieldError(steunVeld, groep ? `Kies een of meer gezinnen (tot ${keuze.max}).` : 'Kies een steunbiedend gezin.');
        first ??= groep ? groep.inputs[0] : steungezin?.input;
      } else if (groep && gekozenSteun.length > keuze.max) {
        setFieldError(steunVeld, `Kies hoogstens ${keuze.max} gezinnen.`);
        first ??= groep.inputs.find((i) => i.checked);
      }
      const gekozen = kinderenGroep ? kinderenGroep.values().map(Number) : [];
      if (kinderenGroep && !gekozen.length) {
        setFieldError(kinderenGroep.wrapper, 'Kies voor welk kind of welke kinderen de steun is.');
        first ??= kinderenGroep.inputs[0];
      }
      if (first) {
        first.focus();
        return;
      }
      const body = {
        vraaggezin: Number(gezin.id),
        programma: Number(programma.input.value),
        kinderen: gekozen,
      };
      if (gekozenSteun.length > 1) {
        body.steungezinnen = gekozenSteun;
      } else {
        body.steungezin = gekozenSteun[0];
      }
      // the server names the field it was sent; the group answers to either
      if (groep) {
        groep.wrapper.dataset.pointer = gekozenSteun.length > 1 ? '/steungezinnen' : '/steungezin';
      }
      if (datum.input.value) {
        body.datum = datum.input.value;
      }
      submit.disabled = true;
      try {
        const { data } = await api('POST', '/koppelingen', { body, signal: ctx.signal });
        ctx.navigate(`#/koppelingen/${encodeURIComponent(data.id)}`, gekozenSteun.length > 1
          ? `${gekozenSteun.length} gezinnen zijn samen voorgesteld. Het ${keuze.woorden.vraag} kiest; dat gezin gaat naar de kennismaking.`
          : 'De koppeling is voorgesteld. Volgende stap: de kennismaking.');
      } catch (err) {
        submit.disabled = false;
        if (err.status === 409) {
          // Capacity, or a pair that stopped before: about the chosen gezin.
          setFieldError(steunVeld, err.detail);
          say(formErrors, err.detail);
          (groep ? groep.inputs.find((i) => i.checked) : steungezin.input)?.focus();
          return;
        }
        showRefusal(form, formErrors, err);
      }
    });
    return form;
  }

  return {
    section: deel.section,
    update(next) {
      gezin = next;
      teken();
    },
  };
}
