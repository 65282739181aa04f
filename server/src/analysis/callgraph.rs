//! Who calls whom, with weights: callers and callees of each function, and
//! the heaviest full call paths from the root to a function.

use rustc_hash::FxHashMap;

use super::flatcum::{Analysis, Edge};
use super::nodes::NodeTables;
use crate::profile::Profile;

/// Edges grouped by function, heaviest first.
#[derive(Debug, Clone, Default)]
pub struct CallGraph {
    callers: Vec<Vec<u32>>,
    callees: Vec<Vec<u32>>,
}

impl CallGraph {
    pub fn build(analysis: &Analysis, function_count: usize) -> CallGraph {
        let mut graph = CallGraph {
            callers: vec![Vec::new(); function_count],
            callees: vec![Vec::new(); function_count],
        };
        for (id, edge) in analysis.edges.iter().enumerate() {
            if edge.weight != 0 {
                graph.callers[edge.callee as usize].push(id as u32);
                graph.callees[edge.caller as usize].push(id as u32);
            }
        }
        let by_weight = |list: &mut Vec<u32>| {
            list.sort_by_key(|&e| std::cmp::Reverse(analysis.edges[e as usize].weight.abs()))
        };
        graph.callers.iter_mut().for_each(by_weight);
        graph.callees.iter_mut().for_each(by_weight);
        graph
    }

    /// The edges into `function` (its callers), heaviest first.
    pub fn callers<'a>(
        &'a self,
        analysis: &'a Analysis,
        function: u32,
    ) -> impl Iterator<Item = &'a Edge> + 'a {
        self.callers[function as usize]
            .iter()
            .map(move |&e| &analysis.edges[e as usize])
    }

    /// The edges out of `function` (its callees), heaviest first.
    pub fn callees<'a>(
        &'a self,
        analysis: &'a Analysis,
        function: u32,
    ) -> impl Iterator<Item = &'a Edge> + 'a {
        self.callees[function as usize]
            .iter()
            .map(move |&e| &analysis.edges[e as usize])
    }
}

/// One full call path from the root of the stack down to a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallChain {
    /// Function nodes, root first, the function itself last.
    pub functions: Vec<u32>,
    pub value: i64,
}

/// A call from a line of one function into another function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSite {
    /// The line node (in the calling function) the call is made from.
    pub caller_line: u32,
    pub callee: u32,
    pub value: i64,
}

/// What a scan of the samples tells about one function: how it is reached
/// and where it calls out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionDetail {
    /// The heaviest distinct call paths that reach it (root to its outermost
    /// occurrence on each stack, so recursion is counted once).
    pub chains: Vec<CallChain>,
    /// Lines in other functions that call it, heaviest first.
    pub incoming: Vec<CallSite>,
    /// Its lines that call other functions, heaviest first.
    pub outgoing: Vec<CallSite>,
}

/// Scans every sample once for `function`. Values are counted once per
/// sample for each distinct chain and call site.
pub fn function_detail(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
    function: u32,
    chain_limit: usize,
) -> FunctionDetail {
    let types = profile.sample_types.len();
    let samples = &profile.samples;
    let mut chains: FxHashMap<Vec<u32>, i64> = FxHashMap::default();
    let mut incoming: FxHashMap<(u32, u32), i64> = FxHashMap::default();
    let mut outgoing: FxHashMap<(u32, u32), i64> = FxHashMap::default();
    let mut path: Vec<u32> = Vec::new();
    let mut seen_in: Vec<(u32, u32)> = Vec::new();
    let mut seen_out: Vec<(u32, u32)> = Vec::new();
    for sample in 0..samples.len() {
        let value = samples.values[sample * types + sample_type];
        if value == 0 {
            continue;
        }
        path.clear();
        seen_in.clear();
        seen_out.clear();
        let mut reached = false;
        let mut parent: Option<super::nodes::FrameNodes> = None;
        for &location in samples.stack(sample).iter().rev() {
            let range = profile.locations[location as usize].frames.clone();
            for frame in range.rev() {
                let nodes = tables.frame_nodes[frame as usize];
                if !reached {
                    path.push(nodes.function);
                }
                if let Some(parent) = parent {
                    if nodes.function == function
                        && parent.function != function
                        && !seen_in.contains(&(parent.line, function))
                    {
                        seen_in.push((parent.line, function));
                        *incoming.entry((parent.line, function)).or_insert(0) += value;
                    }
                    if parent.function == function
                        && nodes.function != function
                        && !seen_out.contains(&(parent.line, nodes.function))
                    {
                        seen_out.push((parent.line, nodes.function));
                        *outgoing.entry((parent.line, nodes.function)).or_insert(0) += value;
                    }
                }
                if nodes.function == function && !reached {
                    reached = true;
                    *chains.entry(path.clone()).or_insert(0) += value;
                }
                parent = Some(nodes);
            }
        }
    }
    let mut chains: Vec<CallChain> = chains
        .into_iter()
        .map(|(functions, value)| CallChain { functions, value })
        .collect();
    chains.sort_by(|a, b| {
        b.value
            .abs()
            .cmp(&a.value.abs())
            .then_with(|| a.functions.cmp(&b.functions))
    });
    chains.truncate(chain_limit);
    let sites = |map: FxHashMap<(u32, u32), i64>| {
        let mut sites: Vec<CallSite> = map
            .into_iter()
            .map(|((caller_line, callee), value)| CallSite {
                caller_line,
                callee,
                value,
            })
            .collect();
        sites.sort_by(|a, b| {
            b.value
                .abs()
                .cmp(&a.value.abs())
                .then((a.caller_line, a.callee).cmp(&(b.caller_line, b.callee)))
        });
        sites
    };
    FunctionDetail {
        chains,
        incoming: sites(incoming),
        outgoing: sites(outgoing),
    }
}
