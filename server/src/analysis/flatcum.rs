//! Flat and cum at every granularity in one pass over the samples, with
//! pprof's rules (graph.go, newGraph): a sample adds to a node's cum once
//! however often the node is on its stack; flat goes to the innermost frame
//! of the leaf location; the total is the sum of absolute values.

use rustc_hash::FxHashMap;

use super::nodes::{Granularity, NodeTables};
use crate::profile::Profile;

/// Per-node values at one granularity.
#[derive(Debug, Clone, Default)]
pub struct NodeValues {
    pub flat: Vec<i64>,
    pub cum: Vec<i64>,
    /// Bit 0: some call into the node is inlined; bit 1: some is not.
    pub calls_in: Vec<u8>,
}

const INLINED_CALL: u8 = 1;
const REAL_CALL: u8 = 2;

impl NodeValues {
    fn new(len: usize) -> NodeValues {
        NodeValues {
            flat: vec![0; len],
            cum: vec![0; len],
            calls_in: vec![0; len],
        }
    }

    /// pprof's mark after a name: `(inline)` when every call into the node
    /// was inlined, `(partial-inline)` when some were.
    pub fn inline_mark(&self, node: u32) -> Option<&'static str> {
        match self.calls_in[node as usize] {
            INLINED_CALL => Some("(inline)"),
            3 => Some("(partial-inline)"),
            _ => None,
        }
    }
}

/// A caller-to-callee edge between two functions, weighted by the samples
/// that pass through it (each sample once).
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub caller: u32,
    pub callee: u32,
    pub weight: i64,
    /// Every call along this edge was inlined.
    pub inline: bool,
}

/// What one sample type of one profile adds up to.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub sample_type: usize,
    /// Sum of |value| over all samples (or over the base's, for a diff).
    pub total: i64,
    pub functions: NodeValues,
    pub lines: NodeValues,
    pub files: NodeValues,
    /// Values per source line (file and line, whatever the function).
    pub source_lines: NodeValues,
    pub edges: Vec<Edge>,
}

impl Analysis {
    /// Computes all granularities for `sample_type`. `total_override`
    /// replaces the total (pprof's `-diff_base` uses the base's total).
    pub fn compute(
        profile: &Profile,
        tables: &NodeTables,
        sample_type: usize,
        total_override: Option<i64>,
    ) -> Analysis {
        let types = profile.sample_types.len();
        let samples = &profile.samples;
        let mut functions = NodeValues::new(tables.functions.len());
        let mut lines = NodeValues::new(tables.lines.len());
        let mut files = NodeValues::new(tables.files.len());
        let mut source_lines = NodeValues::new(tables.source_lines.len());
        // seen_*[node] == sample + 1 when the node already got this sample.
        let mut seen_function = vec![0u32; tables.functions.len()];
        let mut seen_line = vec![0u32; tables.lines.len()];
        let mut seen_file = vec![0u32; tables.files.len()];
        let mut seen_source_line = vec![0u32; tables.source_lines.len()];
        let mut edge_ids: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut edges: Vec<Edge> = Vec::new();
        let mut seen_edge: Vec<u32> = Vec::new();
        let mut total = 0i64;

        for sample in 0..samples.len() {
            let value = samples.values[sample * types + sample_type];
            total += value.abs();
            if value == 0 {
                continue;
            }
            let stamp = sample as u32 + 1;
            let mut parent: Option<crate::analysis::nodes::FrameNodes> = None;
            let mut last_frame = None;
            for &location in samples.stack(sample).iter().rev() {
                let range = profile.locations[location as usize].frames.clone();
                for frame in range.rev() {
                    let nodes = tables.frame_nodes[frame as usize];
                    let call = if tables.frame_is_outermost[frame as usize] {
                        REAL_CALL
                    } else {
                        INLINED_CALL
                    };
                    add_cum(
                        &mut functions,
                        &mut seen_function,
                        nodes.function,
                        stamp,
                        value,
                    );
                    add_cum(&mut lines, &mut seen_line, nodes.line, stamp, value);
                    add_cum(&mut files, &mut seen_file, nodes.file, stamp, value);
                    add_cum(
                        &mut source_lines,
                        &mut seen_source_line,
                        nodes.source_line,
                        stamp,
                        value,
                    );
                    if let Some(parent) = parent {
                        mark_call(&mut functions, parent.function, nodes.function, call);
                        mark_call(&mut lines, parent.line, nodes.line, call);
                        mark_call(&mut files, parent.file, nodes.file, call);
                        mark_call(
                            &mut source_lines,
                            parent.source_line,
                            nodes.source_line,
                            call,
                        );
                        if parent.function != nodes.function {
                            let next_id = edges.len() as u32;
                            let id = *edge_ids
                                .entry((parent.function, nodes.function))
                                .or_insert(next_id);
                            if id == next_id {
                                edges.push(Edge {
                                    caller: parent.function,
                                    callee: nodes.function,
                                    weight: 0,
                                    inline: true,
                                });
                                seen_edge.push(0);
                            }
                            let edge = &mut edges[id as usize];
                            edge.inline &= call == INLINED_CALL;
                            if seen_edge[id as usize] != stamp {
                                seen_edge[id as usize] = stamp;
                                edge.weight += value;
                            }
                        }
                    }
                    parent = Some(nodes);
                    last_frame = Some(nodes);
                }
            }
            if let Some(leaf) = last_frame {
                functions.flat[leaf.function as usize] += value;
                lines.flat[leaf.line as usize] += value;
                files.flat[leaf.file as usize] += value;
                source_lines.flat[leaf.source_line as usize] += value;
            }
        }
        Analysis {
            sample_type,
            total: total_override.unwrap_or(total),
            functions,
            lines,
            files,
            source_lines,
            edges,
        }
    }

