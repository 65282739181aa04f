// A timeline for the e2e run: four heap snapshots (gzip'd pprof protobuf,
// inuse_space) of tests/fixtures/leakyfeed's code, an hour apart, written
// into a folder outside the fixture. cache.clone (cache.go:43, inlined into
// (*Cache).Put) rises at every snapshot: it grows steadily. (*Cache).Put's
// own line 24 comes and goes, runtime/pprof.StartCPUProfile stays the same
// (its source is not in the workspace) and internal/bytealg.MakeNoZero
// shrinks.
//
//   node tests/vscode/snapshots.js DIR      (or require(...).writeSnapshots(DIR))
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

// ------------------------------------------------------------------ protobuf
function varint(n) {
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n; // two's complement, as int64 is encoded
  const out = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}
const key = (field, wire) => varint((field << 3) | wire);
const int = (field, n) => Buffer.concat([key(field, 0), varint(n)]);
const bytes = (field, buf) => Buffer.concat([key(field, 2), varint(buf.length), buf]);
const message = (field, parts) => bytes(field, Buffer.concat(parts));
const packed = (field, ns) => bytes(field, Buffer.concat(ns.map(varint)));

const BUILD = '/home/runner/work/leakyfeed/leakyfeed';
const GO = '/usr/local/go/src';
/** Functions: [name, file, start line]. */
const FUNCTIONS = [
  ['example.com/leakyfeed/cache.clone', `${BUILD}/cache/cache.go`, 42],
  ['example.com/leakyfeed/cache.(*Cache).Put', `${BUILD}/cache/cache.go`, 20],
  ['main.serve', `${BUILD}/main.go`, 43],
  ['main.main', `${BUILD}/main.go`, 19],
  ['runtime/pprof.StartCPUProfile', `${GO}/runtime/pprof/pprof.go`, 880],
  ['internal/bytealg.MakeNoZero', `${GO}/internal/bytealg/bytealg.go`, 430],
  ['strings.(*Builder).grow', `${GO}/strings/builder.go`, 70],
];
/** Locations: [[function index, line], …] leaf first (several: inlined frames). */
const LOCATIONS = [
  [[0, 43], [1, 23]], // clone's make, inlined into Put
  [[1, 24]], // Put's append
  [[2, 53]], // serve calls Put
  [[3, 34]], // main calls serve
  [[4, 907]],
  [[5, 437]],
  [[6, 70]],
];
const KB = 1024;
const MB = 1024 * 1024;
/** Samples: [location indexes leaf first, inuse_space in each snapshot]. */
const SAMPLES = [
  [[0, 2, 3], [1 * MB, 2 * MB, 3 * MB, 4 * MB]],
  [[1, 2, 3], [512 * KB, 128 * KB, 640 * KB, 256 * KB]],
  [[4, 3], [1152 * KB, 1152 * KB, 1152 * KB, 1152 * KB]],
  [[5, 6, 2, 3], [900 * KB, 700 * KB, 500 * KB, 300 * KB]],
];
const COUNT = 4;
const HOUR_NS = 3600n * 1000000000n;
const FIRST_NS = BigInt(Date.parse('2026-11-27T12:00:00Z')) * 1000000n;

/** The i-th snapshot (0-based) as gzip'd pprof. */
function snapshot(i) {
  const strings = [''];
  const str = (s) => {
    let n = strings.indexOf(s);
    if (n < 0) n = strings.push(s) - 1;
    return n;
  };
  const parts = [message(1, [int(1, str('inuse_space')), int(2, str('bytes'))])];
  for (const [locs, values] of SAMPLES) parts.push(message(2, [packed(1, locs.map((l) => l + 1)), packed(2, [values[i]])]));
  LOCATIONS.forEach((lines, l) => {
    parts.push(message(4, [int(1, l + 1), ...lines.map(([f, line]) => message(4, [int(1, f + 1), int(2, line)]))]));
  });
  FUNCTIONS.forEach(([name, file, start], f) => {
    parts.push(message(5, [int(1, f + 1), int(2, str(name)), int(3, str(name)), int(4, str(file)), int(5, start)]));
  });
  const tail = [int(9, FIRST_NS + BigInt(i) * HOUR_NS), message(11, [int(1, str('space')), int(2, str('bytes'))]), int(12, 512 * KB)];
  for (const s of strings) parts.push(bytes(6, Buffer.from(s, 'utf8')));
  return zlib.gzipSync(Buffer.concat([...parts, ...tail]));
}

/** Writes heap-1.pb.gz … heap-4.pb.gz into dir; returns their paths, oldest first. */
function writeSnapshots(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const paths = [];
  for (let i = 0; i < COUNT; i++) {
    const p = path.join(dir, `heap-${i + 1}.pb.gz`);
    fs.writeFileSync(p, snapshot(i));
    const t = new Date(Number((FIRST_NS + BigInt(i) * HOUR_NS) / 1000000n));
    fs.utimesSync(p, t, t);
    paths.push(p);
  }
  return paths;
}

module.exports = { writeSnapshots };
if (require.main === module) console.log(writeSnapshots(process.argv[2]).join('\n'));
