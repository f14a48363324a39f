// Koppel web front end: match rounds (#/matchrondes/nieuw, #/matchrondes/:id).
//
// Koppel proposes; the coordinator decides. "Matchronde starten" asks for a
// werkgebied and a programme and POSTs /matchrondes: the server computes the
// best assignment of all waiting vraaggezinnen in that werkgebied to the
// available steungezinnen and stores one open proposal per pair; the round's
// page opens. That page says in plain words how well the pairs fit together
// (the optimal total, and how much better that is than coupling the best
// pair first), per proposal the two gezinnen, the score, the criteria the
// pair fits on as the round scored them, and the status, the waiting
// vraaggezinnen left without a proposal with the reason, and the earlier
// rounds (GET /matchrondes, also on the start page); and per proposal
// "Accepteren" (POST .../besluit {besluit: "accepteren"}: a
// koppeling in fase voorstel is made, and linked) and "Afwijzen"; both
// first ask in a dialog that says what will happen (a decision is final).

import { api } from '/js/api.js';
import {
  clearFieldErrors, confirmDialog, el, heading, messageArea, say,
} from '/js/dom.js';
import { formatDateTime } from '/js/format.js';
import { eigenWerkgebieden } from '/js/gezinnen.js';
import { koppelingNaam } from '/js/koppeling-woorden.js';
import { loading, showError, showFlash } from '/js/page.js';
import { CRITERIA } from '/js/suggesties.js';
import { blok, gegevens, keuzeVeld, showRefusal } from '/js/velden.js';

// The Dutch name of each proposal status.
const STATUSSEN = {
  open: 'Open',
  geaccepteerd: 'Geaccepteerd',
  afgewezen: 'Afgewezen',
};

const statusLabel = (code) => el('span', {
  class: `label label--voorstel-${code}`,
  text: STATUSSEN[code] || code,
});

const aantalTekst = (n, een, meer) => `${n} ${n === 1 ? een : meer}`;

/**
 * The section "Eerdere matchrondes": the rounds of one's werkgebieden,
 * newest first, each a link with its counts; `huidige` (an id) is marked.
 */
