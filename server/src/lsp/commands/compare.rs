//! `pprof.compare [path | null, mode?]`: compares with a base profile (or
//! with none), over the `base` and `compareMode` settings; and its two
//! named forms, `pprof.compareWith [path, mode?]` and `pprof.clearBase`.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};

use super::choose_and_load;
use crate::lsp::state::State;
use crate::session::settings::CompareSetting;
use crate::session::status::Status;

pub async fn run(state: &Arc<State>, base: Option<String>, mode: Option<String>) -> Result<Status> {
    let mode = match mode.as_deref() {
        None => None,
        Some(name) => Some(CompareSetting::from_name(name).ok_or_else(|| {
            Error::invalid_params(format!(
                "the comparison mode is \"auto\" (from the sample type), \"diff_base\" (pprof -diff_base) or \"base\" (pprof -base), not {name:?}"
            ))
        })?),
    };
    choose_and_load(state, |overrides| {
        overrides.base = Some(base.clone());
        if mode.is_some() {
            overrides.compare_mode = mode;
        }
    })
    .await
}
