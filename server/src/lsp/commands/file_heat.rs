//! `pprof.fileHeat [uri]`: which lines of a file to shade, and how.

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::Uri;

use super::{json, loaded};
use crate::lsp::from_proto;
use crate::lsp::protocol::HeatResult;
use crate::session::{heat, View};

pub const USAGE: &str = "a file URI";

pub fn run(view: &View, uri: Uri) -> Result<Value> {
    let index = loaded(view)?;
    let path = from_proto::path(&uri).ok_or_else(|| Error::invalid_params("not a file URI"))?;
    let line_now = |line| view.line_now(&path, line);
    let heat = heat::file_heat(index, &path, view.settings.min_share, line_now);
    Ok(json(HeatResult::new(heat)))
}
