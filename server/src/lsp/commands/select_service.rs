//! `pprof.selectService`: for a profile from a store, without an argument
//! the services the store holds (its `service_name` values over the
//! window); with a name, shows that service's merged profile.

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;

use super::{ask_store, choose_and_load, json, store_of};
use crate::lsp::protocol::ServiceChoices;
use crate::lsp::state::State;
use crate::session::View;
use crate::source::store::label_values;

pub async fn run(state: &Arc<State>, view: &View, name: Option<String>) -> Result<Value> {
    let store = store_of(view)?;
    let Some(name) = name else {
        let choices = ask_store(&store, |store, window| {
            label_values(store, "service_name", window)
        })
        .await?;
        return Ok(json(ServiceChoices {
            current: store.service(),
            choices,
        }));
    };
    let status = choose_and_load(state, |overrides| {
        overrides.store_service = Some(name.clone())
    })
    .await?;
    Ok(json(status))
}
