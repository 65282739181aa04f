import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  MAX_STROKE,
  MIN_STROKE,
  SHADES,
  boxLines,
  boxName,
  indexWords,
  isMore,
  fontSizeOf,
  isSigned,
  layoutGraph,
  pathOf,
  shadeOf,
  strokeOf,
  withHead,
} from '../src/logic/graph';
import { CallGraph, GraphWords } from '../src/logic/protocol';

// test/fixtures is next to the compiled test too (out/test/../../test/fixtures)
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../test/fixtures', name), 'utf8'));
const sample = (): CallGraph => fixture('callGraph.json');
const words = (): GraphWords => fixture('graphWords.json');
/** Monospace-ish: 0.6 em per character. */
const measure = (t: string, size: number) => t.length * size * 0.6;

test('a box prints the server title, else the last path element, then the server labels', () => {
  const g = sample();
  const w = indexWords(g, { ...words(), nodes: [{ id: 0, title: 'Put (title)', text: '' }] });
  assert.equal(boxName(g.nodes[0]), 'cache.(*Cache).Put');
  assert.equal(boxName(g.nodes[0], w), 'Put (title)');
  assert.deepEqual(boxLines(g.nodes[0]), ['cache.(*Cache).Put', '1.96 MB flat', '4.75 MB cum']);
  // flat and cum the same: one label
  assert.deepEqual(boxLines(g.nodes[3]), ['cache.clone', '2.79 MB']);
  assert.deepEqual(boxLines(g.nodes[4]), ['+2 more']);
  assert.deepEqual(g.nodes.map(isMore), [false, false, false, false, true]);
});

test("the server's words go to their boxes and arrows, and only for the same function", () => {
  const v = layoutGraph(sample(), words(), measure);
  assert.equal(v.boxes[0].text, 'cache.(*Cache).Put allocated 1.96 MB itself (flat, 30.66% of 6.38 MB).');
  assert.deepEqual(v.legend, words().legend);
  assert.equal(v.title, 'Call graph of cache.(*Cache).Put · inuse_space · 2 levels');
  const serveToPut = v.arrows.find((a) => a.edge.from === 1 && a.edge.to === 0)!;
  assert.match(serveToPut.text!, /was allocated in functions called from here through this call/);
  // words of another function (the cursor moved between the two requests) are not used
  const other = layoutGraph(sample(), { ...words(), function: 'main.main' }, measure);
  assert.deepEqual(other.legend, []);
  assert.equal(other.title, undefined);
  assert.ok(other.boxes.every((b) => b.text === undefined));
  assert.ok(other.arrows.every((a) => a.text === undefined));
});

test('fonts grow with |flat|, shades with |cum|, strokes with |weight|', () => {
  assert.equal(fontSizeOf(0, 100), 12);
  assert.equal(fontSizeOf(100, 100), 21);
  assert.equal(fontSizeOf(-100, 100), 21);
  assert.ok(fontSizeOf(25, 100) > 12 && fontSizeOf(25, 100) < fontSizeOf(50, 100));
  assert.equal(shadeOf(0, 100), 1);
  assert.equal(shadeOf(100, 100), SHADES);
  assert.equal(shadeOf(-100, 100), SHADES);
  assert.equal(shadeOf(5, 0), 1);
  assert.equal(strokeOf(0, 10), MIN_STROKE);
  assert.equal(strokeOf(10, 10), MAX_STROKE);
  assert.equal(strokeOf(-10, 10), MAX_STROKE);
  assert.equal(strokeOf(3, 0), MIN_STROKE);
});

test('the layout puts callers above the function and callees below', () => {
  const v = layoutGraph(sample(), words(), measure);
  const y = (fn: string) => v.boxes.find((b) => b.node.function.endsWith(fn))!.y;
  assert.ok(y('main.main') < y('main.serve'));
  assert.ok(y('main.serve') < y('(*Cache).Put'));
  assert.ok(y('(*Cache).Put') < y('cache.clone'));
  assert.equal(v.focus?.node.function, 'example.com/leakyfeed/cache.(*Cache).Put');
  assert.equal(v.boxes.filter((b) => b.focus).length, 1);
  assert.ok(v.width > 0 && v.height > 0);
  for (const b of v.boxes) {
    assert.ok(b.x - b.width / 2 >= 0 && b.x + b.width / 2 <= v.width, `${b.lines[0]} inside the width`);
    assert.ok(b.y - b.height / 2 >= 0 && b.y + b.height / 2 <= v.height, `${b.lines[0]} inside the height`);
  }
});

test('boxes are as large as their text, the largest flat the largest font', () => {
  const v = layoutGraph(sample(), words(), measure);
  const clone = v.boxes.find((b) => b.node.function.endsWith('clone'))!;
  const main = v.boxes.find((b) => b.node.function === 'main.main')!;
  assert.equal(clone.fontSize, 21);
  assert.equal(main.fontSize, 12);
  for (const b of v.boxes) assert.ok(b.width >= measure(b.lines[0], b.fontSize), b.lines[0]);
  // the cum of main.serve is the largest: the darkest shade, though its flat is 0
  assert.equal(v.boxes.find((b) => b.node.function === 'main.serve')!.shade, SHADES);
});

