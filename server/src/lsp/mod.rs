//! The language server.

pub fn serve_stdio() {}
