// Koppel web front end: the gezinsplan of a vraaggezin, "één gezin, één plan".
//
//   gezinsplanSectie(ctx, gezin)   a short section on the gezin page (gezin-pagina.js)
//   renderGezinsplan(ctx)          #/gezinnen/{id}/gezinsplan: the plan, write or change it,
//                                  record an evaluation, see the earlier versions
//   renderGezinsplanAfdruk(ctx)    #/gezinnen/{id}/gezinsplan/afdrukken: the plan on A4 for the
//                                  family, in its own words, without the internal note
//   gezinsplanInzage(versies)      the plan and its versions in the family's inzage (inzage.js)
//
// GET /api/v1/gezinnen/{id}/gezinsplan gives the current plan (null before
// the first) with its version as ETag; PUT sends the whole plan (a goal
// keeps its id, a new goal has none) with If-Match once a plan exists; POST
// .../evaluaties records new latest scores. Every change is a new version;
// nothing is ever overwritten. The server's refusals are shown at the field
// they name (/doelen/2/startScore).

import { api } from '/js/api.js';
import { el, heading, messageArea, say, setFieldError, uniqueId } from '/js/dom.js';
import { timeElement } from '/js/format.js';
import { datumElement, vandaag } from '/js/keuzelijsten.js';
import { loading, showError, table } from '/js/page.js';
import {
  datumVeld, gegevens, getalVeld, invoerVeld, keuzeVeld, showRefusal, tekstVeld, vrijeTekst,
} from '/js/velden.js';

const EIGENAARS = [
  { value: 'gezin', text: 'Het gezin' },
  { value: 'netwerk', text: 'Iemand uit het netwerk' },
  { value: 'partner', text: 'Een partnerorganisatie' },
];
const STATUSSEN = [
  { value: 'actief', text: 'Actief' },
  { value: 'behaald', text: 'Behaald' },
  { value: 'gestopt', text: 'Gestopt' },
];
const SOORTEN = { opgesteld: 'Plan opgesteld', gewijzigd: 'Plan gewijzigd', evaluatie: 'Evaluatie' };
const MAX_DOELEN = 30;

const naamVan = (lijst, code) => lijst.find((x) => x.value === code)?.text || code || '';

/** "3 van 10", or "—". */
function score(n) {
  return Number.isInteger(n) ? `${n} van 10` : '—';
}

/** The latest score with its date: "6 van 10 (1 december 2026)", or "nog niet gemeten". */
function laatste(doel) {
  return Number.isInteger(doel.laatsteScore)
    ? el('span', {}, `${score(doel.laatsteScore)} (`, datumElement(doel.laatsteScoreOp), ')')
    : el('span', { class: 'zacht', text: 'nog niet gemeten' });
}

/** Who works on a goal: "oma Ria (netwerk)". */
function eigenaarTekst(doel) {
  const e = doel.eigenaar || {};
  const soort = { gezin: 'gezin', netwerk: 'netwerk', partner: 'partner' }[e.soort] || '';
  return e.naam ? `${e.naam}${soort ? ` (${soort})` : ''}` : soort;
}

/** The goals as a table. */
function doelenTabel(plan, caption) {
  return table(caption, ['Doel', 'Wie', 'Thema', 'Start', 'Laatste score', 'Status'],
    (plan.doelen || []).map((d) => [
      el('span', { class: 'vrije-tekst', text: d.doel }),
      eigenaarTekst(d),
      d.domein || '—',
      score(d.startScore),
      laatste(d),
      naamVan(STATUSSEN, d.status),
    ]));
}

/** The progress in one sentence. */
function voortgangTekst(v) {
  if (!v || !v.gemeten) {
    return 'Nog geen doel is na de start opnieuw gescoord.';
  }
  const gem = v.gemiddeldeVerandering;
  const verschil = gem > 0 ? `+${gem}` : String(gem);
  return `${v.gemeten} van ${v.doelen} doelen opnieuw gescoord: ${v.vooruit} vooruit, ${v.gelijk} gelijk, `
    + `${v.achteruit} achteruit (gemiddeld ${verschil} punt). Behaald: ${v.behaald}.`;
}

