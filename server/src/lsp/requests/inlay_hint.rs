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
    let document = view.document(&path);
    let lines = (
        from_proto::line(&params.range.start),
        from_proto::line(&params.range.end),
    );
    hints::hints_between(
        index,
        &path,
        document.as_deref(),
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
        // scripts: `[flat, cum]`, short, as a file can have thousands.
        data: Some(json!([hint.flat, hint.cum])),
    }
}

/// The tooltip of one hint, from the values it carries.
pub fn resolve(view: &View, mut hint: InlayHint) -> InlayHint {
    let Some(index) = &view.index else {
        return hint;
    };
    let value = |at: usize| hint.data.as_ref()?.get(at)?.as_i64();
    if let (Some(flat), Some(cum)) = (value(0), value(1)) {
        let tooltip = hints::tooltip(index, flat, cum);
        hint.tooltip = Some(InlayHintTooltip::MarkupContent(to_proto::markup(&tooltip)));
    }
    hint
}
