//! Optional Information diagnostics on the heaviest lines, for Problems
//! panels and quickfix lists (off by default).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::index::Index;
use super::words;

/// Per file, (1-based line, message), heaviest first.
pub fn heaviest_lines(index: &Index, count: usize) -> BTreeMap<PathBuf, Vec<(i64, String)>> {
    let tables = index.tables();
    let values = &index.analysis.source_lines;
    let mut lines: Vec<u32> = (0..tables.source_lines.len() as u32)
        .filter(|&n| {
            let source_line = tables.source_lines[n as usize];
            values.flat[n as usize] != 0
                && source_line.line > 0
                && index.loaded.resolved_path(source_line.file_node).is_some()
        })
        .collect();
    lines.sort_by_key(|&n| std::cmp::Reverse(values.flat[n as usize].abs()));
    let mut by_file: BTreeMap<PathBuf, Vec<(i64, String)>> = BTreeMap::new();
    for (rank, n) in lines.into_iter().take(count).enumerate() {
        let source_line = tables.source_lines[n as usize];
        let Some(path) = index.loaded.resolved_path(source_line.file_node) else {
            continue;
        };
        let (flat, cum) = (values.flat[n as usize], values.cum[n as usize]);
        by_file.entry(path.to_path_buf()).or_default().push((
            source_line.line,
            format!(
                "#{} by flat {}: {} flat ({}), {} cum",
                rank + 1,
                index.kind(),
                words::value(index, flat),
                words::share(index, flat),
                words::value(index, cum)
            ),
        ));
    }
    by_file
}
