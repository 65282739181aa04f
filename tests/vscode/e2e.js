// Playwright part of tests/vscode/run.sh: drives real VS Code (code-server)
// in Debian's Chromium and checks what pprof-lsp + the extension show for
// tests/fixtures/leakyfeed with profiles/heap-2.pb.gz (inuse_space), then
// with a timeline: a folder of four snapshots (snapshots.js).
// Two kinds of expectations:
//   - the numbers, from the pprof golden files (lens and hint texts are the
//     server's, formatted as docs/server-interface.md specifies);
//   - every text the extension shows (status bar, quick picks, heat hover,
//     mapping report) is the server's own label: a second instance of the
//     bundled server (the "reference server") is asked the same things and
//     its answers must be what VS Code shows, to the character. What the
//     VS Code instance's client sends its server is read from the client's
//     LSP trace (pprof.trace.server: verbose) in the "pprof" output log.
'use strict';
const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');
const { writeSnapshots } = require('./snapshots');

// ------------------------------------------------------------------ args
const argv = {};
for (let i = 2; i < process.argv.length; i += 2) argv[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const URL_ = argv.url;
const GOLDEN = argv.golden;
const IMAGES = argv.images;
const WAIT = Number(process.env.PPROF_E2E_WAIT_MS || 90000);
fs.mkdirSync(IMAGES, { recursive: true });
const WORKSPACE = JSON.parse(fs.readFileSync(argv['ws-file'], 'utf8'));
const CACHE_GO_URI = pathToFileURL(path.join(argv.workspace, 'src/cache/cache.go')).href;

// ------------------------------------------------------------------ the reference server
/**
 * The bundled server binary, spoken to over stdio with the workspace's
 * settings: what it answers is what the extension must show. The test runs
 * the same commands on it as the user does in VS Code.
 */
class ReferenceServer {
  constructor(binary, workspace, settings) {
    this.settings = settings;
    this.workspace = workspace;
    this.child = childProcess.spawn(binary, [], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.pending = new Map();
    this.nextId = 1;
    /** The last diagnostics published for each URI. */
    this.diagnostics = new Map();
    let buf = Buffer.alloc(0);
    this.child.stdout.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const h = buf.indexOf('\r\n\r\n');
        if (h < 0) return;
        const len = Number(/Content-Length: (\d+)/i.exec(buf.slice(0, h).toString())[1]);
        if (buf.length < h + 4 + len) return;
        const msg = JSON.parse(buf.slice(h + 4, h + 4 + len).toString('utf8'));
        buf = buf.slice(h + 4 + len);
        this.receive(msg);
      }
    });
  }

  send(msg) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  receive(msg) {
    if (msg.method === 'textDocument/publishDiagnostics') {
      this.diagnostics.set(msg.params.uri, msg.params.diagnostics);
    } else if (msg.method && msg.id !== undefined) {
      // a request of the server's: configuration is served, the rest acknowledged
      const result = msg.method === 'workspace/configuration'
        ? msg.params.items.map((i) => (i.section === 'pprof' ? this.settings : null))
        : null;
      this.send({ id: msg.id, result });
    } else if (!msg.method && this.pending.has(msg.id)) {
      const { resolve, reject } = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) reject(new Error(msg.error.message));
      else resolve(msg.result);
    }
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ id, method, params });
    });
  }

  exec(command, args = []) {
    return this.request('workspace/executeCommand', { command, arguments: args });
  }

  async start() {
    const rootUri = pathToFileURL(this.workspace).href;
    await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(this.workspace) }],
      initializationOptions: this.settings,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
    });
    this.send({ method: 'initialized', params: {} });
    return poll('the reference server to load the profile', async () => {
      const status = await this.exec('pprof.status');
      return { ok: !!status.profile, status };
    });
  }

  /** New settings, as VS Code pushes them (the server re-reads workspace/configuration). */
  configure(settings) {
    this.settings = settings;
    this.send({ method: 'workspace/didChangeConfiguration', params: { settings: { pprof: settings } } });
  }

  open(file) {
    const uri = pathToFileURL(file).href;
    this.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'go', version: 1, text: fs.readFileSync(file, 'utf8') } } });
  }

  stop() {
    this.child.kill();
  }
}
const ref = new ReferenceServer(argv.server, argv.workspace, { profile: WORKSPACE.settings['pprof.profile'] });
process.on('exit', () => ref.stop());

// ------------------------------------------------------------------ expected values (from the golden files)
/** pprof's ScaledLabel for bytes, with a space before the unit (docs/server-interface.md). */
function fmtBytes(v) {
  const neg = v < 0;
  let a = Math.abs(v);
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (i < units.length - 1 && a >= 1024 ** (i + 1)) i++;
  const s = (a / 1024 ** i).toFixed(2).replace(/\.00$/, '');
  if (s === '0') return '0';
  return `${neg ? '-' : ''}${s} ${units[i]}`;
}

function parseGolden(file) {
  const text = fs.readFileSync(file, 'utf8');
  const total = Number(/of (-?\d+)B total/.exec(text)[1]);
  const rows = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(-?\d+)B\s+\S+\s+\S+\s+(-?\d+)B\s+\S+\s+(.+?)(?: \((?:inline|partial-inline)\))?$/.exec(line);
    if (m) rows.push({ flat: Number(m[1]), cum: Number(m[2]), name: m[3] });
  }
  return { total, rows };
}

const funcs = parseGolden(path.join(GOLDEN, 'heap-2.inuse_space.functions.txt'));
const lines = parseGolden(path.join(GOLDEN, 'heap-2.inuse_space.lines.txt'));
const TOTAL = funcs.total;
const put = funcs.rows.find((r) => r.name === 'example.com/leakyfeed/cache.(*Cache).Put');
if (!put) throw new Error('golden: no (*Cache).Put');
// per-line numbers for cache.go:23 (all rows of that file:line summed)
const line23 = lines.rows
  .filter((r) => /\/cache\/cache\.go:23$/.test(r.name))
  .reduce((a, r) => ({ flat: a.flat + r.flat, cum: a.cum + r.cum }), { flat: 0, cum: 0 });
const topLine = /:(\d+)$/.exec(lines.rows[0].name); // the hottest line: cache.go:43 (clone)
const alloc = parseGolden(path.join(GOLDEN, 'heap-2.alloc_space.functions.txt'));
const allocPut = alloc.rows.find((r) => r.name === 'example.com/leakyfeed/cache.(*Cache).Put');
// build paths of the workspace's files, as the profile has them
const buildFiles = [...new Set(fs.readdirSync(GOLDEN).filter((f) => /^heap-2\..*\.lines\.txt$/.test(f))
  .flatMap((f) => fs.readFileSync(path.join(GOLDEN, f), 'utf8').match(/\/home\/runner\/work\/leakyfeed\/leakyfeed\/[^:\s]+/g) || []))];
