//! Information diagnostics for Problems panels and quickfix lists: on the
//! heaviest lines (off by default), and over a timeline on the lines that
//! grow steadily (on by default).

use std::collections::BTreeMap;
use std::path::PathBuf;

use std::sync::Arc;

use super::hints::STALE_MARK;
use super::index::Index;
use super::{words, View};

/// What a diagnostic is about, for clients that filter (`code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    Heaviest,
    SteadyGrowth,
}

impl Finding {
    pub fn code(self) -> Option<&'static str> {
        match self {
            Finding::Heaviest => None,
            Finding::SteadyGrowth => Some("steady-growth"),
        }
    }
}

pub type Findings = BTreeMap<PathBuf, Vec<(i64, Finding, String)>>;

/// The findings on the lines where the profile's lines are now in each
/// file (as open in the editor, else on disk): a deleted line's go, a
/// stale one's say so first.
pub fn placed(view: &View, index: &Arc<Index>, findings: Findings) -> Findings {
    findings
        .into_iter()
        .map(|(path, lines)| {
            let Some(placement) = view.document(&path).map(|d| d.placement(index, &path)) else {
                return (path, lines);
            };
            let lines = lines
                .into_iter()
                .filter_map(|(line, finding, message)| {
                    let (now, stale) = placement.line_of(line)?;
                    let message = if stale {
                        format!("{STALE_MARK}{message}")
                    } else {
                        message
                    };
                    Some((now, finding, message))
                })
                .collect();
            (path, lines)
        })
        .collect()
}

/// Per file, (1-based line, finding, message): the lines that grow
/// steadily, then (when `heaviest` > 0) the heaviest lines.
pub fn findings(index: &Index, heaviest: usize, growth: bool) -> Findings {
    let mut by_file = Findings::new();
    if growth {
        for (path, lines) in steady_lines(index) {
            by_file.entry(path).or_default().extend(
                lines
                    .into_iter()
                    .map(|(line, message)| (line, Finding::SteadyGrowth, message)),
            );
        }
    }
    if heaviest > 0 {
        for (path, lines) in heaviest_lines(index, heaviest) {
            by_file.entry(path).or_default().extend(
                lines
                    .into_iter()
                    .map(|(line, message)| (line, Finding::Heaviest, message)),
            );
        }
    }
    by_file
}

/// Per file, (1-based line, message) of each line that rose at every
/// snapshot of the newest three or more.
fn steady_lines(index: &Index) -> BTreeMap<PathBuf, Vec<(i64, String)>> {
    let mut by_file: BTreeMap<PathBuf, Vec<(i64, String)>> = BTreeMap::new();
    let Some(growth) = &index.growth else {
        return by_file;
    };
    let tables = index.tables();
    for (&node, series) in &growth.lines {
        let source_line = tables.source_lines[node as usize];
        if !series.steady || source_line.line <= 0 {
            continue;
        }
        let Some(path) = index.loaded.resolved_path(source_line.file_node) else {
            continue;
        };
        let rising = series.rising_snapshots();
        by_file.entry(path.to_path_buf()).or_default().push((
            source_line.line,
            format!(
                "{} grew at each of the last {rising} snapshots: {}",
                index.kind(),
                words::series(index, series)
            ),
        ));
    }
    for lines in by_file.values_mut() {
        lines.sort();
    }
    by_file
}

/// Per file, (1-based line, message), heaviest first.
fn heaviest_lines(index: &Index, count: usize) -> BTreeMap<PathBuf, Vec<(i64, String)>> {
    let tables = index.tables();
    let values = &index.analysis.source_lines;
    let mut lines: Vec<u32> = (0..tables.source_lines.len() as u32)
        .filter(|&n| {
            let source_line = tables.source_lines[n as usize];
            values.flat[n as usize] != 0
                && source_line.line > 0
                && index.loaded.resolved_path(source_line.file_node).is_some()
        })
        .collect();
    lines.sort_by_key(|&n| std::cmp::Reverse(values.flat[n as usize].abs()));
    let mut by_file: BTreeMap<PathBuf, Vec<(i64, String)>> = BTreeMap::new();
    for (rank, n) in lines.into_iter().take(count).enumerate() {
        let source_line = tables.source_lines[n as usize];
        let Some(path) = index.loaded.resolved_path(source_line.file_node) else {
            continue;
        };
        let (flat, cum) = (values.flat[n as usize], values.cum[n as usize]);
        by_file.entry(path.to_path_buf()).or_default().push((
            source_line.line,
            format!(
                "#{} by flat {}: {} flat ({}), {} cum",
                rank + 1,
                index.kind(),
                words::value(index, flat),
                words::share(index, flat),
                words::value(index, cum)
            ),
        ));
    }
    by_file
}
