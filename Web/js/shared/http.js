// The one HTTP client of every page; the only place that calls `fetch`.
//
// Exports:
// - `request(method, path, options)` never throws and resolves to
//   `{ok, status, data, error, headers, aborted}`:
//   `data` is the parsed body (JSON, text or a Blob, as `responseType` asks; JSON that does not
//   parse is null); `error` is null or `{status, message, code, issues}` from the server's
//   `{"error": {…}}` body (status 0 and code 'network' when the server could not be reached or
//   did not answer in time); `aborted` is true (status -1) when the caller's own `signal` aborted.
//   Every request is `cache: 'no-store'`, carries the session's CSRF token unless it is a
//   GET or HEAD, and a 401 answer (with `auth`, the default) sends the browser to the sign-in
//   page through the session.
//   Options: `json` (a value sent as JSON) or `text` with `contentType`; `accept`
//   ('application/json'; null for none), `responseType` ('json' | 'text' | 'blob'), `signal`,
//   `timeoutMs` (20 s), `auth` (true; false for the public and sign-in calls).
// - `class ApiError extends Error` with `status, code, serverMessage, issues`, built from that
//   error shape, and `call(method, path, options)`, which resolves to `data` or throws ApiError.

import { csrfHeaders, handleAuthFailure } from './session.js';

export const DEFAULT_TIMEOUT_MS = 20000;

function timeoutSignal(ms) {
  if (typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function') return AbortSignal.timeout(ms);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

/** The caller's signal and the time limit together (the caller's alone where the browser cannot combine them). */
function combinedSignal(signal, ms) {
  if (!ms || ms <= 0) return signal;
  const timeout = timeoutSignal(ms);
  if (!signal) return timeout;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([signal, timeout]);
  return signal;
}

function parseJSON(raw) {
  if (!raw) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function errorShape(status, body) {
  const error = body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : {};
  return {
    status,
    message: typeof error.message === 'string' ? error.message : '',
    code: typeof error.code === 'string' ? error.code : '',
    issues: Array.isArray(error.issues) ? error.issues : [],
  };
}

export async function request(
  method,
  path,
  {
    json,
    text,
    contentType,
    accept = 'application/json',
    responseType = 'json',
    signal,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    auth = true,
  } = {},
) {
  const headers = { ...csrfHeaders(method) };
  if (accept) headers.Accept = accept;
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (text !== undefined) {
    headers['Content-Type'] = contentType ?? 'text/plain';
    body = text;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, cache: 'no-store', signal: combinedSignal(signal, timeoutMs) });
  } catch {
    if (signal?.aborted) return { ok: false, status: -1, data: null, error: null, headers: null, aborted: true };
    return {
      ok: false,
      status: 0,
      data: null,
      error: { status: 0, message: '', code: 'network', issues: [] },
      headers: null,
      aborted: false,
    };
  }
  let data = null;
  try {
    if (response.ok && responseType === 'blob') data = await response.blob();
    else if (response.ok && responseType === 'text') data = await response.text();
    else data = parseJSON(await response.text());
  } catch {
    data = null;
  }
  if (response.ok) return { ok: true, status: response.status, data, error: null, headers: response.headers, aborted: false };
  if (auth) handleAuthFailure(response.status);
  return { ok: false, status: response.status, data, error: errorShape(response.status, data), headers: response.headers, aborted: false };
}

/** A failed call: the HTTP status (0: unreachable, -1: aborted) and the server's error body. */
export class ApiError extends Error {
  constructor(status, { message = '', code = '', issues = [] } = {}) {
    super(message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverMessage = message;
    this.issues = Array.isArray(issues) ? issues : [];
  }
}

/** `request`, resolving to the data or throwing an ApiError. */
export async function call(method, path, options = {}) {
  const result = await request(method, path, options);
  if (result.ok) return result.data;
  throw new ApiError(result.status, result.error ?? {});
}
