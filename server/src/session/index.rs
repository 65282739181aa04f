//! The server's immutable view of a loaded profile: everything a request
//! needs, precomputed so requests answer without touching the samples.
//! A reload builds a new `Index` off the request path and swaps it in whole.

use std::path::Path;
use std::sync::Arc;

use dashmap::DashMap;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

pub use super::loaded::Loaded;
use super::series::Growth;
use super::FunctionRef;
use crate::analysis::blocked::waiting_frame;
use crate::analysis::scope::FrameValues;
use crate::analysis::{function_detail, Analysis, FunctionDetail, NodeTables, Views};

/// Values of one source line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStat {
    pub line: i64,
    pub flat: i64,
    pub cum: i64,
    /// In a comparison, (flat, cum) in the base profile; else (0, 0).
    pub base: (i64, i64),
    /// In a goroutine profile, the goroutines waiting on this line.
    pub waiting: Option<i64>,
    /// The source line node (of one profile path: a file with two adds up).
    pub node: u32,
}

/// What a site did between the two profiles of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Not in the base.
    New,
    /// In the base, not in the new profile.
    Gone,
    Grew,
    Shrank,
    Same,
}

impl Change {
    /// From a site's change (flat, cum) and its values in the base.
    pub fn of(change: (i64, i64), base: (i64, i64)) -> Change {
        let now = (change.0 + base.0, change.1 + base.1);
        let weight = |(flat, cum): (i64, i64)| if flat != 0 { flat } else { cum };
        if base == (0, 0) && now != (0, 0) {
            Change::New
        } else if now == (0, 0) && base != (0, 0) {
            Change::Gone
        } else {
            match weight(change).signum() {
                1 => Change::Grew,
                -1 => Change::Shrank,
                _ => Change::Same,
            }
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Gone => "gone",
            Change::Grew => "grew",
            Change::Shrank => "shrank",
            Change::Same => "same",
        }
    }
}

/// A loaded profile seen through one sample type.
#[derive(Debug)]
pub struct Index {
    pub loaded: Arc<Loaded>,
    pub sample_type: usize,
    pub analysis: Analysis,
    /// In a comparison, the base profile's side (its values negated).
    base: Option<Analysis>,
    /// In a goroutine profile, per function, why its goroutines wait.
    wait_reasons: FxHashMap<u32, Vec<(&'static str, i64)>>,
    /// In a goroutine profile, goroutines counted where they wait in the
    /// code (the first frame outside the standard library), and in a
    /// comparison the base's (negated).
    pub waiting: Option<(FrameValues, Option<FrameValues>)>,
    /// Over a timeline, each site's value in every snapshot.
    pub growth: Option<Growth>,
    /// Per file node, its lines with values, in line order.
    file_lines: FxHashMap<u32, Vec<LineStat>>,
    /// Per file node, the function nodes declared in it.
    file_functions: FxHashMap<u32, Vec<u32>>,
    details: DashMap<u32, Arc<FunctionDetail>>,
    /// Per function node, its heaviest line node (by flat, then cum).
    hot_lines: Vec<Option<u32>>,
    /// Flat when only your code is shown (pprof's `-show` with the
    /// workspace's files): what the libraries cost goes to your line that
    /// called them.
    own_flat: FrameValues,
    /// [`Index::hot_lines`] by that flat.
    own_hot_lines: Vec<Option<u32>>,
}

/// All the code, or only the workspace's own files (pprof's `-show` with
/// them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    All,
    Workspace,
}

/// What the server shows: functions (lenses, symbols), lines (the
/// function a line belongs to) and source lines (hints); not whole files.
const SERVER_VIEWS: Views = Views {
    functions: true,
    lines: true,
    files: false,
    source_lines: true,
};

/// Functions held by at least this many samples get their details
/// computed ahead, at most this many functions.
const WARM_UP_MIN_SAMPLES: usize = 20_000;
const WARM_UP_FUNCTIONS: usize = 256;
/// It is part of the load: on a profile too large for all of them in this
/// time, the rest wait for their first hover.
const WARM_UP_TIME: std::time::Duration = std::time::Duration::from_secs(2);

/// How many caller chains a hover may show at most.
pub const CHAIN_LIMIT: usize = 5;

