//! Publishes the optional diagnostics on the heaviest lines, and clears
//! those of files that no longer have any.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity};
use tower_lsp_server::Client;

use super::to_proto;
use crate::session::diagnostics::heaviest_lines;
use crate::session::View;

/// Returns the files that now have diagnostics.
pub async fn publish(client: &Client, view: &View, previously: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut by_file = match (&view.index, view.settings.diagnostics) {
        (Some(index), true) => heaviest_lines(index, view.settings.diagnostics_count),
        _ => Default::default(),
    };
    let diagnosed: Vec<PathBuf> = by_file.keys().cloned().collect();
    for path in previously {
        by_file.entry(path).or_default();
    }
    for (path, lines) in by_file {
        let Some(uri) = to_proto::uri(&path) else {
            continue;
        };
        let diagnostics = lines
            .into_iter()
            .map(|(line, message)| Diagnostic {
                range: to_proto::line_range(line),
                severity: Some(DiagnosticSeverity::INFORMATION),
                source: Some("pprof".into()),
                message,
                ..Default::default()
            })
            .collect();
        client.publish_diagnostics(uri, diagnostics, None).await;
    }
    diagnosed
}
