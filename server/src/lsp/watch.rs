//! Reloads when the profile or base file changes on disk, for clients
//! that do not watch files for the server (Neovim on Linux does not; VS
//! Code registers `workspace/didChangeWatchedFiles` for us).

use std::path::PathBuf;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};

use crate::resolve::has_profile_name;
use crate::session::View;

/// Profiles are often written in several steps: wait for this much quiet.
const QUIET: Duration = Duration::from_millis(200);

/// A file's modification time and size.
type Stamp = (std::time::SystemTime, u64);

fn stamp(file: &std::path::Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(file).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

pub struct ProfileWatcher {
    _debouncer: Debouncer<notify::RecommendedWatcher>,
}

impl ProfileWatcher {
    /// A watcher of the view's profile files, or None when the client
    /// sees them itself (they are in the workspace and have profile names)
    /// or nothing is loaded.
    pub fn for_view(
        view: &View,
        client_watches: bool,
        on_change: impl Fn() + Send + 'static,
    ) -> Option<ProfileWatcher> {
        let index = view.index.as_ref()?;
        let mut files = vec![index.loaded.path.clone()];
        files.extend(index.loaded.base.as_ref().map(|(p, _)| p.clone()));
        let client_sees = |file: &PathBuf| {
            view.roots.iter().any(|root| file.starts_with(root)) && has_profile_name(file)
        };
        if client_watches && files.iter().all(client_sees) {
            return None;
        }
        let runtime = tokio::runtime::Handle::current();
        // Reading a file is an event too (inotify's open): only a change of
        // a file's time or size is a change, or every reload would cause
        // the next.
        let mut seen: Vec<(PathBuf, Option<Stamp>)> =
            files.iter().map(|f| (f.clone(), stamp(f))).collect();
        let mut debouncer = new_debouncer(QUIET, move |events: DebounceEventResult| {
            let Ok(events) = events else { return };
            let mut changed = false;
            for (file, last) in &mut seen {
                if events.iter().any(|event| event.path == *file) {
                    let now = stamp(file);
                    changed |= now != *last;
                    *last = now;
                }
            }
            if changed {
                let _guard = runtime.enter();
                on_change();
            }
        })
        .ok()?;
        for file in &files {
            if let Some(folder) = file.parent() {
                let _ = debouncer
                    .watcher()
                    .watch(folder, RecursiveMode::NonRecursive);
            }
        }
        Some(ProfileWatcher {
            _debouncer: debouncer,
        })
    }
}
