//! Who calls a function and what it calls, from the profile: the
//! `pprof.showCallers` lists and the call hierarchy.

use std::path::PathBuf;

use serde::Serialize;

use super::index::Index;
use super::{words, FunctionRef, SourceLink};

/// A chain longer than this is written with its middle left out.
const CHAIN_TEXT_FRAMES: usize = 6;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Callers {
    pub function: String,
    pub short_name: String,
    pub title: String,
    #[serde(skip)]
    pub callers: Vec<Edge>,
    #[serde(skip)]
    pub callees: Vec<Edge>,
    pub chains: Vec<Chain>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    pub function: String,
    pub short_name: String,
    pub value: i64,
    pub label: String,
    pub share: f64,
    pub share_label: String,
    pub text: String,
    #[serde(rename = "where")]
    pub place: String,
    #[serde(rename = "ref")]
    pub reference: FunctionRef,
    /// The calling line (for a caller), the declaration (for a callee).
    #[serde(skip)]
    pub link: Option<SourceLink>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Chain {
    /// Root first.
    pub frames: Vec<String>,
    pub short_frames: Vec<String>,
    pub value: i64,
    pub label: String,
    pub share: f64,
    pub share_label: String,
    /// The path, recursion folded, the middle of long ones left out.
    pub text: String,
    /// `4.75 MB (74.50%)`.
    pub value_text: String,
}

pub fn callers(index: &Index, function: u32, roots: &[PathBuf]) -> Callers {
    let tables = index.tables();
    let detail = index.detail(function);
    let name = |f: u32| tables.functions[f as usize].name.clone();
    let edge = |f: u32, value: i64, found: Option<(&std::path::Path, i64)>, line: i64| Edge {
        function: name(f),
        short_name: words::short_name(&tables.functions[f as usize].name).to_string(),
        value,
        label: words::value(index, value),
        share: index.share(value),
        share_label: words::share(index, value),
        text: words::value_and_share(index, value),
        place: words::place(found, &tables.functions[f as usize].file, line, roots),
        reference: index.loaded.function_ref(f),
        link: found.map(SourceLink::new),
    };
    let callers = detail
        .incoming
        .iter()
        .map(|site| {
            let line = &tables.lines[site.caller_line as usize];
            edge(
                line.function,
                site.value,
                index.line_location(site.caller_line),
                line.line,
            )
        })
        .collect();
    let callees = detail
        .callees
        .iter()
        .map(|callee| {
            edge(
                callee.function,
                callee.value,
                index.function_location(callee.function),
                index.function_line(callee.function),
            )
        })
        .collect();
    let chains = detail
        .chains
        .iter()
        .map(|chain| {
            let short_frames: Vec<String> = chain
                .functions
                .iter()
                .map(|&f| words::short_name(&tables.functions[f as usize].name).to_string())
                .collect();
            let mut folded = words::fold_repeats(&short_frames);
            if folded.len() > CHAIN_TEXT_FRAMES {
                let tail = folded.split_off(folded.len() - (CHAIN_TEXT_FRAMES - 2));
                folded.truncate(1);
                folded.push("…".to_string());
                folded.extend(tail);
            }
            Chain {
                frames: chain.functions.iter().map(|&f| name(f)).collect(),
                short_frames,
                value: chain.value,
                label: words::value(index, chain.value),
                share: index.share(chain.value),
                share_label: words::share(index, chain.value),
                text: folded.join(" → "),
                value_text: words::value_and_share(index, chain.value),
            }
        })
        .collect();
    let (_, cum) = index.analysis.functions.of(function);
    let short_name = words::short_name(&tables.functions[function as usize].name).to_string();
    Callers {
        function: name(function),
        title: format!(
            "Callers of {short_name} ({} cum, {})",
            words::value(index, cum),
            words::share(index, cum)
        ),
        short_name,
        callers,
        callees,
        chains,
    }
}

/// A function as an item of the call hierarchy.
#[derive(Debug, Clone, PartialEq)]
pub struct CallItem {
    pub name: String,
    pub detail: String,
    pub link: SourceLink,
    pub function: FunctionRef,
}

/// A caller or callee with the lines the calls are made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Calls {
    pub item: CallItem,
    /// 1-based lines in the caller.
    pub lines: Vec<i64>,
}

/// Functions whose source is not here cannot be items.
pub fn call_item(index: &Index, function: u32) -> Option<CallItem> {
    let link = SourceLink::new(index.function_location(function)?);
    let node = &index.tables().functions[function as usize];
    let (flat, cum) = index.analysis.functions.of(function);
    Some(CallItem {
        name: words::short_name(&node.name).to_string(),
        detail: format!(
            "{} flat · {} cum",
            words::value(index, flat),
            words::value(index, cum)
        ),
        link,
        function: index.loaded.function_ref(function),
    })
}

/// Callers, heaviest first, with the calling lines.
pub fn incoming(index: &Index, function: u32) -> Vec<Calls> {
    let detail = index.detail(function);
    let tables = index.tables();
    grouped(
        index,
        detail.incoming.iter().map(|site| {
            let line = &tables.lines[site.caller_line as usize];
            (line.function, site.value, line.line)
        }),
    )
}

/// Callees, heaviest first, with this function's lines that call them.
pub fn outgoing(index: &Index, function: u32) -> Vec<Calls> {
    let detail = index.detail(function);
    let tables = index.tables();
    grouped(
        index,
        detail.outgoing.iter().map(|site| {
            let line = &tables.lines[site.caller_line as usize];
            (site.callee, site.value, line.line)
        }),
    )
}

/// Call sites grouped by the function at the other end: values summed,
/// lines listed; heaviest first.
fn grouped(index: &Index, sites: impl Iterator<Item = (u32, i64, i64)>) -> Vec<Calls> {
    let mut calls: Vec<(u32, i64, Vec<i64>)> = Vec::new();
    for (function, value, line) in sites {
        match calls.iter_mut().find(|(f, _, _)| *f == function) {
            Some((_, sum, lines)) => {
                *sum += value;
                lines.push(line);
            }
            None => calls.push((function, value, vec![line])),
        }
    }
    calls.sort_by_key(|(_, value, _)| std::cmp::Reverse(value.abs()));
    calls
        .into_iter()
        .filter_map(|(function, _, lines)| {
            Some(Calls {
                item: call_item(index, function)?,
                lines,
            })
        })
        .collect()
}
