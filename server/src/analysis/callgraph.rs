//! How a function is reached and what it calls: the heaviest full call
//! paths from the root to it, the lines that call it, and its lines that
//! call out, each weighted by the samples through them (once per sample).

use rustc_hash::FxHashMap;

use super::nodes::{FrameNodes, NodeTables};
use crate::profile::Profile;

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

/// What a scan of the samples tells about one function.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionDetail {
    /// The heaviest distinct call paths that reach it (root to its outermost
    /// occurrence on each stack, so recursion is counted once).
    pub chains: Vec<CallChain>,
    /// Lines in other functions that call it, heaviest first.
    pub incoming: Vec<CallSite>,
    /// Its lines that call other functions, heaviest first.
    pub outgoing: Vec<CallSite>,
    /// The functions it calls, with the value through each call (pprof's
    /// edge weight), heaviest first.
    pub callees: Vec<(u32, i64)>,
}

/// What one range of samples adds to a [`FunctionDetail`].
#[derive(Default)]
struct Partial {
    /// Per call path (by a hash of its functions, root first): its value
    /// and the first sample that took it, to spell the path out later.
    chains: FxHashMap<u64, (i64, usize)>,
    incoming: FxHashMap<(u32, u32), i64>,
    outgoing: FxHashMap<(u32, u32), i64>,
    callees: FxHashMap<u32, i64>,
}

/// Per sample, a 256-bit summary of the functions on its stack (bit
/// `function % 256`), so a scan for one function skips most samples without
/// reading their stacks: with 30 functions on a stack, about 9 in 10
/// samples that lack the function are skipped.
#[derive(Debug, Clone, Default)]
pub struct SampleFilter {
    masks: Vec<Mask>,
}

type Mask = [u64; 4];

fn with_bit(mut mask: Mask, function: u32) -> Mask {
    mask[(function as usize / 64) % 4] |= 1 << (function % 64);
    mask
}

fn union(mut a: Mask, b: &Mask) -> Mask {
    a.iter_mut().zip(b).for_each(|(a, b)| *a |= b);
    a
}

impl SampleFilter {
    pub fn build(profile: &Profile, tables: &NodeTables) -> SampleFilter {
        let location_masks: Vec<Mask> = (0..profile.locations.len() as u32)
            .map(|l| {
                tables
                    .location_frames(l)
                    .iter()
                    .fold([0; 4], |mask, f| with_bit(mask, f.nodes.function))
            })
            .collect();
        let parts = super::parallel::over_samples(profile.samples.len(), |range| {
            range
                .map(|sample| {
                    profile
                        .samples
                        .stack(sample)
                        .iter()
                        .fold([0; 4], |mask, &l| union(mask, &location_masks[l as usize]))
                })
                .collect::<Vec<Mask>>()
        });
        SampleFilter {
            masks: parts.concat(),
        }
    }

    fn may_hold(&self, sample: usize, function: u32) -> bool {
        let wanted = with_bit([0; 4], function);
        self.masks
            .get(sample)
            .is_none_or(|mask| mask.iter().zip(&wanted).any(|(m, w)| m & w != 0))
    }
}

