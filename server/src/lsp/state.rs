//! Server state: settings, open documents, and the current index, which a
//! load replaces whole. Loads run on blocking threads; requests read
//! whatever index is current and never wait for one.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use arc_swap::ArcSwapOption;
use dashmap::DashMap;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::{MessageType, NumberOrString, Uri};
use tower_lsp_server::{Client, NotCancellable, OngoingProgress, Unbounded};

use super::document::Document;
use super::index::{Index, Loaded};
use super::settings::Settings;
use super::{diagnostics, to_proto};
use crate::analysis::units;
use crate::resolve::{Resolution, Workspace};

/// What the client can do, read once from `initialize`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientCaps {
    pub progress: bool,
    pub inlay_hint_refresh: bool,
    pub code_lens_refresh: bool,
    pub watched_files_registration: bool,
    pub configuration: bool,
}

/// What a load has to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadKind {
    /// Read the profile (and base) again.
    Full,
    /// Keep the decoded profile; show another sample type.
    SampleType,
    /// The profile file changed: read it again, but keep the workspace's
    /// file index from the last full load.
    Reload,
}

/// `pprof/status`: sent after every load, reload and sample type change.
pub enum StatusNotification {}

impl Notification for StatusNotification {
    type Params = Value;
    const METHOD: &'static str = "pprof/status";
}

pub struct State {
    pub client: Client,
    pub settings: RwLock<Settings>,
    /// The settings given in `initialize`: what the client's later
    /// configuration is laid over.
    pub initialization_options: RwLock<Value>,
    pub roots: RwLock<Vec<PathBuf>>,
    pub index: ArcSwapOption<Index>,
    pub documents: DashMap<Uri, Arc<Document>>,
    pub caps: OnceLock<ClientCaps>,
    generation: AtomicU64,
    last_error: Mutex<Option<String>>,
    watcher: Mutex<Option<notify::RecommendedWatcher>>,
    /// The workspace's files as last scanned (reused by reloads).
    workspace: Mutex<Option<Arc<Workspace>>>,
    /// Files that were sent diagnostics, to clear them later.
    pub diagnosed_files: Mutex<Vec<PathBuf>>,
    file_changed: mpsc::UnboundedSender<()>,
}

impl State {
    pub fn new(client: Client) -> Arc<State> {
        let (file_changed, changes) = mpsc::unbounded_channel();
        let state = Arc::new(State {
            client,
            settings: RwLock::new(Settings::default()),
            initialization_options: RwLock::new(Value::Null),
            roots: RwLock::new(Vec::new()),
            index: ArcSwapOption::empty(),
            documents: DashMap::new(),
            caps: OnceLock::new(),
            generation: AtomicU64::new(0),
            last_error: Mutex::new(None),
            watcher: Mutex::new(None),
            workspace: Mutex::new(None),
            diagnosed_files: Mutex::new(Vec::new()),
            file_changed,
        });
        tokio::spawn(reload_on_change(Arc::downgrade(&state), changes));
        state
    }

    pub fn caps(&self) -> ClientCaps {
        self.caps.get().copied().unwrap_or_default()
    }

    pub fn settings(&self) -> Settings {
        self.settings.read().expect("settings lock").clone()
    }

    pub fn current(&self) -> Option<Arc<Index>> {
        self.index.load_full()
    }

    /// A document: as the editor has it open, else as on disk.
    pub fn document(&self, uri: &Uri, path: &std::path::Path) -> Option<Arc<Document>> {
        match self.documents.get(uri) {
            Some(document) => Some(document.clone()),
            None => std::fs::read_to_string(path)
                .ok()
                .map(|text| Arc::new(Document::new(text))),
        }
    }

    /// Tells the file watcher path that a profile file changed.
    pub fn profile_file_changed(&self) {
        let _ = self.file_changed.send(());
    }

