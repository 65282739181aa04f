// Quick-pick rows built from the server's texts (pure; no `vscode` import).
import { Chain, Edge, SampleTypeChoices, TopRow } from './protocol';

export interface PickRow {
  label: string;
  description?: string;
  detail?: string;
}

/** A row of `pprof.top`: the short name, `<flat> flat (<%>) · <cum> cum (<%>)`, and where. */
export function topRowItem(row: TopRow): PickRow {
  return { label: row.shortName, description: row.text, detail: row.where };
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

/** The profile's sample types, the current one marked. */
export function sampleTypeItems(res: SampleTypeChoices): SampleTypeRow[] {
  return res.choices.map((c) => ({
    name: c.name,
    label: c.name,
    description: c.name === res.current ? `${c.unit} (current)` : c.unit,
    detail: c.description,
    picked: c.name === res.current,
  }));
}
