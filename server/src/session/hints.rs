//! Flat and cum at the end of every hot line. The tooltip (shares and what
//! the numbers mean) is written only when the user points at a hint: a
//! file can have thousands.

use std::path::Path;

use super::document::Document;
use super::index::{Change, Index, LineStat};
use super::markup::{emphasis, strong, text, Markup};
use super::words;
use crate::analysis::meaning::meaning;
use crate::analysis::units;

#[derive(Debug, Clone, PartialEq)]
pub struct Hint {
    /// 1-based.
    pub line: i64,
    /// Where the line ends, in UTF-16 code units (LSP's default encoding).
    pub column: u32,
    pub label: String,
    pub flat: i64,
    pub cum: i64,
}

/// The hints of lines `first..=last` (1-based) of a file, placed at the
/// ends of the document's lines.
pub fn hints_between(
    index: &Index,
    path: &Path,
    document: Option<&Document>,
    (first, last): (i64, i64),
    min_fraction: f64,
) -> Vec<Hint> {
    index
        .lines_between(path, first, last)
        .filter(|stat| index.share(stat.flat.abs().max(stat.cum.abs())) >= min_fraction)
        .map(|stat| Hint {
            line: stat.line,
            column: document.map(|d| d.line_end(stat.line)).unwrap_or(0),
            label: label(index, stat),
            flat: stat.flat,
            cum: stat.cum,
        })
        .collect()
}

/// `<flat> flat · <cum> cum`, in one allocation: a file can have thousands.
/// In a comparison a line absent from the base starts `new`, one absent
/// from the new profile `gone`.
fn label(index: &Index, stat: &LineStat) -> String {
    let (flat, cum) = (stat.flat, stat.cum);
    let write = if index.is_comparison() {
        units::write_signed_label
    } else {
        units::write_human_label
    };
    let mut label = String::with_capacity(40);
    if index.is_comparison() {
        if let change @ (Change::New | Change::Gone) = Change::of((flat, cum), stat.base) {
            label.push_str(change.name());
            label.push(' ');
        }
    }
    // Goroutines: how many wait on this line, not pprof's flat (which is
    // at runtime.gopark for all of them).
    match stat.waiting {
        Some(0) => {}
        Some(waiting) => {
            write(&mut label, waiting, index.unit());
            label.push_str(" waiting here · ");
        }
        None => {
            write(&mut label, flat, index.unit());
            label.push_str(" flat · ");
        }
    }
    write(&mut label, cum, index.unit());
    label.push_str(" cum");
    label
}

/// What a hint with these values means.
pub fn tooltip(index: &Index, flat: i64, cum: i64) -> Markup {
    let meaning = meaning(index.kind(), index.unit());
    let mut markup = Markup::default();
    if index.waiting.is_some() {
        markup.paragraph(vec![emphasis(super::hover::WAIT_HERE)]);
    }
    markup.paragraph(vec![
        strong(index.kind()),
        text(format!(
            " on this line: flat {} ({} of the total), cum {} ({} of the total)",
            words::value(index, flat),
            words::share(index, flat),
            words::value(index, cum),
            words::share(index, cum)
        )),
    ]);
    markup.paragraph(vec![emphasis(meaning.flat)]);
    markup.paragraph(vec![emphasis(meaning.cum)]);
    markup
}