/** The plan's own fields and goals, for the plan page and the inzage. */
function planInhoud(plan, { notitie = true } = {}) {
  return [
    gegevens([
      ['Opgesteld op', datumElement(plan.opgesteldOp)],
      ['Aan tafel', (plan.aanwezig || []).join(', ')],
      ['Afspraken', plan.afspraken ? el('span', { class: 'vrije-tekst', text: plan.afspraken }) : ''],
      notitie ? ['Interne notitie', plan.notitie ? el('span', { class: 'vrije-tekst', text: plan.notitie }) : ''] : null,
    ]),
    doelenTabel(plan, 'Doelen'),
  ];
}

/**
 * The section on the gezin page: whether there is a plan, its progress,
 * and the way to it and to its print view.
 */
export function gezinsplanSectie(ctx, gezin) {
  const pad = `/gezinnen/${encodeURIComponent(gezin.id)}/gezinsplan`;
  const titel = el('h2', { id: uniqueId('gezinsplan'), tabIndex: -1, text: 'Gezinsplan' });
  // a quiet placeholder, not a .laden one: the page counts as loaded once the gezin is shown
  const body = el('div', {}, el('p', { class: 'zacht', text: 'Het gezinsplan wordt geladen…' }));
  const fouten = messageArea('fout');
  const section = el('section', { class: 'blok blok--gezinsplan', 'aria-labelledby': titel.id }, titel, fouten, body);
  (async () => {
    try {
      const { data } = await api('GET', pad, { signal: ctx.signal });
      const link = el('a', { class: 'knop knop--secundair', href: `/#${pad}`, text: data.plan ? 'Gezinsplan openen' : 'Gezinsplan opstellen' });
      body.replaceChildren(
        data.plan
          ? el('p', {}, `Versie ${data.versie}, ${data.plan.doelen.length} `
            + `${data.plan.doelen.length === 1 ? 'doel' : 'doelen'}. ${voortgangTekst(data.voortgang)}`)
          : el('p', { class: 'zacht', text: 'Er is nog geen gezinsplan: de doelen van het gezin in zijn eigen woorden, met wie eraan werkt.' }),
        el('p', { class: 'knoppen' }, link,
          data.plan ? el('a', { class: 'knop knop--secundair', href: `/#${pad}/afdrukken`, text: 'Afdrukken voor het gezin' }) : null));
    } catch (err) {
      body.replaceChildren();
      showError(fouten, err);
    }
  })();
  return section;
}

