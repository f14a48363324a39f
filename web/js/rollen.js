// Koppel web front end: the roles of a gezin as periods, a section on the
// gezin page (mounted by gezin-pagina.js with rollenSectie).
//
// A gezin holds one running role per side (gezin.rollen): a vraaggezin may
// at the same time be buddy, steungezin, steunmaatje or estafettegezin.
// Every period, running or ended, is in gezin.rolGeschiedenis; an ended one
// keeps a copy of its profile (vraag or aanbod) as it was, shown here on
// request. The section
// - lists the running roles with their status, and for a role that is not
//   the gezin's primary one a form to set that role's status
//   (PATCH /gezinnen/{id}/rollen/{rid}; the primary role's status is set in
//   the Status section);
// - ends a running role on a date after a confirmation (the same PATCH with
//   tot); the server refuses while that role's koppeling runs, or when it
//   is the last running role, and the reason is shown at the date;
// - adds a role on the other side (POST /gezinnen/{id}/rollen) with the
//   essentials of its profile: for a supporting role its aanbod (support,
//   how many families at a time, themes from experience), for the
//   vraaggezin role its vraag; the profile kept from before is filled in.
// Every write sends the gezin's version as If-Match and answers with the
// gezin, which the page takes over through `bijgewerkt`.

import { api } from '/js/api.js';
import {
  checkboxGroup, clearFieldErrors, confirmDialog, el, field, messageArea, say, setFieldError, uniqueId,
} from '/js/dom.js';
import {
  datumElement, formatDatum, items, kantVan, naamVan, options, statusLijst, statusNaam, vandaag,
} from '/js/keuzelijsten.js';
import { showError, table } from '/js/page.js';

// A labelled textarea with room for an error, like field() makes inputs.
function tekstVeld({ name, label, hint, rows = 3 }) {
  const id = uniqueId(`veld-${name}`);
  const input = el('textarea', { id, name, rows: String(rows) });
  const hintEl = hint ? el('p', { id: `${id}-hint`, class: 'veld__hint', text: hint }) : null;
  if (hintEl) {
    input.setAttribute('aria-describedby', hintEl.id);
  }
  const wrapper = el('div', { class: 'veld', dataset: { veld: name } },
    el('label', { for: id, class: 'veld__label', text: label }), hintEl,
    el('p', { id: `${id}-fout`, class: 'veld__fout', hidden: true }), input);
  return { wrapper, input };
}

function regels(textarea) {
  return textarea.value.split('\n').map((s) => s.trim()).filter(Boolean);
}

/**
 * Shows each refusal of `err` at the field in `form` whose data-pointer is
 * the JSON pointer the server named, or the nearest one: a field inside it
 * ("/aanbod" → the first aanbod field) or the field it lies in
 * ("/aanbod/steunvormen/0" → steunvormen). Says the rest in `area`.
 */
