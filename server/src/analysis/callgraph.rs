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

/// What one range of samples adds to a function's details.
#[derive(Default)]
struct Partial {
    chains: PathValues,
    /// calling line -> value
    incoming: FxHashMap<u32, i64>,
    /// (the function's calling line, callee) -> value
    outgoing: FxHashMap<(u32, u32), i64>,
    /// callee -> value
    callees: FxHashMap<u32, i64>,
}

impl Partial {
    fn add(&mut self, other: Partial) {
        for (key, (value, sample)) in other.chains {
            let entry = self.chains.entry(key).or_insert((0, sample));
            entry.0 += value;
            entry.1 = entry.1.min(sample);
        }
        for (key, value) in other.incoming {
            *self.incoming.entry(key).or_insert(0) += value;
        }
        for (key, value) in other.outgoing {
            *self.outgoing.entry(key).or_insert(0) += value;
        }
        for (key, value) in other.callees {
            *self.callees.entry(key).or_insert(0) += value;
        }
    }
}

/// Which samples may hold a function, so that a scan for one function
/// reads few stacks: per function, which blocks of consecutive samples hold
/// it (exact); per sample, a 256-bit summary of its functions (bit
/// `function % 256`), which skips about 9 in 10 of the other samples in
/// those blocks.
#[derive(Debug, Clone, Default)]
pub struct SampleFilter {
    /// Samples per block: `1 << block_shift`.
    block_shift: u32,
    words_per_function: usize,
    /// Per function, a row of bits, one per block.
    rows: Vec<u64>,
    masks: Vec<Mask>,
}

type Mask = [u64; 4];

/// The block rows are kept to about this many bits (a few MB).
const ROW_BITS_BUDGET: usize = 64 << 20;

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
        let samples = profile.samples.len();
        let functions = tables.functions.len().max(1);
        let mut block_shift = 6;
        while functions * samples.div_ceil(1 << block_shift) > ROW_BITS_BUDGET {
            block_shift += 1;
        }
        let words_per_function = samples.div_ceil(1 << block_shift).div_ceil(64).max(1);
        let location_masks: Vec<Mask> = (0..profile.locations.len() as u32)
            .map(|l| {
                tables
                    .location_frames(l)
                    .iter()
                    .fold([0; 4], |mask, f| with_bit(mask, f.nodes.function))
            })
            .collect();
        let parts = super::parallel::over_samples(samples, |range| {
            let mut rows = vec![0u64; functions * words_per_function];
            let masks: Vec<Mask> = range
                .map(|sample| {
                    let block = sample >> block_shift;
                    let mut mask = [0; 4];
                    for &l in profile.samples.stack(sample) {
                        mask = union(mask, &location_masks[l as usize]);
                        for frame in tables.location_frames(l) {
                            let word =
                                frame.nodes.function as usize * words_per_function + block / 64;
                            rows[word] |= 1 << (block % 64);
                        }
                    }
                    mask
                })
                .collect();
            (rows, masks)
        });
        let mut rows = vec![0u64; functions * words_per_function];
        let mut masks = Vec::with_capacity(samples);
        for (part_rows, part_masks) in parts {
            rows.iter_mut().zip(&part_rows).for_each(|(a, b)| *a |= b);
            masks.extend(part_masks);
        }
        SampleFilter {
            block_shift,
            words_per_function,
            rows,
            masks,
        }
    }

    /// The blocks of samples that hold `function`, as sample ranges.
    fn candidate_blocks(&self, function: u32, samples: usize) -> Vec<std::ops::Range<usize>> {
        let row =
            &self.rows[function as usize * self.words_per_function..][..self.words_per_function];
        let mut blocks = Vec::new();
        for (w, &word) in row.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let block = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let start = block << self.block_shift;
                blocks.push(start..((block + 1) << self.block_shift).min(samples));
            }
        }
        blocks
    }

    fn may_hold(&self, sample: usize, function: u32) -> bool {
        let wanted = with_bit([0; 4], function);
        self.masks[sample]
            .iter()
            .zip(&wanted)
            .any(|(m, w)| m & w != 0)
    }
}

/// How many cores a scan may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cores {
    /// All of them: someone is waiting for the answer.
    All,
    /// One: work done ahead, leaving the others to requests.
    One,
}

