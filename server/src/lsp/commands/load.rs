//! `pprof.load [path]`: shows another profile, over the `profile` setting.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};

use super::choose_and_load;
use crate::lsp::state::State;
use crate::session::status::Status;

pub async fn run(state: &Arc<State>, path: Option<String>) -> Result<Status> {
    let path =
        path.ok_or_else(|| Error::invalid_params("pprof.load needs the path of a profile"))?;
    choose_and_load(state, |overrides| overrides.profile = Some(path.clone())).await
}
