// Koppel web front end: how values from the API are shown in Dutch.

import { el } from '/js/dom.js';

const ROLE_NAMES = {
  beheerder: 'Beheerder',
  coordinator: 'Coördinator',
  rapportage: 'Rapportage',
  gezinscoach: 'Gezinscoach',
};

/** The roles in the order they are offered in forms. */
export const ROLES = Object.keys(ROLE_NAMES);

/** "coordinator" → "Coördinator". */
export function roleName(rol) {
  return ROLE_NAMES[rol] || rol;
}

const DATE_TIME = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO 8601 moment as "dd-mm-jjjj hh:mm" in Dutch time; '' when invalid. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (typeof iso !== 'string' || Number.isNaN(date.getTime())) {
    return '';
  }
  const parts = Object.fromEntries(DATE_TIME.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}`;
}

/** A <time> element for an ISO moment, or `empty` as text when there is none. */
export function timeElement(iso, empty = '') {
  const text = formatDateTime(iso);
  if (!text) {
    return document.createTextNode(empty);
  }
  return el('time', { datetime: iso, text });
}
