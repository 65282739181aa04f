//! The LSP front: capabilities, notifications, and the dispatch of each
//! request to its module. Every request takes one snapshot at its start.

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::guard;
use super::protocol::Experimental;
use super::requests::{call_hierarchy, code_lens, hover, inlay_hint, workspace_symbol};
use super::state::{ClientCaps, State};
use super::{commands, from_proto, loader};
use crate::resolve::PROFILE_PATTERNS;
use crate::session::load::LoadKind;

pub struct Server {
    state: Arc<State>,
    /// What `initialize` found wrong with the settings, told once the
    /// client is ready.
    init_message: std::sync::Mutex<Option<(MessageType, String)>>,
}

impl Server {
    pub fn new(client: Client) -> Server {
        Server {
            state: State::new(client),
            init_message: std::sync::Mutex::new(None),
        }
    }

    /// Asks the client for the `pprof` section and applies it.
    fn pull_configuration(&self) {
        let state = self.state.clone();
        tokio::spawn(async move {
            let unchanged = || {
                let settings =
                    crate::session::settings::Settings::clone(&state.snapshot().settings);
                state.session().set_settings(settings)
            };
            if !state.caps().configuration {
                loader::follow(&state, unchanged());
                return;
            }
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("pprof".into()),
            };
            match state.client().configuration(vec![item]).await {
                // A client without a pprof section answers null: keep what
                // initializationOptions said.
                Ok(values) => match values.into_iter().next().filter(|v| !v.is_null()) {
                    Some(value) => loader::apply_settings_json(&state, &value).await,
                    None => {
                        loader::follow(&state, unchanged());
                    }
                },
                Err(_) => {
                    loader::follow(&state, unchanged());
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
        .filter_map(|f| from_proto::path(&f.uri))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty() {
        roots.extend(params.root_uri.as_ref().and_then(from_proto::path));
    }
    if roots.is_empty() {
        roots.extend(std::env::current_dir().ok());
    }
    roots
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let told = match self.state.initialize(
            client_caps(&params),
            workspace_roots(&params),
            params.initialization_options.as_ref(),
        ) {
            Ok(warning) => warning.map(|w| (MessageType::WARNING, w)),
            Err(error) => Some((MessageType::ERROR, error)),
        };
        *self.init_message.lock().expect("init message lock") = told;
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "pprof-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
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
                experimental: Some(serde_json::json!({
                    "pprof": Experimental { profile_patterns: &PROFILE_PATTERNS }
                })),
                ..ServerCapabilities::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let told = self.init_message.lock().expect("init message lock").take();
        match told {
            Some((MessageType::ERROR, message)) => self.state.report_error(&message).await,
            Some((_, message)) => self.state.warn(&message).await,
            None => {}
        }
        if self.state.caps().watched_files_registration {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: PROFILE_PATTERNS
                    .iter()
                    .map(|pattern| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(format!("**/{pattern}")),
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
                let _ = state.client().register_capability(vec![registration]).await;
            });
        }
        self.pull_configuration();
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        if let Some(path) = from_proto::path(&params.text_document.uri) {
            let text = params.text_document.text;
            guard::notification("textDocument/didOpen", || {
                self.state.session().open_document(path, text)
            });
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        if let Some(path) = from_proto::path(&params.text_document.uri) {
            let changes = from_proto::changes(params.content_changes);
            guard::notification("textDocument/didChange", || {
                self.state.session().change_document(path, &changes)
            });
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        if let Some(path) = from_proto::path(&params.text_document.uri) {
            self.state.session().close_document(&path);
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match params.settings.get("pprof") {
            Some(section) if section.is_object() => {
                loader::apply_settings_json(&self.state, section).await
            }
            // Pull-model clients send no payload: ask for it.
            _ => self.pull_configuration(),
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let view = self.state.snapshot();
        let watched: Vec<PathBuf> = match &view.index {
            Some(index) => std::iter::once(index.loaded.path.clone())
                .chain(index.loaded.base.as_ref().map(|(p, _)| p.clone()))
                .collect(),
            // Nothing loaded yet: any profile that appears may be the one.
            None => Vec::new(),
        };
        let timeline = view
            .index
            .as_ref()
            .and_then(|index| index.loaded.timeline.as_ref());
        let touches_profile = watched.is_empty()
            || params
                .changes
                .iter()
                .filter_map(|c| from_proto::path(&c.uri))
                .any(|p| watched.contains(&p) || timeline.is_some_and(|t| t.source.may_hold(&p)));
        if touches_profile {
            loader::follow(&self.state, Some(LoadKind::Reload));
        }
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        guard::request("textDocument/inlayHint", || {
            Some(inlay_hint::inlay_hints(&self.state.snapshot(), &params))
        })
    }

    async fn inlay_hint_resolve(&self, hint: InlayHint) -> Result<InlayHint> {
        guard::request("inlayHint/resolve", || {
            inlay_hint::resolve(&self.state.snapshot(), hint)
        })
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        guard::request("textDocument/codeLens", || {
            Some(code_lens::code_lenses(&self.state.snapshot(), &params))
        })
    }

    async fn code_lens_resolve(&self, lens: CodeLens) -> Result<CodeLens> {
        guard::request("codeLens/resolve", || {
            code_lens::resolve(&self.state.snapshot(), lens)
        })
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        guard::request("textDocument/hover", || {
            hover::hover(&self.state.snapshot(), &params)
        })
    }

    async fn prepare_call_hierarchy(
        &self,
        params: CallHierarchyPrepareParams,
    ) -> Result<Option<Vec<CallHierarchyItem>>> {
        guard::request("textDocument/prepareCallHierarchy", || {
            call_hierarchy::prepare(&self.state.snapshot(), &params)
        })
    }

    async fn incoming_calls(
        &self,
        params: CallHierarchyIncomingCallsParams,
    ) -> Result<Option<Vec<CallHierarchyIncomingCall>>> {
        guard::request("callHierarchy/incomingCalls", || {
            call_hierarchy::incoming(&self.state.snapshot(), &params)
        })
    }

    async fn outgoing_calls(
        &self,
        params: CallHierarchyOutgoingCallsParams,
    ) -> Result<Option<Vec<CallHierarchyOutgoingCall>>> {
        guard::request("callHierarchy/outgoingCalls", || {
            call_hierarchy::outgoing(&self.state.snapshot(), &params)
        })
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        guard::request("workspace/symbol", || {
            Some(WorkspaceSymbolResponse::Nested(
                workspace_symbol::workspace_symbols(&self.state.snapshot(), &params),
            ))
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        commands::execute(&self.state, &params.command, params.arguments).await
    }
}
