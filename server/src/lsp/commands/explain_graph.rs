//! `pprof.explainGraph`, with `pprof.callGraph`'s arguments: the same
//! graph's boxes and arrows in plain words, for hovers.

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;

use super::{function_of, json, loaded};
use crate::lsp::protocol::CallGraphArguments;
use crate::session::graph::{call_graph, explain, DEFAULT_DEPTH};
use crate::session::View;

pub fn run(view: &View, arguments: CallGraphArguments) -> Result<Value> {
    let index = loaded(view)?;
    let function = function_of(view, index, &arguments.function)?;
    let graph = call_graph(index, function, arguments.depth.unwrap_or(DEFAULT_DEPTH));
    Ok(json(explain(index, &graph, &view.roots)))
}
