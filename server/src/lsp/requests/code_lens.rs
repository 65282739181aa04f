//! `textDocument/codeLens` and `codeLens/resolve`.

use serde::Serialize;
use serde_json::json;
use tower_lsp_server::ls_types::{CodeLens, CodeLensParams, Command};

use crate::lsp::{from_proto, to_proto};
use crate::session::lenses::{self, Lens, LensAction};
use crate::session::View;

pub const SHOW_CALLERS: &str = "pprof.showCallers";
const SELECT_SAMPLE_TYPE: &str = "pprof.selectSampleType";

/// A titled lens's `data`: the function's exact values in the sample
/// type's unit (`pprof.status` names it), and `"stale": true` where the
/// code changed since the profile. A lens sent without its text has only
/// the function's id as `data` (`{"id", "stale": true}` when stale), for
/// resolving: files with thousands of lenses get these.
#[derive(Debug, Serialize)]
struct LensData {
    flat: i64,
    cum: i64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    stale: bool,
}

pub fn code_lenses(view: &View, params: &CodeLensParams) -> Vec<CodeLens> {
    let (Some(index), Some(path)) = (&view.index, from_proto::path(&params.text_document.uri))
    else {
        return Vec::new();
    };
    if !view.settings.code_lens {
        return Vec::new();
    }
    let Some(document) = view.document(&path) else {
        return Vec::new();
    };
    let placement = document.placement(index, &path);
    let min_fraction = view.settings.min_fraction();
    lenses::lenses_in(index, &path, &document.text, &placement, min_fraction)
        .into_iter()
        .map(code_lens)
        .collect()
}

pub fn code_lens(lens: Lens) -> CodeLens {
    let range = to_proto::line_range(lens.line);
    match lens.action {
        LensAction::Function {
            id,
            function,
            flat,
            cum,
        } => {
            let command = lens.title.zip(function).map(|(title, function)| Command {
                title,
                command: SHOW_CALLERS.to_string(),
                arguments: Some(vec![json!(function)]),
            });
            let stale = lens.stale;
            let data = match (command.is_some(), stale) {
                (true, _) => json!(LensData { flat, cum, stale }),
                (false, false) => json!(id),
                (false, true) => json!({"id": id, "stale": true}),
            };
            CodeLens {
                range,
                command,
                data: Some(data),
            }
        }
        LensAction::ShowSampleType(sample_type) => CodeLens {
            range,
            command: lens.title.map(|title| Command {
                title,
                command: SELECT_SAMPLE_TYPE.to_string(),
                arguments: Some(vec![json!(sample_type)]),
            }),
            data: None,
        },
    }
}

/// The text of a lens sent without it, from the current profile (also
/// after a reload: the function is named, not numbered).
pub fn resolve(view: &View, lens: CodeLens) -> CodeLens {
    let data = lens.data.as_ref();
    let id = data.and_then(|data| data.as_u64().or_else(|| data.get("id")?.as_u64()));
    let stale = data.and_then(|data| data.get("stale")).is_some();
    let (Some(index), Some(id)) = (&view.index, id) else {
        return lens;
    };
    let line = from_proto::line(&lens.range.start);
    match lenses::function_lens(index, id, line, stale) {
        Some(titled) => code_lens(titled),
        None => CodeLens {
            command: Some(Command {
                title: "pprof: this function is not in the profile any more".to_string(),
                command: String::new(),
                arguments: None,
            }),
            ..lens
        },
    }
}
