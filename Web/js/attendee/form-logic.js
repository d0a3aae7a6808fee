// Pure questionnaire logic for the attendee page: localized text, showIf visibility,
// client validation (the same rules the server applies) and the submission body.
// No DOM access here, so the rules can be checked outside a browser.

/** Text in `locale`, else the default locale, else any text there is. */
export function localize(text, locale, defaultLocale) {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  if (typeof text !== 'object') return String(text);
  if (typeof text[locale] === 'string') return text[locale];
  if (defaultLocale && typeof text[defaultLocale] === 'string') return text[defaultLocale];
  for (const value of Object.values(text)) {
    if (typeof value === 'string') return value;
  }
  return '';
}

/** Length in Unicode code points, the unit of `maxLength`. */
export function codePointLength(text) {
  return [...String(text ?? '')].length;
}

export const DEFAULT_TEXT_MAX_LENGTH = 2000;

/** At most this many characters go with an `other: true` option (`Option.otherMaxLength`). */
export const OTHER_MAX_LENGTH = 200;

/** The answer key of the text given with a question's `other` option. */
export function otherKey(questionId) {
  return `${questionId}.other`;
}

/** The question's option marked `other: true`, if any. */
export function otherOption(question) {
  return (question.options ?? []).find((option) => option.other === true) ?? null;
}

/** True while the question's `other` option is chosen in `value`. */
export function otherChosen(question, value) {
  const other = otherOption(question);
  if (!other) return false;
  return Array.isArray(value) ? value.includes(other.id) : value === other.id;
}

/** Questions that appear only for some answers (`showIf`). */
export function conditionalCount(questionnaire) {
  return flattenQuestions(questionnaire).filter(({ question }) => question.showIf).length;
}

/** Every question in questionnaire order, each with its dimension and 1-based position. */
export function flattenQuestions(questionnaire) {
  const list = [];
  for (const dimension of questionnaire?.dimensions ?? []) {
    for (const question of dimension.questions ?? []) {
      list.push({ question, dimension, position: list.length + 1 });
    }
  }
  return list;
}

export function isRequired(question) {
  if (typeof question.required === 'boolean') return question.required;
  return question.type === 'rating' || question.type === 'single';
}

export function textMaxLength(question) {
  return Number.isInteger(question.maxLength) && question.maxLength > 0
    ? question.maxLength
    : DEFAULT_TEXT_MAX_LENGTH;
}

/** The points of a rating scale, from min to max. */
export function scalePoints(question) {
  const min = question.scale?.min ?? 1;
  const max = question.scale?.max ?? 5;
  const points = [];
  for (let v = min; v <= max; v += 1) points.push(v);
  return points;
}

/** True when the stored value counts as an answer (empty text or no boxes does not). */
export function hasAnswer(question, value) {
  if (value === undefined || value === null) return false;
  switch (question.type) {
    case 'multiple':
      return Array.isArray(value) && value.length > 0;
    case 'text':
      return typeof value === 'string' && value.trim() !== '';
    default:
      return value !== '';
  }
}

/**
 * Ids of the questions shown for these answers. A question with
 * `showIf: {question: Q, in: [...]}` is shown only while Q is shown and Q's answer
 * (the chosen option, or any chosen option of a multiple) is in the list.
 * `showIf` always points at an earlier question, so one pass in order settles it.
 */
export function visibleQuestionIds(questionnaire, answers) {
  const visible = new Set();
  for (const { question } of flattenQuestions(questionnaire)) {
    const rule = question.showIf;
    if (!rule) {
      visible.add(question.id);
      continue;
    }
    if (!visible.has(rule.question)) continue;
    const value = answers?.[rule.question];
    const chosen = Array.isArray(value) ? value : value == null ? [] : [value];
    const wanted = Array.isArray(rule.in) ? rule.in : [];
    if (chosen.some((id) => wanted.includes(id))) visible.add(question.id);
  }
  return visible;
}

/**
 * Problems with one answer, as `{code, params}` objects, or null when it is fine.
 * Codes: required, range, notApplicable, option, tooMany, tooLong, invalid.
 */
export function checkAnswer(question, value) {
  if (!hasAnswer(question, value)) {
    return isRequired(question) ? { code: 'required' } : null;
  }
  switch (question.type) {
    case 'rating': {
      const min = question.scale?.min ?? 1;
      const max = question.scale?.max ?? 5;
      if (value === 'na') {
        return question.allowNotApplicable ? null : { code: 'notApplicable' };
      }
      if (!Number.isInteger(value) || value < min || value > max) {
        return { code: 'range', params: { min, max } };
      }
      return null;
    }
    case 'single': {
      const ids = (question.options ?? []).map((o) => o.id);
      return typeof value === 'string' && ids.includes(value) ? null : { code: 'option' };
    }
    case 'multiple': {
      if (!Array.isArray(value)) return { code: 'invalid' };
      const ids = (question.options ?? []).map((o) => o.id);
      if (value.some((id) => typeof id !== 'string' || !ids.includes(id))) return { code: 'option' };
      if (new Set(value).size !== value.length) return { code: 'invalid' };
      const max = question.maxSelections;
      if (Number.isInteger(max) && value.length > max) return { code: 'tooMany', params: { max } };
      return null;
    }
    case 'text': {
      if (typeof value !== 'string') return { code: 'invalid' };
      const max = textMaxLength(question);
      const length = codePointLength(value.trim());
      if (length > max) return { code: 'tooLong', params: { max, length } };
      if (question.format === 'time' && value.trim() !== '' && !TIME_OF_DAY.test(value.trim())) return { code: 'time' };
      return null;
    }
    default:
      return { code: 'invalid' };
  }
}

