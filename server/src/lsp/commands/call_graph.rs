//! `pprof.callGraph [{"uri", "position", "depth"?} | FunctionRef + "depth"?]`:
//! the function's callers and callees, levels deep, with pprof's edges.

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;

use super::{function_of, json, loaded};
use crate::lsp::protocol::{CallGraphArguments, CallGraphResult};
use crate::session::graph::{call_graph, DEFAULT_DEPTH};
use crate::session::View;

pub const USAGE: &str =
    "{\"uri\", \"position\", \"depth\"?} (the function there) or {\"function\": NAME, \"depth\"?}";

pub fn run(view: &View, arguments: CallGraphArguments) -> Result<Value> {
    let index = loaded(view)?;
    let function = function_of(view, index, &arguments.function)?;
    let graph = call_graph(index, function, arguments.depth.unwrap_or(DEFAULT_DEPTH));
    Ok(json(CallGraphResult::new(&graph, view)))
}
