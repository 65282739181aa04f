//! `pprof.showCallers [{"uri", "position"} | FunctionRef]`: a function's
//! callers, callees and heaviest call paths.

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;

use super::{function_of, json, loaded};
use crate::lsp::protocol::{CallersResult, FunctionArgument};
use crate::session::{callers, View};

pub const USAGE: &str = "{\"uri\", \"position\"} (the function there) or {\"function\": NAME}";

pub fn run(view: &View, argument: FunctionArgument) -> Result<Value> {
    let index = loaded(view)?;
    let function = function_of(view, index, &argument)?;
    let callers = callers::callers(index, function, &view.roots);
    Ok(json(CallersResult::new(&callers, view)))
}
