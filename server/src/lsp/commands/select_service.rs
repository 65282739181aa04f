//! `pprof.selectService`: for a profile from a store, without an argument
//! the services the store holds (its `service_name` values over the
//! window); with a name, shows that service's merged profile.

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};

use super::{choose_and_load, json, store_of};
use crate::lsp::protocol::ServiceChoices;
use crate::lsp::state::State;
use crate::session::View;
use crate::source::store::{label_values, Window};

pub async fn run(state: &Arc<State>, view: &View, name: Option<String>) -> Result<Value> {
    let store = store_of(view)?;
    let Some(name) = name else {
        let window = Window::last(store.range, std::time::SystemTime::now());
        let asked = store.clone();
        let choices =
            tokio::task::spawn_blocking(move || label_values(&asked, "service_name", window))
                .await
                .map_err(|e| Error::invalid_params(format!("the store could not be asked: {e}")))?
                .map_err(Error::invalid_params)?;
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