    pub fn values(&self, granularity: Granularity) -> &NodeValues {
        match granularity {
            Granularity::Functions => &self.functions,
            Granularity::Lines => &self.lines,
            Granularity::Files => &self.files,
        }
    }

    /// The nodes pprof would list (flat or cum non-zero), heaviest first:
    /// by |flat|, then |cum|, then name.
    pub fn top(&self, tables: &NodeTables, granularity: Granularity) -> Vec<TopRow> {
        let values = self.values(granularity);
        let mut rows: Vec<TopRow> = (0..values.flat.len())
            .filter(|&n| values.flat[n] != 0 || values.cum[n] != 0)
            .map(|n| TopRow {
                node: n as u32,
                flat: values.flat[n],
                cum: values.cum[n],
            })
            .collect();
        rows.sort_by(|a, b| {
            b.flat
                .abs()
                .cmp(&a.flat.abs())
                .then(b.cum.abs().cmp(&a.cum.abs()))
                .then_with(|| {
                    node_name(tables, granularity, a.node).cmp(node_name(
                        tables,
                        granularity,
                        b.node,
                    ))
                })
        });
        rows
    }
}

/// The name pprof sorts and prints a node by.
pub fn node_name(tables: &NodeTables, granularity: Granularity, node: u32) -> &str {
    match granularity {
        Granularity::Functions => &tables.functions[node as usize].name,
        Granularity::Lines => &tables.functions[tables.lines[node as usize].function as usize].name,
        Granularity::Files => &tables.files[node as usize].name,
    }
}

/// A row's name as pprof's `-top` prints it (without the inline mark).
pub fn row_label(tables: &NodeTables, granularity: Granularity, node: u32) -> String {
    match granularity {
        Granularity::Lines => line_label(tables, node),
        _ => node_name(tables, granularity, node).to_string(),
    }
}

/// A line node as pprof prints it: `name file:line`, or less where the
/// profile has no line or no file.
pub fn line_label(tables: &NodeTables, node: u32) -> String {
    let line = &tables.lines[node as usize];
    let name = &tables.functions[line.function as usize].name;
    let file = &tables.files[line.file_node as usize];
    let path = if file.is_source {
        file.name.as_str()
    } else {
        ""
    };
    match (line.line, path) {
        (0, "") => name.clone(),
        (0, path) => format!("{name} {path}"),
        (number, path) => format!("{name} {path}:{number}"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopRow {
    pub node: u32,
    pub flat: i64,
    pub cum: i64,
}

#[inline]
fn add_cum(values: &mut NodeValues, seen: &mut [u32], node: u32, stamp: u32, value: i64) {
    let node = node as usize;
    if seen[node] != stamp {
        seen[node] = stamp;
        values.cum[node] += value;
    }
}

#[inline]
fn mark_call(values: &mut NodeValues, parent: u32, node: u32, call: u8) {
    if parent != node {
        values.calls_in[node as usize] |= call;
    }
}
