// Pure formatting helpers (no `vscode` import: unit-tested in plain node).

/** Unit families pprof knows how to scale (internal/measurement). */
type Family = 'memory' | 'time' | 'count' | 'other';

function unitFamily(unit: string | undefined | null): { family: Family; factor: number } {
  const lower = (unit ?? '').trim().toLowerCase();
  if (lower === 's' || lower === 'sec') return { family: 'time', factor: 1e9 };
  const u = lower.replace(/s$/, '');
  switch (u) {
    case 'b': case 'byte': return { family: 'memory', factor: 1 };
    case 'kb': case 'kbyte': case 'kilobyte': return { family: 'memory', factor: 1024 };
    case 'mb': case 'mbyte': case 'megabyte': return { family: 'memory', factor: 1024 ** 2 };
    case 'gb': case 'gbyte': case 'gigabyte': return { family: 'memory', factor: 1024 ** 3 };
    case 'tb': case 'tbyte': case 'terabyte': return { family: 'memory', factor: 1024 ** 4 };
    case 'n': case 'nanosecond': return { family: 'time', factor: 1 };
    case 'u': case 'microsecond': return { family: 'time', factor: 1e3 };
    case 'm': case 'millisecond': return { family: 'time', factor: 1e6 };
    case '': case 'count': case 'object': case 'sample': case 'contention': case 'event': case 'goroutine': case 'thread':
      return { family: 'count', factor: 1 };
    case 'second': return { family: 'time', factor: 1e9 };
    default: return { family: 'other', factor: 1 };
  }
}

/** `%.2f` with a trailing `.00` trimmed, as pprof's ScaledLabel. */
function twoDecimals(v: number): string {
  const s = v.toFixed(2);
  return s.endsWith('.00') ? s.slice(0, -3) : s;
}

/**
 * Formats a sample value like pprof (1024 steps for memory, ns/us/ms/s for
 * time, bare counts), with a space before the unit: `2.79 MB`, `10 ms`, `42`.
 */
export function formatValue(value: number, unit?: string | null): string {
  if (!Number.isFinite(value)) return String(value);
  if (value < 0) {
    const s = formatValue(-value, unit);
    return s === '0' ? '0' : '-' + s;
  }
  const { family, factor } = unitFamily(unit);
  if (family === 'count') {
    return Number.isInteger(value) ? String(value) : twoDecimals(value);
  }
  if (family === 'other') {
    return `${twoDecimals(value)}${unit ? ' ' + unit : ''}`;
  }
  const base = value * factor;
  let scaled: number;
  let label: string;
  if (family === 'memory') {
    const names = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
    let i = 0;
    while (i < names.length - 1 && base >= 1024 ** (i + 1)) i++;
    scaled = base / 1024 ** i;
    label = names[i];
  } else {
    const steps: Array<[number, string]> = [
      [1, 'ns'], [1e3, 'us'], [1e6, 'ms'], [1e9, 's'], [60e9, 'mins'], [3600e9, 'hrs'], [86400e9, 'days'], [365 * 86400e9, 'yrs'],
    ];
    let i = 0;
    while (i < steps.length - 1 && base >= steps[i + 1][0]) i++;
    scaled = base / steps[i][0];
    label = steps[i][1];
  }
  const num = twoDecimals(scaled);
  if (num === '0') return '0';
  return `${num} ${label}`;
}

/** A share (fraction 0..1) as pprof prints percentages: `43.83%`, `0.073%`, `100%`. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  const p = share * 100;
  const a = Math.abs(p);
  if (a >= 99.95 && a <= 100.05) return p < 0 ? '-100%' : '100%';
  if (a >= 1 || a === 0) return `${p.toFixed(2).replace(/\.00$/, '')}%`;
  return `${Number(p.toPrecision(2))}%`;
}

/**
 * Drops the import path from a symbol: `example.com/app/cache.(*Cache).Put`
 * -> `cache.(*Cache).Put`; `runtime/pprof.StartCPUProfile` -> `pprof.StartCPUProfile`.
 * Slashes inside brackets or parentheses (generic shapes) are kept.
 */
export function shortFunctionName(name: string): string {
  let cut = name.length;
  for (const ch of ['(', '[', '<', ' ']) {
    const i = name.indexOf(ch);
    if (i >= 0 && i < cut) cut = i;
  }
  const slash = name.lastIndexOf('/', cut - 1);
  return slash >= 0 ? name.slice(slash + 1) : name;
}

/** Workspace-relative display path for a file URI or path. */
export function displayPath(fileOrUri: string, workspaceRoots: string[] = []): string {
  let p = fileOrUri;
  if (p.startsWith('file://')) {
    try {
      p = decodeURIComponent(new URL(p).pathname);
    } catch {
      /* keep as is */
    }
  }
  let best = '';
  for (const r of workspaceRoots) {
    const root = r.endsWith('/') ? r : r + '/';
    if (p.startsWith(root) && root.length > best.length) best = root;
  }
  return best ? p.slice(best.length) : p;
}

export interface LspPosition { line: number; character: number }
export interface LspRange { start: LspPosition; end: LspPosition }
export interface LspLocation { uri: string; range: LspRange }

export interface Status {
  profile: string | null;
  sampleType?: string;
  sampleTypes?: string[];
  unit?: string;
  total?: number;
  totalLabel?: string;
  time?: string | null;
  base?: string | null;
  baseMode?: string;
  filesResolved?: number;
  filesTotal?: number;
  message?: string;
}

