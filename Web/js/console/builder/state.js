// What the questionnaire builder holds while it is open: the model being edited, the YAML
// text and where it came from, the validator's last answer, and the elements on screen.
// It survives navigation, so leaving the builder and coming back keeps unsaved work.

export const LOCALE_NAMES = { zh: '中文', en: 'English' };

export const state = {
  /** 'new', or 'edit:ID:VERSION' */
  key: null,
  model: null,
  baseVersion: null,
  dirty: false,
  /** The text in the YAML box, and where it came from: 'form' (generated) or 'user' (typed). */
  yamlText: '',
  yamlSource: 'form',
  /** False while typed YAML has problems, so the form shows the last valid content. */
  yamlInSync: true,
  yamlBackup: null,
  /** idle | checking | valid | invalid | syntax | offline */
  check: { status: 'idle', errors: [], warnings: [], message: '' },
  seq: 0,
  timer: null,
  controller: null,
  pending: null,
  tab: 'yaml',
  summaryOpen: { error: false, warning: false },
  saving: false,
  preview: null,
  /** A new, empty form stays quiet about problems of fields not yet visited (`touched`). */
  quiet: false,
  touched: new Set(),
  /** Ids of the dimensions shown collapsed (a long questionnaire opens with only the first one open). */
  collapsed: new Set(),
};

/** Elements of the view on screen (null while the builder is not shown). */
export let els = null;

export function setEls(elements) {
  els = elements;
}

export function hasUnsavedChanges() {
  return Boolean(state.model && state.dirty);
}
