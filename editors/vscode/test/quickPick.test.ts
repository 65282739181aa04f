import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  OTHER_FILE_LABEL,
  OTHER_SECTION,
  STEADY_SECTION,
  chainItem,
  currentPlaceholder,
  edgeItem,
  growthItems,
  noSourceMessage,
  sampleTypeItems,
  scopeToggle,
  serviceItems,
  snapshotItems,
  topRowItem,
} from '../src/logic/quickPick';
import { GrowthRow, Snapshot } from '../src/logic/protocol';

const loc = (uri: string, line: number) => ({ uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } });

test('a top row shows the server short name, text and where', () => {
  const item = topRowItem({
    function: 'example.com/leakyfeed/cache.clone',
    shortName: 'cache.clone',
    text: '2.79 MB flat (43.83%) · 2.79 MB cum (43.83%)',
    where: 'src/cache/cache.go:43',
    location: loc('file:///ws/src/cache/cache.go', 42),
    ref: { function: 'example.com/leakyfeed/cache.clone', file: 'cache/cache.go', startLine: 41 },
  });
  assert.deepEqual(item, { label: 'cache.clone', description: '2.79 MB flat (43.83%) · 2.79 MB cum (43.83%)', detail: 'src/cache/cache.go:43' });
});

test('an edge shows the server short name, text and where', () => {
  const item = edgeItem({
    function: 'main.serve',
    shortName: 'main.serve',
    text: '2 mins (12%)', // whatever the server writes
    where: '(not on this machine)',
    location: null,
    ref: { function: 'main.serve' },
  });
  assert.deepEqual(item, { label: 'main.serve', description: '2 mins (12%)', detail: '(not on this machine)' });
});

test('a chain shows the server path text, and its value below', () => {
  const item = chainItem({ text: 'main.main → … → main.serve', valueText: '120 s (50%)' });
  assert.deepEqual(item, { label: 'main.main → … → main.serve', detail: '120 s (50%)' });
});

test('sample types: the current one is marked and picked', () => {
  const items = sampleTypeItems({
    current: 'inuse_space',
    choices: [
      { name: 'alloc_space', unit: 'bytes', description: 'Memory allocated since the program started.' },
      { name: 'inuse_space', unit: 'bytes', description: 'Memory in use when the profile was taken.' },
    ],
  });
  assert.deepEqual(items.map((i) => [i.label, i.description, i.picked]), [['alloc_space', 'bytes', false], ['inuse_space', 'bytes (current)', true]]);
  assert.equal(items[0].detail, 'Memory allocated since the program started.');
});

const growthRow = (shortName: string, steady: boolean, over: Partial<GrowthRow> = {}): GrowthRow => ({
  function: `example.com/app/${shortName}`,
  shortName,
  sparkline: steady ? '▁▃▅█' : '▅▁█▃',
  text: `${shortName}: whatever the server writes${steady ? ', grows steadily' : ''}`,
  where: `src/${shortName}.go:7`,
  steady,
  location: loc(`file:///ws/src/${shortName}.go`, 6),
  ref: { function: `example.com/app/${shortName}` },
  ...over,
});

test('a growth row shows the short name, the server text (its sparkline first) and where', () => {
  const items = growthItems({ title: 'Growth of inuse_space over 4 snapshots in 3h00m', snapshots: [], rows: [growthRow('cache.clone', true)] });
  const row = items.find((i) => !i.separator);
  assert.deepEqual(
    { label: row?.label, description: row?.description, detail: row?.detail },
    { label: 'cache.clone', description: 'cache.clone: whatever the server writes, grows steadily', detail: 'src/cache.clone.go:7' },
  );
  assert.equal(row?.row?.shortName, 'cache.clone', 'the row itself comes along, for its location');
});

