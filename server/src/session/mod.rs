//! The session: the loaded profile and its query index, the settings and
//! what commands chose over them, the open documents, and what each
//! feature says, as domain types. No LSP types here: `lsp` converts.
//!
//! Everything a request reads is one immutable [`View`], swapped whole
//! when anything changes, so a request sees one consistent state from its
//! start to its end and never waits for a load.

pub mod callers;
pub mod diagnostics;
pub mod document;
pub mod graph;
pub mod growth_report;
pub mod heat;
pub mod hints;
pub mod hover;
pub mod index;
pub mod lenses;
pub mod load;
pub mod loaded;
pub mod mapping;
pub mod markup;
pub mod placement;
pub mod series;
pub mod settings;
pub mod status;
pub mod symbols;
pub mod timeline;
pub mod waits;
pub mod words;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use serde::{Deserialize, Serialize};

use document::Document;
use index::Index;
use load::{LoadKind, LoadRequest};
use settings::{Overrides, Settings};

use crate::resolve::Workspace;

/// A line of a file on this machine (1-based, as in profiles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLink {
    pub path: PathBuf,
    pub line: i64,
}

impl SourceLink {
    pub fn new((path, line): (&Path, i64)) -> SourceLink {
        SourceLink {
            path: path.to_path_buf(),
            line,
        }
    }
}

/// A function as clients hand it back: stable across reloads, unlike a
/// node number. `file` and `startLine` tell apart functions of one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionRef {
    pub function: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_line: Option<i64>,
}

/// One consistent state of the session.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub index: Option<Arc<Index>>,
    /// The user's settings.
    pub settings: Arc<Settings>,
    pub overrides: Arc<Overrides>,
    pub documents: Arc<HashMap<PathBuf, Arc<Document>>>,
    pub roots: Arc<[PathBuf]>,
    /// Why the last load failed, while no later load succeeded.
    pub last_error: Option<Arc<str>>,
    /// A load (or a poll) is under way.
    pub loading: bool,
}

impl View {
    /// The settings with the commands' choices laid over them.
    pub fn effective_settings(&self) -> Settings {
        self.overrides.apply(&self.settings)
    }

    pub fn load_request(&self) -> LoadRequest {
        let base_cleared = self.overrides.base == Some(None);
        let mut request =
            LoadRequest::from_settings(&self.effective_settings(), base_cleared, &self.roots);
        if self.overrides.profile.is_some() {
            request.profile_named_by = "the pprof.load command";
        }
        request
    }

    /// Where a profile line of a file is now, in a document open in the
    /// editor (files not open are as the profile has them); None if an
    /// edit deleted it.
    pub fn line_now(&self, path: &Path, line: i64) -> Option<(i64, bool)> {
        match (&self.index, self.documents.get(path)) {
            (Some(index), Some(document)) => {
                let placement = document.placement(index, path);
                // A line the profile has no number on stays where it was.
                placement.line_of(line).or(Some((line, false)))
            }
            _ => Some((line, false)),
        }
    }

    /// A link into the profile's lines, to where that line is now (the
    /// same link if an edit deleted it: its function's place is near).
    pub fn follow(&self, link: &SourceLink) -> SourceLink {
        let line = self
            .line_now(&link.path, link.line)
            .map_or(link.line, |(l, _)| l);
        SourceLink {
            path: link.path.clone(),
            line,
        }
    }

    /// The profile's line that a line of a file now corresponds to, for
    /// requests at a position.
    pub fn profile_line(&self, path: &Path, line: i64) -> i64 {
        match (&self.index, self.document(path)) {
            (Some(index), Some(document)) => {
                document.placement(index, path).profile_line_near(line)
            }
            _ => line,
        }
    }

    /// A document as the editor has it open, else as it is on disk.
    pub fn document(&self, path: &Path) -> Option<Arc<Document>> {
        match self.documents.get(path) {
            Some(document) => Some(document.clone()),
            None => std::fs::read_to_string(path)
                .ok()
                .map(|text| Arc::new(Document::new(text))),
        }
    }
}

/// A load started by [`Session::begin_load`].
pub struct LoadTicket {
    pub generation: u64,
    pub kind: LoadKind,
    pub request: LoadRequest,
    pub previous: Option<Arc<Index>>,
    /// The workspace as last scanned, for a reload.
    pub workspace: Option<Arc<Workspace>>,
    pub roots: Arc<[PathBuf]>,
}

#[derive(Default)]
pub struct Session {
    view: ArcSwap<View>,
    /// The load whose result may be published; older ones are dropped.
    generation: AtomicU64,
    workspace: Mutex<Option<Arc<Workspace>>>,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// The state a request answers from.
    pub fn snapshot(&self) -> Arc<View> {
        self.view.load_full()
    }

