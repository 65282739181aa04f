#!/usr/bin/env node
// A stand-in for pprof-lsp used ONLY to self-check the e2e harness and the
// extension while the real server is not available (PPROF_E2E_SERVER=fake).
// It speaks the client contract of docs/server-interface.md for
// tests/fixtures/leakyfeed: the status follows the commands (load, sample
// type, compare, overrides), the lenses and the status total are read from
// the golden files (`go tool pprof -top` output) for what is chosen, and the
// hints, heat, top and callers are canned numbers of heap-2 inuse_space.
// When the `profile` setting is a folder or a glob (the e2e's timeline of
// snapshots.js), the status has a `timeline` of its files, `pprof.growth`
// answers canned rows and cache.go gets a `steady-growth` diagnostic.
// `pprof.callGraph`, `pprof.explainGraph` and `pprof.series` answer a canned
// graph (main.main → main.serve → the function → cache.clone), its words and,
// over a timeline, a series that grows and shrinks.
// The real test run (the default) bundles target/release/pprof-lsp instead.
'use strict';
const fs = require('fs');
const path = require('path');

const TOTAL = 6685751;
function bytes(v) {
  const units = ['B', 'kB', 'MB', 'GB'];
  let a = Math.abs(v);
  let i = 0;
  while (i < units.length - 1 && a >= 1024 ** (i + 1)) i++;
  return `${v < 0 ? '-' : ''}${(a / 1024 ** i).toFixed(2).replace(/\.00$/, '')} ${units[i]}`;
}
const pct = (v, total = TOTAL) => `${((v / total) * 100).toFixed(2)}%`;
const base = (p) => p.replace(/^.*\//, '');

let root = '';
const cacheUri = () => `file://${root}/src/cache/cache.go`;
const loc = (uri, line) => ({ uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } });

const SAMPLE_TYPES = ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'];
let settings = {};
let overrides = {};
const chosen = (key, fallback) => (key in overrides ? overrides[key] : key in settings ? settings[key] : fallback);

const abs = (p) => (p.startsWith('/') ? p : `${root}/${p}`);
const isUrl = (p) => /^https?:\/\//.test(p);

/** The snapshots of a folder or glob `profile`, oldest first (by modification time, then natural name order); null for a file. */
function timelineFiles() {
  const setting = chosen('profile', 'profiles/heap-2.pb.gz');
  if (isUrl(setting)) return null;
  let dir = abs(setting);
  let match = (name) => /\.pb\.gz$/.test(name);
  let kind = 'folder';
  if (setting.includes('*')) {
    kind = 'glob';
    const glob = path.basename(dir);
    dir = path.dirname(dir);
    const re = new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    match = (name) => re.test(name);
  } else if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    return null;
  }
  const files = fs.readdirSync(dir).filter(match).map((name) => {
    const p = path.join(dir, name);
    return { path: p, mtime: fs.statSync(p).mtime };
  });
  files.sort((a, b) => a.mtime - b.mtime || a.path.localeCompare(b.path, 'en', { numeric: true }));
  return { source: kind === 'glob' ? abs(setting) : dir, kind, files: files.slice(-chosen('keepSnapshots', 24)) };
}

