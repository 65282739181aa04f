//! What is shown, in a few words (a status bar), one line (a message) and
//! a few lines (a tooltip).

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::placement::Placement;
use super::settings::{CompareSetting, Overrides};
use super::{words, View};
use crate::analysis::meaning::meaning;
use crate::analysis::{units, CompareMode};
use crate::resolve::toolchains::Kind;
use crate::resolve::Resolution;
use crate::source::ProfileSource;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub profile: Option<PathBuf>,
    pub sample_type: Option<String>,
    pub sample_types: Vec<String>,
    pub unit: Option<String>,
    pub total: i64,
    pub total_label: String,
    /// When the profile was taken (RFC 3339).
    pub time: Option<String>,
    pub base: Option<PathBuf>,
    /// The `compareMode` setting (with what a command chose).
    pub compare_mode: CompareSetting,
    /// The comparison applied: `diff_base` or `base`, while comparing.
    pub comparison: Option<&'static str>,
    pub files_resolved: usize,
    pub files_total: usize,
    pub hidden_lines: usize,
    /// Folders outside the workspace whose files this server shows too
    /// (GOROOT, the module cache, …): clients send their files here.
    pub library_roots: Vec<PathBuf>,
    /// For a folder, a glob or a URL: its snapshots.
    pub timeline: Option<TimelineStatus>,
    /// A load (or a poll) is under way.
    pub loading: bool,
    pub overrides: Overrides,
    pub title: String,
    pub message: String,
    pub details: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineStatus {
    pub source: String,
    pub kind: &'static str,
    pub poll_seconds: Option<u64>,
    /// Oldest first.
    pub snapshots: Vec<SnapshotStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotStatus {
    pub path: PathBuf,
    pub time: Option<String>,
    /// `heap-3.pb.gz · 2026-12-02 01:02:03 UTC`
    pub label: String,
    /// `shown` or `base`.
    pub role: Option<&'static str>,
}

impl TimelineStatus {
    pub fn of(loaded: &super::loaded::Loaded, poll_seconds: u64) -> Option<TimelineStatus> {
        let timeline = loaded.timeline.as_deref()?;
        let (kind, poll_seconds) = match &timeline.source {
            ProfileSource::Url(_) => ("url", Some(poll_seconds)),
            ProfileSource::Store(_) => ("store", Some(poll_seconds)),
            ProfileSource::Glob(_) => ("glob", None),
            _ => ("folder", None),
        };
        Some(TimelineStatus {
            source: timeline.source.name(),
            kind,
            poll_seconds,
            snapshots: SnapshotStatus::all_of(loaded),
        })
    }
}

impl SnapshotStatus {
    /// A timeline's snapshots, oldest first (none for one profile).
    pub fn all_of(loaded: &super::loaded::Loaded) -> Vec<SnapshotStatus> {
        let Some(timeline) = loaded.timeline.as_deref() else {
            return Vec::new();
        };
        let base = loaded.base.as_ref().map(|(path, _)| path);
        let shown = timeline.snapshots.len() - 1;
        timeline
            .snapshots
            .iter()
            .enumerate()
            .map(|(at, snapshot)| {
                let time = snapshot.taken_nanos();
                SnapshotStatus {
                    path: snapshot.path.clone(),
                    time: (time != 0)
                        .then(|| chrono::DateTime::from_timestamp_nanos(time).to_rfc3339()),
                    label: format!(
                        "{} · {}",
                        words::snapshot_name(loaded, &snapshot.path),
                        words::taken(time)
                    ),
                    role: if at == shown {
                        Some("shown")
                    } else if Some(&snapshot.path) == base {
                        Some("base")
                    } else {
                        None
                    },
                }
            })
            .collect()
    }
}

impl Status {
    pub fn of(view: &View) -> Status {
        let settings = view.effective_settings();
        let overrides = Overrides::clone(&view.overrides);
        let by_command = " (chosen by command)";
        let Some(index) = &view.index else {
            let message = match &view.last_error {
                Some(error) => error.to_string(),
                None => "no profile loaded yet".to_string(),
            };
            return Status {
                profile: None,
                sample_type: None,
                sample_types: Vec::new(),
                unit: None,
                total: 0,
                total_label: String::new(),
                time: None,
                base: None,
                compare_mode: settings.compare_mode,
                comparison: None,
                files_resolved: 0,
                files_total: 0,
                hidden_lines: 0,
                library_roots: Vec::new(),
                timeline: None,
                loading: view.loading,
                overrides,
                title: "pprof: no profile".to_string(),
                details: vec![message.clone()],
                message,
            };
        };
        let loaded = &index.loaded;
        let sources: Vec<(&Resolution, Kind)> = loaded.source_files().collect();
        let found_words = words::files_found(&sources);
        let resolved = sources
            .iter()
            .filter(|(r, _)| matches!(r, Resolution::Found { .. }))
            .count();
        let time_nanos = loaded.profile.time_nanos;
        let taken = (time_nanos != 0).then_some(time_nanos);
        let hidden = index.hidden_lines(settings.min_fraction());
        let total_label = words::total(index, index.total());
        let name = words::snapshot_name(loaded, &loaded.path);
        let mark = |chosen: bool| if chosen { by_command } else { "" };

        let mut title = format!("{name} · {}", index.kind());
        let total_words = match loaded.base {
            None => format!(" {total_label} total"),
            Some(_) => String::new(),
        };
        let mut message = format!("{name}: {}{total_words}, {found_words}", index.kind());
        let shown = match loaded.timeline.as_deref().map(|t| &t.source) {
            Some(ProfileSource::Url(url)) => {
                format!("{url}, its last answer saved as {}", loaded.path.display())
            }
            Some(ProfileSource::Store(store)) => format!(
                "{}, merged over {}, saved as {}",
                store.describe(),
                words::source_label(loaded, &loaded.path),
                loaded.path.display()
            ),
            _ => loaded.path.display().to_string(),
        };
        let mut details = vec![format!(
            "Profile: {shown}{}",
            mark(overrides.profile.is_some())
        )];
        if let Some(taken) = taken {
            details.push(format!("Taken: {}", words::taken(taken)));
        }
        details.push(format!(
            "Sample type: {}{}: {}",
            index.kind(),
            mark(overrides.sample_type.is_some()),
            meaning(index.kind(), index.unit()).what
        ));
        let total_of = match &loaded.base {
            Some((_, CompareMode::Diff)) => " (the base profile's total: shares are of it)",
            _ => "",
        };
        details.push(format!("Total: {total_label}{total_of}"));
        if let Some(timeline) = loaded.timeline.as_deref() {
            let span = match (timeline.snapshots.first(), timeline.snapshots.last()) {
                (Some(first), Some(last)) if last.taken_nanos() > first.taken_nanos() => format!(
                    " over {}",
                    words::duration(last.taken_nanos() - first.taken_nanos())
                ),
                _ => String::new(),
            };
            let polled = match &timeline.source {
                ProfileSource::Url(_) | ProfileSource::Store(_) => {
                    format!(", fetched every {} s", settings.poll_seconds)
                }
                _ => String::new(),
            };
            details.push(format!(
                "Timeline: {} snapshots of {}{span}{polled} (keeps the newest {}).",
                timeline.snapshots.len(),
                timeline.source.name(),
                settings.keep_snapshots
            ));
        }
        if let (Some((base, mode)), Some(snapshots)) = (&loaded.base, &loaded.snapshots) {
            let base_name = words::snapshot_name(loaded, base);
            let (then, now) = (
                snapshots.base_totals[index.sample_type],
                snapshots.totals[index.sample_type],
            );
            let unit = index.unit();
            let change = format!(
                "{} → {} ({})",
                units::human_label(then, unit),
                units::human_label(now, unit),
                units::signed_label(now - then, unit)
            );
            title.push_str(&format!(" · Δ {base_name}: {change}"));
            let over = match snapshots.elapsed_nanos() {
                Some(elapsed) => format!(
                    " over {} ({})",
                    words::duration(elapsed),
                    words::rate(index, now - then).unwrap_or_default()
                ),
                None => String::new(),
            };
            message.push_str(&format!(
                ", compared with {} ({}): {change}{over}",
                words::source_label(loaded, base),
                mode.flag()
            ));
            details.push(format!(
                "In all: {} in the base, {} now, a change of {}{over}.",
                units::human_label(then, unit),
                units::human_label(now, unit),
                units::signed_label(now - then, unit)
            ));
            details.push(match snapshots.elapsed_nanos() {
                Some(elapsed) => format!(
                    "The base was taken {} earlier: rates are per hour over that time.",
                    words::duration(elapsed)
                ),
                None if snapshots.time_nanos == 0 || snapshots.base_time_nanos == 0 => {
                    "No rates: a profile does not say when it was taken.".to_string()
                }
                None => "No rates: the base was not taken before the profile.".to_string(),
            });
            details.push(format!(
                "Compared with: {}{} — {}",
                words::source_label(loaded, base),
                mark(overrides.base.is_some()),
                mode.describe()
            ));
            if settings.compare_mode == CompareSetting::Auto {
                details.push(format!(
                    "The comparison was chosen for {} (the compareMode setting is auto): {}.",
                    index.kind(),
                    match mode {
                        CompareMode::Diff => "it is a snapshot of what is there now, so two snapshots are compared",
                        CompareMode::Subtract => "it counts up from the program's start, so the earlier count is subtracted from the same call stacks",
                    }
                ));
            }
        } else if overrides.base == Some(None) && view.settings.base.is_some() {
            details
                .push("No comparison (cleared by command; the settings name a base).".to_string());
        }
        if loaded.base.is_none() {
            title.push_str(&format!(" · {total_label}"));
        }
        if !overrides.is_empty() {
            title.push_str(by_command);
        }
        details.push(format!("Source files: {found_words}."));
        if let Some(store) = &loaded.store {
            details.extend(store_layout_words(store));
        }
        // The open documents' placements for this index (none is made here).
        let placed: Vec<_> = view
            .documents
            .values()
            .filter_map(|document| document.placed_for(index))
            .collect();
        if let Some(words) = drift_words(&placed) {
            message.push_str(&format!("; {words}"));
            details.push(format!("{}.", capitalized(&words)));
        }
        let newer = placed.iter().filter(|p| p.newer_than_profile).count();
        if newer > 0 {
            let files = if newer == 1 {
                "open file was"
            } else {
                "open files were"
            };
            details.push(format!(
                "{newer} {files} saved after the profile was taken: their profiled functions were found again by their declarations."
            ));
        }
        if hidden > 0 {
            let hidden_words = format!(
                "{hidden} lines below {}% of the total are not shown (the minShare setting)",
                settings.min_share
            );
            message.push_str(&format!(
                "; {hidden} lines below {}% hidden",
                settings.min_share
            ));
            details.push(format!("{hidden_words}."));
        }
        let chosen: Vec<&str> = [
            (overrides.profile.is_some(), "the profile"),
            (overrides.sample_type.is_some(), "the sample type"),
            (
                overrides.base.is_some() || overrides.compare_mode.is_some(),
                "the comparison",
            ),
        ]
        .into_iter()
        .filter_map(|(chosen, what)| chosen.then_some(what))
        .collect();
        if !chosen.is_empty() {
            details.push(format!(
                "Chosen by command over the settings: {}.",
                chosen.join(", ")
            ));
        }
        if let Some(error) = &view.last_error {
            message.push_str(&format!(" (last reload failed: {error})"));
            details.push(format!("The last reload failed: {error}"));
        }
        Status {
            profile: Some(match loaded.timeline.as_deref().map(|t| &t.source) {
                Some(polled @ (ProfileSource::Url(_) | ProfileSource::Store(_))) => {
                    PathBuf::from(polled.name())
                }
                _ => loaded.path.clone(),
            }),
            sample_type: Some(index.kind().to_string()),
            sample_types: loaded
                .profile
                .sample_types
                .iter()
                .map(|t| t.kind.clone())
                .collect(),
            unit: Some(index.unit().to_string()),
            total: index.total(),
            total_label,
            time: taken.map(|t| chrono::DateTime::from_timestamp_nanos(t).to_rfc3339()),
            base: loaded.base.as_ref().map(|(p, _)| p.clone()),
            compare_mode: settings.compare_mode,
            comparison: loaded.base.as_ref().map(|(_, mode)| mode.setting_name()),
            files_resolved: resolved,
            files_total: sources.len(),
            hidden_lines: hidden,
            library_roots: loaded.library_roots.clone(),
            timeline: TimelineStatus::of(loaded, settings.poll_seconds),
            loading: view.loading,
            overrides,
            title,
            message,
            details,
        }
    }
}

/// How the open files differ from the code the profile was taken of:
/// `2 open files changed since the profile (3 functions found moved, 1
/// marked stale)`. Only what was placed already is counted.
fn drift_words(placements: &[Arc<Placement>]) -> Option<String> {
    let placed: Vec<_> = placements.iter().filter(|p| p.drifted()).collect();
    if placed.is_empty() {
        return None;
    }
    let moved: usize = placed.iter().map(|p| p.moved.len()).sum();
    let stale: usize = placed.iter().map(|p| p.stale.len()).sum();
    let files = if placed.len() == 1 {
        "open file"
    } else {
        "open files"
    };
    let functions = |n: usize| if n == 1 { "function" } else { "functions" };
    Some(format!(
        "{} {files} changed since the profile ({moved} {} found moved, {stale} marked stale)",
        placed.len(),
        functions(moved)
    ))
}

fn capitalized(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What a store says of where the fleet's code comes from, and whether the
/// workspace is at the commit the fleet runs.
fn store_layout_words(store: &super::loaded::StoreSnapshot) -> Vec<String> {
    let layout = match &store.layout {
        Ok(layout) => layout,
        Err(message) => {
            return vec![format!(
                "The store did not say where the fleet's code comes from: {message}"
            )]
        }
    };
    let mut words = Vec::new();
    if let Some(root) = &layout.root_path {
        words.push(format!(
            "The fleet's code was built in {root} (service_root_path): mapped to the workspace."
        ));
    }
    match (&layout.git_ref, &store.workspace_commit) {
        (Some(fleet), Some(here)) if !is_hash(fleet) => words.push(format!(
            "The fleet runs {fleet} (service_git_ref); the workspace is at commit {}.",
            &here[..here.len().min(12)]
        )),
        (Some(fleet), Some(here)) if !same_commit(fleet, here) => words.push(format!(
            "The fleet runs {}{fleet} (service_git_ref), but the workspace is at commit {}: lines may have moved since.",
            layout
                .repository
                .as_deref()
                .map(|r| format!("{r} at "))
                .unwrap_or_default(),
            &here[..here.len().min(12)]
        )),
        (Some(fleet), Some(_)) => words.push(format!(
            "The workspace is at the commit the fleet runs ({fleet})."
        )),
        (Some(fleet), None) => words.push(format!(
            "The fleet runs {fleet} (service_git_ref); the workspace's commit is unknown (no .git)."
        )),
        (None, _) => {}
    }
    words
}

/// A commit hash, full or abbreviated (not a branch or tag name).
fn is_hash(git_ref: &str) -> bool {
    let git_ref = git_ref.trim();
    git_ref.len() >= 7 && git_ref.chars().all(|c| c.is_ascii_hexdigit())
}

/// Whether a hash, full or abbreviated, names this commit.
fn same_commit(hash: &str, commit: &str) -> bool {
    commit
        .to_ascii_lowercase()
        .starts_with(&hash.trim().to_ascii_lowercase())
}
