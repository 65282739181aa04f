//! `pprof.clearOverrides`: forgets what commands chose; the settings apply
//! again.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;

use super::load_and_report;
use crate::lsp::state::State;
use crate::session::status::Status;

pub async fn run(state: &Arc<State>) -> Result<Status> {
    let load = state.session().clear_overrides();
    load_and_report(state, load).await
}
