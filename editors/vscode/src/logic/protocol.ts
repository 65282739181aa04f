// The JSON the pprof-lsp server answers (docs/server-interface.md), with only
// the fields the extension reads. Every `text`, `title`, `*Label`, `where` and
// `hover` is written by the server and shown as is: the extension never
// formats a value, a share or a name.

export interface LspPosition { line: number; character: number }
export interface LspRange { start: LspPosition; end: LspPosition }
export interface LspLocation { uri: string; range: LspRange }

/** A stable handle of a function, for round trips (code lens arguments, call hierarchy data). */
export interface FunctionRef {
  function: string;
  file?: string;
  startLine?: number;
}

/** "The function here": declared on that line, or the heaviest one with samples there. */
export interface FunctionAt {
  uri: string;
  position: LspPosition;
}

/** What a command chose over the user's settings; only the chosen keys are present. */
export interface Overrides {
  profile?: string;
  sampleType?: string;
  base?: string | null;
  compareMode?: string;
}

/** One profile of a timeline (`status.timeline.snapshots`, `Growth.snapshots`). */
export interface Snapshot {
  path: string;
  time: string | null;
  /** `heap-3.pb.gz · 2026-12-02 01:02:03 UTC` */
  label: string;
  /** The snapshot shown, the one compared with, or neither. */
  role: 'shown' | 'base' | null;
}

/** Set when the `profile` setting is a folder, a glob or an http(s) URL. */
export interface Timeline {
  source: string;
  kind: 'folder' | 'glob' | 'url';
  pollSeconds: number | null;
  /** Oldest first. */
  snapshots: Snapshot[];
}

export interface Status {
  /** The compareMode setting, with what a command chose. */
  compareMode: string;
  /** The comparison applied while comparing: `diff_base` or `base`. */
  comparison: string | null;
  overrides: Overrides;
  /** Short, for a status bar. */
  title: string;
  /** Tooltip lines. */
  details: string[];
  /** Null unless the profile is a timeline (older servers leave it out). */
  timeline?: Timeline | null;
  /** True from the start of a load (or poll) until it ends. */
  loading?: boolean;
}

export interface SampleTypeChoices {
  current: string;
  choices: Array<{ name: string; unit: string; description: string }>;
}

export interface TopRow {
  function: string;
  shortName: string;
  /** `2.79 MB flat (43.83%) · 2.79 MB cum (43.83%)` */
  text: string;
  /** `cache/cache.go:43`, or the profile's path with "(not on this machine)". */
  where: string;
  /** The function's heaviest line; null when its source is not on this machine. */
  location: LspLocation | null;
  ref: FunctionRef;
}

/** `all`: every function; `workspace`: your code only, as pprof's `-show` with the workspace's files. */
export type Scope = 'all' | 'workspace';

export interface Top {
  title: string;
  scope: Scope;
  rows: TopRow[];
}

export interface Edge {
  function: string;
  shortName: string;
  /** `2.91 MB (45.60%)` */
  text: string;
  where: string;
  location: LspLocation | null;
  ref: FunctionRef;
}

export interface Chain {
  /** The path, root first, with recursion folded and long paths shortened. */
  text: string;
  /** `4.75 MB (74.50%)` */
  valueText: string;
}

export interface Callers {
  function: string;
  shortName: string;
  title: string;
  callers: Edge[];
  callees: Edge[];
  chains: Chain[];
}

export interface HeatLine {
  /** 0-based. */
  line: number;
  /** 1 (lightest) to 4. */
  level: number;
  /** In a comparison: `grew` or `shrank`. */
  change?: 'grew' | 'shrank' | null;
  /** The complete markdown to show on the shaded line. */
  hover: string;
}

export interface Heat {
  legend: string;
  lines: HeatLine[];
}

export interface MappingReport {
  /** The report as plain text, to show as is. */
  text: string;
}

export interface GrowthRow {
  function: string;
  shortName: string;
  /** `▁▃▅█` */
  sparkline: string;
  /** `▁▃▅█ 1 MB → 3.90 MB in 3h00m (+2.90 MB, +0.97 MB/h), grows steadily` */
  text: string;
  /** `src/cache/cache.go:43` */
  where: string;
  /** Rose at each of the last 3 or more snapshots (gauges only). */
  steady: boolean;
  location: LspLocation | null;
  ref: FunctionRef;
}

export interface Growth {
  /** `Growth of inuse_space over 5 snapshots in 4h00m` */
  title: string;
  snapshots: Snapshot[];
  /** Steady growers first, then by change, largest growth first. */
  rows: GrowthRow[];
}
