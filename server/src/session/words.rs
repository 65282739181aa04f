//! How values, shares, names and places are written for people: the one
//! place with these rules (clients show what the server writes).

use std::path::{Path, PathBuf};

use super::index::Index;
use crate::analysis::units;
use crate::resolve::toolchains::Kind;
use crate::resolve::{KindShare, Resolution};

/// A value with its unit: `1.96 MB`; in a comparison a signed change,
/// `+2.91 MB` or `−67.88 kB`.
pub fn value(index: &Index, value: i64) -> String {
    if index.is_comparison() {
        units::signed_label(value, index.unit())
    } else {
        units::human_label(value, index.unit())
    }
}

/// A total, never signed: `6.38 MB`.
pub fn total(index: &Index, value: i64) -> String {
    units::human_label(value, index.unit())
}

/// A share of the total: `30.66%`; in a comparison signed, `+45.60%`.
pub fn share(index: &Index, value: i64) -> String {
    if index.is_comparison() {
        units::signed_percentage(value, index.total())
    } else {
        units::percentage(value, index.total())
    }
}

/// A change per hour over the time between the two profiles of a
/// comparison: `+0.97 MB/h`. None when they do not say when they were
/// taken, or were taken at once.
pub fn rate(index: &Index, change: i64) -> Option<String> {
    let elapsed = index.loaded.snapshots.as_ref()?.elapsed_nanos()?;
    Some(per_hour(index, change, elapsed))
}

/// `+0.97 MB/h`: a change over `nanos`, per hour.
fn per_hour(index: &Index, change: i64, nanos: i64) -> String {
    let per_hour = (change as i128 * 3_600_000_000_000 / nanos as i128) as i64;
    format!("{}/h", units::signed_label(per_hour, index.unit()))
}

/// A count of goroutines: `1 goroutine`, `5 goroutines`; in a comparison
/// signed, `+3 goroutines`.
pub fn goroutines(index: &Index, count: i64) -> String {
    let plural = if count.abs() == 1 { "" } else { "s" };
    format!("{} goroutine{plural}", value(index, count))
}

/// A duration for people: `3h00m`, `12m30s`, `45s`, `800ms`.
pub fn duration(nanos: i64) -> String {
    let seconds = nanos / 1_000_000_000;
    match seconds {
        0 => format!("{}ms", nanos / 1_000_000),
        1..=59 => format!("{seconds}s"),
        60..=3599 => format!("{}m{:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h{:02}m", seconds / 3600, seconds % 3600 / 60),
    }
}

/// `1.96 MB (30.66%)`.
pub fn value_and_share(index: &Index, value: i64) -> String {
    format!("{} ({})", self::value(index, value), share(index, value))
}

/// `1.96 MB flat (30.66%) · 4.75 MB cum (74.50%)`.
pub fn flat_and_cum(index: &Index, flat: i64, cum: i64) -> String {
    format!(
        "{} flat ({}) · {} cum ({})",
        value(index, flat),
        share(index, flat),
        value(index, cum),
        share(index, cum)
    )
}

/// A function name without its package path:
/// `example.com/app/cache.(*Cache).Put` is `cache.(*Cache).Put`. Slashes
/// inside brackets (generic shapes, closures' receivers) stay.
pub fn short_name(name: &str) -> &str {
    let cut = name.find(['(', '[', '<', ' ']).unwrap_or(name.len());
    match name[..cut].rfind('/') {
        Some(slash) => &name[slash + 1..],
        None => name,
    }
}

/// A file's name without its folder: `heap-2.pb.gz`.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// When a profile was taken (`time_nanos`): `2026-11-27 15:50:47 UTC`.
pub fn taken(time_nanos: i64) -> String {
    chrono::DateTime::from_timestamp_nanos(time_nanos)
        .format("%Y-%m-%d %H:%M:%S UTC")
        .to_string()
}

/// How many of each kind of file were found: `all 6 of your files found,
/// 53 standard library files not on this machine`.
pub fn files_found(sources: &[(&Resolution, Kind)]) -> String {
    let count = |kind: Kind| {
        let of_kind = sources.iter().filter(|(_, k)| *k == kind);
        let total = of_kind.clone().count();
        let found = of_kind
            .filter(|(r, _)| matches!(r, Resolution::Found { .. }))
            .count();
        (found, total)
    };
    let mut parts = Vec::new();
    let (found, total) = count(Kind::Workspace);
    parts.push(match (found, total) {
        (_, 0) => "none of your files in the profile".to_string(),
        (1, 1) => "your file found".to_string(),
        (f, t) if f == t => format!("all {t} of your files found"),
        (f, t) => format!("{f} of {t} of your files found"),
    });
    for (kind, what) in [
        (Kind::StandardLibrary, "standard library"),
        (Kind::Dependency, "dependency"),
    ] {
        let (found, total) = count(kind);
        let plural = if total == 1 { "" } else { "s" };
        match (found, total) {
            (_, 0) => {}
            (0, t) => parts.push(format!("{t} {what} file{plural} not on this machine")),
            (f, t) if f == t => parts.push(format!("{t} {what} file{plural} found here")),
            (f, t) => parts.push(format!("{f} of {t} {what} files found here")),
        }
    }
    parts.join(", ")
}

