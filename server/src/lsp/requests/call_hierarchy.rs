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
    let function = index.function_at(&path, from_proto::line(&position.position))?;
    Some(vec![item(callers::call_item(index, function)?)?])
}

fn item(call: CallItem) -> Option<CallHierarchyItem> {
    let range = to_proto::line_range(call.link.line);
    Some(CallHierarchyItem {
        name: call.name,
        kind: SymbolKind::FUNCTION,
        tags: None,
        detail: Some(call.detail),
        uri: to_proto::uri(&call.link.path)?,
        range,
        selection_range: range,
        data: Some(json!(call.function)),
    })
}

fn function_of(view: &View, item: &CallHierarchyItem) -> Option<u32> {
    let reference: FunctionRef = serde_json::from_value(item.data.clone()?).ok()?;
    view.index.as_ref()?.function_by_ref(&reference)
}

fn with_ranges(
    calls: Vec<Calls>,
) -> impl Iterator<Item = (CallHierarchyItem, Vec<tower_lsp_server::ls_types::Range>)> {
    calls.into_iter().filter_map(|calls| {
        let ranges = calls
            .lines
            .iter()
            .map(|&l| to_proto::line_range(l))
            .collect();
        Some((item(calls.item)?, ranges))
    })
}

pub fn incoming(
    view: &View,
    params: &CallHierarchyIncomingCallsParams,
) -> Option<Vec<CallHierarchyIncomingCall>> {
    let function = function_of(view, &params.item)?;
    let calls = callers::incoming(view.index.as_ref()?, function);
    Some(
        with_ranges(calls)
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
    Some(
        with_ranges(calls)
            .map(|(to, from_ranges)| CallHierarchyOutgoingCall { to, from_ranges })
            .collect(),
    )
}
