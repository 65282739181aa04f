//! The heaviest functions: workspace symbols (Ctrl+T in VS Code,
//! `vim.lsp.buf.workspace_symbol()` in Neovim) and the `pprof.top` list.

use std::path::PathBuf;

use serde::Serialize;

use super::index::{Index, Scope};
use super::{words, FunctionRef, SourceLink};

const SYMBOL_LIMIT: usize = 100;

/// Functions in the scope whose name contains every character of the
/// query in order (case-insensitive), heaviest first (by flat, then cum,
/// as pprof's top sorts); in a comparison what grew most first, what
/// shrank most last.
pub fn heaviest(index: &Index, query: &str, scope: Scope) -> Vec<u32> {
    let query: Vec<char> = query
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let values = |f: u32| index.function_values(f, scope);
    let name = |f: u32| index.tables().functions[f as usize].name.as_str();
    let mut functions: Vec<u32> = (0..index.tables().functions.len() as u32)
        .filter(|&f| index.in_scope(f, scope) && values(f) != (0, 0))
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
        .collect();
    functions.sort_by(|&a, &b| {
        let ((a_flat, a_cum), (b_flat, b_cum)) = (values(a), values(b));
        let heavier = if index.is_comparison() {
            b_flat.cmp(&a_flat).then(b_cum.cmp(&a_cum))
        } else {
            b_flat
                .abs()
                .cmp(&a_flat.abs())
                .then(b_cum.abs().cmp(&a_cum.abs()))
        };
        heavier.then_with(|| name(a).cmp(name(b)))
    });
    functions
}

#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    pub name: String,
    /// The package.
    pub container: Option<String>,
    pub link: SourceLink,
}

/// The heaviest by flat (where the cost is), then the heaviest by cum
/// (what leads to it), each half of the list; only functions whose source
/// is here.
pub fn workspace_symbols(index: &Index, query: &str) -> Vec<Symbol> {
    let located: Vec<u32> = heaviest(index, query, Scope::All)
        .into_iter()
        .filter(|&f| index.function_location(f).is_some())
        .collect();
    let mut chosen: Vec<u32> = located.iter().copied().take(SYMBOL_LIMIT / 2).collect();
    let mut by_cum = located;
    by_cum.sort_by_key(|&f| {
        let cum = index.analysis.functions.cum[f as usize];
        std::cmp::Reverse(if index.is_comparison() {
            cum
        } else {
            cum.abs()
        })
    });
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
        .filter_map(|f| {
            let link = SourceLink::new(index.function_location(f)?);
            let node = &index.tables().functions[f as usize];
            let (flat, cum) = index.analysis.functions.of(f);
            Some(Symbol {
                name: format!(
                    "{} — {} flat · {} cum",
                    words::short_name(&node.name),
                    words::value(index, flat),
                    words::value(index, cum)
                ),
                container: node.name.rsplit_once('.').map(|(p, _)| p.to_string()),
                link,
            })
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Top {
    pub sample_type: String,
    pub unit: String,
    pub total: i64,
    pub scope: Scope,
    pub title: String,
    #[serde(skip)]
    pub rows: Vec<TopRow>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TopRow {
    pub function: String,
    pub short_name: String,
    /// The path as written in the profile.
    pub file: String,
    /// Where it costs the most (1-based), else its declaration.
    pub line: i64,
    pub flat: i64,
    pub cum: i64,
    pub flat_label: String,
    pub cum_label: String,
    pub flat_share: f64,
    pub cum_share: f64,
    pub flat_share_label: String,
    pub cum_share_label: String,
    pub text: String,
    #[serde(rename = "where")]
    pub place: String,
    #[serde(rename = "ref")]
    pub reference: FunctionRef,
    /// In a comparison: `new`, `gone`, `grew`, `shrank` or `same`.
    pub change: Option<&'static str>,
    /// The heaviest line, where the source is here.
    #[serde(skip)]
    pub location: Option<SourceLink>,
    #[serde(skip)]
    pub declaration: Option<SourceLink>,
}

/// The heaviest functions, with where they cost the most. In your code's
/// scope, a function's flat holds what the libraries it calls cost.
pub fn top(index: &Index, limit: usize, query: &str, roots: &[PathBuf], scope: Scope) -> Top {
    let rows = heaviest(index, query, scope)
        .into_iter()
        .take(limit)
        .map(|f| {
            let node = &index.tables().functions[f as usize];
            let (flat, cum) = index.function_values(f, scope);
            let hot = index.hot_location(f, scope);
            let line = index.hot_line(f, scope);
            TopRow {
                function: node.name.clone(),
                short_name: words::short_name(&node.name).to_string(),
                file: node.file.clone(),
                line,
                flat,
                cum,
                flat_label: words::value(index, flat),
                cum_label: words::value(index, cum),
                flat_share: index.share(flat),
                cum_share: index.share(cum),
                flat_share_label: words::share(index, flat),
                cum_share_label: words::share(index, cum),
                text: words::flat_and_cum(index, flat, cum),
                place: words::place(hot, &node.file, line, roots),
                reference: index.loaded.function_ref(f),
                change: index.function_change(f).map(|c| c.name()),
                location: hot.map(SourceLink::new),
                declaration: index.function_location(f).map(SourceLink::new),
            }
        })
        .collect();
    Top {
        sample_type: index.kind().to_string(),
        unit: index.unit().to_string(),
        total: index.total(),
        scope,
        title: match scope {
            Scope::All => format!(
                "Top by {} · total {}",
                index.kind(),
                words::total(index, index.total())
            ),
            Scope::Workspace => format!(
                "Top by {} in your code (flat includes the libraries each function calls) · total {}",
                index.kind(),
                words::total(index, index.total())
            ),
        },
        rows,
    }
}