/** The status' `timeline`, and the file shown and the base over it. */
function timeline() {
  const t = timelineFiles();
  if (!t || t.files.length === 0) return null;
  const shown = t.files[t.files.length - 1].path;
  // the oldest is the base, unless a base is set or pinned (pprof.compareWith), or cleared (pprof.clearBase)
  const baseFile = chosen('base', undefined) === undefined ? t.files[0].path : chosen('base', null);
  const label = (f) => `${base(f.path)} · ${f.mtime.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
  return {
    shown,
    baseFile: baseFile && abs(baseFile),
    timeline: {
      source: t.source,
      kind: t.kind,
      pollSeconds: null,
      snapshots: t.files.map((f) => ({
        path: f.path,
        time: f.mtime.toISOString(),
        label: label(f),
        role: f.path === shown ? 'shown' : baseFile && f.path === abs(baseFile) ? 'base' : null,
      })),
    },
  };
}

function status(loading = false) {
  const t = timeline();
  const file = t ? t.shown : chosen('profile', 'profiles/heap-2.pb.gz');
  const profile = abs(file);
  const sampleType = chosen('sampleType', 'inuse_space');
  const baseFile = t ? t.baseFile : chosen('base', null);
  const compareMode = chosen('compareMode', 'auto');
  const comparison = baseFile ? comparisonFor(compareMode, sampleType) : null;
  const marked = Object.keys(overrides).length ? ' (chosen by command)' : '';
  const { total } = golden(profile, sampleType, baseFile, comparison);
  return {
    profile,
    sampleType,
    sampleTypes: SAMPLE_TYPES,
    unit: 'bytes',
    total,
    totalLabel: bytes(total),
    time: '2026-11-27T15:50:47Z',
    base: baseFile,
    compareMode,
    comparison,
    filesResolved: 6,
    filesTotal: 30,
    hiddenLines: 0,
    timeline: t ? t.timeline : null,
    loading,
    overrides,
    title: `${base(profile)} · ${sampleType} · fake ${bytes(total)}${baseFile ? ` · Δ ${base(baseFile)}` : ''}${marked}`,
    message: 'fake server: canned numbers',
    details: [`Profile: ${profile}`, `Sample type: ${sampleType}`, ...(t ? [`Timeline: ${t.timeline.source}, ${t.timeline.snapshots.length} snapshots`] : []), 'This is the fake server of the e2e harness.'],
  };
}

/** `pprof.growth`: canned rows over the timeline's snapshots, the steady grower first. */
function growth(t) {
  const n = t.timeline.snapshots.length;
  const row = (shortName, fn, file, line, values, steady, location) => {
    const labels = values.map(bytes);
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    const spark = values.map((v) => '▁▃▅█'[hi > lo ? Math.round(((v - lo) / (hi - lo)) * 3) : 0]).join('');
    const delta = values[values.length - 1] - values[0];
    return {
      function: fn, shortName, file, line, values, valueLabels: labels, sparkline: spark, delta, deltaLabel: `${delta < 0 ? '' : '+'}${bytes(delta)}`,
      ratePerHour: null, rateLabel: null, steady,
      text: `${spark} ${labels[0]} → ${labels[labels.length - 1]} (${delta < 0 ? '' : '+'}${bytes(delta)})${steady ? ', grows steadily' : ''} [fake]`,
      where: location ? `src/${file.replace(/^.*leakyfeed\/leakyfeed\//, '')}:${line}` : `${file}:${line} (not on this machine)`,
      location, ref: { function: fn },
    };
  };
  const series = (from, step) => Array.from({ length: n }, (_, i) => from + i * step);
  const MB = 1024 * 1024;
  return {
    sampleType: 'inuse_space', unit: 'bytes', title: `Growth of inuse_space over ${n} snapshots (fake)`, snapshots: t.timeline.snapshots,
    rows: [
      row('cache.clone', 'example.com/leakyfeed/cache.clone', '/home/runner/work/leakyfeed/leakyfeed/cache/cache.go', 43, series(MB, MB), true, loc(cacheUri(), 42)),
      row('pprof.StartCPUProfile', 'runtime/pprof.StartCPUProfile', '/usr/local/go/src/runtime/pprof/pprof.go', 907, series(1179648, 0), false, null),
      row('cache.(*Cache).Put', 'example.com/leakyfeed/cache.(*Cache).Put', '/home/runner/work/leakyfeed/leakyfeed/cache/cache.go', 24, series(512 * 1024, -64 * 1024), false, loc(cacheUri(), 23)),
    ],
  };
}

