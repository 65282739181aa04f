//! `pprof.showCallers [{"uri", "position"} | FunctionRef]`: a function's
//! callers, callees and heaviest call paths.

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};

use super::{json, loaded};
use crate::lsp::from_proto;
use crate::lsp::protocol::{CallersResult, FunctionArgument};
use crate::session::{callers, View};

pub const USAGE: &str = "{\"uri\", \"position\"} (the function there) or {\"function\": NAME}";

pub fn run(view: &View, argument: FunctionArgument) -> Result<Value> {
    let index = loaded(view)?;
    let function = match &argument {
        FunctionArgument::Ref(reference) => index.function_by_ref(reference).ok_or_else(|| {
            Error::invalid_params(format!(
                "no function {:?} in the profile",
                reference.function
            ))
        })?,
        FunctionArgument::Here { uri, position } => {
            let path =
                from_proto::path(uri).ok_or_else(|| Error::invalid_params("not a file URI"))?;
            index
                .function_at(&path, view.profile_line(&path, from_proto::line(position)))
                .ok_or_else(|| {
                    Error::invalid_params("no profiled function at or above this line")
                })?
        }
    };
    let callers = callers::callers(index, function, &view.roots);
    Ok(json(CallersResult::new(&callers, view)))
}
