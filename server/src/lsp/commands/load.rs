//! `pprof.load [path]`: shows another profile, over the `profile` setting.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};

use super::load_and_report;
use crate::lsp::state::State;
use crate::session::status::Status;

pub async fn run(state: &Arc<State>, path: Option<String>) -> Result<Status> {
    let path =
        path.ok_or_else(|| Error::invalid_params("pprof.load needs the path of a profile"))?;
    let load = state
        .session()
        .choose(|overrides| overrides.profile = Some(path.clone()));
    load_and_report(state, load).await
}
