// The evaluator's calls to the JSON API, through the shared HTTP client: every failure
// becomes an ApiError carrying the server's error body ({"error": {"message", "code",
// "issues"}}) so the page can show it. Changes carry the session's CSRF token; a 401 (the
// session ended) goes to the sign-in page (both done by shared/http.js).

import { ApiError, call } from '../shared/http.js';

export { ApiError };

/** The evaluator's views can be heavy (scorecards of large evaluations): a longer time limit. */
const TIMEOUT_MS = 30000;

function request(method, path, body) {
  return call(method, path, { json: body, timeoutMs: TIMEOUT_MS });
}

const enc = encodeURIComponent;

export const paths = {
  evaluation: (id) => `/api/evaluations/${enc(id)}`,
  scorecard: (id, ext, locale) => `/api/evaluations/${enc(id)}/scorecard.${ext}?locale=${enc(locale)}`,
  responsesCSV: (id) => `/api/evaluations/${enc(id)}/responses.csv`,
  codebookCSV: (id) => `/api/evaluations/${enc(id)}/codebook.csv`,
  responsesWideCSV: (id, locale) => `/api/evaluations/${enc(id)}/responses-wide.csv?locale=${enc(locale)}`,
  responsesSPS: (id, locale) => `/api/evaluations/${enc(id)}/responses.sps?locale=${enc(locale)}`,
  screening: (id) => `/api/evaluations/${enc(id)}/screening`,
  exclusion: (id, responseId) => `/api/evaluations/${enc(id)}/responses/${enc(responseId)}/exclusion`,
  response: (id, responseId) => `/api/evaluations/${enc(id)}/responses/${enc(responseId)}`,
  comparison: (questionnaireId) => `/api/questionnaires/${enc(questionnaireId)}/comparison`,
  yearly: (organization, year, locale) => `/api/organizations/${enc(organization)}/yearly.html?year=${enc(year)}&locale=${enc(locale)}`,
  opinion: (id) => `/api/evaluations/${enc(id)}/opinion`,
};

export const listEvaluations = () => request('GET', '/api/evaluations').then((d) => d?.evaluations ?? []);
export const getEvaluation = (id) => request('GET', paths.evaluation(id));
export const getScorecard = (id, locale) => request('GET', paths.scorecard(id, 'json', locale));
export const getScreening = (id) => request('GET', paths.screening(id));
export const excludeResponse = (id, responseId, reason) => request('POST', paths.exclusion(id, responseId), { reason });
export const includeResponse = (id, responseId, reason) => request('DELETE', paths.exclusion(id, responseId), { reason });
export const getResponse = (id, responseId) => request('GET', paths.response(id, responseId));
export const listOrganizations = () => request('GET', '/api/organizations').then((d) => d?.organizations ?? []);
export const getComparison = (questionnaireId) => request('GET', paths.comparison(questionnaireId));
export const putOpinion = (id, text) => request('PUT', paths.opinion(id), { text });

let questionnaireList = null;
/** Every stored questionnaire with its versions (cached; refreshed on demand). */
export function listQuestionnaires({ fresh = false } = {}) {
  if (!questionnaireList || fresh) {
    questionnaireList = request('GET', '/api/questionnaires')
      .then((d) => d?.questionnaires ?? [])
      .catch((error) => {
        questionnaireList = null;
        throw error;
      });
  }
  return questionnaireList;
}

const definitions = new Map();
/** One stored questionnaire version; stored versions never change, so they are cached. */
export function getQuestionnaireVersion(id, version) {
  const key = `${id}@${version}`;
  if (!definitions.has(key)) {
    const pending = request('GET', `/api/questionnaires/${enc(id)}/versions/${enc(version)}`).catch((error) => {
      definitions.delete(key);
      throw error;
    });
    definitions.set(key, pending);
  }
  return definitions.get(key);
}

export const getLatestQuestionnaire = (id) => request('GET', `/api/questionnaires/${enc(id)}`);

/**
 * The raw answers export, parsed: one object per response with the fixed columns
 * (responseId, receivedAt, durationSeconds, venueId, raterGroupId, screeningFlags, isExcluded…).
 */
export async function getResponseRows(id) {
  const text = await call('GET', paths.responsesCSV(id), { accept: null, responseType: 'text', timeoutMs: TIMEOUT_MS });
  const rows = parseCSV(text ?? '');
  const header = rows.shift() ?? [];
  return rows
    .filter((row) => row.length > 1 || row[0])
    .map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF), without a leading byte-order mark. */
export function parseCSV(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
