//! A timeline: the snapshots of a folder, a glob or a polled URL, oldest
//! first, at most `keepSnapshots` of them. The newest is shown in full
//! (with the base it is compared with, side by side); of each other only
//! its [`Summary`] stays: each line's and function's values, for the
//! series.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::analysis::growth::{SiteKeys, Summary};
use crate::analysis::NodeTables;
use crate::profile::{DecodeLimits, Profile};
use crate::resolve::{timeline_cmp, TimelinePlace};
use crate::source::store::{self, StoreQuery, Window};
use crate::source::{self, ProfileSource, Stamp};

#[derive(Debug)]
pub struct TimelineSnapshot {
    pub path: PathBuf,
    pub stamp: Option<Stamp>,
    /// When the profile says it was taken (0: it does not).
    pub time_nanos: i64,
    pub modified: SystemTime,
    pub summary: Summary,
}

impl TimelineSnapshot {
    /// When it was taken: the profile's own time, else the file's.
    pub fn taken_nanos(&self) -> i64 {
        if self.time_nanos != 0 {
            return self.time_nanos;
        }
        self.modified
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i64)
    }
}

#[derive(Debug)]
pub struct Timeline {
    pub source: ProfileSource,
    /// Oldest first; the last is the one shown.
    pub snapshots: Vec<Arc<TimelineSnapshot>>,
    /// The sites the summaries name by number; shared with the timelines
    /// that follow (numbers only ever get added).
    pub keys: Arc<Mutex<SiteKeys>>,
}

impl TimelineSnapshot {
    fn place(&self) -> TimelinePlace<'_> {
        (self.time_nanos, self.modified, &self.path)
    }
}

/// The snapshots of a timeline source, read: the older ones summarized,
/// the newest decoded.
pub struct Gathered {
    pub newest_path: PathBuf,
    pub newest: Profile,
    pub older: Vec<Arc<TimelineSnapshot>>,
    pub keys: Arc<Mutex<SiteKeys>>,
    /// Files of the folder or glob that could not be read, and why: the
    /// others still make the timeline.
    pub unreadable: Vec<String>,
}

