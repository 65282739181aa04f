import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { HEAT_COLOR_IDS, colorIdOf, linesByColor } from '../src/logic/heat';
import { HeatLine } from '../src/logic/protocol';

const line = (n: number, level: number, change?: 'grew' | 'shrank'): HeatLine => ({ line: n, level, change, hover: `**line ${n + 1}**` });

test('linesByColor groups the server lines by their level, as they are', () => {
  const byColor = linesByColor([line(22, 3), line(23, 2), line(42, 4), line(30, 1), line(31, 3)]);
  assert.equal(byColor.length, HEAT_COLOR_IDS.length);
  assert.deepEqual(byColor.slice(0, 4).map((ls) => ls.map((l) => l.line)), [[30], [23], [22, 31], [42]]);
  assert.equal(byColor[3][0].hover, '**line 43**', 'the hover is the server markdown, untouched');
});

test('in a comparison, growth is warm and shrinkage cool', () => {
  assert.equal(colorIdOf(line(1, 4, 'grew')), 'pprof.heat4Background');
  assert.equal(colorIdOf(line(1, 2, 'shrank')), 'pprof.shrink2Background');
});

test('a level without a colour is not shaded', () => {
  const byColor = linesByColor([line(1, 0), line(2, 5), line(3, 1.5), line(4, Number.NaN)]);
  assert.deepEqual(byColor.flat(), []);
});

test('each colour is contributed in package.json', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json');
  const contributed = pkg.contributes.colors.map((c: { id: string }) => c.id);
  assert.deepEqual(contributed, HEAT_COLOR_IDS);
  assert.equal(HEAT_COLOR_IDS.length, 8);
});
