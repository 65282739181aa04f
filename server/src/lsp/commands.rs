//! `workspace/executeCommand`: the `pprof.*` commands editors bind to
//! menus, pickers and code lenses. Results are JSON for the editors to show.

use std::sync::Arc;

use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{Position, Uri};

use super::index::Index;
use super::settings::{BaseMode, Settings};
use super::state::State;
use super::{symbols, to_proto};
use crate::analysis::meaning::meaning;
use crate::resolve::Resolution;

pub const COMMANDS: [&str; 8] = [
    "pprof.status",
    "pprof.load",
    "pprof.selectSampleType",
    "pprof.compare",
    "pprof.top",
    "pprof.showCallers",
    "pprof.fileHeat",
    "pprof.mappingReport",
];

const DEFAULT_TOP_LIMIT: usize = 50;

pub async fn execute(
    state: &Arc<State>,
    command: &str,
    arguments: &[Value],
) -> Result<Option<Value>> {
    let first = arguments.first().filter(|v| !v.is_null());
    match command {
        "pprof.status" => Ok(Some(state.status())),
        "pprof.load" => {
            let path = first
                .and_then(Value::as_str)
                .ok_or_else(|| Error::invalid_params("pprof.load needs a path"))?;
            let settings = Settings {
                profile: Some(path.to_string()),
                ..state.settings()
            };
            reload(state, settings).await
        }
        "pprof.selectSampleType" => match first.and_then(Value::as_str) {
            None => Ok(Some(sample_type_choices(state)?)),
            Some(name) => {
                let index = current(state)?;
                index
                    .loaded
                    .sample_type_index(Some(name))
                    .map_err(Error::invalid_params)?;
                let settings = Settings {
                    sample_type: Some(name.to_string()),
                    ..state.settings()
                };
                reload(state, settings).await
            }
        },
        "pprof.compare" => {
            let base = first.and_then(Value::as_str).map(str::to_string);
            let base_mode = match arguments.get(1).and_then(Value::as_str) {
                None => state.settings().base_mode,
                Some("diff") => BaseMode::Diff,
                Some("subtract") => BaseMode::Subtract,
                Some(other) => {
                    return Err(Error::invalid_params(format!(
                        "unknown comparison mode {other:?}: use \"diff\" or \"subtract\""
                    )))
                }
            };
            reload(
                state,
                Settings {
                    base,
                    base_mode,
                    ..state.settings()
                },
            )
            .await
        }
        "pprof.top" => {
            let index = current(state)?;
            let limit = first
                .and_then(|a| a.get("limit"))
                .and_then(Value::as_u64)
                .map(|n| n as usize)
                .unwrap_or(DEFAULT_TOP_LIMIT);
            let query = first
                .and_then(|a| a.get("query"))
                .and_then(Value::as_str)
                .unwrap_or("");
            Ok(Some(symbols::top(&index, limit, query)))
        }
        "pprof.showCallers" => {
            let index = current(state)?;
            let function = function_argument(&index, first)?;
            Ok(Some(callers(&index, function)))
        }
        "pprof.fileHeat" => {
            let index = current(state)?;
            let uri = first
                .and_then(Value::as_str)
                .and_then(|u| u.parse::<Uri>().ok())
                .ok_or_else(|| Error::invalid_params("pprof.fileHeat needs a file URI"))?;
            let path = uri
                .to_file_path()
                .ok_or_else(|| Error::invalid_params("not a file URI"))?;
            let lines: Vec<Value> = index
                .lines_in(&path)
                .map(|l| json!({"line": l.line - 1, "flat": l.flat, "cum": l.cum, "flatShare": index.share(l.flat), "cumShare": index.share(l.cum)}))
                .collect();
            Ok(Some(json!({ "lines": lines })))
        }
        "pprof.mappingReport" => {
            let index = current(state)?;
            Ok(Some(mapping_report(&index)))
        }
        other => Err(Error::invalid_params(format!("unknown command {other}"))),
    }
}

fn current(state: &State) -> Result<Arc<Index>> {
    state.current().ok_or_else(|| {
        Error::invalid_params(
            state.status()["message"]
                .as_str()
                .unwrap_or("no profile loaded")
                .to_string(),
        )
    })
}

