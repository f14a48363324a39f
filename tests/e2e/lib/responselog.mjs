// Records the API responses a browser context receives, for the check that
// every response matches the OpenAPI document (tests/e2e/openapi-responses.mjs).
//
// When KOPPEL_RESPONSE_LOG names a directory, each response to an /api/
// URL is appended to browser-PID.jsonl in it as one JSON line, in the same
// format as the HTTP test client (tests/http/client.c):
// {source, method, path, status, headers, body} with the lower-case headers
// the validator checks and the body as text (null when the page closed
// before it could be read, or when it had none).

import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

const LOG_DIR = process.env.KOPPEL_RESPONSE_LOG;
const HEADERS = ['content-type', 'location', 'allow', 'www-authenticate', 'access-control-allow-origin', 'etag',
  'retry-after', 'api-version'];

/**
 * Appends one line for the response res (a Playwright Response). Never
 * throws: logging must not change a test's outcome.
 */
async function logResponse(res) {
  const url = new URL(res.url());
  if (!url.pathname.startsWith('/api/')) {
    return;
  }
  const all = res.headers(); // lower-case names
  const headers = {};
  for (const name of HEADERS) {
    if (all[name] !== undefined) {
      headers[name] = all[name];
    }
  }
  let body = null;
  let bodyUnavailable = false;
  try {
    body = (await res.body()).toString('utf8');
  } catch {
    bodyUnavailable = true; // redirect, or the context closed first
  }
  const line = {
    source: 'browser',
    method: res.request().method(),
    path: url.pathname + url.search,
    status: res.status(),
    headers,
    body,
    ...(bodyUnavailable ? { bodyUnavailable } : {}),
  };
  try {
    appendFileSync(join(LOG_DIR, `browser-${process.pid}.jsonl`), `${JSON.stringify(line)}\n`);
  } catch {
    // a missing directory is reported by the validator (no lines at all)
  }
}

/**
 * Records every /api/ response of the browser context when
 * KOPPEL_RESPONSE_LOG is set; does nothing otherwise.
 *
 * @param {import('playwright-core').BrowserContext} context
 */
export function recordResponses(context) {
  if (!LOG_DIR) {
    return;
  }
  context.on('response', (res) => {
    logResponse(res).catch(() => {});
  });
}
