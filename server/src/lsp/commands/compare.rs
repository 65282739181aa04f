//! `pprof.compare [path | null, mode?]`: compares with a base profile (or
//! with none), over the `base` and `baseMode` settings.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};

use super::choose_and_load;
use crate::lsp::state::State;
use crate::session::settings::BaseMode;
use crate::session::status::Status;

pub async fn run(state: &Arc<State>, base: Option<String>, mode: Option<String>) -> Result<Status> {
    let mode = match mode.as_deref() {
        None => None,
        Some("diff") => Some(BaseMode::Diff),
        Some("subtract") => Some(BaseMode::Subtract),
        Some(other) => {
            return Err(Error::invalid_params(format!(
                "pprof.compare: the comparison mode is \"diff\" (pprof -diff_base) or \"subtract\" (pprof -base), not {other:?}"
            )))
        }
    };
    choose_and_load(state, |overrides| {
        overrides.base = Some(base.clone());
        if mode.is_some() {
            overrides.base_mode = mode;
        }
    })
    .await
}
