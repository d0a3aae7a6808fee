// The two public API calls the attendee page makes, with the retry policy for
// submissions: the same id and the same bytes on every attempt, so a retry can never
// record a second response.

const REQUEST_TIMEOUT_MS = 20000;
/** Waits before the 2nd, 3rd, 4th and 5th attempt. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];

function timeoutSignal(ms) {
  if (typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function') {
    return AbortSignal.timeout(ms);
  }
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

async function readJSON(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function evaluationPath(slug) {
  return `/api/public/evaluations/${encodeURIComponent(slug)}`;
}

/**
 * `{kind: 'ok', evaluation}`, `{kind: 'notFound'}` or `{kind: 'error', status}`
 * (status 0 when the server could not be reached).
 */
export async function fetchEvaluation(slug) {
  let response;
  try {
    response = await fetch(evaluationPath(slug), {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      signal: timeoutSignal(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return { kind: 'error', status: 0 };
  }
  if (response.status === 404) return { kind: 'notFound' };
  if (!response.ok) return { kind: 'error', status: response.status };
  const evaluation = await readJSON(response);
  if (!evaluation || typeof evaluation !== 'object' || !evaluation.questionnaire) {
    return { kind: 'error', status: response.status };
  }
  return { kind: 'ok', evaluation };
}

function isTransient(status) {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

function retryAfterMs(response) {
  const header = response?.headers?.get('Retry-After');
  const seconds = Number(header);
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
 * `onRetry(attempt)` is called before each repeated attempt (attempt 2, 3, …).
 */
export async function submitResponse(slug, body, { onRetry = () => {}, delays = RETRY_DELAYS_MS, sleep = wait } = {}) {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const url = `${evaluationPath(slug)}/responses`;
  let lastStatus = 0;
  for (let attempt = 1; attempt <= delays.length + 1; attempt += 1) {
    let response = null;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: payload,
        cache: 'no-store',
        signal: timeoutSignal(REQUEST_TIMEOUT_MS),
      });
    } catch {
      response = null;
    }
    const status = response ? response.status : 0;
    lastStatus = status;
    if (!isTransient(status)) {
      const data = await readJSON(response);
      const error = data?.error ?? {};
      const message = typeof error.message === 'string' ? error.message : '';
      if (status >= 200 && status < 300) return { kind: 'stored', status, data };
      if (status === 422) {
        return { kind: 'invalid', message, issues: Array.isArray(error.issues) ? error.issues : [] };
      }
      if (status === 409) return { kind: 'state', code: error.code ?? 'conflict', message };
      if (status === 404) return { kind: 'notFound', message };
      return { kind: 'rejected', status, message };
    }
    if (attempt > delays.length) break;
    onRetry(attempt + 1);
    await sleep(Math.max(delays[attempt - 1], retryAfterMs(response)));
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
  let response;
  try {
    response = await fetch(`${evaluationPath(slug)}/invitation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token }),
      cache: 'no-store',
      signal: timeoutSignal(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return { kind: 'error', status: 0 };
  }
  const data = await readJSON(response);
  const error = data?.error ?? {};
  const message = typeof error.message === 'string' ? error.message : '';
  if (response.ok && data?.valid) return { kind: 'valid', venue: data.venue ?? null, raterGroup: data.raterGroup ?? null };
  if (response.status === 422 || response.status === 400) return { kind: 'invalid', message };
  // A used code and one the organizer withdrew are both spent; the server's message says which.
  if (response.status === 409 && (error.code === 'code_used' || error.code === 'code_withdrawn')) return { kind: 'used', message };
  if (response.status === 409) return { kind: 'state', code: error.code ?? '', message };
  if (response.status === 429) {
    const seconds = Number(response.headers.get('Retry-After'));
    return { kind: 'tooMany', message, retryAfter: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 0 };
  }
  if (response.status === 404) return { kind: 'notFound' };
  return { kind: 'error', status: response.status };
}