    /// Starts a load off the request path. The handle resolves when the new
    /// index is in place (or the load failed, or a newer load replaced it).
    pub fn request_load(
        self: &Arc<Self>,
        kind: LoadKind,
    ) -> tokio::task::JoinHandle<Result<(), String>> {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let state = self.clone();
        tokio::spawn(async move {
            let progress = state.begin_progress(generation).await;
            let settings = state.settings();
            let roots = state.roots.read().expect("roots lock").clone();
            let previous = state.current();
            let previous_path = previous.as_ref().map(|i| i.loaded.path.clone());
            let cached = match kind {
                LoadKind::Reload => state.workspace.lock().expect("workspace lock").clone(),
                _ => None,
            };
            let loading = state.clone();
            let built = tokio::task::spawn_blocking(move || {
                let workspace = match (kind, cached) {
                    (LoadKind::SampleType, _) => None,
                    (_, Some(workspace)) => Some(workspace),
                    (_, None) => Some(Arc::new(Workspace::scan(&roots))),
                };
                let (index, warning) =
                    build_index(kind, &settings, workspace.as_deref(), previous)?;
                // The longest hover scans, done before the index is shown
                // (requests meanwhile answer from the previous one), so that
                // no work is left to slow requests once it is.
                let started = std::time::Instant::now();
                let computed = index
                    .warm_up(|| loading.generation.load(Ordering::SeqCst) == generation);
                let warm_up = format!(
                    "pprof: callers of the {computed} functions in the most stacks computed ahead in {} ms",
                    started.elapsed().as_millis()
                );
                Ok(((index, warning, warm_up), workspace))
            })
            .await;
            let outcome = match built {
                Ok(Ok((built, workspace))) => {
                    if let Some(workspace) = workspace {
                        *state.workspace.lock().expect("workspace lock") = Some(workspace);
                    }
                    Ok(built)
                }
                Ok(Err(message)) => Err(message),
                Err(panic) => Err(format!(
                    "the profile could not be loaded (internal error: {panic})"
                )),
            };
            if state.generation.load(Ordering::SeqCst) != generation {
                state
                    .end_progress(progress, "superseded by a newer load")
                    .await;
                return Err("superseded by a newer load".to_string());
            }
            let result = match outcome {
                Ok((index, warning, warm_up)) => {
                    let found_by_search = settings_profile_unset(&state)
                        && previous_path.as_ref() != Some(&index.loaded.path);
                    let path = index.loaded.path.clone();
                    state.index.store(Some(Arc::new(index)));
                    state.client.log_message(MessageType::INFO, warm_up).await;
                    if found_by_search {
                        let message = format!(
                            "pprof: showing {}, the newest profile in the workspace",
                            path.display()
                        );
                        state.client.show_message(MessageType::INFO, message).await;
                    }
                    *state.last_error.lock().expect("error lock") = None;
                    if let Some(warning) = warning {
                        state
                            .client
                            .show_message(MessageType::WARNING, format!("pprof: {warning}"))
                            .await;
                    }
                    state.after_swap().await;
                    Ok(())
                }
                Err(message) => {
                    state.report_error(&message).await;
                    Err(message)
                }
            };
            let summary = match &result {
                Ok(()) => state.status()["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                Err(message) => message.clone(),
            };
            state.end_progress(progress, &summary).await;
            result
        })
    }

    async fn begin_progress(
        &self,
        generation: u64,
    ) -> Option<OngoingProgress<Unbounded, NotCancellable>> {
        if !self.caps().progress {
            return None;
        }
        let token = NumberOrString::String(format!("pprof-load-{generation}"));
        self.client
            .create_work_done_progress(token.clone())
            .await
            .ok()?;
        Some(
            self.client
                .progress(token, "pprof")
                .with_message("Loading profile")
                .begin()
                .await,
        )
    }

    async fn end_progress(
        &self,
        progress: Option<OngoingProgress<Unbounded, NotCancellable>>,
        message: &str,
    ) {
        if let Some(progress) = progress {
            progress.finish_with_message(message).await;
        }
    }

    /// One clear message per distinct failure; the last good index stays.
    pub async fn report_error(&self, message: &str) {
        let is_new = {
            let mut last = self.last_error.lock().expect("error lock");
            let is_new = last.as_deref() != Some(message);
            *last = Some(message.to_string());
            is_new
        };
        self.client
            .log_message(MessageType::ERROR, format!("pprof: {message}"))
            .await;
        if is_new {
            let kept = if self.current().is_some() {
                " (still showing the last good profile)"
            } else {
                ""
            };
            self.client
                .show_message(MessageType::ERROR, format!("pprof: {message}{kept}"))
                .await;
        }
        self.client
            .send_notification::<StatusNotification>(self.status())
            .await;
    }

    /// Everything that follows a new index: watch its files, tell the
    /// client, and ask it to redraw.
    async fn after_swap(&self) {
        self.watch_profile_files();
        let status = self.status();
        self.client
            .log_message(
                MessageType::INFO,
                format!("pprof: {}", status["message"].as_str().unwrap_or_default()),
            )
            .await;
        self.client
            .send_notification::<StatusNotification>(status)
            .await;
        self.refresh().await;
    }

    /// Asks the client to fetch hints and lenses again.
    pub async fn refresh(&self) {
        let caps = self.caps();
        if caps.inlay_hint_refresh {
            let _ = self.client.inlay_hint_refresh().await;
        }
        if caps.code_lens_refresh {
            let _ = self.client.code_lens_refresh().await;
        }
        diagnostics::publish(self).await;
    }

    /// Watches the profile and base files, unless the client does (VS Code
    /// registers `workspace/didChangeWatchedFiles` for us; Neovim on Linux
    /// does not).
    fn watch_profile_files(&self) {
        use notify::Watcher;
        let Some(index) = self.current() else { return };
        let mut files = vec![index.loaded.path.clone()];
        files.extend(index.loaded.base.as_ref().map(|(p, _)| p.clone()));
        let roots = self.roots.read().expect("roots lock").clone();
        let client_sees = |file: &PathBuf| {
            roots.iter().any(|root| file.starts_with(root))
                && crate::resolve::has_profile_name(file)
        };
        if self.caps().watched_files_registration && files.iter().all(client_sees) {
            *self.watcher.lock().expect("watcher lock") = None;
            return;
        }
        let sender = self.file_changed.clone();
        let watched = files.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if let Ok(event) = event {
                if event.paths.iter().any(|p| watched.contains(p)) && !event.kind.is_access() {
                    let _ = sender.send(());
                }
            }
        });
        let Ok(mut watcher) = watcher else { return };
        for file in &files {
            if let Some(dir) = file.parent() {
                let _ = watcher.watch(dir, notify::RecursiveMode::NonRecursive);
            }
        }
        *self.watcher.lock().expect("watcher lock") = Some(watcher);
    }

    pub fn status(&self) -> Value {
        let settings = self.settings();
        let error = self.last_error.lock().expect("error lock").clone();
        let Some(index) = self.current() else {
            return json!({
                "profile": null, "sampleType": null, "sampleTypes": [], "unit": null, "total": 0,
                "totalLabel": "", "time": null, "base": settings.base, "baseMode": settings.base_mode_name(),
                "filesResolved": 0, "filesTotal": 0,
                "message": error.unwrap_or_else(|| "no profile loaded yet".to_string()),
            });
        };
        let loaded = &index.loaded;
        let profile = &loaded.profile;
        let sources: Vec<&Resolution> = loaded
            .files
            .iter()
            .zip(&loaded.tables.files)
            .filter(|(_, f)| f.is_source)
            .map(|(r, _)| r)
            .collect();
        let resolved = sources
            .iter()
            .filter(|r| matches!(r, Resolution::Found { .. }))
            .count();
        let time = (profile.time_nanos != 0)
            .then(|| chrono::DateTime::from_timestamp_nanos(profile.time_nanos).to_rfc3339());
        let hidden = index.hidden_lines(settings.min_fraction());
        let name = loaded
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut message = format!(
            "{name}: {} {} total, {resolved} of {} files found in the workspace",
            index.kind(),
            units::human_label(index.total(), index.unit()),
            sources.len()
        );
        if let Some((base, _)) = &loaded.base {
            message.push_str(&format!(", compared with {}", base.display()));
        }
        if hidden > 0 {
            message.push_str(&format!(
                "; {hidden} lines below {}% hidden",
                settings.min_share
            ));
        }
        if let Some(error) = &error {
            message.push_str(&format!(" (last reload failed: {error})"));
        }
        json!({
            "profile": loaded.path,
            "sampleType": index.kind(),
            "sampleTypes": profile.sample_types.iter().map(|t| t.kind.clone()).collect::<Vec<_>>(),
            "unit": index.unit(),
            "total": index.total(),
            "totalLabel": to_proto::value(&index, index.total()),
            "time": time,
            "base": loaded.base.as_ref().map(|(p, _)| p.clone()),
            "baseMode": settings.base_mode_name(),
            "filesResolved": resolved,
            "filesTotal": sources.len(),
            "hiddenLines": hidden,
            "message": message,
        })
    }

    /// Applies settings sent by the client; bad ones are reported and the
    /// previous ones kept.
    pub async fn apply_settings_json(self: &Arc<Self>, value: &Value) {
        let layered = Settings::layered(
            &self.initialization_options.read().expect("options lock"),
            value,
        );
        match Settings::from_json(&layered) {
            Ok((settings, warning)) => {
                self.apply_settings(settings);
                if let Some(warning) = warning {
                    self.client
                        .show_message(MessageType::WARNING, format!("pprof: {warning}"))
                        .await;
                }
            }
            Err(message) => self.report_error(&message).await,
        }
    }

    /// Applies new settings and starts whatever load they call for.
    pub fn apply_settings(
        self: &Arc<Self>,
        new: Settings,
    ) -> Option<tokio::task::JoinHandle<Result<(), String>>> {
        let old = std::mem::replace(
            &mut *self.settings.write().expect("settings lock"),
            new.clone(),
        );
        let reread = old.profile != new.profile
            || old.base != new.base
            || old.base_mode != new.base_mode
            || old.path_mappings != new.path_mappings
            || old.max_profile_mb != new.max_profile_mb
            || self.current().is_none();
        if reread {
            Some(self.request_load(LoadKind::Full))
        } else if old.sample_type != new.sample_type {
            Some(self.request_load(LoadKind::SampleType))
        } else {
            let state = self.clone();
            tokio::spawn(async move { state.refresh().await });
            None
        }
    }
}