/** The page of the plan: current plan, change form, evaluation and versions. */
export function renderGezinsplan(ctx) {
  const id = ctx.params.id;
  const gezinPad = `/gezinnen/${encodeURIComponent(id)}`;
  const pad = `${gezinPad}/gezinsplan`;
  const title = heading('Gezinsplan');
  const status = messageArea('status');
  const fouten = messageArea('fout');
  const holder = el('div', { class: 'gezinsplan-pagina' }, loading('Het gezinsplan wordt geladen…'));
  ctx.main.replaceChildren(title, status, fouten, holder);
  document.title = 'Gezinsplan · Gezinnen · Koppel';

  let huidig = null; // the GET answer
  let etag = null;
  let naam = '';

  async function laad() {
    const [g, p] = await Promise.all([
      naam ? null : api('GET', gezinPad, { signal: ctx.signal }),
      api('GET', pad, { signal: ctx.signal }),
    ]);
    if (g) {
      naam = g.data.naam;
    }
    huidig = p.data;
    etag = p.etag;
    toon();
  }

  (async () => {
    try {
      await laad();
    } catch (err) {
      holder.replaceChildren(el('p', {}, el('a', { href: `/#${gezinPad}`, text: 'Terug naar het gezin' })));
      showError(fouten, err);
    }
  })();

  function toon() {
    document.title = `Gezinsplan ${naam} · Gezinnen · Koppel`;
    const plan = huidig.plan;
    const kop = el('p', { class: 'gezinsplan__gezin' },
      el('a', { href: `/#${gezinPad}`, text: naam }),
      plan ? ` · versie ${huidig.versie}, vastgelegd ` : null,
      plan ? timeElement(huidig.vastgelegdOp) : null,
      plan && huidig.door ? ` door ${huidig.door}` : null);
    const delen = [kop];
    if (plan) {
      const planTitel = el('h2', { id: uniqueId('plan'), text: 'Het plan' });
      delen.push(el('section', { class: 'blok', 'aria-labelledby': planTitel.id }, planTitel,
        planInhoud(plan),
        el('p', { class: 'gezinsplan__voortgang', text: voortgangTekst(huidig.voortgang) }),
        el('p', { class: 'knoppen' },
          el('a', { class: 'knop knop--secundair', href: `/#${pad}/afdrukken`, text: 'Afdrukken voor het gezin' }))));
      delen.push(evaluatieFormulier(plan));
    }
    delen.push(planFormulier(plan));
    if (huidig.versies.length) {
      delen.push(versiesSectie());
    }
    holder.replaceChildren(...delen);
  }

  // After a write: the new state, a message, and the focus on the heading.
  async function bewaard(melding) {
    await laad();
    say(status, melding);
    title.focus();
  }

  // A refused write: 412 loads the newest version and says so; the rest at the fields.
  async function geweigerd(form, area, err) {
    if (err.status === 412) {
      await laad();
      say(fouten, 'Iemand anders heeft het gezinsplan intussen gewijzigd. Hieronder staat de nieuwste versie; probeer het opnieuw.');
      title.focus();
      return;
    }
    showRefusal(form, area, err);
  }

  // One goal's fieldset in the plan form, at index i of the list.
  function doelVelden(d, i) {
    const p = `/doelen/${i}`;
    const doel = tekstVeld({ name: 'doel', label: 'Doel, in de woorden van het gezin', pointer: `${p}/doel`, rows: 2, maxlength: 500, value: d.doel });
    const soort = keuzeVeld({ name: 'eigenaarSoort', label: 'Wie werkt eraan', pointer: `${p}/eigenaar/soort`, choices: EIGENAARS, value: d.eigenaar?.soort || 'gezin' });
    const eigenaar = invoerVeld({ name: 'eigenaarNaam', label: 'Naam', hint: 'Bijvoorbeeld: oma Ria, Jeugdteam Leiden.', pointer: `${p}/eigenaar/naam`, value: d.eigenaar?.naam, attrs: { maxlength: '100', autocomplete: 'off' } });
    const domein = invoerVeld({ name: 'domein', label: 'Thema (niet verplicht)', pointer: `${p}/domein`, value: d.domein, attrs: { maxlength: '60', autocomplete: 'off' } });
    const start = getalVeld({ name: 'startScore', label: 'Startscore (1–10)', pointer: `${p}/startScore`, min: 1, max: 10, value: d.startScore });
    const st = keuzeVeld({ name: 'status', label: 'Status', pointer: `${p}/status`, choices: STATUSSEN, value: d.status || 'actief' });
    const verwijder = el('button', { type: 'button', class: 'knop knop--klein knop--secundair' },
      'Doel verwijderen', el('span', { class: 'visueel-verborgen', text: ` ${i + 1}` }));
    const set = el('fieldset', { class: 'gezinsplan__doel', dataset: { pointer: p } },
      el('legend', { text: `Doel ${i + 1}` }),
      el('p', { class: 'veld__fout', hidden: true }),
      doel.wrapper,
      el('div', { class: 'velden-rij' }, soort.wrapper, eigenaar.wrapper),
      el('div', { class: 'velden-rij' }, domein.wrapper, start.wrapper, st.wrapper),
      el('div', { class: 'knoppen' }, verwijder));
    const waarde = () => {
      const uit = {
        doel: doel.input.value.trim(),
        eigenaar: { soort: soort.input.value, naam: eigenaar.input.value.trim() },
        domein: domein.input.value.trim() || null,
        startScore: start.input.value === '' ? null : Number(start.input.value),
        status: st.input.value,
      };
      if (d.id) {
        uit.id = d.id;
        uit.laatsteScore = d.laatsteScore ?? null;
        uit.laatsteScoreOp = d.laatsteScoreOp ?? null;
      }
      return uit;
    };
    return { set, verwijder, waarde, doel: d };
  }

  // The form that writes the first plan or changes the current one (the whole plan, PUT).
  function planFormulier(plan) {
    const titel = el('h2', { id: uniqueId('planform'), tabIndex: -1, text: plan ? 'Plan wijzigen' : 'Plan opstellen' });
    const area = messageArea('fout');
    const opgesteld = datumVeld({ name: 'opgesteldOp', label: 'Opgesteld op', value: plan?.opgesteldOp || vandaag() });
    const aanwezig = tekstVeld({ name: 'aanwezig', label: 'Aan tafel', hint: 'Eén naam per regel: het gezin, het netwerk, partners.', rows: 3, maxlength: 2100, value: (plan?.aanwezig || []).join('\n') });
    const afspraken = tekstVeld({ name: 'afspraken', label: 'Afspraken', rows: 3, maxlength: 4000, value: plan?.afspraken });
    const notitie = tekstVeld({ name: 'notitie', label: 'Interne notitie', hint: 'Staat niet op de afdruk voor het gezin.', rows: 2, maxlength: 2000, value: plan?.notitie });
    const lijst = el('div', { class: 'gezinsplan__doelen', dataset: { pointer: '/doelen' } }, el('p', { class: 'veld__fout', hidden: true }));
    let doelen = [];
    const teken = () => {
      doelen = doelen.map((x, i) => {
        const nieuw = doelVelden(x.waarde ? { ...x.doel, ...x.waarde() } : x.doel, i);
        nieuw.verwijder.addEventListener('click', () => {
          doelen.splice(i, 1);
          teken();
          toevoegen.focus();
        });
        return nieuw;
      });
      lijst.replaceChildren(lijst.firstChild, ...doelen.map((x) => x.set));
      toevoegen.disabled = doelen.length >= MAX_DOELEN;
    };
    const toevoegen = el('button', { type: 'button', class: 'knop knop--secundair', text: 'Doel toevoegen' });
    toevoegen.addEventListener('click', () => {
      doelen.push({ doel: { eigenaar: { soort: 'gezin' }, status: 'actief' } });
      teken();
      doelen[doelen.length - 1].set.querySelector('textarea')?.focus();
    });
    doelen = (plan?.doelen || [{ eigenaar: { soort: 'gezin' }, status: 'actief' }]).map((d) => ({ doel: d }));
    teken();
    const knop = el('button', { type: 'submit', class: 'knop', text: plan ? 'Wijziging opslaan' : 'Plan opslaan' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': titel.id },
      area, opgesteld.wrapper, aanwezig.wrapper, afspraken.wrapper, notitie.wrapper,
      el('h3', { text: 'Doelen' }), lijst, el('p', { class: 'knoppen' }, toevoegen),
      el('div', { class: 'knoppen' }, knop));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      for (const w of form.querySelectorAll('[data-pointer]')) {
        setFieldError(w, '');
      }
      say(area, '');
      const body = {
        opgesteldOp: opgesteld.input.value,
        aanwezig: aanwezig.input.value.split('\n').map((s) => s.trim()).filter(Boolean),
        afspraken: afspraken.input.value.trim() || null,
        notitie: notitie.input.value.trim() || null,
        doelen: doelen.map((x) => x.waarde()),
      };
      knop.disabled = true;
      try {
        await api('PUT', pad, { body, etag: plan ? etag : undefined, signal: ctx.signal });
        await bewaard(plan ? 'Het gezinsplan is gewijzigd (nieuwe versie).' : 'Het gezinsplan is opgesteld.');
      } catch (err) {
        knop.disabled = false;
        await geweigerd(form, area, err);
      }
    });
    return el('section', { class: 'blok', 'aria-labelledby': titel.id }, titel, form);
  }

  // "Evaluatie vastleggen": a date and per goal the score now (empty: not scored this time).
  function evaluatieFormulier(plan) {
    const titel = el('h2', { id: uniqueId('evaluatie'), text: 'Evaluatie vastleggen' });
    const area = messageArea('fout');
    const datum = datumVeld({ name: 'datum', label: 'Datum van de evaluatie', value: vandaag() });
    const rijen = plan.doelen.map((d, i) => {
      const nu = getalVeld({ name: `score-${d.id}`, label: `Score nu: ${d.doel}`, hint: `Start ${score(d.startScore)}, laatst ${Number.isInteger(d.laatsteScore) ? score(d.laatsteScore) : 'niet gemeten'}.`, pointer: `/scores/${i}`, min: 1, max: 10 });
      const st = keuzeVeld({ name: `status-${d.id}`, label: 'Status', pointer: `/scores/${i}/status`, choices: STATUSSEN, value: d.status });
      return { d, nu, st };
    });
    const knop = el('button', { type: 'submit', class: 'knop', text: 'Evaluatie vastleggen' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': titel.id },
      area, datum.wrapper,
      rijen.map((r) => el('div', { class: 'velden-rij' }, r.nu.wrapper, r.st.wrapper)),
      el('div', { class: 'knoppen' }, knop));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      say(area, '');
      // the pointers of the rows follow the scores actually sent
      const gestuurd = rijen.filter((r) => r.nu.input.value !== '' || r.st.input.value !== r.d.status);
      gestuurd.forEach((r, i) => {
        r.nu.wrapper.dataset.pointer = `/scores/${i}`;
        r.st.wrapper.dataset.pointer = `/scores/${i}/status`;
      });
      const zonderScore = gestuurd.find((r) => r.nu.input.value === '');
      if (!gestuurd.length || zonderScore) {
        say(area, gestuurd.length ? 'Geef ook een score bij een doel waarvan je de status verandert.' : 'Vul bij minstens één doel de score van nu in.');
        (zonderScore?.nu.input || rijen[0]?.nu.input)?.focus();
        return;
      }
      const body = {
        datum: datum.input.value,
        scores: gestuurd.map((r) => ({ doel: r.d.id, score: Number(r.nu.input.value), status: r.st.input.value })),
      };
      knop.disabled = true;
      try {
        await api('POST', `${pad}/evaluaties`, { body, etag, signal: ctx.signal });
        await bewaard('De evaluatie is vastgelegd (nieuwe versie).');
      } catch (err) {
        knop.disabled = false;
        await geweigerd(form, area, err);
      }
    });
    return el('section', { class: 'blok', 'aria-labelledby': titel.id }, titel,
      el('p', { class: 'veld__hint', text: 'Vul de score van nu in bij de doelen die besproken zijn; de andere blijven zoals ze waren.' }),
      form);
  }

  // Every version: who, when, why; each can be opened as it was.
  function versiesSectie() {
    const titel = el('h2', { id: uniqueId('versies'), text: 'Versies' });
    const weergave = el('div', { class: 'gezinsplan__versie' });
    const rows = [...huidig.versies].reverse().map((v) => {
      const open = el('button', { type: 'button', class: 'knop knop--klein knop--secundair' },
        'Bekijken', el('span', { class: 'visueel-verborgen', text: `: versie ${v.versie}` }));
      open.addEventListener('click', async () => {
        weergave.replaceChildren(loading('De versie wordt geladen…'));
        try {
          const { data } = await api('GET', `${pad}/versies/${encodeURIComponent(v.versie)}`, { signal: ctx.signal });
          const kop = el('h3', { tabIndex: -1, text: `Versie ${data.versie}: ${SOORTEN[data.soort] || data.soort}` });
          weergave.replaceChildren(kop, ...planInhoud(data.plan));
          kop.focus();
        } catch (err) {
          weergave.replaceChildren();
          showError(fouten, err);
        }
      });
      return [`Versie ${v.versie}`, SOORTEN[v.soort] || v.soort, timeElement(v.vastgelegdOp), v.door || '—', open];
    });
    return el('section', { class: 'blok', 'aria-labelledby': titel.id }, titel,
      el('p', { class: 'veld__hint', text: 'Elke wijziging en elke evaluatie is een nieuwe versie; eerdere versies blijven ongewijzigd bewaard.' }),
      table('Versies van het gezinsplan', ['Versie', 'Wat', 'Vastgelegd', 'Door', ''], rows, { hideCaption: true }),
      weergave);
  }

  return title;
}

