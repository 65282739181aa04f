//! `pprof.growth [{"limit"?}]`: what grew over the timeline.

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};

use super::{json, loaded};
use crate::lsp::protocol::{GrowthArguments, GrowthResult};
use crate::session::growth_report::growth_report;
use crate::session::View;

const DEFAULT_LIMIT: usize = 50;

pub fn run(view: &View, arguments: Option<GrowthArguments>) -> Result<Value> {
    let index = loaded(view)?;
    let limit = arguments.unwrap_or_default().limit.unwrap_or(DEFAULT_LIMIT);
    let report = growth_report(index, limit, &view.roots).ok_or_else(|| {
        Error::invalid_params(
            "no timeline: set pprof.profile to a folder, a glob or a URL of snapshots (two or more) to see what grows",
        )
    })?;
    Ok(json(GrowthResult::new(&report, view)))
}
