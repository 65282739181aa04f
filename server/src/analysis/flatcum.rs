//! Flat and cum at every granularity in one pass over the samples, with
//! pprof's rules (graph.go, newGraph): a sample adds to a node's cum once
//! however often the node is on its stack; flat goes to the innermost frame
//! of the leaf location; the total is the sum of absolute values.

use super::nodes::{FrameNodes, Granularity, InlineEdges, NodeTables};
use crate::profile::Profile;

/// Per-node values at one granularity.
#[derive(Debug, Clone, Default)]
pub struct NodeValues {
    pub flat: Vec<i64>,
    pub cum: Vec<i64>,
    /// Bit 0: some caller always inlines its calls into the node; bit 1:
    /// some caller does not (pprof's edges: an edge is inlined when every
    /// sample's first call along it is).
    pub calls_in: Vec<u8>,
    /// While counting: per inline edge (see `InlineEdges`), how the samples'
    /// first calls along it were made (bits as in `calls_in`).
    edge_calls: Vec<u8>,
}

const INLINED_CALL: u8 = 1;
const REAL_CALL: u8 = 2;

impl NodeValues {
    fn new(len: usize, edges: usize) -> NodeValues {
        NodeValues {
            flat: vec![0; len],
            cum: vec![0; len],
            calls_in: vec![0; len],
            edge_calls: vec![0; edges],
        }
    }

    /// Marks the callees of the edges that were always inlined.
    fn finish(&mut self, edges: &InlineEdges) {
        for (edge, &calls) in self.edge_calls.iter().enumerate() {
            if calls == INLINED_CALL {
                self.calls_in[edges.callee[edge] as usize] |= INLINED_CALL;
            }
        }
        self.edge_calls = Vec::new();
    }

    fn add(&mut self, other: &NodeValues) {
        self.flat
            .iter_mut()
            .zip(&other.flat)
            .for_each(|(a, b)| *a += b);
        self.cum
            .iter_mut()
            .zip(&other.cum)
            .for_each(|(a, b)| *a += b);
        self.calls_in
            .iter_mut()
            .zip(&other.calls_in)
            .for_each(|(a, b)| *a |= b);
        self.edge_calls
            .iter_mut()
            .zip(&other.edge_calls)
            .for_each(|(a, b)| *a |= b);
    }

    /// A node's flat and cum.
    pub fn of(&self, node: u32) -> (i64, i64) {
        (self.flat[node as usize], self.cum[node as usize])
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
}

/// Which granularities to compute: each costs time in the pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Views {
    pub functions: bool,
    pub lines: bool,
    pub files: bool,
    pub source_lines: bool,
}

impl Views {
    pub const ALL: Views = Views {
        functions: true,
        lines: true,
        files: true,
        source_lines: true,
    };

    /// Just what a report at one granularity needs.
    pub fn of(granularity: Granularity) -> Views {
        Views {
            functions: granularity == Granularity::Functions,
            lines: granularity == Granularity::Lines,
            files: granularity == Granularity::Files,
            source_lines: false,
        }
    }
}

/// Flat and cum of a range of samples; ranges are added up at the end.
struct Partial {
    total: i64,
    functions: NodeValues,
    lines: NodeValues,
    files: NodeValues,
    source_lines: NodeValues,
}

impl Partial {
    fn add(&mut self, other: &Partial) {
        self.total += other.total;
        self.functions.add(&other.functions);
        self.lines.add(&other.lines);
        self.files.add(&other.files);
        self.source_lines.add(&other.source_lines);
    }

    fn finish(mut self, tables: &NodeTables, sample_type: usize, total: Option<i64>) -> Analysis {
        self.functions.finish(&tables.function_edges);
        self.lines.finish(&tables.line_edges);
        self.files.finish(&tables.file_edges);
        Analysis {
            sample_type,
            total: total.unwrap_or(self.total),
            functions: self.functions,
            lines: self.lines,
            files: self.files,
            source_lines: self.source_lines,
        }
    }
}