/** The print view for the family: plain, its own words, no internal note. */
export function renderGezinsplanAfdruk(ctx) {
  const id = ctx.params.id;
  const gezinPad = `/gezinnen/${encodeURIComponent(id)}`;
  const title = heading('Ons gezinsplan');
  const fouten = messageArea('fout');
  const holder = el('div', { class: 'gezinsplan-afdruk' }, loading('Het gezinsplan wordt geladen…'));
  ctx.main.replaceChildren(title, fouten, holder);
  document.title = 'Gezinsplan afdrukken · Koppel';
  (async () => {
    let g;
    let p;
    try {
      [g, p] = await Promise.all([api('GET', gezinPad, { signal: ctx.signal }), api('GET', `${gezinPad}/gezinsplan`, { signal: ctx.signal })]);
    } catch (err) {
      holder.replaceChildren();
      showError(fouten, err);
      return;
    }
    const plan = p.data.plan;
    const terug = el('a', { class: 'knop knop--secundair', href: `/#${gezinPad}/gezinsplan`, text: 'Terug naar het gezinsplan' });
    if (!plan) {
      holder.replaceChildren(el('p', { text: 'Er is nog geen gezinsplan.' }), el('p', { class: 'knoppen' }, terug));
      return;
    }
    const print = el('button', { type: 'button', class: 'knop', text: 'Afdrukken' });
    print.addEventListener('click', () => window.print());
    document.title = `Gezinsplan ${g.data.naam} · Koppel`;
    holder.replaceChildren(
      el('p', { class: 'knoppen' }, print, terug),
      el('p', { class: 'gezinsplan-afdruk__gezin', text: g.data.naam }),
      el('p', {}, 'Opgesteld op ', datumElement(plan.opgesteldOp),
        plan.aanwezig?.length ? `, samen met: ${plan.aanwezig.join(', ')}.` : '.'),
      el('h2', { text: 'Onze doelen' }),
      el('ol', { class: 'gezinsplan-afdruk__doelen' }, plan.doelen.map((d) => el('li', {},
        el('p', { class: 'gezinsplan-afdruk__doel vrije-tekst', text: d.doel }),
        gegevens([
          ['Wie werkt eraan', eigenaarTekst(d)],
          d.domein ? ['Thema', d.domein] : null,
          ['Score bij de start', score(d.startScore)],
          ['Score nu', laatste(d)],
          ['Status', naamVan(STATUSSEN, d.status)],
        ])))),
      plan.afspraken ? el('h2', { text: 'Afspraken' }) : null,
      plan.afspraken ? vrijeTekst(plan.afspraken) : null,
      el('p', { class: 'zacht' }, `Versie ${p.data.versie}, vastgelegd op `, timeElement(p.data.vastgelegdOp),
        '. Scores van 1 (helemaal niet) tot 10 (helemaal goed).'));
  })();
  return title;
}

/** The plan in the inzage: the current version in full and the list of versions. */
export function gezinsplanInzage(versies) {
  if (!versies?.length) {
    return [el('p', { class: 'zacht', text: 'Er is geen gezinsplan vastgelegd.' })];
  }
  const laatsteVersie = versies[versies.length - 1];
  return [
    el('p', {}, `Het huidige plan (versie ${laatsteVersie.versie}):`),
    planInhoud(laatsteVersie.plan),
    table('Alle versies van het gezinsplan', ['Versie', 'Wat', 'Vastgelegd', 'Door', 'Doelen'],
      versies.map((v) => [
        `Versie ${v.versie}`, SOORTEN[v.soort] || v.soort, timeElement(v.vastgelegdOp), v.door || '—',
        (v.plan?.doelen || []).map((d) => `${d.doel}: ${score(d.startScore)} → ${score(d.laatsteScore)}`).join('; '),
      ])),
  ];
}
