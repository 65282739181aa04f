//! `pprof.status`: what is shown.

use crate::lsp::state::State;
use crate::session::status::Status;

pub fn run(state: &State) -> Status {
    state.status()
}
