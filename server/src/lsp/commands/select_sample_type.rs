//! `pprof.selectSampleType`: without an argument, the choices; with a
//! name, shows that sample type, over the `sampleType` setting. For a
//! store, the choices are the profile types it holds (`ProfileTypes`), and
//! a choice changes the query's profile type.

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};

use super::{ask_store, choose_and_load, json, loaded, store_of};
use crate::analysis::meaning::meaning;
use crate::lsp::protocol::{SampleTypeChoice, SampleTypeChoices};
use crate::lsp::state::State;
use crate::session::View;
use crate::source::store::{profile_types, StoreQuery};

pub async fn run(state: &Arc<State>, view: &View, name: Option<String>) -> Result<Value> {
    if let Ok(store) = store_of(view) {
        return run_for_store(state, store, name).await;
    }
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

async fn run_for_store(
    state: &Arc<State>,
    store: StoreQuery,
    name: Option<String>,
) -> Result<Value> {
    let Some(name) = name else {
        let ids = ask_store(&store, profile_types).await?;
        let choices = ids
            .into_iter()
            .map(|id| {
                // name:sample type:unit:period type:period unit
                let parts: Vec<&str> = id.split(':').collect();
                let (kind, unit) = (
                    parts.get(1).copied().unwrap_or(""),
                    parts.get(2).copied().unwrap_or(""),
                );
                SampleTypeChoice {
                    description: meaning(kind, unit).what,
                    unit: unit.to_string(),
                    name: id,
                }
            })
            .collect();
        return Ok(json(SampleTypeChoices {
            current: store.profile_type.clone().unwrap_or_default(),
            choices,
        }));
    };
    if name.split(':').count() < 5 {
        return Err(Error::invalid_params(format!(
            "{name} is not a profile type of a store (name:sample type:unit:period type:period unit, such as memory:inuse_space:bytes:space:bytes)"
        )));
    }
    let status = choose_and_load(state, |overrides| {
        // The picked type's sample type is shown, not an earlier pick's.
        overrides.store_profile_type = Some(name.clone());
        overrides.sample_type = None;
    })
    .await?;
    Ok(json(status))
}
