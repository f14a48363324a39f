// Koppel web front end: the application shell's behaviour.
//
// - Hash routing (#/, #/gezinnen, ...): marks the current menu item with
//   aria-current="page" and renders that section into <main id="inhoud">.
//   The sections are placeholders until their screens are built.
// - Health status: asks GET /api/v1/health and shows the server version and
//   status in the footer (#status, data-status="laden" | "ok" | "fout").
//
// Everything is written with textContent and createElement, never innerHTML,
// so nothing from the server or the URL is ever parsed as HTML.

const HEALTH_URL = '/api/v1/health';
const HEALTH_TIMEOUT_MS = 5000;
const HEALTH_INTERVAL_MS = 60000;

// One entry per section of the main menu. `path` is the first segment of
// the hash route; `text` says honestly what will live there.
const SECTIONS = [
  {
    path: '/',
    title: 'Overzicht',
    text: 'Hier komt je overzicht: de wachtlijst, beschikbare steungezinnen, ' +
      'koppelingen per fase en evaluaties die eraan komen. ' +
      'Dit deel van Koppel volgt nog.',
  },
  {
    path: '/gezinnen',
    title: 'Gezinnen',
    text: 'Hier komen de vraaggezinnen en de steungezinnen, buddy’s en ' +
      'estafettegezinnen met wie je werkt. Dit deel van Koppel volgt nog.',
  },
  {
    path: '/koppelingen',
    title: 'Koppelingen',
    text: 'Hier volg je elke koppeling van voorstel en kennismaking tot ' +
      'afronding. Dit deel van Koppel volgt nog.',
  },
  {
    path: '/evaluaties',
    title: 'Evaluaties',
    text: 'Hier zie je welke evaluatiegesprekken gepland staan en welke ' +
      'over tijd zijn. Dit deel van Koppel volgt nog.',
  },
  {
    path: '/rapportages',
    title: 'Rapportages',
    text: 'Hier komen de kwartaalrapportages per gemeente en de exports. ' +
      'Dit deel van Koppel volgt nog.',
  },
];

const NOT_FOUND = {
  path: null,
  title: 'Pagina niet gevonden',
  text: 'Deze pagina bestaat niet (meer). Kies een onderdeel in het menu.',
};

// Returns the section for a location hash such as "#/gezinnen/12", or
// NOT_FOUND. An empty hash is the overview.
function sectionForHash(hash) {
  const route = hash.replace(/^#/, '') || '/';
  const first = '/' + (route.split('/')[1] || '');
  return SECTIONS.find((s) => s.path === first) || NOT_FOUND;
}

// True when the hash is a route ("#/..." or empty), false for an in-page
// anchor such as "#inhoud" that must not replace the content.
function isRouteHash(hash) {
  return hash === '' || hash === '#' || hash.startsWith('#/');
}

// Marks the menu link of `section` as the current page; clears the others.
function markCurrentLink(section) {
  for (const link of document.querySelectorAll('.main-nav a[data-route]')) {
    if (link.dataset.route === section.path) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

// Replaces the content of <main> with the section's heading and text.
function renderSection(main, section) {
  const heading = document.createElement('h1');
  heading.textContent = section.title;
  heading.tabIndex = -1;

  const text = document.createElement('p');
  text.textContent = section.text;

  const children = [heading, text];
  if (section === NOT_FOUND) {
    const back = document.createElement('p');
    const link = document.createElement('a');
    link.href = '/#/';
    link.textContent = 'Naar het overzicht';
    back.append(link);
    children.push(back);
  }
  main.replaceChildren(...children);
  document.title = `${section.title} · Koppel`;
  return heading;
}

// Renders the current route. On navigation (not on first load) focus moves
// to the new heading so keyboard and screen-reader users land on it. A hash
// that is an in-page anchor leaves the content alone, except on first load,
// when it shows the overview.
function route(main, { initial }) {
  const isRoute = isRouteHash(location.hash);
  if (!isRoute && !initial) {
    return;
  }
  const section = sectionForHash(isRoute ? location.hash : '');
  markCurrentLink(section);
  const heading = renderSection(main, section);
  if (!initial) {
    heading.focus();
  }
}

// Shows `text` in the status element, touching the DOM only when something
// changed so the live region does not repeat itself on every check.
function showStatus(el, state, text) {
  if (el.dataset.status === state && el.textContent === text) {
    return;
  }
  el.dataset.status = state;
  el.textContent = text;
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
async function checkHealth(el) {
  let response;
  try {
    response = await fetch(HEALTH_URL, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    });
  } catch {
    showStatus(el, 'fout', 'Koppel · status: niet bereikbaar');
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
    showStatus(el, 'ok', parts.join(' · '));
    return;
  }

  const detail = body && typeof body.detail === 'string' && body.detail.trim()
    ? body.detail.trim()
    : 'niet bereikbaar';
  showStatus(el, 'fout', `Koppel · status: ${detail}`);
}

function start() {
  const main = document.getElementById('inhoud');
  const status = document.getElementById('status');

  // The skip link focuses the content without turning "#inhoud" into a route.
  const skip = document.querySelector('.skip-link');
  skip.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });

  route(main, { initial: true });
  window.addEventListener('hashchange', () => route(main, { initial: false }));

  checkHealth(status);
  setInterval(() => checkHealth(status), HEALTH_INTERVAL_MS);
}

start();
