// Koppel web front end: a warning before the session ends for lack of use.
//
// The server says in its session answer (login, GET /sessies/huidig) how
// long a session lives unused (inactiefNaSeconden, session_idle_timeout)
// and how much sooner it may end after the last request
// (inactiefMargeSeconden: it notes a session's use at most that often).
// This tab counts from its own last answer from the server: the session
// ends at the earliest idle - marge and at the latest idle after it. The
// warning comes before the earliest end (three minutes, or half the time
// when that is shorter); "Blijf ingelogd" asks the server who is logged
// in, which counts as use and so renews the session. Once the latest end
// has passed the session is checked, so an ended one shows the login page
// at once (drafts stay, see concept.js); that check comes after the
// server's end, so it never keeps an unused session alive. Without the
// server's numbers (an older server) the tab warns at nothing.

import { el, say } from '/js/dom.js';

const WARN_BEFORE_MS = 3 * 60 * 1000;
const CHECK_AFTER_MS = 1000; // the server counts whole seconds

let warnTimer = null;
let endTimer = null;
let banner = null;
let keepAlive = null;
let idleMs = 0;
let margeMs = 0;

function hide() {
  banner?.remove();
  banner = null;
}

/** The lead of the warning before the earliest end: three minutes, or half of what is left when shorter. */
function warnLead() {
  return Math.min(WARN_BEFORE_MS, Math.max(0, idleMs - margeMs) / 2);
}

// The warning, at the top of the page, with the button that renews the session.
function show() {
  if (banner) {
    return;
  }
  const text = el('div', { role: 'alert' });
  const stay = el('button', { type: 'button', class: 'knop', text: 'Blijf ingelogd' });
  stay.addEventListener('click', async () => {
    stay.disabled = true;
    try {
      await keepAlive();
    } finally {
      stay.disabled = false;
    }
  });
  banner = el('section', { class: 'sessie-waarschuwing', 'aria-label': 'Sessie verloopt' }, text, el('p', {}, stay));
  document.body.prepend(banner);
  const when = warnLead() >= 2 * 60 * 1000 ? 'over enkele minuten' : 'zo';
  // Written once the region is in the page, so screen readers announce it.
  setTimeout(() => say(text, `Je sessie verloopt ${when} omdat je een tijd niets hebt gedaan. `
    + 'Wat je hebt ingevuld blijft in dit tabblad bewaard.'), 50);
}

function schedule() {
  clearTimeout(warnTimer);
  clearTimeout(endTimer);
  hide();
  if (!keepAlive || idleMs <= 0) {
    return;
  }
  warnTimer = setTimeout(show, Math.max(0, idleMs - margeMs - warnLead()));
  endTimer = setTimeout(() => {
    hide();
    keepAlive();
  }, idleMs + CHECK_AFTER_MS);
}

/** Seconds from the session answer as milliseconds; 0 when the server did not say. */
function seconds(value) {
  return Number.isInteger(value) && value > 0 ? value * 1000 : 0;
}

/**
 * Starts watching the session `sessie` (the server's session answer, with
 * inactiefNaSeconden and inactiefMargeSeconden): `check` asks the server
 * who is logged in (renewing the session, or leading to the login page
 * when it has ended).
 */
export function startSessiewacht(check, sessie) {
  keepAlive = check;
  idleMs = seconds(sessie?.inactiefNaSeconden);
  margeMs = Math.min(idleMs, seconds(sessie?.inactiefMargeSeconden));
  schedule();
}

/** The tab got an answer from the server while logged in: the session was used. */
export function sessieGebruikt() {
  schedule();
}

/** Nobody is logged in: no warning. */
export function stopSessiewacht() {
  keepAlive = null;
  clearTimeout(warnTimer);
  clearTimeout(endTimer);
  hide();
}
