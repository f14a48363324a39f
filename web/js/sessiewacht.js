// Koppel web front end: a warning before the session ends for lack of use.
//
// The server ends a session that made no request for 30 minutes (the
// default of session_idle_timeout, server/auth.c); it notes a session's use
// at most once a minute. This tab counts from its own last answer from the
// server, so the warning comes three minutes before the end it reckons,
// which is at least two minutes before the server's. "Blijf ingelogd" asks
// the server who is logged in, which counts as use and so renews the
// session. When the time has run out the session is checked, so an ended
// one shows the login page at once (drafts stay, see concept.js).

import { el, say } from '/js/dom.js';

export const IDLE_MS = 30 * 60 * 1000;
const WARN_BEFORE_MS = 3 * 60 * 1000;

let warnTimer = null;
let endTimer = null;
let banner = null;
let keepAlive = null;

function hide() {
  banner?.remove();
  banner = null;
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
  // Written once the region is in the page, so screen readers announce it.
  setTimeout(() => say(text, 'Je sessie verloopt over enkele minuten omdat je een tijd niets hebt gedaan. '
    + 'Wat je hebt ingevuld blijft in dit tabblad bewaard.'), 50);
}

function schedule() {
  clearTimeout(warnTimer);
  clearTimeout(endTimer);
  hide();
  if (!keepAlive) {
    return;
  }
  warnTimer = setTimeout(show, IDLE_MS - WARN_BEFORE_MS);
  endTimer = setTimeout(() => {
    hide();
    keepAlive();
  }, IDLE_MS);
}

/**
 * Starts watching: `check` asks the server who is logged in (renewing the
 * session, or leading to the login page when it has ended).
 */
export function startSessiewacht(check) {
  keepAlive = check;
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
