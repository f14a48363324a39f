// Koppel web front end: match rounds (#/matchrondes/nieuw, #/matchrondes/:id).
//
// Koppel proposes; the coordinator decides. "Matchronde starten" asks for a
// werkgebied and a programme and POSTs /matchrondes: the server computes the
// best assignment of all waiting vraaggezinnen in that werkgebied to the
// available steungezinnen and stores one open proposal per pair; the round's
// page opens. That page shows the optimal total next to the greedy one
// (best pairs first), and per proposal the two gezinnen, the score and the
// status, with "Accepteren" (POST .../besluit {besluit: "accepteren"}: a
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
    holder.replaceChildren(formulier(werkgebieden, programmas));
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
    holder.replaceChildren(totalenBlok.section, voorstellenBlok.section);
    tonen(ronde);
  })();

  // Shows the round as the server last gave it.
  function tonen(ronde) {
    const naam = `Matchronde ${ronde.werkgebied} · ${ronde.programma?.naam || ''}`.trim();
    title.textContent = naam;
    document.title = `${naam} · Koppel`;
    const verschil = ronde.totaalOptimaal - ronde.totaalGreedy;
    totalenBlok.body.replaceChildren(
      gegevens([
        ['Optimaal totaal', el('strong', { class: 'matchronde__optimaal', text: String(ronde.totaalOptimaal) })],
        ['Gretig totaal', el('span', { class: 'matchronde__gretig', text: String(ronde.totaalGreedy) })],
        ['Wachtende vraaggezinnen', String(ronde.vraaggezinnen)],
        ['Beschikbare gezinnen', String(ronde.steungezinnen)],
        ['Gestart', [ronde.door, formatDateTime(ronde.aangemaaktOp)].filter(Boolean).join(', ')],
      ]),
      el('p', {
        class: 'veld__hint matchronde__uitleg',
        text: 'Het optimale totaal is de hoogste som van de scores als je alle vraaggezinnen tegelijk verdeelt. '
          + 'Het gretige totaal krijg je als je steeds het best passende paar eerst koppelt; dat kan een ander '
          + 'vraaggezin een slechtere of geen match opleveren. '
          + (verschil > 0
            ? `Deze ronde levert samen ${verschil} punten meer op dan de gretige verdeling.`
            : 'In deze ronde zijn beide even goed.')
          + (ronde.wachttijdPrioriteit > 0 ? ' Wie langer wacht, gaat iets voor.' : ''),
      }),
    );
    const voorstellen = ronde.voorstellen || [];
    voorstellenBlok.body.replaceChildren(voorstellen.length
      ? el('ol', { class: 'voorstellen' }, voorstellen.map((v) => voorstel(ronde, v)))
      : el('p', { class: 'zacht', text: 'Koppel vond geen paar dat past. Er zijn geen voorstellen.' }));
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
