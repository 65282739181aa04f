//! Heat shading: which lines stand out, by how much of the total is
//! allocated or spent on the line itself (flat). Lines that only lead to
//! the cost (cum) are not shaded: the line that allocates stands out, not
//! every line on its way.

use std::path::Path;

use serde::Serialize;

use super::index::Index;
use super::markup::{strong, text, Markup};
use super::words;

/// Lower bounds (percent of the total) of the shades above the first; the
/// first starts at the minShare setting.
const LEVEL_FLOORS: [f64; 3] = [2.0, 10.0, 25.0];
const GLYPHS: [&str; 4] = ["░", "▒", "▓", "█"];

#[derive(Debug, Clone, PartialEq)]
pub struct Heat {
    pub legend: String,
    pub lines: Vec<HeatLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeatLine {
    /// 1-based.
    pub line: i64,
    pub values: HeatValues,
    pub hover: Markup,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatValues {
    pub flat: i64,
    pub cum: i64,
    pub flat_share: f64,
    pub cum_share: f64,
    pub flat_label: String,
    pub cum_label: String,
    /// 1 (lightest) to 4.
    pub level: u8,
    /// In a comparison, `grew` or `shrank`: growth and shrinkage are
    /// shaded apart.
    pub change: Option<&'static str>,
}

fn level_of(flat_percent: f64, min_share: f64) -> Option<u8> {
    if flat_percent <= 0.0 || flat_percent < min_share {
        return None;
    }
    Some(
        1 + LEVEL_FLOORS
            .iter()
            .filter(|&&floor| flat_percent >= floor)
            .count() as u8,
    )
}

fn ranges(min_share: f64) -> Vec<String> {
    let floors: Vec<f64> = std::iter::once(min_share).chain(LEVEL_FLOORS).collect();
    (0..floors.len())
        .map(|i| match floors.get(i + 1) {
            Some(next) => format!("{} {}–{}%", GLYPHS[i], floors[i], next),
            None => format!("{} ≥ {}%", GLYPHS[i], floors[i]),
        })
        .collect()
}

/// The heat of a file's lines, each where `line_now` says it is now (none
/// for a deleted line; stale ones are not shaded: shading is no place for
/// doubt).
pub fn file_heat(
    index: &Index,
    path: &Path,
    min_share: f64,
    line_now: impl Fn(i64) -> Option<(i64, bool)>,
) -> Heat {
    let legend = if index.waiting.is_some() {
        format!(
            "Shaded by the goroutines that wait on the line (where your code waits): their share of all goroutines{}. {}",
            if index.is_comparison() { ", gained (warm) or lost (cool) since the base" } else { "" },
            ranges(min_share).join(" · ")
        )
    } else if index.is_comparison() {
        format!(
            "Shaded by the change of flat: the share of the total {} on the line itself that was gained (warm) or lost (cool) since the base. {}",
            what_flat_counts(index.kind()),
            ranges(min_share).join(" · ")
        )
    } else {
        format!(
            "Shaded by flat: the share of the total {} on the line itself. {}",
            what_flat_counts(index.kind()),
            ranges(min_share).join(" · ")
        )
    };
    let mut lines = index
        .lines_in(path)
        .filter_map(|stat| {
            let line = match line_now(stat.line)? {
                (_, true) => return None,
                (line, false) => line,
            };
            // Goroutines: by how many wait here, not by pprof's flat.
            let shaded = stat.waiting.unwrap_or(stat.flat);
            let level = level_of(index.share(shaded) * 100.0, min_share)?;
            let mut hover = Markup::default();
            let values = match stat.waiting {
                Some(waiting) => format!(
                    "{} wait here · {} cum",
                    words::goroutines(index, waiting),
                    words::value(index, stat.cum)
                ),
                None => words::flat_and_cum(index, stat.flat, stat.cum),
            };
            hover.paragraph(vec![
                strong(format!("pprof heat, line {line}")),
                text(format!(": {values}")),
            ]);
            hover.paragraph(vec![text(format!(
                "{} — shade {} of 4. The pprof.heatmap setting turns shading off.",
                legend, level
            ))]);
            Some(HeatLine {
                line,
                values: HeatValues {
                    flat: stat.flat,
                    cum: stat.cum,
                    flat_share: index.share(stat.flat),
                    cum_share: index.share(stat.cum),
                    flat_label: words::value(index, stat.flat),
                    cum_label: words::value(index, stat.cum),
                    level,
                    change: index.is_comparison().then_some(if shaded > 0 {
                        "grew"
                    } else {
                        "shrank"
                    }),
                },
                hover,
            })
        })
        .collect::<Vec<_>>();
    // A function found elsewhere in the file takes its lines with it.
    lines.sort_by_key(|l| l.line);
    Heat { legend, lines }
}

fn what_flat_counts(kind: &str) -> &'static str {
    match kind {
        "cpu" | "samples" | "delay" | "wall" => "spent",
        "contentions" => "of waits",
        "goroutine" | "goroutines" => "of goroutines",
        _ => "allocated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_follow_the_legend() {
        assert_eq!(
            level_of(0.0, 0.5),
            None,
            "a line that allocates nothing itself"
        );
        assert_eq!(level_of(0.4, 0.5), None);
        assert_eq!(level_of(0.5, 0.5), Some(1));
        assert_eq!(level_of(9.99, 0.5), Some(2));
        assert_eq!(level_of(43.8, 0.5), Some(4));
        assert_eq!(ranges(0.5), ["░ 0.5–2%", "▒ 2–10%", "▓ 10–25%", "█ ≥ 25%"]);
    }
}
