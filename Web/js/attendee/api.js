// The public API calls the attendee page makes (through the shared HTTP client), with the
// retry policy for submissions: the same id and the same bytes on every attempt, so a retry
// can never record a second response.

import { request } from '../shared/http.js';

/** Waits before the 2nd, 3rd, 4th and 5th attempt. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];

function evaluationPath(slug) {
  return `/api/public/evaluations/${encodeURIComponent(slug)}`;
}

/**
 * `{kind: 'ok', evaluation}`, `{kind: 'notFound'}` or `{kind: 'error', status}`
 * (status 0 when the server could not be reached).
 */
export async function fetchEvaluation(slug) {
  const result = await request('GET', evaluationPath(slug), { auth: false });
  if (result.status === 0) return { kind: 'error', status: 0 };
  if (result.status === 404) return { kind: 'notFound' };
  if (!result.ok) return { kind: 'error', status: result.status };
  const evaluation = result.data;
  if (!evaluation || typeof evaluation !== 'object' || !evaluation.questionnaire) {
    return { kind: 'error', status: result.status };
  }
  return { kind: 'ok', evaluation };
}

function isTransient(status) {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

function retryAfterMs(headers) {
  const seconds = Number(headers?.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 30) * 1000 : 0;
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends one response, retrying network failures, 5xx and 429 with backoff.
 * Resolves to one of:
 * - `{kind: 'stored', status}`: 201, or 200 when the id was already recorded;
 * - `{kind: 'invalid', message, issues}`: 422;
 * - `{kind: 'state', code, message}`: 409 (not_open, not_yet_open, closed, conflict);
 * - `{kind: 'notFound'}`: 404;
 * - `{kind: 'rejected', status, message}`: another 4xx such as 400 or 413;
 * - `{kind: 'unreachable', status}`: every attempt failed in a transient way.
 * `onRetry(attempt)` is called before each repeated attempt (attempt 2, 3, …); `stopRetrying()`
 * true after a failed attempt ends the attempts at once (the browser is offline).
 */
export async function submitResponse(
  slug,
  body,
  { onRetry = () => {}, delays = RETRY_DELAYS_MS, sleep = wait, stopRetrying = () => false } = {},
) {
  // Serialized once: every attempt sends exactly these bytes.
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const url = `${evaluationPath(slug)}/responses`;
  let lastStatus = 0;
  for (let attempt = 1; attempt <= delays.length + 1; attempt += 1) {
    const result = await request('POST', url, { text: payload, contentType: 'application/json', auth: false });
    const status = result.status;
    lastStatus = status;
    if (!isTransient(status)) {
      const error = result.error ?? {};
      const message = error.message ?? '';
      if (status >= 200 && status < 300) return { kind: 'stored', status, data: result.data };
      if (status === 422) return { kind: 'invalid', message, issues: error.issues ?? [] };
      if (status === 409) return { kind: 'state', code: error.code || 'conflict', message };
      if (status === 404) return { kind: 'notFound', message };
      return { kind: 'rejected', status, message };
    }
    if (attempt > delays.length || stopRetrying()) break;
    onRetry(attempt + 1);
    await sleep(Math.max(delays[attempt - 1], retryAfterMs(result.headers)));
  }
  return { kind: 'unreachable', status: lastStatus };
}

/**
 * Checks an invitation code before the form is shown (POST …/invitation). Resolves to one of:
 * - `{kind: 'valid', venue, raterGroup}`: the venue and rater group the code is bound to (or null);
 * - `{kind: 'invalid', message}`: 422, not a code of this evaluation;
 * - `{kind: 'used', message}`: 409 `code_used`;
 * - `{kind: 'tooMany', message, retryAfter}`: 429, seconds to wait (0 when unknown);
 * - `{kind: 'state', code, message}`: another 409 (the evaluation takes no codes);
 * - `{kind: 'notFound'}`: 404; `{kind: 'error', status}`: anything else (0: unreachable).
 */
export async function checkInvitationCode(slug, token) {
  const result = await request('POST', `${evaluationPath(slug)}/invitation`, { json: { token }, auth: false });
  const { status, data } = result;
  if (status === 0) return { kind: 'error', status: 0 };
  const error = result.error ?? {};
  const message = error.message ?? '';
  if (result.ok && data?.valid) return { kind: 'valid', venue: data.venue ?? null, raterGroup: data.raterGroup ?? null };
  if (status === 422 || status === 400) return { kind: 'invalid', message };
  // A used code and one the organizer withdrew are both spent; the server's message says which.
  if (status === 409 && (error.code === 'code_used' || error.code === 'code_withdrawn')) return { kind: 'used', message };
  if (status === 409) return { kind: 'state', code: error.code ?? '', message };
  if (status === 429) {
    const seconds = Number(result.headers?.get('Retry-After'));
    return { kind: 'tooMany', message, retryAfter: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 0 };
  }
  if (status === 404) return { kind: 'notFound' };
  return { kind: 'error', status };
}