    fn update(&self, change: impl Fn(&mut View)) -> Arc<View> {
        let mut after = None;
        self.view.rcu(|current| {
            let mut next = View::clone(current);
            change(&mut next);
            let next = Arc::new(next);
            after = Some(next.clone());
            next
        });
        after.expect("rcu runs at least once")
    }

    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        let roots: Arc<[PathBuf]> = roots.into();
        self.update(|view| view.roots = roots.clone());
    }

    pub fn open_document(&self, path: PathBuf, text: String) {
        let document = Arc::new(Document::new(text));
        self.update(|view| {
            Arc::make_mut(&mut view.documents).insert(path.clone(), document.clone());
        });
    }

    /// Applies a client's changes to an open document (a whole new text
    /// when it is not open).
    pub fn change_document(&self, path: PathBuf, changes: &[document::Change]) {
        self.update(|view| {
            let documents = Arc::make_mut(&mut view.documents);
            let changed = match documents.get(&path) {
                Some(open) => {
                    // Placed on the text before the edits, so that they
                    // move the numbers (placing them on the edited text
                    // could not tell lines inserted inside a function).
                    if let Some(index) = &view.index {
                        open.placement(index, &path);
                    }
                    open.changed(changes)
                }
                None => Document::new(changes.last().map(|c| c.text.clone()).unwrap_or_default()),
            };
            documents.insert(path.clone(), Arc::new(changed));
        });
    }

    pub fn close_document(&self, path: &Path) {
        self.update(|view| {
            Arc::make_mut(&mut view.documents).remove(path);
        });
    }

    /// Applies new settings; says which load they call for.
    pub fn set_settings(&self, settings: Settings) -> Option<LoadKind> {
        let settings = Arc::new(settings);
        self.change_load(|view| view.settings = settings.clone())
    }

    /// Lays a command's choice over the settings; says which load it calls for.
    pub fn choose(&self, choice: impl Fn(&mut Overrides)) -> Option<LoadKind> {
        self.change_load(|view| choice(Arc::make_mut(&mut view.overrides)))
    }

    /// Puts back earlier choices (those a failed load was asked with are
    /// dropped); the index shown is still the one they asked for.
    pub fn restore_overrides(&self, overrides: Arc<Overrides>) {
        self.update(|view| view.overrides = overrides.clone());
    }

    pub fn clear_overrides(&self) -> Option<LoadKind> {
        self.change_load(|view| view.overrides = Arc::default())
    }

    fn change_load(&self, change: impl Fn(&mut View)) -> Option<LoadKind> {
        let before = self.snapshot().load_request();
        let after = self.update(change);
        match after.index {
            None => Some(LoadKind::Full),
            Some(_) => load::load_needed(&before, &after.load_request()),
        }
    }

    /// Starts a load: it, and only it, may publish until the next starts.
    pub fn begin_load(&self, kind: LoadKind) -> LoadTicket {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let view = self.update(|view| view.loading = true);
        let workspace = match kind {
            LoadKind::Reload => self.workspace.lock().expect("workspace lock").clone(),
            LoadKind::Full | LoadKind::SampleType => None,
        };
        LoadTicket {
            generation,
            kind,
            request: view.load_request(),
            previous: view.index.clone(),
            workspace,
            roots: view.roots.clone(),
        }
    }

    /// Whether a load is still the newest one started.
    pub fn is_current(&self, generation: u64) -> bool {
        self.generation.load(Ordering::SeqCst) == generation
    }

    pub fn remember_workspace(&self, workspace: Arc<Workspace>) {
        *self.workspace.lock().expect("workspace lock") = Some(workspace);
    }

    /// Ends a load, showing its index if it built one, in one step: only
    /// if no newer load has started (false: it was superseded), and never
    /// a moment where loading has ended with the old index still shown.
    pub fn finish_load(&self, generation: u64, index: Option<Arc<Index>>) -> bool {
        let current = std::cell::Cell::new(false);
        self.update(|view| {
            // Checked inside the swap: a load that starts meanwhile makes
            // this one retry and see it.
            current.set(self.is_current(generation));
            if current.get() {
                view.loading = false;
                if let Some(index) = &index {
                    view.index = Some(index.clone());
                    view.last_error = None;
                }
            }
        });
        current.get()
    }

    /// Records a failed load; true when it is not the failure seen last
    /// (a failure is told once, not at every reload).
    pub fn record_error(&self, message: &str) -> bool {
        let before = self.snapshot();
        let message: Arc<str> = message.into();
        self.update(|view| view.last_error = Some(message.clone()));
        before.last_error.as_deref() != Some(&*message)
    }
}
