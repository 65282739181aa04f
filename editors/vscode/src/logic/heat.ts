// Heat shading buckets (pure; no `vscode` import).
import { formatShare, formatValue } from './format';

export interface HeatLine {
  line: number; // 0-based
  flat: number;
  cum: number;
  flatShare: number;
  cumShare: number;
}

/** Lower bounds (percent of the total) of the buckets above the first. */
export const HEAT_THRESHOLDS = [2, 10, 25] as const;
export const HEAT_BUCKETS = 4;
export const HEAT_COLOR_IDS = [
  'pprof.heat1Background',
  'pprof.heat2Background',
  'pprof.heat3Background',
  'pprof.heat4Background',
] as const;

/**
 * Bucket 0..3 for a share (fraction 0..1), or -1 when the line is below
 * minShare (percent). Uses the magnitude, so negative (diff) values shade too.
 */
export function heatBucket(share: number, minSharePercent = 0.5): number {
  if (!Number.isFinite(share)) return -1;
  const p = Math.abs(share) * 100;
  if (p <= 0 || p < minSharePercent) return -1;
  let b = 0;
  for (const t of HEAT_THRESHOLDS) if (p >= t) b++;
  return b;
}

/** The share a line is shaded by: its flat share, or its cum share when it allocates nothing itself. */
export function lineShare(l: HeatLine): number {
  return Math.abs(l.flatShare) > 0 ? l.flatShare : l.cumShare;
}

/** Groups lines into buckets: result[b] = lines of bucket b. */
export function bucketLines(lines: HeatLine[], minSharePercent = 0.5): HeatLine[][] {
  const out: HeatLine[][] = Array.from({ length: HEAT_BUCKETS }, () => []);
  for (const l of lines) {
    const b = heatBucket(lineShare(l), minSharePercent);
    if (b >= 0) out[b].push(l);
  }
  return out;
}

export function bucketRangeText(b: number, minSharePercent = 0.5): string {
  const lo = b === 0 ? minSharePercent : HEAT_THRESHOLDS[b - 1];
  const hi = b < HEAT_THRESHOLDS.length ? HEAT_THRESHOLDS[b] : undefined;
  return hi === undefined ? `≥ ${lo}%` : `${lo}–${hi}%`;
}

/** Markdown hover for a shaded line: its numbers, then a one-line legend with its bucket in bold. */
export function heatHoverMarkdown(l: HeatLine, unit?: string, minSharePercent = 0.5): string {
  const b = heatBucket(lineShare(l), minSharePercent);
  const glyphs = ['░', '▒', '▓', '█'];
  const legend: string[] = [];
  for (let i = 0; i < HEAT_BUCKETS; i++) {
    const item = `${glyphs[i]} ${bucketRangeText(i, minSharePercent)}`;
    legend.push(i === b ? `**${item}**` : item);
  }
  return [
    `**pprof heat**, line ${l.line + 1}: ${formatValue(l.flat, unit)} flat (${formatShare(l.flatShare)}) · ${formatValue(l.cum, unit)} cum (${formatShare(l.cumShare)})`,
    '',
    `Legend (flat share of the total): ${legend.join(' · ')} — \`pprof.heatmap\` turns shading off`,
  ].join('\n');
}
