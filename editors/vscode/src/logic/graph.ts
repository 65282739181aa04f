// The call graph view's drawing, from the server's `pprof.callGraph` (pure;
// no `vscode` import, no DOM: the webview measures the text and draws what
// this returns). The server gives every number and word; this only decides
// sizes, shades and positions: boxes sized by |flat|, shaded by |cum|,
// arrows as thick as their |weight|, callers above, callees below, laid out
// by dagre.
import { graphlib, layout } from '@dagrejs/dagre';
import { CallGraph, GraphEdge, GraphNode, GraphWords } from './protocol';

/** How wide a text is, in pixels, at a font size (the webview measures with its font). */
export type MeasureText = (text: string, fontSize: number, bold?: boolean) => number;

export const BASE_FONT = 12;
/** The box of the largest flat prints its name this much larger. */
export const MAX_FONT_SCALE = 1.75;
export const MIN_STROKE = 1;
export const MAX_STROKE = 7;
/** Shades go from the lightest (smallest cum) to the darkest (the largest cum); 1..SHADES. */
export const SHADES = 6;
const PAD_X = 10;
const PAD_Y = 6;
const LINE_GAP = 3;
const EDGE_LABEL_FONT = 11;


export interface Point {
  x: number;
  y: number;
}

export interface BoxView {
  node: GraphNode;
  /** The server's explanation, for the hover. */
  text: string | undefined;
  /** The "+N more" box. */
  more: boolean;
  /** The name printed first, then the server's labels. */
  lines: string[];
  fontSize: number;
  /** Centre. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** 1 (smallest |cum|) .. SHADES (largest). */
  shade: number;
  /** A comparison's sign: a box whose cum shrank is drawn in the cool colours. */
  change: 'grew' | 'shrank' | null;
  /** The function at the cursor. */
  focus: boolean;
  clickable: boolean;
}

export interface ArrowView {
  edge: GraphEdge;
  label: string;
  /** The arrowhead's triangle at the callee; `points` end at its base. */
  head: Point[];
  /** The server's explanation, for the hover. */
  text: string | undefined;
  /** Polyline from the caller's box to the callee's, the last point at the callee. */
  points: Point[];
  /** Where the weight label goes (its centre). */
  labelAt: Point;
  width: number;
  change: 'grew' | 'shrank' | null;
}

export interface GraphView {
  boxes: BoxView[];
  arrows: ArrowView[];
  width: number;
  height: number;
  /** The function asked about (node 0), to scroll into view. */
  focus: BoxView | undefined;
  /** The server's heading and legend lines (none without its words). */
  title: string | undefined;
  legend: string[];
}

/** The box that stands for the callers or callees left out by the cap (`+N more`). */
export function isMore(node: GraphNode): boolean {
  return node.file === '' && node.line === 0 && node.location === null && /^\+\d+ more$/.test(node.function);
}

/** The server's words for a graph, when they are of this graph (same function): by box id and by arrow. */
export interface WordsIndex {
  /** The view's heading. */
  title: string | undefined;
  legend: string[];
  boxTitle(id: number): string | undefined;
  box(id: number): string | undefined;
  arrow(from: number, to: number): string | undefined;
}

export function indexWords(graph: CallGraph, words: GraphWords | undefined): WordsIndex {
  const ok = !!words && words.function === graph.function;
  const nodes = new Map((ok ? words!.nodes : []).map((n) => [n.id, n]));
  const edges = new Map((ok ? words!.edges : []).map((e) => [`${e.from}>${e.to}`, e.text]));
  return {
    title: ok ? words!.title : undefined,
    legend: ok ? words!.legend : [],
    boxTitle: (id) => nodes.get(id)?.title,
    box: (id) => nodes.get(id)?.text,
    arrow: (from, to) => edges.get(`${from}>${to}`),
  };
}

/** The name a box prints: the server's title for it, else the function's last path element. */
export function boxName(node: GraphNode, words?: WordsIndex): string {
  const title = words?.boxTitle(node.id);
  if (title) return title;
  const slash = node.function.lastIndexOf('/');
  return slash >= 0 ? node.function.slice(slash + 1) : node.function;
}

/** The lines of a box: its name and the server's labels (one when flat and cum read the same). */
export function boxLines(node: GraphNode, words?: WordsIndex): string[] {
  const name = boxName(node, words);
  if (isMore(node)) return [name];
  if (node.flatLabel === node.cumLabel) return [name, node.flatLabel];
  return [name, `${node.flatLabel} flat`, `${node.cumLabel} cum`];
}

/** An arrow's label: the server's weight, marked `(inline)` as pprof's graph marks inlined calls. */
export function arrowLabel(edge: GraphEdge): string {
  return edge.inline ? `${edge.weightLabel} (inline)` : edge.weightLabel;
}

/** 0..1: the square root of v's share of max (areas read as values), 0 when max is 0. */
export function ratio(v: number, max: number): number {
  if (!(max > 0)) return 0;
  return Math.sqrt(Math.min(1, Math.abs(v) / max));
}

export function fontSizeOf(flat: number, maxFlat: number): number {
  return Math.round(BASE_FONT * (1 + (MAX_FONT_SCALE - 1) * ratio(flat, maxFlat)) * 10) / 10;
}

export function shadeOf(cum: number, maxCum: number): number {
  if (!(maxCum > 0)) return 1;
  return Math.max(1, Math.min(SHADES, Math.ceil((Math.abs(cum) / maxCum) * SHADES)));
}

export function strokeOf(weight: number, maxWeight: number): number {
  if (!(maxWeight > 0)) return MIN_STROKE;
  const w = MIN_STROKE + (MAX_STROKE - MIN_STROKE) * (Math.abs(weight) / maxWeight);
  return Math.round(w * 10) / 10;
}