/** The steady-growth diagnostic on cache.go:43 over a timeline (with growthDiagnostics), else none. */
function publishDiagnostics() {
  const t = timeline();
  const on = t && t.timeline.snapshots.length >= 3 && chosen('growthDiagnostics', true) !== false;
  const n = t ? t.timeline.snapshots.length : 0;
  send({
    method: 'textDocument/publishDiagnostics',
    params: {
      uri: cacheUri(),
      diagnostics: on ? [{
        range: { start: { line: 42, character: 0 }, end: { line: 42, character: 200 } },
        severity: 3, source: 'pprof', code: 'steady-growth',
        message: `inuse_space grew at each of the last ${n} snapshots: ${growth(t).rows[0].text}`,
      }] : [],
    },
  });
}

/** The comparison the real server applies: `auto` follows the sample type (alloc_* counts from the start). */
function comparisonFor(compareMode, sampleType) {
  if (compareMode !== 'auto') return compareMode;
  return sampleType.startsWith('alloc_') ? 'base' : 'diff_base';
}

/** Total and per-function flat/cum of a golden `-top` report for what is chosen (heap-2 inuse_space if there is none). */
function golden(profile, sampleType, baseFile, comparison) {
  const name = baseFile
    ? `heap-2-vs-heap-1.${comparison}.${sampleType}`
    : `${base(profile).replace(/\.pb\.gz$/, '')}.${sampleType}`;
  let text;
  try {
    text = fs.readFileSync(path.join(root, 'golden', `${name}.functions.txt`), 'utf8');
  } catch {
    text = fs.readFileSync(path.join(root, 'golden', 'heap-2.inuse_space.functions.txt'), 'utf8');
  }
  const rows = new Map();
  for (const line of text.split('\n')) {
    const m = /^\s*(-?\d+)B\s+\S+\s+\S+\s+(-?\d+)B\s+\S+\s+(\S+)/.exec(line);
    if (m) rows.set(m[3], { flat: Number(m[1]), cum: Number(m[2]) });
  }
  return { total: Number(/of (-?\d+)B total/.exec(text)[1]), rows };
}

const lines = [
  { line: 22, flat: 1574976, cum: 4505520, level: 3 },
  { line: 23, flat: 475136, cum: 475136, level: 2 },
  { line: 42, flat: 2930544, cum: 2930544, level: 4 },
];
const fns = [
  { function: 'example.com/leakyfeed/cache.clone', shortName: 'cache.clone', line: 41, rowLine: 43, flat: 2930544, cum: 2930544 },
  { function: 'example.com/leakyfeed/cache.(*Cache).Put', shortName: 'cache.(*Cache).Put', line: 19, rowLine: 23, flat: 2050112, cum: 4980656 },
];
const ref = (f) => ({ function: f.function, file: '/home/runner/work/leakyfeed/leakyfeed/cache/cache.go', startLine: f.line + 1 });

/** The function a `{uri, position}` or FunctionRef argument names (fake rule: declared on or above the line). */
function functionOf(arg) {
  if (arg && arg.function) return fns.find((f) => f.function === arg.function);
  if (arg && arg.position && String(arg.uri).endsWith('/src/cache/cache.go')) {
    return [...fns].sort((a, b) => b.line - a.line).find((f) => f.line <= arg.position.line);
  }
  return undefined;
}

let buf = Buffer.alloc(0);
function send(msg) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}
process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const h = buf.indexOf('\r\n\r\n');
    if (h < 0) return;
    const m = /Content-Length: (\d+)/i.exec(buf.slice(0, h).toString());
    const len = m ? Number(m[1]) : 0;
    if (buf.length < h + 4 + len) return;
    const msg = JSON.parse(buf.slice(h + 4, h + 4 + len).toString('utf8'));
    buf = buf.slice(h + 4 + len);
    handle(msg);
  }
});

const result = (id, r) => send({ id, result: r });
const error = (id, message) => send({ id, error: { code: -32603, message } });
let requests = 0;
function changed(id) {
  const s = status();
  send({ method: 'pprof/status', params: s });
  send({ id: `fake-${++requests}`, method: 'workspace/codeLens/refresh' });
  publishDiagnostics();
  return result(id, s);
}

