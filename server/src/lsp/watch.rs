//! Reloads when the profile or base file changes on disk, for clients
//! that do not watch files for the server (Neovim on Linux does not; VS
//! Code registers `workspace/didChangeWatchedFiles` for us).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};

use crate::resolve::has_profile_name;
use crate::session::View;

/// Profiles are often written in several steps: wait for this much quiet.
const QUIET: Duration = Duration::from_millis(200);

use crate::source::{stamp, Stamp};

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
        on_change: impl Fn() + Send + Sync + 'static,
    ) -> Option<ProfileWatcher> {
        let index = view.index.as_ref()?;
        // A store's answers (and its base) are polled, not watched: the
        // files are the server's own copies.
        if matches!(
            index.loaded.timeline.as_deref().map(|t| &t.source),
            Some(crate::source::ProfileSource::Store(_))
        ) {
            return None;
        }
        let mut files = vec![index.loaded.path.clone()];
        files.extend(index.loaded.base.as_ref().map(|(p, _)| p.clone()));
        // A folder or glob timeline: any new snapshot there joins it.
        let timeline = index
            .loaded
            .timeline
            .as_ref()
            .map(|t| t.source.clone())
            .filter(|source| source.folder().is_some());
        let client_sees = |file: &PathBuf| {
            view.roots.iter().any(|root| file.starts_with(root)) && has_profile_name(file)
        };
        let folder_seen = timeline
            .as_ref()
            .and_then(|t| t.folder())
            .is_none_or(|folder| view.roots.iter().any(|root| folder.starts_with(root)));
        if client_watches && files.iter().all(client_sees) && folder_seen {
            return None;
        }
        let mut folders: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| f.parent().map(Into::into))
            .collect();
        folders.extend(timeline.as_ref().and_then(|t| t.folder()));
        let recursive = matches!(timeline, Some(crate::source::ProfileSource::Glob(_)));
        let runtime = tokio::runtime::Handle::current();
        let on_change = Arc::new(on_change);
        let on_event = on_change.clone();
        // Reading a file is an event too (inotify's open): only a change of
        // a file's time or size is a change, or every reload would cause
        // the next. The stamps start as they were when the shown profile
        // read them, so that a change while it loaded is one.
        let read_stamp = |file: &PathBuf| {
            let read = index
                .loaded
                .read_stamps
                .iter()
                .find(|(path, _)| path == file);
            read.map_or_else(|| stamp(file), |(_, stamp)| *stamp)
        };
        let seen: Vec<(PathBuf, Option<Stamp>)> =
            files.iter().map(|f| (f.clone(), read_stamp(f))).collect();
        let seen = Arc::new(Mutex::new(seen));
        // The files' stamps now against the last seen; true if one changed.
        let compare = {
            let seen = seen.clone();
            move |events: &[PathBuf]| {
                let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
                let mut changed = false;
                for path in events {
                    match seen.iter_mut().find(|(file, _)| file == path) {
                        Some((file, last)) => {
                            let now = stamp(file);
                            changed |= now != *last;
                            *last = now;
                        }
                        None if timeline.as_ref().is_some_and(|t| t.may_hold(path)) => {
                            changed = true;
                            seen.push((path.clone(), stamp(path)));
                        }
                        None => {}
                    }
                }
                changed
            }
        };
        let on_events = compare.clone();
        let mut debouncer = new_debouncer(QUIET, move |events: DebounceEventResult| {
            let Ok(events) = events else { return };
            let paths: Vec<PathBuf> = events.into_iter().map(|e| e.path).collect();
            if on_events(&paths) {
                let _guard = runtime.enter();
                on_event();
            }
        })
        .ok()?;
        folders.sort();
        folders.dedup();
        let mode = if recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        for folder in &folders {
            let _ = debouncer.watcher().watch(folder, mode);
        }
        // Changed before this watcher watched (its event went to the one it
        // replaces, or came before either): reload now, once.
        if compare(&files) {
            on_change();
        }
        Some(ProfileWatcher {
            _debouncer: debouncer,
        })
    }
}
