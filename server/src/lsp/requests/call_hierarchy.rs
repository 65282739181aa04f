//! Call hierarchy from the profile: callers and callees of a function,
//! each call weighted, with the lines the calls are made from.

use serde_json::json;
use tower_lsp_server::ls_types::{
    CallHierarchyIncomingCall, CallHierarchyIncomingCallsParams, CallHierarchyItem,
    CallHierarchyOutgoingCall, CallHierarchyOutgoingCallsParams, CallHierarchyPrepareParams,
    SymbolKind,
};

use crate::lsp::{from_proto, to_proto};
use crate::session::callers::{self, CallItem, Calls};
use crate::session::{FunctionRef, View};

pub fn prepare(view: &View, params: &CallHierarchyPrepareParams) -> Option<Vec<CallHierarchyItem>> {
    let index = view.index.as_ref()?;
    let position = &params.text_document_position_params;
    let path = from_proto::path(&position.text_document.uri)?;
    let line = view.profile_line(&path, from_proto::line(&position.position));
    let function = index.function_at(&path, line)?;
    Some(vec![item(view, callers::call_item(index, function)?)?])
}

/// Lines where they are now in documents open in the editor.
fn item(view: &View, call: CallItem) -> Option<CallHierarchyItem> {
    let link = view.follow(&call.link);
    let range = to_proto::line_range(link.line);
    Some(CallHierarchyItem {
        name: call.name,
        kind: SymbolKind::FUNCTION,
        tags: None,
        detail: Some(call.detail),
        uri: to_proto::uri(&link.path)?,
        range,
        selection_range: range,
        data: Some(json!(call.function)),
    })
}

fn function_of(view: &View, item: &CallHierarchyItem) -> Option<u32> {
    let reference: FunctionRef = serde_json::from_value(item.data.clone()?).ok()?;
    view.index.as_ref()?.function_by_ref(&reference)
}

/// Each call with the lines it is made from, in `from_file` (the caller's
/// file, or for outgoing calls the function's own), where they are now.
fn with_ranges<'a>(
    view: &'a View,
    calls: Vec<Calls>,
    from_file: impl Fn(&CallItem) -> std::path::PathBuf + 'a,
) -> impl Iterator<Item = (CallHierarchyItem, Vec<tower_lsp_server::ls_types::Range>)> + 'a {
    calls.into_iter().filter_map(move |calls| {
        let file = from_file(&calls.item);
        let ranges = calls
            .lines
            .iter()
            .filter_map(|&l| view.line_now(&file, l))
            .map(|(l, _)| to_proto::line_range(l))
            .collect();
        Some((item(view, calls.item)?, ranges))
    })
}

pub fn incoming(
    view: &View,
    params: &CallHierarchyIncomingCallsParams,
) -> Option<Vec<CallHierarchyIncomingCall>> {
    let function = function_of(view, &params.item)?;
    let calls = callers::incoming(view.index.as_ref()?, function);
    Some(
        with_ranges(view, calls, |caller| caller.link.path.clone())
            .map(|(from, from_ranges)| CallHierarchyIncomingCall { from, from_ranges })
            .collect(),
    )
}

pub fn outgoing(
    view: &View,
    params: &CallHierarchyOutgoingCallsParams,
) -> Option<Vec<CallHierarchyOutgoingCall>> {
    let function = function_of(view, &params.item)?;
    let calls = callers::outgoing(view.index.as_ref()?, function);
    let own_file = params.item.uri.clone();
    Some(
        with_ranges(view, calls, move |_| {
            from_proto::path(&own_file).unwrap_or_default()
        })
        .map(|(to, from_ranges)| CallHierarchyOutgoingCall { to, from_ranges })
        .collect(),
    )
}
