// The call graph view's page (runs in the webview, bundled by esbuild into
// dist/webview.js with dagre and Chart.js: nothing is fetched). It draws what
// the extension posts, the server's graph and words as they are, and posts
// back the box clicked. Messages: see ../graphView.ts.
import { CategoryScale, Chart, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { ArrowView, BoxView, EDGE_LABEL_FONT_SIZE, GraphView, layoutGraph, pathOf } from '../logic/graph';
import { CallGraph, GraphWords, Series } from '../logic/protocol';
import { SeriesChart, seriesChart } from '../logic/series';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip);

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();

export type ToView =
  | { type: 'graph'; graph: CallGraph; words: GraphWords | undefined }
  | { type: 'series'; series: Series | undefined; error?: string }
  | { type: 'message'; text: string; stale: boolean };

const SVG = 'http://www.w3.org/2000/svg';
const $ = (id: string) => document.getElementById(id)!;

// ------------------------------------------------------------------ text measurement
const canvas = document.createElement('canvas').getContext('2d')!;
const fontFamily = () => getComputedStyle(document.body).fontFamily || 'sans-serif';
function measure(text: string, size: number, bold = false): number {
  // as media/graph.css draws them: a box's name at weight 600
  canvas.font = `${bold ? '600 ' : ''}${size}px ${fontFamily()}`;
  return canvas.measureText(text).width;
}

// ------------------------------------------------------------------ layouts, cached
/** Going back to a function already seen draws at once: its layout is kept (the last few). */
const layouts = new Map<string, GraphView>();
function layoutOf(graph: CallGraph, words: GraphWords | undefined): GraphView {
  const key = JSON.stringify([graph, words]);
  const hit = layouts.get(key);
  if (hit) {
    layouts.delete(key);
    layouts.set(key, hit);
    return hit;
  }
  const view = layoutGraph(graph, words, measure);
  layouts.set(key, view);
  if (layouts.size > 24) layouts.delete(layouts.keys().next().value!);
  return view;
}

// ------------------------------------------------------------------ the graph
let current: GraphView | undefined;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

function drawArrow(a: ArrowView, index: number, parent: Element): void {
  const g = el('g', { class: `arrow${a.change ? ` ${a.change}` : ''}${a.edge.inline ? ' inline' : ''}`, 'data-arrow': index, 'data-from': a.edge.from, 'data-to': a.edge.to }, parent);
  const d = pathOf(a.points);
  el('path', { class: 'line', d, 'stroke-width': a.width }, g);
  el('polygon', { class: 'head', points: a.head.map((p) => `${p.x},${p.y}`).join(' ') }, g);
  // a wider invisible path, to hover thin arrows
  el('path', { class: 'hit', d }, g);
  const label = el('text', { class: 'weight', x: a.labelAt.x, y: a.labelAt.y, 'font-size': EDGE_LABEL_FONT_SIZE }, g);
  label.textContent = a.label;
  if (a.text) g.setAttribute('aria-label', a.text);
}

function drawBox(b: BoxView, index: number, parent: Element): void {
  const cls = ['box', `shade-${b.shade}`];
  if (b.change) cls.push(b.change);
  if (b.focus) cls.push('focus');
  if (b.more) cls.push('more');
  if (b.clickable) cls.push('clickable');
  const g = el('g', { class: cls.join(' '), 'data-box': index, 'data-id': b.node.id, 'data-function': b.node.function }, parent);
  if (b.clickable) {
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
  }
  if (b.text) g.setAttribute('aria-label', b.text);
  el('rect', { x: b.x - b.width / 2, y: b.y - b.height / 2, width: b.width, height: b.height, rx: 4 }, g);
  const labelFont = Math.max(11, b.fontSize * 0.8);
  const total = b.fontSize + (b.lines.length - 1) * (labelFont + 3);
  let y = b.y - total / 2 + b.fontSize * 0.8;
  b.lines.forEach((line, i) => {
    const t = el('text', { class: i === 0 ? 'name' : 'value', x: b.x, y, 'font-size': i === 0 ? b.fontSize : labelFont }, g);
    t.textContent = line;
    y += (i === 0 ? b.fontSize * 0.2 : 0) + labelFont + 3;
  });
}