/// One kind of code's share of the total: `  your code         43.88% of
/// the total, all of it found here`.
pub fn kind_share(share: KindShare, percent: impl Fn(i64) -> String) -> String {
    let name = match share.kind {
        Kind::Workspace => "your code",
        Kind::StandardLibrary => "standard library",
        Kind::Dependency => "dependencies",
    };
    let found = match share.found {
        f if f == share.flat => "all of it found here".to_string(),
        0 => "none of it found here".to_string(),
        f => format!("{} of it found here", percent(f)),
    };
    format!("  {name:<17} {} of the total, {found}", percent(share.flat))
}

/// What to write when files of your own code under `prefix` (as the
/// profile has them) were not found.
pub fn path_mapping_advice(prefix: &str) -> String {
    format!(
        "Files of your own code were not found: if they are in the workspace under another folder, map it with the pathMappings setting: [{{\"from\": \"{prefix}\", \"to\": \"<that folder here>\"}}]."
    )
}

/// A snapshot as people know it: its file's name; an answer of a polled
/// URL by the URL's last part and when it came (`heap at 01:50:13`).
pub fn snapshot_name(loaded: &super::loaded::Loaded, path: &Path) -> String {
    use crate::source::{poll_folder, ProfileSource};
    if let Some(name) = store_window_name(loaded, path) {
        return name;
    }
    let Some(timeline) = loaded.timeline.as_deref() else {
        return file_name(path);
    };
    let ProfileSource::Url(url) = &timeline.source else {
        return file_name(path);
    };
    let Some(snapshot) = timeline
        .snapshots
        .iter()
        .find(|s| s.path == path && path.starts_with(poll_folder(url)))
    else {
        return file_name(path);
    };
    let endpoint = url.split(['?', '#']).next().unwrap_or(url);
    let endpoint = endpoint
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(endpoint);
    let at = chrono::DateTime::from_timestamp_nanos(snapshot.taken_nanos()).format("%H:%M:%S");
    format!("{endpoint} at {at}")
}

/// A store's answer as people know it: the window it merges ("the last
/// 1 hour (2026-12-02 09:00:00–10:00:00 UTC)"; the base "the same 1 hour,
/// 3 hours earlier (…)"; an earlier poll "the hour up to 09:55:00").
pub fn store_window_name(loaded: &super::loaded::Loaded, path: &Path) -> Option<String> {
    use crate::source::store::duration_words;
    let store = loaded.store.as_ref()?;
    let shown = store.windows.shown;
    let length = duration_words(shown.length());
    if path == loaded.path {
        return Some(format!("the last {length} ({})", shown.describe()));
    }
    if let (Some((base, _)), Some((window, offset))) = (&loaded.base, store.windows.base) {
        if base == path {
            return Some(format!(
                "the same {length}, {} earlier ({})",
                duration_words(offset),
                window.describe()
            ));
        }
    }
    let snapshot = loaded
        .timeline
        .as_deref()?
        .snapshots
        .iter()
        .find(|s| s.path == path)?;
    let end = chrono::DateTime::from_timestamp_nanos(snapshot.taken_nanos()).format("%H:%M:%S");
    Some(format!("the {length} up to {end}"))
}

/// What a profile or base is called in the status: a store's window, else
/// its path.
pub fn source_label(loaded: &super::loaded::Loaded, path: &Path) -> String {
    store_window_name(loaded, path).unwrap_or_else(|| path.display().to_string())
}

