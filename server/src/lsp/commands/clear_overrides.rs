//! `pprof.clearOverrides`: forgets what commands chose; the settings apply
//! again.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};

use super::follow_and_wait;
use crate::lsp::loader::OnFailure;
use crate::lsp::state::State;
use crate::session::status::Status;

pub async fn run(state: &Arc<State>) -> Result<Status> {
    let load = state.session().clear_overrides();
    // What the settings ask for may fail to load: the server tells it, as
    // for any settings change, and the answer says it too.
    follow_and_wait(state, load, OnFailure::ShowMessage)
        .await
        .map_err(Error::invalid_params)
}
