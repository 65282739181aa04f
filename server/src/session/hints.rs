//! Flat and cum at the end of every hot line. The tooltip (shares and what
//! the numbers mean) is written only when the user points at a hint: a
//! file can have thousands.

use std::path::Path;

use super::document::Document;
use super::index::{Change, Index, LineStat};
use super::markup::{emphasis, strong, text, Markup};
use super::placement::Placement;
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
    /// The code changed since the profile: the line may not be this one.
    pub stale: bool,
}

/// What a stale number starts with: it may stand on the wrong line.
pub const STALE_MARK: &str = "stale? ";

/// What a stale number's tooltip says first.
pub const STALE_WORDS: &str = "Stale: the code changed since the profile was taken, and this number may belong to another line (the hover says why).";

/// The hints of lines `first..=last` (1-based) of a file as it is now,
/// each at the end of the line the profile's line is on now.
pub fn hints_between(
    index: &Index,
    path: &Path,
    document: &Document,
    placement: &Placement,
    (first, last): (i64, i64),
    min_fraction: f64,
) -> Vec<Hint> {
    placement
        .between(first, last)
        .filter_map(|(line, profile_line, stale)| {
            let stat = index.line_stat(path, profile_line)?;
            let shown = index.share(stat.flat.abs().max(stat.cum.abs())) >= min_fraction;
            shown.then(|| Hint {
                line,
                column: document.line_end(line),
                label: label(index, &stat, stale),
                flat: stat.flat,
                cum: stat.cum,
                stale,
            })
        })
        .collect()
}

/// `<flat> flat · <cum> cum`, in one allocation: a file can have thousands.
/// In a comparison a line absent from the base starts `new`, one absent
/// from the new profile `gone`.
fn label(index: &Index, stat: &LineStat, stale: bool) -> String {
    let (flat, cum) = (stat.flat, stat.cum);
    let write = if index.is_comparison() {
        units::write_signed_label
    } else {
        units::write_human_label
    };
    let mut label = String::with_capacity(40);
    if stale {
        label.push_str(STALE_MARK);
    }
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
pub fn tooltip(index: &Index, flat: i64, cum: i64, stale: bool) -> Markup {
    let meaning = meaning(index.kind(), index.unit());
    let mut markup = Markup::default();
    if stale {
        markup.paragraph(vec![strong(STALE_WORDS)]);
    }
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
