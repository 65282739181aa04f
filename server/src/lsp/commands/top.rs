//! `pprof.top [{"limit"?, "query"?, "scope"?: "all" | "workspace"}]`: the
//! heaviest functions, of all the code or of your code only.

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;

use super::{json, loaded};
use crate::lsp::protocol::{TopArguments, TopResult};
use crate::session::{symbols, View};

const DEFAULT_LIMIT: usize = 50;

pub fn run(view: &View, arguments: Option<TopArguments>) -> Result<Value> {
    let index = loaded(view)?;
    let arguments = arguments.unwrap_or_default();
    let top = symbols::top(
        index,
        arguments.limit.unwrap_or(DEFAULT_LIMIT),
        arguments.query.as_deref().unwrap_or(""),
        &view.roots,
        arguments.scope,
    );
    Ok(json(TopResult::new(&top, view)))
}
