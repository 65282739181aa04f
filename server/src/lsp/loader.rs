//! Loads run off the request path: the build on a blocking thread, then
//! the publish and what the client is told. Requests meanwhile answer from
//! the previous index. Settings and file changes lead here.

use std::sync::Arc;

use tower_lsp_server::ls_types::{MessageType, NumberOrString};
use tower_lsp_server::{NotCancellable, OngoingProgress, Unbounded};

use serde_json::Value;

use super::poll::Poller;
use super::state::State;
use super::watch::ProfileWatcher;
use crate::resolve::Workspace;
use crate::session::load::{build, LoadKind};
use crate::session::settings::Settings;
use crate::source::ProfileSource;

const SUPERSEDED: &str = "superseded by a newer load";

/// Who tells the user that a load failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    /// The server, in a message (settings, reloads).
    ShowMessage,
    /// The command that asked for the load, in its error answer.
    AnswerCaller,
}

/// How a load ended, when it did not show a new index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadFailure {
    /// A newer load started meanwhile; it decides what is shown.
    Superseded,
    Failed(String),
}

/// Applies settings sent by the client, laid over those of `initialize`;
/// bad ones are reported and the previous ones kept.
pub async fn apply_settings_json(state: &Arc<State>, value: &Value) {
    let layered = Settings::layered(&state.initialization_options(), value);
    match Settings::from_json(&layered) {
        Ok((settings, warning)) => {
            let load = state.session().set_settings(settings);
            follow(state, load);
            if let Some(warning) = warning {
                state.warn(&warning).await;
            }
        }
        Err(message) => state.report_error(&message).await,
    }
}

/// Starts the load a change calls for, or, when none, tells the new
/// status (hidden lines depend on minShare) and redraws.
pub fn follow(
    state: &Arc<State>,
    load: Option<LoadKind>,
) -> Option<tokio::task::JoinHandle<Result<(), LoadFailure>>> {
    match load {
        Some(kind) => Some(request_load(state, kind, OnFailure::ShowMessage)),
        None => {
            let state = state.clone();
            tokio::spawn(async move {
                state.send_status().await;
                state.refresh().await;
            });
            None
        }
    }
}

/// Polls what the settings name, if it is a URL or a store; a change of
/// source or of `pollSeconds` starts over, anything else stops polling.
fn keep_polling(state: &Arc<State>) {
    let view = state.snapshot();
    let wanted = view.load_request().profile.poll_identity().map(|source| {
        (
            source,
            std::time::Duration::from_secs(view.effective_settings().poll_seconds.max(1)),
        )
    });
    state.update_poller(|current| match (current.take(), wanted) {
        (Some(poller), Some((source, every)))
            if poller.source == source && poller.every == every =>
        {
            *current = Some(poller);
        }
        (_, Some((source, every))) => {
            let weak = Arc::downgrade(state);
            *current = Some(Poller::start(source, every, move || {
                let state = weak.upgrade()?;
                Some(request_load(
                    &state,
                    LoadKind::Reload,
                    OnFailure::ShowMessage,
                ))
            }));
        }
        (_, None) => {}
    });
}

/// Watches the shown profile files, unless the client does.
fn watch_profile_files(state: &Arc<State>) {
    let weak = Arc::downgrade(state);
    let on_change = move || {
        if let Some(state) = weak.upgrade() {
            request_load(&state, LoadKind::Reload, OnFailure::ShowMessage);
        }
    };
    let watcher = ProfileWatcher::for_view(
        &state.snapshot(),
        state.caps().watched_files_registration,
        on_change,
    );
    state.set_watcher(watcher);
}

