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

/// The `limit` heaviest distinct call paths that reach `function` (root to
/// its outermost occurrence on each stack, so recursion is counted once).
pub fn caller_chains(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
    function: u32,
    limit: usize,
) -> Vec<CallChain> {
    let types = profile.sample_types.len();
    let samples = &profile.samples;
    let mut chains: FxHashMap<Vec<u32>, i64> = FxHashMap::default();
    let mut path: Vec<u32> = Vec::new();
    for sample in 0..samples.len() {
        let value = samples.values[sample * types + sample_type];
        if value == 0 {
            continue;
        }
        path.clear();
        'stack: for &location in samples.stack(sample).iter().rev() {
            let range = profile.locations[location as usize].frames.clone();
            for frame in range.rev() {
                let node = tables.frame_nodes[frame as usize].function;
                path.push(node);
                if node == function {
                    *chains.entry(path.clone()).or_insert(0) += value;
                    break 'stack;
                }
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
    chains.truncate(limit);
    chains
}