function drawGraph(view: GraphView): void {
  const t0 = performance.now();
  current = view;
  const host = $('graph');
  const svg = el('svg', { viewBox: `0 0 ${view.width} ${view.height}`, width: view.width, height: view.height, role: 'img' });
  const scale = scaleFor(view);
  setSize(svg, view, scale);
  const arrows = el('g', { class: 'arrows' }, svg);
  view.arrows.forEach((a, i) => drawArrow(a, i, arrows));
  const boxes = el('g', { class: 'boxes' }, svg);
  view.boxes.forEach((b, i) => drawBox(b, i, boxes));
  host.replaceChildren(svg);
  const legend = $('legend');
  legend.replaceChildren(
    ...view.legend.map((line) => {
      const li = document.createElement('li');
      li.textContent = line;
      return li;
    }),
  );
  if (view.focus) {
    const f = view.focus;
    host.scrollLeft = Math.max(0, f.x * scale - host.clientWidth / 2);
  }
  document.body.dataset.renderMs = (performance.now() - t0).toFixed(1);
  document.body.dataset.boxes = String(view.boxes.length);
}

// ------------------------------------------------------------------ zoom
/** Chosen with Ctrl+wheel or + and -; undefined: fit the width (0 goes back to that). */
let zoom: number | undefined;
const MIN_FIT = 0.4;

/** A wide graph is fitted to the view's width, down to 40% (then it scrolls sideways), a small one drawn at 100%. */
function scaleFor(view: GraphView): number {
  if (zoom !== undefined) return zoom;
  const host = $('graph');
  return Math.max(MIN_FIT, Math.min(1, (host.clientWidth - 4) / Math.max(1, view.width)));
}

function setSize(svg: Element, view: GraphView, scale: number): void {
  svg.setAttribute('width', String(Math.ceil(view.width * scale)));
  svg.setAttribute('height', String(Math.ceil(view.height * scale)));
  document.body.dataset.scale = scale.toFixed(2);
}

/** Zooms by a factor, keeping the point under (x, y) (client coordinates) where it is; no new layout or drawing. */
function zoomBy(factor: number | undefined, x?: number, y?: number): void {
  const host = $('graph');
  const svg = host.querySelector('svg');
  if (!current || !svg) return;
  const before = scaleFor(current);
  zoom = factor === undefined ? undefined : Math.max(0.25, Math.min(2.5, before * factor));
  const after = scaleFor(current);
  const r = svg.getBoundingClientRect();
  const px = x ?? r.left + r.width / 2;
  const py = y ?? r.top + r.height / 2;
  const gx = (px - r.left) / before;
  const gy = (py - r.top) / before;
  setSize(svg, current, after);
  const r2 = svg.getBoundingClientRect();
  host.scrollLeft += r2.left + gx * after - px;
  window.scrollBy(0, r2.top + gy * after - py);
}

function wireZoom(): void {
  $('graph').addEventListener(
    'wheel',
    (e) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      zoomBy(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX, e.clientY);
    },
    { passive: false },
  );
  window.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === '+' || e.key === '=') zoomBy(1.25);
    else if (e.key === '-') zoomBy(1 / 1.25);
    else if (e.key === '0') zoomBy(undefined);
  });
}

// ------------------------------------------------------------------ hover and click
const tooltip = () => $('tooltip');

function explain(target: Element | null): string | undefined {
  if (!current || !target) return undefined;
  const box = target.closest('[data-box]');
  if (box) return current.boxes[Number(box.getAttribute('data-box'))]?.text;
  const arrow = target.closest('[data-arrow]');
  if (arrow) return current.arrows[Number(arrow.getAttribute('data-arrow'))]?.text;
  return undefined;
}

function showTooltip(text: string, x: number, y: number): void {
  const tip = tooltip();
  tip.textContent = text;
  tip.hidden = false;
  const w = tip.offsetWidth;
  const h = tip.offsetHeight;
  // above the pointer, as the editor's hovers, unless there is no room there
  const left = Math.min(Math.max(4, x - 24), window.innerWidth - w - 4);
  const top = y - h - 14 >= 4 ? y - h - 14 : Math.min(y + 20, window.innerHeight - h - 4);
  tip.style.left = `${left}px`;
  tip.style.top = `${top}px`;
}

function hideTooltip(): void {
  tooltip().hidden = true;
}

function highlight(target: Element | null): void {
  for (const e of document.querySelectorAll('.hover')) e.classList.remove('hover');
  const g = target?.closest('[data-box], [data-arrow]');
  if (g) g.classList.add('hover');
}

function open(target: Element | null): void {
  const box = target?.closest('[data-box]');
  if (!box || !current) return;
  const b = current.boxes[Number(box.getAttribute('data-box'))];
  if (b?.clickable) vscode.postMessage({ type: 'open', id: b.node.id });
}

