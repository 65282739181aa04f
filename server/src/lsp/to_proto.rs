//! Engine values to LSP types.

use std::path::Path;

use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

use super::index::Index;
use crate::analysis::units;

pub fn uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

/// A whole line, 1-based as in profiles.
pub fn line_range(line: i64) -> Range {
    let line = (line.max(1) - 1) as u32;
    Range::new(Position::new(line, 0), Position::new(line, 0))
}

pub fn location(path: &Path, line: i64) -> Option<Location> {
    Some(Location::new(uri(path)?, line_range(line)))
}

/// A value with its unit, for people: `1.96 MB`.
pub fn value(index: &Index, value: i64) -> String {
    units::human_label(value, index.unit())
}

/// A share of the total: `30.66%`.
pub fn share(index: &Index, value: i64) -> String {
    units::percentage(value, index.total())
}

/// A function name without its package path, for compact labels:
/// `example.com/app/cache.(*Cache).Put` -> `cache.(*Cache).Put`.
pub fn short_name(name: &str) -> &str {
    match name.rfind('/') {
        Some(slash) if !name[slash..].contains(' ') => &name[slash + 1..],
        _ => name,
    }
}
