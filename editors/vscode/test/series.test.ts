import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Series } from '../src/logic/protocol';
import { seriesChart, stepsOf } from '../src/logic/series';

const sample = (): Series => JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/series.json'), 'utf8'));

test('each step is grew, shrank or same', () => {
  assert.deepEqual(stepsOf([1, 3, 2, 2]), ['grew', 'shrank', 'same']);
  assert.deepEqual(stepsOf([5]), []);
  assert.deepEqual(stepsOf([]), []);
});

test("the chart is the server's: snapshot names, values, labels, times, title and text", () => {
  const c = seriesChart(sample())!;
  assert.equal(c.title, 'inuse_space of cache.clone over 4 snapshots in 3h00m');
  assert.equal(c.text, '▁█▅▅ 1 MB → 2 MB in 3h00m (+1 MB, +341.33 kB/h)');
  assert.deepEqual(c.categories, ['heap-1.pb.gz', 'heap-2.pb.gz', 'heap-3.pb.gz', 'heap-4.pb.gz']);
  assert.deepEqual(c.values, [1048576, 3145728, 2097152, 2097152]);
  assert.deepEqual(c.pointLabels, ['1 MB', '3 MB', '2 MB', '2 MB']);
  assert.equal(c.pointTimes[1], '2026-12-02 01:00:00 UTC');
  assert.deepEqual(c.steps, ['grew', 'shrank', 'same']);
});

test('the value axis has the lowest, highest and last values, with the server labels', () => {
  assert.deepEqual(seriesChart(sample())!.ticks, [
    { value: 1048576, label: '1 MB' },
    { value: 2097152, label: '2 MB' },
    { value: 3145728, label: '3 MB' },
  ]);
  const flat = { ...sample(), points: sample().points.map((p) => ({ ...p, value: 7, label: '7 B' })) };
  assert.deepEqual(seriesChart(flat)!.ticks, [{ value: 7, label: '7 B' }]);
});

test('fewer than two points: no chart', () => {
  assert.equal(seriesChart({ ...sample(), points: sample().points.slice(0, 1) }), undefined);
  assert.equal(seriesChart({ ...sample(), points: [] }), undefined);
});
