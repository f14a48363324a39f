// Koppel web front end: the application shell's behaviour.
//
// - Session: on load, GET /api/v1/sessies/huidig tells who is logged in and
//   gives the CSRF token (kept in memory by api.js). Without a session the
//   login page is shown instead of the content, and so it is as soon as any
//   request answers 401; after logging in the user lands on the route they
//   were on.
// - Header: the main menu (with "Beheer" only for a beheerder) and the user
//   menu with name, role, "API-tokens" and "Uitloggen".
// - Hash routing (#/, #/gezinnen, #/beheer/gebruikers/3, ...): marks the
//   current menu item with aria-current="page", renders the page into
//   <main id="inhoud"> and, on navigation, moves focus to its heading.
// - Health status: asks GET /api/v1/health and shows the server version and
//   status in the footer (#status, data-status="laden" | "ok" | "fout").
// - Drafts (concept.js): what is typed into a form is kept in this tab and
//   restored after logging in again; leaving a page with unsaved input
//   through a link asks first; logging out wipes the drafts.
// - Idle warning (sessiewacht.js): a warning with "Blijf ingelogd" a few
//   minutes before the session ends for lack of use.
//
// Everything is written with textContent and createElement, never innerHTML,
// so nothing from the server or the URL is ever parsed as HTML.

import {
  api, onAnswered, onUnauthorized, setCsrfToken,
} from '/js/api.js';
import {
  clearConcepten, conceptOpgeslagen, discardDirty, dirtyForms, nieuwePagina, startConcepten,
} from '/js/concept.js';
import { confirmDialog, el, heading } from '/js/dom.js';
import { sessieGebruikt, startSessiewacht, stopSessiewacht } from '/js/sessiewacht.js';
import { roleName } from '/js/format.js';
import { renderLogin } from '/js/login.js';
import { renderGebruikerBewerken, renderGebruikerNieuw, renderGebruikers } from '/js/gebruikers.js';
import { renderWerkgebiedBewerken, renderWerkgebieden } from '/js/werkgebieden.js';
import { renderProgrammaBewerken, renderProgrammaNieuw, renderProgrammas } from '/js/programmas.js';
import { renderApiTokens } from '/js/api-tokens.js';
import { renderGezinnen } from '/js/gezinnen.js';
import { renderGezinBewerken, renderGezinNieuw } from '/js/gezin-form.js';
import { renderGezin } from '/js/gezin-pagina.js';
import { renderInzage } from '/js/inzage.js';
import { renderGezinsplan, renderGezinsplanAfdruk } from '/js/gezinsplan.js';
import { renderBewaartermijn } from '/js/bewaartermijn.js';
import { renderTarieven } from '/js/tarieven.js';
import { renderDoelen } from '/js/doelen.js';
import { laadWoorden } from '/js/koppeling-woorden.js';
import { renderKoppelingen } from '/js/koppelingen.js';
import { renderKoppeling } from '/js/koppeling-pagina.js';
import { renderMatchronde, renderMatchrondeNieuw } from '/js/matchronde.js';
import { renderEvaluaties } from '/js/evaluaties.js';
import { renderKalender } from '/js/kalender.js';
import { renderOverzicht } from '/js/overzicht.js';
import { renderRapportages } from '/js/rapportages.js';
import { renderJaaroverzicht } from '/js/jaaroverzicht.js';
import { renderEffectenRapport } from '/js/effecten-rapport.js';
import { renderSuggesties } from '/js/suggesties.js';

const HEALTH_URL = '/api/v1/health';
const HEALTH_TIMEOUT_MS = 5000;
const HEALTH_INTERVAL_MS = 60000;

const NOT_FOUND = {
  title: 'Pagina niet gevonden',
  text: 'Deze pagina bestaat niet (meer). Kies een onderdeel in het menu.',
};

const NO_ACCESS = {
  title: 'Geen toegang',
  text: 'Dit deel van Koppel is alleen voor beheerders.',
};

const NOT_FOR_ROLE = {
  title: 'Geen toegang',
  text: 'Dit deel van Koppel hoort niet bij jouw rol. Kies een onderdeel in het menu.',
};

// The roles that work with families and koppelingen; the rapportage role
// sees the figures only (Overzicht, Rapportages).
const WERK = ['beheerder', 'coordinator'];
// A gezinscoach also opens the families of their own trajectories and their gezinsplan.
const WERK_EN_COACH = [...WERK, 'gezinscoach'];

