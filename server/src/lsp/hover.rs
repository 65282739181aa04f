//! `textDocument/hover`: what a line and its function cost, how the
//! function is reached (full call paths), what it calls, and what flat and
//! cum mean, in plain words.

use std::fmt::Write;
use std::path::Path;

use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::index::Index;
use super::state::State;
use super::to_proto::{self, short_name};
use crate::analysis::meaning::meaning;

/// How many callers and callees a hover lists.
const EDGE_LIMIT: usize = 5;

pub fn hover(state: &State, params: &HoverParams) -> Option<Hover> {
    let index = state.current()?;
    let position = &params.text_document_position_params;
    let path = position.text_document.uri.to_file_path()?;
    hover_at(&index, &path, position.position.line as i64 + 1)
}

/// The hover of a line (1-based) of a file.
pub fn hover_at(index: &Index, path: &Path, line: i64) -> Option<Hover> {
    let stat = index.line_stat(path, line);
    let function = index.function_at(path, line);
    if stat.is_none() && function.is_none_or(|f| index.function_line(f) != line) {
        return None;
    }
    let mut text = String::new();
    let title = function
        .map(|f| short_name(&index.tables().functions[f as usize].name).to_string())
        .unwrap_or_default();
    let _ = writeln!(
        text,
        "**`{title}`** · {} · total {}\n",
        index.kind(),
        to_proto::value(index, index.total())
    );
    let cell = |v: i64| {
        format!(
            "{} ({})",
            to_proto::value(index, v),
            to_proto::share(index, v)
        )
    };
    match (function, stat) {
        (Some(f), Some(stat)) => {
            let (flat, cum) = index.analysis.functions.of(f);
            let _ = writeln!(
                text,
                "| | this line ({line}) | whole function |\n|---|---|---|"
            );
            let _ = writeln!(text, "| flat | {} | {} |", cell(stat.flat), cell(flat));
            let _ = writeln!(text, "| cum | {} | {} |\n", cell(stat.cum), cell(cum));
        }
        (Some(f), None) => {
            let (flat, cum) = index.analysis.functions.of(f);
            let _ = writeln!(text, "| | whole function |\n|---|---|");
            let _ = writeln!(text, "| flat | {} |\n| cum | {} |\n", cell(flat), cell(cum));
        }
        (None, Some(stat)) => {
            let _ = writeln!(text, "| | this line ({line}) |\n|---|---|");
            let _ = writeln!(
                text,
                "| flat | {} |\n| cum | {} |\n",
                cell(stat.flat),
                cell(stat.cum)
            );
        }
        (None, None) => return None,
    }
    if let Some(f) = function {
        write_calls(&mut text, index, f);
    }
    let meaning = meaning(index.kind(), index.unit());
    let _ = write!(text, "---\n*{}*\n\n*{}*", meaning.flat, meaning.cum);
    if index.loaded.base.is_some() {
        let _ = write!(text, "\n\n*This is a comparison: values are the change since the base profile (negative: it shrank).*");
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(tower_lsp_server::ls_types::Range::new(
            tower_lsp_server::ls_types::Position::new(line as u32 - 1, 0),
            tower_lsp_server::ls_types::Position::new(line as u32 - 1, 0),
        )),
    })
}

fn write_calls(text: &mut String, index: &Index, function: u32) {
    let tables = index.tables();
    // Names as code: `*`, `_` and `[` in them are not Markdown.
    let name = |f: u32| format!("`{}`", short_name(&tables.functions[f as usize].name));
    let detail = index.detail(function);
    if !detail.chains.is_empty() {
        let _ = writeln!(
            text,
            "**How it is reached** (heaviest call paths, root → here):\n"
        );
        for (i, chain) in detail.chains.iter().enumerate() {
            let path: Vec<String> = chain.functions.iter().map(|&f| name(f)).collect();
            let _ = writeln!(
                text,
                "{}. {} ({}): {}",
                i + 1,
                to_proto::value(index, chain.value),
                to_proto::share(index, chain.value),
                fold_repeats(&path).join(" → ")
            );
        }
        text.push('\n');
    }
    let link = |line_node: u32, label: String| match index
        .line_location(line_node)
        .and_then(|(p, l)| Some((to_proto::uri(p)?, l)))
    {
        Some((uri, l)) => format!("[{label}]({}#L{l})", uri.as_str()),
        None => label,
    };
    let callers: Vec<String> = detail
        .incoming
        .iter()
        .take(EDGE_LIMIT)
        .map(|site| {
            let caller = tables.lines[site.caller_line as usize].function;
            let line = tables.lines[site.caller_line as usize].line;
            format!(
                "{} {} ({})",
                link(site.caller_line, format!("{}:{line}", name(caller))),
                to_proto::value(index, site.value),
                to_proto::share(index, site.value)
            )
        })
        .collect();
    if !callers.is_empty() {
        let _ = writeln!(text, "**Called from**: {}\n", callers.join(" · "));
    }
    let callees: Vec<String> = detail
        .callees
        .iter()
        .take(EDGE_LIMIT)
        .map(|&(callee, value)| {
            format!(
                "{} {} ({})",
                name(callee),
                to_proto::value(index, value),
                to_proto::share(index, value)
            )
        })
        .collect();
    if !callees.is_empty() {
        let _ = writeln!(text, "**Calls**: {}\n", callees.join(" · "));
    }
}

/// Folds a run of the same one to three calls repeated (recursion) into
/// one entry: `Ping → Pong → Ping → Pong → spin` reads
/// `(Ping → Pong) ×2 → spin`.
fn fold_repeats(path: &[String]) -> Vec<String> {
    let mut folded = Vec::new();
    let mut at = 0;
    while at < path.len() {
        let mut best = (1, 1); // (block length, repetitions)
        for block in 1..=3 {
            let mut times = 1;
            while at + (times + 1) * block <= path.len()
                && path[at..at + block] == path[at + times * block..at + (times + 1) * block]
            {
                times += 1;
            }
            if times > 1 && times * block > best.0 * best.1 {
                best = (block, times);
            }
        }
        let (block, times) = best;
        if times > 1 {
            let inner = path[at..at + block].join(" → ");
            folded.push(if block == 1 {
                format!("{inner} ×{times}")
            } else {
                format!("({inner}) ×{times}")
            });
        } else {
            folded.push(path[at].clone());
        }
        at += block * times;
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::fold_repeats;

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recursion_is_folded() {
        let path = strings(&[
            "main", "Ping", "Pong", "Ping", "Pong", "Ping", "Pong", "spin",
        ]);
        assert_eq!(
            fold_repeats(&path),
            strings(&["main", "(Ping → Pong) ×3", "spin"])
        );
        let path = strings(&["main", "walk", "walk", "walk", "leaf"]);
        assert_eq!(fold_repeats(&path), strings(&["main", "walk ×3", "leaf"]));
        let plain = strings(&["a", "b", "c"]);
        assert_eq!(fold_repeats(&plain), plain);
    }
}
