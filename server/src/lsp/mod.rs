//! The language server: the only part of the crate that speaks LSP. One
//! module per feature; each reads the current immutable [`index::Index`].

mod call_hierarchy;
pub mod code_lens;
mod commands;
mod diagnostics;
pub mod document;
pub mod hover;
pub mod index;
pub mod inlay_hints;
mod server;
pub mod settings;
mod state;
mod symbols;
mod to_proto;

use tower_lsp_server::{LspService, Server as Transport};

pub use server::Server;

/// Serves LSP on stdin/stdout until the client exits.
pub fn serve_stdio() {
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
