// CSV written in the browser (the console's invitation codes), with the same rules as the
// server's CSVFormat: a UTF-8 byte-order mark (so Excel shows Chinese), CRLF rows, RFC 4180
// quoting, and formula injection neutralized (CWE-1236).

// Characters a spreadsheet reads as the start of a formula (with the full-width forms
// ＝ ＋ － ＠), and those it skips before one (spaces, quotes).
const FORMULA_START = /^[ "\u3000\u00a0]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** One cell: an apostrophe before a formula (a plain number stays a number), quoted when needed. */
export function csvCell(value) {
  let text = String(value ?? '');
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells as a CSV file's text. */
export function csvText(rows) {
  return `\ufeff${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