// The main menu per role: the roles that see each item (by its data-route);
// items not listed are for everyone.
const MENU_ROLLEN = {
  '/gezinnen': WERK,
  '/koppelingen': WERK,
  '/evaluaties': WERK,
};

// Pages with screens of their own. `pattern` segments starting with ":" are
// parameters; `menu` is the data-route of the menu link that is current;
// `rol` limits the page to one role, `rollen` to some.
const PAGES = [
  { pattern: '/beheer', menu: '/beheer', rol: 'beheerder', render: renderGebruikers },
  { pattern: '/beheer/gebruikers', menu: '/beheer', rol: 'beheerder', render: renderGebruikers },
  { pattern: '/beheer/gebruikers/nieuw', menu: '/beheer', rol: 'beheerder', render: renderGebruikerNieuw },
  { pattern: '/beheer/gebruikers/:id', menu: '/beheer', rol: 'beheerder', render: renderGebruikerBewerken },
  { pattern: '/beheer/werkgebieden', menu: '/beheer', rol: 'beheerder', render: renderWerkgebieden },
  { pattern: '/beheer/werkgebieden/:id', menu: '/beheer', rol: 'beheerder', render: renderWerkgebiedBewerken },
  { pattern: '/beheer/programmas', menu: '/beheer', rol: 'beheerder', render: renderProgrammas },
  { pattern: '/beheer/programmas/nieuw', menu: '/beheer', rol: 'beheerder', render: renderProgrammaNieuw },
  { pattern: '/beheer/programmas/:id', menu: '/beheer', rol: 'beheerder', render: renderProgrammaBewerken },
  { pattern: '/beheer/bewaartermijn', menu: '/beheer', rol: 'beheerder', render: renderBewaartermijn },
  { pattern: '/beheer/tarieven', menu: '/beheer', rol: 'beheerder', render: renderTarieven },
  { pattern: '/beheer/doelen', menu: '/beheer', rol: 'beheerder', render: renderDoelen },
  { pattern: '/api-tokens', menu: '/api-tokens', render: renderApiTokens },
  { pattern: '/gezinnen', menu: '/gezinnen', render: renderGezinnen, rollen: WERK },
  { pattern: '/gezinnen/nieuw', menu: '/gezinnen', render: renderGezinNieuw, rollen: WERK },
  { pattern: '/gezinnen/:id', menu: '/gezinnen', render: renderGezin, rollen: WERK_EN_COACH },
  { pattern: '/gezinnen/:id/bewerken', menu: '/gezinnen', render: renderGezinBewerken, rollen: WERK },
  { pattern: '/gezinnen/:id/suggesties', menu: '/gezinnen', render: renderSuggesties, rollen: WERK },
  { pattern: '/gezinnen/:id/inzage', menu: '/gezinnen', render: renderInzage, rollen: WERK },
  { pattern: '/gezinnen/:id/gezinsplan', menu: '/gezinnen', render: renderGezinsplan, rollen: WERK_EN_COACH },
  { pattern: '/gezinnen/:id/gezinsplan/afdrukken', menu: '/gezinnen', render: renderGezinsplanAfdruk, rollen: WERK_EN_COACH },
  { pattern: '/koppelingen', menu: '/koppelingen', render: renderKoppelingen, rollen: WERK },
  { pattern: '/koppelingen/:id', menu: '/koppelingen', render: renderKoppeling, rollen: WERK },
  { pattern: '/matchrondes/nieuw', menu: '/koppelingen', render: renderMatchrondeNieuw, rollen: WERK },
  { pattern: '/matchrondes/:id', menu: '/koppelingen', render: renderMatchronde, rollen: WERK },
  { pattern: '/evaluaties', menu: '/evaluaties', render: renderEvaluaties, rollen: WERK },
  { pattern: '/kalender', menu: '/evaluaties', render: renderKalender, rollen: WERK },
  { pattern: '/', menu: '/', render: renderOverzicht },
  { pattern: '/rapportages', menu: '/rapportages', render: renderRapportages },
  { pattern: '/rapportages/effecten', menu: '/rapportages', render: renderEffectenRapport },
  { pattern: '/rapportages/jaaroverzicht', menu: '/rapportages', render: renderJaaroverzicht },
];

// What the application knows right now.
const state = {
  session: null, // {gebruiker, csrfToken, verlooptOp} or null
  loginShown: false,
  view: null, // AbortController of the page on screen
  flash: '', // a message for the next page, e.g. "Gebruiker aangemaakt."
  woordenGevraagd: false, // the phases, kinds and stop reasons (/keuzelijsten) were asked for
};

