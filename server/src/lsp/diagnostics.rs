//! Optional Information diagnostics on the heaviest lines, for Problems
//! panels and quickfix lists (off by default).

use std::collections::BTreeMap;
use std::path::PathBuf;

use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity};

use super::state::State;
use super::to_proto;

pub async fn publish(state: &State) {
    let settings = state.settings();
    let Some(index) = state.current() else { return };
    let mut by_file: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    if settings.diagnostics {
        let tables = index.tables();
        let mut lines: Vec<u32> = (0..tables.source_lines.len() as u32)
            .filter(|&n| {
                index.analysis.source_lines.flat[n as usize] != 0
                    && tables.source_lines[n as usize].line > 0
            })
            .filter(|&n| {
                index
                    .loaded
                    .resolved_path(tables.source_lines[n as usize].file_node)
                    .is_some()
            })
            .collect();
        lines.sort_by_key(|&n| {
            std::cmp::Reverse(index.analysis.source_lines.flat[n as usize].abs())
        });
        for (rank, n) in lines
            .into_iter()
            .take(settings.diagnostics_count)
            .enumerate()
        {
            let source_line = tables.source_lines[n as usize];
            let path = index
                .loaded
                .resolved_path(source_line.file_node)
                .expect("filtered above")
                .to_path_buf();
            let (flat, cum) = (
                index.analysis.source_lines.flat[n as usize],
                index.analysis.source_lines.cum[n as usize],
            );
            by_file.entry(path).or_default().push(Diagnostic {
                range: to_proto::line_range(source_line.line),
                severity: Some(DiagnosticSeverity::INFORMATION),
                source: Some("pprof".into()),
                message: format!(
                    "#{} by flat {}: {} flat ({}), {} cum",
                    rank + 1,
                    index.kind(),
                    to_proto::value(&index, flat),
                    to_proto::share(&index, flat),
                    to_proto::value(&index, cum)
                ),
                ..Default::default()
            });
        }
    }
    // Files that had diagnostics before get an empty list.
    let stale: Vec<PathBuf> = {
        let mut previous = state.diagnosed_files.lock().expect("diagnostics lock");
        let stale = previous
            .iter()
            .filter(|p| !by_file.contains_key(*p))
            .cloned()
            .collect();
        *previous = by_file.keys().cloned().collect();
        stale
    };
    for path in stale {
        by_file.insert(path, Vec::new());
    }
    for (path, diagnostics) in by_file {
        if let Some(uri) = to_proto::uri(&path) {
            state
                .client
                .publish_diagnostics(uri, diagnostics, None)
                .await;
        }
    }
}
