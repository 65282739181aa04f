//! `pprof.series [{"uri", "position"} | FunctionRef]`: a function's value
//! in each snapshot of the timeline, with when each was taken.

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};

use super::{function_of, json, loaded};
use crate::lsp::protocol::FunctionArgument;
use crate::session::growth_report::function_series;
use crate::session::View;

pub const USAGE: &str = "{\"uri\", \"position\"} (the function there) or {\"function\": NAME}";

pub fn run(view: &View, argument: FunctionArgument) -> Result<Value> {
    let index = loaded(view)?;
    let function = function_of(view, index, &argument)?;
    let series = function_series(index, function).ok_or_else(|| {
        Error::invalid_params(
            "no timeline: set pprof.profile to a folder, a glob or a URL of snapshots (two or more) to see a function's series",
        )
    })?;
    Ok(json(series))
}
