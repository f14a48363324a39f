// Koppel web front end: saving a file the API gives, such as a CSV export.
//
// The server answers CSV for a list or a report when asked with
// Accept: text/csv, which a plain link cannot send; so the link is fetched
// by script (with the session cookie) and the answer is saved as a file
// under the name from its Content-Disposition header. Errors are written
// into a message area in Dutch.

import { isAbort } from '/js/api.js';
import { el, say } from '/js/dom.js';

/** Offers `content` (a Blob, or text) to the browser as a file called `name`. */
export function saveFile(name, content, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The file name in a Content-Disposition header, or `fallback`.
function fileName(headers, fallback) {
  const m = /filename="([^"]+)"/.exec(headers.get('Content-Disposition') || '');
  return m ? m[1] : fallback;
}

/**
 * Fetches `url` (a full /api/v1/... URL) as CSV and saves it; `fallback`
 * names the file when the server gives no name. Errors go to `area`.
 * Resolves to true when the file was saved.
 */
export async function downloadCsv(url, fallback, area, signal) {
  say(area, '');
  let response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'text/csv' }, credentials: 'same-origin', cache: 'no-store', signal,
    });
  } catch (err) {
    if (!isAbort(err)) {
      say(area, 'De server is niet bereikbaar. Controleer je verbinding en probeer het opnieuw.');
    }
    return false;
  }
  if (!response.ok) {
    let detail = '';
    try {
      detail = (await response.json())?.detail || '';
    } catch {
      // no problem body
    }
    say(area, detail || 'Het downloaden is niet gelukt. Probeer het later opnieuw.');
    return false;
  }
  // The bytes as they came: decoding to text would drop the BOM that
  // tells Excel the file is UTF-8.
  const blob = await response.blob();
  saveFile(fileName(response.headers, fallback), blob);
  return true;
}