impl Settings {
    fn base_mode_name(&self) -> &'static str {
        match self.base_mode {
            super::settings::BaseMode::Diff => "diff",
            super::settings::BaseMode::Subtract => "subtract",
        }
    }
}

impl Index {
    /// Source lines with values that are too small to be shown.
    pub fn hidden_lines(&self, min_fraction: f64) -> usize {
        let tables = self.tables();
        (0..tables.source_lines.len())
            .filter(|&n| {
                let cum = self.analysis.source_lines.cum[n];
                let flat = self.analysis.source_lines.flat[n];
                (cum != 0 || flat != 0) && self.share(cum.abs().max(flat.abs())) < min_fraction
            })
            .count()
    }
}

fn settings_profile_unset(state: &State) -> bool {
    state
        .settings
        .read()
        .expect("settings lock")
        .profile
        .is_none()
}

/// Builds the next index; a warning is returned with it when the settings
/// asked for something the profile does not have.
fn build_index(
    kind: LoadKind,
    settings: &Settings,
    workspace: Option<&Workspace>,
    previous: Option<Arc<Index>>,
) -> Result<(Index, Option<String>), String> {
    let loaded = match (kind, previous, workspace) {
        (LoadKind::SampleType, Some(previous), _) => previous.loaded.clone(),
        (_, _, Some(workspace)) => Arc::new(Loaded::load(settings, workspace)?),
        (_, _, None) => return Err("nothing loaded yet to show another sample type of".into()),
    };
    let (sample_type, warning) = match loaded.sample_type_index(settings.sample_type.as_deref()) {
        Ok(index) => (index, None),
        Err(message) => (loaded.sample_type_index(None)?, Some(message)),
    };
    Ok((Index::build(loaded, sample_type), warning))
}

/// Reloads when the watched profile file changes, once writes settle.
async fn reload_on_change(state: std::sync::Weak<State>, mut changes: mpsc::UnboundedReceiver<()>) {
    while changes.recv().await.is_some() {
        // Profiles are often written in several steps: wait for quiet.
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            if changes.try_recv().is_err() {
                break;
            }
            while changes.try_recv().is_ok() {}
        }
        let Some(state) = state.upgrade() else { return };
        state.request_load(LoadKind::Reload);
    }
}
