// Checks of the browser's CSV cells (Web/js/shared/csv.js), run with node by test_csv_cells.py:
// the same table as the server's CSVFormatTests.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const folder = process.argv[2];
const { csvCell, csvText } = await import(pathToFileURL(path.join(folder, 'shared/csv.js')).href);
const table = [
  ['=1+1', "'=1+1"], ['+SUM(1)', "'+SUM(1)"], ['-2+3', "'-2+3"], ['@cmd', "'@cmd"], ['\tx', "'\tx"],
  [' =1+1', "' =1+1"], ['  +SUM(1)', "'  +SUM(1)"], ['"=1+1', `"'""=1+1"`],
  ['\uff1d1+1', "'\uff1d1+1"], ['\uff0bSUM(1)', "'\uff0bSUM(1)"], ['\uff0d2', "'\uff0d2"], ['\uff20cmd', "'\uff20cmd"],
  [' \uff1d1', "' \uff1d1"], ['\u3000=1', "'\u3000=1"],
  ['-12', '-12'], ['-3.5', '-3.5'], ['', ''], ['   ', '   '], ['a=b', 'a=b'], ['合肥分会场', '合肥分会场'], ['a,b', '"a,b"'],
];
for (const [value, written] of table) assert.equal(csvCell(value), written, JSON.stringify(value));
assert.equal(csvText([['code'], ['+SUM(1)']]), "\ufeffcode\r\n'+SUM(1)\r\n");
console.log('csv checks passed');