/// Reads what is new in a timeline source. Snapshots of `previous` (the
/// same source) whose files did not change are not read again; a URL is
/// fetched once more and its answer joins the previous snapshots.
pub fn gather(
    source: &ProfileSource,
    keep: usize,
    named_by: &str,
    limits: DecodeLimits,
    previous: Option<&Timeline>,
    now: SystemTime,
) -> Result<Gathered, String> {
    let read = |path: &Path| {
        crate::profile::read_file(path, limits).map_err(|e| format!("{}: {e}", path.display()))
    };
    let known = |path: &Path, stamp: Option<Stamp>| {
        previous?
            .snapshots
            .iter()
            .find(|s| s.path == path && s.stamp == stamp && stamp.is_some())
            .cloned()
    };
    let mut unreadable = Vec::new();
    let keys = previous.map_or_else(Default::default, |p| p.keys.clone());
    let summarize = |path: PathBuf, profile: &Profile, modified: SystemTime| {
        let tables = NodeTables::build(profile);
        let mut keys = keys.lock().expect("site keys lock");
        TimelineSnapshot {
            stamp: source::stamp(&path),
            time_nanos: profile.time_nanos,
            modified,
            summary: Summary::of(profile, &tables, 0..profile.samples.len(), 1, &mut keys),
            path,
        }
    };
    let (newest_path, newest, mut older) = match source {
        ProfileSource::Url(url) => {
            let (bytes, profile) = source::http::fetch_profile(url, limits)?;
            let path = source::save_poll(url, &bytes, now)?;
            let older: Vec<Arc<TimelineSnapshot>> =
                previous.map(|p| p.snapshots.clone()).unwrap_or_default();
            (path, profile, older)
        }
        ProfileSource::Store(store) => {
            let window = Window::last(store.range, now);
            let (bytes, profile) = fetch_window(store, window, limits)?;
            let path = source::save_poll(&store.identity(), &bytes, now)?;
            let older: Vec<Arc<TimelineSnapshot>> =
                previous.map(|p| p.snapshots.clone()).unwrap_or_default();
            (path, profile, older)
        }
        _ => {
            let files = source::snapshot_files(source, keep, named_by)?;
            // The newest so far stays decoded; the others are summarized
            // and dropped as soon as they are read: a folder of large
            // profiles is never in memory all at once.
            let mut newest: Option<(PathBuf, Profile, SystemTime)> = None;
            let mut older = Vec::new();
            for path in files {
                let stamp = source::stamp(&path);
                let modified = stamp.map_or(SystemTime::UNIX_EPOCH, |(m, _)| m);
                if let Some(snapshot) = known(&path, stamp) {
                    older.push(snapshot);
                    continue;
                }
                let profile = match read(&path) {
                    Ok(profile) => profile,
                    Err(message) => {
                        unreadable.push(message);
                        continue;
                    }
                };
                let later = newest.as_ref().is_none_or(|(p, best, m)| {
                    timeline_cmp(
                        (profile.time_nanos, modified, &path),
                        (best.time_nanos, *m, p),
                    )
                    .is_gt()
                });
                let (path, profile, modified) = if later {
                    match newest.replace((path, profile, modified)) {
                        Some(replaced) => replaced,
                        None => continue,
                    }
                } else {
                    (path, profile, modified)
                };
                older.push(Arc::new(summarize(path, &profile, modified)));
            }
            // A known snapshot may be newer than every file read now.
            older.sort_by(|a, b| timeline_cmp(a.place(), b.place()));
            match newest {
                Some((path, profile, modified))
                    if older.last().is_none_or(|last| {
                        timeline_cmp((profile.time_nanos, modified, &path), last.place()).is_gt()
                    }) =>
                {
                    (path, profile, older)
                }
                None if older.is_empty() => {
                    return Err(unreadable
                        .into_iter()
                        .next()
                        .unwrap_or_else(|| format!("{}: no profile could be read", source.name())))
                }
                unread => {
                    let last = older.pop().expect("a timeline has a snapshot");
                    if let Some((path, profile, modified)) = unread {
                        older.push(Arc::new(summarize(path, &profile, modified)));
                    }
                    let profile = read(&last.path)?;
                    (last.path.clone(), profile, older)
                }
            }
        }
    };
    older.sort_by(|a, b| timeline_cmp(a.place(), b.place()));
    // Only snapshots of the same kind as the newest (a CPU profile in a
    // folder of heap snapshots is not part of their series).
    let kinds: Vec<&str> = newest
        .sample_types
        .iter()
        .map(|t| t.kind.as_str())
        .collect();
    older.retain(|s| {
        s.summary
            .sample_types
            .iter()
            .map(String::as_str)
            .eq(kinds.iter().copied())
    });
    let dropped = older.len().saturating_sub(keep - 1);
    let removed: Vec<Arc<TimelineSnapshot>> = older.drain(..dropped).collect();
    if let Some(identity) = source.poll_identity() {
        // Polled files are ours: those that leave the timeline go.
        let folder = source::poll_folder(&identity);
        for snapshot in removed {
            if snapshot.path.starts_with(&folder) {
                let _ = std::fs::remove_file(&snapshot.path);
            }
        }
    }
    Ok(Gathered {
        newest_path,
        newest,
        older,
        keys,
        unreadable,
    })
}

/// A store's profile merged over `window`, as it came (to be saved) and
/// decoded; an empty merge is a message, not an empty profile. The merged
/// profile is dated at the window's end.
pub fn fetch_window(
    store: &StoreQuery,
    window: Window,
    limits: DecodeLimits,
) -> Result<(Vec<u8>, Profile), String> {
    let bytes = store::merged_profile(store, window, limits.max_decoded_bytes)?;
    let mut profile =
        crate::profile::decode(&bytes, limits).map_err(|e| format!("{}: {e}", store.describe()))?;
    if profile.samples.is_empty() {
        return Err(store::nothing_matched(store, window));
    }
    // A merge is of its query's sample type, though a store may send every
    // type its agents recorded (`memory:alloc_space:…` with inuse_space too).
    if let Some(queried) = store.sample_type() {
        if profile.sample_type_index(queried).is_some() {
            profile.default_sample_type = Some(queried.to_string());
        }
    }
    // A merge of many profiles is of its window: rates between two
    // windows are over the time between them.
    profile.time_nanos = window.end_ms * 1_000_000;
    profile.duration_nanos = (window.end_ms - window.start_ms) * 1_000_000;
    Ok((bytes, profile))
}
