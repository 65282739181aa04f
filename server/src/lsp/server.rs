//! The LSP front: capabilities, document and settings notifications, and
//! the dispatch of each request to its feature module.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::document::Document;
use super::settings::Settings;
use super::state::{ClientCaps, State};
use super::{call_hierarchy, code_lens, commands, hover, inlay_hints, symbols};

pub struct Server {
    state: Arc<State>,
    /// A settings error seen in `initialize`, shown once the client is ready.
    init_error: std::sync::Mutex<Option<String>>,
    init_warning: std::sync::Mutex<Option<String>>,
}

impl Server {
    pub fn new(client: Client) -> Server {
        Server {
            state: State::new(client),
            init_error: std::sync::Mutex::new(None),
            init_warning: std::sync::Mutex::new(None),
        }
    }

    /// Asks the client for the `pprof` section and applies it.
    fn pull_configuration(&self) {
        let state = self.state.clone();
        tokio::spawn(async move {
            if !state.caps().configuration {
                if state.current().is_none() {
                    state.request_load(super::state::LoadKind::Full);
                }
                return;
            }
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("pprof".into()),
            };
            match state.client.configuration(vec![item]).await {
                Ok(values) => {
                    let value = values.into_iter().next().unwrap_or(Value::Null);
                    // A client without a pprof section answers null: keep
                    // what initializationOptions said.
                    if value.is_null() {
                        state.apply_settings(state.settings());
                    } else {
                        state.apply_settings_json(&value).await;
                    }
                }
                Err(_) => {
                    state.apply_settings(state.settings());
                }
            }
        });
    }
}

fn client_caps(params: &InitializeParams) -> ClientCaps {
    let caps = &params.capabilities;
    let workspace = caps.workspace.as_ref();
    ClientCaps {
        progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        inlay_hint_refresh: workspace
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|i| i.refresh_support)
            .unwrap_or(false),
        code_lens_refresh: workspace
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false),
        watched_files_registration: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
    }
}

fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty() {
        roots.extend(
            params
                .root_uri
                .as_ref()
                .and_then(|u| u.to_file_path())
                .map(|p| p.into_owned()),
        );
    }
    if roots.is_empty() {
        roots.extend(std::env::current_dir().ok());
    }
    roots
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let _ = self.state.caps.set(client_caps(&params));
        *self.state.roots.write().expect("roots lock") = workspace_roots(&params);
        if let Some(options) = &params.initialization_options {
            *self
                .state
                .initialization_options
                .write()
                .expect("options lock") = options.clone();
            match Settings::from_json(options) {
                Ok((settings, warning)) => {
                    *self.state.settings.write().expect("settings lock") = settings;
                    *self.init_warning.lock().expect("init warning lock") = warning;
                }
                Err(message) => *self.init_error.lock().expect("init error lock") = Some(message),
            }
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "pprof-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::FULL,
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(true),
                }),
                inlay_hint_provider: Some(OneOf::Right(InlayHintServerCapabilities::Options(
                    InlayHintOptions {
                        resolve_provider: Some(true),
                        work_done_progress_options: Default::default(),
                    },
                ))),
                call_hierarchy_provider: Some(CallHierarchyServerCapability::Simple(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: commands::COMMANDS.iter().map(|c| c.to_string()).collect(),
                    ..Default::default()
                }),
                ..ServerCapabilities::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let init_error = self.init_error.lock().expect("init error lock").take();
        if let Some(message) = init_error {
            self.state.report_error(&message).await;
        }
        let init_warning = self.init_warning.lock().expect("init warning lock").take();
        if let Some(message) = init_warning {
            self.state
                .client
                .show_message(MessageType::WARNING, format!("pprof: {message}"))
                .await;
        }
        if self.state.caps().watched_files_registration {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: crate::resolve::PROFILE_SUFFIXES
                    .iter()
                    .map(|suffix| format!("**/*{suffix}"))
                    .chain(["**/default.pgo".to_string()])
                    .map(|glob| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(glob),
                        kind: None,
                    })
                    .collect(),
            };
            let registration = Registration {
                id: "pprof-profile-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            let state = self.state.clone();
            tokio::spawn(async move {
                let _ = state.client.register_capability(vec![registration]).await;
            });
        }
        self.pull_configuration();
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let uri = params.text_document.uri;
        self.state
            .documents
            .insert(uri, Arc::new(Document::new(params.text_document.text)));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        if let Some(change) = params.content_changes.into_iter().last() {
            self.state.documents.insert(
                params.text_document.uri,
                Arc::new(Document::new(change.text)),
            );
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.state.documents.remove(&params.text_document.uri);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match params.settings.get("pprof") {
            Some(section) if section.is_object() => self.state.apply_settings_json(section).await,
            // Pull-model clients send no payload: ask for it.
            _ => self.pull_configuration(),
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let Some(index) = self.state.current() else {
            self.state.profile_file_changed();
            return;
        };
        let mut watched = vec![index.loaded.path.clone()];
        watched.extend(index.loaded.base.as_ref().map(|(p, _)| p.clone()));
        let touches_profile = params
            .changes
            .iter()
            .filter_map(|c| c.uri.to_file_path())
            .any(|p| watched.iter().any(|w| w.as_path() == p.as_ref()));
        if touches_profile {
            self.state.profile_file_changed();
        }
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        Ok(Some(inlay_hints::inlay_hints(&self.state, &params)))
    }

    async fn inlay_hint_resolve(&self, hint: InlayHint) -> Result<InlayHint> {
        Ok(inlay_hints::resolve(&self.state, hint))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        Ok(Some(code_lens::code_lenses(&self.state, &params)))
    }

    async fn code_lens_resolve(&self, lens: CodeLens) -> Result<CodeLens> {
        Ok(code_lens::resolve(&self.state, lens))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        Ok(hover::hover(&self.state, &params))
    }

    async fn prepare_call_hierarchy(
        &self,
        params: CallHierarchyPrepareParams,
    ) -> Result<Option<Vec<CallHierarchyItem>>> {
        Ok(call_hierarchy::prepare(&self.state, &params))
    }

    async fn incoming_calls(
        &self,
        params: CallHierarchyIncomingCallsParams,
    ) -> Result<Option<Vec<CallHierarchyIncomingCall>>> {
        Ok(call_hierarchy::incoming(&self.state, &params))
    }

    async fn outgoing_calls(
        &self,
        params: CallHierarchyOutgoingCallsParams,
    ) -> Result<Option<Vec<CallHierarchyOutgoingCall>>> {
        Ok(call_hierarchy::outgoing(&self.state, &params))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        Ok(Some(WorkspaceSymbolResponse::Nested(
            symbols::workspace_symbols(&self.state, &params),
        )))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        commands::execute(&self.state, &params.command, &params.arguments).await
    }
}
