// Koppel web front end: the one way the pages talk to the JSON API.
//
// api(method, path, {body, etag, signal}) sends a request to /api/v1 + path
// and resolves to {status, data, etag, headers}. It
// - sends and accepts JSON, with the session cookie (same origin only);
// - adds the session's CSRF token (kept in memory, never in storage) to
//   every request that changes something;
// - sends `etag` as If-Match, for optimistic locking;
// - turns every error answer (application/problem+json) into an ApiError
//   carrying status, title, detail and invalidParams;
// - hands every 401 (not logged in, or the session expired) to the handler
//   that the application registered with onUnauthorized(), which shows the
//   login page, and then throws as usual;
// - tells the listeners registered with onAnswered() about every answer
//   (method, path, status), so the shell can see when the session was last
//   used and when a change was saved.

const API_ROOT = '/api/v1';
const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken = null;
let unauthorizedHandler = null;
const answerListeners = [];

/** Keeps the CSRF token of the current session (null after logging out). */
export function setCsrfToken(token) {
  csrfToken = typeof token === 'string' && token ? token : null;
}

/** Registers the function that is called when any request answers 401. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/**
 * Registers a function that is called with {method, path, status} after
 * every answer from the server (not for requests that got no answer).
 */
export function onAnswered(listener) {
  answerListeners.push(listener);
}

// Tells every listener about one answer; a failing listener does not break the request.
function announce(method, path, status) {
  for (const listener of answerListeners) {
    try {
      listener({ method, path, status });
    } catch (err) {
      console.error(err);
    }
  }
}

/** An error answer from the API, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor({ status, title, detail, type, invalidParams, retryAfter }) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.type = type || 'about:blank';
    this.title = title || '';
    this.detail = detail || '';
    this.invalidParams = Array.isArray(invalidParams) ? invalidParams : [];
    // Seconds to wait before trying again (429), or null.
    this.retryAfter = retryAfter;
  }
}

/** True when the request was cancelled because the user went elsewhere. */
export function isAbort(err) {
  return err?.name === 'AbortError';
}

// What a request that got no (whole) answer throws: the cancellation as it
// is, anything else as an ApiError with status 0.
function unreachable(err) {
  if (isAbort(err)) {
    return err;
  }
  return new ApiError({
    status: 0,
    detail: 'De server is niet bereikbaar. Controleer je verbinding en probeer het opnieuw.',
  });
}

// Parses the body as JSON; null when there is no body or it is not JSON.
async function readBody(response) {
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// Retry-After in seconds (RFC 9110 allows seconds or an HTTP date).
function retryAfterSeconds(response) {
  const value = response.headers.get('Retry-After');
  if (!value) {
    return null;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const when = Date.parse(value);
  return Number.isNaN(when) ? null : Math.max(0, Math.round((when - Date.now()) / 1000));
}

// Dutch sentences for answers without a usable problem detail.
function fallbackDetail(status) {
  switch (status) {
    case 401: return 'Je bent niet (meer) ingelogd.';
    case 403: return 'Je hebt geen toegang tot dit onderdeel.';
    case 404: return 'Dit bestaat niet (meer).';
    case 409: return 'Dit kan niet in de huidige situatie.';
    case 412: return 'Iemand anders heeft dit intussen gewijzigd.';
    case 429: return 'Te veel verzoeken. Probeer het later opnieuw.';
    default:
      return status >= 500
        ? 'Er ging iets mis op de server. Probeer het later opnieuw.'
        : 'Dit verzoek kon niet worden verwerkt.';
  }
}

/**
 * Sends one request to the API.
 *
 * @param {string} method GET, POST, PUT, PATCH or DELETE
 * @param {string} path below /api/v1, e.g. "/gebruikers/3"
 * @param {object} [options]
 * @param {unknown} [options.body] sent as JSON
 * @param {string} [options.etag] sent as If-Match
 * @param {AbortSignal} [options.signal] cancels the request
 * @returns {Promise<{status: number, data: any, etag: string|null, headers: Headers}>}
 * @throws {ApiError} for every status of 400 and up, and when the server
 *   cannot be reached (status 0); a DOMException AbortError when cancelled
 */
export async function api(method, path, { body, etag, signal } = {}) {
  const upper = method.toUpperCase();
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (CHANGING.has(upper) && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  if (etag) {
    headers['If-Match'] = etag;
  }

  let response;
  try {
    response = await fetch(API_ROOT + path, {
      method: upper,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (err) {
    throw unreachable(err);
  }

  // The body can break off as well as the request (a lost connection).
  let data;
  try {
    data = await readBody(response);
  } catch (err) {
    throw unreachable(err);
  }
  announce(upper, path, response.status);
  if (response.ok) {
    return { status: response.status, data, etag: response.headers.get('ETag'), headers: response.headers };
  }

  const problem = data && typeof data === 'object' ? data : {};
  const error = new ApiError({
    status: response.status,
    type: problem.type,
    title: typeof problem.title === 'string' ? problem.title : '',
    detail: typeof problem.detail === 'string' && problem.detail.trim()
      ? problem.detail.trim()
      : fallbackDetail(response.status),
    invalidParams: problem.invalidParams,
    retryAfter: retryAfterSeconds(response),
  });
  if (response.status === 401 && unauthorizedHandler) {
    unauthorizedHandler(error);
  }
  throw error;
}