/// The unfinished sums over a range of samples, split between the cores.
fn partial_over(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
    views: Views,
    samples: std::ops::Range<usize>,
) -> Partial {
    let offset = samples.start;
    let mut parts = super::parallel::over_samples(samples.len(), |range| {
        let range = range.start + offset..range.end + offset;
        compute_range(profile, tables, sample_type, views, range)
    })
    .into_iter();
    let mut sum = parts
        .next()
        .unwrap_or_else(|| compute_range(profile, tables, sample_type, views, 0..0));
    parts.for_each(|part| sum.add(&part));
    sum
}

impl Analysis {
    /// Computes all granularities for `sample_type`, the samples split
    /// between the machine's cores. `total_override` replaces the total
    /// (pprof's `-diff_base` uses the base's total).
    pub fn compute(
        profile: &Profile,
        tables: &NodeTables,
        sample_type: usize,
        total_override: Option<i64>,
        views: Views,
    ) -> Analysis {
        let all = 0..profile.samples.len();
        Analysis::compute_over(profile, tables, sample_type, total_override, views, all)
    }

    /// [`Analysis::compute`] over some of the samples only (one side of a
    /// comparison).
    pub fn compute_over(
        profile: &Profile,
        tables: &NodeTables,
        sample_type: usize,
        total_override: Option<i64>,
        views: Views,
        samples: std::ops::Range<usize>,
    ) -> Analysis {
        let sum = partial_over(profile, tables, sample_type, views, samples);
        sum.finish(tables, sample_type, total_override)
    }

    /// A comparison's two analyses in one pass over each side: of all the
    /// samples (the change), and of the base's side, its samples from
    /// `base_start` on. Flat and cum add up sample by sample, so the change
    /// is the sum of the sides; which calls are inlined is decided over
    /// both, as pprof does on the merged profile.
    pub fn compute_sides(
        profile: &Profile,
        tables: &NodeTables,
        sample_type: usize,
        total_override: Option<i64>,
        views: Views,
        base_start: usize,
    ) -> (Analysis, Analysis) {
        let all = profile.samples.len();
        let mut change = partial_over(profile, tables, sample_type, views, 0..base_start);
        let base = partial_over(profile, tables, sample_type, views, base_start..all);
        change.add(&base);
        (
            change.finish(tables, sample_type, total_override),
            base.finish(tables, sample_type, None),
        )
    }

    /// The values at a granularity; it must have been among the views
    /// computed (an uncomputed one has no nodes).
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

/// Values of one granularity for a range of samples. An unwanted
/// granularity has no nodes and costs one branch per frame.
struct Counter<'a> {
    values: NodeValues,
    /// `seen[node] == sample + 1` when the node already got this sample.
    seen: Vec<u32>,
    /// The inline edges, when marks are wanted.
    edges: Option<&'a InlineEdges>,
    /// `edge_seen[edge] == sample + 1` when the sample already called
    /// along the edge: pprof counts only a sample's first call along one.
    edge_seen: Vec<u32>,
}

/// Where a frame is and how it was called.
#[derive(Clone, Copy)]
struct Visit {
    stamp: u32,
    value: i64,
    /// Its index in `NodeTables::frames`.
    frame: usize,
    /// Inlined into its caller (not the outermost frame of its location).
    inlined: bool,
}