/// Starts a load. The handle resolves when the new index is shown, or the
/// load failed, or a newer load replaced it.
pub fn request_load(
    state: &Arc<State>,
    kind: LoadKind,
    on_failure: OnFailure,
) -> tokio::task::JoinHandle<Result<(), LoadFailure>> {
    let ticket = state.session().begin_load(kind);
    let state = state.clone();
    tokio::spawn(async move {
        state.send_status().await;
        let progress = begin_progress(&state, ticket.generation).await;
        let generation = ticket.generation;
        let recording = progress
            .is_some()
            .then(|| recording_progress(&state, &ticket.request.profile, generation))
            .flatten();
        let previous_path = ticket.previous.as_ref().map(|i| i.loaded.path.clone());
        let discovered = ticket.request.profile == ProfileSource::Discover;
        let building = state.clone();
        let built = tokio::task::spawn_blocking(move || {
            let workspace = match (ticket.kind, ticket.workspace) {
                (LoadKind::SampleType, _) => None,
                (_, Some(workspace)) => Some(workspace),
                (_, None) => Some(Arc::new(Workspace::scan(
                    &ticket.roots,
                    &ticket.request.extra_roots,
                ))),
            };
            let built = build(
                &ticket.request,
                ticket.kind,
                workspace.as_deref(),
                ticket.previous.as_deref(),
            )?;
            // The longest hover scans, done before the index is shown, so
            // that no work is left to slow requests once it is.
            let started = std::time::Instant::now();
            let computed = built
                .index
                .warm_up(|| building.session().is_current(generation));
            let warm_up = format!(
                "pprof: callers of the {computed} functions in the most stacks computed ahead in {} ms",
                started.elapsed().as_millis()
            );
            // What the build read and dropped (a timeline's older
            // snapshots) goes back to the system before the index is shown.
            super::return_freed_memory();
            Ok::<_, String>((built, warm_up, workspace))
        })
        .await
        .unwrap_or_else(|panic| {
            Err(format!(
                "the profile could not be loaded (internal error: {panic})"
            ))
        });
        if let Some(recording) = recording {
            recording.abort();
        }
        let built = built.map(|(built, warm_up, workspace)| {
            (Arc::new(built.index), built.warning, warm_up, workspace)
        });
        let shown = built.as_ref().ok().map(|(index, ..)| index.clone());
        if !state.session().finish_load(generation, shown) {
            end_progress(progress, SUPERSEDED).await;
            return Err(LoadFailure::Superseded);
        }
        let result = match built {
            Ok((index, warning, warm_up, workspace)) => {
                if let Some(workspace) = workspace {
                    state.session().remember_workspace(workspace);
                }
                let path = index.loaded.path.clone();
                // The previous index is gone once no request holds it.
                tokio::task::spawn_blocking(super::return_freed_memory);
                let client = state.client();
                client.log_message(MessageType::INFO, warm_up).await;
                if discovered && previous_path.as_ref() != Some(&path) {
                    let message = format!(
                        "pprof: showing {}, the newest profile in the workspace",
                        path.display()
                    );
                    client.show_message(MessageType::INFO, message).await;
                }
                if let Some(warning) = warning {
                    state.warn(&warning).await;
                }
                watch_profile_files(&state);
                let status = state.status();
                client
                    .log_message(MessageType::INFO, format!("pprof: {}", status.message))
                    .await;
                state.send_status().await;
                state.refresh().await;
                Ok(())
            }
            Err(message) => {
                if on_failure == OnFailure::ShowMessage {
                    state.report_error(&message).await;
                } else {
                    state.send_status().await;
                }
                Err(LoadFailure::Failed(message))
            }
        };
        let summary = match &result {
            Ok(()) => state.status().message,
            Err(LoadFailure::Failed(message)) => message.clone(),
            Err(LoadFailure::Superseded) => SUPERSEDED.to_string(),
        };
        end_progress(progress, &summary).await;
        keep_polling(&state);
        result
    })
}

/// While Go records a profile before it answers (`profile?seconds=30`),
/// the progress says how long it has been.
fn recording_progress(
    state: &Arc<State>,
    source: &ProfileSource,
    generation: u64,
) -> Option<tokio::task::JoinHandle<()>> {
    use tower_lsp_server::ls_types::notification::Progress;
    use tower_lsp_server::ls_types::{
        ProgressParams, ProgressParamsValue, WorkDoneProgress, WorkDoneProgressReport,
    };
    let ProfileSource::Url(url) = source else {
        return None;
    };
    let seconds = crate::source::http::recording_seconds(url)?;
    let state = state.clone();
    Some(tokio::spawn(async move {
        for elapsed in 0..=seconds {
            let report = WorkDoneProgressReport {
                message: Some(format!("Recording the profile: {elapsed} of {seconds} s")),
                percentage: Some((elapsed * 100 / seconds.max(1)) as u32),
                cancellable: None,
            };
            let params = ProgressParams {
                token: progress_token(generation),
                value: ProgressParamsValue::WorkDone(WorkDoneProgress::Report(report)),
            };
            state.client().send_notification::<Progress>(params).await;
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }))
}

fn progress_token(generation: u64) -> NumberOrString {
    NumberOrString::String(format!("pprof-load-{generation}"))
}

async fn begin_progress(
    state: &State,
    generation: u64,
) -> Option<OngoingProgress<Unbounded, NotCancellable>> {
    if !state.caps().progress {
        return None;
    }
    let token = progress_token(generation);
    let client = state.client();
    client.create_work_done_progress(token.clone()).await.ok()?;
    Some(
        client
            .progress(token, "pprof")
            .with_message("Loading profile")
            .begin()
            .await,
    )
}

async fn end_progress(progress: Option<OngoingProgress<Unbounded, NotCancellable>>, message: &str) {
    if let Some(progress) = progress {
        progress.finish_with_message(message).await;
    }
}