function changeOf(v: number, signed: boolean): 'grew' | 'shrank' | null {
  if (!signed || v === 0) return null;
  return v > 0 ? 'grew' : 'shrank';
}

/** A comparison's graph has negative values somewhere (the server's signed deltas). */
export function isSigned(graph: CallGraph): boolean {
  return graph.nodes.some((n) => n.flat < 0 || n.cum < 0) || graph.edges.some((e) => e.weight < 0);
}

const maxAbs = (vs: number[]) => vs.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * Positions every box and arrow. `signed`: the graph is a comparison (its
 * shades say grew or shrank); by default, when any value is negative.
 */
export function layoutGraph(
  graph: CallGraph,
  words: GraphWords | undefined,
  measure: MeasureText,
  signed = isSigned(graph),
): GraphView {
  const w = indexWords(graph, words);
  // the "+N more" boxes do not set the scale
  const real = graph.nodes.filter((n) => !isMore(n));
  const maxFlat = maxAbs(real.map((n) => n.flat));
  const maxCum = maxAbs(real.map((n) => n.cum));
  const maxWeight = maxAbs(graph.edges.map((e) => e.weight));
  const ids = new Set(graph.nodes.map((n) => n.id));

  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 20, ranksep: 50, edgesep: 12, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));

  const sized = new Map<number, { lines: string[]; fontSize: number; width: number; height: number }>();
  for (const node of graph.nodes) {
    const lines = boxLines(node, w);
    const fontSize = isMore(node) ? BASE_FONT : fontSizeOf(node.flat, maxFlat);
    // the name at the box's font size, the labels a little smaller
    const labelFont = Math.max(BASE_FONT - 1, fontSize * 0.8);
    // the name is drawn bold
    const widths = lines.map((t, i) => (i === 0 ? measure(t, fontSize, true) : measure(t, labelFont)));
    const width = Math.ceil(Math.max(...widths) + 2 * PAD_X);
    const height = Math.ceil(fontSize + (lines.length - 1) * (labelFont + LINE_GAP) + LINE_GAP + 2 * PAD_Y);
    sized.set(node.id, { lines, fontSize, width, height });
    g.setNode(String(node.id), { width, height });
  }
  const edges = graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to) && e.from !== e.to);
  edges.forEach((e, i) => {
    g.setEdge(
      String(e.from),
      String(e.to),
      {
        width: Math.ceil(measure(arrowLabel(e), EDGE_LABEL_FONT) + 8),
        height: EDGE_LABEL_FONT + 4,
        labelpos: 'c',
        // heavier calls are kept shorter and straighter
        weight: 1 + Math.round(4 * ratio(e.weight, maxWeight)),
      },
      String(i),
    );
  });
  layout(g);

  const boxes: BoxView[] = graph.nodes.map((node) => {
    const s = sized.get(node.id)!;
    const p = g.node(String(node.id));
    const more = isMore(node);
    return {
      node,
      text: w.box(node.id),
      more,
      lines: s.lines,
      fontSize: s.fontSize,
      x: p.x,
      y: p.y,
      width: s.width,
      height: s.height,
      shade: more ? 1 : shadeOf(node.cum, maxCum),
      change: more ? null : changeOf(node.cum, signed),
      focus: node.id === 0,
      clickable: !!node.location,
    };
  });
  const arrows: ArrowView[] = edges.map((edge, i) => {
    const e = g.edge(String(edge.from), String(edge.to), String(i));
    const width = strokeOf(edge.weight, maxWeight);
    const { line: points, head } = withHead((e.points ?? []).map((p: Point) => ({ x: p.x, y: p.y })), width);
    return {
      edge,
      label: arrowLabel(edge),
      head,
      text: w.arrow(edge.from, edge.to),
      points,
      labelAt: { x: e.x ?? points[Math.floor(points.length / 2)]?.x ?? 0, y: e.y ?? points[Math.floor(points.length / 2)]?.y ?? 0 },
      width,
      change: changeOf(edge.weight, signed),
    };
  });
  const info = g.graph();
  return {
    boxes,
    arrows,
    width: Math.ceil(info.width ?? 0),
    height: Math.ceil(info.height ?? 0),
    focus: boxes.find((b) => b.focus),
    title: w.title,
    legend: w.legend,
  };
}

export const EDGE_LABEL_FONT_SIZE = EDGE_LABEL_FONT;

/**
 * An arrowhead at the end of a polyline, sized to the stroke, and the line
 * shortened to end at its base (so that a thick line does not poke through
 * the point).
 */
export function withHead(points: Point[], stroke: number): { line: Point[]; head: Point[] } {
  if (points.length < 2) return { line: points, head: [] };
  const tip = points[points.length - 1];
  const from = points[points.length - 2];
  const dx = tip.x - from.x;
  const dy = tip.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const length = Math.min(len, 6 + stroke * 1.6);
  const half = 3.5 + stroke * 1.1;
  const base = { x: tip.x - ux * length, y: tip.y - uy * length };
  const head = [
    tip,
    { x: base.x - uy * half, y: base.y + ux * half },
    { x: base.x + uy * half, y: base.y - ux * half },
  ];
  return { line: [...points.slice(0, -1), base], head };
}

/** An SVG path through the points: straight first and last legs, smooth in between. */
export function pathOf(points: Point[]): string {
  if (points.length === 0) return '';
  const f = (p: Point) => `${Math.round(p.x * 10) / 10},${Math.round(p.y * 10) / 10}`;
  if (points.length < 3) return `M${points.map(f).join(' L')}`;
  // quadratic segments through the midpoints, as graphviz's splines look
  let d = `M${f(points[0])}`;
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    d += ` Q${f(points[i])} ${i === points.length - 2 ? f(points[i + 1]) : f(mid)}`;
  }
  return d;
}
