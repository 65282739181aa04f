//! `textDocument/hover`.

use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams};

use crate::lsp::{from_proto, to_proto};
use crate::session::{hover, View};

pub fn hover(view: &View, params: &HoverParams) -> Option<Hover> {
    let index = view.index.as_ref()?;
    let position = &params.text_document_position_params;
    let path = from_proto::path(&position.text_document.uri)?;
    let placement = view.document(&path)?.placement(index, &path);
    let line = from_proto::line(&position.position);
    hover::hover_placed(index, &path, line, &placement).map(lsp_hover)
}

pub fn lsp_hover(hover: hover::Hover) -> Hover {
    Hover {
        contents: HoverContents::Markup(to_proto::markup(&hover.markup)),
        range: Some(to_proto::line_range(hover.line)),
    }
}
