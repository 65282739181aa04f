// The chart of a function's series over a timeline, from the server's
// `pprof.series` (pure; no `vscode` import, no DOM). The server gives every
// value, label and time; this only says which way each step went, so that
// growth and shrinkage are drawn apart, and which labels the value axis has.
import { Series } from './protocol';

export type Step = 'grew' | 'shrank' | 'same';

export interface SeriesChart {
  title: string;
  /** The server's one-line summary (sparkline, first → last, change, rate). */
  text: string;
  /** X axis: the snapshots' names, oldest first. */
  categories: string[];
  values: number[];
  /** For each point, the server's value label and time. */
  pointLabels: string[];
  pointTimes: string[];
  /** steps[i]: from point i to point i + 1. */
  steps: Step[];
  /** The value axis shows these values only, each with the server's label. */
  ticks: Array<{ value: number; label: string }>;
}

/** Which way the series went from each point to the next. */
export function stepsOf(values: number[]): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i + 1 < values.length; i++) {
    const d = values[i + 1] - values[i];
    steps.push(d > 0 ? 'grew' : d < 0 ? 'shrank' : 'same');
  }
  return steps;
}

/** The chart of a series, or undefined when it has fewer than two points (nothing to draw). */
export function seriesChart(series: Series): SeriesChart | undefined {
  const points = series.points ?? [];
  if (points.length < 2) return undefined;
  const values = points.map((p) => p.value);
  // the lowest and the highest value, and the last one, labelled as the server labels them
  const ticks = new Map<number, string>();
  const lo = points.reduce((a, p) => (p.value < a.value ? p : a));
  const hi = points.reduce((a, p) => (p.value > a.value ? p : a));
  for (const p of [lo, hi, points[points.length - 1]]) if (!ticks.has(p.value)) ticks.set(p.value, p.label);
  return {
    title: series.title,
    text: series.text,
    categories: points.map((p) => p.snapshot),
    values,
    pointLabels: points.map((p) => p.label),
    pointTimes: points.map((p) => p.timeLabel),
    steps: stepsOf(values),
    ticks: [...ticks].sort((a, b) => a[0] - b[0]).map(([value, label]) => ({ value, label })),
  };
}