function wireGraphEvents(): void {
  const host = $('graph');
  // one listener each for the whole graph: hovering stays cheap at the node cap
  let frame = 0;
  host.addEventListener('mousemove', (e) => {
    const target = e.target as Element;
    const { clientX, clientY } = e;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const text = explain(target);
      highlight(text ? target : null);
      if (text) showTooltip(text, clientX, clientY);
      else hideTooltip();
    });
  });
  host.addEventListener('mouseleave', () => {
    cancelAnimationFrame(frame);
    highlight(null);
    hideTooltip();
  });
  host.addEventListener('click', (e) => open(e.target as Element));
  host.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(e.target as Element);
    }
  });
  host.addEventListener('focusin', (e) => {
    const target = e.target as Element;
    const text = explain(target);
    if (!text) return;
    const r = target.getBoundingClientRect();
    highlight(target);
    showTooltip(text, r.left + 24, r.top);
  });
  host.addEventListener('focusout', () => {
    highlight(null);
    hideTooltip();
  });
}

// ------------------------------------------------------------------ the series chart
let chart: Chart | undefined;
let lastSeries: SeriesChart | undefined;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function drawSeries(c: SeriesChart | undefined): void {
  lastSeries = c;
  const section = $('series');
  chart?.destroy();
  chart = undefined;
  if (!c) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  $('series-title').textContent = c.title;
  $('series-text').textContent = c.text;
  const grew = cssVar('--pprof-grew', '#f14c4c');
  const shrank = cssVar('--pprof-shrank', '#3794ff');
  const same = cssVar('--pprof-same', '#888888');
  const fg = cssVar('--vscode-foreground', '#cccccc');
  const grid = cssVar('--pprof-grid', 'rgba(128,128,128,0.25)');
  const font = { family: fontFamily(), size: 11 };
  const colourOf = (step: string | undefined) => (step === 'grew' ? grew : step === 'shrank' ? shrank : same);
  const tickLabel = new Map(c.ticks.map((t) => [t.value, t.label]));
  const canvasEl = $('series-chart') as HTMLCanvasElement;
  chart = new Chart(canvasEl, {
    type: 'line',
    data: {
      labels: c.categories,
      datasets: [
        {
          data: c.values,
          borderWidth: 2.5,
          pointRadius: 4,
          pointHoverRadius: 6,
          // a point takes the colour of the step into it (the first, of the step out)
          pointBackgroundColor: c.values.map((_, i) => colourOf(c.steps[i - 1] ?? c.steps[0])),
          pointBorderColor: c.values.map((_, i) => colourOf(c.steps[i - 1] ?? c.steps[0])),
          segment: {
            borderColor: (ctx) => colourOf(c.steps[ctx.p0DataIndex]),
            borderDash: (ctx) => (c.steps[ctx.p0DataIndex] === 'shrank' ? [6, 4] : undefined),
          },
          tension: 0,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          displayColors: false,
          callbacks: {
            title: (items) => `${c.categories[items[0].dataIndex]} · ${c.pointTimes[items[0].dataIndex]}`,
            label: (item) => c.pointLabels[item.dataIndex],
          },
        },
      },
      scales: {
        x: { ticks: { color: fg, font }, grid: { color: grid } },
        y: {
          grace: '8%',
          ticks: { color: fg, font, callback: (v) => tickLabel.get(Number(v)) ?? '' },
          grid: { color: grid },
          afterBuildTicks: (axis) => {
            axis.ticks = c.ticks.map((t) => ({ value: t.value }));
          },
        },
      },
    },
  });
  section.dataset.steps = c.steps.join(' ');
}

// ------------------------------------------------------------------ messages
function setMessage(text: string, stale: boolean): void {
  const m = $('message');
  m.textContent = text;
  m.hidden = !text;
  // the graph of where the cursor was, dimmed (on #graph: the body's class is the theme's)
  $('graph').classList.toggle('stale', stale);
}

window.addEventListener('message', (e: MessageEvent<ToView>) => {
  const msg = e.data;
  if (msg.type === 'graph') {
    setMessage('', false);
    const t0 = performance.now();
    const view = layoutOf(msg.graph, msg.words);
    document.body.dataset.layoutMs = (performance.now() - t0).toFixed(1);
    $('title').textContent = view.title ?? view.focus?.lines[0] ?? msg.graph.function;
    drawGraph(view);
  } else if (msg.type === 'series') {
    drawSeries(msg.series ? seriesChart(msg.series) : undefined);
  } else if (msg.type === 'message') {
    setMessage(msg.text, msg.stale);
  }
});

// A theme change: the CSS follows by itself, the chart's canvas is drawn again.
new MutationObserver(() => drawSeries(lastSeries)).observe(document.body, { attributes: true, attributeFilter: ['class'] });
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => current && drawGraph(current), 100);
});

wireGraphEvents();
wireZoom();
vscode.postMessage({ type: 'ready' });
