//! `workspace/symbol` and `pprof.top`: the heaviest functions, so that
//! Ctrl+T (VS Code) or `vim.lsp.buf.workspace_symbol` jump to them.

use serde_json::{json, Value};
use tower_lsp_server::ls_types::{
    Location, OneOf, SymbolKind, WorkspaceSymbol, WorkspaceSymbolParams,
};

use super::index::Index;
use super::state::State;
use super::to_proto;

const SYMBOL_LIMIT: usize = 100;

/// Functions whose name contains every character of the query in order
/// (case-insensitive), heaviest first (by flat, then cum).
pub fn heaviest(index: &Index, query: &str) -> Vec<u32> {
    let query: Vec<char> = query
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let rows = index
        .analysis
        .top(index.tables(), crate::analysis::Granularity::Functions);
    rows.into_iter()
        .map(|row| row.node)
        .filter(|&f| {
            let name = index.tables().functions[f as usize].name.to_lowercase();
            let mut wanted = query.iter().peekable();
            for c in name.chars() {
                if wanted.peek() == Some(&&c) {
                    wanted.next();
                }
            }
            wanted.peek().is_none()
        })
        .collect()
}

pub fn workspace_symbols(state: &State, params: &WorkspaceSymbolParams) -> Vec<WorkspaceSymbol> {
    let Some(index) = state.current() else {
        return Vec::new();
    };
    // The heaviest by flat (where the cost is), then the heaviest by cum
    // (what leads to it), each half of the list.
    let located: Vec<u32> = heaviest(&index, &params.query)
        .into_iter()
        .filter(|&f| index.function_location(f).is_some())
        .collect();
    let mut chosen: Vec<u32> = located.iter().copied().take(SYMBOL_LIMIT / 2).collect();
    let mut by_cum = located.clone();
    by_cum.sort_by_key(|&f| std::cmp::Reverse(index.analysis.functions.cum[f as usize].abs()));
    for f in by_cum {
        if chosen.len() >= SYMBOL_LIMIT {
            break;
        }
        if !chosen.contains(&f) {
            chosen.push(f);
        }
    }
    chosen
        .into_iter()
        .filter_map(|f| symbol(&index, f))
        .collect()
}

fn symbol(index: &Index, f: u32) -> Option<WorkspaceSymbol> {
    let (path, line) = index.function_location(f)?;
    let node = &index.tables().functions[f as usize];
    let (flat, cum) = index.analysis.functions.of(f);
    let package = node.name.rsplit_once('.').map(|(p, _)| p.to_string());
    Some(WorkspaceSymbol {
        name: format!(
            "{} — {} flat · {} cum",
            to_proto::short_name(&node.name),
            to_proto::value(index, flat),
            to_proto::value(index, cum)
        ),
        kind: SymbolKind::FUNCTION,
        tags: None,
        container_name: package,
        location: OneOf::Left(Location::new(
            to_proto::uri(path)?,
            to_proto::line_range(line),
        )),
        data: None,
    })
}

/// `pprof.top`: the heaviest functions with values, shares and where they
/// cost the most (`location`: the heaviest line) and are declared; both
/// null where the source is not in the workspace.
pub fn top(index: &Index, limit: usize, query: &str) -> Value {
    let rows: Vec<Value> = heaviest(index, query)
        .into_iter()
        .take(limit)
        .map(|f| {
            let node = &index.tables().functions[f as usize];
            let (flat, cum) = index.analysis.functions.of(f);
            let declaration = index
                .function_location(f)
                .and_then(|(p, l)| to_proto::location(p, l));
            let hot = index.hot_location(f);
            let line = hot
                .map(|(_, l)| l)
                .unwrap_or_else(|| index.function_line(f));
            let location = hot.and_then(|(p, l)| to_proto::location(p, l));
            json!({
                "function": node.name,
                "file": node.file,
                "line": line,
                "flat": flat,
                "cum": cum,
                "flatLabel": to_proto::value(index, flat),
                "cumLabel": to_proto::value(index, cum),
                "flatShare": index.share(flat),
                "cumShare": index.share(cum),
                "location": location,
                "declaration": declaration,
            })
        })
        .collect();
    json!({"sampleType": index.kind(), "unit": index.unit(), "total": index.total(), "rows": rows})
}
