import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { HEAT_BUCKETS, bucketLines, bucketRangeText, heatBucket, heatHoverMarkdown, lineShare } from '../src/logic/heat';

test('heatBucket: below minShare is unshaded, then 4 buckets', () => {
  assert.equal(heatBucket(0), -1);
  assert.equal(heatBucket(0.004), -1); // 0.4% < 0.5%
  assert.equal(heatBucket(0.005), 0);
  assert.equal(heatBucket(0.0199), 0);
  assert.equal(heatBucket(0.02), 1);
  assert.equal(heatBucket(0.0999), 1);
  assert.equal(heatBucket(0.1), 2);
  assert.equal(heatBucket(0.2356), 2);
  assert.equal(heatBucket(0.25), 3);
  assert.equal(heatBucket(0.4383), 3);
  assert.equal(heatBucket(1), 3);
  assert.equal(heatBucket(-0.3), 3, 'negative (diff) shares shade by magnitude');
  assert.equal(heatBucket(Number.NaN), -1);
  assert.equal(heatBucket(0.004, 0), 0, 'minShare 0 shades every non-zero line');
  assert.equal(heatBucket(0.03, 5), -1, 'a larger minShare hides more');
});

test('lineShare prefers flat, falls back to cum', () => {
  assert.equal(lineShare({ line: 1, flat: 5, cum: 10, flatShare: 0.05, cumShare: 0.1 }), 0.05);
  assert.equal(lineShare({ line: 1, flat: 0, cum: 10, flatShare: 0, cumShare: 0.1 }), 0.1);
});

test('bucketLines groups the leakyfeed cache.go lines', () => {
  const total = 6685751;
  const lines = [
    { line: 22, flat: 1574976, cum: 4505520 },
    { line: 23, flat: 475136, cum: 475136 },
    { line: 42, flat: 2930544, cum: 2930544 },
    { line: 30, flat: 100, cum: 100 },
  ].map((l) => ({ ...l, flatShare: l.flat / total, cumShare: l.cum / total }));
  const b = bucketLines(lines);
  assert.equal(b.length, HEAT_BUCKETS);
  assert.deepEqual(b.map((x) => x.map((l) => l.line)), [[], [23], [22], [42]]);
});

test('legend text', () => {
  assert.equal(bucketRangeText(0), '0.5–2%');
  assert.equal(bucketRangeText(3), '≥ 25%');
  const md = heatHoverMarkdown({ line: 42, flat: 2930544, cum: 2930544, flatShare: 0.4383, cumShare: 0.4383 }, 'bytes');
  assert.match(md, /line 43: 2\.79 MB flat \(43\.83%\) · 2\.79 MB cum \(43\.83%\)/);
  assert.match(md, /░ 0\.5–2% · ▒ 2–10% · ▓ 10–25% · \*\*█ ≥ 25%\*\*/, 'its bucket in bold');
  assert.match(md, /pprof\.heatmap/);
});
