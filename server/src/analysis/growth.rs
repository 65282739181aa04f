//! What keeps growing across a series of snapshots: each function's flat
//! in every snapshot, its change from the first to the last, the rate per
//! hour, and whether it grew steadily.

use std::path::Path;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::blocked::waiting_frame;
use super::{Analysis, NodeTables, Views};
use crate::profile::{Profile, Values};

/// A site grows steadily when its value rose from each snapshot to the
/// next over at least this many of the newest snapshots...
pub const STEADY_SNAPSHOTS: usize = 3;
/// ...by at least this share of the newest snapshot's total. Sampled heap
/// profiles are noisy: a buffer replaced now and then, or garbage that
/// comes and goes, rises for a while by small amounts.
pub const STEADY_MIN_SHARE: f64 = 0.01;

#[derive(Debug, Clone, PartialEq)]
pub struct GrowthRow {
    pub function: String,
    pub file: String,
    /// The function's start line (0 when the profile has none).
    pub line: i64,
    /// Flat in each snapshot, oldest first.
    pub values: Vec<i64>,
    /// Newest minus oldest.
    pub delta: i64,
    pub rate_per_hour: Option<f64>,
    pub steady: bool,
}

/// Each function's flat across the (ordered) snapshots, for the sample
/// type of that name; rows sorted by delta, largest growth first. A
/// snapshot without that sample type is an error naming its path.
pub fn growth(
    snapshots: &[(&Path, &Profile)],
    sample_type: &str,
) -> Result<Vec<GrowthRow>, String> {
    let count = snapshots.len();
    let mut rows: FxHashMap<(String, String, i64), Vec<i64>> = FxHashMap::default();
    let mut newest_total = 0;
    for (at, &(path, profile)) in snapshots.iter().enumerate() {
        let t = profile.sample_type_index(sample_type).ok_or_else(|| {
            format!(
                "{}: the profile has no sample type {sample_type:?}",
                path.display()
            )
        })?;
        let tables = NodeTables::build(profile);
        let analysis = Analysis::compute(
            profile,
            &tables,
            t,
            None,
            Views::of(super::Granularity::Functions),
        );
        newest_total = analysis.total;
        for (node, function) in tables.functions.iter().enumerate() {
            let flat = analysis.functions.flat[node];
            if flat == 0 {
                continue;
            }
            let key = (
                function.name.clone(),
                function.file.clone(),
                function.start_line,
            );
            rows.entry(key).or_insert_with(|| vec![0; count])[at] += flat;
        }
    }
    let elapsed = match (snapshots.first(), snapshots.last()) {
        (Some((_, first)), Some((_, last))) if first.time_nanos != 0 => {
            let elapsed = last.time_nanos - first.time_nanos;
            (elapsed > 0).then_some(elapsed)
        }
        _ => None,
    };
    let mut rows: Vec<GrowthRow> = rows
        .into_iter()
        .map(|((function, file, line), values)| {
            let delta = values.last().copied().unwrap_or(0) - values.first().copied().unwrap_or(0);
            GrowthRow {
                rate_per_hour: elapsed.map(|e| per_hour(delta, e)),
                steady: grows_steadily(&values, newest_total),
                function,
                file,
                line,
                values,
                delta,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.delta
            .cmp(&a.delta)
            .then_with(|| a.function.cmp(&b.function))
            .then_with(|| a.file.cmp(&b.file))
    });
    Ok(rows)
}

/// Rose from each snapshot to the next over the newest
/// [`STEADY_SNAPSHOTS`] or more, by at least [`STEADY_MIN_SHARE`] of the
/// newest total.
pub fn grows_steadily(values: &[i64], newest_total: i64) -> bool {
    let rising = rising_steps(values);
    if rising + 1 < STEADY_SNAPSHOTS {
        return false;
    }
    let start = values[values.len() - 1 - rising];
    let rise = values[values.len() - 1] - start;
    rise as f64 >= STEADY_MIN_SHARE * newest_total.abs() as f64
}

/// A change over `nanos`, per hour.
pub fn per_hour(change: i64, nanos: i64) -> f64 {
    change as f64 * 3_600e9 / nanos as f64
}

/// How many of the last steps, from one snapshot to the next, rose.
pub fn rising_steps(values: &[i64]) -> usize {
    values
        .windows(2)
        .rev()
        .take_while(|pair| pair[1] > pair[0])
        .count()
}

/// A line of a source file, as profiles name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LineKey {
    pub file: Arc<str>,
    pub line: i64,
}

/// A function, as profiles name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FunctionKey {
    pub name: Arc<str>,
    pub file: Arc<str>,
    pub start_line: i64,
}

/// The names of a profile's sites by node: what a summary numbers and a
/// timeline's series look up. Each file's name is made once.
pub struct SiteNames<'a> {
    tables: &'a NodeTables,
    files: Vec<Arc<str>>,
}

