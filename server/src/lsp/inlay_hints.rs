//! `textDocument/inlayHint`: flat and cum at the end of every hot line.

use tower_lsp_server::ls_types::{
    InlayHint, InlayHintLabel, InlayHintParams, InlayHintTooltip, MarkupContent, MarkupKind,
    Position,
};

use super::state::State;
use super::to_proto;

pub fn inlay_hints(state: &State, params: &InlayHintParams) -> Vec<InlayHint> {
    let settings = state.settings();
    let (Some(index), Some(path)) = (state.current(), params.text_document.uri.to_file_path())
    else {
        return Vec::new();
    };
    if !settings.inlay_hints {
        return Vec::new();
    }
    let text = state.document_text(&params.text_document.uri, &path);
    let first = params.range.start.line as i64 + 1;
    let last = params.range.end.line as i64 + 1;
    let meaning = crate::analysis::meaning::meaning(index.kind(), index.unit());
    index
        .lines_in(&path)
        .filter(|stat| stat.line >= first && stat.line <= last)
        .filter(|stat| index.share(stat.flat.abs().max(stat.cum.abs())) >= settings.min_fraction())
        .map(|stat| {
            let character = text
                .as_deref()
                .map(|t| to_proto::line_end(t, stat.line))
                .unwrap_or(0);
            let tooltip = format!(
                "**{}** on this line: flat {} ({} of the total), cum {} ({})\n\n{}\n\n{}",
                index.kind(),
                to_proto::value(&index, stat.flat),
                to_proto::share(&index, stat.flat),
                to_proto::value(&index, stat.cum),
                to_proto::share(&index, stat.cum),
                meaning.flat,
                meaning.cum
            );
            InlayHint {
                position: Position::new(stat.line as u32 - 1, character),
                label: InlayHintLabel::String(format!(
                    "{} flat · {} cum",
                    to_proto::value(&index, stat.flat),
                    to_proto::value(&index, stat.cum)
                )),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: tooltip,
                })),
                padding_left: Some(true),
                padding_right: None,
                // Exact values in the sample type's unit, for scripts and tests.
                data: Some(serde_json::json!({"line": stat.line, "flat": stat.flat, "cum": stat.cum, "unit": index.unit(), "sampleType": index.kind()})),
            }
        })
        .collect()
}