/// A file as people in this workspace call it: relative to the workspace
/// root it is under, else as it is.
pub fn display_path(path: &Path, roots: &[PathBuf]) -> String {
    roots
        .iter()
        .filter_map(|root| path.strip_prefix(root).ok())
        .min_by_key(|relative| relative.as_os_str().len())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Where a line is: `cache/cache.go:43`, or the profile's own path and
/// `(not on this machine)` when it was not found here.
pub fn place(
    found: Option<(&Path, i64)>,
    profile_file: &str,
    line: i64,
    roots: &[PathBuf],
) -> String {
    match found {
        Some((path, line)) => format!("{}:{line}", display_path(path, roots)),
        None if profile_file.is_empty() => "(no source file in the profile)".to_string(),
        None if line > 0 => format!("{profile_file}:{line} (not on this machine)"),
        None => format!("{profile_file} (not on this machine)"),
    }
}

/// Folds a run of the same one to three calls repeated (recursion) into
/// one entry: `Ping → Pong → Ping → Pong → spin` reads
/// `(Ping → Pong) ×2 → spin`.
pub fn fold_repeats(path: &[String]) -> Vec<String> {
    let mut folded = Vec::new();
    let mut at = 0;
    while at < path.len() {
        let mut best = (1, 1); // (block length, repetitions)
        for block in 1..=3 {
            let mut times = 1;
            while at + (times + 1) * block <= path.len()
                && path[at..at + block] == path[at + times * block..at + (times + 1) * block]
            {
                times += 1;
            }
            if times > 1 && times * block > best.0 * best.1 {
                best = (block, times);
            }
        }
        let (block, times) = best;
        if times > 1 {
            let inner = path[at..at + block].join(" → ");
            folded.push(if block == 1 {
                format!("{inner} ×{times}")
            } else {
                format!("({inner}) ×{times}")
            });
        } else {
            folded.push(path[at].clone());
        }
        at += block * times;
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recursion_is_folded() {
        let path = strings(&[
            "main", "Ping", "Pong", "Ping", "Pong", "Ping", "Pong", "spin",
        ]);
        assert_eq!(
            fold_repeats(&path),
            strings(&["main", "(Ping → Pong) ×3", "spin"])
        );
        let path = strings(&["main", "walk", "walk", "walk", "leaf"]);
        assert_eq!(fold_repeats(&path), strings(&["main", "walk ×3", "leaf"]));
        let plain = strings(&["a", "b", "c"]);
        assert_eq!(fold_repeats(&plain), plain);
    }

    #[test]
    fn short_names_keep_what_is_inside_brackets() {
        assert_eq!(
            short_name("example.com/app/cache.(*Cache).Put"),
            "cache.(*Cache).Put"
        );
        assert_eq!(
            short_name("runtime/pprof.StartCPUProfile"),
            "pprof.StartCPUProfile"
        );
        assert_eq!(
            short_name("example.com/m/gen.Map[go.shape.*example.com/m/x.T]"),
            "gen.Map[go.shape.*example.com/m/x.T]"
        );
        assert_eq!(short_name("main.main"), "main.main");
    }

    #[test]
    fn durations_read_as_clocks() {
        assert_eq!(duration(3 * 3600 * 1_000_000_000), "3h00m");
        assert_eq!(duration(750 * 1_000_000_000), "12m30s");
        assert_eq!(duration(45 * 1_000_000_000), "45s");
        assert_eq!(duration(800_000_000), "800ms");
    }

    #[test]
    fn places_are_relative_to_the_workspace() {
        let roots = [PathBuf::from("/w")];
        assert_eq!(
            place(Some((Path::new("/w/cache/cache.go"), 43)), "x", 43, &roots),
            "cache/cache.go:43"
        );
        assert_eq!(
            place(None, "runtime/proc.go", 250, &roots),
            "runtime/proc.go:250 (not on this machine)"
        );
    }
}

/// A series as bars, lowest to highest of its own range: `▁▃▅█`.
pub fn sparkline(values: &[i64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let low = values.iter().copied().min().unwrap_or(0);
    let high = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if high == low {
                BARS[0]
            } else {
                let step = (v - low) as i128 * 7 / (high - low) as i128;
                BARS[step as usize]
            }
        })
        .collect()
}

/// A series in a few words: `▁▃▅█ 1 MB → 3.90 MB in 3h00m (+2.90 MB,
/// +0.97 MB/h)`. The values are each snapshot's own, never signed.
pub fn series(index: &Index, series: &super::series::Series) -> String {
    let unit = index.unit();
    let first = series.values.first().copied().unwrap_or(0);
    let last = series.values.last().copied().unwrap_or(0);
    let delta = series.delta();
    let span = index.growth.as_ref().and_then(|g| g.span_nanos());
    let mut text = format!(
        "{} {} → {}",
        sparkline(&series.values),
        units::human_label(first, unit),
        units::human_label(last, unit)
    );
    if let Some(span) = span {
        text.push_str(&format!(" in {}", duration(span)));
    }
    text.push_str(&format!(" ({}", units::signed_label(delta, unit)));
    if let Some(rate) = series_rate(index, delta) {
        text.push_str(&format!(", {rate}"));
    }
    text.push(')');
    text
}

/// A change over the whole timeline, per hour: `+0.97 MB/h`.
pub fn series_rate(index: &Index, delta: i64) -> Option<String> {
    let span = index.growth.as_ref()?.span_nanos()?;
    Some(per_hour(index, delta, span))
}

#[cfg(test)]
mod series_tests {
    use super::sparkline;

    #[test]
    fn sparklines_span_the_series_own_range() {
        assert_eq!(sparkline(&[10, 20, 30, 40]), "▁▃▅█");
        assert_eq!(sparkline(&[5, 5, 5]), "▁▁▁");
        assert_eq!(sparkline(&[40, 10]), "█▁");
    }
}