impl<'a> SiteNames<'a> {
    pub fn of(tables: &'a NodeTables) -> SiteNames<'a> {
        let files = tables
            .files
            .iter()
            .map(|f| f.name.as_str().into())
            .collect();
        SiteNames { tables, files }
    }

    pub fn line(&self, node: usize) -> LineKey {
        let source_line = self.tables.source_lines[node];
        LineKey {
            file: self.files[source_line.file_node as usize].clone(),
            line: source_line.line,
        }
    }

    pub fn function(&self, node: usize) -> FunctionKey {
        let function = &self.tables.functions[node];
        FunctionKey {
            name: function.name.as_str().into(),
            file: self.files[function.file_node as usize].clone(),
            start_line: function.start_line,
        }
    }
}

/// The sites of a timeline, numbered once for all its snapshots: a
/// summary holds their numbers, not their names.
#[derive(Debug, Default)]
pub struct SiteKeys {
    lines: FxHashMap<LineKey, u32>,
    functions: FxHashMap<FunctionKey, u32>,
}

impl SiteKeys {
    fn number<K: std::hash::Hash + Eq>(keys: &mut FxHashMap<K, u32>, key: K) -> u32 {
        let next = keys.len() as u32;
        *keys.entry(key).or_insert(next)
    }

    pub fn line(&self, key: &LineKey) -> Option<u32> {
        self.lines.get(key).copied()
    }

    pub fn function(&self, key: &FunctionKey) -> Option<u32> {
        self.functions.get(key).copied()
    }
}

/// What a timeline keeps of a snapshot once a newer one is shown: per
/// sample type its total and every line's and function's flat, where
/// goroutine profiles count goroutines where they wait
/// ([`waiting_frame`]). A small part of a decoded profile.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub sample_types: Vec<String>,
    /// Per sample type, pprof's total (the sum of absolute values).
    pub totals: Vec<i64>,
    /// The lines with a value, by their [`SiteKeys`] number...
    lines: Vec<u32>,
    /// ...and their values, each line's sample types together (32 bits
    /// while they fit).
    line_values: Values,
    functions: Vec<u32>,
    function_values: Values,
}

impl Summary {
    /// The summary of some samples of a profile, their values times
    /// `sign` (-1 for the base's side of a comparison, stored negated).
    pub fn of(
        profile: &Profile,
        tables: &NodeTables,
        samples: std::ops::Range<usize>,
        sign: i64,
        keys: &mut SiteKeys,
    ) -> Summary {
        let types = profile.sample_types.len();
        let goroutines = profile
            .sample_types
            .iter()
            .any(|t| super::meaning::counts_goroutines(&t.kind));
        let mut line_values = vec![0i64; tables.source_lines.len() * types];
        let mut function_values = vec![0i64; tables.functions.len() * types];
        let mut totals = vec![0i64; types];
        for sample in samples {
            let stack = profile.samples.stack(sample);
            let frame = if goroutines {
                waiting_frame(tables, stack)
            } else {
                stack
                    .first()
                    .and_then(|&leaf| tables.location_frames(leaf).first())
                    .map(|frame| frame.nodes)
            };
            let Some(frame) = frame else { continue };
            let (line, function) = (frame.source_line as usize, frame.function as usize);
            for t in 0..types {
                let value = sign * profile.samples.values.get(sample * types + t);
                totals[t] += value.abs();
                line_values[line * types + t] += value;
                function_values[function * types + t] += value;
            }
        }
        let names = SiteNames::of(tables);
        let mut summary = Summary {
            sample_types: profile
                .sample_types
                .iter()
                .map(|t| t.kind.clone())
                .collect(),
            totals,
            ..Summary::default()
        };
        let (mut kept_lines, mut kept_functions) = (Vec::new(), Vec::new());
        let chunks = |values: &[i64]| {
            values
                .chunks_exact(types.max(1))
                .enumerate()
                .filter(|(_, v)| v.iter().any(|&v| v != 0))
                .map(|(node, v)| (node, v.to_vec()))
                .collect::<Vec<_>>()
        };
        for (node, values) in chunks(&line_values) {
            let key = names.line(node);
            summary.lines.push(SiteKeys::number(&mut keys.lines, key));
            kept_lines.extend(values);
        }
        for (node, values) in chunks(&function_values) {
            let key = names.function(node);
            summary
                .functions
                .push(SiteKeys::number(&mut keys.functions, key));
            kept_functions.extend(values);
        }
        summary.lines.shrink_to_fit();
        summary.functions.shrink_to_fit();
        summary.line_values = kept_lines.into();
        summary.function_values = kept_functions.into();
        summary.line_values.shrink_to_fit();
        summary.function_values.shrink_to_fit();
        summary
    }

    pub fn sample_type_index(&self, name: &str) -> Option<usize> {
        self.sample_types.iter().position(|t| t == name)
    }

    /// Each line's number and value of sample type `t`.
    pub fn lines(&self, t: usize) -> impl Iterator<Item = (u32, i64)> + '_ {
        let types = self.sample_types.len();
        self.lines
            .iter()
            .enumerate()
            .map(move |(i, &id)| (id, self.line_values.get(i * types + t)))
    }

    pub fn functions(&self, t: usize) -> impl Iterator<Item = (u32, i64)> + '_ {
        let types = self.sample_types.len();
        self.functions
            .iter()
            .enumerate()
            .map(move |(i, &id)| (id, self.function_values.get(i * types + t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_growth_is_a_rise_at_every_step_of_the_newest_snapshots() {
        assert!(grows_steadily(&[10, 20, 30], 1000));
        assert!(
            grows_steadily(&[50, 10, 20, 30], 1000),
            "an old dip does not matter"
        );
        assert!(
            !grows_steadily(&[10, 20], 1000),
            "two snapshots are not a trend"
        );
        assert!(
            !grows_steadily(&[10, 30, 20, 40], 1000),
            "a dip in the newest three"
        );
        assert!(
            !grows_steadily(&[10, 11, 12], 1000),
            "rose by less than 1% of the total"
        );
    }
}
