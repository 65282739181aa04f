//! pprof-lsp's own protocol, beside standard LSP: the `pprof/status`
//! notification, what `initialize` adds, and the commands' arguments and
//! results (docs/server-interface.md documents each).

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::{Location, Position, Uri};

use super::to_proto;
use crate::session::callers::{Callers, Edge};
use crate::session::graph::{CallGraph, GraphNode};
use crate::session::growth_report::{GrowthReport, GrowthRow};
use crate::session::heat::{Heat, HeatValues};
use crate::session::index::Scope;
use crate::session::mapping::MappingReport;
use crate::session::symbols::{Top, TopRow};
use crate::session::{FunctionRef, View};

/// Sent after every load, reload, failed load and change of what is
/// shown, with a [`crate::session::status::Status`].
pub enum StatusNotification {}

impl Notification for StatusNotification {
    type Params = serde_json::Value;
    const METHOD: &'static str = "pprof/status";
}

/// `capabilities.experimental.pprof` of the `initialize` result.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Experimental {
    /// The one list of profile file name patterns, for clients' pickers.
    pub profile_patterns: &'static [&'static str],
}

/// "The function here" or a function by its handle.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum FunctionArgument {
    Here { uri: Uri, position: Position },
    Ref(FunctionRef),
}

/// `pprof.callGraph`'s and `pprof.explainGraph`'s argument: a function
/// and how many levels of callers and callees.
#[derive(Debug, Deserialize)]
pub struct CallGraphArguments {
    #[serde(flatten)]
    pub function: FunctionArgument,
    pub depth: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TopArguments {
    pub limit: Option<usize>,
    pub query: Option<String>,
    pub scope: Scope,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleTypeChoices {
    pub current: String,
    pub choices: Vec<SampleTypeChoice>,
}

/// `pprof.selectService`'s choices: the store's services.
#[derive(Debug, Serialize)]
pub struct ServiceChoices {
    /// The service the query selects, if it names one.
    pub current: Option<String>,
    pub choices: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SampleTypeChoice {
    pub name: String,
    pub unit: String,
    pub description: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GrowthArguments {
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct GrowthResult<'a> {
    #[serde(flatten)]
    pub report: &'a GrowthReport,
    pub rows: Vec<GrowthRowResult<'a>>,
}

#[derive(Debug, Serialize)]
pub struct GrowthRowResult<'a> {
    #[serde(flatten)]
    pub row: &'a GrowthRow,
    pub location: Option<Location>,
}

impl<'a> GrowthResult<'a> {
    pub fn new(report: &'a GrowthReport, view: &View) -> GrowthResult<'a> {
        GrowthResult {
            report,
            rows: report
                .rows
                .iter()
                .map(|row| GrowthRowResult {
                    row,
                    location: row
                        .location
                        .as_ref()
                        .and_then(|l| to_proto::location(&view.follow(l))),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct TopResult<'a> {
    #[serde(flatten)]
    pub top: &'a Top,
    pub rows: Vec<TopRowResult<'a>>,
}

#[derive(Debug, Serialize)]
pub struct TopRowResult<'a> {
    #[serde(flatten)]
    pub row: &'a TopRow,
    pub location: Option<Location>,
    pub declaration: Option<Location>,
}

impl<'a> TopResult<'a> {
    pub fn new(top: &'a Top, view: &View) -> TopResult<'a> {
        TopResult {
            top,
            rows: top
                .rows
                .iter()
                .map(|row| TopRowResult {
                    row,
                    location: row
                        .location
                        .as_ref()
                        .and_then(|l| to_proto::location(&view.follow(l))),
                    declaration: row
                        .declaration
                        .as_ref()
                        .and_then(|l| to_proto::location(&view.follow(l))),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CallersResult<'a> {
    #[serde(flatten)]
    pub callers: &'a Callers,
    #[serde(rename = "callers")]
    pub calling: Vec<EdgeResult<'a>>,
    pub callees: Vec<EdgeResult<'a>>,
}

#[derive(Debug, Serialize)]
pub struct EdgeResult<'a> {
    #[serde(flatten)]
    pub edge: &'a Edge,
    pub location: Option<Location>,
}

impl<'a> CallersResult<'a> {
    pub fn new(callers: &'a Callers, view: &View) -> CallersResult<'a> {
        let edges = |edges: &'a [Edge]| {
            edges
                .iter()
                .map(|edge| EdgeResult {
                    edge,
                    location: edge
                        .link
                        .as_ref()
                        .and_then(|l| to_proto::location(&view.follow(l))),
                })
                .collect()
        };
        CallersResult {
            callers,
            calling: edges(&callers.callers),
            callees: edges(&callers.callees),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CallGraphResult<'a> {
    #[serde(flatten)]
    pub graph: &'a CallGraph,
    pub nodes: Vec<GraphNodeResult<'a>>,
}

#[derive(Debug, Serialize)]
pub struct GraphNodeResult<'a> {
    #[serde(flatten)]
    pub node: &'a GraphNode,
    pub location: Option<Location>,
}

impl<'a> CallGraphResult<'a> {
    pub fn new(graph: &'a CallGraph, view: &View) -> CallGraphResult<'a> {
        CallGraphResult {
            graph,
            nodes: graph
                .nodes
                .iter()
                .map(|node| GraphNodeResult {
                    node,
                    location: node
                        .link
                        .as_ref()
                        .and_then(|l| to_proto::location(&view.follow(l))),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct HeatResult {
    pub legend: String,
    pub lines: Vec<HeatLineResult>,
}

#[derive(Debug, Serialize)]
pub struct HeatLineResult {
    /// 0-based, as LSP lines.
    pub line: u32,
    #[serde(flatten)]
    pub values: HeatValues,
    /// Markdown.
    pub hover: String,
}

impl HeatResult {
    pub fn new(heat: Heat) -> HeatResult {
        HeatResult {
            legend: heat.legend,
            lines: heat
                .lines
                .into_iter()
                .map(|line| HeatLineResult {
                    line: to_proto::line(line.line),
                    values: line.values,
                    hover: to_proto::markdown(&line.hover),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MappingReportResult {
    pub resolved: Vec<ResolvedFile>,
    pub unresolved: Vec<UnresolvedFile>,
    pub text: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolvedFile {
    pub profile_path: String,
    pub uri: Option<Uri>,
    pub how: &'static str,
    pub kind: &'static str,
    pub confirmed: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnresolvedFile {
    pub profile_path: String,
    pub reason: String,
    pub kind: &'static str,
}

impl MappingReportResult {
    pub fn new(report: MappingReport) -> MappingReportResult {
        MappingReportResult {
            resolved: report
                .resolved
                .into_iter()
                .map(|r| ResolvedFile {
                    uri: to_proto::uri(&r.path),
                    profile_path: r.profile_path,
                    how: r.how,
                    kind: r.kind,
                    confirmed: r.confirmed,
                })
                .collect(),
            unresolved: report
                .unresolved
                .into_iter()
                .map(|u| UnresolvedFile {
                    profile_path: u.profile_path,
                    reason: u.reason,
                    kind: u.kind,
                })
                .collect(),
            text: report.text,
        }
    }
}
