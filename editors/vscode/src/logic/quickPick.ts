// Quick-pick rows built from the server's texts (pure; no `vscode` import).
import { Chain, Edge, Growth, GrowthRow, SampleTypeChoices, Scope, ServiceChoices, Timeline, TopRow } from './protocol';

export interface PickRow {
  label: string;
  description?: string;
  detail?: string;
}

/** A row of `pprof.top`: the short name, `<flat> flat (<%>) · <cum> cum (<%>)`, and where. */
export function topRowItem(row: TopRow): PickRow {
  return { label: row.shortName, description: row.text, detail: row.where };
}

/** The top list's title button in a scope: what a click switches to, and its icon and tooltip. */
export function scopeToggle(scope: Scope): { next: Scope; icon: string; tooltip: string } {
  return scope === 'all'
    ? { next: 'workspace', icon: 'filter', tooltip: "Your code only: what the libraries cost goes to your line that calls them" }
    : { next: 'all', icon: 'filter-filled', tooltip: 'All code: the standard library and dependencies too' };
}

/** A caller or callee: the short name, `<value> (<%>)`, and where the call is. */
export function edgeItem(edge: Edge): PickRow {
  return { label: edge.shortName, description: edge.text, detail: edge.where };
}

/**
 * A call chain: the server's path text (it folds recursion and shortens long
 * paths) and, on the line below where a long path cannot hide it, its value.
 */
export function chainItem(chain: Chain): PickRow {
  return { label: chain.text, detail: chain.valueText };
}

export interface SampleTypeRow extends PickRow {
  name: string;
  picked: boolean;
}

/**
 * The profile's sample types, or a store's profile type IDs, the current one
 * marked; each with the server's unit and description.
 */
export function sampleTypeItems(res: SampleTypeChoices): SampleTypeRow[] {
  return res.choices.map((c) => ({
    name: c.name,
    label: c.name,
    description: c.name === res.current ? `${c.unit} (current)` : c.unit,
    detail: c.description,
    picked: c.name === res.current,
  }));
}

/** The quick pick's placeholder: the current choice, if the server names one. */
export function currentPlaceholder(current: string | null | undefined, none: string): string {
  return current ? `current: ${current}` : none;
}

export interface ServiceRow extends PickRow {
  name: string;
  picked: boolean;
}

/** A store's services (`service_name` values) in the server's order, the current one marked. */
export function serviceItems(res: ServiceChoices): ServiceRow[] {
  return res.choices.map((name) => {
    const row: ServiceRow = { name, label: name, picked: name === res.current };
    if (name === res.current) row.description = 'current';
    return row;
  });
}

/** A row of a quick pick that may be a separator (`vscode.QuickPickItemKind.Separator`). */
export interface SectionRow extends PickRow {
  separator?: true;
}

export const STEADY_SECTION = 'Grows steadily';
export const OTHER_SECTION = 'Other sites';

export interface GrowthPickRow extends SectionRow {
  row?: GrowthRow;
}

/** A row of `pprof.growth`: the short name, the server's text (its sparkline first), and where. */
export function growthRowItem(row: GrowthRow): PickRow {
  return { label: row.shortName, description: row.text, detail: row.where };
}

/**
 * The rows of `pprof.growth` in the server's order, those that grow steadily
 * under one heading and the others under a second (headings only when there
 * are steady rows: without any, the list is one plain section).
 */
export function growthItems(growth: Growth): GrowthPickRow[] {
  const steady = growth.rows.filter((r) => r.steady);
  const others = growth.rows.filter((r) => !r.steady);
  const items: GrowthPickRow[] = [];
  if (steady.length) {
    items.push({ label: STEADY_SECTION, separator: true });
    for (const row of steady) items.push({ ...growthRowItem(row), row });
    if (others.length) items.push({ label: OTHER_SECTION, separator: true });
  }
  for (const row of others) items.push({ ...growthRowItem(row), row });
  return items;
}

/** What picking a growth row that has no location says: the server's `where`. */
export function noSourceMessage(shortName: string, where: string): string {
  return `${shortName}: ${where}. Its source is not in this workspace (see "pprof: Show Mapping Report").`;
}

export const OTHER_FILE_LABEL = '$(folder-opened) Other file…';

export interface SnapshotPickRow extends PickRow {
  /** The snapshot's path, for `pprof.compareWith [path]`; absent on the "Other file…" row. */
  path?: string;
  otherFile?: true;
}

/** The comparison base choices over a timeline: its snapshots, newest first, then "Other file…". */
export function snapshotItems(timeline: Timeline): SnapshotPickRow[] {
  const items: SnapshotPickRow[] = [...timeline.snapshots].reverse().map((s) => {
    const item: SnapshotPickRow = { label: s.label, path: s.path };
    if (s.role) item.description = s.role;
    return item;
  });
  items.push({ label: OTHER_FILE_LABEL, description: 'a profile file', otherFile: true });
  return items;
}
