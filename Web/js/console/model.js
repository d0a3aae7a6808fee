// The questionnaire being edited in the form builder, and pure helpers around it: loading a
// server definition into the editable shape, writing the definition back out, automatic
// ids, normalized weights, and venue ids for evaluations. No DOM here.

import { pairJudgments } from './ahp.js';

export const QUESTION_TYPES = ['rating', 'single', 'multiple', 'text'];
export const MEETING_TYPES = ['teleconference', 'plenary', 'conference', 'other'];

export const STANDARD_LABELS = {
  1: { zh: '很差', en: 'Very poor' },
  2: { zh: '较差', en: 'Poor' },
  3: { zh: '一般', en: 'Average' },
  4: { zh: '较好', en: 'Good' },
  5: { zh: '很好', en: 'Very good' },
};

export const DEFAULT_GRADES = [
  { min: 90, label: { zh: '优秀', en: 'Excellent' } },
  { min: 80, label: { zh: '良好', en: 'Good' } },
  { min: 60, label: { zh: '合格', en: 'Fair' } },
  { min: 0, label: { zh: '较差', en: 'Poor' } },
];

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

// ---------------------------------------------------------------- localized text

/** Editable localized text: always an object with an entry (maybe empty) per locale. */
export function editableText(value, locales) {
  const out = {};
  const first = locales[0] ?? 'zh';
  if (typeof value === 'string') out[first] = value;
  else if (value && typeof value === 'object') {
    for (const [locale, text] of Object.entries(value)) if (typeof text === 'string') out[locale] = text;
  }
  for (const locale of locales) if (typeof out[locale] !== 'string') out[locale] = '';
  return out;
}

/**
 * Localized text for the definition: empty entries dropped, and entries of locales the
 * questionnaire no longer lists (kept in the model in case the locale comes back);
 * `undefined` when nothing is left.
 */
