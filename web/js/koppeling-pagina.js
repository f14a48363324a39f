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
// This file holds the page's frame, the loading and the shared ways to send
// a change; each section is built in its own module (koppeling-kop.js,
// koppeling-fase.js, koppeling-evaluaties.js, koppeling-afspraken.js,
// koppeling-verloop.js, koppeling-contact.js) from the context `kp` made
// here.

import { api } from '/js/api.js';
import { el, heading, messageArea, say } from '/js/dom.js';
import { loadKeuzelijsten } from '/js/keuzelijsten.js';
import { fillAfspraken } from '/js/koppeling-afspraken.js';
import { fillContact } from '/js/koppeling-contact.js';
import { fillEvaluaties } from '/js/koppeling-evaluaties.js';
import { fillFasen } from '/js/koppeling-fase.js';
import { fillKop } from '/js/koppeling-kop.js';
import { fillVerloop } from '/js/koppeling-verloop.js';
import { loading, showError, showFlash } from '/js/page.js';
import { paginaInhoud } from '/js/pagina-inhoud.js';
import { blok, showRefusal } from '/js/velden.js';

/**
 * Renders the koppeling ctx.params.id into ctx.main and returns its title
 * (the h1), which gets the koppeling's name once loaded.
 */
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

  // What the section modules share: the page's parts, the koppeling as last
  // answered (k, etag and the keuzelijsten read at the time of use) and the
  // ways to send a change.
  const kp = {
    ctx,
    path,
    title,
    status,
    errors,
    kop,
    fasen,
    evaluaties,
    afspraken,
    verloop,
    contact,
    faseMelding,
    evaluatieMelding,
    contactMelding,
    get k() { return k; },
    get etag() { return etag; },
    get lijsten() { return lijsten; },
    toon,
    stuur,
    herlaad,
  };

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
    fillKop(kp);
    fillFasen(kp);
    fillEvaluaties(kp);
    fillAfspraken(kp);
    fillVerloop(kp);
    fillContact(kp);
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

  return title;
}
