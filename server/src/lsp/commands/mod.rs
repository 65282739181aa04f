//! `workspace/executeCommand`: the `pprof.*` commands, one module each,
//! with typed arguments and results (lsp::protocol).

mod call_graph;
mod clear_overrides;
mod compare;
mod explain_graph;
mod file_heat;
mod growth;
mod load;
mod mapping_report;
mod select_sample_type;
mod select_service;
mod series;
mod show_callers;
mod status;
mod top;

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};

use super::from_proto;
use super::loader::{LoadFailure, OnFailure};
use super::protocol::FunctionArgument;
use super::state::State;
use crate::session::index::Index;
use crate::session::load::LoadKind;
use crate::session::settings::Overrides;
use crate::session::status::Status;
use crate::session::View;

pub const COMMANDS: [&str; 16] = [
    "pprof.status",
    "pprof.load",
    "pprof.selectSampleType",
    "pprof.selectService",
    "pprof.compare",
    "pprof.compareWith",
    "pprof.clearBase",
    "pprof.clearOverrides",
    "pprof.top",
    "pprof.showCallers",
    "pprof.fileHeat",
    "pprof.mappingReport",
    "pprof.growth",
    "pprof.callGraph",
    "pprof.explainGraph",
    "pprof.series",
];

pub async fn execute(
    state: &Arc<State>,
    command: &str,
    arguments: Vec<Value>,
) -> Result<Option<Value>> {
    let view = state.snapshot();
    let result = match command {
        "pprof.status" => json(status::run(state)),
        "pprof.load" => json(load::run(state, argument(command, &arguments, 0)?).await?),
        "pprof.selectSampleType" => {
            select_sample_type::run(state, &view, argument(command, &arguments, 0)?).await?
        }
        "pprof.selectService" => {
            select_service::run(state, &view, argument(command, &arguments, 0)?).await?
        }
        "pprof.compare" => json(
            compare::run(
                state,
                argument(command, &arguments, 0)?,
                argument(command, &arguments, 1)?,
            )
            .await?,
        ),
        "pprof.compareWith" => json(
            compare::run(
                state,
                Some(required(
                    command,
                    &arguments,
                    0,
                    "the path of the base profile",
                )?),
                argument(command, &arguments, 1)?,
            )
            .await?,
        ),
        "pprof.clearBase" => json(compare::run(state, None, None).await?),
        "pprof.clearOverrides" => json(clear_overrides::run(state).await?),
        "pprof.top" => top::run(&view, argument(command, &arguments, 0)?)?,
        "pprof.growth" => growth::run(&view, argument(command, &arguments, 0)?)?,
        "pprof.showCallers" => show_callers::run(
            &view,
            required(command, &arguments, 0, show_callers::USAGE)?,
        )?,
        "pprof.fileHeat" => {
            file_heat::run(&view, required(command, &arguments, 0, file_heat::USAGE)?)?
        }
        "pprof.mappingReport" => mapping_report::run(&view)?,
        "pprof.callGraph" => {
            call_graph::run(&view, required(command, &arguments, 0, call_graph::USAGE)?)?
        }
        "pprof.explainGraph" => {
            explain_graph::run(&view, required(command, &arguments, 0, call_graph::USAGE)?)?
        }
        "pprof.series" => series::run(&view, required(command, &arguments, 0, series::USAGE)?)?,
        other => return Err(Error::invalid_params(format!("unknown command {other}"))),
    };
    Ok(Some(result))
}

fn json(value: impl Serialize) -> Value {
    serde_json::to_value(value).expect("command results are JSON")
}

/// An optional argument: absent or null is `T::default()`-like `None`.
fn argument<T: DeserializeOwned>(
    command: &str,
    arguments: &[Value],
    at: usize,
) -> Result<Option<T>> {
    match arguments.get(at) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value.clone())
            .map(Some)
            .map_err(|e| Error::invalid_params(format!("{command}: argument {}: {e}", at + 1))),
    }
}