let main;

// The route part of a hash: "#/gezinnen/12?x" → "/gezinnen/12".
function routeOf(hash) {
  const route = hash.replace(/^#/, '').split('?')[0] || '/';
  return route.length > 1 ? route.replace(/\/+$/, '') : route;
}

// True when the hash is a route ("#/..." or empty), false for an in-page
// anchor such as "#inhoud" that must not replace the content.
function isRouteHash(hash) {
  return hash === '' || hash === '#' || hash.startsWith('#/');
}

// Finds what to show for a route: {page, params}, or {section: NOT_FOUND}.
function resolve(route) {
  const segments = route.split('/').slice(1);
  for (const page of PAGES) {
    const parts = page.pattern.split('/').slice(1);
    if (parts.length !== segments.length) {
      continue;
    }
    const params = {};
    const ok = parts.every((part, i) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = decodeURIComponent(segments[i]);
        return segments[i] !== '';
      }
      return part === segments[i];
    });
    if (ok) {
      return { page, params };
    }
  }
  return { section: NOT_FOUND };
}

// Marks the header link for `menuPath` as the current page; clears the others.
function markCurrentLink(menuPath) {
  for (const link of document.querySelectorAll('.site-header a[data-route]')) {
    if (link.dataset.route === menuPath) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

// Replaces the content of <main> with a heading and a text.
function renderText(section) {
  const title = heading(section.title);
  const children = [title, el('p', { text: section.text })];
  if (section === NOT_FOUND || section === NO_ACCESS || section === NOT_FOR_ROLE) {
    children.push(el('p', {}, el('a', { href: '/#/', text: 'Naar het overzicht' })));
  }
  main.replaceChildren(...children);
  document.title = `${section.title} · Koppel`;
  return title;
}

// ---- header: main menu and user menu ------------------------------------

// Shows the menus for the logged-in user, or hides them when nobody is.
function renderHeader() {
  const nav = document.querySelector('.main-nav');
  const list = nav.querySelector('ul');
  const user = state.session?.gebruiker;

  nav.hidden = !user;
  for (const link of list.querySelectorAll('a[data-route]')) {
    const rollen = MENU_ROLLEN[link.dataset.route];
    link.closest('li').hidden = Boolean(user && rollen && !rollen.includes(user.rol));
  }
  const beheer = list.querySelector('[data-menu="beheer"]');
  if (user?.rol === 'beheerder' && !beheer) {
    list.append(el('li', { dataset: { menu: 'beheer' } },
      el('a', { href: '/#/beheer/gebruikers', dataset: { route: '/beheer' }, text: 'Beheer' })));
  } else if (user?.rol !== 'beheerder' && beheer) {
    beheer.remove();
  }

  let menu = document.querySelector('.user-menu');
  if (!user) {
    menu?.remove();
    return;
  }
  if (!menu) {
    menu = el('nav', { class: 'user-menu', 'aria-label': 'Gebruikersmenu' });
    // Before the main menu, so the focus order matches the layout.
    document.querySelector('.brand').after(menu);
  }
  const logout = el('button', { type: 'button', class: 'knop knop--op-merk', text: 'Uitloggen' });
  logout.addEventListener('click', () => logOut(logout));
  menu.replaceChildren(
    el('p', { class: 'user-menu__wie' },
      el('span', { class: 'user-menu__naam', text: user.naam || user.gebruikersnaam }),
      el('span', { class: 'visueel-verborgen', text: ', ' }),
      el('span', { class: 'user-menu__rol', text: roleName(user.rol) })),
    el('a', { class: 'user-menu__link', href: '/#/api-tokens', dataset: { route: '/api-tokens' }, text: 'API-tokens' }),
    logout,
  );
}

function setSession(data) {
  state.session = data && data.gebruiker ? data : null;
  setCsrfToken(state.session?.csrfToken);
  if (state.session) {
    // Drafts someone else left in this tab are not for this user.
    clearConcepten(state.session.gebruiker.id);
    startSessiewacht(() => checkSession(), state.session);
  } else {
    stopSessiewacht();
  }
  renderHeader();
}

// ---- login and logout -----------------------------------------------------

// Shows the login page instead of the content. `notice` explains why.
function showLogin(notice) {
  state.view?.abort();
  state.view = null;
  state.loginShown = true;
  markCurrentLink(null);
  const first = renderLogin(main, {
    notice,
    onLoggedIn(data) {
      state.loginShown = false;
      setSession(data);
      // Back to the route the user was on (or asked for) before.
      route({ initial: false, checked: true });
    },
  });
  first.focus();
}

// Any 401: the session is gone (expired, revoked, logged out elsewhere).
function sessionLost() {
  if (state.loginShown) {
    return;
  }
  const hadSession = state.session !== null;
  setSession(null);
  showLogin(hadSession ? 'Je sessie is verlopen. Log opnieuw in om verder te gaan.' : undefined);
}

async function logOut(button) {
  button.disabled = true;
  try {
    await api('DELETE', '/sessies/huidig');
  } catch (err) {
    if (err.status !== 401) {
      button.disabled = false;
      showFlashNow(`Uitloggen is niet gelukt: ${err.detail}`);
      return;
    }
  }
  // The next person to log in starts at the overview, and finds no drafts.
  clearConcepten();
  history.replaceState(null, '', '/#/');
  setSession(null);
  showLogin('Je bent uitgelogd.');
}

// Shows a message at the top of the current page.
function showFlashNow(text) {
  const existing = main.querySelector(':scope > .melding--shell');
  existing?.remove();
  const message = el('div', { class: 'melding melding--fout melding--shell', role: 'alert' }, el('p', { text }));
  main.prepend(message);
}

// ---- routing ----------------------------------------------------------------

// What the pages get to work with.
function pageContext(params, signal) {
  return {
    main,
    params,
    signal,
    user: state.session.gebruiker,
    // Goes to another route, optionally with a message for the next page.
    navigate(hash, flash = '') {
      state.flash = flash;
      if (location.hash === hash) {
        route({ initial: false });
      } else {
        location.hash = hash;
      }
    },
    // The message left by the previous page ('' when none); read once.
    takeFlash() {
      const text = state.flash;
      state.flash = '';
      return text;
    },
    // Asks the server again who is logged in (after changing oneself).
    refreshSession: () => checkSession(signal),
  };
}

// Asks who is logged in and updates the header when that changed. A 401
// shows the login page through the api module's handler.
async function checkSession(signal) {
  try {
    const { data } = await api('GET', '/sessies/huidig', { signal });
    if (state.session && data?.gebruiker) {
      const before = JSON.stringify(state.session.gebruiker);
      state.session = { ...state.session, ...data, csrfToken: data.csrfToken || state.session.csrfToken };
      setCsrfToken(state.session.csrfToken);
      if (JSON.stringify(state.session.gebruiker) !== before) {
        renderHeader();
      }
    }
  } catch {
    // Cancelled, not reachable or a server error: the page itself says so
    // when it needs the server, and the footer shows the health status.
  }
}

// Renders the current route. On navigation (not on first load) focus moves
// to the new heading so keyboard and screen-reader users land on it, and
// the session is checked so an expired one leads to the login page even
// on pages that ask the server nothing. A hash that is an in-page anchor
// leaves the content alone, except on first load, when it shows the overview.
function route({ initial, checked = false }) {
  const isRoute = isRouteHash(location.hash);
  if (!isRoute && !initial) {
    return;
  }
  if (!state.session) {
    if (!state.loginShown) {
      showLogin();
    }
    return;
  }
  if (!state.woordenGevraagd) {
    // the names every koppelingen page shows come from the server: asked once, before the first page
    state.woordenGevraagd = true;
    laadWoorden().then(() => route({ initial, checked }));
    return;
  }

  state.view?.abort();
  const view = new AbortController();
  state.view = view;
  nieuwePagina();

  const found = resolve(routeOf(isRoute ? location.hash : ''));
  let title;
  if (found.page) {
    markCurrentLink(found.page.menu);
    const rol = state.session.gebruiker.rol;
    if (found.page.rol && found.page.rol !== rol) {
      title = renderText(NO_ACCESS);
    } else if (found.page.rollen && !found.page.rollen.includes(rol)) {
      title = renderText(NOT_FOR_ROLE);
    } else {
      title = found.page.render(pageContext(found.params, view.signal));
    }
  } else {
    markCurrentLink(null);
    title = renderText(found.section);
  }
  if (!initial) {
    title.focus();
    if (!checked) {
      checkSession(view.signal);
    }
  }
}

// ---- leaving a form with unsaved input ------------------------------------------

// A click on a link to another route while a form holds unsaved input asks
// first. Leaving throws that input away; staying keeps everything as it was.
// (Back and Forward are not asked about: the draft stays and comes back
// when the user returns.)
async function askBeforeLeaving(event) {
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
    || event.shiftKey || event.altKey || link.target || link.hasAttribute('download')) {
    return;
  }
  if (!state.session || state.loginShown || !dirtyForms().length) {
    return;
  }
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || url.pathname !== '/' || !isRouteHash(url.hash)
    || url.hash === location.hash) {
    return;
  }
  event.preventDefault();
  const leave = await confirmDialog({
    title: 'Pagina verlaten zonder opslaan?',
    text: 'Je hebt op deze pagina iets ingevuld dat nog niet is opgeslagen. '
      + 'Als je de pagina verlaat, gaat wat je hebt ingevuld verloren.',
    confirm: 'Verlaten zonder opslaan',
    cancel: 'Op deze pagina blijven',
  });
  if (leave) {
    discardDirty();
    location.hash = url.hash;
  }
}

