//! LSP types to session values: URIs to paths, 0-based positions to
//! 1-based lines.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{Position, Uri};

pub fn path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

/// The 1-based line of an LSP position.
pub fn line(position: &Position) -> i64 {
    position.line as i64 + 1
}
