// Who is signed in to the console or the evaluator pages. Both pages start with
// `startSession()` (GET /api/session): without a session the browser goes to the sign-in
// page and comes back afterwards. The session's CSRF token goes along with every request
// that changes something (`csrfHeaders`, used by http.js); an answer 401 later on means the
// session ended, and the browser goes to the sign-in page again (`handleAuthFailure`).
//
// Exports: `startSession()`, `session()`, `may(permission)`, `csrfHeaders(method)`,
// `handleAuthFailure(status)`, `signOut()`, `loginURL(reason)`, `toLogin(reason)`, `isLeaving()`.

import { request } from './http.js';

/** What each role may do: the same table as the server's (Sources/MeetingEvalCore/Accounts/Role.swift). */
const PERMISSIONS = {
  organizer: [
    'readQuestionnaires', 'writeQuestionnaires', 'readEvaluations', 'manageEvaluations', 'readDistribution',
    'manageInvitations', 'readScorecards', 'recordFacts', 'manageOwnTokens',
  ],
  evaluator: [
    'readQuestionnaires', 'readEvaluations', 'readDistribution', 'readScorecards', 'readRawData', 'screen',
    'writeOpinion', 'recordFacts', 'manageOwnTokens',
  ],
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

let signedIn = null;
let leaving = false;

/** The sign-in page's address, coming back to where the browser is now. */
export function loginURL(reason = '') {
  const next = `${location.pathname}${location.search}${location.hash}`;
  const params = new URLSearchParams({ next });
  if (reason) params.set('reason', reason);
  return `/login?${params.toString()}`;
}

/** Leaves for the sign-in page (once, however many requests fail together). */
export function toLogin(reason = '') {
  if (leaving) return;
  leaving = true;
  location.assign(loginURL(reason));
}

/** True once the page is on its way to the sign-in page. */
export function isLeaving() {
  return leaving;
}

/**
 * Resolves to the session `{name, role, credential, csrfToken}`; without one the browser
 * goes to the sign-in page and the promise never resolves. Resolves to `{error}` when the
 * server could not say (unreachable, 5xx), so the page can offer to try again.
 */
export async function startSession() {
  const result = await request('GET', '/api/session', { auth: false });
  if (result.status === 401) {
    toLogin();
    return new Promise(() => {});
  }
  if (result.status === 0) return { error: { status: 0 } };
  const data = result.data;
  if (!result.ok || !data || typeof data.role !== 'string') {
    return { error: { status: result.status, message: result.error?.message ?? '' } };
  }
  signedIn = data;
  return data;
}

/** The signed-in person, or null before `startSession` resolved. */
export function session() {
  return signedIn;
}

/** Whether the signed-in role may do `permission` (the server decides in the end). */
export function may(permission) {
  if (!signedIn) return false;
  if (signedIn.role === 'admin') return true;
  return (PERMISSIONS[signedIn.role] ?? []).includes(permission);
}

/** The headers a request with `method` needs besides its own: the CSRF token for a change. */
export function csrfHeaders(method) {
  if (SAFE_METHODS.has(String(method).toUpperCase()) || !signedIn?.csrfToken) return {};
  return { 'X-CSRF-Token': signedIn.csrfToken };
}

/** After any API answer: a 401 means the session ended, so sign in again. */
export function handleAuthFailure(status) {
  if (status === 401) toLogin('expired');
}

/** Signs out (DELETE /api/session) and goes to the sign-in page, even when the server is unreachable. */
export async function signOut() {
  // Even when the server cannot be reached: the cookie expires on its own, and the sign-in
  // page is still the right place.
  await request('DELETE', '/api/session', { auth: false });
  signedIn = null;
  leaving = true;
  location.assign(`/login?${new URLSearchParams({ next: location.pathname, reason: 'signed-out' }).toString()}`);
}