export function toonBijVelden(form, area, err) {
  const wrappers = [...form.querySelectorAll('[data-pointer]')];
  const rest = [];
  let eerste = null;
  for (const { name, reason } of err?.invalidParams || []) {
    const p = String(name || '').replace(/^#/, '');
    const w = wrappers.find((x) => x.dataset.pointer === p)
      || wrappers.find((x) => x.dataset.pointer.startsWith(`${p}/`))
      || wrappers.filter((x) => p.startsWith(`${x.dataset.pointer}/`))
        .sort((a, b) => b.dataset.pointer.length - a.dataset.pointer.length)[0];
    if (!w) {
      rest.push(reason);
      continue;
    }
    setFieldError(w, reason || 'Deze waarde is niet geldig.');
    eerste ??= w;
  }
  if (eerste) {
    (eerste.matches('fieldset') ? eerste.querySelector('input') : eerste.querySelector('input, select, textarea'))?.focus();
  }
  say(area, [err?.detail || 'Dit kon niet worden opgeslagen.', ...rest].filter(Boolean).join(' '));
}

/** The profile kept with an ended role period, as a short list in words. */
export function profielGegevens(lijsten, profiel) {
  const v = profiel?.vraag;
  const a = profiel?.aanbod;
  const lijst = (xs) => (xs?.length ? xs.join(', ') : '');
  const namen = (lijstNaam, codes) => (codes?.length ? codes.map((c) => naamVan(lijsten, lijstNaam, c)).join(', ') : '');
  let pairs;
  if (v) {
    pairs = [
      ['Vraag', v.tekst],
      ['Steun', namen('steunvormen', v.steunvormen)],
      ['Hoe vaak', naamVan(lijsten, 'frequenties', v.frequentie)],
      ['Thema’s', lijst(v.themas)],
      ['Interesses', lijst(v.interesses)],
      ['Steunstijl', naamVan(lijsten, 'steunstijlen', v.steunstijl)],
    ];
  } else if (a) {
    pairs = [
      ['Steun', namen('steunvormen', a.steunvormen)],
      ['Hoe vaak', naamVan(lijsten, 'frequenties', a.frequentie)],
      ['Gezinnen tegelijk', Number.isInteger(a.capaciteit) ? String(a.capaciteit) : ''],
      ['Ervaringsthema’s', lijst(a.ervaringsthemas)],
      ['Interesses', lijst(a.interesses)],
      ['Steunstijl', naamVan(lijsten, 'steunstijlen', a.steunstijl)],
      ['Motivatie', a.motivatie],
    ];
  } else {
    return el('p', { class: 'zacht', text: 'Geen profiel bewaard bij deze periode.' });
  }
  return el('dl', { class: 'gegevens' }, pairs.flatMap(([label, value]) => [
    el('dt', { text: label }), el('dd', { class: 'vrije-tekst', text: value || '—' }),
  ]));
}

/**
 * The section "Rollen". `staat` gives the page's current gezin and version
 * (gezin(), etag()) and takes a write's answer (bijgewerkt(answer)).
 * Returns {section, update}; update() redraws from the current gezin.
 */
export function rollenSectie(ctx, lijsten, staat) {
  const titel = el('h2', { id: uniqueId('rollen'), tabIndex: -1, text: 'Rollen' });
  const status = messageArea('status');
  const fouten = messageArea('fout');
  const body = el('div', {});
  const section = el('section', { class: 'blok blok--rollen', 'aria-labelledby': titel.id }, titel, status, fouten, body);
  const pad = () => `/gezinnen/${encodeURIComponent(staat.gezin().id)}/rollen`;

  /**
   * Sends a role write; on success hands the gezin to the page and says
   * `melding`. On a refusal shows it at the fields of `form`. Resolves to
   * true when saved.
   */
  async function stuur(method, path, data, form, formFouten, melding) {
    say(status, '');
    say(fouten, '');
    clearFieldErrors(form);
    say(formFouten, '');
    let answer;
    try {
      answer = await api(method, path, { body: data, etag: staat.etag(), signal: ctx.signal });
    } catch (err) {
      if (err.status === 412) {
        try {
          staat.bijgewerkt(await api('GET', `/gezinnen/${encodeURIComponent(staat.gezin().id)}`, { signal: ctx.signal }));
        } catch (again) {
          showError(fouten, again);
          return false;
        }
        say(fouten, 'Iemand anders heeft dit gezin intussen gewijzigd. Hieronder staan de nieuwste gegevens; probeer het opnieuw.');
        titel.focus();
        return false;
      }
      if (err?.invalidParams?.length) {
        toonBijVelden(form, formFouten, err);
      } else {
        showError(formFouten, err);
      }
      return false;
    }
    staat.bijgewerkt(answer);
    say(status, melding);
    titel.focus();
    return true;
  }

  function update() {
    const gezin = staat.gezin();
    const lopend = gezin.rollen || [];
    const geschiedenis = gezin.rolGeschiedenis || [];
    body.replaceChildren(
      el('h3', { text: 'Lopende rollen' }),
      lopend.length
        ? el('ul', { class: 'rollen' }, lopend.map((r) => lopendeRol(r, lopend.length)))
        : el('p', { class: 'zacht', text: 'Geen lopende rol.' }),
      nieuweRol(lopend),
      el('h3', { text: 'Rolgeschiedenis' }),
      geschiedenis.length ? geschiedenisTabel(geschiedenis) : el('p', { class: 'zacht', text: 'Geen rolgeschiedenis.' }),
    );
  }

  // One running role: its name and status, its status form (not the primary one) and its end.
  function lopendeRol(r, aantal) {
    const naam = naamVan(lijsten, 'rollen', r.rol);
    const kopId = uniqueId('rol');
    return el('li', { class: 'rol', 'aria-labelledby': kopId },
      el('h4', { id: kopId, text: `${naam}${r.primair && aantal > 1 ? ' (hoofdrol)' : ''}` }),
      el('p', {}, 'Sinds ', datumElement(r.van, '—'), ' · status ',
        el('span', { class: `label label--status label--${r.status}`, text: statusNaam(lijsten, r.rol, r.status) || r.status || '—' })),
      r.primair ? null : statusFormulier(r, naam),
      aantal > 1 ? eindFormulier(r, naam) : null);
  }

  // The status of a role that is not the primary one.
  function statusFormulier(r, naam) {
    const lijst = statusLijst(kantVan(lijsten, r.rol));
    const nieuw = field({ name: 'status', label: `Nieuwe status als ${naam.toLowerCase()}`, type: 'select', options: options(lijsten, lijst) });
    nieuw.input.value = r.status || '';
    nieuw.wrapper.dataset.pointer = '/status';
    const datum = field({ name: 'statusDatum', label: 'Datum', type: 'date', attrs: { class: 'invoer--datum' } });
    datum.input.value = vandaag();
    datum.wrapper.dataset.pointer = '/statusDatum';
    const knop = el('button', { type: 'submit', class: 'knop knop--klein' }, 'Status wijzigen',
      el('span', { class: 'visueel-verborgen', text: ` (${naam})` }));
    const formFouten = messageArea('fout');
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': `Status als ${naam.toLowerCase()}` },
      formFouten, el('div', { class: 'velden-rij' }, nieuw.wrapper, datum.wrapper), el('div', { class: 'knoppen' }, knop));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      if (nieuw.input.value === r.status) {
        setFieldError(nieuw.wrapper, 'Kies een andere status dan de huidige.');
        nieuw.input.focus();
        return;
      }
      const data = { status: nieuw.input.value };
      if (datum.input.value) {
        data.statusDatum = datum.input.value;
      }
      knop.disabled = true;
      const ok = await stuur('PATCH', `${pad()}/${encodeURIComponent(r.id)}`, data, form, formFouten,
        `De status als ${naam.toLowerCase()} is nu “${statusNaam(lijsten, r.rol, data.status)}”.`);
      if (!ok) {
        knop.disabled = false;
      }
    });
    return form;
  }

  // Ends a running role on a date, after a confirmation.
  function eindFormulier(r, naam) {
    const tot = field({ name: 'tot', label: `Einddatum als ${naam.toLowerCase()}`, type: 'date', attrs: { class: 'invoer--datum' } });
    tot.input.value = vandaag();
    tot.wrapper.dataset.pointer = '/tot';
    const knop = el('button', { type: 'submit', class: 'knop knop--klein knop--gevaar' }, 'Rol beëindigen',
      el('span', { class: 'visueel-verborgen', text: ` (${naam})` }));
    const formFouten = messageArea('fout');
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-label': `Rol ${naam.toLowerCase()} beëindigen` },
      formFouten, el('div', { class: 'velden-rij' }, tot.wrapper), el('div', { class: 'knoppen' }, knop));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      say(formFouten, '');
      if (!tot.input.value) {
        setFieldError(tot.wrapper, 'Vul in op welke dag de rol eindigt.');
        tot.input.focus();
        return;
      }
      const ok = await confirmDialog({
        title: `Rol ${naam.toLowerCase()} beëindigen?`,
        text: `De rol ${naam.toLowerCase()} van dit gezin eindigt op ${formatDatum(tot.input.value)}.`,
        gevolgen: [
          'De periode blijft in de rolgeschiedenis staan, met het profiel zoals het op die dag was.',
          'De andere rol van het gezin loopt door; vraag en aanbod blijven bewaard.',
          'Zolang een koppeling in deze rol loopt, kan de rol niet eindigen.',
        ],
        confirm: 'Rol beëindigen',
      });
      if (!ok) {
        return;
      }
      knop.disabled = true;
      const saved = await stuur('PATCH', `${pad()}/${encodeURIComponent(r.id)}`, { tot: tot.input.value }, form, formFouten,
        `De rol ${naam.toLowerCase()} is beëindigd.`);
      if (!saved) {
        knop.disabled = false;
      }
    });
    return form;
  }

  // Adds a role on the side that has no running role yet (one per side).
  function nieuweRol(lopend) {
    const gezin = staat.gezin();
    const bezet = new Set(lopend.map((r) => kantVan(lijsten, r.rol)));
    const keuzes = items(lijsten, 'rollen').filter((r) => !bezet.has(r.kant));
    if (!keuzes.length) {
      return el('p', { class: 'veld__hint', text: 'Een gezin heeft één lopende rol per kant: vragen en steunen. Beëindig eerst een rol om een andere te geven.' });
    }
    const kant = keuzes[0].kant;
    const rol = field({ name: 'rol', label: 'Rol', type: 'select', options: keuzes.map((r) => ({ value: r.code, text: r.naam || r.code })) });
    rol.wrapper.dataset.pointer = '/rol';
    const kopId = uniqueId('rol-nieuw');
    const formFouten = messageArea('fout');
    let profiel;
    let velden;
    if (kant === 'aanbod') {
      const a = gezin.aanbod || {};
      const steun = checkboxGroup({ name: 'steunvormen', legend: 'Welke steun biedt het gezin?', items: options(lijsten, 'steunvormen'), checked: a.steunvormen || [] });
      steun.wrapper.dataset.pointer = '/aanbod/steunvormen';
      const capaciteit = field({ name: 'capaciteit', label: 'Gezinnen tegelijk', type: 'number', attrs: { min: '1', max: '10', class: 'invoer--getal' } });
      capaciteit.input.value = Number.isInteger(a.capaciteit) ? String(a.capaciteit) : '1';
      capaciteit.wrapper.dataset.pointer = '/aanbod/capaciteit';
      const themas = tekstVeld({ name: 'ervaringsthemas', label: 'Thema’s uit eigen ervaring', hint: 'Eén per regel: wat het gezin zelf heeft meegemaakt en met een ander gezin kan delen.' });
      themas.input.value = (a.ervaringsthemas || []).join('\n');
      themas.wrapper.dataset.pointer = '/aanbod/ervaringsthemas';
      velden = [steun.wrapper, el('div', { class: 'velden-rij' }, capaciteit.wrapper), themas.wrapper];
      profiel = () => {
        const out = {};
        if (steun.values().length) out.steunvormen = steun.values();
        if (capaciteit.input.value.trim()) out.capaciteit = Number(capaciteit.input.value);
        if (regels(themas.input).length) out.ervaringsthemas = regels(themas.input);
        return Object.keys(out).length ? { aanbod: out } : {};
      };
    } else {
      const v = gezin.vraag || {};
      const tekst = tekstVeld({ name: 'tekst', label: 'De vraag, in de woorden van het gezin', rows: 4 });
      tekst.input.value = v.tekst || '';
      tekst.wrapper.dataset.pointer = '/vraag/tekst';
      const steun = checkboxGroup({ name: 'steunvormen', legend: 'Welke steun zoekt het gezin?', items: options(lijsten, 'steunvormen'), checked: v.steunvormen || [] });
      steun.wrapper.dataset.pointer = '/vraag/steunvormen';
      velden = [tekst.wrapper, steun.wrapper];
      profiel = () => {
        const out = {};
        if (tekst.input.value.trim()) out.tekst = tekst.input.value.trim();
        if (steun.values().length) out.steunvormen = steun.values();
        return Object.keys(out).length ? { vraag: out } : {};
      };
    }
    const knop = el('button', { type: 'submit', class: 'knop', text: 'Rol toevoegen' });
    const form = el('form', { class: 'formulier', novalidate: true, 'aria-labelledby': kopId },
      formFouten,
      el('p', {
        class: 'veld__hint',
        text: kant === 'aanbod'
          ? 'Het gezin gaat daarnaast steun geven. Zijn vraag blijft staan; de nieuwe rol krijgt een eigen status.'
          : 'Het gezin gaat daarnaast steun vragen. Zijn aanbod blijft staan; de rol vraaggezin wordt de hoofdrol.',
      }),
      rol.wrapper, velden, el('div', { class: 'knoppen' }, knop));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      knop.disabled = true;
      const naam = naamVan(lijsten, 'rollen', rol.input.value);
      const ok = await stuur('POST', pad(), { rol: rol.input.value, ...profiel() }, form, formFouten,
        `Het gezin is nu ook ${naam.toLowerCase()}.`);
      if (!ok) {
        knop.disabled = false;
      }
    });
    // folded away until needed: adding a role is rare next to reading the roles
    return el('details', { class: 'rol-nieuw' }, el('summary', {}, el('h3', { id: kopId, text: 'Rol toevoegen' })), form);
  }

  // Every period, oldest first; an ended one with its kept profile on request.
  function geschiedenisTabel(perioden) {
    const rows = perioden.map((r) => [
      naamVan(lijsten, 'rollen', r.rol),
      datumElement(r.van, '—'),
      r.tot ? datumElement(r.tot) : 'nu',
      statusNaam(lijsten, r.rol, r.status) || '—',
      r.tot
        ? el('details', { class: 'rol-profiel' },
          el('summary', {}, 'Profiel', el('span', { class: 'visueel-verborgen', text: ` ${naamVan(lijsten, 'rollen', r.rol).toLowerCase()} tot ${r.tot}` })),
          profielGegevens(lijsten, r.profiel))
        : el('span', { class: 'zacht', text: 'Zie vraag of aanbod hierboven' }),
    ]);
    return table('Rolgeschiedenis', ['Rol', 'Van', 'Tot', 'Status', 'Profiel'], rows, { hideCaption: true });
  }

  update();
  return { section, update };
}