// ---- health status ------------------------------------------------------------

// Shows `text` in the status element, touching the DOM only when something
// changed so the live region does not repeat itself on every check.
function showStatus(target, status, text) {
  if (target.dataset.status === status && target.textContent === text) {
    return;
  }
  target.dataset.status = status;
  target.textContent = text;
}

// Parses a JSON (or problem+json) body; returns null when there is none.
async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

// Asks the server how it is doing and shows the answer in the footer.
// A non-200 answer shows the problem's detail when there is one.
async function checkHealth(target) {
  let response;
  try {
    response = await fetch(HEALTH_URL, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    });
  } catch {
    showStatus(target, 'fout', 'Koppel · status: niet bereikbaar');
    return;
  }

  const body = await readJson(response);
  if (response.status === 200 && body && body.status === 'ok') {
    const parts = [typeof body.version === 'string' && body.version
      ? `Koppel ${body.version}` : 'Koppel'];
    if (Number.isInteger(body.schemaVersion)) {
      parts.push(`database schema ${body.schemaVersion}`);
    }
    parts.push('status: in orde');
    showStatus(target, 'ok', parts.join(' · '));
    return;
  }

  const detail = body && typeof body.detail === 'string' && body.detail.trim()
    ? body.detail.trim()
    : 'niet bereikbaar';
  showStatus(target, 'fout', `Koppel · status: ${detail}`);
}

