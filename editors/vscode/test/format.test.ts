import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  chainItem,
  displayPath,
  edgeItem,
  formatShare,
  formatTime,
  formatValue,
  mappingReportText,
  shortFunctionName,
  statusBarText,
  topRowItem,
} from '../src/logic/format';

test('formatValue: memory in 1024 steps, %.2f with .00 trimmed (pprof ScaledLabel)', () => {
  assert.equal(formatValue(2050112, 'bytes'), '1.96 MB');
  assert.equal(formatValue(4980656, 'bytes'), '4.75 MB');
  assert.equal(formatValue(6685751, 'bytes'), '6.38 MB');
  assert.equal(formatValue(1574976, 'bytes'), '1.50 MB');
  assert.equal(formatValue(4505520, 'bytes'), '4.30 MB');
  assert.equal(formatValue(2930544, 'bytes'), '2.79 MB');
  assert.equal(formatValue(65536000, 'bytes'), '62.50 MB');
  assert.equal(formatValue(1024, 'bytes'), '1 kB');
  assert.equal(formatValue(1023, 'bytes'), '1023 B');
  assert.equal(formatValue(8192, 'B'), '8 kB');
  assert.equal(formatValue(3 * 1024 ** 3, 'bytes'), '3 GB');
  assert.equal(formatValue(0, 'bytes'), '0');
  assert.equal(formatValue(-2050112, 'bytes'), '-1.96 MB');
});

test('formatValue: time units and counts', () => {
  assert.equal(formatValue(10_000_000, 'nanoseconds'), '10 ms');
  assert.equal(formatValue(1_100_000_000, 'nanoseconds'), '1.10 s');
  assert.equal(formatValue(999, 'nanoseconds'), '999 ns');
  assert.equal(formatValue(1500, 'ns'), '1.50 us');
  assert.equal(formatValue(2, 's'), '2 s');
  assert.equal(formatValue(42, 'count'), '42');
  assert.equal(formatValue(42, 'objects'), '42');
  assert.equal(formatValue(7, ''), '7');
  assert.equal(formatValue(1010, 'cycles'), '1010 cycles');
});

test('formatShare: pprof percentage style', () => {
  assert.equal(formatShare(2930544 / 6685751), '43.83%');
  assert.equal(formatShare(4980656 / 6685751), '74.50%');
  assert.equal(formatShare(1), '100%');
  assert.equal(formatShare(0.99996), '100%');
  assert.equal(formatShare(4874 / 6685751), '0.073%');
  assert.equal(formatShare(0), '0%');
  assert.equal(formatShare(-0.25), '-25%');
  assert.equal(formatShare(null), '–');
});

test('shortFunctionName drops the import path only', () => {
  assert.equal(shortFunctionName('example.com/leakyfeed/cache.(*Cache).Put'), 'cache.(*Cache).Put');
  assert.equal(shortFunctionName('runtime/pprof.StartCPUProfile'), 'pprof.StartCPUProfile');
  assert.equal(shortFunctionName('main.main'), 'main.main');
  assert.equal(shortFunctionName('pkg.Map[go.shape.*example.com/x.T]'), 'pkg.Map[go.shape.*example.com/x.T]');
  assert.equal(shortFunctionName('alloc::vec::Vec<T>::push'), 'alloc::vec::Vec<T>::push');
});

test('displayPath makes file URIs workspace-relative', () => {
  assert.equal(displayPath('file:///ws/src/cache/cache.go', ['/ws']), 'src/cache/cache.go');
  assert.equal(displayPath('file:///ws/src/a%20b.go', ['/ws', '/ws/src']), 'a b.go');
  assert.equal(displayPath('/elsewhere/x.go', ['/ws']), '/elsewhere/x.go');
});

const loc = (uri: string, line: number) => ({
  uri,
  range: { start: { line, character: 0 }, end: { line, character: 0 } },
});