test('arrows go from the caller box to the callee box, as thick as their weight, labelled between', () => {
  const v = layoutGraph(sample(), words(), measure);
  assert.equal(v.arrows.length, 4);
  const put = v.boxes.find((b) => b.node.id === 0)!;
  const clone = v.boxes.find((b) => b.node.id === 3)!;
  const a = v.arrows.find((x) => x.edge.from === 0 && x.edge.to === 3)!;
  assert.ok(a.points.length >= 2);
  assert.ok(Math.abs(a.points[0].y - (put.y + put.height / 2)) < 1, 'starts at the bottom of Put');
  assert.ok(Math.abs(a.head[0].y - (clone.y - clone.height / 2)) < 1, 'its head points at the top of clone');
  assert.ok(a.points[a.points.length - 1].y < a.head[0].y, 'the line ends at the base of the head');
  assert.equal(a.label, '2.79 MB (inline)');
  assert.equal(v.arrows.find((x) => x.edge.from === 1)!.label, '4.75 MB');
  assert.ok(a.labelAt.y > put.y && a.labelAt.y < clone.y);
  assert.equal(v.arrows.find((x) => x.edge.from === 2)!.width, MAX_STROKE);
  assert.equal(v.arrows.find((x) => x.edge.to === 4)!.width < 1.1, true);
});

test('the "+N more" box neither sets the scale nor links anywhere', () => {
  const g = sample();
  g.nodes[4].cum = 1e12; // larger than every real box
  const v = layoutGraph(g, undefined, measure);
  const more = v.boxes.find((b) => b.more)!;
  assert.equal(more.clickable, false);
  assert.equal(more.shade, 1);
  assert.equal(v.boxes.find((b) => b.node.function === 'main.serve')!.shade, SHADES);
});

test('a comparison (negative values) marks what grew and what shrank', () => {
  const g = sample();
  assert.equal(isSigned(g), false);
  g.nodes[3].cum = -2930541;
  g.nodes[3].flat = -2930541;
  g.edges[2].weight = -2930541;
  assert.equal(isSigned(g), true);
  const v = layoutGraph(g, undefined, measure);
  assert.equal(v.boxes.find((b) => b.node.id === 3)!.change, 'shrank');
  assert.equal(v.boxes.find((b) => b.node.id === 0)!.change, 'grew');
  assert.equal(v.arrows.find((a) => a.edge.to === 3)!.change, 'shrank');
  // a shrinking call is as thick as a growing one of the same size
  const shrinking = v.arrows.find((a) => a.edge.to === 3)!;
  assert.equal(shrinking.width, strokeOf(2930541, 5491405));
  // outside a comparison nothing is marked
  assert.ok(layoutGraph(sample(), words(), measure).boxes.every((b) => b.change === null));
});

test('edges to unknown boxes and self-calls are left out; an empty graph lays out', () => {
  const g = sample();
  g.edges.push({ from: 0, to: 99, weight: 1, weightLabel: '1 B', inline: false }, { from: 0, to: 0, weight: 1, weightLabel: '1 B', inline: false });
  assert.equal(layoutGraph(g, undefined, measure).arrows.length, 4);
  const empty = layoutGraph({ function: 'x', nodes: [], edges: [] }, undefined, measure);
  assert.deepEqual(empty.boxes, []);
  assert.equal(empty.focus, undefined);
});

test('an arrowhead grows with the stroke and points along the last leg', () => {
  const thin = withHead([{ x: 0, y: 0 }, { x: 0, y: 100 }], 1);
  const thick = withHead([{ x: 0, y: 0 }, { x: 0, y: 100 }], 7);
  assert.deepEqual(thin.head[0], { x: 0, y: 100 });
  assert.ok(thick.line[1].y < thin.line[1].y);
  assert.ok(Math.abs(thick.head[1].x - thick.head[2].x) > Math.abs(thin.head[1].x - thin.head[2].x));
  assert.deepEqual(withHead([{ x: 1, y: 1 }], 3), { line: [{ x: 1, y: 1 }], head: [] });
});

test('SVG paths: straight for two points, smooth through more', () => {
  assert.equal(pathOf([]), '');
  assert.equal(pathOf([{ x: 0, y: 0 }, { x: 10, y: 20 }]), 'M0,0 L10,20');
  assert.equal(pathOf([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 20 }]), 'M0,0 Q10,10 20,20');
  assert.equal(pathOf([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 10 }, { x: 30, y: 30 }]), 'M0,0 Q10,10 15,10 Q20,10 30,30');
});

test('at the node cap (40 boxes and their +N more, 100 arrows) the layout is quick', () => {
  const nodes = Array.from({ length: 44 }, (_, i) => ({
    id: i,
    function: `example.com/app/pkg${i % 7}.Function${i}`,
    flat: (i * 7919) % 1000,
    cum: 1000 + ((i * 104729) % 5000),
    flatLabel: `${i} kB`,
    cumLabel: `${i + 1} kB`,
    file: 'x.go',
    line: i + 1,
    location: null,
  }));
  const edges = Array.from({ length: 100 }, (_, i) => ({ from: i % 20, to: 20 + ((i * 13) % 24), weight: i + 1, weightLabel: `${i + 1} kB`, inline: i % 5 === 0 }));
  const graph: CallGraph = { function: nodes[10].function, nodes, edges };
  layoutGraph(graph, undefined, measure); // warm up
  const t0 = performance.now();
  const v = layoutGraph(graph, undefined, measure);
  const ms = performance.now() - t0;
  assert.equal(v.boxes.length, 44);
  assert.ok(ms < 250, `layout of the cap took ${ms.toFixed(1)} ms`);
});
