//! Fetches a URL source again every `pollSeconds`, off the request path:
//! each answer joins the timeline. A failed fetch is told once (the last
//! good snapshot stays) and polling goes on.

use std::sync::{Arc, Weak};
use std::time::Duration;

use super::loader::{request_load, OnFailure};
use super::state::State;
use crate::session::load::LoadKind;
use crate::source::ProfileSource;

/// A running poll of one URL; dropping it stops it.
pub struct Poller {
    pub url: String,
    pub every: Duration,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Poller {
    fn start(state: Weak<State>, url: String, every: Duration) -> Poller {
        let task = tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                let Some(state) = state.upgrade() else { return };
                // The next poll waits for this one: a slow service is not
                // asked twice at once.
                let load = request_load(&state, LoadKind::Reload, OnFailure::ShowMessage);
                drop(state);
                let _ = load.await;
            }
        });
        Poller { url, every, task }
    }
}

/// Polls what the settings name, if it is a URL; a change of URL or of
/// `pollSeconds` starts over, anything else stops polling.
pub fn keep_polling(state: &Arc<State>) {
    let view = state.snapshot();
    let wanted = match view.load_request().profile {
        ProfileSource::Url(url) => Some((
            url,
            Duration::from_secs(view.effective_settings().poll_seconds.max(1)),
        )),
        _ => None,
    };
    state.update_poller(|current| match (current.take(), wanted) {
        (Some(poller), Some((url, every))) if poller.url == url && poller.every == every => {
            *current = Some(poller);
        }
        (_, Some((url, every))) => {
            *current = Some(Poller::start(Arc::downgrade(state), url, every));
        }
        (_, None) => {}
    });
}