const COMMANDS = ['pprof.status', 'pprof.load', 'pprof.selectSampleType', 'pprof.compare', 'pprof.compareWith', 'pprof.clearBase', 'pprof.clearOverrides', 'pprof.top', 'pprof.showCallers', 'pprof.fileHeat', 'pprof.mappingReport', 'pprof.growth', 'pprof.callGraph', 'pprof.explainGraph', 'pprof.series'];

/** `pprof.callGraph` and `pprof.explainGraph`: canned, main.main → main.serve → the function (→ cache.clone from Put). */
function callGraph(f) {
  const mainUri = `file://${root}/src/main.go`;
  const node = (id, fn, flat, cum, file, line, location) => ({ id, function: fn, flat, cum, flatLabel: bytes(flat), cumLabel: bytes(cum), file, line, location });
  const nodes = [
    node(0, f.function, f.flat, f.cum, '/home/runner/work/leakyfeed/leakyfeed/cache/cache.go', f.line + 1, loc(cacheUri(), f.line)),
    node(1, 'main.serve', 0, 5491400, '/home/runner/work/leakyfeed/leakyfeed/main.go', 45, loc(mainUri, 44)),
    node(2, 'main.main', 0, 5491400, '/home/runner/work/leakyfeed/leakyfeed/main.go', 30, loc(mainUri, 29)),
  ];
  const edge = (from, to, weight) => ({ from, to, weight, weightLabel: bytes(weight), inline: false });
  const edges = [edge(2, 1, 5491400), edge(1, 0, f.cum)];
  if (f.shortName !== 'cache.clone') {
    nodes.push(node(3, 'example.com/leakyfeed/cache.clone', 2930544, 2930544, '/home/runner/work/leakyfeed/leakyfeed/cache/cache.go', 42, loc(cacheUri(), 41)));
    edges.push({ ...edge(0, 3, 2930544), inline: true });
  }
  return { function: f.function, nodes, edges };
}

