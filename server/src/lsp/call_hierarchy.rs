//! Call hierarchy from the profile: callers and callees of a function,
//! each call weighted by its value, with the lines the calls are made from.

use serde_json::json;
use tower_lsp_server::ls_types::{
    CallHierarchyIncomingCall, CallHierarchyIncomingCallsParams, CallHierarchyItem,
    CallHierarchyOutgoingCall, CallHierarchyOutgoingCallsParams, CallHierarchyPrepareParams, Range,
    SymbolKind,
};

use super::index::Index;
use super::state::State;
use super::to_proto;

pub fn prepare(
    state: &State,
    params: &CallHierarchyPrepareParams,
) -> Option<Vec<CallHierarchyItem>> {
    let index = state.current()?;
    let position = &params.text_document_position_params;
    let path = position.text_document.uri.to_file_path()?;
    let function = index.function_at(&path, position.position.line as i64 + 1)?;
    Some(vec![item(&index, function)?])
}

fn item(index: &Index, function: u32) -> Option<CallHierarchyItem> {
    let (path, line) = index.function_location(function)?;
    let node = &index.tables().functions[function as usize];
    let (flat, cum) = index.analysis.functions.of(function);
    Some(CallHierarchyItem {
        name: to_proto::short_name(&node.name).to_string(),
        kind: SymbolKind::FUNCTION,
        tags: None,
        detail: Some(format!(
            "{} flat · {} cum",
            to_proto::value(index, flat),
            to_proto::value(index, cum)
        )),
        uri: to_proto::uri(path)?,
        range: to_proto::line_range(line),
        selection_range: to_proto::line_range(line),
        data: Some(json!({"function": node.name})),
    })
}

fn function_of(index: &Index, item: &CallHierarchyItem) -> Option<u32> {
    index.function_by_name(item.data.as_ref()?.get("function")?.as_str()?)
}

/// Callers, heaviest first; `from_ranges` are the calling lines. Callers
/// whose source is not in the workspace cannot be shown as items.
pub fn incoming(
    state: &State,
    params: &CallHierarchyIncomingCallsParams,
) -> Option<Vec<CallHierarchyIncomingCall>> {
    let index = state.current()?;
    let function = function_of(&index, &params.item)?;
    let detail = index.detail(function);
    let calls = group(detail.incoming.iter().map(|site| {
        let line = &index.tables().lines[site.caller_line as usize];
        (line.function, site.value, to_proto::line_range(line.line))
    }));
    Some(
        calls
            .into_iter()
            .filter_map(|(caller, _, from_ranges)| {
                Some(CallHierarchyIncomingCall {
                    from: item(&index, caller)?,
                    from_ranges,
                })
            })
            .collect(),
    )
}

/// Callees, heaviest first; `from_ranges` are this function's lines that
/// make the calls.
pub fn outgoing(
    state: &State,
    params: &CallHierarchyOutgoingCallsParams,
) -> Option<Vec<CallHierarchyOutgoingCall>> {
    let index = state.current()?;
    let function = function_of(&index, &params.item)?;
    let detail = index.detail(function);
    let calls = group(detail.outgoing.iter().map(|site| {
        let line = &index.tables().lines[site.caller_line as usize];
        (site.callee, site.value, to_proto::line_range(line.line))
    }));
    Some(
        calls
            .into_iter()
            .filter_map(|(callee, _, from_ranges)| {
                Some(CallHierarchyOutgoingCall {
                    to: item(&index, callee)?,
                    from_ranges,
                })
            })
            .collect(),
    )
}

/// Call sites grouped by the function at the other end: the value summed,
/// the lines listed; heaviest first.
fn group(sites: impl Iterator<Item = (u32, i64, Range)>) -> Vec<(u32, i64, Vec<Range>)> {
    let mut calls: Vec<(u32, i64, Vec<Range>)> = Vec::new();
    for (function, value, range) in sites {
        match calls.iter_mut().find(|(f, _, _)| *f == function) {
            Some((_, sum, ranges)) => {
                *sum += value;
                ranges.push(range);
            }
            None => calls.push((function, value, vec![range])),
        }
    }
    calls.sort_by_key(|(_, value, _)| std::cmp::Reverse(value.abs()));
    calls
}
