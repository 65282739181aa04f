//! What `pprof.growth` lists: every function's value in each snapshot of
//! the timeline, the steady growers first, then by how much they grew; and
//! one function's series, as `pprof.series` gives it.

use std::path::PathBuf;

use serde::Serialize;

use super::index::{Index, Scope};
use super::status::SnapshotStatus;
use super::{words, FunctionRef, SourceLink};
use crate::analysis::growth::per_hour;
use crate::analysis::units;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrowthReport {
    pub sample_type: String,
    pub unit: String,
    pub title: String,
    pub snapshots: Vec<SnapshotStatus>,
    /// Sent with their LSP locations (lsp::protocol).
    #[serde(skip)]
    pub rows: Vec<GrowthRow>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrowthRow {
    pub function: String,
    pub short_name: String,
    /// As written in the profile.
    pub file: String,
    /// 1-based: where it costs the most, else its declaration.
    pub line: i64,
    pub values: Vec<i64>,
    pub value_labels: Vec<String>,
    pub sparkline: String,
    pub delta: i64,
    pub delta_label: String,
    pub rate_per_hour: Option<f64>,
    pub rate_label: Option<String>,
    pub steady: bool,
    pub text: String,
    #[serde(rename = "where")]
    pub place: String,
    #[serde(rename = "ref")]
    pub reference: FunctionRef,
    #[serde(skip)]
    pub location: Option<SourceLink>,
}

/// None when the profile is not a timeline of two or more snapshots.
pub fn growth_report(index: &Index, limit: usize, roots: &[PathBuf]) -> Option<GrowthReport> {
    let growth = index.growth.as_ref()?;
    let unit = index.unit();
    let mut functions: Vec<(u32, &super::series::Series)> = growth
        .functions
        .iter()
        .map(|(&f, series)| (f, series))
        .filter(|(_, series)| series.values.iter().any(|&v| v != 0))
        .collect();
    functions.sort_by(|(fa, a), (fb, b)| {
        b.steady
            .cmp(&a.steady)
            .then(b.delta().cmp(&a.delta()))
            .then_with(|| {
                let name = |f: &u32| &index.tables().functions[*f as usize].name;
                name(fa).cmp(name(fb))
            })
    });
    let span = growth.span_nanos();
    let rows = functions
        .into_iter()
        .take(limit)
        .map(|(f, series)| {
            let node = &index.tables().functions[f as usize];
            let hot = index.hot_location(f, Scope::All);
            let line = index.hot_line(f, Scope::All);
            let delta = series.delta();
            let mut text = words::series(index, series);
            if series.steady {
                text.push_str(", grows steadily");
            }
            GrowthRow {
                function: node.name.clone(),
                short_name: words::short_name(&node.name).to_string(),
                file: node.file.clone(),
                line,
                values: series.values.to_vec(),
                value_labels: series
                    .values
                    .iter()
                    .map(|&v| units::human_label(v, unit))
                    .collect(),
                sparkline: words::sparkline(&series.values),
                delta,
                delta_label: units::signed_label(delta, unit),
                rate_per_hour: span.map(|span| per_hour(delta, span)),
                rate_label: words::series_rate(index, delta),
                steady: series.steady,
                text,
                place: words::place(hot, &node.file, line, roots),
                reference: index.loaded.function_ref(f),
                location: hot.map(SourceLink::new),
            }
        })
        .collect();
    let title = match span {
        Some(span) => format!(
            "Growth of {} over {} snapshots in {}",
            index.kind(),
            growth.taken.len(),
            words::duration(span)
        ),
        None => format!(
            "Growth of {} over {} snapshots",
            index.kind(),
            growth.taken.len()
        ),
    };
    Some(GrowthReport {
        sample_type: index.kind().to_string(),
        unit: unit.to_string(),
        title,
        snapshots: SnapshotStatus::all_of(&index.loaded),
        rows,
    })
}

/// What `pprof.series` answers: one function's flat in each snapshot.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionSeries {
    pub function: String,
    pub short_name: String,
    pub sample_type: String,
    pub unit: String,
    pub title: String,
    pub points: Vec<SeriesPoint>,
    pub sparkline: String,
    pub delta: i64,
    pub delta_label: String,
    pub rate_per_hour: Option<f64>,
    pub rate_label: Option<String>,
    pub steady: bool,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPoint {
    /// RFC 3339, null when neither the profile nor its file says.
    pub time: Option<String>,
    pub time_label: String,
    pub snapshot: String,
    pub value: i64,
    pub label: String,
}

/// None when the profile is not a timeline of two or more snapshots. A
/// function with no flat in any snapshot has a series of zeros.
pub fn function_series(index: &Index, function: u32) -> Option<FunctionSeries> {
    let growth = index.growth.as_ref()?;
    let timeline = index.loaded.timeline.as_deref()?;
    let unit = index.unit();
    let node = &index.tables().functions[function as usize];
    let short_name = words::short_name(&node.name).to_string();
    let series =
        index
            .function_series(function)
            .cloned()
            .unwrap_or_else(|| super::series::Series {
                values: vec![0; growth.taken.len()].into(),
                steady: false,
            });
    let points = timeline
        .snapshots
        .iter()
        .zip(series.values.iter())
        .map(|(snapshot, &value)| {
            let time = snapshot.taken_nanos();
            SeriesPoint {
                time: (time != 0)
                    .then(|| chrono::DateTime::from_timestamp_nanos(time).to_rfc3339()),
                time_label: if time != 0 {
                    words::taken(time)
                } else {
                    "(time unknown)".to_string()
                },
                snapshot: words::snapshot_name(&index.loaded, &snapshot.path),
                value,
                label: units::human_label(value, unit),
            }
        })
        .collect();
    let span = growth.span_nanos();
    let delta = series.delta();
    let mut text = words::series(index, &series);
    if series.steady {
        text.push_str(", grows steadily");
    }
    let snapshots = growth.taken.len();
    let title = match span {
        Some(span) => format!(
            "{} of {short_name} over {snapshots} snapshots in {}",
            index.kind(),
            words::duration(span)
        ),
        None => format!(
            "{} of {short_name} over {snapshots} snapshots",
            index.kind()
        ),
    };
    Some(FunctionSeries {
        function: node.name.clone(),
        short_name,
        sample_type: index.kind().to_string(),
        unit: unit.to_string(),
        title,
        points,
        sparkline: words::sparkline(&series.values),
        delta,
        delta_label: units::signed_label(delta, unit),
        rate_per_hour: span.map(|span| per_hour(delta, span)),
        rate_label: words::series_rate(index, delta),
        steady: series.steady,
        text,
    })
}