impl Index {
    pub fn build(loaded: Arc<Loaded>, sample_type: usize) -> Index {
        let total_override = loaded.totals.as_ref().map(|t| t[sample_type]);
        // The base's side of a comparison: its samples come after the new
        // profile's, negated.
        let (analysis, base) = match &loaded.snapshots {
            Some(snapshots) => {
                let (change, base) = Analysis::compute_sides(
                    &loaded.profile,
                    &loaded.tables,
                    sample_type,
                    total_override,
                    SERVER_VIEWS,
                    snapshots.new_samples,
                );
                (change, Some(base))
            }
            None => (
                Analysis::compute(
                    &loaded.profile,
                    &loaded.tables,
                    sample_type,
                    total_override,
                    SERVER_VIEWS,
                ),
                None,
            ),
        };
        let base_line = |node: usize| match &base {
            Some(base) => (-base.source_lines.flat[node], -base.source_lines.cum[node]),
            None => (0, 0),
        };
        let tables = &loaded.tables;
        let kind = &loaded.profile.sample_types[sample_type].kind;
        let goroutines = crate::analysis::meaning::counts_goroutines(kind);
        let wait_reasons = if goroutines {
            super::waits::wait_reasons(&loaded.profile, tables, sample_type)
        } else {
            FxHashMap::default()
        };
        let waiting = goroutines.then(|| {
            let all = loaded.profile.samples.len();
            let own = loaded.snapshots.as_ref().map_or(all, |s| s.new_samples);
            let compute = |range| {
                let waiting = |stack: &[u32]| waiting_frame(tables, stack);
                FrameValues::compute(&loaded.profile, tables, sample_type, range, waiting)
            };
            (
                compute(0..all),
                loaded.snapshots.is_some().then(|| compute(own..all)),
            )
        });
        let growth = Growth::build(&loaded, sample_type);
        let mut file_lines: FxHashMap<u32, Vec<LineStat>> = FxHashMap::default();
        for (node, source_line) in tables.source_lines.iter().enumerate() {
            let (flat, cum) = (
                analysis.source_lines.flat[node],
                analysis.source_lines.cum[node],
            );
            if (flat != 0 || cum != 0)
                && source_line.line > 0
                && loaded.resolved_path(source_line.file_node).is_some()
            {
                file_lines
                    .entry(source_line.file_node)
                    .or_default()
                    .push(LineStat {
                        line: source_line.line,
                        flat,
                        cum,
                        base: base_line(node),
                        waiting: waiting.as_ref().map(|(w, _)| w.source_lines[node]),
                        node: node as u32,
                    });
            }
        }
        file_lines
            .values_mut()
            .for_each(|lines| lines.sort_by_key(|l| l.line));
        let mut file_functions: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for (node, function) in tables.functions.iter().enumerate() {
            let has_value = analysis.functions.flat[node] != 0 || analysis.functions.cum[node] != 0;
            if has_value && loaded.resolved_path(function.file_node).is_some() {
                file_functions
                    .entry(function.file_node)
                    .or_default()
                    .push(node as u32);
            }
        }
        let own_flat =
            FrameValues::own_code(&loaded.profile, tables, sample_type, &loaded.own_code);
        let hot_lines = heaviest_lines(tables, &analysis.lines.flat, &analysis.lines.cum);
        let own_hot_lines = heaviest_lines(tables, &own_flat.lines, &analysis.lines.cum);
        Index {
            loaded,
            sample_type,
            analysis,
            base,
            wait_reasons,
            waiting,
            growth,
            file_lines,
            file_functions,
            details: DashMap::new(),
            hot_lines,
            own_flat,
            own_hot_lines,
        }
    }

    /// A function's flat and cum, in a scope.
    pub fn function_values(&self, function: u32, scope: Scope) -> (i64, i64) {
        let (flat, cum) = self.analysis.functions.of(function);
        match scope {
            Scope::All => (flat, cum),
            Scope::Workspace => (self.own_flat.functions[function as usize], cum),
        }
    }

    /// A function is in the scope: any, or one of the workspace's own.
    pub fn in_scope(&self, function: u32, scope: Scope) -> bool {
        scope == Scope::All
            || self.loaded.own_code[self.tables().functions[function as usize].file_node as usize]
    }

    /// What one of your functions costs in the libraries it calls, with
    /// none of your functions between: pprof's `-show` with your files
    /// adds it to the function's flat. None for other functions, or 0.
    pub fn in_libraries_below(&self, function: u32) -> Option<i64> {
        if !self.in_scope(function, Scope::Workspace) {
            return None;
        }
        let (own, _) = self.function_values(function, Scope::Workspace);
        let below = own - self.analysis.functions.flat[function as usize];
        (below != 0).then_some(below)
    }

    pub fn tables(&self) -> &NodeTables {
        &self.loaded.tables
    }

    pub fn kind(&self) -> &str {
        &self.loaded.profile.sample_types[self.sample_type].kind
    }

    pub fn unit(&self) -> &str {
        &self.loaded.profile.sample_types[self.sample_type].unit
    }

