import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { chainItem, edgeItem, sampleTypeItems, topRowItem } from '../src/logic/quickPick';

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
    where: '(not in the workspace)',
    location: null,
    ref: { function: 'main.serve' },
  });
  assert.deepEqual(item, { label: 'main.serve', description: '2 mins (12%)', detail: '(not in the workspace)' });
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