export interface TopRow {
  function: string;
  file?: string | null;
  line?: number | null;
  flat: number;
  cum: number;
  flatLabel?: string;
  cumLabel?: string;
  flatShare: number;
  cumShare: number;
  /** The function's heaviest line. */
  location: LspLocation | null;
  /** The function's declaration line. */
  declaration?: LspLocation | null;
}

export interface Top {
  sampleType?: string;
  unit?: string;
  total?: number;
  rows: TopRow[];
}

export interface Edge {
  function: string;
  value: number;
  label?: string;
  share: number;
  location: LspLocation | null;
}

export interface Chain {
  frames: string[];
  value: number;
  label?: string;
  share: number;
}

export interface Callers {
  function: string;
  callers: Edge[];
  callees: Edge[];
  chains: Chain[];
}

export interface MappingReport {
  resolved: Array<{ profilePath: string; uri: string; how?: string }>;
  unresolved: Array<{ profilePath: string; reason?: string }>;
}

function basename(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}

/** Status bar text and tooltip for a Status. */
export function statusBarText(s: Status | null | undefined): { text: string; tooltip: string } {
  if (!s || !s.profile) {
    const msg = s?.message ? s.message : 'No profile loaded';
    return { text: '$(flame) pprof: no profile', tooltip: `${msg}\nClick to choose a sample type, or run "pprof: Load Profile…".` };
  }
  const total = s.totalLabel ?? (s.total !== undefined ? formatValue(s.total, s.unit) : '');
  const parts = [basename(s.profile)];
  if (s.sampleType) parts.push(s.sampleType);
  if (total) parts.push(total);
  let text = '$(flame) ' + parts.join(' · ');
  if (s.base) text += ` (Δ ${basename(s.base)})`;
  const tip: string[] = [`Profile: ${s.profile}`];
  if (s.time) tip.push(`Time: ${formatTime(s.time)}`);
  if (s.sampleType) tip.push(`Sample type: ${s.sampleType}${s.unit ? ` (${s.unit})` : ''}`);
  if (total) tip.push(`Total: ${total}`);
  if (s.base) tip.push(`Base: ${s.base} (${s.baseMode ?? 'diff'})`);
  if (s.filesTotal !== undefined) tip.push(`Source files resolved: ${s.filesResolved ?? 0}/${s.filesTotal}`);
  if (s.message) tip.push(s.message);
  tip.push('Click to choose the sample type.');
  return { text, tooltip: tip.join('\n') };
}

export interface PickRow {
  label: string;
  description?: string;
  detail?: string;
}

function valueLabel(label: string | undefined, value: number, unit?: string): string {
  return label ?? formatValue(value, unit);
}

/** Quick-pick row for a row of `pprof.top`. */
export function topRowItem(row: TopRow, unit?: string, workspaceRoots: string[] = []): PickRow {
  const flat = valueLabel(row.flatLabel, row.flat, unit);
  const cum = valueLabel(row.cumLabel, row.cum, unit);
  let where: string;
  if (row.location) {
    where = `${displayPath(row.location.uri, workspaceRoots)}:${row.location.range.start.line + 1}`;
  } else if (row.file) {
    where = `${row.file}${row.line ? ':' + row.line : ''} (not in the workspace)`;
  } else {
    where = '(no source location)';
  }
  return {
    label: shortFunctionName(row.function),
    description: `${flat} flat (${formatShare(row.flatShare)}) · ${cum} cum (${formatShare(row.cumShare)})`,
    detail: where,
  };
}

/** Quick-pick row for a caller/callee edge. */
export function edgeItem(e: Edge, unit?: string, workspaceRoots: string[] = []): PickRow {
  const v = valueLabel(e.label, e.value, unit);
  return {
    label: shortFunctionName(e.function),
    description: `${v} (${formatShare(e.share)})`,
    detail: e.location
      ? `${displayPath(e.location.uri, workspaceRoots)}:${e.location.range.start.line + 1}`
      : '(no source location)',
  };
}

/** Quick-pick row for a call chain (frames root first). */
export function chainItem(c: Chain, unit?: string): PickRow {
  const frames = c.frames.map(shortFunctionName);
  const v = valueLabel(c.label, c.value, unit);
  return {
    label: frames.length > 4 ? [frames[0], '…', ...frames.slice(-3)].join(' → ') : frames.join(' → '),
    description: `${v} (${formatShare(c.share)})`,
    detail: frames.length > 4 ? frames.join(' → ') : undefined,
  };
}

/** Plain-text mapping report for an output channel (which shows its end: the summary is repeated there). */
export function mappingReportText(r: MappingReport, workspaceRoots: string[] = []): string {
  const out: string[] = [];
  const resolved = r.resolved ?? [];
  const unresolved = r.unresolved ?? [];
  const summary = `pprof mapping report: ${resolved.length} resolved, ${unresolved.length} unresolved`;
  out.push(summary);
  out.push('');
  out.push(`Unresolved (${unresolved.length}):`);
  for (const x of unresolved) out.push(`  ${x.profilePath}${x.reason ? `  (${x.reason})` : ''}`);
  out.push('');
  out.push(`Resolved (${resolved.length}):`);
  for (const x of resolved) out.push(`  ${x.profilePath}\n    -> ${displayPath(x.uri, workspaceRoots)}${x.how ? `  [${x.how}]` : ''}`);
  out.push('');
  if (unresolved.length > 0) {
    out.push('Tip: map profile paths to workspace paths with "pprof.pathMappings": [{"from": "<prefix in the profile>", "to": "<prefix in the workspace>"}]');
  }
  out.push(summary);
  return out.join('\n') + '\n';
}

/** `2026-11-27T15:50:47.33+00:00` -> `2026-11-27 15:50:47 UTC`; anything else unchanged. */
export function formatTime(t: string): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return t;
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
}