    /// In a goroutine profile, why the goroutines that pass through a
    /// function wait, and how many for each reason.
    pub fn wait_reasons(&self, function: u32) -> &[(&'static str, i64)] {
        self.wait_reasons
            .get(&function)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// In a goroutine profile, how many goroutines wait in a function
    /// (in a comparison, the change).
    pub fn waiting_in(&self, function: u32) -> Option<i64> {
        let (waiting, _) = self.waiting.as_ref()?;
        Some(waiting.functions[function as usize])
    }

    /// A line's series over a timeline (both profile paths of a file
    /// added up are not: the first one's).
    pub fn line_series(&self, stat: &LineStat) -> Option<&super::series::Series> {
        self.growth.as_ref()?.lines.get(&stat.node)
    }

    pub fn function_series(&self, function: u32) -> Option<&super::series::Series> {
        self.growth.as_ref()?.functions.get(&function)
    }

    /// A function's (flat, cum) in the base profile of a comparison.
    pub fn base_function(&self, function: u32) -> Option<(i64, i64)> {
        let base = self.base.as_ref()?;
        let f = function as usize;
        Some((-base.functions.flat[f], -base.functions.cum[f]))
    }

    /// What a function did between the two profiles of a comparison.
    pub fn function_change(&self, function: u32) -> Option<Change> {
        let base = self.base_function(function)?;
        Some(Change::of(self.analysis.functions.of(function), base))
    }

    /// Values are changes since a base profile.
    pub fn is_comparison(&self) -> bool {
        self.loaded.base.is_some()
    }

    pub fn total(&self) -> i64 {
        self.analysis.total
    }

    /// Share of the total, 0..1 (absolute: diffs can be negative).
    pub fn share(&self, value: i64) -> f64 {
        if self.total() == 0 {
            0.0
        } else {
            (value as f64 / self.total() as f64).abs()
        }
    }

    /// Lines with values in a workspace file from `first` to `last`
    /// (1-based, inclusive), found by binary search.
    pub fn lines_between(
        &self,
        path: &Path,
        first: i64,
        last: i64,
    ) -> impl Iterator<Item = &LineStat> {
        self.loaded
            .file_nodes(path)
            .iter()
            .filter_map(|n| self.file_lines.get(n))
            .flat_map(move |lines| {
                let start = lines.partition_point(|l| l.line < first);
                let end = lines.partition_point(|l| l.line <= last);
                &lines[start..end.max(start)]
            })
    }

    /// Lines with values in a workspace file, in line order.
    pub fn lines_in(&self, path: &Path) -> impl Iterator<Item = &LineStat> {
        self.loaded
            .file_nodes(path)
            .iter()
            .filter_map(|n| self.file_lines.get(n))
            .flatten()
    }

    pub fn line_stat(&self, path: &Path, line: i64) -> Option<LineStat> {
        let mut found: Option<LineStat> = None;
        for node in self.loaded.file_nodes(path) {
            let Some(lines) = self.file_lines.get(node) else {
                continue;
            };
            if let Ok(i) = lines.binary_search_by_key(&line, |l| l.line) {
                // Two profile paths for one file: add them up.
                let stat = lines[i];
                found = Some(match found {
                    Some(f) => LineStat {
                        line,
                        flat: f.flat + stat.flat,
                        cum: f.cum + stat.cum,
                        base: (f.base.0 + stat.base.0, f.base.1 + stat.base.1),
                        waiting: f.waiting.zip(stat.waiting).map(|(a, b)| a + b),
                        node: f.node,
                    },
                    None => stat,
                });
            }
        }
        found
    }

    /// Function nodes declared in a workspace file.
    pub fn functions_in(&self, path: &Path) -> impl Iterator<Item = u32> + '_ {
        self.loaded
            .file_nodes(path)
            .iter()
            .filter_map(|n| self.file_functions.get(n))
            .flatten()
            .copied()
    }

    /// The line a function's lens and symbol point at: its declaration
    /// (`start_line`), else its first line with samples.
    pub fn function_line(&self, function: u32) -> i64 {
        match self.tables().functions[function as usize].start_line {
            0 => self.loaded.first_lines[function as usize],
            line => line,
        }
    }

    pub fn function_location(&self, function: u32) -> Option<(&Path, i64)> {
        let node = &self.tables().functions[function as usize];
        let path = self.loaded.resolved_path(node.file_node)?;
        Some((path, self.function_line(function).max(1)))
    }

    /// Where a function costs the most: its heaviest line (where the bytes
    /// are allocated, the time spent), else its declaration.
    pub fn hot_location(&self, function: u32, scope: Scope) -> Option<(&Path, i64)> {
        match self.hot_line_node(function, scope) {
            Some(line) => self.line_location(line),
            None => self.function_location(function),
        }
    }

    /// The number of that line, also where its file is not here: where the
    /// code would be.
    pub fn hot_line(&self, function: u32, scope: Scope) -> i64 {
        match self.hot_line_node(function, scope) {
            Some(line) => self.tables().lines[line as usize].line,
            None => self.function_line(function),
        }
    }

    fn hot_line_node(&self, function: u32, scope: Scope) -> Option<u32> {
        match scope {
            Scope::All => self.hot_lines[function as usize],
            Scope::Workspace => self.own_hot_lines[function as usize],
        }
    }

    pub fn line_location(&self, line_node: u32) -> Option<(&Path, i64)> {
        let node = &self.tables().lines[line_node as usize];
        Some((self.loaded.resolved_path(node.file_node)?, node.line.max(1)))
    }

    /// The function a position in a file belongs to: the one declared on
    /// that line, else the heaviest function with samples on it, else the
    /// nearest declaration above it.
    pub fn function_at(&self, path: &Path, line: i64) -> Option<u32> {
        let functions: Vec<u32> = self.functions_in(path).collect();
        if let Some(&f) = functions.iter().find(|&&f| self.function_line(f) == line) {
            return Some(f);
        }
        let file_nodes = self.loaded.file_nodes(path);
        let on_line = self
            .tables()
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.line == line && file_nodes.contains(&l.file_node))
            .max_by_key(|(n, _)| self.analysis.lines.cum[*n].abs())
            .map(|(_, l)| l.function);
        on_line.or_else(|| {
            functions
                .iter()
                .copied()
                .filter(|&f| self.function_line(f) <= line)
                .max_by_key(|&f| self.function_line(f))
        })
    }

