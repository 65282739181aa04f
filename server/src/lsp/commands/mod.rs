//! `workspace/executeCommand`: the `pprof.*` commands, one module each,
//! with typed arguments and results (lsp::protocol).

mod clear_overrides;
mod compare;
mod file_heat;
mod load;
mod mapping_report;
mod select_sample_type;
mod show_callers;
mod status;
mod top;

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};

use super::state::State;
use crate::session::index::Index;
use crate::session::load::LoadKind;
use crate::session::status::Status;
use crate::session::View;

pub const COMMANDS: [&str; 9] = [
    "pprof.status",
    "pprof.load",
    "pprof.selectSampleType",
    "pprof.compare",
    "pprof.clearOverrides",
    "pprof.top",
    "pprof.showCallers",
    "pprof.fileHeat",
    "pprof.mappingReport",
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
        "pprof.compare" => json(
            compare::run(
                state,
                argument(command, &arguments, 0)?,
                argument(command, &arguments, 1)?,
            )
            .await?,
        ),
        "pprof.clearOverrides" => json(clear_overrides::run(state).await?),
        "pprof.top" => top::run(&view, argument(command, &arguments, 0)?)?,
        "pprof.showCallers" => show_callers::run(
            &view,
            required(command, &arguments, 0, show_callers::USAGE)?,
        )?,
        "pprof.fileHeat" => {
            file_heat::run(&view, required(command, &arguments, 0, file_heat::USAGE)?)?
        }
        "pprof.mappingReport" => mapping_report::run(&view)?,
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

/// Starts the load a choice calls for and waits for it, so that the
/// command's answer is the new status, or why it failed.
async fn load_and_report(state: &Arc<State>, load: Option<LoadKind>) -> Result<Status> {
    if let Some(load) = super::loader::follow(state, load) {
        match load.await {
            Ok(Ok(())) => {}
            Ok(Err(message)) => return Err(Error::invalid_params(message)),
            Err(e) => return Err(Error::invalid_params(e.to_string())),
        }
    }
    Ok(state.status())
}