/// Scans the samples for `function`, on all cores; `filter` (built once per
/// profile) lets it skip samples that cannot hold the function.
pub fn function_detail(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
    function: u32,
    chain_limit: usize,
    filter: Option<&SampleFilter>,
) -> FunctionDetail {
    // Which locations hold the function.
    let holds: Vec<bool> = (0..profile.locations.len() as u32)
        .map(|l| {
            tables
                .location_frames(l)
                .iter()
                .any(|f| f.nodes.function == function)
        })
        .collect();
    let parts = super::parallel::over_samples(profile.samples.len(), |range| {
        scan(
            profile,
            tables,
            sample_type,
            function,
            &holds,
            filter,
            range,
        )
    });
    let mut sum = Partial::default();
    for part in parts {
        for (key, (value, sample)) in part.chains {
            let entry = sum.chains.entry(key).or_insert((0, sample));
            entry.0 += value;
            entry.1 = entry.1.min(sample);
        }
        for (key, value) in part.incoming {
            *sum.incoming.entry(key).or_insert(0) += value;
        }
        for (key, value) in part.outgoing {
            *sum.outgoing.entry(key).or_insert(0) += value;
        }
        for (key, value) in part.callees {
            *sum.callees.entry(key).or_insert(0) += value;
        }
    }
    let chains = heaviest_chains(profile, tables, function, sum.chains, chain_limit);
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
    let mut callees: Vec<(u32, i64)> = sum.callees.into_iter().collect();
    callees.sort_by(|a, b| b.1.abs().cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    FunctionDetail {
        chains,
        incoming: sites(sum.incoming),
        outgoing: sites(sum.outgoing),
        callees,
    }
}

fn scan(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
    function: u32,
    holds: &[bool],
    filter: Option<&SampleFilter>,
    range: std::ops::Range<usize>,
) -> Partial {
    let types = profile.sample_types.len();
    let samples = &profile.samples;
    let mut part = Partial::default();
    // Per sample, each site and callee counts once.
    let mut seen_in: Vec<(u32, u32)> = Vec::new();
    let mut seen_out: Vec<(u32, u32)> = Vec::new();
    let mut seen_callee: Vec<u32> = Vec::new();
    for sample in range {
        if filter.is_some_and(|f| !f.may_hold(sample, function)) {
            continue;
        }
        let value = samples.values[sample * types + sample_type];
        let stack = samples.stack(sample);
        if value == 0 || !stack.iter().any(|&l| holds[l as usize]) {
            continue;
        }
        let mut path_hash = 0u64;
        seen_in.clear();
        seen_out.clear();
        seen_callee.clear();
        let mut reached = false;
        let mut parent: Option<FrameNodes> = None;
        for &location in stack.iter().rev() {
            for frame in tables.location_frames(location).iter().rev() {
                let nodes = frame.nodes;
                if !reached {
                    path_hash = extend_path_hash(path_hash, nodes.function);
                    if nodes.function == function {
                        reached = true;
                        let entry = part.chains.entry(path_hash).or_insert((0, sample));
                        entry.0 += value;
                    }
                }
                if let Some(parent) = parent {
                    if nodes.function == function && parent.function != function {
                        let site = (parent.line, function);
                        if !seen_in.contains(&site) {
                            seen_in.push(site);
                            *part.incoming.entry(site).or_insert(0) += value;
                        }
                    }
                    if parent.function == function && nodes.function != function {
                        let site = (parent.line, nodes.function);
                        if !seen_out.contains(&site) {
                            seen_out.push(site);
                            *part.outgoing.entry(site).or_insert(0) += value;
                        }
                        if !seen_callee.contains(&nodes.function) {
                            seen_callee.push(nodes.function);
                            *part.callees.entry(nodes.function).or_insert(0) += value;
                        }
                    }
                }
                parent = Some(nodes);
            }
        }
    }
    part
}

/// A running hash of a call path, one function at a time from the root.
fn extend_path_hash(hash: u64, function: u32) -> u64 {
    (hash ^ u64::from(function).wrapping_add(1))
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .rotate_left(29)
}

/// The `limit` heaviest paths, spelled out from their first samples; ties
/// are ordered by the paths themselves, so the answer does not depend on
/// hashing.
fn heaviest_chains(
    profile: &Profile,
    tables: &NodeTables,
    function: u32,
    chains: FxHashMap<u64, (i64, usize)>,
    limit: usize,
) -> Vec<CallChain> {
    let mut by_value: Vec<(i64, usize)> = chains.into_values().collect();
    by_value.sort_by_key(|&(value, _)| std::cmp::Reverse(value.abs()));
    let cutoff = by_value
        .get(limit.saturating_sub(1))
        .map(|&(v, _)| v.abs())
        .unwrap_or(0);
    let mut chains: Vec<CallChain> = by_value
        .into_iter()
        .take_while(|&(value, _)| value.abs() >= cutoff)
        .map(|(value, sample)| CallChain {
            functions: path_to(profile, tables, sample, function),
            value,
        })
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

/// The functions of a sample's stack from the root to the outermost frame
/// of `function`.
fn path_to(profile: &Profile, tables: &NodeTables, sample: usize, function: u32) -> Vec<u32> {
    let mut path = Vec::new();
    for &location in profile.samples.stack(sample).iter().rev() {
        for frame in tables.location_frames(location).iter().rev() {
            path.push(frame.nodes.function);
            if frame.nodes.function == function {
                return path;
            }
        }
    }
    path
}