test('growth: the steady rows under one heading, the others under another, in the server order', () => {
  const rows = [growthRow('a', true), growthRow('b', true), growthRow('c', false), growthRow('d', false)];
  const items = growthItems({ title: 't', snapshots: [], rows });
  assert.deepEqual(items.map((i) => (i.separator ? `-- ${i.label}` : i.row?.shortName)), [`-- ${STEADY_SECTION}`, 'a', 'b', `-- ${OTHER_SECTION}`, 'c', 'd']);
  // no steady row: no headings; only steady rows: one heading
  assert.deepEqual(growthItems({ title: 't', snapshots: [], rows: [growthRow('c', false)] }).map((i) => i.label), ['c']);
  assert.deepEqual(growthItems({ title: 't', snapshots: [], rows: [growthRow('a', true)] }).map((i) => i.label), [STEADY_SECTION, 'a']);
  assert.deepEqual(growthItems({ title: 't', snapshots: [], rows: [] }), []);
});

test("a growth row without a location: the message says the server's where", () => {
  const msg = noSourceMessage('runtime.malg', 'runtime/proc.go:250 (not on this machine)');
  assert.ok(msg.includes('runtime.malg'));
  assert.ok(msg.includes('runtime/proc.go:250 (not on this machine)'));
});

test('compare over a timeline: its snapshots newest first with their role, then "Other file…"', () => {
  const snap = (n: number, role: Snapshot['role']): Snapshot => ({ path: `/srv/snaps/heap-${n}.pb.gz`, time: null, label: `heap-${n}.pb.gz · label ${n}`, role });
  const items = snapshotItems({ source: '/srv/snaps', kind: 'folder', pollSeconds: null, snapshots: [snap(1, 'base'), snap(2, null), snap(3, 'shown')] });
  assert.deepEqual(items.map((i) => [i.label, i.description, i.path]), [
    ['heap-3.pb.gz · label 3', 'shown', '/srv/snaps/heap-3.pb.gz'],
    ['heap-2.pb.gz · label 2', undefined, '/srv/snaps/heap-2.pb.gz'],
    ['heap-1.pb.gz · label 1', 'base', '/srv/snaps/heap-1.pb.gz'],
    [OTHER_FILE_LABEL, 'a profile file', undefined],
  ]);
  assert.equal(items[3].otherFile, true);
});

test("the top list's button toggles between all code and your code, and back", () => {
  assert.equal(scopeToggle('all').next, 'workspace');
  assert.equal(scopeToggle(scopeToggle('all').next).next, 'all');
  assert.match(scopeToggle('all').tooltip, /your code/i);
  assert.notEqual(scopeToggle('all').icon, scopeToggle('workspace').icon);
});

test("a store's profile types: the server's IDs, units and descriptions, the current one marked", () => {
  const rows = sampleTypeItems({
    current: 'memory:inuse_space:bytes:space:bytes',
    choices: [
      { name: 'memory:inuse_space:bytes:space:bytes', unit: 'bytes', description: 'what the fleet holds now' },
      { name: 'memory:alloc_space:bytes:space:bytes', unit: 'bytes', description: 'what the fleet allocated' },
    ],
  });
  assert.deepEqual(rows, [
    { name: 'memory:inuse_space:bytes:space:bytes', label: 'memory:inuse_space:bytes:space:bytes', description: 'bytes (current)', detail: 'what the fleet holds now', picked: true },
    { name: 'memory:alloc_space:bytes:space:bytes', label: 'memory:alloc_space:bytes:space:bytes', description: 'bytes', detail: 'what the fleet allocated', picked: false },
  ]);
  // the name picked is what goes back to the server, as it is
  assert.equal(rows[1].name, 'memory:alloc_space:bytes:space:bytes');
});

test("a store's services in the server's order, the current one marked; none current", () => {
  assert.deepEqual(serviceItems({ current: 'orders', choices: ['billing', 'orders'] }), [
    { name: 'billing', label: 'billing', picked: false },
    { name: 'orders', label: 'orders', picked: true, description: 'current' },
  ]);
  assert.deepEqual(serviceItems({ current: null, choices: ['billing'] }), [{ name: 'billing', label: 'billing', picked: false }]);
  assert.deepEqual(serviceItems({ current: null, choices: [] }), []);
});

test('the placeholder names the current choice, or says what to do', () => {
  assert.equal(currentPlaceholder('orders', 'Pick one'), 'current: orders');
  assert.equal(currentPlaceholder(null, 'Pick one'), 'Pick one');
  assert.equal(currentPlaceholder('', 'Pick one'), 'Pick one');
});
