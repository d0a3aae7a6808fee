// A small YAML emitter for questionnaire definitions: block style, every string written
// as a JSON-style double-quoted scalar (so any text is valid YAML and never turns into a
// number, a boolean or null), numbers and booleans plain. It also returns the line on
// which each path (`dimensions[1].questions[0].options[2].score`) starts, to mark lines.

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const INTEGER_KEY = /^(0|-?[1-9][0-9]{0,8})$/;
/** Words YAML 1.1 reads as booleans or null: such keys are quoted. */
const SPECIAL_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

/** A string as a double-quoted YAML scalar (JSON escapes plus YAML's own line breaks). */
export function quote(text) {
  return JSON.stringify(String(text)).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function key(name) {
  const text = String(name);
  if (INTEGER_KEY.test(text)) return text;
  if (PLAIN_KEY.test(text) && !SPECIAL_WORDS.has(text.toLowerCase())) return text;
  return quote(text);
}

function scalar(value) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quote(String(value));
  return quote(value);
}

function isEmptyContainer(value) {
  if (Array.isArray(value)) return value.length === 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

function isContainer(value) {
  return value !== null && typeof value === 'object';
}

function childPath(path, name) {
  return path ? `${path}.${name}` : String(name);
}

/**
 * `{text, lines}`: the YAML text of `value` (an object) and a Map from each path to its
 * 1-based line number. Keys whose value is `undefined` are left out.
 */
export function emitYAML(value) {
  const out = [];
  const lines = new Map();
  const mark = (path) => {
    if (path !== '' && !lines.has(path)) lines.set(path, out.length + 1);
  };

  function emitMap(map, indent, path, firstPrefix) {
    let first = true;
    for (const [name, child] of Object.entries(map)) {
      if (child === undefined) continue;
      const prefix = first && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
      first = false;
      const here = childPath(path, name);
      mark(here);
      if (isContainer(child) && !isEmptyContainer(child)) {
        out.push(`${prefix}${key(name)}:`);
        emitNode(child, indent + 2, here);
      } else if (isContainer(child)) {
        out.push(`${prefix}${key(name)}: ${Array.isArray(child) ? '[]' : '{}'}`);
      } else {
        out.push(`${prefix}${key(name)}: ${scalar(child)}`);
      }
    }
    if (first) out.push(`${firstPrefix ?? ' '.repeat(indent)}{}`);
  }

  function emitList(list, indent, path) {
    list.forEach((item, index) => {
      const here = `${path}[${index}]`;
      const dash = `${' '.repeat(indent)}- `;
      if (item === undefined) return;
      if (isContainer(item) && !isEmptyContainer(item)) {
        if (Array.isArray(item)) {
          mark(here);
          out.push(`${' '.repeat(indent)}-`);
          emitList(item, indent + 2, here);
        } else {
          mark(here);
          emitMap(item, indent + 2, here, dash);
        }
      } else {
        mark(here);
        out.push(`${dash}${isContainer(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`);
      }
    });
  }

  function emitNode(node, indent, path) {
    if (Array.isArray(node)) emitList(node, indent, path);
    else emitMap(node, indent, path);
  }

  emitNode(value, 0, '');
  return { text: `${out.join('\n')}\n`, lines };
}

/** The line of `path`, or of its nearest ancestor that has one. */
export function lineOf(lines, path) {
  let current = path;
  while (current) {
    if (lines.has(current)) return lines.get(current);
    current = parentPath(current);
  }
  return null;
}

/** `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ''. */
export function parentPath(path) {
  const match = /^(.*)(\[\d+\]|\.[^.[\]]+)$/.exec(path);
  return match ? match[1] : '';
}