/** A clock time `HH:MM` on the 24-hour clock (`format: time`, as `TextFormat.time` on the server). */
const TIME_OF_DAY = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/**
 * The questionnaire this draft answers: the observation checklist when the draft's rater group
 * is an observer group (its invitation code says so), else the attendee questionnaire.
 */
export function formQuestionnaire(evaluation, draft) {
  const observation = evaluation?.observation;
  if (observation && draft && (observation.raterGroups ?? []).includes(draft.raterGroup)) return observation.checklist;
  return evaluation?.questionnaire;
}

/**
 * Everything that would make the server refuse this draft, in page order.
 * Each issue: `{path, code, params}` with path `venue`, `raterGroup` or `answers.<id>`.
 */
export function validateDraft(evaluation, draft) {
  const issues = [];
  const venues = evaluation.venues ?? [];
  const groups = evaluation.raterGroups ?? [];
  if (venues.length > 0 && !venues.some((v) => v.id === draft.venue)) {
    issues.push({ path: 'venue', code: 'venue' });
  }
  if (groups.length > 0 && !groups.some((g) => g.id === draft.raterGroup)) {
    issues.push({ path: 'raterGroup', code: 'raterGroup' });
  }
  const answers = draft.answers ?? {};
  const questions = formQuestionnaire(evaluation, draft);
  const visible = visibleQuestionIds(questions, answers);
  for (const { question } of flattenQuestions(questions)) {
    if (!visible.has(question.id)) continue;
    const problem = checkAnswer(question, answers[question.id]);
    if (problem) issues.push({ path: `answers.${question.id}`, ...problem });
    const other = answers[otherKey(question.id)];
    if (otherChosen(question, answers[question.id]) && typeof other === 'string') {
      const length = codePointLength(other.trim());
      if (length > OTHER_MAX_LENGTH) {
        issues.push({ path: `answers.${otherKey(question.id)}`, code: 'tooLong', params: { max: OTHER_MAX_LENGTH, length } });
      }
    }
  }
  return issues;
}

/** The answers to send: visible and answered questions only, text trimmed. */
export function answersToSend(questionnaire, answers) {
  const out = {};
  const visible = visibleQuestionIds(questionnaire, answers);
  for (const { question } of flattenQuestions(questionnaire)) {
    const value = answers?.[question.id];
    if (!visible.has(question.id) || !hasAnswer(question, value)) continue;
    switch (question.type) {
      case 'text':
        out[question.id] = value.trim();
        break;
      case 'multiple': {
        // Keep the questionnaire's option order so a resend is byte-for-byte the same.
        const order = (question.options ?? []).map((o) => o.id);
        out[question.id] = [...value].sort((a, b) => order.indexOf(a) - order.indexOf(b));
        break;
      }
      default:
        out[question.id] = value;
    }
    // The text of an `other` option goes only with that option chosen.
    const other = answers?.[otherKey(question.id)];
    if (otherChosen(question, value) && typeof other === 'string' && other.trim() !== '') {
      out[otherKey(question.id)] = other.trim();
    }
  }
  return out;
}

/** The JSON body of `POST /api/public/evaluations/{slug}/responses`. */
export function buildSubmission(evaluation, draft) {
  const body = { id: draft.id };
  if ((evaluation.venues ?? []).length > 0) body.venue = draft.venue;
  if ((evaluation.raterGroups ?? []).length > 0) body.raterGroup = draft.raterGroup;
  body.answers = answersToSend(formQuestionnaire(evaluation, draft), draft.answers ?? {});
  if (draft.startedAt) body.startedAt = draft.startedAt;
  if (draft.locale) body.locale = draft.locale;
  return body;
}

/** `open`, `notYetOpen` or `closed`, from the state and the time window. */
export function evaluationPhase(evaluation, now = new Date()) {
  const time = (iso) => (iso ? Date.parse(iso) : NaN);
  const opensAt = time(evaluation.opensAt);
  const closesAt = time(evaluation.closesAt);
  if (evaluation.status === 'closed') return 'closed';
  if (!Number.isNaN(closesAt) && closesAt <= now.getTime()) return 'closed';
  if (evaluation.status === 'draft') return 'notYetOpen';
  if (!Number.isNaN(opensAt) && opensAt > now.getTime()) return 'notYetOpen';
  if (evaluation.acceptingResponses === false) return 'notYetOpen';
  return 'open';
}

/** A random (version 4) UUID; works without a secure context too. */
export function newResponseId(cryptoSource = globalThis.crypto) {
  if (cryptoSource && typeof cryptoSource.randomUUID === 'function') {
    try {
      return cryptoSource.randomUUID();
    } catch {
      // randomUUID exists but refuses outside a secure context: fall through.
    }
  }
  const bytes = new Uint8Array(16);
  if (cryptoSource && typeof cryptoSource.getRandomValues === 'function') {
    cryptoSource.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
