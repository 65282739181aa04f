//! Publishes the diagnostics (steady growth, the heaviest lines), and
//! clears those of files that no longer have any.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString};
use tower_lsp_server::Client;

use super::to_proto;
use crate::session::diagnostics::{findings, placed};
use crate::session::View;

/// Returns the files that now have diagnostics.
pub async fn publish(client: &Client, view: &View, previously: Vec<PathBuf>) -> Vec<PathBuf> {
    let settings = &view.settings;
    let heaviest = if settings.diagnostics {
        settings.diagnostics_count
    } else {
        0
    };
    let mut by_file = match &view.index {
        Some(index) => placed(
            view,
            index,
            findings(index, heaviest, settings.growth_diagnostics),
        ),
        None => Default::default(),
    };
    by_file.retain(|_, lines| !lines.is_empty());
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
            .map(|(line, finding, message)| Diagnostic {
                range: to_proto::line_range(line),
                severity: Some(DiagnosticSeverity::INFORMATION),
                source: Some("pprof".into()),
                code: finding.code().map(|c| NumberOrString::String(c.into())),
                message,
                ..Default::default()
            })
            .collect();
        client.publish_diagnostics(uri, diagnostics, None).await;
    }
    diagnosed
}
