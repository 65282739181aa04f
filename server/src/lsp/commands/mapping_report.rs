//! `pprof.mappingReport`: where the profile's files were found, or why not.

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;

use super::{json, loaded};
use crate::lsp::protocol::MappingReportResult;
use crate::session::{mapping, View};

pub fn run(view: &View) -> Result<Value> {
    let index = loaded(view)?;
    let report = mapping::mapping_report(index, &view.roots);
    Ok(json(MappingReportResult::new(report)))
}
