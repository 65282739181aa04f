//! `textDocument/codeLens` and `codeLens/resolve`.

use serde::{Deserialize, Serialize};
use serde_json::json;
use tower_lsp_server::ls_types::{CodeLens, CodeLensParams, Command};

use crate::lsp::{from_proto, to_proto};
use crate::session::lenses::{self, Lens, LensAction};
use crate::session::{FunctionRef, View};

pub const SHOW_CALLERS: &str = "pprof.showCallers";
const SELECT_SAMPLE_TYPE: &str = "pprof.selectSampleType";

/// A lens's `data`: the function's exact values in the sample type's unit
/// (`pprof.status` names it), and the function, for resolving.
#[derive(Debug, Serialize, Deserialize)]
struct LensData {
    flat: i64,
    cum: i64,
    function: FunctionRef,
}

pub fn code_lenses(view: &View, params: &CodeLensParams) -> Vec<CodeLens> {
    let (Some(index), Some(path)) = (&view.index, from_proto::path(&params.text_document.uri))
    else {
        return Vec::new();
    };
    if !view.settings.code_lens {
        return Vec::new();
    }
    // The text is needed only for functions without a start line.
    let document = std::cell::OnceCell::new();
    let text = || {
        document
            .get_or_init(|| view.document(&path))
            .as_ref()
            .map(|d| &*d.text)
    };
    lenses::lenses_in(index, &path, text, view.settings.min_fraction())
        .into_iter()
        .map(code_lens)
        .collect()
}

pub fn code_lens(lens: Lens) -> CodeLens {
    let range = to_proto::line_range(lens.line);
    match lens.action {
        LensAction::Function {
            function,
            flat,
            cum,
        } => CodeLens {
            range,
            command: lens.title.map(|title| Command {
                title,
                command: SHOW_CALLERS.to_string(),
                arguments: Some(vec![json!(function)]),
            }),
            data: Some(json!(LensData {
                flat,
                cum,
                function
            })),
        },
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
    let data = lens
        .data
        .clone()
        .and_then(|data| serde_json::from_value::<LensData>(data).ok());
    let (Some(index), Some(data)) = (&view.index, data) else {
        return lens;
    };
    let line = from_proto::line(&lens.range.start);
    match lenses::function_lens(index, &data.function, line) {
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
