// The organizer API calls, on the shared HTTP client (shared/http.js). Every call resolves
// (never throws) to `{ok, status, data, error}`, where `error` is the server's
// `{status, message, code, issues}` (status 0 and code 'network' when the server could not be
// reached). Every call that changes something carries the session's CSRF token; a 401 (the
// session ended) sends the browser to the sign-in page.

import { request } from '../shared/http.js';

const enc = encodeURIComponent;

export const api = {
  questionnaires: () => request('GET', '/api/questionnaires'),
  questionnaire: (id) => request('GET', `/api/questionnaires/${enc(id)}`),
  questionnaireVersion: (id, version) => request('GET', `/api/questionnaires/${enc(id)}/versions/${enc(version)}`),
  validateYAML: (yaml, signal) =>
    request('POST', '/api/questionnaires/validate', { text: yaml, contentType: 'application/yaml', signal }),
  saveQuestionnaire: (definition, organization = null) =>
    request('POST', `/api/questionnaires${organization ? `?organization=${enc(organization)}` : ''}`, { json: definition }),
  evaluations: ({ archived = false } = {}) => request('GET', `/api/evaluations${archived ? '?archived=1' : ''}`),
  evaluation: (id) => request('GET', `/api/evaluations/${enc(id)}`),
  createEvaluation: (body) => request('POST', '/api/evaluations', { json: body }),
  changeEvaluation: (id, body) => request('PATCH', `/api/evaluations/${enc(id)}`, { json: body }),
  deleteEvaluation: (id) => request('DELETE', `/api/evaluations/${enc(id)}`),
  archiveEvaluation: (id, archived) => request('POST', `/api/evaluations/${enc(id)}/${archived ? 'archive' : 'unarchive'}`),
  openEvaluation: (id) => request('POST', `/api/evaluations/${enc(id)}/open`),
  closeEvaluation: (id) => request('POST', `/api/evaluations/${enc(id)}/close`),
  distribution: (id) => request('GET', `/api/evaluations/${enc(id)}/distribution`),
  scorecard: (id) => request('GET', `/api/evaluations/${enc(id)}/scorecard.json`),
  invitations: (id) => request('GET', `/api/evaluations/${enc(id)}/invitations`),
  withdrawInvitations: (id, batch) => request('POST', `/api/evaluations/${enc(id)}/invitations/${enc(batch)}/withdraw`),
  createInvitations: (id, body) => request('POST', `/api/evaluations/${enc(id)}/invitations`, { json: body }),
  users: () => request('GET', '/api/users'),
  createUser: (body) => request('POST', '/api/users', { json: body }),
  setUserPassword: (name) => request('POST', `/api/users/${enc(name)}/password`, { json: {} }),
  setUserDisabled: (name, disabled) => request('POST', `/api/users/${enc(name)}/${disabled ? 'disable' : 'enable'}`),
  setUserOrganizations: (name, organizations) => request('PUT', `/api/users/${enc(name)}/organizations`, { json: { organizations } }),
  organizations: () => request('GET', '/api/organizations'),
  createOrganization: (body) => request('POST', '/api/organizations', { json: body }),
  renameOrganization: (id, name) => request('PUT', `/api/organizations/${enc(id)}`, { json: { name } }),
  deleteOrganization: (id) => request('DELETE', `/api/organizations/${enc(id)}`),
  tokens: () => request('GET', '/api/tokens'),
  createToken: (body) => request('POST', '/api/tokens', { json: body }),
  revokeToken: (id) => request('DELETE', `/api/tokens/${enc(id)}`),
  standards: () => request('GET', '/api/standards'),
  facts: (id) => request('GET', `/api/evaluations/${enc(id)}/facts`),
  recordFacts: (id, body) => request('PUT', `/api/evaluations/${enc(id)}/facts`, { json: body }),
  audit: ({ limit = 50, before = null, entity = '' } = {}) => {
    const params = new URLSearchParams({ limit: String(limit) });
    if (before !== null && before !== undefined) params.set('before', String(before));
    if (entity) params.set('entity', entity);
    return request('GET', `/api/audit?${params.toString()}`);
  },
};

export const paths = {
  live: (id) => `/api/evaluations/${enc(id)}/live`,
  qr: (id, venue) => `/api/evaluations/${enc(id)}/qr.svg${venue ? `?venue=${enc(venue)}` : ''}`,
  scorecardHTML: (id) => `/api/evaluations/${enc(id)}/scorecard.html`,
};
