#!/usr/bin/env node
// A stand-in for pprof-lsp used ONLY to self-check the e2e harness and the
// extension while the real server is not available (PPROF_E2E_SERVER=fake).
// It speaks just enough LSP, with numbers for tests/fixtures/leakyfeed
// heap-2 inuse_space hard-coded from the golden files. The real test run
// (the default) bundles target/release/pprof-lsp instead.
'use strict';

const TOTAL = 6685751;
const MB = (v) => {
  const names = ['B', 'kB', 'MB', 'GB'];
  let i = 0;
  while (i < names.length - 1 && v >= 1024 ** (i + 1)) i++;
  const s = (v / 1024 ** i).toFixed(2).replace(/\.00$/, '');
  return `${s} ${names[i]}`;
};
const pct = (v) => `${((v / TOTAL) * 100).toFixed(2)}%`;

let root = '';
const cacheUri = () => `file://${root}/src/cache/cache.go`;
const loc = (uri, line) => ({ uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } });
const status = () => ({
  profile: `${root}/profiles/heap-2.pb.gz`,
  sampleType: 'inuse_space',
  sampleTypes: ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
  unit: 'bytes',
  total: TOTAL,
  totalLabel: MB(TOTAL),
  time: '2026-11-27T15:50:47Z',
  base: null,
  baseMode: 'diff',
  filesResolved: 5,
  filesTotal: 30,
  message: 'fake server',
});
const lines = [
  { line: 22, flat: 1574976, cum: 4505520 },
  { line: 23, flat: 475136, cum: 475136 },
  { line: 42, flat: 2930544, cum: 2930544 },
];
const fns = [
  { function: 'example.com/leakyfeed/cache.clone', line: 41, rowLine: 43, flat: 2930544, cum: 2930544 },
  { function: 'example.com/leakyfeed/cache.(*Cache).Put', line: 19, rowLine: 23, flat: 2050112, cum: 4980656 },
];

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

function result(id, r) {
  send({ id, result: r });
}

function handle(msg) {
  const { id, method, params } = msg;
  if (method === 'initialize') {
    root = params.rootUri ? decodeURIComponent(new URL(params.rootUri).pathname) : process.cwd();
    return result(id, {
      capabilities: {
        textDocumentSync: 1,
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: {
          commands: ['pprof.status', 'pprof.load', 'pprof.selectSampleType', 'pprof.compare', 'pprof.top', 'pprof.showCallers', 'pprof.fileHeat', 'pprof.mappingReport'],
        },
      },
      serverInfo: { name: 'pprof-lsp (fake)', version: '0' },
    });
  }
  if (method === 'initialized') return send({ method: 'pprof/status', params: status() });
  if (method === 'shutdown') return result(id, null);
  if (method === 'exit') process.exit(0);
  if (method === 'textDocument/inlayHint') {
    if (!params.textDocument.uri.endsWith('/src/cache/cache.go')) return result(id, []);
    return result(id, lines.map((l) => ({ position: { line: l.line, character: 200 }, label: `${MB(l.flat)} flat · ${MB(l.cum)} cum`, paddingLeft: true })));
  }
  if (method === 'textDocument/codeLens') {
    if (!params.textDocument.uri.endsWith('/src/cache/cache.go')) return result(id, []);
    return result(id, fns.map((f) => ({
      range: { start: { line: f.line, character: 0 }, end: { line: f.line, character: 0 } },
      command: { title: `pprof: ${MB(f.flat)} flat (${pct(f.flat)}) · ${MB(f.cum)} cum (${pct(f.cum)})`, command: 'pprof.showCallers', arguments: [{ function: f.function }] },
    })));
  }
  if (method === 'workspace/executeCommand') {
    const a = params.arguments || [];
    switch (params.command) {
      case 'pprof.status': case 'pprof.load': case 'pprof.compare': return result(id, status());
      case 'pprof.selectSampleType':
        if (a.length === 0) return result(id, { current: 'inuse_space', choices: status().sampleTypes.map((n) => ({ name: n, unit: n.endsWith('space') ? 'bytes' : 'count', description: n })) });
        return result(id, status());
      case 'pprof.top':
        return result(id, { sampleType: 'inuse_space', unit: 'bytes', total: TOTAL, rows: fns.map((f) => ({ function: f.function, file: '/home/runner/work/leakyfeed/leakyfeed/cache/cache.go', line: f.rowLine, flat: f.flat, cum: f.cum, flatLabel: MB(f.flat), cumLabel: MB(f.cum), flatShare: f.flat / TOTAL, cumShare: f.cum / TOTAL, location: loc(cacheUri(), f.rowLine - 1), declaration: loc(cacheUri(), f.line) })) });
      case 'pprof.showCallers':
        return result(id, { function: a[0] && a[0].function, callers: [{ function: 'main.serve', value: 4980656, label: MB(4980656), share: 4980656 / TOTAL, location: loc(`file://${root}/src/main.go`, 52) }], callees: [], chains: [{ frames: ['runtime.main', 'main.main', 'main.serve', a[0] && a[0].function], value: 4980656, label: MB(4980656), share: 4980656 / TOTAL }] });
      case 'pprof.fileHeat':
        if (!String(a[0]).endsWith('/src/cache/cache.go')) return result(id, { lines: [] });
        return result(id, { lines: lines.map((l) => ({ ...l, flatShare: l.flat / TOTAL, cumShare: l.cum / TOTAL })) });
      case 'pprof.mappingReport':
        return result(id, { resolved: [{ profilePath: '/home/runner/work/leakyfeed/leakyfeed/cache/cache.go', uri: cacheUri(), how: 'suffix' }], unresolved: [] });
      default:
        return send({ id, error: { code: -32601, message: `unknown command ${params.command}` } });
    }
  }
  if (id !== undefined && method) return send({ id, error: { code: -32601, message: `unhandled ${method}` } });
}