function explainGraph(f) {
  const g = callGraph(f);
  const short = (n) => n.function.replace(/^.*\//, '');
  return {
    function: g.function,
    title: `Call graph of ${f.shortName} · inuse_space · 2 levels (fake)`,
    legend: ['Each box is a function (fake legend).', 'Arrows go from caller to callee (fake legend).'],
    nodes: g.nodes.map((n) => ({ id: n.id, title: short(n), text: `${short(n)}: ${n.flatLabel} flat, ${n.cumLabel} cum [fake]` })),
    edges: g.edges.map((e) => ({ from: e.from, to: e.to, shareLabel: pct(e.weight), text: `${short(g.nodes[e.from])} calls ${short(g.nodes[e.to])}: ${e.weightLabel} [fake]` })),
  };
}

function series(f, t) {
  const MB = 1024 * 1024;
  const values = t.timeline.snapshots.map((_, i) => (f.shortName === 'cache.clone' ? (i + 1) * MB : [2, 3, 1, 2][i % 4] * MB));
  return {
    function: f.function, shortName: f.shortName, sampleType: 'inuse_space', unit: 'bytes',
    title: `inuse_space of ${f.shortName} over ${values.length} snapshots (fake)`,
    points: t.timeline.snapshots.map((sn, i) => ({ time: sn.time, timeLabel: sn.time || 'no time', snapshot: base(sn.path), value: values[i], label: bytes(values[i]) })),
    sparkline: '', delta: values[values.length - 1] - values[0], deltaLabel: bytes(values[values.length - 1] - values[0]),
    ratePerHour: null, rateLabel: null, steady: f.shortName === 'cache.clone',
    text: `${bytes(values[0])} → ${bytes(values[values.length - 1])} [fake]`,
  };
}

function handle(msg) {
  const { id, method, params } = msg;
  if (method === undefined) return; // an answer to one of our requests
  if (method === 'initialize') {
    root = params.rootUri ? decodeURIComponent(new URL(params.rootUri).pathname) : process.cwd();
    settings = params.initializationOptions || {};
    return result(id, {
      capabilities: {
        textDocumentSync: 1,
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: COMMANDS },
        experimental: { pprof: { profilePatterns: ['*.pb.gz', '*.pprof', '*.prof', 'default.pgo'] } },
      },
      serverInfo: { name: 'pprof-lsp (fake)', version: '0' },
    });
  }
  if (method === 'initialized') {
    send({ method: 'pprof/status', params: status() });
    return publishDiagnostics();
  }
  if (method === 'workspace/didChangeConfiguration') {
    const before = JSON.stringify(timeline());
    settings = (params.settings && params.settings.pprof) || settings;
    // a new timeline is loaded: `loading` until it is (as the real server says)
    if (JSON.stringify(timeline()) !== before) send({ method: 'pprof/status', params: status(true) });
    send({ id: `fake-${++requests}`, method: 'workspace/inlayHint/refresh' });
    send({ method: 'pprof/status', params: status() });
    return publishDiagnostics();
  }
  if (method === 'textDocument/didOpen') return publishDiagnostics();
  if (method === 'shutdown') return result(id, null);
  if (method === 'exit') process.exit(0);
  if (method === 'textDocument/inlayHint') {
    if (!params.textDocument.uri.endsWith('/src/cache/cache.go') || settings.inlayHints === false) return result(id, []);
    return result(id, lines.map((l) => ({ position: { line: l.line, character: 200 }, label: `${bytes(l.flat)} flat · ${bytes(l.cum)} cum`, paddingLeft: true })));
  }
  if (method === 'textDocument/codeLens') {
    if (!params.textDocument.uri.endsWith('/src/cache/cache.go')) return result(id, []);
    const s = status();
    const { total, rows } = golden(s.profile, s.sampleType, s.base, s.comparison);
    return result(id, fns.map((f) => {
      const { flat, cum } = rows.get(f.function) || f;
      return {
        range: { start: { line: f.line, character: 0 }, end: { line: f.line, character: 0 } },
        command: { title: `pprof: ${bytes(flat)} flat (${pct(flat, total)}) · ${bytes(cum)} cum (${pct(cum, total)})`, command: 'pprof.showCallers', arguments: [ref(f)] },
      };
    }));
  }
  if (method === 'workspace/executeCommand') {
    const a = params.arguments || [];
    switch (params.command) {
      case 'pprof.status': return result(id, status());
      case 'pprof.load': overrides = { ...overrides, profile: a[0] }; return changed(id);
      case 'pprof.compare':
      case 'pprof.compareWith': overrides = { ...overrides, base: a[0] ?? null, ...(a[1] ? { compareMode: a[1] } : {}) }; return changed(id);
      case 'pprof.clearBase': overrides = { ...overrides, base: null }; return changed(id);
      case 'pprof.clearOverrides': overrides = {}; return changed(id);
      case 'pprof.selectSampleType':
        if (a.length === 0) return result(id, { current: status().sampleType, choices: SAMPLE_TYPES.map((n) => ({ name: n, unit: n.endsWith('space') ? 'bytes' : 'count', description: `fake: ${n}` })) });
        overrides = { ...overrides, sampleType: a[0] };
        return changed(id);
      case 'pprof.top':
        return result(id, {
          sampleType: 'inuse_space', unit: 'bytes', total: TOTAL, title: `Top by inuse_space · total fake ${bytes(TOTAL)}`,
          rows: fns.map((f) => ({
            function: f.function, shortName: f.shortName, file: '/home/runner/work/leakyfeed/leakyfeed/cache/cache.go', line: f.rowLine,
            flat: f.flat, cum: f.cum, flatLabel: bytes(f.flat), cumLabel: bytes(f.cum), flatShare: f.flat / TOTAL, cumShare: f.cum / TOTAL,
            flatShareLabel: pct(f.flat), cumShareLabel: pct(f.cum),
            text: `${bytes(f.flat)} flat (${pct(f.flat)}) · ${bytes(f.cum)} cum (${pct(f.cum)}) [fake]`,
            where: `src/cache/cache.go:${f.rowLine}`,
            location: loc(cacheUri(), f.rowLine - 1), declaration: loc(cacheUri(), f.line), ref: ref(f),
          })),
        });
      case 'pprof.showCallers': {
        const f = functionOf(a[0]);
        if (!f) return error(id, 'There is no profiled function here.');
        const v = 4980656;
        return result(id, {
          function: f.function, shortName: f.shortName, title: `Callers of ${f.shortName} (fake)`,
          callers: [{ function: 'main.serve', shortName: 'main.serve', value: v, label: bytes(v), share: v / TOTAL, shareLabel: pct(v), text: `${bytes(v)} (${pct(v)}) [fake]`, where: 'src/main.go:53', location: loc(`file://${root}/src/main.go`, 52), ref: { function: 'main.serve' } }],
          callees: [],
          chains: [{ frames: ['runtime.main', 'main.main', 'main.serve', f.function], shortFrames: ['runtime.main', 'main.main', 'main.serve', f.shortName], value: v, label: bytes(v), share: v / TOTAL, shareLabel: pct(v), text: `runtime.main → main.main → main.serve → ${f.shortName}`, valueText: `${bytes(v)} (${pct(v)})` }],
        });
      }
      case 'pprof.fileHeat':
        if (!String(a[0]).endsWith('/src/cache/cache.go')) return result(id, { legend: 'fake legend', lines: [] });
        return result(id, {
          legend: 'fake legend',
          lines: lines.map((l) => ({ ...l, flatShare: l.flat / TOTAL, cumShare: l.cum / TOTAL, flatLabel: bytes(l.flat), cumLabel: bytes(l.cum), hover: `**pprof heat (fake)**, line ${l.line + 1}: ${bytes(l.flat)} flat (${pct(l.flat)})\n\nfake legend` })),
        });
      case 'pprof.growth': {
        const t = timeline();
        if (!t || t.timeline.snapshots.length < 2) return error(id, 'no timeline: the profile setting names one profile; a folder, a glob or an http(s) URL of two or more snapshots makes one (fake)');
        return result(id, growth(t));
      }
      case 'pprof.callGraph':
      case 'pprof.explainGraph': {
        const f = functionOf(a[0]);
        if (!f) return error(id, 'no profiled function at or above this line (fake)');
        return result(id, params.command === 'pprof.callGraph' ? callGraph(f) : explainGraph(f));
      }
      case 'pprof.series': {
        const t = timeline();
        if (!t || t.timeline.snapshots.length < 2) return error(id, 'no timeline: (fake)');
        const f = functionOf(a[0]);
        if (!f) return error(id, 'no profiled function at or above this line (fake)');
        return result(id, series(f, t));
      }
      case 'pprof.mappingReport': {
        // every Go file of the workspace, as the profile's build paths would name it
        const goFiles = fs.readdirSync(path.join(root, 'src'), { recursive: true }).filter((f) => f.endsWith('.go'));
        const resolved = goFiles.map((f) => ({ profilePath: `/home/runner/work/leakyfeed/leakyfeed/${f}`, uri: `file://${root}/src/${f}`, how: 'suffix' }));
        const text = ['fake mapping report', ...resolved.map((r) => `  ${r.profilePath} -> ${r.uri} (suffix)`), `${resolved.length} resolved, 0 unresolved`].join('\n');
        return result(id, { resolved, unresolved: [], text: `${text}\n` });
      }
      default:
        return error(id, `unknown command ${params.command}`);
    }
  }
  if (id !== undefined) return send({ id, error: { code: -32601, message: `unhandled ${method}` } });
}
