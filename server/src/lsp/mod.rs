//! The language server: the only part of the crate that speaks LSP. It
//! converts between the protocol and the session (`to_proto`,
//! `from_proto`) and dispatches: one module per request, one per command,
//! pprof-lsp's own messages in `protocol`.

mod commands;
mod diagnostics;
pub mod from_proto;
mod guard;
mod loader;
mod poll;
pub mod protocol;
pub mod requests;
mod server;
mod state;
pub mod to_proto;
mod watch;

use tower_lsp_server::{LspService, Server as Transport};

pub use server::Server;

/// Serves LSP on stdin/stdout until the client exits.
pub fn serve_stdio() {
    return_large_blocks_to_the_system();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let (service, socket) = LspService::new(Server::new);
        Transport::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
}

/// Gives the heap's free pages back to the system after a load: reading a
/// timeline's older snapshots frees far more small blocks than the server
/// keeps, and glibc would otherwise hold on to them.
pub(crate) fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of glibc's heap to the
    // system; it is safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// glibc serves a block from its heap, and keeps it there once freed, as
/// soon as a block of that size has been freed before: after a load's large
/// temporary tables (call path counts, interners), a long-running server
/// would hold tens of MB it no longer uses. A fixed threshold keeps blocks
/// of a MB or more in their own mappings, given back when freed.
fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of glibc's allocator; it runs
    // before the runtime starts any other thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