    pub fn function_by_ref(&self, reference: &FunctionRef) -> Option<u32> {
        self.loaded.function_by_ref(reference)
    }

    /// Source lines with values too small to be shown.
    pub fn hidden_lines(&self, min_fraction: f64) -> usize {
        let values = &self.analysis.source_lines;
        (0..self.tables().source_lines.len())
            .filter(|&n| {
                let (flat, cum) = (values.flat[n], values.cum[n]);
                (cum != 0 || flat != 0) && self.share(cum.abs().max(flat.abs())) < min_fraction
            })
            .count()
    }

    /// Call paths and call sites of a function, computed on first use.
    pub fn detail(&self, function: u32) -> Arc<FunctionDetail> {
        if let Some(detail) = self.details.get(&function) {
            return detail.clone();
        }
        let loaded = &self.loaded;
        let detail = function_detail(
            &loaded.profile,
            self.tables(),
            self.sample_type,
            function,
            CHAIN_LIMIT,
            &loaded.call_index,
        );
        let detail = Arc::new(detail);
        self.details.insert(function, detail.clone());
        detail
    }

    /// Computes ahead the details of the functions the most samples hold:
    /// their scans are the longest (a millisecond or more from about
    /// `WARM_UP_MIN_SAMPLES`). Heaviest first, while `still_wanted`;
    /// returns how many it computed.
    pub fn warm_up(&self, still_wanted: impl Fn() -> bool) -> usize {
        let call_index = &self.loaded.call_index;
        let mut heaviest: Vec<u32> = (0..self.tables().functions.len() as u32)
            .filter(|&f| call_index.sample_count(f) >= WARM_UP_MIN_SAMPLES)
            .collect();
        heaviest.sort_by_key(|&f| std::cmp::Reverse(call_index.sample_count(f)));
        heaviest.truncate(WARM_UP_FUNCTIONS);
        let started = std::time::Instant::now();
        for (done, &function) in heaviest.iter().enumerate() {
            if !still_wanted() || started.elapsed() > WARM_UP_TIME {
                return done;
            }
            self.detail(function);
        }
        heaviest.len()
    }
}

/// Per function node, its heaviest line node by `flat`, then `cum` (both
/// per line node).
fn heaviest_lines(tables: &NodeTables, flat: &[i64], cum: &[i64]) -> Vec<Option<u32>> {
    let mut hot_lines: Vec<Option<u32>> = vec![None; tables.functions.len()];
    let weight = |n: u32| (flat[n as usize].abs(), cum[n as usize].abs());
    for (node, line) in tables.lines.iter().enumerate() {
        let node = node as u32;
        let hot = &mut hot_lines[line.function as usize];
        if line.line > 0 && weight(node) > (0, 0) && hot.is_none_or(|h| weight(node) > weight(h)) {
            *hot = Some(node);
        }
    }
    hot_lines
}