function cleanText(value, locales) {
  if (value == null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : value;
  const out = {};
  const keep = (locale) => !locales || locales.includes(locale);
  const keys = locales ? [...locales, ...Object.keys(value).filter((k) => !locales.includes(k))] : Object.keys(value);
  for (const locale of keys) {
    const text = value[locale];
    if (keep(locale) && typeof text === 'string' && text.trim() !== '') out[locale] = text;
  }
  return Object.keys(out).length ? out : undefined;
}

/** A required text: when nothing is written, the default locale's empty string (the server then says so). */
function requiredText(value, locales) {
  return cleanText(value, locales) ?? { [locales[0] ?? 'zh']: '' };
}

export function hasText(value) {
  return cleanText(value) !== undefined;
}

/** Gives every localized text of the model an entry for each of its locales. */
export function ensureLocales(model) {
  const fix = (text) => editableText(text, model.locales);
  model.title = fix(model.title);
  model.description = fix(model.description);
  for (const grade of model.grades ?? []) grade.label = fix(grade.label);
  for (const dimension of model.dimensions) {
    dimension.title = fix(dimension.title);
    dimension.description = fix(dimension.description);
    for (const question of dimension.questions) {
      question.text = fix(question.text);
      question.description = fix(question.description);
      for (const option of question.options ?? []) option.text = fix(option.text);
      if (question.scale?.labels) {
        for (const point of Object.keys(question.scale.labels)) question.scale.labels[point] = fix(question.scale.labels[point]);
      }
    }
  }
}

/** Locale codes from what was typed: `zh, en` → ['zh', 'en']. */
export function parseLocales(text) {
  return String(text ?? '')
    .split(/[\s,，、;；]+/)
    .map((code) => code.trim())
    .filter((code) => code !== '');
}

// ---------------------------------------------------------------- numbers typed in the form

/** A number typed in a field: a number, `undefined` when empty, or the raw text when it is not a number. */
export function parseNumber(raw) {
  const text = String(raw ?? '').trim();
  if (text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

export function numberText(value) {
  return value === undefined || value === null ? '' : String(value);
}

// ---------------------------------------------------------------- ids

/** Every dimension and question id in use. */
export function usedIds(model) {
  const ids = new Set();
  for (const dimension of model.dimensions) {
    ids.add(dimension.id);
    for (const question of dimension.questions) ids.add(question.id);
  }
  return ids;
}

function nextId(prefix, taken) {
  for (let n = 1; ; n += 1) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

export function nextQuestionId(model) {
  return nextId('q', usedIds(model));
}

export function nextDimensionId(model) {
  return nextId('d', usedIds(model));
}

export function nextOptionId(question) {
  return nextId('o', new Set((question.options ?? []).map((o) => o.id)));
}

// ---------------------------------------------------------------- new parts

export function standardLabels(locales) {
  const out = {};
  for (const [point, text] of Object.entries(STANDARD_LABELS)) {
    out[point] = {};
    for (const locale of locales) out[point][locale] = text[locale.startsWith('zh') ? 'zh' : 'en'] ?? '';
    if (!locales.length) out[point].zh = text.zh;
  }
  return out;
}

export function defaultRequired(type) {
  return type === 'rating' || type === 'single';
}

export function newOption(question, locales) {
  return { id: nextOptionId(question), text: editableText('', locales) };
}

/** Gives a question the fields of `type`, keeping what all types share. */
export function applyType(question, type, locales) {
  question.type = type;
  question.required = defaultRequired(type);
  if (type === 'rating') {
    question.scale = question.scale ?? { min: 1, max: 5, labels: standardLabels(locales) };
    question.allowNotApplicable = question.allowNotApplicable ?? false;
  } else {
    delete question.scale;
    delete question.allowNotApplicable;
  }
  if (type === 'single' || type === 'multiple') {
    if (!Array.isArray(question.options) || question.options.length === 0) {
      question.options = [];
      question.options.push(newOption(question, locales));
      question.options.push(newOption(question, locales));
    }
    if (type === 'multiple') for (const option of question.options) {
      delete option.score;
      delete option.notApplicable;
    }
  } else {
    delete question.options;
  }
  if (type !== 'multiple') delete question.maxSelections;
  if (type !== 'text') delete question.maxLength;
  if (type === 'multiple' || type === 'text') delete question.weight;
  return question;
}

export function newQuestion(model, type) {
  const question = {
    id: nextQuestionId(model),
    type,
    text: editableText('', model.locales),
    description: editableText('', model.locales),
  };
  return applyType(question, type, model.locales);
}

export function newDimension(model, { weighted = true } = {}) {
  const dimension = {
    id: nextDimensionId(model),
    title: editableText('', model.locales),
    description: editableText('', model.locales),
    questions: [],
  };
  if (weighted) dimension.weight = 50;
  return dimension;
}

export function newGrade(locales) {
  return { min: 0, label: editableText('', locales) };
}

/** The starting point of a new questionnaire: one weighted dimension with a rating. */
export function emptyModel() {
  const model = {
    id: '',
    version: 1,
    meetingType: 'other',
    locales: ['zh', 'en'],
    title: editableText('', ['zh', 'en']),
    description: editableText('', ['zh', 'en']),
    dimensions: [],
    grades: undefined,
  };
  const dimension = newDimension(model);
  dimension.weight = 100;
  model.dimensions.push(dimension);
  dimension.questions.push(newQuestion(model, 'rating'));
  return model;
}

// ---------------------------------------------------------------- definition ⇄ model

/** A stored or validated definition (the server's normalized JSON) as an editable model. */
export function modelFromDefinition(definition) {
  const def = clone(definition) ?? {};
  const locales = Array.isArray(def.locales) && def.locales.length ? def.locales.map(String) : ['zh'];
  const model = {
    id: def.id ?? '',
    version: def.version ?? 1,
    meetingType: def.meetingType ?? 'other',
    locales,
    title: editableText(def.title, locales),
    description: editableText(def.description, locales),
    dimensions: [],
    grades: Array.isArray(def.grades)
      ? def.grades.map((grade) => ({ min: grade.min, label: editableText(grade.label, locales) }))
      : undefined,
  };
  for (const d of def.dimensions ?? []) {
    const dimension = {
      id: d.id ?? '',
      title: editableText(d.title, locales),
      description: editableText(d.description, locales),
      questions: [],
    };
    if (d.weight !== undefined && d.weight !== null) dimension.weight = d.weight;
    if (d.questionWeighting && Array.isArray(d.questionWeighting.comparisons)) {
      // Kept as written; the builder edits only the dimensions' judgments.
      dimension.questionWeighting = {
        method: 'ahp',
        comparisons: d.questionWeighting.comparisons.map((c) => ({ a: c.a ?? '', b: c.b ?? '', value: c.value })),
      };
    }
    for (const q of d.questions ?? []) {
      const question = {
        id: q.id ?? '',
        type: q.type ?? 'rating',
        text: editableText(q.text, locales),
        description: editableText(q.description, locales),
        required: typeof q.required === 'boolean' ? q.required : defaultRequired(q.type),
      };
      if (q.weight !== undefined && q.weight !== null) question.weight = q.weight;
      if (q.type === 'rating') {
        const labels = {};
        for (const [point, text] of Object.entries(q.scale?.labels ?? {})) labels[point] = editableText(text, locales);
        question.scale = { min: q.scale?.min ?? 1, max: q.scale?.max ?? 5, labels };
        question.allowNotApplicable = Boolean(q.allowNotApplicable);
      }
      if (Array.isArray(q.options)) {
        question.options = q.options.map((o) => {
          const option = { id: o.id ?? '', text: editableText(o.text, locales) };
          if (o.score !== undefined && o.score !== null) option.score = o.score;
          if (o.notApplicable) option.notApplicable = true;
          if (o.other) option.other = true;
          return option;
        });
      }
      if (q.maxSelections !== undefined && q.maxSelections !== null) question.maxSelections = q.maxSelections;
      if (q.maxLength !== undefined && q.maxLength !== null) question.maxLength = q.maxLength;
      if (q.showIf && typeof q.showIf === 'object') {
        question.showIf = { question: q.showIf.question ?? '', in: Array.isArray(q.showIf.in) ? [...q.showIf.in] : [] };
      }
      dimension.questions.push(question);
    }
    model.dimensions.push(dimension);
  }
  if (def.weighting && Array.isArray(def.weighting.comparisons)) {
    model.weighting = {
      method: 'ahp',
      comparisons: def.weighting.comparisons.map((c) => ({ a: c.a ?? '', b: c.b ?? '', value: c.value })),
    };
  }
  return model;
}

export function isScoredSingle(question) {
  return question.type === 'single' && (question.options ?? []).some((o) => o.score !== undefined && o.score !== '');
}

export function isScored(question) {
  return question.type === 'rating' || isScoredSingle(question);
}

/** The definition the model stands for, keys in a readable order; what is sent and shown as YAML. */
export function definitionFromModel(model) {
  const locales = model.locales.length ? model.locales : ['zh'];
  const def = {
    id: model.id,
    version: model.version,
    meetingType: model.meetingType,
    locales: [...model.locales],
    title: requiredText(model.title, locales),
    description: cleanText(model.description, locales),
    // Weights by pairwise comparison: the judgments, and no typed weight on what they weigh.
    weighting: model.weighting
      ? { method: 'ahp', comparisons: pairJudgments(model).map(({ a, b, value }) => ({ a, b, value })) }
      : undefined,
    dimensions: model.dimensions.map((d) => ({
      id: d.id,
      title: requiredText(d.title, locales),
      description: cleanText(d.description, locales),
      weight: model.weighting ? undefined : d.weight,
      questionWeighting: d.questionWeighting,
      // Questions weighed by judgments carry no typed weight.
      questions: d.questions.map((q) => ({ ...questionDefinition(q, locales), ...(d.questionWeighting ? { weight: undefined } : {}) })),
    })),
    grades: model.grades
      ? model.grades.map((grade) => ({ min: grade.min ?? '', label: requiredText(grade.label, locales) }))
      : undefined,
  };
  return def;
}

function questionDefinition(q, locales) {
  const out = {
    id: q.id,
    type: q.type,
    text: requiredText(q.text, locales),
    description: cleanText(q.description, locales),
    weight: q.type === 'rating' || isScoredSingle(q) ? q.weight : undefined,
    required: q.required,
  };
  if (q.type === 'rating') {
    const labels = {};
    const [min, max] = [q.scale?.min, q.scale?.max];
    const bounded = Number.isInteger(min) && Number.isInteger(max);
    for (const [point, text] of Object.entries(q.scale?.labels ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]))) {
      // Labels of points the scale no longer has are not shown in the form, so not written.
      if (bounded && (Number(point) < min || Number(point) > max)) continue;
      const clean = cleanText(text, locales);
      if (clean !== undefined) labels[point] = clean;
    }
    out.scale = { min: q.scale?.min ?? '', max: q.scale?.max ?? '' };
    if (Object.keys(labels).length) out.scale.labels = labels;
    if (q.allowNotApplicable) out.allowNotApplicable = true;
  }
  if (q.type === 'single' || q.type === 'multiple') {
    out.options = (q.options ?? []).map((o) => {
      const option = { id: o.id, text: requiredText(o.text, locales) };
      if (q.type === 'single') {
        if (o.score !== undefined) option.score = o.score;
        if (o.notApplicable) option.notApplicable = true;
      }
      if (o.other) option.other = true;
      return option;
    });
  }
  if (q.type === 'multiple' && q.maxSelections !== undefined) out.maxSelections = q.maxSelections;
  if (q.type === 'text' && q.maxLength !== undefined) out.maxLength = q.maxLength;
  if (q.showIf) out.showIf = { question: q.showIf.question, in: [...(q.showIf.in ?? [])] };
  return out;
}

// ---------------------------------------------------------------- weights

function positive(value) {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/** Each dimension's share of the overall score (null for unscored ones), as in docs/scoring.md. */
export function dimensionShares(model) {
  const weights = model.dimensions.map((d) => positive(d.weight));
  const total = weights.reduce((sum, w) => sum + (w ?? 0), 0);
  return weights.map((w) => (w === null || total === 0 ? null : w / total));
}

/** Each question's share within its dimension (null for unscored questions). */
export function questionShares(dimension) {
  const weights = dimension.questions.map((q) => {
    if (!isScored(q)) return null;
    if (q.weight === undefined) return 1;
    return positive(q.weight);
  });
  const total = weights.reduce((sum, w) => sum + (w ?? 0), 0);
  return weights.map((w) => (w === null || total === 0 ? null : w / total));
}

/** Questions before `dimensionIndex/questionIndex` that a showIf may point at. */
export function earlierChoiceQuestions(model, dimensionIndex, questionIndex) {
  const list = [];
  model.dimensions.forEach((dimension, d) => {
    dimension.questions.forEach((question, q) => {
      const before = d < dimensionIndex || (d === dimensionIndex && q < questionIndex);
      if (before && (question.type === 'single' || question.type === 'multiple')) list.push(question);
    });
  });
  return list;
}

/** Moves `list[index]` by `delta` places; true when it moved. */
export function move(list, index, delta) {
  const target = index + delta;
  if (target < 0 || target >= list.length) return false;
  const [item] = list.splice(index, 1);
  list.splice(target, 0, item);
  return true;
}

// ---------------------------------------------------------------- venues for evaluations

/** An ASCII id from a name, or '' when the name has no ASCII letters or digits to use. */
export function slugify(text) {
  return String(text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

function hasCJK(text) {
  return /[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]/.test(text);
}

/**
 * Venues from pasted text, one per line. `名称 | English name` gives a bilingual name.
 * The id is the ASCII slug of the English (or only) name, or v1, v2… (by line) for
 * Chinese names; duplicates get -2, -3….
 */
export function venuesFromText(text) {
  const venues = [];
  const taken = new Set();
  const lines = String(text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  lines.forEach((line, index) => {
    const parts = line.split(/\s*[|｜]\s*/).filter((part) => part !== '');
    // A last part that is a whole number is the venue's expected respondents (its response rate).
    let expected;
    if (parts.length >= 2 && /^[0-9０-９]+$/.test(parts[parts.length - 1])) {
      expected = Number(parts.pop().replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)));
    }
    let name;
    let base;
    if (parts.length >= 2) {
      const [first, second] = parts;
      const zhFirst = hasCJK(first) || !hasCJK(second);
      const zh = zhFirst ? first : second;
      const en = zhFirst ? second : first;
      name = { zh, en };
      base = slugify(en);
    } else {
      name = parts[0] ?? line;
      base = hasCJK(name) ? '' : slugify(name);
    }
    if (!base) base = `v${index + 1}`;
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
    taken.add(id);
    venues.push(expected ? { id, name, expected } : { id, name });
  });
  return venues;
}