// ---- start --------------------------------------------------------------------

// First load: find out whether there is a session, then show the page or
// the login page. When the server cannot tell, say so and offer to retry.
async function startSession() {
  try {
    const { data } = await api('GET', '/sessies/huidig');
    setSession(data);
  } catch (err) {
    if (err.status === 401) {
      return; // the handler showed the login page
    }
    const title = heading('Koppel is niet bereikbaar');
    const retry = el('button', { type: 'button', class: 'knop', text: 'Opnieuw proberen' });
    retry.addEventListener('click', () => {
      retry.disabled = true;
      startSession();
    });
    main.replaceChildren(title, el('p', { text: err.detail }), el('p', {}, retry));
    document.title = 'Niet bereikbaar · Koppel';
    return;
  }
  if (state.session) {
    route({ initial: true });
  } else {
    showLogin();
  }
}

function start() {
  main = document.getElementById('inhoud');
  const status = document.getElementById('status');

  // The skip link focuses the content without turning "#inhoud" into a route.
  const skip = document.querySelector('.skip-link');
  skip.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });

  onUnauthorized(sessionLost);
  onAnswered(({ method, status }) => {
    if (state.session && status !== 401) {
      sessieGebruikt();
    }
    if (status >= 200 && status < 300 && method !== 'GET' && state.session && !state.loginShown) {
      conceptOpgeslagen();
    }
  });
  startConcepten({
    main,
    active: () => Boolean(state.session) && !state.loginShown,
    user: () => state.session?.gebruiker?.id ?? null,
    redraw: () => route({ initial: false, checked: true }),
  });
  document.addEventListener('click', askBeforeLeaving, true);
  window.addEventListener('beforeunload', (event) => {
    if (state.session && !state.loginShown && dirtyForms().length) {
      event.preventDefault();
    }
  });
  renderHeader();
  window.addEventListener('hashchange', () => route({ initial: false }));
  startSession();

  checkHealth(status);
  setInterval(() => checkHealth(status), HEALTH_INTERVAL_MS);
}

start();