impl<'a> Counter<'a> {
    fn new(nodes: usize, wanted: bool, edges: Option<&'a InlineEdges>) -> Counter<'a> {
        let nodes = if wanted { nodes } else { 0 };
        let edge_count = match (wanted, edges) {
            (true, Some(edges)) => edges.callee.len(),
            _ => 0,
        };
        Counter {
            values: NodeValues::new(nodes, edge_count),
            seen: vec![0; nodes],
            edges: edges.filter(|_| wanted),
            edge_seen: vec![0; edge_count],
        }
    }

    /// `on_inline_edge`: the frame's flag for this granularity.
    #[inline(always)]
    fn visit(&mut self, node: u32, parent: Option<u32>, visit: Visit, on_inline_edge: bool) {
        if self.seen.is_empty() {
            return;
        }
        let at = node as usize;
        if self.seen[at] != visit.stamp {
            self.seen[at] = visit.stamp;
            self.values.cum[at] += visit.value;
        }
        let Some(parent) = parent.filter(|&p| p != node) else {
            return;
        };
        match self.edges {
            Some(edges) if on_inline_edge => self.call_on_inline_edge(edges, node, parent, visit),
            _ => self.values.calls_in[at] |= REAL_CALL,
        }
    }

    /// A call along an edge that some location inlines: only the sample's
    /// first along the edge counts.
    #[inline(never)]
    fn call_on_inline_edge(&mut self, edges: &InlineEdges, node: u32, parent: u32, visit: Visit) {
        let edge = if visit.inlined {
            Some(edges.of_frame[visit.frame])
        } else {
            edges.by_pair.get(&(parent, node)).copied()
        };
        let Some(edge) = edge.map(|e| e as usize) else {
            // A caller that never inlines it.
            self.values.calls_in[node as usize] |= REAL_CALL;
            return;
        };
        if self.edge_seen[edge] != visit.stamp {
            self.edge_seen[edge] = visit.stamp;
            if visit.inlined {
                self.values.edge_calls[edge] |= INLINED_CALL;
            } else {
                self.values.edge_calls[edge] |= REAL_CALL;
                self.values.calls_in[node as usize] |= REAL_CALL;
            }
        }
    }

    #[inline]
    fn leaf(&mut self, node: u32, value: i64) {
        if !self.seen.is_empty() {
            self.values.flat[node as usize] += value;
        }
    }
}

fn compute_range(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
    views: Views,
    range: std::ops::Range<usize>,
) -> Partial {
    let types = profile.sample_types.len();
    let samples = &profile.samples;
    let mut functions = Counter::new(
        tables.functions.len(),
        views.functions,
        Some(&tables.function_edges),
    );
    let mut lines = Counter::new(tables.lines.len(), views.lines, Some(&tables.line_edges));
    let mut files = Counter::new(tables.files.len(), views.files, Some(&tables.file_edges));
    // Source lines are not pprof's rows: no marks.
    let mut source_lines = Counter::new(tables.source_lines.len(), views.source_lines, None);
    let mut total = 0i64;
    for sample in range {
        let value = samples.values.get(sample * types + sample_type);
        total += value.abs();
        if value == 0 {
            continue;
        }
        let stamp = sample as u32 + 1;
        let mut parent: Option<FrameNodes> = None;
        let stack = samples.stack(sample);
        for (i, &location) in stack.iter().enumerate().rev() {
            // Locations are looked up in no order: fetch a few ahead.
            if let Some(&ahead) = i.checked_sub(8).map(|j| &stack[j]) {
                tables.prefetch_location(ahead);
            }
            if let Some(&ahead) = i.checked_sub(4).map(|j| &stack[j]) {
                tables.prefetch_frames(ahead);
            }
            for frame in tables.location_frame_range(location).rev() {
                let info = &tables.frames[frame];
                let nodes = info.nodes;
                let visit = Visit {
                    stamp,
                    value,
                    frame,
                    inlined: !info.is_outermost,
                };
                let [function_edge, line_edge, file_edge] = info.on_inline_edge;
                functions.visit(
                    nodes.function,
                    parent.map(|p| p.function),
                    visit,
                    function_edge,
                );
                lines.visit(nodes.line, parent.map(|p| p.line), visit, line_edge);
                files.visit(nodes.file, parent.map(|p| p.file), visit, file_edge);
                source_lines.visit(
                    nodes.source_line,
                    parent.map(|p| p.source_line),
                    visit,
                    false,
                );
                parent = Some(nodes);
            }
        }
        if let Some(leaf) = parent {
            functions.leaf(leaf.function, value);
            lines.leaf(leaf.line, value);
            files.leaf(leaf.file, value);
            source_lines.leaf(leaf.source_line, value);
        }
    }
    Partial {
        total,
        functions: functions.values,
        lines: lines.values,
        files: files.values,
        source_lines: source_lines.values,
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
