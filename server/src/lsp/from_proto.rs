//! LSP types to session values: URIs to paths, 0-based positions to
//! 1-based lines.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent, Uri};

use crate::session::document::Change;

pub fn path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

/// The 1-based line of an LSP position.
pub fn line(position: &Position) -> i64 {
    position.line as i64 + 1
}

/// A client's text changes, in order.
pub fn changes(changes: Vec<TextDocumentContentChangeEvent>) -> Vec<Change> {
    changes
        .into_iter()
        .map(|change| Change {
            range: change.range.map(|r| {
                (
                    (r.start.line, r.start.character),
                    (r.end.line, r.end.character),
                )
            }),
            text: change.text,
        })
        .collect()
}