fn required<T: DeserializeOwned>(
    command: &str,
    arguments: &[Value],
    at: usize,
    usage: &str,
) -> Result<T> {
    argument(command, arguments, at)?
        .ok_or_else(|| Error::invalid_params(format!("{command} needs {usage}")))
}

/// The loaded index, or why there is none (one sentence to show).
fn loaded(view: &View) -> Result<&Arc<Index>> {
    view.index
        .as_ref()
        .ok_or_else(|| Error::invalid_params(Status::of(view).message))
}

/// The store the shown profile comes from, or why a store command does
/// not apply.
fn store_of(view: &View) -> Result<crate::source::store::StoreQuery> {
    match view.load_request().profile {
        crate::source::ProfileSource::Store(store) => Ok(store),
        other => Err(Error::invalid_params(format!(
            "the profile ({}) does not come from a store: set pprof.profile to {{\"kind\": \"pyroscope\" or \"parca\", \"url\": …}}",
            other.name()
        ))),
    }
}

/// The function a command is about: the one at a position, or by handle.
fn function_of(view: &View, index: &Index, argument: &FunctionArgument) -> Result<u32> {
    match argument {
        FunctionArgument::Ref(reference) => index.function_by_ref(reference).ok_or_else(|| {
            Error::invalid_params(format!(
                "no function {:?} in the profile",
                reference.function
            ))
        }),
        FunctionArgument::Here { uri, position } => {
            let path =
                from_proto::path(uri).ok_or_else(|| Error::invalid_params("not a file URI"))?;
            index
                .function_at(&path, view.profile_line(&path, from_proto::line(position)))
                .ok_or_else(|| Error::invalid_params("no profiled function at or above this line"))
        }
    }
}

/// Asks the store a question about its last `range` (its types, its
/// services) off the request path: the answer, or the store's failure in
/// its words.
async fn ask_store<T: Send + 'static>(
    store: &crate::source::store::StoreQuery,
    ask: impl FnOnce(
            &crate::source::store::StoreQuery,
            crate::source::store::Window,
        ) -> std::result::Result<T, String>
        + Send
        + 'static,
) -> Result<T> {
    let window = crate::source::store::Window::last(store.range, std::time::SystemTime::now());
    let store = store.clone();
    tokio::task::spawn_blocking(move || ask(&store, window))
        .await
        .map_err(|e| Error::invalid_params(format!("the store could not be asked: {e}")))?
        .map_err(Error::invalid_params)
}

/// Lays a command's choice over the settings, loads what it calls for and
/// waits, so that the answer is the new status, or why it failed. A choice
/// that fails to load is taken back: the profile shown stays what the
/// settings and earlier choices ask for.
async fn choose_and_load(state: &Arc<State>, choice: impl Fn(&mut Overrides)) -> Result<Status> {
    let before = state.snapshot().overrides.clone();
    let load = state.session().choose(choice);
    follow_and_wait(state, load, OnFailure::AnswerCaller)
        .await
        .map_err(|message| {
            state.session().restore_overrides(before);
            Error::invalid_params(message)
        })
}

/// Starts the load a change calls for (when none, the status is told and
/// the editor redraws) and waits for it: the new status, or why it failed.
async fn follow_and_wait(
    state: &Arc<State>,
    load: Option<LoadKind>,
    on_failure: OnFailure,
) -> std::result::Result<Status, String> {
    let Some(kind) = load else {
        super::loader::follow(state, None);
        return Ok(state.status());
    };
    match super::loader::request_load(state, kind, on_failure).await {
        Ok(Ok(())) | Ok(Err(LoadFailure::Superseded)) => Ok(state.status()),
        Ok(Err(LoadFailure::Failed(message))) => Err(message),
        Err(panic) => Err(format!(
            "the profile could not be loaded (internal error: {panic})"
        )),
    }
}
