// Playwright part of tests/vscode/run.sh: drives real VS Code (code-server)
// in Debian's Chromium and checks what pprof-lsp + the extension show for
// tests/fixtures/leakyfeed with profiles/heap-2.pb.gz (inuse_space).
// Expected texts are computed from the pprof golden files, formatted as
// docs/server-interface.md specifies.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

// ------------------------------------------------------------------ args
const argv = {};
for (let i = 2; i < process.argv.length; i += 2) argv[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const URL_ = argv.url;
const GOLDEN = argv.golden;
const IMAGES = argv.images;
const WAIT = Number(process.env.PPROF_E2E_WAIT_MS || 90000);
fs.mkdirSync(IMAGES, { recursive: true });

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
async function check(name, fn) {
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
      for (const c of ov.querySelectorAll('*')) {
        const cls = String(c.className || '');
        if (/current-line|selected-text|cslr|cursor|bracket|indent|whitespace/.test(cls)) continue;
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
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
  await poll(`tab ${fileName}`, async () => ({ ok: (await activeTab()) === fileName, tab: await activeTab() }));
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

  await check('heat shading: lines 23 (23.6%) and 24 (7.1%) are shaded in different colours, line 21 is not', async () => {
    const s = await poll('heat decorations on lines 23 and 24', async () => {
      const snap = await snapshot();
      if (!snap.ok) return snap;
      const g = (n) => snap.lines[n] && snap.lines[n].heatBg;
      return { ok: !!g(23) && !!g(24) && g(23) !== g(24) && !g(21), l21: g(21), l23: g(23), l24: g(24) };
    });
    console.log(`       backgrounds: line 23 ${s.l23}, line 24 ${s.l24}`);
  });

  await check(`status bar shows "heap-2.pb.gz · inuse_space · ${EXPECT.total}"`, async () => {
    await poll('the pprof status bar item', async () => {
      const texts = await page.evaluate(() => [...document.querySelectorAll('.statusbar-item')].map((e) => e.textContent.trim()));
      return { ok: texts.some((t) => t.includes(`heap-2.pb.gz · inuse_space · ${EXPECT.total}`)), texts: texts.filter((t) => /pprof|heap|pb\.gz/.test(t)) };
    });
  });

  // Let everything settle, then the main screenshot.
  await page.mouse.move(1380, 1000); // an empty editor area: no hover, no tooltip
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(IMAGES, 'vscode-hints.png') });

  await check('hovering the shaded line 23 shows its numbers and the heat legend', async () => {
    const hover = page.locator('.monaco-hover', { hasText: 'pprof heat' });
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
      const text = (await hover.count()) ? await hover.first().textContent() : '';
      return { ok: text.includes('line 23:') && text.includes(`${EXPECT.hint23.split(' flat')[0]} flat`) && text.includes('Legend'), text };
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
    const ws = JSON.parse(fs.readFileSync(argv['ws-file'], 'utf8'));
    const write = (on) => fs.writeFileSync(argv['ws-file'], JSON.stringify({ ...ws, settings: { ...ws.settings, 'pprof.heatmap': on } }, null, 2));
    write(false);
    await poll('no shading', async () => {
      const snap = await snapshot();
      return { ok: snap.ok && !!snap.lines[23] && !snap.lines[23].heatBg && !snap.lines[24].heatBg, l23: snap.lines && snap.lines[23] && snap.lines[23].heatBg };
    });
    write(true);
    await poll('the shading again', async () => {
      const snap = await snapshot();
      return { ok: snap.ok && !!snap.lines[23] && !!snap.lines[23].heatBg && !!snap.lines[24].heatBg };
    });
  });

  await check('clicking the Put code lens shows its callers (main.serve) and picking one opens main.go', async () => {
    const lens = page.locator(`${EDITOR} .codelens-decoration a`, { hasText: `${EXPECT.putFlat} flat` }).first();
    await lens.click({ timeout: WAIT });
    const qp = await poll('the callers quick pick', async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && q.rows.some((r) => r.text.includes('main.serve')) };
    });
    if (!/Put/.test(qp.title)) throw new Error(`quick pick title "${qp.title}" does not name (*Cache).Put`);
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

  await check(`Show Top Allocators: first row is ${EXPECT.topFunction}; picking it jumps to ${TOP_FILE}:${TOP_LINE}`, async () => {
    if ((await activeTab()) !== 'main.go') await quickOpen('main.go'); // start away from cache.go
    await runCommand('pprof: Show Top Allocators');
    const qp = await poll('the top quick pick', async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && /Top/i.test(q.title) };
    });
    const first = qp.rows.find((r) => !r.separator);
    if (!first.text.includes(EXPECT.topFunction)) throw new Error(`first row "${first.text}" is not ${EXPECT.topFunction}`);
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

  await check(`Choose Sample Type from the status bar: alloc_space updates the status bar ("${EXPECT.allocTotal}") and the Put lens ("${EXPECT.allocPutFlat} flat")`, async () => {
    await page.locator('.statusbar-item', { hasText: 'heap-2.pb.gz' }).first().click({ timeout: WAIT });
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
    await poll('the status bar to show alloc_space', async () => {
      const texts = await page.evaluate(() => [...document.querySelectorAll('.statusbar-item')].map((e) => e.textContent.trim()));
      return { ok: texts.some((t) => t.includes(`heap-2.pb.gz · alloc_space · ${EXPECT.allocTotal}`)), texts: texts.filter((t) => /pb\.gz/.test(t)) };
    });
    const s = await poll('the Put lens to show alloc_space', async () => {
      const snap = await snapshot();
      if (!snap.ok || !snap.lines[20]) return { ...snap, ok: false };
      const above = snap.lenses.filter((l) => l.top < snap.lines[20].top && (!snap.lines[19] || l.top > snap.lines[19].top));
      return { ok: above.some((l) => l.text.includes(`pprof: ${EXPECT.allocPutFlat} flat`) && l.text.includes(`${EXPECT.allocPutCum} cum`)), lenses: above.map((l) => l.text) };
    });
    console.log(`       lens: "${s.lenses.join(' | ')}"`);
    // focus back in the editor: a keyboard-focused status bar item keeps its tooltip open
    await page.keyboard.press('Control+1');
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

  async function statusTexts() {
    return page.evaluate(() => [...document.querySelectorAll('.statusbar-item')].map((e) => e.textContent.trim()).filter((t) => /pb\.gz/.test(t)));
  }

  await check(`Compare With Base… heap-1.pb.gz (diff): status bar shows "(Δ heap-1.pb.gz)", the Put lens the alloc_space difference "${EXPECT.diffPutFlat} flat (≈${EXPECT.diffPutFlatPct.toFixed(2)}%)"`, async () => {
    await runCommand('pprof: Compare With Base');
    await answerFileDialog('Compare With Base', `${argv.workspace}/profiles/heap-1.pb.gz`);
    const modes = await poll('the comparison mode quick pick', async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && /How to compare/.test(q.title) };
    });
    if (!/^diff/.test(modes.rows[0].text)) throw new Error(`the first mode is not diff (pprof.baseMode's default): ${modes.rows.map((r) => r.text).join(' | ')}`);
    await page.keyboard.press('Enter');
    await poll('the status bar to show the base', async () => {
      const texts = await statusTexts();
      return { ok: texts.some((t) => t.includes('heap-2.pb.gz · alloc_space') && t.includes('(Δ heap-1.pb.gz)')), texts };
    });
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

  await check('Clear Comparison Base, then Load Profile… heap-1.pb.gz: the status bar and the Put lens follow', async () => {
    await runCommand('pprof: Clear Comparison Base');
    await poll('the status bar without a base', async () => {
      const texts = await statusTexts();
      return { ok: texts.some((t) => t.includes(`heap-2.pb.gz · alloc_space · ${EXPECT.allocTotal}`) && !t.includes('Δ')), texts };
    });
    await runCommand('pprof: Load Profile');
    await answerFileDialog('Load Profile', `${argv.workspace}/profiles/heap-1.pb.gz`);
    await poll('the status bar to show heap-1.pb.gz', async () => {
      const texts = await statusTexts();
      return { ok: texts.some((t) => t.includes(`heap-1.pb.gz · alloc_space · ${EXPECT.heap1AllocTotal}`)), texts };
    });
    const r = await poll('the Put lens for heap-1', async () => {
      const lenses = await putLens();
      return { ok: lenses.some((t) => t.includes(`pprof: ${EXPECT.heap1PutFlat} flat`) && t.includes(`${EXPECT.heap1PutCum} cum`)), lenses };
    });
    console.log(`       lens: "${r.lenses.join(' | ')}"`);
  });

  await check('Show Callers from the command palette with the cursor inside Put (line 24) lists main.serve', async () => {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: WAIT });
    await input.fill(':24');
    await page.keyboard.press('Enter');
    await poll('the cursor on line 24', async () => ({ ok: ((await cursorStatus()) || {}).line === 24, cur: await cursorStatus() }));
    await runCommand('pprof: Show Callers');
    const qp = await poll('the callers quick pick', async () => {
      const q = await quickPickRows();
      return { ...q, ok: q.ok && /callers of/.test(q.title) };
    });
    if (!qp.title.includes('(*Cache).Put')) throw new Error(`callers of the wrong function: "${qp.title}"`);
    if (!qp.rows.some((r) => r.text.includes('main.serve'))) throw new Error(`no main.serve row: ${qp.rows.map((r) => r.text).join(' | ')}`);
    await page.keyboard.press('Escape');
  });

  await check(`Show Mapping Report: ${EXPECT.buildFiles.length} build paths resolved (the workspace's Go files) in an output channel`, async () => {
    await runCommand('pprof: Show Mapping Report');
    const r = await poll('the mapping report', async () => {
      const text = await page.evaluate(() => {
        const p = document.querySelector('.part.panel .output-view, .part.panel');
        return p ? [...p.querySelectorAll('.view-line')].map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n') : '';
      });
      const m = /pprof mapping report: (\d+) resolved, (\d+) unresolved/.exec(text);
      return { ok: !!m && Number(m[1]) === EXPECT.buildFiles.length, summary: m && m[0], tail: text.slice(-400) };
    });
    console.log(`       ${r.summary}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'vscode-mapping.png') });
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
