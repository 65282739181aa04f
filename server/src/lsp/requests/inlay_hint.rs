//! `textDocument/inlayHint` and `inlayHint/resolve`.

use serde_json::json;
use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip};

use crate::lsp::{from_proto, to_proto};
use crate::session::{hints, View};

pub fn inlay_hints(view: &View, params: &InlayHintParams) -> Vec<InlayHint> {
    let (Some(index), Some(path)) = (&view.index, from_proto::path(&params.text_document.uri))
    else {
        return Vec::new();
    };
    if !view.settings.inlay_hints {
        return Vec::new();
    }
    let Some(document) = view.document(&path) else {
        return Vec::new();
    };
    let placement = document.placement(index, &path);
    let lines = (
        from_proto::line(&params.range.start),
        from_proto::line(&params.range.end),
    );
    hints::hints_between(
        index,
        &path,
        &document,
        &placement,
        lines,
        view.settings.min_fraction(),
    )
    .into_iter()
    .map(inlay_hint)
    .collect()
}

pub fn inlay_hint(hint: hints::Hint) -> InlayHint {
    InlayHint {
        position: to_proto::position(hint.line, hint.column),
        label: InlayHintLabel::String(hint.label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        // Exact values in the sample type's unit, for the tooltip and for
        // scripts, and whether they may be on the wrong line.
        data: Some(match hint.stale {
            false => json!({"flat": hint.flat, "cum": hint.cum}),
            true => json!({"flat": hint.flat, "cum": hint.cum, "stale": true}),
        }),
    }
}

/// The tooltip of one hint, from the values it carries.
pub fn resolve(view: &View, mut hint: InlayHint) -> InlayHint {
    let Some(index) = &view.index else {
        return hint;
    };
    let value = |key: &str| hint.data.as_ref()?.get(key)?.as_i64();
    let stale = hint.data.as_ref().and_then(|d| d.get("stale")).is_some();
    if let (Some(flat), Some(cum)) = (value("flat"), value("cum")) {
        let tooltip = hints::tooltip(index, flat, cum, stale);
        hint.tooltip = Some(InlayHintTooltip::MarkupContent(to_proto::markup(&tooltip)));
    }
    hint
}