/// Applies settings changed by a command and waits for the load, so that
/// the command's answer is the new status, or why it failed.
async fn reload(state: &Arc<State>, settings: Settings) -> Result<Option<Value>> {
    if let Some(load) = state.apply_settings(settings) {
        match load.await {
            Ok(Ok(())) => {}
            Ok(Err(message)) => return Err(Error::invalid_params(message)),
            Err(e) => return Err(Error::invalid_params(e.to_string())),
        }
    }
    Ok(Some(state.status()))
}

fn sample_type_choices(state: &State) -> Result<Value> {
    let index = current(state)?;
    let choices: Vec<Value> = index
        .loaded
        .profile
        .sample_types
        .iter()
        .map(|t| json!({"name": t.kind, "unit": t.unit, "description": meaning(&t.kind, &t.unit).what}))
        .collect();
    Ok(json!({"current": index.kind(), "choices": choices}))
}

/// `[{"function": NAME}]` or `[{"uri": URI, "position": {line, character}}]`.
fn function_argument(index: &Index, argument: Option<&Value>) -> Result<u32> {
    let argument = argument.ok_or_else(|| {
        Error::invalid_params(
            "pprof.showCallers needs {\"function\": NAME} or {\"uri\", \"position\"}",
        )
    })?;
    if let Some(name) = argument.get("function").and_then(Value::as_str) {
        return index
            .function_by_name(name)
            .ok_or_else(|| Error::invalid_params(format!("no function {name:?} in the profile")));
    }
    let uri = argument
        .get("uri")
        .and_then(Value::as_str)
        .and_then(|u| u.parse::<Uri>().ok());
    let position: Option<Position> = argument
        .get("position")
        .and_then(|p| serde_json::from_value(p.clone()).ok());
    let (Some(uri), Some(position)) = (uri, position) else {
        return Err(Error::invalid_params(
            "pprof.showCallers needs {\"function\": NAME} or {\"uri\", \"position\"}",
        ));
    };
    let path = uri
        .to_file_path()
        .ok_or_else(|| Error::invalid_params("not a file URI"))?;
    index
        .function_at(&path, position.line as i64 + 1)
        .ok_or_else(|| Error::invalid_params("no profiled function here"))
}

fn callers(index: &Index, function: u32) -> Value {
    let tables = index.tables();
    let detail = index.detail(function);
    let edge = |f: u32, value: i64, location: Option<tower_lsp_server::ls_types::Location>| {
        json!({
            "function": tables.functions[f as usize].name,
            "value": value,
            "label": to_proto::value(index, value),
            "share": index.share(value),
            "location": location,
        })
    };
    let callers: Vec<Value> = detail
        .incoming
        .iter()
        .map(|site| {
            let location = index
                .line_location(site.caller_line)
                .and_then(|(p, l)| to_proto::location(p, l));
            edge(
                tables.lines[site.caller_line as usize].function,
                site.value,
                location,
            )
        })
        .collect();
    let callees: Vec<Value> = detail
        .callees
        .iter()
        .map(|&(callee, value)| {
            let location = index
                .function_location(callee)
                .and_then(|(p, l)| to_proto::location(p, l));
            edge(callee, value, location)
        })
        .collect();
    let chains: Vec<Value> = detail
        .chains
        .iter()
        .map(|chain| {
            json!({
                "frames": chain.functions.iter().map(|&f| tables.functions[f as usize].name.clone()).collect::<Vec<_>>(),
                "value": chain.value,
                "label": to_proto::value(index, chain.value),
                "share": index.share(chain.value),
            })
        })
        .collect();
    json!({"function": tables.functions[function as usize].name, "callers": callers, "callees": callees, "chains": chains})
}

fn mapping_report(index: &Index) -> Value {
    let mut resolved = Vec::new();
    let mut unresolved = Vec::new();
    for (file, resolution) in index.tables().files.iter().zip(&index.loaded.files) {
        if !file.is_source {
            continue;
        }
        match resolution {
            Resolution::Found { path, how } => {
                resolved.push(json!({"profilePath": file.name, "uri": to_proto::uri(path).map(|u| u.to_string()), "how": how}))
            }
            Resolution::Missing { reason } => unresolved.push(json!({"profilePath": file.name, "reason": reason})),
        }
    }
    json!({"resolved": resolved, "unresolved": unresolved})
}
