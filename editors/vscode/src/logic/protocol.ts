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
  /** A store's profile type, picked with `pprof.selectSampleType [ID]`. */
  storeProfileType?: string;
  /** A store's service, picked with `pprof.selectService [NAME]`. */
  storeService?: string;
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

/** Set when the `profile` setting is a folder, a glob, an http(s) URL or a store (an object). */
export interface Timeline {
  source: string;
  kind: 'folder' | 'glob' | 'url' | 'store';
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

/**
 * `pprof.selectSampleType` with no arguments: the profile's sample types, or,
 * for a store, the store's profile type IDs (`memory:alloc_space:bytes:space:bytes`).
 */
export interface SampleTypeChoices {
  current: string | null;
  choices: Array<{ name: string; unit: string; description: string }>;
}

/** `pprof.selectService` with no arguments: the store's `service_name` values, sorted. */
export interface ServiceChoices {
  current: string | null;
  choices: string[];
}

/** The `profile` setting: a path, a glob or a URL; or an object naming a store and its query (docs/fleet.md). */
export interface StoreProfile {
  kind: 'pyroscope' | 'parca';
  url: string;
  query?: string;
  profileType?: string;
  range?: string;
  tenant?: string;
  tokenEnv?: string;
  basicAuthEnv?: string;
}
export type ProfileSetting = string | StoreProfile;

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

/**
 * A box of `pprof.callGraph`: a function with its flat and cum (signed
 * changes in a comparison), the server's labels, and where it is declared.
 */
export interface GraphNode {
  /** Its index in `nodes`; node 0 is the function asked about. */
  id: number;
  /** The full name, or `+N more` for the box that stands for the functions left out. */
  function: string;
  flat: number;
  cum: number;
  flatLabel: string;
  cumLabel: string;
  /** As in the profile; "" if none (the "+N more" box). */
  file: string;
  /** 1-based declaration line, 0 if unknown. */
  line: number;
  /** Its declaration in the workspace; null when the file is not on this machine (and for "+N more"). */
  location: LspLocation | null;
}

/** An arrow of `pprof.callGraph`: `from` calls `to`, `weight` the value of the samples through that call. */
export interface GraphEdge {
  from: number;
  to: number;
  weight: number;
  weightLabel: string;
  /** pprof's `(inline)`: every such call was inlined. */
  inline: boolean;
}

/** `pprof.callGraph [{"uri", "position", "depth"}]`: the function (node 0), its callers above and callees below. */
export interface CallGraph {
  function: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** `pprof.explainGraph`, on the same graph as `pprof.callGraph`: every word of the view. */
export interface GraphWords {
  function: string;
  /** `Call graph of cache.(*Cache).Put · inuse_space · 2 levels` */
  title: string;
  /** What boxes, numbers and arrows mean for this sample type. */
  legend: string[];
  /** `title`: the short name the box prints (or `+3 more`); `text`: a paragraph for its hover (plain text). */
  nodes: Array<{ id: number; title: string; text: string }>;
  /** `shareLabel`: the weight's share of the total (`74.50%`, signed in a comparison). */
  edges: Array<{ from: number; to: number; shareLabel?: string; text: string }>;
}

export interface SeriesPoint {
  time: string | null;
  /** `2026-12-02 01:02:03 UTC` */
  timeLabel: string;
  /** `heap-3.pb.gz` */
  snapshot: string;
  /** The snapshot's own value, never signed. */
  value: number;
  /** `1.25 MB` */
  label: string;
}

/** `pprof.series`: the function's flat in each snapshot of the timeline, oldest first. */
export interface Series {
  function: string;
  shortName: string;
  sampleType: string;
  unit: string;
  /** `inuse_space of cache.(*Cache).Put over 5 snapshots in 4h00m` */
  title: string;
  points: SeriesPoint[];
  sparkline: string;
  delta: number;
  deltaLabel: string;
  ratePerHour: number | null;
  rateLabel: string | null;
  steady: boolean;
  /** `▁▂▄▆█ 1.25 MB → 6.38 MB in 4s (+5.13 MB, +4.39 GB/h)` */
  text: string;
}