/// Scans the samples for `function`; `filter` (built once per profile)
/// lets it skip samples that cannot hold the function.
pub fn function_detail(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
    function: u32,
    chain_limit: usize,
    filter: Option<&SampleFilter>,
    cores: Cores,
) -> FunctionDetail {
    let samples = profile.samples.len();
    let blocks = match filter {
        Some(filter) => filter.candidate_blocks(function, samples),
        None => std::iter::once(0..samples).collect(),
    };
    // Which locations hold the function.
    let holds: Vec<bool> = (0..profile.locations.len() as u32)
        .map(|l| {
            tables
                .location_frames(l)
                .iter()
                .any(|f| f.nodes.function == function)
        })
        .collect();
    let max_threads = if cores == Cores::All { usize::MAX } else { 1 };
    let parts = super::parallel::over_items(&blocks, max_threads, |blocks| {
        let samples = blocks
            .iter()
            .flat_map(|range| range.clone())
            .filter(|&s| filter.is_none_or(|f| f.may_hold(s, function)));
        scan(profile, tables, sample_type, function, &holds, samples)
    });
    let mut sum = Partial::default();
    parts.into_iter().for_each(|part| sum.add(part));

    let by_site = |a: &CallSite, b: &CallSite| {
        b.value
            .abs()
            .cmp(&a.value.abs())
            .then((a.caller_line, a.callee).cmp(&(b.caller_line, b.callee)))
    };
    let mut incoming: Vec<CallSite> = sum
        .incoming
        .into_iter()
        .map(|(caller_line, value)| CallSite {
            caller_line,
            callee: function,
            value,
        })
        .collect();
    incoming.sort_by(by_site);
    let mut outgoing: Vec<CallSite> = sum
        .outgoing
        .into_iter()
        .map(|((caller_line, callee), value)| CallSite {
            caller_line,
            callee,
            value,
        })
        .collect();
    outgoing.sort_by(by_site);
    let mut callees: Vec<(u32, i64)> = sum.callees.into_iter().collect();
    callees.sort_by(|a, b| b.1.abs().cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    FunctionDetail {
        chains: heaviest_chains(profile, tables, function, sum.chains, chain_limit),
        incoming,
        outgoing,
        callees,
    }
}

fn scan(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
    target: u32,
    holds: &[bool],
    samples_to_scan: impl Iterator<Item = usize>,
) -> Partial {
    let types = profile.sample_types.len();
    let samples = &profile.samples;
    let mut part = Partial::default();
    // Per sample, each site and callee counts once.
    let mut seen_in: Vec<u32> = Vec::new();
    let mut seen_out: Vec<(u32, u32)> = Vec::new();
    let mut seen_callee: Vec<u32> = Vec::new();
    for sample in samples_to_scan {
        let value = samples.values[sample * types + sample_type];
        let stack = samples.stack(sample);
        if value == 0 {
            continue;
        }
        // The stack is leaf first: nothing below the innermost location
        // holding the function, and the one it calls, matters.
        let Some(innermost) = stack.iter().position(|&l| holds[l as usize]) else {
            continue;
        };
        seen_in.clear();
        seen_out.clear();
        seen_callee.clear();
        let mut reached = false;
        let mut path_hash = 0u64;
        let mut parent: Option<FrameNodes> = None;
        for &location in stack[innermost.saturating_sub(1)..].iter().rev() {
            for frame in tables.location_frames(location).iter().rev() {
                let nodes = frame.nodes;
                let function = nodes.function;
                if !reached {
                    path_hash = extend_path_hash(path_hash, function);
                    if function == target {
                        reached = true;
                        part.chains.entry(path_hash).or_insert((0, sample)).0 += value;
                    }
                }
                if let Some(parent) = parent.filter(|p| p.function != function) {
                    if function == target && !seen_in.contains(&parent.line) {
                        seen_in.push(parent.line);
                        *part.incoming.entry(parent.line).or_insert(0) += value;
                    }
                    if parent.function == target {
                        let site = (parent.line, function);
                        if !seen_out.contains(&site) {
                            seen_out.push(site);
                            *part.outgoing.entry(site).or_insert(0) += value;
                        }
                        if !seen_callee.contains(&function) {
                            seen_callee.push(function);
                            *part.callees.entry(function).or_insert(0) += value;
                        }
                    }
                }
                parent = Some(nodes);
            }
        }
    }
    part
}

/// Per call path (by hash): its value and its first sample.
type PathValues = FxHashMap<u64, (i64, usize)>;

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
    chains: PathValues,
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
