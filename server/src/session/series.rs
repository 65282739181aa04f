//! A timeline's series: each line's and function's value in every
//! snapshot, oldest first, and which of them grow steadily.

use rustc_hash::FxHashMap;

use super::loaded::Loaded;
use crate::analysis::growth::{grows_steadily, rising_steps, SiteNames};
use crate::analysis::CompareMode;

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// One value per snapshot, oldest first.
    pub values: Box<[i64]>,
    pub steady: bool,
}

impl Series {
    /// How many of the newest snapshots it rose through, one to the next
    /// (1: it did not rise into the newest).
    pub fn rising_snapshots(&self) -> usize {
        rising_steps(&self.values) + 1
    }

    pub fn delta(&self) -> i64 {
        self.values.last().copied().unwrap_or(0) - self.values.first().copied().unwrap_or(0)
    }
}

/// The series of one sample type over a timeline of at least two
/// snapshots, by node of the shown profile.
#[derive(Debug, Default)]
pub struct Growth {
    /// When each snapshot was taken (nanoseconds since 1970), oldest first.
    pub taken: Vec<i64>,
    /// By source line node.
    pub lines: FxHashMap<u32, Series>,
    /// By function node.
    pub functions: FxHashMap<u32, Series>,
    /// Steady growth is looked for: the sample type is a gauge (what is in
    /// use now, goroutines now). Counters since the start rise anyway.
    pub flags_growth: bool,
}

impl Growth {
    pub fn build(loaded: &Loaded, sample_type: usize) -> Option<Growth> {
        let timeline = loaded.timeline.as_deref()?;
        if timeline.snapshots.len() < 2 {
            return None;
        }
        let kind = &loaded.profile.sample_types[sample_type].kind;
        let count = timeline.snapshots.len();
        let tables = &loaded.tables;
        // Each site's number in the timeline, to the node it is here.
        let names = SiteNames::of(tables);
        let keys = timeline.keys.lock().expect("site keys lock");
        let line_nodes: FxHashMap<u32, u32> = (0..tables.source_lines.len())
            .filter_map(|node| Some((keys.line(&names.line(node))?, node as u32)))
            .collect();
        let function_nodes: FxHashMap<u32, u32> = (0..tables.functions.len())
            .filter_map(|node| Some((keys.function(&names.function(node))?, node as u32)))
            .collect();
        drop(keys);
        let mut lines: FxHashMap<u32, Vec<i64>> = FxHashMap::default();
        let mut functions: FxHashMap<u32, Vec<i64>> = FxHashMap::default();
        let mut newest_total = 0;
        for (at, snapshot) in timeline.snapshots.iter().enumerate() {
            let summary = &snapshot.summary;
            let Some(t) = summary.sample_type_index(kind) else {
                continue;
            };
            newest_total = summary.totals[t];
            for (id, value) in summary.lines(t) {
                if let Some(&node) = line_nodes.get(&id) {
                    lines.entry(node).or_insert_with(|| vec![0; count])[at] += value;
                }
            }
            for (id, value) in summary.functions(t) {
                if let Some(&node) = function_nodes.get(&id) {
                    functions.entry(node).or_insert_with(|| vec![0; count])[at] += value;
                }
            }
        }
        let flags_growth = CompareMode::for_sample_type(kind) == CompareMode::Diff;
        let series = |values: Vec<i64>| Series {
            steady: flags_growth && grows_steadily(&values, newest_total),
            values: values.into(),
        };
        Some(Growth {
            taken: timeline.snapshots.iter().map(|s| s.taken_nanos()).collect(),
            lines: lines.into_iter().map(|(n, v)| (n, series(v))).collect(),
            functions: functions.into_iter().map(|(n, v)| (n, series(v))).collect(),
            flags_growth,
        })
    }

    /// How long the series spans, when the snapshots say.
    pub fn span_nanos(&self) -> Option<i64> {
        let span = self.taken.last()? - self.taken.first()?;
        (span > 0).then_some(span)
    }
}