const diff = parseGolden(path.join(GOLDEN, 'heap-2-vs-heap-1.diff_base.alloc_space.functions.txt'));
const diffPut = diff.rows.find((r) => r.name === 'example.com/leakyfeed/cache.(*Cache).Put');
const heap1 = parseGolden(path.join(GOLDEN, 'heap-1.alloc_space.functions.txt'));
const heap1Put = heap1.rows.find((r) => r.name === 'example.com/leakyfeed/cache.(*Cache).Put');
const TOP_FILE = 'cache.go';
const TOP_LINE = Number(topLine[1]);
const EXPECT = {
  putFlat: fmtBytes(put.flat), // 1.96 MB
  putCum: fmtBytes(put.cum), // 4.75 MB
  putFlatPct: (put.flat / TOTAL) * 100, // 30.66
  putCumPct: (put.cum / TOTAL) * 100, // 74.50
  hint23: `${fmtBytes(line23.flat)} flat · ${fmtBytes(line23.cum)} cum`, // 1.50 MB flat · 4.30 MB cum
  total: fmtBytes(TOTAL), // 6.38 MB
  topFunction: funcs.rows[0].name.replace(/^.*\//, ''), // cache.clone
  allocTotal: fmtBytes(alloc.total), // 730.38 MB
  allocPutFlat: fmtBytes(allocPut.flat), // 4.95 MB
  allocPutCum: fmtBytes(allocPut.cum), // 9.13 MB
  buildFiles, // cache.go, main.go, decode.go, generate.go, slug.go, tree.go
  diffPutFlat: fmtBytes(diffPut.flat), // 2.99 MB (heap-2 - heap-1, alloc_space)
  diffPutCum: fmtBytes(diffPut.cum), // 5.78 MB
  diffPutFlatPct: (diffPut.flat / diff.total) * 100, // 1.22: shares of the base total
  diffPutCumPct: (diffPut.cum / diff.total) * 100, // 2.37
  heap1AllocTotal: fmtBytes(heap1.total), // 244.27 MB
  heap1PutFlat: fmtBytes(heap1Put.flat), // 1.96 MB
  heap1PutCum: fmtBytes(heap1Put.cum), // 3.35 MB
};
console.log(`expected: lens over Put "pprof: ${EXPECT.putFlat} flat (${EXPECT.putFlatPct.toFixed(2)}%) · ${EXPECT.putCum} cum (${EXPECT.putCumPct.toFixed(2)}%)"; hint on line 23 "${EXPECT.hint23}"; top row ${EXPECT.topFunction} -> ${TOP_FILE}:${TOP_LINE}; total ${EXPECT.total}`);

// ------------------------------------------------------------------ tiny test runner
const results = [];
/** PPROF_E2E_ONLY=regexp runs only the checks whose names match (to debug one; the others' setup is skipped too). */
const ONLY = process.env.PPROF_E2E_ONLY ? new RegExp(process.env.PPROF_E2E_ONLY) : null;
async function check(name, fn) {
  if (ONLY && !ONLY.test(name)) return;
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   - ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL - ${name} (${((Date.now() - t0) / 1000).toFixed(1)}s)\n       ${String((e && e.message) || e).split('\n').join('\n       ')}`);
    try {
      await page.screenshot({ path: path.join(IMAGES, `vscode-failure-${results.length}.png`) });
      console.log(`       screenshot: ${IMAGES}/vscode-failure-${results.length}.png`);
    } catch {
      /* ignore */
    }
  }
}

async function poll(what, fn, timeout = WAIT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last && last.ok) return last;
    } catch (e) {
      last = { error: String(e) };
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ------------------------------------------------------------------ DOM helpers (run in the page)
const EDITOR = '.part.editor .editor-group-container.active .monaco-editor';

/** Geometry of the active editor: line number -> {top, text, hasHeat, heatBg}; lenses with their tops. */
function editorSnapshot(sel) {
  const ed = document.querySelector(sel);
  if (!ed) return { ok: false, why: 'no editor' };
  const out = { lines: {}, lenses: [] };
  const nums = [...ed.querySelectorAll('.margin-view-overlays .line-numbers')];
  const viewLines = [...ed.querySelectorAll('.view-lines .view-line')];
  const overlays = [...ed.querySelectorAll('.view-overlays > div')];
  const near = (a, b) => Math.abs(a - b) < 2;
  for (const n of nums) {
    const num = Number(n.textContent.trim());
    if (!num) continue;
    const top = n.getBoundingClientRect().top;
    const vl = viewLines.find((v) => near(v.getBoundingClientRect().top, top));
    const ov = overlays.find((o) => near(o.getBoundingClientRect().top, top));
    let heatBg = null;
    if (ov) {
      const lineWidth = ov.getBoundingClientRect().width;
      for (const c of ov.querySelectorAll('*')) {
        const cls = String(c.className || '');
        if (/current-line|selected-text|cslr|cursor|bracket|indent|whitespace/.test(cls)) continue;
        // heat decorations are whole-line; word and selection highlights are not
        if (c.getBoundingClientRect().width < lineWidth - 2) continue;
        const bg = getComputedStyle(c).backgroundColor;
        if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') {
          heatBg = bg;
          break;
        }
      }
    }
    out.lines[num] = { top, text: vl ? vl.textContent.replace(/\u00a0/g, ' ') : null, heatBg };
  }
  for (const l of ed.querySelectorAll('.codelens-decoration')) {
    out.lenses.push({ top: l.getBoundingClientRect().top, text: l.textContent.replace(/\u00a0/g, ' ') });
  }
  out.ok = true;
  return out;
}

let browser;
let page;

async function snapshot() {
  return page.evaluate(editorSnapshot, EDITOR);
}

async function activeTab() {
  return page.evaluate(() => {
    const t = document.querySelector('.part.editor .editor-group-container.active .tab.active');
    return t ? t.textContent.trim() : null;
  });
}

async function cursorStatus() {
  return page.evaluate(() => {
    for (const el of document.querySelectorAll('.statusbar-item')) {
      const m = /Ln (\d+), Col (\d+)/.exec(el.textContent || '');
      if (m) return { line: Number(m[1]), col: Number(m[2]) };
    }
    return null;
  });
}

async function quickOpen(fileName) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill(fileName);
  // the focused row: the recently opened list may show the file before the filter has applied
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: fileName }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
  await poll(`tab ${fileName}`, async () => ({ ok: (await activeTab()) === fileName, tab: await activeTab() }));
}

async function goToLine(n) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill(`:${n}`);
  await page.keyboard.press('Enter');
  await poll(`the cursor on line ${n}`, async () => ({ ok: ((await cursorStatus()) || {}).line === n, cur: await cursorStatus() }));
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
}

async function quickPickRows() {
  return page.evaluate(() => {
    const w = document.querySelector('.quick-input-widget');
    if (!w || getComputedStyle(w).display === 'none') return { ok: false, why: 'no quick input' };
    const title = (w.querySelector('.quick-input-title') || {}).textContent || '';
    const rows = [...w.querySelectorAll('.quick-input-list .monaco-list-row')].map((r) => ({
      text: r.textContent,
      aria: r.getAttribute('aria-label') || '',
      focused: r.classList.contains('focused'),
      separator: r.querySelector('.quick-input-list-separator-as-item') !== null || r.classList.contains('quick-input-list-separator-as-item'),
    }));
    return { ok: rows.length > 0, title, rows };
  });
}

/** The server's shading of cache.go as a map from 1-based line to level. */
async function refHeatLevels() {
  const heat = await ref.exec('pprof.fileHeat', [CACHE_GO_URI]);
  return { heat, levels: new Map(heat.lines.map((l) => [l.line + 1, l.level])) };
}

/**
 * How the shading of the visible lines of the active editor differs from
 * `levels` (1-based line -> level): missing or extra shades, or other than
 * one colour per level.
 */
async function heatProblems(levels) {
  const snap = await snapshot();
  if (!snap.ok) return { problems: [snap.why] };
  const problems = [];
  const colourOf = new Map(); // level -> background
  for (const [n, l] of Object.entries(snap.lines)) {
    const level = levels.get(Number(n));
    if (!level) {
      if (l.heatBg) problems.push(`line ${n} is shaded`);
      continue;
    }
    if (!l.heatBg) problems.push(`line ${n} (level ${level}) is not shaded`);
    else if (colourOf.has(level) && colourOf.get(level) !== l.heatBg) problems.push(`level ${level} has two colours`);
    else colourOf.set(level, l.heatBg);
  }
  const colours = [...colourOf.values()];
  if (new Set(colours).size !== colours.length) problems.push('two levels share a colour');
  return { problems, colours: Object.fromEntries(colourOf) };
}

/** Writes `pprof.heatmap` into the workspace file and waits until the shading follows: none, or the server's. */
async function setHeatmap(on) {
  fs.writeFileSync(argv['ws-file'], JSON.stringify({ ...WORKSPACE, settings: { ...WORKSPACE.settings, 'pprof.heatmap': on } }, null, 2));
  const { levels } = on ? await refHeatLevels() : { levels: new Map() };
  await poll(on ? "the server's shading again" : 'no shading', async () => {
    const { problems } = await heatProblems(levels);
    return { ok: problems.length === 0, problems };
  });
}

async function statusBarTexts() {
  return page.evaluate(() => [...document.querySelectorAll('.statusbar-item')].map((e) => e.textContent.trim()));
}

/** Waits until a status bar item reads exactly the server's status title. */
async function statusBarShowsTitle(status) {
  return poll(`the status bar to read "${status.title}"`, async () => {
    const texts = await statusBarTexts();
    return { ok: texts.includes(status.title), texts: texts.filter((t) => /pprof|pb\.gz|Δ/.test(t)) };
  });
}

/** A markdown paragraph as VS Code renders it into text (emphasis, code and link marks gone). */
function renderedText(markdown) {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/\\([\\`*_{}\[\]()#+\-.!|>])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text of the client's "pprof" output channel (its log files), with the LSP trace. */
function traceLog() {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/-pprof\.log$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(argv.logs, 'logs'));
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Throws unless a quick pick row shows all of these server texts. */
function rowShowing(rows, texts) {
  const row = rows.find((r) => texts.every((t) => r.text.includes(t)));
  if (!row) throw new Error(`no row shows ${JSON.stringify(texts)}; rows: ${rows.map((r) => r.text).join(' | ')}`);
  return row;
}


// ------------------------------------------------------------------ the call graph view (a webview)
/** The call graph view's page: the webview's inner frame that has the view's elements. */
async function graphFrame() {
  for (const f of page.frames()) {
    try {
      if (await f.evaluate(() => !!document.getElementById('graph') && !!document.getElementById('series-chart'))) return f;
    } catch {
      /* a frame going away */
    }
  }
  return null;
}

/** What the view shows: its heading and message, every box and arrow with its texts, the legend, the chart. */
async function graphDom() {
  const frame = await graphFrame();
  if (!frame) return { ok: false, why: 'no call graph view' };
  const dom = await frame.evaluate(() => {
    const rect = (e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const tip = document.getElementById('tooltip');
    const series = document.getElementById('series');
    const canvas = document.getElementById('series-chart');
    return {
      title: document.getElementById('title').textContent,
      message: document.getElementById('message').hidden ? '' : document.getElementById('message').textContent,
      boxes: [...document.querySelectorAll('[data-box]')].map((g) => ({
        id: Number(g.getAttribute('data-id')),
        function: g.getAttribute('data-function'),
        cls: g.getAttribute('class'),
        lines: [...g.querySelectorAll('text')].map((t) => t.textContent),
        rect: rect(g.querySelector('rect')),
      })),
      arrows: [...document.querySelectorAll('[data-arrow]')].map((g) => ({
        from: Number(g.getAttribute('data-from')),
        to: Number(g.getAttribute('data-to')),
        label: g.querySelector('text.weight').textContent,
        width: Number(g.querySelector('.line').getAttribute('stroke-width')),
      })),
      legend: [...document.querySelectorAll('#legend li')].map((l) => l.textContent),
      tooltip: tip.hidden ? null : tip.textContent,
      renderMs: Number(document.body.dataset.renderMs),
      series: series.hidden
        ? null
        : {
            title: document.getElementById('series-title').textContent,
            text: document.getElementById('series-text').textContent,
            steps: series.dataset.steps,
            canvas: rect(canvas),
          },
    };
  });
  return { ok: true, frame, ...dom };
}

/** How the view differs from the server's graph and words: every box and arrow, with the server's names and labels. */
function graphProblems(dom, graph, words) {
  const problems = [];
  if (dom.title !== words.title) problems.push(`heading "${dom.title}" is not "${words.title}"`);
  const title = new Map(words.nodes.map((n) => [n.id, n.title]));
  for (const n of graph.nodes) {
    const b = dom.boxes.find((x) => x.id === n.id);
    if (!b) {
      problems.push(`no box ${n.id} (${n.function})`);
      continue;
    }
    if (b.function !== n.function) problems.push(`box ${n.id} is ${b.function}, not ${n.function}`);
    if (b.lines[0] !== title.get(n.id)) problems.push(`box ${n.id} reads "${b.lines[0]}", not the server's title "${title.get(n.id)}"`);
    const rest = b.lines.slice(1).join(' · ');
    if (!/^\+\d+ more$/.test(n.function) && !(rest.includes(n.flatLabel) && rest.includes(n.cumLabel))) {
      problems.push(`box ${n.id} (${title.get(n.id)}) reads "${rest}", not ${n.flatLabel} and ${n.cumLabel}`);
    }
  }
  if (dom.boxes.length !== graph.nodes.length) problems.push(`${dom.boxes.length} boxes, the server has ${graph.nodes.length}`);
  for (const e of graph.edges) {
    const a = dom.arrows.find((x) => x.from === e.from && x.to === e.to);
    if (!a) problems.push(`no arrow ${e.from} → ${e.to}`);
    else if (!a.label.startsWith(e.weightLabel)) problems.push(`arrow ${e.from} → ${e.to} reads "${a.label}", not "${e.weightLabel}"`);
  }
  if (dom.arrows.length !== graph.edges.length) problems.push(`${dom.arrows.length} arrows, the server has ${graph.edges.length}`);
  if (JSON.stringify(dom.legend) !== JSON.stringify(words.legend)) problems.push(`legend ${JSON.stringify(dom.legend)} is not the server's`);
  return problems;
}

/** The server's graph and words for a (0-based) line of a file. */
async function refGraph(uri, line) {
  const args = [{ uri, position: { line, character: 0 }, depth: 2 }];
  const [graph, words] = await Promise.all([ref.exec('pprof.callGraph', args), ref.exec('pprof.explainGraph', args)]);
  return { graph, words };
}

/** Waits until the view draws exactly the server's graph and words. */
async function graphShows({ graph, words }) {
  return poll(`the call graph view to draw the server's graph of ${graph.function}`, async () => {
    const dom = await graphDom();
    if (!dom.ok) return dom;
    const problems = graphProblems(dom, graph, words);
    const { frame, ...seen } = dom;
    return { ...dom, ok: problems.length === 0, problems, seen: problems.length ? seen : undefined };
  });
}

/** Closes the view by its tab's close button. */
async function closeGraphView() {
  const tab = page.locator('.part.editor .tab', { hasText: 'pprof: ' }).first();
  await tab.hover({ timeout: WAIT });
  await tab.locator('.tab-actions .action-label').first().click({ timeout: WAIT });
  await poll('the view closed', async () => ({ ok: !(await graphFrame()) }));
}

const shortOf = (words, id) => (words.nodes.find((n) => n.id === id) || {}).title;

// ------------------------------------------------------------------ the test
(async () => {
  const t0 = Date.now();
  browser = await chromium.launchPersistentContext(argv['profile-dir'], {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1050 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = browser.pages()[0] || (await browser.newPage());
  let refStatus = (await ref.start()).status;
  console.log(`reference server: "${refStatus.title}"`);
  const initialStatus = refStatus;
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(URL_);
  await page.locator('.monaco-workbench').waitFor({ timeout: WAIT });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'src' }).first().waitFor({ timeout: WAIT });
  console.log(`workbench up after ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  await quickOpen('cache.go');
  console.log(`cache.go open after ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  await check(`code lens over func (c *Cache) Put reads "${EXPECT.putFlat} flat (≈${EXPECT.putFlatPct.toFixed(2)}%) · ${EXPECT.putCum} cum (≈${EXPECT.putCumPct.toFixed(2)}%)"`, async () => {
    const s = await poll('a pprof code lens above line 20', async () => {
      const snap = await snapshot();
      if (!snap.ok || !snap.lines[20]) return { ...snap, ok: false };
      const above = snap.lenses.filter((l) => l.top < snap.lines[20].top && (!snap.lines[19] || l.top > snap.lines[19].top));
      return { ok: above.some((l) => l.text.includes('pprof:')), lenses: snap.lenses, line20: snap.lines[20] };
    });
    const lens = s.lenses.find((l) => l.text.includes('pprof:') && l.top < s.line20.top);
    const text = s.lenses.filter((l) => l.top < s.line20.top).map((l) => l.text).join(' | ');
    const m = /pprof: (\S+(?: [kMGT]?B)?) flat \((-?[\d.]+)%\) · (\S+(?: [kMGT]?B)?) cum \((-?[\d.]+)%\)/.exec(lens.text);
    if (!m) throw new Error(`lens text does not have the documented form "pprof: <flat> flat (<flat%>) · <cum> cum (<cum%>)": "${text}"`);
    const problems = [];
    if (m[1] !== EXPECT.putFlat) problems.push(`flat "${m[1]}" != "${EXPECT.putFlat}"`);
    if (m[3] !== EXPECT.putCum) problems.push(`cum "${m[3]}" != "${EXPECT.putCum}"`);
    if (Math.abs(Number(m[2]) - EXPECT.putFlatPct) > 0.51) problems.push(`flat% ${m[2]} != ${EXPECT.putFlatPct.toFixed(2)}`);
    if (Math.abs(Number(m[4]) - EXPECT.putCumPct) > 0.51) problems.push(`cum% ${m[4]} != ${EXPECT.putCumPct.toFixed(2)}`);
    if (problems.length) throw new Error(`lens "${lens.text}": ${problems.join('; ')}`);
    console.log(`       lens: "${lens.text}"`);
  });

  await check(`inlay hint on line 23 reads "${EXPECT.hint23}"`, async () => {
    const s = await poll('the inlay hint on line 23', async () => {
      const snap = await snapshot();
      const l = snap.lines && snap.lines[23];
      return { ok: !!l && l.text.includes(EXPECT.hint23), line23: l && l.text };
    });
    console.log(`       line 23: "${s.line23}"`);
  });

  const { heat, levels: heatLevel } = await refHeatLevels();
  await check("heat shading: exactly the lines of the server's pprof.fileHeat (23 and 24 among them), one colour per level", async () => {
    if (!heatLevel.has(23) || !heatLevel.has(24)) throw new Error(`the server shades ${[...heatLevel.keys()].join(', ')}, not 23 and 24`);
    const s = await poll('heat decorations as the server lists them', async () => {
      const r = await heatProblems(heatLevel);
      return { ...r, ok: r.problems.length === 0 };
    });
    console.log(`       backgrounds by level: ${JSON.stringify(s.colours)}`);
  });

  await check(`status bar reads the server's status title ("${refStatus.title}", with the total ${EXPECT.total})`, async () => {
    if (!refStatus.title.includes(EXPECT.total)) throw new Error(`the server's title "${refStatus.title}" has not the total ${EXPECT.total}`);
    await statusBarShowsTitle(refStatus);
  });

  // Let everything settle, then the main screenshot.
  await page.mouse.move(1380, 1000); // an empty editor area: no hover, no tooltip
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(IMAGES, 'vscode-hints.png') });

  const hover23 = renderedText(heat.lines.find((l) => l.line === 22).hover.split('\n').find((l) => l.trim()));
  await check(`hovering the shaded line 23 shows the server's heat hover ("${hover23}")`, async () => {
    const hover = page.locator('.monaco-hover', { hasText: hover23 });
    await poll('the heat hover', async () => {
      const snap = await snapshot();
      const l = snap.lines && snap.lines[23];
      if (!l) return { ok: false };
      await page.mouse.move(5, 5);
      await page.waitForTimeout(100);
      // over the code of line 23 ("clone(body)"), not over the inlay hint
      const box = await page.locator(`${EDITOR} .view-line`, { hasText: 'clone(body)' }).first().boundingBox();
      await page.mouse.move(box.x + 80, box.y + box.height / 2);
      await page.waitForTimeout(1200);
      const text = (await hover.count()) ? (await hover.first().textContent()).replace(/\s+/g, ' ') : '';
      return { ok: text.includes(hover23), text };
    });
    // the server's own hover comes first: scroll the (sticky) hover down to the legend
    const hb = await hover.first().boundingBox();
    if (hb) {
      await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height - 10, { steps: 5 });
      for (let i = 0; i < 12; i++) {
        await page.mouse.wheel(0, 300);
        await page.waitForTimeout(60);
      }
      await page.waitForTimeout(400);
    }
    await page.screenshot({ path: path.join(IMAGES, 'vscode-heat-hover.png') });
    await page.mouse.move(1380, 1000);
    await page.keyboard.press('Escape');
    // the wheel scrolls the editor instead when the hover is short: back to the top (the cursor is on 1:1)
    await page.keyboard.press('Control+Home');
  });

  await check('"pprof.heatmap": false (in the workspace settings) removes the shading; true brings it back', async () => {
    await setHeatmap(false);
    await setHeatmap(true);
  });

  /** The server's callers of the function at a (0-based) line of cache.go, and its main.serve edge. */
  async function refCallers(line) {
    const callers = await ref.exec('pprof.showCallers', [{ uri: CACHE_GO_URI, position: { line, character: 0 } }]);
    const serve = callers.callers.find((e) => e.function === 'main.serve');
    if (!serve) throw new Error(`the server lists no caller main.serve of ${callers.function}`);
    return { callers, serve };
  }

  /** Waits for the callers quick pick: the server's title, the main.serve row and the first call chain with the server's texts. */
  async function callersPickShows({ callers, serve }) {
    const qp = await poll(`the quick pick "${callers.title}"`, async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && q.title === callers.title };
    });
    rowShowing(qp.rows, [serve.shortName, serve.text, serve.where]);
    if (callers.chains.length === 0) throw new Error(`the server lists no call chain of ${callers.function}`);
    rowShowing(qp.rows, [callers.chains[0].text, callers.chains[0].valueText]);
  }

  await check('clicking the Put code lens shows the server\'s callers of Put (main.serve) and picking one opens main.go', async () => {
    const expected = await refCallers(19); // line 20: func (c *Cache) Put
    if (!expected.callers.function.endsWith('(*Cache).Put')) throw new Error(`the server's function on line 20 is ${expected.callers.function}`);
    const lens = page.locator(`${EDITOR} .codelens-decoration a`, { hasText: `${EXPECT.putFlat} flat` }).first();
    await lens.click({ timeout: WAIT });
    await callersPickShows(expected);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-callers.png') });
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('main.serve');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await poll('main.go to be active', async () => ({ ok: (await activeTab()) === 'main.go', tab: await activeTab(), cursor: await cursorStatus() }));
    console.log(`       jumped to main.go ${JSON.stringify(await cursorStatus())}`);
  });

  await check(`Show Top Allocators: the server's title and rows, the first ${EXPECT.topFunction}; picking it jumps to ${TOP_FILE}:${TOP_LINE}`, async () => {
    const top = await ref.exec('pprof.top', [{ limit: 100 }]);
    const row = top.rows[0];
    if (row.shortName !== EXPECT.topFunction) throw new Error(`the server's first row is ${row.shortName}`);
    if ((await activeTab()) !== 'main.go') await quickOpen('main.go'); // start away from cache.go
    await runCommand('pprof: Show Top Allocators');
    const qp = await poll(`the quick pick "${top.title}"`, async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && q.title === top.title };
    });
    const first = qp.rows.find((r) => !r.separator);
    if (rowShowing(qp.rows, [row.shortName, row.text, row.where]) !== first) throw new Error(`the first row "${first.text}" is not the server's first`);
    console.log(`       first row: "${first.text}"`);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-top.png') });
    await page.keyboard.press('Enter');
    const r = await poll(`${TOP_FILE}:${TOP_LINE}`, async () => {
      const tab = await activeTab();
      const cur = await cursorStatus();
      return { ok: tab === TOP_FILE && cur && cur.line === TOP_LINE, tab, cur };
    });
    console.log(`       active editor ${r.tab} at Ln ${r.cur.line}, Col ${r.cur.col}`);
  });

  await check('Show Top Allocators\' title button lists your code only (the server\'s pprof.top {"scope": "workspace"}: its title and rows), and back to all code', async () => {
    const all = await ref.exec('pprof.top', [{ limit: 100 }]);
    const mine = await ref.exec('pprof.top', [{ limit: 100, scope: 'workspace' }]);
    if (mine.title === all.title) throw new Error('the server gives both scopes one title');
    const shows = (top) => poll(`the quick pick "${top.title}"`, async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && q.title === top.title };
    });
    await runCommand('pprof: Show Top Allocators');
    await shows(all);
    await page.locator('.quick-input-widget .action-label[aria-label^="Your code only"]').click();
    const qp = await shows(mine);
    const rows = qp.rows.filter((r) => !r.separator);
    for (const [i, row] of mine.rows.slice(0, 3).entries()) {
      if (rowShowing(qp.rows, [row.shortName, row.text, row.where]) !== rows[i]) throw new Error(`row ${i + 1} "${rows[i] && rows[i].text}" is not the server's ${row.shortName}`);
    }
    console.log(`       your code: "${qp.title}", first row "${rows[0].text}"`);
    await page.locator('.quick-input-widget .action-label[aria-label^="All code"]').click();
    await shows(all);
    await page.keyboard.press('Escape');
  });

  await check('Show Top Allocators: pprof.StartCPUProfile opens the standard library\'s pprof.go in GOROOT (tests/fixtures/goroot) at its heaviest line, with the server\'s inlay hint there', async () => {
    const top = await ref.exec('pprof.top', [{ limit: 100 }]);
    const row = top.rows.find((r) => r.function === 'runtime/pprof.StartCPUProfile');
    const goroot = pathToFileURL(fs.realpathSync(process.env.GOROOT)).href;
    if (!row || !row.location || !row.location.uri.startsWith(goroot)) throw new Error(`the server's row leads elsewhere: ${JSON.stringify(row && row.location)}`);
    const line = row.location.range.start.line + 1;
    const hints = await ref.request('textDocument/inlayHint', {
      textDocument: { uri: row.location.uri },
      range: { start: { line: 0, character: 0 }, end: { line: line + 1, character: 0 } },
    });
    const hint = (hints || []).find((h) => h.position.line === line - 1);
    if (!hint) throw new Error(`the server has no hint on pprof.go:${line}`);
    const label = (typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('')).trim();
    await runCommand('pprof: Show Top Allocators');
    await page.locator('.quick-input-widget .quick-input-box input').fill(row.shortName);
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: row.shortName }).first().waitFor({ timeout: WAIT });
    await page.keyboard.press('Enter');
    await poll(`pprof.go:${line}`, async () => {
      const cur = await cursorStatus();
      return { ok: (await activeTab()) === 'pprof.go' && cur && cur.line === line, tab: await activeTab(), cur };
    });
    const s = await poll(`the hint "${label}" on pprof.go:${line}`, async () => {
      const l = (await snapshot()).lines[line];
      return { ok: !!l && l.text.includes(label), text: l && l.text };
    });
    console.log(`       pprof.go:${line}: "${s.text}"`);
    // Back to cache.go's tab, where the next checks start.
    await page.locator('.part.editor .tab', { hasText: 'cache.go' }).first().click();
    await poll('tab cache.go', async () => ({ ok: (await activeTab()) === 'cache.go', tab: await activeTab() }));
  });

  await check('Toggle Hints hides the inlay hints and shows them again', async () => {
    await runCommand('pprof: Toggle Hints');
    await poll('no hint on line 23', async () => {
      const snap = await snapshot();
      const l = snap.lines && snap.lines[23];
      return { ok: !!l && l.text.includes('clone(body)') && !l.text.includes(' flat · '), line23: l && l.text };
    });
    await runCommand('pprof: Toggle Hints');
    await poll('the hint on line 23 again', async () => {
      const snap = await snapshot();
      const l = snap.lines && snap.lines[23];
      return { ok: !!l && l.text.includes(EXPECT.hint23), line23: l && l.text };
    });
  });

  await check(`Choose Sample Type from the status bar: alloc_space gives the server's status title and the Put lens "${EXPECT.allocPutFlat} flat"`, async () => {
    await page.locator('.statusbar-item', { hasText: refStatus.title }).first().click({ timeout: WAIT });
    await page.mouse.move(1380, 1000);
    const qp = await poll('the sample type quick pick', async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && q.rows.some((r) => r.text.includes('alloc_space')) && q.rows.some((r) => r.text.includes('inuse_space')) };
    });
    if (qp.rows.length !== 4) throw new Error(`expected the 4 heap sample types, got ${qp.rows.map((r) => r.text).join(' | ')}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-sample-type.png') });
    await page.locator('.quick-input-widget .quick-input-box input').fill('alloc_space');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    refStatus = await ref.exec('pprof.selectSampleType', ['alloc_space']);
    await statusBarShowsTitle(refStatus);
    const s = await poll('the Put lens to show alloc_space', async () => {
      const snap = await snapshot();
      if (!snap.ok || !snap.lines[20]) return { ...snap, ok: false };
      const above = snap.lenses.filter((l) => l.top < snap.lines[20].top && (!snap.lines[19] || l.top > snap.lines[19].top));
      return { ok: above.some((l) => l.text.includes(`pprof: ${EXPECT.allocPutFlat} flat`) && l.text.includes(`${EXPECT.allocPutCum} cum`)), lenses: above.map((l) => l.text) };
    });
    console.log(`       lens: "${s.lenses.join(' | ')}"; status bar: "${refStatus.title}"`);
    // focus back in the editor: a keyboard-focused status bar item keeps its tooltip open
    await page.keyboard.press('Control+1');
  });

  await check('a settings change (pprof.heatmap off and on) keeps the sample type chosen by command', async () => {
    await setHeatmap(false);
    await setHeatmap(true);
    await page.waitForTimeout(1000); // a configuration push that undid the choice would show by now
    await statusBarShowsTitle(refStatus);
    const lenses = await putLens();
    if (!lenses.some((t) => t.includes(`pprof: ${EXPECT.allocPutFlat} flat`))) throw new Error(`the Put lens is no longer alloc_space's: ${lenses.join(' | ')}`);
  });

  /** Answers VS Code's simple file dialog (a quick input holding a path) with an absolute path. */
  async function answerFileDialog(title, file) {
    await poll(`the "${title}" file dialog`, async () => {
      const t = await page.evaluate(() => {
        const w = document.querySelector('.quick-input-widget');
        return w && getComputedStyle(w).display !== 'none' ? (w.querySelector('.quick-input-title') || {}).textContent || '' : '';
      });
      return { ok: t.includes(title), title: t };
    });
    await page.locator('.quick-input-widget .quick-input-box input').fill(file);
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
  }

  async function putLens() {
    const snap = await snapshot();
    if (!snap.ok || !snap.lines[20]) return [];
    return snap.lenses.filter((l) => l.top < snap.lines[20].top && (!snap.lines[19] || l.top > snap.lines[19].top)).map((l) => l.text);
  }

  const HEAP1 = `${argv.workspace}/profiles/heap-1.pb.gz`;
  await check(`Compare With Base… heap-1.pb.gz (diff): the server's status title, the Put lens the alloc_space difference "${EXPECT.diffPutFlat} flat (≈${EXPECT.diffPutFlatPct.toFixed(2)}%)"`, async () => {
    await runCommand('pprof: Compare With Base');
    await answerFileDialog('Compare With Base', HEAP1);
    const modes = await poll('the comparison mode quick pick', async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && /How to compare/.test(q.title) };
    });
    if (!/^auto/.test(modes.rows[0].text)) throw new Error(`the first mode is not auto (pprof.compareMode's default): ${modes.rows.map((r) => r.text).join(' | ')}`);
    // diff_base, whatever the sample type: the numbers of pprof -diff_base.
    await page.keyboard.type('diff_base');
    await page.keyboard.press('Enter');
    refStatus = await ref.exec('pprof.compareWith', [HEAP1, 'diff_base']);
    if (!refStatus.title.includes('heap-1.pb.gz')) throw new Error(`the server's title "${refStatus.title}" does not name the base`);
    await statusBarShowsTitle(refStatus);
    const r = await poll('the Put lens to show the difference', async () => {
      const lenses = await putLens();
      const m = lenses.map((t) => /pprof: \+?(\S+ [kMGT]?B) flat \((\+?-?[\d.]+)%\) · \+?(\S+ [kMGT]?B) cum \((\+?-?[\d.]+)%\)/.exec(t)).find(Boolean);
      const ok = !!m && m[1] === EXPECT.diffPutFlat && m[3] === EXPECT.diffPutCum &&
        Math.abs(Number(m[2]) - EXPECT.diffPutFlatPct) < 0.51 && Math.abs(Number(m[4]) - EXPECT.diffPutCumPct) < 0.51;
      return { ok, lenses };
    });
    console.log(`       lens: "${r.lenses.join(' | ')}"`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-compare.png') });
  });

  await check('Clear Comparison Base, then Load Profile… heap-1.pb.gz: the status bar (the server\'s titles) and the Put lens follow', async () => {
    await runCommand('pprof: Clear Comparison Base');
    refStatus = await ref.exec('pprof.clearBase');
    await statusBarShowsTitle(refStatus);
    await runCommand('pprof: Load Profile');
    await answerFileDialog('Load Profile', HEAP1);
    refStatus = await ref.exec('pprof.load', [HEAP1]);
    if (!refStatus.title.includes(EXPECT.heap1AllocTotal)) throw new Error(`the server's title "${refStatus.title}" has not heap-1's total ${EXPECT.heap1AllocTotal}`);
    await statusBarShowsTitle(refStatus);
    const r = await poll('the Put lens for heap-1', async () => {
      const lenses = await putLens();
      return { ok: lenses.some((t) => t.includes(`pprof: ${EXPECT.heap1PutFlat} flat`) && t.includes(`${EXPECT.heap1PutCum} cum`)), lenses };
    });
    console.log(`       lens: "${r.lenses.join(' | ')}"; status bar: "${refStatus.title}"`);
  });

  await check('pprof: Use Settings Again drops what the commands chose: the settings\' profile and sample type, as at the start', async () => {
    if (Object.keys(refStatus.overrides).length === 0) throw new Error(`the server reports no overrides after the commands: ${JSON.stringify(refStatus)}`);
    await runCommand('pprof: Use Settings Again');
    refStatus = await ref.exec('pprof.clearOverrides');
    if (Object.keys(refStatus.overrides).length !== 0 || refStatus.title !== initialStatus.title) {
      throw new Error(`the server's status after clearOverrides is not the first one: "${refStatus.title}", overrides ${JSON.stringify(refStatus.overrides)}`);
    }
    await statusBarShowsTitle(refStatus);
    const r = await poll('the Put lens for heap-2 inuse_space', async () => {
      const lenses = await putLens();
      return { ok: lenses.some((t) => t.includes(`pprof: ${EXPECT.putFlat} flat`) && t.includes(`${EXPECT.putCum} cum`)), lenses };
    });
    console.log(`       lens: "${r.lenses.join(' | ')}"; status bar: "${refStatus.title}"`);
  });

  await check('Show Callers from the command palette with the cursor inside Put (line 24): the server\'s callers of the function there', async () => {
    const expected = await refCallers(23);
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: WAIT });
    await input.fill(':24');
    await page.keyboard.press('Enter');
    await poll('the cursor on line 24', async () => ({ ok: ((await cursorStatus()) || {}).line === 24, cur: await cursorStatus() }));
    await runCommand('pprof: Show Callers');
    await callersPickShows(expected);
    if (!expected.callers.function.endsWith('(*Cache).Put')) throw new Error(`the server's function at line 24 is ${expected.callers.function}`);
    await page.keyboard.press('Escape');
  });

  await check('pprof: Show Call Graph with the cursor in Put: a view beside the editor draws the server\'s graph (callers above, callees below, the server\'s names and labels), explains a box and an arrow on hover in the server\'s words, and a click on a caller opens it, the view following', async () => {
    const expected = await refGraph(CACHE_GO_URI, 23);
    const { graph, words } = expected;
    if (!graph.function.endsWith('(*Cache).Put') || graph.nodes[0].function !== graph.function) throw new Error(`the server's graph at cache.go:24 is of ${graph.function}`);
    const callers = graph.edges.filter((e) => e.to === 0);
    const callees = graph.edges.filter((e) => e.from === 0);
    if (!callers.length || !callees.length) throw new Error(`the server's graph of Put has ${callers.length} callers and ${callees.length} callees`);
    await quickOpen('cache.go');
    await goToLine(24);
    await runCommand('pprof: Show Call Graph');
    const dom = await graphShows(expected);
    // callers above the function, callees below
    const box = (id) => dom.boxes.find((b) => b.id === id);
    const put = box(0);
    if (!put.cls.split(' ').includes('focus')) throw new Error(`the box of Put is not marked (${put.cls})`);
    for (const e of callers) if (!(box(e.from).rect.y + box(e.from).rect.height <= put.rect.y + 1)) throw new Error(`caller ${shortOf(words, e.from)} is not above Put`);
    for (const e of callees) if (!(box(e.to).rect.y >= put.rect.y + put.rect.height - 1)) throw new Error(`callee ${shortOf(words, e.to)} is not below Put`);
    // the focus stayed in the editor
    if ((await activeTab()) !== 'cache.go') throw new Error(`the active tab is ${await activeTab()}`);
    const list = (es, end) => es.map((e) => `${shortOf(words, e[end])} ${e.weightLabel}`).join(', ');
    console.log(`       "${dom.title}": callers ${list(callers, 'from')}; callees ${list(callees, 'to')}; ${dom.boxes.length} boxes drawn in ${dom.renderMs} ms`);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-graph.png') });

    // hover: a box, then the arrow from Put's heaviest caller, each the server's text
    const frame = dom.frame;
    const explained = async (selector, text) => {
      await frame.locator(selector).first().hover({ timeout: WAIT });
      return poll(`the tooltip "${text.slice(0, 60)}…"`, async () => {
        const d = await graphDom();
        return { ok: d.ok && d.tooltip === text, tooltip: d.tooltip };
      });
    };
    const putWords = words.nodes.find((n) => n.id === 0);
    await explained('[data-box][data-id="0"] rect', putWords.text);
    const caller = [...callers].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))[0];
    const arrowWords = words.edges.find((e) => e.from === caller.from && e.to === caller.to);
    await explained(`[data-arrow][data-from="${caller.from}"][data-to="0"] text.weight`, arrowWords.text);
    console.log(`       hover ${shortOf(words, caller.from)} → ${putWords.title}: "${arrowWords.text}"`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-graph-hover.png') });

    // a click on the caller's box opens it in the editor, and the view follows the cursor there
    const node = graph.nodes[caller.from];
    if (!node.location) throw new Error(`the server's caller ${node.function} has no location`);
    await frame.locator(`[data-box][data-id="${caller.from}"] rect`).click({ timeout: WAIT });
    const file = path.basename(decodeURIComponent(new URL(node.location.uri).pathname));
    const line = node.location.range.start.line + 1;
    await poll(`${file}:${line} in the editor`, async () => {
      const cur = await cursorStatus();
      return { ok: (await activeTab()) === file && !!cur && cur.line === line, tab: await activeTab(), cur };
    });
    const followed = await refGraph(node.location.uri, node.location.range.start.line);
    if (followed.graph.function !== node.function) throw new Error(`the server's graph at ${file}:${line} is of ${followed.graph.function}`);
    const after = await graphShows(followed);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-graph-serve.png') });
    console.log(`       clicked ${shortOf(words, caller.from)}: ${file} Ln ${line}, the view now "${after.title}"`);
  });

  await check('the call graph view keeps up with the cursor: ten moves between Put and clone, the last one drawn, each draw quick', async () => {
    await quickOpen('cache.go');
    const put = await refGraph(CACHE_GO_URI, 23);
    const clone = await refGraph(CACHE_GO_URI, 42);
    if (clone.graph.function === put.graph.function) throw new Error('the server has the same function on lines 24 and 43');
    for (let i = 0; i < 10; i++) {
      await goToLine(i % 2 ? 24 : 43);
      await page.waitForTimeout(i % 3 === 0 ? 400 : 60);
    }
    const dom = await graphShows(put); // the last move: line 24
    if (!(dom.renderMs < 100)) throw new Error(`a draw took ${dom.renderMs} ms`);
    console.log(`       last draw ${dom.renderMs} ms for ${dom.boxes.length} boxes`);
    // a line of no profiled function: the server's sentence, the last graph dimmed
    const none = await ref.exec('pprof.callGraph', [{ uri: CACHE_GO_URI, position: { line: 2, character: 0 }, depth: 2 }]).then(
      (g) => { throw new Error(`the server has a graph on cache.go:3 (${g.function})`); },
      (e) => e.message,
    );
    await goToLine(3);
    await poll(`the view to say "${none}"`, async () => {
      const d = await graphDom();
      const stale = d.ok && (await d.frame.evaluate(() => document.getElementById('graph').classList.contains('stale')));
      return { ok: d.ok && d.message === none && stale && d.boxes.length === dom.boxes.length, message: d.message, stale };
    });
    console.log(`       on line 3: "${none}", the last graph dimmed`);
    await goToLine(24);
    await graphShows(put);
  });

  await check('theme-aware: with the Default Light Modern theme the view takes the light theme\'s colours (background, text, box shades), and Dark Modern\'s back', async () => {
    const colours = async () => {
      const frame = await graphFrame();
      return frame.evaluate(() => {
        const rect = document.querySelector('[data-box][data-id="0"] rect');
        const text = document.querySelector('[data-box][data-id="0"] text');
        return { body: getComputedStyle(document.body).backgroundColor, box: getComputedStyle(rect).fill, text: getComputedStyle(text).fill, theme: document.body.className };
      });
    };
    const lum = (rgb) => {
      const [r, g, b] = rgb.match(/[\d.]+/g).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const dark = await colours();
    const setTheme = (theme) => fs.writeFileSync(argv['ws-file'], JSON.stringify({ ...WORKSPACE, settings: { ...WORKSPACE.settings, 'workbench.colorTheme': theme } }, null, 2));
    setTheme('Default Light Modern');
    const light = (await poll('the view in the light theme', async () => {
      const c = await colours();
      return { ok: lum(c.body) > 0.8 && lum(c.text) < 0.4, c };
    })).c;
    if (!(lum(dark.body) < 0.3 && lum(dark.text) > 0.6)) throw new Error(`the dark view is not dark: ${JSON.stringify(dark)}`);
    if (light.box === dark.box) throw new Error(`the box keeps its colour ${dark.box}`);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-graph-light.png') });
    console.log(`       dark: background ${dark.body}, text ${dark.text}, Put ${dark.box}; light: ${light.body}, ${light.text}, ${light.box}`);
    fs.writeFileSync(argv['ws-file'], JSON.stringify(WORKSPACE, null, 2));
    await poll('the view in the dark theme again', async () => {
      const c = await colours();
      return { ok: c.body === dark.body && c.box === dark.box, c };
    });
  });

  await check('at the node cap (40 functions and two "+N more", 65 arrows, posted to the view as the extension posts a graph) the view lays out and draws in well under a second, and each hover is explained within two frames', async () => {
    // a synthetic graph of the cap's size: the fixture's functions are fewer
    const nodes = [];
    const edges = [];
    const node = (fn, flat, cum) => {
      const id = nodes.length;
      nodes.push({ id, function: fn, flat, cum, flatLabel: `${flat} B`, cumLabel: `${cum} B`, file: 'x.go', line: id + 1, location: null });
      return id;
    };
    const me = node('example.com/app/core.(*Engine).Run', 5000, 90000);
    const callers = Array.from({ length: 12 }, (_, i) => node(`example.com/app/api.handler${i}`, 100 * i, 4000 + 500 * i));
    const callees = Array.from({ length: 15 }, (_, i) => node(`example.com/app/store.op${i}`, 700 * i, 2000 + 300 * i));
    const far = Array.from({ length: 12 }, (_, i) => node(`example.com/app/lib.helper${i}`, 50 * i, 800 + 100 * i));
    for (const c of callers) edges.push({ from: c, to: me, weight: nodes[c].cum, weightLabel: `${nodes[c].cum} B`, inline: false });
    for (const c of callees) edges.push({ from: me, to: c, weight: nodes[c].cum, weightLabel: `${nodes[c].cum} B`, inline: c % 3 === 0 });
    far.forEach((f, i) => {
      edges.push({ from: callees[i], to: f, weight: nodes[f].cum, weightLabel: `${nodes[f].cum} B`, inline: false });
      edges.push({ from: callees[(i + 5) % callees.length], to: f, weight: 40, weightLabel: '40 B', inline: false });
      edges.push({ from: callers[i], to: callees[(i * 7) % callees.length], weight: 30, weightLabel: '30 B', inline: false });
    });
    const moreUp = node('+7 more', 0, 900);
    const moreDown = node('+9 more', 0, 700);
    Object.assign(nodes[moreUp], { file: '', line: 0 });
    Object.assign(nodes[moreDown], { file: '', line: 0 });
    edges.push({ from: moreUp, to: me, weight: 900, weightLabel: '900 B', inline: false }, { from: me, to: moreDown, weight: 700, weightLabel: '700 B', inline: false });
    const graph = { function: nodes[me].function, nodes, edges };
    const words = {
      function: graph.function,
      title: 'a synthetic graph at the cap',
      legend: ['synthetic'],
      nodes: nodes.map((n) => ({ id: n.id, title: n.function.replace(/^.*\//, ''), text: `box ${n.id}` })),
      edges: edges.map((e) => ({ from: e.from, to: e.to, text: `arrow ${e.from} → ${e.to}` })),
    };
    if (nodes.length !== 42) throw new Error(`${nodes.length} nodes`);
    const frame = await graphFrame();
    if (!frame) throw new Error('no call graph view');
    const r = await frame.evaluate(async ({ graph, words }) => {
      const t0 = performance.now();
      window.postMessage({ type: 'graph', graph, words }, '*');
      while (document.querySelectorAll('[data-box]').length !== graph.nodes.length) await new Promise((res) => setTimeout(res, 5));
      const drawn = performance.now() - t0;
      const frameOf = () => new Promise((res) => requestAnimationFrame(() => res()));
      const slow = [];
      const h0 = performance.now();
      for (const g of document.querySelectorAll('[data-box]')) {
        const b = g.querySelector('rect').getBoundingClientRect();
        g.querySelector('rect').dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: b.x + b.width / 2, clientY: b.y + b.height / 2 }));
        await frameOf();
        await frameOf();
        const tip = document.getElementById('tooltip');
        if (tip.hidden || tip.textContent !== `box ${g.getAttribute('data-id')}`) slow.push(g.getAttribute('data-id'));
      }
      const perHover = (performance.now() - h0) / graph.nodes.length;
      return { drawn, layoutMs: Number(document.body.dataset.layoutMs), renderMs: Number(document.body.dataset.renderMs), slow, perHover, arrows: document.querySelectorAll('[data-arrow]').length };
    }, { graph, words });
    console.log(`       ${graph.nodes.length} boxes, ${r.arrows} arrows: layout ${r.layoutMs} ms, drawing ${r.renderMs} ms, shown ${r.drawn.toFixed(0)} ms after the message; a hover explained in ${r.perHover.toFixed(1)} ms (two frames)`);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-graph-cap.png') });
    if (r.arrows !== edges.length) throw new Error(`${r.arrows} arrows drawn of ${edges.length}`);
    if (!(r.drawn < 1000)) throw new Error(`the cap's graph took ${r.drawn} ms to show`);
    if (r.slow.length) throw new Error(`boxes not explained within two frames: ${r.slow.join(', ')}`);
    if (!(r.perHover < 100)) throw new Error(`a hover takes ${r.perHover} ms`);
    // it is fitted to the view's width down to 40%, then scrolled to the function; + zooms in (no new layout), 0 fits again
    const sizes = () => frame.evaluate(() => {
      const host = document.getElementById('graph');
      const h = host.getBoundingClientRect();
      const f = document.querySelector('[data-box][data-id="0"] rect').getBoundingClientRect();
      const svg = document.querySelector('#graph svg');
      return { scale: Number(document.body.dataset.scale), layoutWidth: Number(svg.getAttribute('viewBox').split(' ')[2]), svg: svg.getBoundingClientRect().width, host: host.clientWidth, focusShown: f.left >= h.left && f.right <= h.right };
    });
    const fit = await sizes();
    const expectedScale = Math.max(0.4, Math.min(1, (fit.host - 4) / fit.layoutWidth));
    if (Math.abs(fit.scale - expectedScale) > 0.01 || !fit.focusShown) throw new Error(`the cap's graph is not fitted (down to 40%) with its function in view: ${JSON.stringify(fit)}`);
    await frame.locator('#graph svg').click({ position: { x: 2, y: 2 } });
    await frame.locator('body').press('+');
    const zoomed = await sizes();
    if (!(zoomed.scale > fit.scale && zoomed.svg > fit.svg)) throw new Error(`+ did not zoom in: ${JSON.stringify({ fit, zoomed })}`);
    await frame.locator('body').press('0');
    const back = await sizes();
    if (back.scale !== fit.scale) throw new Error(`0 did not fit again: ${JSON.stringify({ fit, back })}`);
    console.log(`       ${fit.layoutWidth} px wide, shown at ${fit.scale} scrolled to its function; + zooms to ${zoomed.scale}, 0 fits again`);
    await closeGraphView();
  });

  await check(`Show Mapping Report: the server's report text in an output channel, ${EXPECT.buildFiles.length} of the workspace's build paths resolved (its Go files) and pprof.go in GOROOT as the standard library`, async () => {
    const report = await ref.exec('pprof.mappingReport');
    const yours = report.resolved.filter((r) => r.kind === 'workspace');
    if (yours.length !== EXPECT.buildFiles.length) throw new Error(`the server resolved ${yours.length} of the workspace's paths`);
    if (!report.resolved.some((r) => r.kind === 'stdlib' && r.uri.endsWith('/runtime/pprof/pprof.go'))) throw new Error('pprof.go is not resolved in GOROOT');
    // The output view shows the end of the channel, wrapping long lines: its
    // text, spaces aside, must end with the report's last lines.
    const squash = (t) => t.replace(/\s+/g, '');
    const lastLines = report.text.trimEnd().split('\n').slice(-3);
    await runCommand('pprof: Show Mapping Report');
    const r = await poll('the mapping report', async () => {
      const shown = await page.evaluate(() => {
        const p = document.querySelector('.part.panel .output-view, .part.panel');
        const lines = p ? [...p.querySelectorAll('.view-line')] : [];
        return lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((l) => l.textContent);
      });
      return { ok: squash(shown.join('')).includes(squash(lastLines.join(''))), lastLines, tail: shown.slice(-5) };
    });
    console.log(`       ${JSON.stringify(r.lastLines)}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-mapping.png') });
  });

  // ---------------------------------------------------------------- a timeline of snapshots
  // The workspace's pprof.profile becomes a folder of four heap snapshots
  // (snapshots.js: cache.clone rises at each one), outside the fixture.
  const SNAPS = argv.snapshots;
  const snapPaths = writeSnapshots(SNAPS);
  await check('Show Growth on one profile file: the server\'s error ("no timeline: …") as it is', async () => {
    const message = await ref.exec('pprof.growth').then(
      (r) => { throw new Error(`the server answers pprof.growth on one profile: ${JSON.stringify(r).slice(0, 200)}`); },
      (e) => e.message,
    );
    await runCommand('pprof: Show Growth');
    const r = await poll(`a notification "${message}"`, async () => {
      const toasts = await page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-toast')].map((t) => t.textContent));
      return { ok: toasts.some((t) => t.includes(message)), toasts };
    });
    console.log(`       "${message}"`);
    await runCommand('Notifications: Clear All Notifications');
    return r;
  });

  await check('pprof.profile a folder of snapshots: the status bar reads the server\'s title, its tooltip the timeline\'s snapshot labels', async () => {
    const settings = { ...WORKSPACE.settings, 'pprof.profile': SNAPS };
    fs.writeFileSync(argv['ws-file'], JSON.stringify({ ...WORKSPACE, settings }, null, 2));
    ref.configure({ profile: SNAPS });
    ref.open(path.join(argv.workspace, 'src/cache/cache.go'));
    refStatus = (await poll('the reference server to load the timeline', async () => {
      const status = await ref.exec('pprof.status');
      const shown = status.timeline && status.timeline.snapshots.length === snapPaths.length && !status.loading;
      return { ok: !!shown, status };
    })).status;
    await statusBarShowsTitle(refStatus);
    const labels = refStatus.timeline.snapshots.map((sn) => sn.label);
    const item = page.locator('.statusbar-item', { hasText: refStatus.title }).first();
    const r = await poll('the status bar tooltip to list the snapshots', async () => {
      await page.mouse.move(1380, 1000);
      await page.waitForTimeout(200);
      await item.hover({ timeout: WAIT });
      await page.waitForTimeout(1200);
      const tip = await page.evaluate(() => [...document.querySelectorAll('.workbench-hover, .monaco-hover')].map((h) => h.textContent).join('\n'));
      const detail = (refStatus.details || [])[0] || '';
      return { ok: labels.every((l) => tip.includes(l)) && tip.includes(detail), labels, tip: tip.slice(0, 400) };
    });
    await page.mouse.move(1380, 1000);
    console.log(`       status bar: "${refStatus.title}"; tooltip lists ${r.labels.length} snapshots`);
  });

  await check('Show Growth: the server\'s title and rows (short name, text with its sparkline, where), steady growers first; picking cache.clone goes to its line', async () => {
    const growth = await ref.exec('pprof.growth');
    const steady = growth.rows.filter((row) => row.steady);
    const clone = growth.rows.find((row) => row.shortName === 'cache.clone');
    if (!clone || !clone.steady || !clone.location) throw new Error(`the server's cache.clone row is not a steady grower in the workspace: ${JSON.stringify(clone)}`);
    if (growth.rows.indexOf(clone) >= steady.length) throw new Error('the server lists steady growers after others');
    // start away from cache.go: main.go's tab (open since the callers check)
    await page.keyboard.press('Escape');
    await page.locator('.part.editor .tab', { hasText: 'main.go' }).first().click({ timeout: WAIT });
    await poll('main.go to be active', async () => ({ ok: (await activeTab()) === 'main.go', tab: await activeTab() }));
    await runCommand('pprof: Show Growth');
    const qp = await poll(`the quick pick "${growth.title}"`, async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && q.title === growth.title && q.rows.length >= Math.min(growth.rows.length, 3) };
    });
    const shown = growth.rows.slice(0, 6).map((row) => rowShowing(qp.rows, [row.shortName, row.text, row.where]));
    if (shown[0] !== qp.rows.find((row) => !row.separator)) throw new Error(`the first row "${qp.rows.find((row) => !row.separator).text}" is not the server's first`);
    // the headings: VS Code draws a separator's label on the first row of its group
    const firstOther = growth.rows.findIndex((row) => !row.steady);
    if (!shown[0].text.includes('Grows steadily')) throw new Error(`no "Grows steadily" heading on "${shown[0].text}"`);
    if (firstOther >= 0 && firstOther < shown.length && !shown[firstOther].text.includes('Other sites')) throw new Error(`no "Other sites" heading on "${shown[firstOther].text}"`);
    console.log(`       rows: ${qp.rows.map((row) => `"${row.text}"`).slice(0, 4).join(' | ')}`);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-growth.png') });
    await page.locator('.quick-input-widget .quick-input-box input').fill('cache.clone');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    const line = clone.location.range.start.line + 1;
    const r = await poll(`cache.go:${line}`, async () => {
      const tab = await activeTab();
      const cur = await cursorStatus();
      return { ok: tab === 'cache.go' && cur && cur.line === line, tab, cur };
    });
    console.log(`       cache.clone: "${clone.text}" -> ${r.tab} Ln ${r.cur.line}`);
  });

  await check('over the timeline the call graph view charts the function\'s pprof.series (the server\'s title, text and snapshots), growth and shrinkage in two colours', async () => {
    const at = { uri: CACHE_GO_URI, position: { line: 23, character: 0 } };
    const series = await ref.exec('pprof.series', [at]);
    const values = series.points.map((p) => p.value);
    const steps = values.slice(1).map((v, i) => (v > values[i] ? 'grew' : v < values[i] ? 'shrank' : 'same')).join(' ');
    if (!/grew/.test(steps) || !/shrank/.test(steps)) throw new Error(`the server's series of ${series.function} does not both grow and shrink: ${steps}`);
    await quickOpen('cache.go');
    await goToLine(24);
    // the mapping report's panel closes (Ctrl+J toggles it): the view gets the height
    const panelShown = () => page.evaluate(() => { const p = document.querySelector('.part.panel'); return !!p && p.getBoundingClientRect().height > 0 && getComputedStyle(p).display !== 'none'; });
    if (await panelShown()) await page.keyboard.press('Control+J');
    await poll('the panel hidden', async () => ({ ok: !(await panelShown()) }));
    await runCommand('pprof: Show Call Graph');
    await graphShows(await refGraph(CACHE_GO_URI, 23));
    const r = await poll('the chart of the series', async () => {
      const d = await graphDom();
      const sr = d.ok && d.series;
      return { ok: !!sr && sr.title === series.title && sr.text === series.text && sr.steps === steps && sr.canvas.height > 50, series: sr };
    });
    // the chart's pixels: the growth colour and the shrinkage colour are both drawn
    const frame = await graphFrame();
    const colours = await frame.evaluate(() => {
      const css = getComputedStyle(document.body);
      const parse = (name) => {
        const probe = document.createElement('canvas').getContext('2d');
        probe.fillStyle = css.getPropertyValue(name).trim();
        probe.fillRect(0, 0, 1, 1);
        return [...probe.getImageData(0, 0, 1, 1).data.slice(0, 3)];
      };
      const canvas = document.getElementById('series-chart');
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const count = (rgb) => {
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] > 200 && Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1]) + Math.abs(data[i + 2] - rgb[2]) < 40) n++;
        }
        return n;
      };
      const grew = parse('--pprof-grew');
      const shrank = parse('--pprof-shrank');
      return { grew, shrank, grewPixels: count(grew), shrankPixels: count(shrank) };
    });
    if (JSON.stringify(colours.grew) === JSON.stringify(colours.shrank)) throw new Error(`growth and shrinkage have one colour ${colours.grew}`);
    if (colours.grewPixels < 30 || colours.shrankPixels < 30) throw new Error(`the chart draws ${colours.grewPixels} pixels of growth and ${colours.shrankPixels} of shrinkage`);
    console.log(`       "${r.series.title}": ${steps}; "${r.series.text}"; ${colours.grewPixels} px rgb(${colours.grew}) growth, ${colours.shrankPixels} px rgb(${colours.shrank}) shrinkage`);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-graph-series.png') });
    await closeGraphView();
  });

  await check('the server\'s steady-growth diagnostic shows in the Problems panel', async () => {
    const d = await poll("the reference server's steady-growth diagnostic on cache.go", async () => {
      const list = ref.diagnostics.get(CACHE_GO_URI) || [];
      const steady = list.find((x) => x.code === 'steady-growth');
      return { ok: !!steady && steady.source === 'pprof' && steady.severity === 3, steady, codes: list.map((x) => x.code) };
    });
    const expected = d.steady;
    await page.keyboard.press('Control+Shift+M');
    const squash = (t) => t.replace(/\s+/g, ' ').trim();
    const r = await poll('the diagnostic in the Problems panel', async () => {
      const rows = await page.evaluate(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((row) => row.textContent));
      const row = rows.find((t) => squash(t).includes(squash(expected.message)));
      return { ok: !!row && row.includes('steady-growth') && row.includes(`Ln ${expected.range.start.line + 1}`), row, rows: rows.slice(0, 5) };
    });
    console.log(`       "${squash(r.row)}"`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-steady-growth.png') });
    await page.keyboard.press('Control+J'); // the panel closes again
    await page.keyboard.press('Control+1');
  });

  await check('Compare With Base… over a timeline offers its snapshots (newest first) and "Other file…"; picking one sends pprof.compareWith [its path]', async () => {
    const snapshots = refStatus.timeline.snapshots;
    const newestFirst = [...snapshots].reverse();
    // neither the one shown nor the base: the second newest
    const chosen = newestFirst.find((sn) => !sn.role);
    if (!chosen) throw new Error(`no snapshot without a role: ${JSON.stringify(snapshots)}`);
    await runCommand('pprof: Compare With Base');
    const qp = await poll('the snapshot quick pick', async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && /Snapshot/.test(q.title) && q.rows.length === snapshots.length + 1 };
    });
    newestFirst.forEach((sn, i) => {
      if (!qp.rows[i].text.includes(sn.label)) throw new Error(`row ${i + 1} "${qp.rows[i].text}" is not "${sn.label}"`);
      if (sn.role && !qp.rows[i].text.includes(sn.role)) throw new Error(`row ${i + 1} "${qp.rows[i].text}" does not say "${sn.role}"`);
    });
    if (!qp.rows[snapshots.length].text.includes('Other file…')) throw new Error(`the last row is "${qp.rows[snapshots.length].text}"`);
    console.log(`       rows: ${qp.rows.map((row) => `"${row.text}"`).join(' | ')}`);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-compare-snapshot.png') });
    await page.locator('.quick-input-widget .quick-input-box input').fill(path.basename(chosen.path));
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    // what the VS Code instance's server received (the client's trace, pprof.trace.server: verbose)
    const sent = await poll(`the client to send pprof.compareWith ["${chosen.path}"]`, async () => {
      const log = traceLog();
      const requests = [...log.matchAll(/Sending request 'workspace\/executeCommand[^\n]*\nParams: (\{[\s\S]*?\n\})/g)].map((m) => {
        try {
          return JSON.parse(m[1]);
        } catch {
          return null;
        }
      }).filter((p) => p && p.command === 'pprof.compareWith');
      const last = requests[requests.length - 1];
      return { ok: !!last && JSON.stringify(last.arguments) === JSON.stringify([chosen.path]), last };
    });
    refStatus = await ref.exec('pprof.compareWith', [chosen.path]);
    await statusBarShowsTitle(refStatus);
    console.log(`       sent ${JSON.stringify(sent.last)}; status bar: "${refStatus.title}"`);
  });

  await check('typing three lines above Put moves the server\'s hint of line 23 to line 26 with its code; undoing brings it back', async () => {
    const hints = await ref.request('textDocument/inlayHint', {
      textDocument: { uri: CACHE_GO_URI },
      range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } },
    });
    const hint = (hints || []).find((h) => h.position.line === 22);
    if (!hint) throw new Error('the server has no hint on cache.go:23');
    const label = (typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('')).trim();
    await quickOpen('cache.go');
    const goToLine = async (n) => {
      await page.keyboard.press('Control+G');
      await page.keyboard.type(String(n));
      await page.keyboard.press('Enter');
    };
    await goToLine(23); // in view
    const onLine = (n) => poll(`"${label}" on line ${n}`, async () => {
      const l = (await snapshot()).lines[n];
      return { ok: !!l && l.text.includes(label), text: l && l.text };
    });
    await onLine(23);
    await goToLine(19);
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Enter');
    const moved = await onLine(26);
    if (!moved.text.includes('c.items[key] = clone(body)')) throw new Error(`line 26 is "${moved.text}"`);
    console.log(`       line 26: "${moved.text}"`);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Z');
    await onLine(23);
  });

  // ---------------------------------------------------------------- a fleet profile from a store (last: it changes the settings, and puts them back)
  // tests/doubles/pyroscope.py serves heap-2 as Pyroscope's merged profile
  // and logs each request. Two doubles: VS Code's, whose log is checked,
  // and the reference server's, so that the reference's requests do not mix in.
  const TOKEN_ENV = 'PPROF_E2E_PYROSCOPE_TOKEN';
  const startDouble = (name) => new Promise((resolve, reject) => {
    const log = path.join(path.dirname(argv['ws-file']), `pyroscope-${name}.jsonl`);
    fs.writeFileSync(log, '');
    const child = childProcess.spawn('python3', [path.join(argv.workspace, '../../doubles/pyroscope.py'), path.join(argv.workspace, 'profiles/heap-2.pb.gz'), log, process.env[TOKEN_ENV] || ''], { stdio: ['pipe', 'pipe', 'inherit'] });
    process.on('exit', () => child.kill());
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/\S+)\n/.exec(out);
      if (m) resolve({ url: m[1], log, child });
    });
    child.on('exit', (code) => reject(new Error(`pyroscope.py exited (${code}) before printing its URL`)));
  });
  /** The double's logged SelectMergeProfile requests, oldest first. */
  const merges = (double) => fs.readFileSync(double.log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .filter((e) => e.path.endsWith('/SelectMergeProfile'));
  /** The server's title as a pattern: its times and numbers of the window may differ from one instance to the other. */
  const titlePattern = (title) => new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+/g, '\\d+')}$`);
  async function statusBarMatches(status) {
    const re = titlePattern(status.title);
    return poll(`the status bar to read "${status.title}" (up to the window's times)`, async () => {
      const texts = await statusBarTexts();
      return { ok: texts.some((t) => re.test(t)), texts: texts.filter((t) => /pprof|pb\.gz|Δ|hour/.test(t)) };
    });
  }
  const storeSettings = (url) => ({
    kind: 'pyroscope',
    url,
    query: '{service_name="orders"}',
    profileType: 'memory:inuse_space:bytes:space:bytes',
    tenant: 'team-a',
    tokenEnv: TOKEN_ENV,
  });
  let doubleA;
  const fake = process.env.PPROF_E2E_SERVER === 'fake';
  await check(`pprof.profile a Pyroscope query (tests/doubles/pyroscope.py serving heap-2): the Put lens reads heap-2's inuse_space "${EXPECT.putFlat} flat · ${EXPECT.putCum} cum", the status bar the server's store title; the request carries the query, the type, the last hour, the tenant and the token of ${TOKEN_ENV}`, async () => {
    if (fake) throw new Error('needs the real server (PPROF_E2E_SERVER=fake)');
    const token = process.env[TOKEN_ENV];
    if (!token) throw new Error(`${TOKEN_ENV} is not set (run.sh exports it into code-server's environment)`);
    // what the commands chose over the timeline (a pinned base) would stay over the store
    await runCommand('pprof: Use Settings Again');
    await ref.exec('pprof.clearOverrides');
    doubleA = await startDouble('vscode');
    const doubleB = await startDouble('reference');
    const before = merges(doubleA).length;
    fs.writeFileSync(argv['ws-file'], JSON.stringify({ ...WORKSPACE, settings: { ...WORKSPACE.settings, 'pprof.profile': storeSettings(doubleA.url) } }, null, 2));
    ref.configure({ profile: storeSettings(doubleB.url) });
    refStatus = (await poll('the reference server to load the store', async () => {
      const status = await ref.exec('pprof.status');
      return { ok: !!status.timeline && status.timeline.kind === 'store' && !status.loading && status.title.includes(EXPECT.total), status };
    })).status;
    await quickOpen('cache.go');
    await statusBarMatches(refStatus);
    const r = await poll('the Put lens to show the fleet\'s heap-2 inuse_space', async () => {
      const lenses = await putLens();
      return { ok: lenses.some((t) => t.includes(`pprof: ${EXPECT.putFlat} flat`) && t.includes(`${EXPECT.putCum} cum`)), lenses };
    });
    const sel = merges(doubleA)[before];
    if (!sel) throw new Error('VS Code\'s server sent no SelectMergeProfile');
    const problems = [];
    if (sel.select.label_selector !== '{service_name="orders"}') problems.push(`label_selector ${sel.select.label_selector}`);
    if (sel.select.profile_typeID !== 'memory:inuse_space:bytes:space:bytes') problems.push(`profile_typeID ${sel.select.profile_typeID}`);
    if (sel.select.end - sel.select.start !== 3600000) problems.push(`window ${sel.select.end - sel.select.start} ms`);
    if (Math.abs(sel.select.end - Date.now()) > 10 * 60 * 1000) problems.push(`the window ends at ${new Date(sel.select.end).toISOString()}, not now`);
    if (sel.headers['x-scope-orgid'] !== 'team-a') problems.push(`x-scope-orgid ${sel.headers['x-scope-orgid']}`);
    if (sel.headers.authorization !== `Bearer ${token}`) problems.push(`authorization ${sel.headers.authorization ? '(another token)' : '(none)'}`);
    if (problems.length) throw new Error(`the request: ${problems.join('; ')}`);
    // the token is nowhere in what VS Code shows or logs
    if (traceLog().includes(token)) throw new Error('the token is in the client\'s log');
    console.log(`       lens: "${r.lenses.join(' | ')}"; status bar: "${refStatus.title}"; request: ${JSON.stringify(sel.select)}, x-scope-orgid ${sel.headers['x-scope-orgid']}, a bearer token`);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-store.png') });
  });

  await check('pprof: Select Service over the store: the server\'s services (the current one marked); picking billing sends pprof.selectService ["billing"] and the next SelectMergeProfile selects {service_name="billing"}', async () => {
    if (!doubleA) throw new Error('no store (the check before failed)');
    const services = await ref.exec('pprof.selectService');
    if (services.current !== 'orders' || JSON.stringify(services.choices) !== JSON.stringify(['billing', 'orders'])) throw new Error(`the server's services: ${JSON.stringify(services)}`);
    const before = merges(doubleA).length;
    await runCommand('pprof: Select Service');
    const qp = await poll('the service quick pick', async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && /Select Service/.test(q.title) && q.rows.length === services.choices.length };
    });
    services.choices.forEach((name, i) => {
      if (!qp.rows[i].text.startsWith(name)) throw new Error(`row ${i + 1} "${qp.rows[i].text}" is not "${name}"`);
      if ((name === services.current) !== qp.rows[i].text.includes('current')) throw new Error(`row "${qp.rows[i].text}": the current one is ${services.current}`);
    });
    console.log(`       rows: ${qp.rows.map((row) => `"${row.text}"`).join(' | ')}`);
    await page.mouse.move(1380, 1000);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-select-service.png') });
    await page.locator('.quick-input-widget .quick-input-box input').fill('billing');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    const sel = await poll('a SelectMergeProfile for billing', async () => {
      const next = merges(doubleA).slice(before);
      return { ok: next.length > 0 && next[next.length - 1].select.label_selector === '{service_name="billing"}', next: next.map((e) => e.select) };
    });
    const last = sel.next[sel.next.length - 1];
    if (last.profile_typeID !== 'memory:inuse_space:bytes:space:bytes') throw new Error(`the type changed: ${last.profile_typeID}`);
    refStatus = await ref.exec('pprof.selectService', ['billing']);
    await statusBarMatches(refStatus);
    console.log(`       then ${JSON.stringify(last)}; status bar: "${refStatus.title}"`);
  });

  await check('pprof: Choose Sample Type over the store: the store\'s profile types with the server\'s units and descriptions; picking alloc_space changes the type of the next SelectMergeProfile, the service kept', async () => {
    if (!doubleA) throw new Error('no store (the check before failed)');
    const types = await ref.exec('pprof.selectSampleType');
    if (types.choices.length !== 2 || !types.choices.some((c) => c.name === 'memory:alloc_space:bytes:space:bytes')) throw new Error(`the server's choices: ${JSON.stringify(types)}`);
    const before = merges(doubleA).length;
    await runCommand('pprof: Choose Sample Type');
    const qp = await poll('the sample type quick pick', async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && q.rows.length === types.choices.length && q.rows.some((r) => r.text.includes('alloc_space')) };
    });
    for (const c of types.choices) rowShowing(qp.rows, [c.name, c.unit, c.description]);
    const current = rowShowing(qp.rows, [types.current]);
    if (!current.text.includes('(current)')) throw new Error(`"${current.text}" is not marked current`);
    console.log(`       rows: ${qp.rows.map((row) => `"${row.text}"`).join(' | ')}`);
    await page.locator('.quick-input-widget .quick-input-box input').fill('alloc_space');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    const sel = await poll('a SelectMergeProfile of alloc_space', async () => {
      const next = merges(doubleA).slice(before);
      return { ok: next.length > 0 && next[next.length - 1].select.profile_typeID === 'memory:alloc_space:bytes:space:bytes', next: next.map((e) => e.select) };
    });
    const last = sel.next[sel.next.length - 1];
    if (last.label_selector !== '{service_name="billing"}') throw new Error(`the service changed: ${last.label_selector}`);
    refStatus = await ref.exec('pprof.selectSampleType', ['memory:alloc_space:bytes:space:bytes']);
    await statusBarMatches(refStatus);
    console.log(`       then ${JSON.stringify(last)}; status bar: "${refStatus.title}"`);
  });

  await check('back to the settings of the start (pprof.profile the file, Use Settings Again): the status bar and the Put lens are those of the start', async () => {
    fs.writeFileSync(argv['ws-file'], JSON.stringify(WORKSPACE, null, 2));
    ref.configure({ profile: WORKSPACE.settings['pprof.profile'] });
    await poll('the reference server back on the file', async () => {
      const status = await ref.exec('pprof.status');
      return { ok: !status.loading && !status.timeline, status: status.title };
    });
    await runCommand('pprof: Use Settings Again');
    refStatus = await ref.exec('pprof.clearOverrides');
    if (refStatus.title !== initialStatus.title) throw new Error(`the server's title is "${refStatus.title}", not "${initialStatus.title}"`);
    await statusBarShowsTitle(refStatus);
    const r = await poll('the Put lens for heap-2 inuse_space', async () => {
      const lenses = await putLens();
      return { ok: lenses.some((t) => t.includes(`pprof: ${EXPECT.putFlat} flat`) && t.includes(`${EXPECT.putCum} cum`)), lenses };
    });
    console.log(`       lens: "${r.lenses.join(' | ')}"; status bar: "${refStatus.title}"`);
  });

  await check('pprof: Select Service without a store (pprof.profile a file): the server\'s error as it is', async () => {
    if (fake) throw new Error('needs the real server (PPROF_E2E_SERVER=fake)');
    const message = await ref.exec('pprof.selectService').then(
      (r) => { throw new Error(`the server answers pprof.selectService on a file: ${JSON.stringify(r).slice(0, 200)}`); },
      (e) => e.message,
    );
    await runCommand('pprof: Select Service');
    await poll(`a notification "${message}"`, async () => {
      const toasts = await page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-toast')].map((t) => t.textContent));
      return { ok: toasts.some((t) => t.includes(message)), toasts };
    });
    const q = await quickPickRows();
    if (q.ok && /Select Service/.test(q.title)) throw new Error('a service quick pick opened');
    console.log(`       "${message}"`);
    await runCommand('Notifications: Clear All Notifications');
  });

  await browser.close();
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const summary = `${passed} passed, ${failed} failed`;
  if (argv.summary) fs.writeFileSync(argv.summary, summary + '\n');
  else console.log(summary);
  process.exit(failed ? 1 : 0);
})().catch(async (e) => {
  console.log(`FATAL ${e && e.stack ? e.stack : e}`);
  try {
    await page.screenshot({ path: path.join(IMAGES, 'vscode-failure-fatal.png') });
  } catch {
    /* ignore */
  }
  try {
    await browser.close();
  } catch {
    /* ignore */
  }
  const passed = results.filter((r) => r.ok).length;
  const summary = `${passed} passed, ${results.length - passed + 1} failed`;
  if (argv.summary) fs.writeFileSync(argv.summary, summary + '\n');
  else console.log(summary);
  process.exit(1);
});
