//! `pprof.selectSampleType`: without an argument, the choices; with a
//! name, shows that sample type, over the `sampleType` setting.

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};

use super::{choose_and_load, json, loaded};
use crate::analysis::meaning::meaning;
use crate::lsp::protocol::{SampleTypeChoice, SampleTypeChoices};
use crate::lsp::state::State;
use crate::session::View;

pub async fn run(state: &Arc<State>, view: &View, name: Option<String>) -> Result<Value> {
    let index = loaded(view)?;
    let Some(name) = name else {
        let choices = index
            .loaded
            .profile
            .sample_types
            .iter()
            .map(|t| SampleTypeChoice {
                name: t.kind.clone(),
                unit: t.unit.clone(),
                description: meaning(&t.kind, &t.unit).what,
            })
            .collect();
        return Ok(json(SampleTypeChoices {
            current: index.kind().to_string(),
            choices,
        }));
    };
    index
        .loaded
        .sample_type_index(Some(&name))
        .map_err(Error::invalid_params)?;
    let status = choose_and_load(state, |overrides| {
        overrides.sample_type = Some(name.clone())
    })
    .await?;
    Ok(json(status))
}
