//! `textDocument/inlayHint`: flat and cum at the end of every hot line. The
//! tooltip (shares and what the numbers mean) is filled in by
//! `inlayHint/resolve`, when the user hovers a hint: a file can have
//! thousands of hints.

use serde_json::{json, Value};
use tower_lsp_server::ls_types::{
    InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip, MarkupContent, MarkupKind,
    Position,
};

use std::path::Path;

use super::document::Document;
use super::index::Index;
use super::state::State;
use super::to_proto;
use crate::analysis::units;

pub fn inlay_hints(state: &State, params: &InlayHintParams) -> Vec<InlayHint> {
    let settings = state.settings();
    let (Some(index), Some(path)) = (state.current(), params.text_document.uri.to_file_path())
    else {
        return Vec::new();
    };
    if !settings.inlay_hints {
        return Vec::new();
    }
    let document = state.document(&params.text_document.uri, &path);
    let first = params.range.start.line as i64 + 1;
    let last = params.range.end.line as i64 + 1;
    hints_between(
        &index,
        &path,
        document.as_deref(),
        (first, last),
        settings.min_fraction(),
    )
}

/// The hints of lines `first..=last` (1-based) of a file, placed at the
/// ends of the document's lines.
pub fn hints_between(
    index: &Index,
    path: &Path,
    document: Option<&Document>,
    (first, last): (i64, i64),
    min_fraction: f64,
) -> Vec<InlayHint> {
    index
        .lines_between(path, first, last)
        .filter(|stat| index.share(stat.flat.abs().max(stat.cum.abs())) >= min_fraction)
        .map(|stat| InlayHint {
            position: Position::new(
                stat.line as u32 - 1,
                document.map(|d| d.line_end(stat.line)).unwrap_or(0),
            ),
            label: InlayHintLabel::String(label(index, stat.flat, stat.cum)),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            // Exact values in the sample type's unit, for the tooltip and
            // for scripts: `[flat, cum]`, short, as a file can have
            // thousands of hints.
            data: Some(json!([stat.flat, stat.cum])),
        })
        .collect()
}

/// `<flat> flat · <cum> cum`, in one allocation: a file can have thousands.
fn label(index: &Index, flat: i64, cum: i64) -> String {
    let mut label = String::with_capacity(32);
    units::write_human_label(&mut label, flat, index.unit());
    label.push_str(" flat · ");
    units::write_human_label(&mut label, cum, index.unit());
    label.push_str(" cum");
    label
}

/// `inlayHint/resolve`: the tooltip of one hint.
pub fn resolve(state: &State, mut hint: InlayHint) -> InlayHint {
    let Some(index) = state.current() else {
        return hint;
    };
    let value = |at: usize| {
        hint.data
            .as_ref()
            .and_then(|d| d.get(at))
            .and_then(Value::as_i64)
    };
    let (Some(flat), Some(cum)) = (value(0), value(1)) else {
        return hint;
    };
    let meaning = crate::analysis::meaning::meaning(index.kind(), index.unit());
    let tooltip = format!(
        "**{}** on this line: flat {} ({} of the total), cum {} ({})\n\n{}\n\n{}",
        index.kind(),
        to_proto::value(&index, flat),
        to_proto::share(&index, flat),
        to_proto::value(&index, cum),
        to_proto::share(&index, cum),
        meaning.flat,
        meaning.cum
    );
    hint.tooltip = Some(InlayHintTooltip::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: tooltip,
    }));
    hint
}
