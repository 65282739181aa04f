//! `pprof.clearOverrides`: forgets what commands chose; the settings apply
//! again.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};

use crate::lsp::loader::{self, LoadFailure, OnFailure};
use crate::lsp::state::State;
use crate::session::status::Status;

pub async fn run(state: &Arc<State>) -> Result<Status> {
    let Some(kind) = state.session().clear_overrides() else {
        loader::follow(state, None);
        return Ok(state.status());
    };
    // What the settings ask for may fail to load: the server tells it, as
    // for any settings change, and the answer says it too.
    match loader::request_load(state, kind, OnFailure::ShowMessage).await {
        Ok(Ok(())) | Ok(Err(LoadFailure::Superseded)) => Ok(state.status()),
        Ok(Err(LoadFailure::Failed(message))) => Err(Error::invalid_params(message)),
        Err(panic) => Err(Error::invalid_params(panic.to_string())),
    }
}
