// The builder's side pane: tabs for the YAML text and the preview, the YAML box with its
// line numbers and the marks on lines with problems, the note when the form replaced typed
// YAML, and copying the text.

import { t } from '../../shared/i18n.js';
import { fill, h, icon } from '../../shared/dom.js';
import { toast } from '../dom.js';
import { renderCheck } from './issues.js';
import { els, state } from './state.js';
import { refreshDirty, refreshPreview, scheduleValidate } from './sync.js';

export function drawSide() {
  const tabs = [
    { key: 'yaml', label: t('b.yaml') },
    { key: 'preview', label: t('b.preview') },
  ];
  const tablist = h(
    'div',
    { class: 'tabs', role: 'tablist', 'aria-label': t('b.paneLabel') },
    tabs.map((tab) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${tab.key}`,
          class: 'tab',
          'aria-selected': state.tab === tab.key ? 'true' : 'false',
          'aria-controls': `panel-${tab.key}`,
          tabindex: state.tab === tab.key ? '0' : '-1',
          'data-tab': tab.key,
          onclick: () => selectTab(tab.key, false),
          onkeydown: (event) => {
            if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
              event.preventDefault();
              selectTab(state.tab === 'yaml' ? 'preview' : 'yaml', true);
            }
          },
        },
        tab.label,
      ),
    ),
  );
  const textarea = h('textarea', {
    id: 'yaml-text',
    class: 'code-input',
    wrap: 'off',
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    'aria-describedby': 'yaml-hint',
  });
  textarea.addEventListener('input', onYAMLInput);
  textarea.addEventListener('scroll', syncYAMLScroll);
  textarea.addEventListener('keydown', (event) => {
    // Tab indents (two spaces) instead of leaving the box; Escape then Tab leaves it.
    if (event.key === 'Tab' && !event.shiftKey && !textarea.dataset.escaped) {
      event.preventDefault();
      const { selectionStart: start, selectionEnd: end } = textarea;
      textarea.setRangeText('  ', start, end, 'end');
      onYAMLInput();
    } else if (event.key === 'Escape') {
      textarea.dataset.escaped = '1';
    } else if (event.key !== 'Tab') {
      delete textarea.dataset.escaped;
    }
  });
  textarea.addEventListener('blur', () => delete textarea.dataset.escaped);
  const yamlPanel = h(
    'div',
    { class: 'tab-panel', role: 'tabpanel', id: 'panel-yaml', 'aria-labelledby': 'tab-yaml', hidden: state.tab !== 'yaml' },
    h(
      'div',
      { class: 'panel-head' },
      h('label', { for: 'yaml-text', class: 'panel-label' }, t('b.yamlLabel')),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', id: 'copy-yaml', onclick: copyYAML }, icon('copy'), t('b.copyYaml')),
    ),
    h('p', { class: 'panel-hint', id: 'yaml-hint' }, t('b.yamlHint')),
    h('div', { id: 'yaml-note', class: 'yaml-note', hidden: true }),
    h(
      'div',
      { class: 'code-editor' },
      h('div', { class: 'code-gutter', 'aria-hidden': 'true' }),
      h('div', { class: 'code-area' }, h('div', { class: 'code-backdrop', 'aria-hidden': 'true' }), textarea),
    ),
  );
  const previewPanel = h(
    'div',
    { class: 'tab-panel', role: 'tabpanel', id: 'panel-preview', 'aria-labelledby': 'tab-preview', hidden: state.tab !== 'preview' },
    h(
      'div',
      { class: 'panel-head' },
      h('span', { class: 'panel-label' }, t('b.preview')),
      h('div', { class: 'seg', role: 'group', id: 'preview-locales', 'aria-label': t('b.previewLocale') }),
    ),
    h('p', { class: 'panel-hint' }, t('b.previewNote')),
    h('div', { class: 'phone-frame', id: 'preview-host' }),
  );
  return h('aside', { class: 'builder-side', 'aria-label': t('b.paneLabel') }, h('div', { class: 'side-sticky' }, tablist, yamlPanel, previewPanel));
}

export function selectTab(key, focus) {
  state.tab = key;
  const root = els?.main;
  if (!root) return;
  for (const tab of root.querySelectorAll('[role="tab"]')) {
    const selected = tab.dataset.tab === key;
    tab.setAttribute('aria-selected', selected ? 'true' : 'false');
    tab.tabIndex = selected ? 0 : -1;
    if (selected && focus) tab.focus();
  }
  root.querySelector('#panel-yaml').hidden = key !== 'yaml';
  root.querySelector('#panel-preview').hidden = key !== 'preview';
  if (key === 'preview') refreshPreview();
  if (key === 'yaml') syncYAMLScroll();
}

function onYAMLInput() {
  if (state.quiet) {
    state.quiet = false;
    renderCheck();
  }
  state.yamlText = els.yaml.value;
  state.yamlSource = 'user';
  state.dirty = true;
  state.yamlBackup = null;
  renderYAMLNote();
  renderYAMLDecor();
  refreshDirty();
  scheduleValidate();
}

// ---------------------------------------------------------------- YAML box decorations

const LINE_HEIGHT = 20;

function issueLines() {
  const lines = new Map();
  for (const issue of state.check.errors) if (issue.line) lines.set(issue.line, 'error');
  for (const issue of state.check.warnings) if (issue.line && !lines.has(issue.line)) lines.set(issue.line, 'warning');
  return lines;
}

export function renderYAMLDecor() {
  if (!els) return;
  const count = Math.max(1, els.yaml.value.split('\n').length);
  const marked = state.check.status === 'checking' ? new Map() : issueLines();
  const gutter = [];
  const backdrop = [];
  for (let line = 1; line <= count; line += 1) {
    const kind = marked.get(line);
    gutter.push(h('span', { class: kind ? `ln is-${kind}` : 'ln', 'data-line': line }, String(line)));
    backdrop.push(h('span', { class: kind ? `bl is-${kind}` : 'bl', 'data-line': kind ? line : null }));
  }
  fill(els.gutter, h('div', { class: 'gutter-inner' }, gutter));
  fill(els.backdrop, h('div', { class: 'backdrop-inner' }, backdrop));
  els.yaml.closest('.code-editor').dataset.marked = [...marked.keys()].join(' ');
  syncYAMLScroll();
}

function syncYAMLScroll() {
  if (!els) return;
  const top = els.yaml.scrollTop;
  const gutter = els.gutter.firstChild;
  const backdrop = els.backdrop.firstChild;
  if (gutter) gutter.style.transform = `translateY(${-top}px)`;
  if (backdrop) backdrop.style.transform = `translateY(${-top}px)`;
}

/** Scrolls the YAML box to `line` and (when asked) selects it there. */
export function markYAMLLine(line, focus) {
  if (!els) return;
  selectTab('yaml', false);
  const text = els.yaml.value;
  const lines = text.split('\n');
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i += 1) start += lines[i].length + 1;
  const end = start + (lines[line - 1]?.length ?? 0);
  els.yaml.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
  syncYAMLScroll();
  if (focus) {
    els.yaml.focus({ preventScroll: true });
    els.yaml.setSelectionRange(start, end);
    els.yaml.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
    syncYAMLScroll();
  }
}

export function renderYAMLNote() {
  if (!els) return;
  if (state.yamlBackup !== null) {
    els.yamlNote.hidden = false;
    fill(els.yamlNote, 
      icon('info'),
      h('span', {}, t('b.yamlReplaced')),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          id: 'restore-yaml',
          onclick: () => {
            els.yaml.value = state.yamlBackup;
            state.yamlBackup = null;
            onYAMLInput();
            els.yaml.focus();
          },
        },
        t('b.yamlRestore'),
      ),
    );
  } else {
    els.yamlNote.hidden = true;
    els.yamlNote.replaceChildren();
  }
}

async function copyYAML() {
  try {
    await navigator.clipboard.writeText(els.yaml.value);
    toast(t('b.copied'));
  } catch {
    els.yaml.focus();
    els.yaml.select();
  }
}
