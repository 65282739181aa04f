//! What keeps growing across a series of snapshots: each function's flat
//! in every snapshot, its change from the first to the last, the rate per
//! hour, and whether it grew steadily.

use std::path::Path;

use rustc_hash::FxHashMap;

use super::{Analysis, NodeTables, Views};
use crate::profile::Profile;

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
                rate_per_hour: elapsed.map(|e| delta as f64 * 3_600e9 / e as f64),
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
    let rising = values
        .windows(2)
        .rev()
        .take_while(|pair| pair[1] > pair[0])
        .count();
    if rising + 1 < STEADY_SNAPSHOTS {
        return false;
    }
    let start = values[values.len() - 1 - rising];
    let rise = values[values.len() - 1] - start;
    rise as f64 >= STEADY_MIN_SHARE * newest_total.abs() as f64
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
