//! Fetches a URL or store source again every `pollSeconds`, off the
//! request path:
//! each answer joins the timeline. A failed fetch is told once (the last
//! good snapshot stays) and polling goes on.

use std::future::Future;
use std::time::Duration;

/// A running poll of one URL or store query; dropping it stops it.
pub struct Poller {
    /// What is polled (`ProfileSource::poll_identity`).
    pub source: String,
    pub every: Duration,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Poller {
    /// Runs `poll` every `every`; the next waits for the last to end, so a
    /// slow service is not asked twice at once. `poll` returns None when
    /// there is nothing left to poll for (the server is gone).
    pub fn start<F, P>(source: String, every: Duration, poll: P) -> Poller
    where
        P: Fn() -> Option<F> + Send + 'static,
        F: Future + Send,
    {
        let task = tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                match poll() {
                    Some(done) => {
                        done.await;
                    }
                    None => return,
                }
            }
        });
        Poller {
            source,
            every,
            task,
        }
    }
}