function eerdereRondes(ctx, huidige) {
  const deel = blok('Eerdere matchrondes', 'blok--eerdere-rondes');
  deel.body.replaceChildren(el('p', { class: 'zacht', text: 'De eerdere rondes worden opgehaald…' }));
  (async () => {
    let lijst;
    try {
      ({ data: { matchrondes: lijst = [] } = {} } = await api('GET', '/matchrondes', { signal: ctx.signal }));
    } catch (err) {
      const area = messageArea('fout');
      deel.body.replaceChildren(area);
      showError(area, err);
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    deel.body.replaceChildren(lijst.length
      ? el('ul', { class: 'lijst-kort eerdere-rondes' }, lijst.map((r) => el('li', {},
        el('a', {
          href: `/#/matchrondes/${encodeURIComponent(r.id)}`,
          text: `${r.werkgebied} · ${r.programma?.naam || ''}, ${formatDateTime(r.aangemaaktOp)}`,
          'aria-current': String(r.id) === String(huidige) ? 'page' : null,
        }),
        el('span', {
          class: 'zacht',
          text: ` · ${aantalTekst(r.voorstellen, 'voorstel', 'voorstellen')}, ${r.open} open, `
            + `${r.zonderVoorstel} zonder voorstel${(r.doorNaam || r.door) ? ` · ${(r.doorNaam || r.door)}` : ''}`,
        }))))
      : el('p', { class: 'zacht', text: 'Er zijn nog geen matchrondes.' }));
  })();
  return deel.section;
}

export function renderMatchrondeNieuw(ctx) {
  const title = heading('Matchronde starten');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const terug = el('p', {}, el('a', { href: '/#/koppelingen', text: 'Terug naar de koppelingen' }));
  const holder = el('div', {}, loading('De werkgebieden en programma’s worden geladen…'));
  ctx.main.replaceChildren(
    terug,
    title,
    status,
    errors,
    el('p', {
      class: 'veld__hint',
      text: 'Koppel zoekt voor alle wachtende vraaggezinnen in een werkgebied tegelijk de beste verdeling over '
        + 'de beschikbare steunbiedende gezinnen. Er wordt niets gekoppeld: jij beslist per voorstel.',
    }),
    holder,
  );
  document.title = 'Matchronde starten · Koppel';
  showFlash(status, ctx.takeFlash());

  (async () => {
    let werkgebieden;
    let programmas;
    try {
      let p;
      [werkgebieden, p] = await Promise.all([
        eigenWerkgebieden(ctx.user, ctx.signal),
        api('GET', '/programmas', { signal: ctx.signal }),
      ]);
      programmas = p.data?.programmas || [];
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    if (!werkgebieden.length || !programmas.length) {
      holder.replaceChildren(el('p', {
        class: 'zacht',
        text: werkgebieden.length
          ? 'Er zijn nog geen programma’s ingesteld.'
          : 'Je hebt geen werkgebied. Vraag de beheerder om je aan een werkgebied toe te voegen.',
      }));
      return;
    }
    holder.replaceChildren(formulier(werkgebieden, programmas), eerdereRondes(ctx, null));
  })();

  function formulier(werkgebieden, programmas) {
    const formErrors = messageArea('fout');
    const werkgebied = keuzeVeld({
      name: 'werkgebied',
      label: 'Werkgebied',
      hint: 'De wachtende vraaggezinnen en beschikbare gezinnen uit dit werkgebied doen mee.',
      choices: werkgebieden.map((w) => ({ value: w.code, text: w.naam })),
    });
    const programma = keuzeVeld({
      name: 'programma',
      label: 'Programma',
      hint: 'De rollen en de weging van dit programma gelden.',
      choices: programmas.map((x) => ({ value: String(x.id), text: x.naam })),
    });
    const submit = el('button', { type: 'submit', class: 'knop', text: 'Matchronde starten' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': 'Matchronde starten' },
      formErrors, werkgebied.wrapper, programma.wrapper, el('div', { class: 'knoppen' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formErrors, '');
      submit.disabled = true;
      try {
        const { data } = await api('POST', '/matchrondes', {
          body: { werkgebied: werkgebied.input.value, programma: Number(programma.input.value) },
          signal: ctx.signal,
        });
        ctx.navigate(`#/matchrondes/${encodeURIComponent(data.id)}`, 'De matchronde is klaar. Besluit per voorstel.');
      } catch (err) {
        submit.disabled = false;
        showRefusal(form, formErrors, err);
      }
    });
    return form;
  }

  return title;
}

export function renderMatchronde(ctx) {
  const id = ctx.params.id;
  const title = heading('Matchronde');
  const status = messageArea('status');
  const errors = messageArea('fout');
  const terug = el('p', {}, el('a', { href: '/#/koppelingen', text: 'Terug naar de koppelingen' }));
  const totalenBlok = blok('Totaal', 'blok--matchronde-totaal');
  const voorstellenBlok = blok('Voorstellen', 'blok--voorstellen');
  const zonderBlok = blok('Zonder voorstel', 'blok--zonder-voorstel');
  const holder = el('div', {}, loading('De matchronde wordt geladen…'));
  ctx.main.replaceChildren(terug, title, status, errors, holder);
  document.title = 'Matchronde · Koppel';
  showFlash(status, ctx.takeFlash());

  (async () => {
    let ronde;
    try {
      ({ data: ronde } = await api('GET', `/matchrondes/${encodeURIComponent(id)}`, { signal: ctx.signal }));
    } catch (err) {
      if (showError(errors, err)) {
        holder.replaceChildren();
      }
      return;
    }
    if (ctx.signal.aborted) {
      return;
    }
    holder.replaceChildren(totalenBlok.section, voorstellenBlok.section, zonderBlok.section, eerdereRondes(ctx, id));
    tonen(ronde);
  })();

  // Shows the round as the server last gave it.
  function tonen(ronde) {
    const naam = `Matchronde ${ronde.werkgebied} · ${ronde.programma?.naam || ''}`.trim();
    title.textContent = naam;
    document.title = `${naam} · Koppel`;
    const verschil = ronde.totaalOptimaal - ronde.totaalGreedy;
    const voorstellen = ronde.voorstellen || [];
    const zonder = ronde.zonderVoorstel || [];
    totalenBlok.body.replaceChildren(
      gegevens([
        ['Wachtende vraaggezinnen', String(ronde.vraaggezinnen)],
        ['Beschikbare gezinnen', String(ronde.steungezinnen)],
        ['Voorstellen', String(voorstellen.length)],
        ['Zonder voorstel', String(zonder.length)],
        ['Samen passen ze voor', el('strong', { class: 'matchronde__optimaal', text: `${ronde.totaalOptimaal} punten` })],
        ['Gestart', [(ronde.doorNaam || ronde.door), formatDateTime(ronde.aangemaaktOp)].filter(Boolean).join(', ')],
      ]),
      el('p', {
        class: 'veld__hint matchronde__uitleg',
        text: 'Koppel verdeelt alle wachtende vraaggezinnen tegelijk, zo dat de paren samen zo goed mogelijk passen. '
          + (verschil > 0
            ? `Wie steeds eerst het best passende paar zou koppelen, komt samen op ${ronde.totaalGreedy} punten: `
              + `deze verdeling past ${verschil} punten beter, doordat meer gezinnen een goed passend voorstel krijgen.`
            : 'Steeds eerst het best passende paar koppelen had hier even goed gepast.')
          + (ronde.wachttijdPrioriteit > 0 ? ' Wie langer wacht, gaat iets voor.' : ''),
      }),
    );
    voorstellenBlok.body.replaceChildren(voorstellen.length
      ? el('ol', { class: 'voorstellen' }, voorstellen.map((v) => voorstel(ronde, v)))
      : el('p', { class: 'zacht', text: 'Koppel vond geen paar dat past. Er zijn geen voorstellen.' }));
    zonderBlok.body.replaceChildren(zonder.length
      ? el('ul', { class: 'lijst-kort zonder-voorstel' }, zonder.map((z) => el('li', {},
        el('a', { href: `/#/gezinnen/${encodeURIComponent(z.vraaggezin?.id)}`, text: z.vraaggezin?.naam || 'Vraaggezin' }),
        el('p', { class: 'zonder-voorstel__reden', text: z.reden }))))
      : el('p', { class: 'zacht', text: 'Elk wachtend vraaggezin kreeg een voorstel.' }));
  }

  // One proposal with its decision.
  function voorstel(ronde, v) {
    const vg = v.vraaggezin || {};
    const sg = v.steungezin || {};
    const naam = koppelingNaam(vg, sg);
    const melding = messageArea('fout');
    const acties = el('div', { class: 'knoppen' });
    if (v.status === 'open') {
      const accepteren = el('button', { type: 'button', class: 'knop', text: 'Accepteren' });
      accepteren.setAttribute('aria-label', `Voorstel ${naam} accepteren`);
      const afwijzen = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Afwijzen' });
      afwijzen.setAttribute('aria-label', `Voorstel ${naam} afwijzen`);
      accepteren.addEventListener('click', () => besluiten(v, 'accepteren', [accepteren, afwijzen], melding));
      afwijzen.addEventListener('click', () => besluiten(v, 'afwijzen', [accepteren, afwijzen], melding));
      acties.append(accepteren, afwijzen);
    } else if (v.koppeling) {
      acties.append(el('a', {
        href: `/#/koppelingen/${encodeURIComponent(v.koppeling)}`,
        text: `Naar de koppeling ${naam}`,
      }));
    }
    return el('li', { class: `voorstel voorstel--${v.status}`, dataset: { voorstel: String(v.id) } },
      el('h3', { class: 'voorstel__namen' },
        el('a', { href: `/#/gezinnen/${encodeURIComponent(vg.id)}`, text: vg.naam }),
        ' en ',
        el('a', { href: `/#/gezinnen/${encodeURIComponent(sg.id)}`, text: sg.naam })),
      el('p', { class: 'voorstel__gegevens' },
        el('strong', { class: 'voorstel__score', text: `score ${v.score} van 100` }),
        ' · ', statusLabel(v.status)),
      (v.criteria || []).length
        ? el('p', { class: 'voorstel__redenen' }, 'Past vooral op: ',
          v.criteria.map((c) => CRITERIA[c.criterium] || c.criterium).join(', '), '.')
        : null,
      melding,
      acties);
  }

  // Asks before deciding: what accepting or rejecting does, and that it is final.
  function vraagBesluit(v, besluit) {
    const vg = v.vraaggezin?.naam || 'het vraaggezin';
    const sg = v.steungezin?.naam || 'het steungezin';
    const naam = koppelingNaam(v.vraaggezin, v.steungezin);
    if (besluit === 'accepteren') {
      return confirmDialog({
        title: `Voorstel ${naam} accepteren?`,
        text: `Koppel maakt een koppeling tussen ${vg} en ${sg} in de fase Voorstel; de volgende stap is de kennismaking.`,
        gevolgen: ['Dit besluit over het voorstel ligt daarna vast.'],
        confirm: 'Accepteren',
        gevaar: false,
      });
    }
    return confirmDialog({
      title: `Voorstel ${naam} afwijzen?`,
      text: `Het voorstel om ${vg} en ${sg} te koppelen wordt afgewezen.`,
      gevolgen: ['Dit besluit kun je niet terugdraaien.',
        'Wil je deze gezinnen later toch koppelen, start de koppeling dan vanaf de pagina van het gezin.'],
      confirm: 'Afwijzen',
    });
  }

  async function besluiten(v, besluit, knoppen, melding) {
    say(melding, '');
    if (!(await vraagBesluit(v, besluit))) {
      return;
    }
    for (const k of knoppen) {
      k.disabled = true;
    }
    let ronde;
    try {
      ({ data: ronde } = await api('POST',
        `/matchrondes/${encodeURIComponent(id)}/voorstellen/${encodeURIComponent(v.id)}/besluit`,
        { body: { besluit }, signal: ctx.signal }));
    } catch (err) {
      for (const k of knoppen) {
        k.disabled = false;
      }
      showError(melding, err);
      return;
    }
    const naam = koppelingNaam(v.vraaggezin, v.steungezin);
    say(status, besluit === 'accepteren'
      ? `Het voorstel ${naam} is geaccepteerd. De koppeling is voorgesteld.`
      : `Het voorstel ${naam} is afgewezen.`);
    tonen(ronde);
    voorstellenBlok.title.focus();
  }

  return title;
}
