import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { HEAT_LEVELS, heatColorId, linesByLevel } from '../src/logic/heat';

const line = (n: number, level: number) => ({ line: n, level, hover: `**line ${n + 1}**` });

test('linesByLevel groups the server lines by their level, as they are', () => {
  const byLevel = linesByLevel([line(22, 3), line(23, 2), line(42, 4), line(30, 1), line(31, 3)]);
  assert.equal(byLevel.length, HEAT_LEVELS);
  assert.deepEqual(byLevel.map((ls) => ls.map((l) => l.line)), [[30], [23], [22, 31], [42]]);
  assert.equal(byLevel[3][0].hover, '**line 43**', 'the hover is the server markdown, untouched');
});

test('a level without a colour is not shaded', () => {
  const byLevel = linesByLevel([line(1, 0), line(2, 5), line(3, 1.5), line(4, Number.NaN)]);
  assert.deepEqual(byLevel.flat(), []);
});

test('each level has its theme colour, contributed in package.json', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require('../../package.json');
  const contributed = pkg.contributes.colors.map((c: { id: string }) => c.id);
  const ids = Array.from({ length: HEAT_LEVELS }, (_, i) => heatColorId(i + 1));
  assert.deepEqual(ids, ['pprof.heat1Background', 'pprof.heat2Background', 'pprof.heat3Background', 'pprof.heat4Background']);
  assert.deepEqual(contributed, ids);
});
