//! The server's state: the session and what talking to this client needs
//! (its capabilities, the settings it started with, the file watcher).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use serde_json::Value;
use tower_lsp_server::ls_types::MessageType;
use tower_lsp_server::Client;

use super::diagnostics;
use super::poll::Poller;
use super::protocol::StatusNotification;
use super::watch::ProfileWatcher;
use crate::session::settings::Settings;
use crate::session::status::Status;
use crate::session::{Session, View};

/// What the client can do, read once from `initialize`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientCaps {
    pub progress: bool,
    pub inlay_hint_refresh: bool,
    pub code_lens_refresh: bool,
    pub watched_files_registration: bool,
    pub configuration: bool,
}

pub struct State {
    client: Client,
    session: Session,
    caps: OnceLock<ClientCaps>,
    /// The settings given in `initialize`: what the client's later
    /// configuration is laid over.
    initialization_options: RwLock<Value>,
    watcher: Mutex<Option<ProfileWatcher>>,
    poller: Mutex<Option<Poller>>,
    /// Files that were sent diagnostics, to clear them later.
    diagnosed_files: Mutex<Vec<PathBuf>>,
}

impl State {
    pub fn new(client: Client) -> Arc<State> {
        Arc::new(State {
            client,
            session: Session::new(),
            caps: OnceLock::new(),
            initialization_options: RwLock::new(Value::Null),
            watcher: Mutex::new(None),
            poller: Mutex::new(None),
            diagnosed_files: Mutex::new(Vec::new()),
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The one view a request answers from.
    pub fn snapshot(&self) -> Arc<View> {
        self.session.snapshot()
    }

    pub fn caps(&self) -> ClientCaps {
        self.caps.get().copied().unwrap_or_default()
    }

    /// Reads what `initialize` said; a settings error comes back, to be
    /// shown once the client is ready.
    pub fn initialize(
        &self,
        caps: ClientCaps,
        roots: Vec<PathBuf>,
        options: Option<&Value>,
    ) -> Result<Option<String>, String> {
        let _ = self.caps.set(caps);
        self.session.set_roots(roots);
        let Some(options) = options else {
            return Ok(None);
        };
        *self.initialization_options.write().expect("options lock") = options.clone();
        let (settings, warning) = Settings::from_json(options)?;
        self.session.set_settings(settings);
        Ok(warning)
    }

    pub fn status(&self) -> Status {
        Status::of(&self.snapshot())
    }

    /// The settings the client's configuration is laid over.
    pub fn initialization_options(&self) -> Value {
        self.initialization_options
            .read()
            .expect("options lock")
            .clone()
    }

    pub async fn warn(&self, message: &str) {
        self.client
            .show_message(MessageType::WARNING, format!("pprof: {message}"))
            .await;
    }

    /// One clear message per distinct failure; the last good profile stays.
    pub async fn report_error(&self, message: &str) {
        let is_new = self.session.record_error(message);
        self.client
            .log_message(MessageType::ERROR, format!("pprof: {message}"))
            .await;
        if is_new {
            let kept = if self.snapshot().index.is_some() {
                " (still showing the last good profile)"
            } else {
                ""
            };
            self.client
                .show_message(MessageType::ERROR, format!("pprof: {message}{kept}"))
                .await;
        }
        self.send_status().await;
    }

    pub async fn send_status(&self) {
        self.client
            .send_notification::<StatusNotification>(
                serde_json::to_value(self.status()).expect("a status is JSON"),
            )
            .await;
    }

    /// Asks the client to fetch hints and lenses again, and publishes
    /// diagnostics.
    pub async fn refresh(&self) {
        let caps = self.caps();
        if caps.inlay_hint_refresh {
            let _ = self.client.inlay_hint_refresh().await;
        }
        if caps.code_lens_refresh {
            let _ = self.client.code_lens_refresh().await;
        }
        let view = self.snapshot();
        let previous = std::mem::take(&mut *self.diagnosed_files.lock().expect("diagnostics lock"));
        let diagnosed = diagnostics::publish(&self.client, &view, previous).await;
        *self.diagnosed_files.lock().expect("diagnostics lock") = diagnosed;
    }

    /// Keeps the watcher of the profile files that are shown (None: no
    /// watcher needed).
    pub fn set_watcher(&self, watcher: Option<ProfileWatcher>) {
        *self.watcher.lock().expect("watcher lock") = watcher;
    }

    pub fn update_poller(&self, change: impl FnOnce(&mut Option<Poller>)) {
        change(&mut self.poller.lock().expect("poller lock"));
    }
}
