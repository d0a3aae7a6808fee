// The attendee's draft, kept in localStorage per evaluation so that a reload, a lost
// connection or a closed tab loses nothing. Falls back to memory when storage is off.

import { newResponseId } from './form-logic.js';

const PREFIX = 'meeting-eval:draft:';
const memory = new Map();

function storage() {
  try {
    const s = globalThis.localStorage;
    const probe = `${PREFIX}probe`;
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

export function draftKey(slug) {
  return PREFIX + slug;
}

/**
 * A fresh draft: a new response id (the idempotency key of the submission) and no
 * answers. `startedAt` is set when the form is first shown.
 */
export function newDraft({ venue = null, raterGroup = null, locale = null } = {}) {
  return {
    version: 1,
    id: newResponseId(),
    startedAt: null,
    answers: {},
    venue,
    raterGroup,
    locale,
    pending: null,
    submitted: null,
  };
}

function isDraft(value) {
  return (
    value && typeof value === 'object' && typeof value.id === 'string' && value.id !== '' &&
    value.answers && typeof value.answers === 'object' && !Array.isArray(value.answers)
  );
}

export function loadDraft(slug) {
  let raw = null;
  const s = storage();
  try {
    raw = s ? s.getItem(draftKey(slug)) : memory.get(slug) ?? null;
  } catch {
    raw = null;
  }
  if (!raw) return null;
  try {
    const value = JSON.parse(raw);
    if (!isDraft(value)) return null;
    return { ...newDraft(), ...value };
  } catch {
    return null;
  }
}

export function saveDraft(slug, draft) {
  const raw = JSON.stringify(draft);
  const s = storage();
  if (s) {
    try {
      s.setItem(draftKey(slug), raw);
      return true;
    } catch {
      // Storage full or refused: keep it for this page's life at least.
    }
  }
  memory.set(slug, raw);
  return false;
}
