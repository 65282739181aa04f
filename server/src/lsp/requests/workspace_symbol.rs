//! `workspace/symbol`: the heaviest functions.

use tower_lsp_server::ls_types::{OneOf, SymbolKind, WorkspaceSymbol, WorkspaceSymbolParams};

use crate::lsp::to_proto;
use crate::session::{symbols, View};

pub fn workspace_symbols(view: &View, params: &WorkspaceSymbolParams) -> Vec<WorkspaceSymbol> {
    let Some(index) = &view.index else {
        return Vec::new();
    };
    symbols::workspace_symbols(index, &params.query)
        .into_iter()
        .filter_map(|symbol| {
            Some(WorkspaceSymbol {
                location: OneOf::Left(to_proto::location(&view.follow(&symbol.link))?),
                name: symbol.name,
                kind: SymbolKind::FUNCTION,
                tags: None,
                container_name: symbol.container,
                data: None,
            })
        })
        .collect()
}