test('topRowItem formats a top row for the quick pick', () => {
  const item = topRowItem(
    {
      function: 'example.com/leakyfeed/cache.clone',
      file: '/home/runner/work/leakyfeed/leakyfeed/cache/cache.go',
      line: 43,
      flat: 2930544,
      cum: 2930544,
      flatLabel: '2.79 MB',
      cumLabel: '2.79 MB',
      flatShare: 2930544 / 6685751,
      cumShare: 2930544 / 6685751,
      location: loc('file:///ws/src/cache/cache.go', 42),
    },
    'bytes',
    ['/ws'],
  );
  assert.deepEqual(item, {
    label: 'cache.clone',
    description: '2.79 MB flat (43.83%) · 2.79 MB cum (43.83%)',
    detail: 'src/cache/cache.go:43',
  });
  const noLoc = topRowItem(
    { function: 'runtime.mallocgc', file: '/usr/local/go/src/runtime/malloc.go', line: 1125, flat: 10002, cum: 10002, flatShare: 0.0015, cumShare: 0.0015, location: null },
    'bytes',
  );
  assert.equal(noLoc.description, '9.77 kB flat (0.15%) · 9.77 kB cum (0.15%)');
  assert.equal(noLoc.detail, '/usr/local/go/src/runtime/malloc.go:1125 (not in the workspace)');
});

test('edgeItem and chainItem', () => {
  const e = edgeItem({ function: 'main.main', value: 4980656, share: 0.745, location: loc('file:///ws/src/main.go', 9) }, 'bytes', ['/ws']);
  assert.deepEqual(e, { label: 'main.main', description: '4.75 MB (74.50%)', detail: 'src/main.go:10' });
  const c = chainItem({ frames: ['main.main', 'example.com/app/feed.Run', 'example.com/app/cache.(*Cache).Put'], value: 1024, label: '1 kB', share: 0.5 });
  assert.equal(c.label, 'main.main → feed.Run → cache.(*Cache).Put');
  assert.equal(c.description, '1 kB (50%)');
  const long = chainItem({ frames: ['a', 'b', 'c', 'd', 'e', 'f'], value: 1, share: 0.001 }, 'count');
  assert.equal(long.label, 'a → … → d → e → f');
  assert.equal(long.detail, 'a → b → c → d → e → f');
});

test('statusBarText shows profile name, sample type and total', () => {
  const s = statusBarText({
    profile: '/ws/profiles/heap-2.pb.gz',
    sampleType: 'inuse_space',
    unit: 'bytes',
    total: 6685751,
    totalLabel: '6.38 MB',
    base: null,
    filesResolved: 4,
    filesTotal: 20,
  });
  assert.equal(s.text, '$(flame) heap-2.pb.gz · inuse_space · 6.38 MB');
  assert.match(s.tooltip, /Source files resolved: 4\/20/);
  const withBase = statusBarText({ profile: 'heap-2.pb.gz', sampleType: 'inuse_space', unit: 'bytes', total: 6685751, base: 'profiles/heap-1.pb.gz', baseMode: 'diff' });
  assert.equal(withBase.text, '$(flame) heap-2.pb.gz · inuse_space · 6.38 MB (Δ heap-1.pb.gz)');
  assert.equal(statusBarText({ profile: null, message: 'no profile found' }).text, '$(flame) pprof: no profile');
  assert.equal(statusBarText(undefined).text, '$(flame) pprof: no profile');
});

test('mappingReportText lists resolved and unresolved paths', () => {
  const t = mappingReportText({
    resolved: [{ profilePath: '/home/runner/work/x/x/cache/cache.go', uri: 'file:///ws/src/cache/cache.go', how: 'suffix' }],
    unresolved: [{ profilePath: '/usr/local/go/src/runtime/malloc.go', reason: 'not in the workspace' }],
  });
  assert.match(t, /1 resolved, 1 unresolved/);
  assert.match(t, /-> \/ws\/src\/cache\/cache.go {2}\[suffix\]/);
  const rel = mappingReportText({ resolved: [{ profilePath: '/b/cache.go', uri: 'file:///ws/src/cache.go', how: 'suffix' }], unresolved: [] }, ['/ws']);
  assert.match(rel, /-> src\/cache.go {2}\[suffix\]/);
  assert.doesNotMatch(rel, /Tip:/, 'no tip when everything resolved');
  assert.match(t, /malloc.go {2}\(not in the workspace\)/);
  assert.match(t, /pathMappings/);
  assert.ok(t.trimEnd().endsWith('pprof mapping report: 1 resolved, 1 unresolved'), 'the summary is also the last line');
});

test('formatTime', () => {
  assert.equal(formatTime('2026-11-27T15:50:47.332990724+00:00'), '2026-11-27 15:50:47 UTC');
  assert.equal(formatTime('2026-11-27T15:50:47Z'), '2026-11-27 15:50:47 UTC');
  assert.equal(formatTime('yesterday'), 'yesterday');
});
