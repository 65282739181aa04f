//! How a function is reached and what it calls: the heaviest full call
//! paths from the root to it, the lines that call it, its lines that call
//! out, and its edges in pprof's call graph, each weighted by the samples
//! through them (once per sample).

use prost::encoding::{decode_varint, encode_varint, encoded_len_varint};
use rustc_hash::FxHashMap;

use super::nodes::{FrameInfo, NodeTables};
use super::prefetch;
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

/// An edge of pprof's call graph between a function and another, seen
/// from the function: the other end, the value of the samples with the
/// call in their stack (once per sample), and pprof's `(inline)` mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallEdge {
    pub function: u32,
    pub value: i64,
    /// Every call along the edge was inlined: in each sample, the call
    /// nearest the root (the one pprof looks at) is two frames of one
    /// location.
    pub inline: bool,
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
    /// The functions that call it, heaviest first: its edges in.
    pub callers: Vec<CallEdge>,
    /// The functions it calls, heaviest first: its edges out.
    pub callees: Vec<CallEdge>,
}

/// What one range of samples adds to a function's details.
#[derive(Default)]
struct Partial {
    chains: PathValues,
    /// calling line -> value
    incoming: FxHashMap<u32, i64>,
    /// (the function's calling line, callee) -> value
    outgoing: FxHashMap<(u32, u32), i64>,
    /// caller -> its edge's value and mark
    callers: FxHashMap<u32, EdgeSum>,
    /// callee -> its edge's value and mark
    callees: FxHashMap<u32, EdgeSum>,
}

/// An edge's value so far, and whether every call counted was inlined.
#[derive(Debug, Clone, Copy)]
struct EdgeSum {
    value: i64,
    inline: bool,
}

impl EdgeSum {
    fn add(&mut self, other: EdgeSum) {
        self.value += other.value;
        self.inline &= other.inline;
    }
}

fn add_edges(into: &mut FxHashMap<u32, EdgeSum>, function: u32, edge: EdgeSum) {
    into.entry(function)
        .and_modify(|sum| sum.add(edge))
        .or_insert(edge);
}

impl Partial {
    fn add(&mut self, other: Partial) {
        self.chains.reserve(other.chains.len());
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
        for (key, edge) in other.callers {
            add_edges(&mut self.callers, key, edge);
        }
        for (key, edge) in other.callees {
            add_edges(&mut self.callees, key, edge);
        }
    }
}

/// What a scan for one function's details needs, built once per profile:
/// per function, exactly which samples hold it (so a scan reads no other
/// stack), and each location's piece of a call path hash (so a stack is
/// hashed without looking at each of its frames).
#[derive(Debug, Clone, Default)]
pub struct CallIndex {
    /// Per function, the samples whose stacks hold it, ascending, as LEB128
    /// gaps (about a byte each, where a `u32` per sample would take four);
    /// the functions' lists back to back.
    samples_holding: Vec<u8>,
    /// Per function, where its list starts in `samples_holding`; one more
    /// at the end.
    list_starts: Vec<usize>,
    /// Per function, how many samples hold it: what its scan costs.
    sample_counts: Vec<usize>,
    /// Per location, its frames as a piece of a call path.
    location_paths: Vec<PathPiece>,
    /// Per function, the locations with a frame of it, back to back...
    locations_holding: Vec<u32>,
    /// ...from here (one more at the end): a hover marks them without
    /// looking at every location.
    location_starts: Vec<u32>,
}

/// What one range of samples holds of each function: its first and last
/// sample, how many, and the bytes of the gaps after the first.
struct RangeCounts {
    first: Vec<usize>,
    last: Vec<Option<usize>>,
    count: Vec<usize>,
    gap_bytes: Vec<usize>,
}

/// Calls `each(function, sample, the function's sample before)` once per
/// sample and function it holds; `last` keeps each function's last sample.
fn each_function_held(
    profile: &Profile,
    tables: &NodeTables,
    samples: std::ops::Range<usize>,
    last: &mut [Option<usize>],
    mut each: impl FnMut(usize, usize, Option<usize>),
) {
    for sample in samples {
        for &l in profile.samples.stack(sample) {
            for frame in tables.location_frames(l) {
                let function = frame.nodes.function as usize;
                let before = last[function];
                if before != Some(sample) {
                    each(function, sample, before);
                    last[function] = Some(sample);
                }
            }
        }
    }
}

impl CallIndex {
    /// Two passes over the samples, split between the cores: one counts
    /// what each function's list takes, the other writes the lists in
    /// place, so that the index takes exactly its size while it is built.
    pub fn build(profile: &Profile, tables: &NodeTables) -> CallIndex {
        let functions = tables.functions.len();
        let ranges = super::parallel::sample_ranges(profile.samples.len());
        let counts = super::parallel::each_on_its_thread(ranges.clone(), |range| {
            let mut counts = RangeCounts {
                first: vec![0; functions],
                last: vec![None; functions],
                count: vec![0; functions],
                gap_bytes: vec![0; functions],
            };
            let RangeCounts {
                first,
                last,
                count,
                gap_bytes,
            } = &mut counts;
            each_function_held(profile, tables, range, last, |function, sample, before| {
                match before {
                    Some(before) => {
                        gap_bytes[function] += encoded_len_varint((sample - before) as u64)
                    }
                    None => first[function] = sample,
                }
                count[function] += 1;
            });
            counts
        });

        // Where each range's part of each list goes, and the gap its first
        // sample starts with (from the last sample of the ranges before).
        let mut sizes = vec![vec![0usize; functions]; ranges.len()];
        let mut first_gaps = vec![vec![0u64; functions]; ranges.len()];
        let mut list_starts = Vec::with_capacity(functions + 1);
        let mut sample_counts = vec![0usize; functions];
        let mut total = 0usize;
        for function in 0..functions {
            list_starts.push(total);
            let mut last: Option<usize> = None;
            for (part, counts) in counts.iter().enumerate() {
                if counts.count[function] == 0 {
                    continue;
                }
                let gap = (counts.first[function] - last.unwrap_or(0)) as u64;
                first_gaps[part][function] = gap;
                sizes[part][function] = encoded_len_varint(gap) + counts.gap_bytes[function];
                total += sizes[part][function];
                sample_counts[function] += counts.count[function];
                last = counts.last[function];
            }
        }
        list_starts.push(total);
        drop(counts);

        let mut samples_holding = vec![0u8; total];
        let mut places: Vec<Vec<&mut [u8]>> = ranges
            .iter()
            .map(|_| Vec::with_capacity(functions))
            .collect();
        let mut rest: &mut [u8] = &mut samples_holding;
        for function in 0..functions {
            for (part, sizes) in sizes.iter().enumerate() {
                let (place, after) = std::mem::take(&mut rest).split_at_mut(sizes[function]);
                places[part].push(place);
                rest = after;
            }
        }
        let work: Vec<_> = ranges.into_iter().zip(places).zip(first_gaps).collect();
        super::parallel::each_on_its_thread(work, |((range, mut places), first_gaps)| {
            let mut last = vec![None; functions];
            each_function_held(
                profile,
                tables,
                range,
                &mut last,
                |function, sample, before| {
                    let gap = match before {
                        Some(before) => (sample - before) as u64,
                        None => first_gaps[function],
                    };
                    encode_varint(gap, &mut places[function]);
                },
            );
            debug_assert!(places.iter().all(|p| p.is_empty()), "lists sized exactly");
        });

        let location_paths = (0..profile.locations.len() as u32)
            .map(|l| PathPiece::of_frames(tables.location_frames(l)))
            .collect();
        let (locations_holding, location_starts) = locations_by_function(profile, tables);
        CallIndex {
            samples_holding,
            list_starts,
            sample_counts,
            location_paths,
            locations_holding,
            location_starts,
        }
    }

    /// The locations with a frame of `function` (a location twice if it
    /// has two).
    fn locations_holding(&self, function: u32) -> &[u32] {
        let f = function as usize;
        &self.locations_holding
            [self.location_starts[f] as usize..self.location_starts[f + 1] as usize]
    }

    /// The samples whose stacks hold `function`, ascending.
    fn samples_holding(&self, function: u32) -> Vec<usize> {
        let function = function as usize;
        let mut gaps =
            &self.samples_holding[self.list_starts[function]..self.list_starts[function + 1]];
        let mut samples = Vec::with_capacity(self.sample_counts[function]);
        let mut sample = 0;
        while !gaps.is_empty() {
            sample += decode_varint(&mut gaps).expect("written by build") as usize;
            samples.push(sample);
        }
        samples
    }

    /// How many samples hold `function`.
    pub fn sample_count(&self, function: u32) -> usize {
        self.sample_counts[function as usize]
    }
}

/// Per function node, the locations with a frame of it, as one list and
/// where each function's part starts.
fn locations_by_function(profile: &Profile, tables: &NodeTables) -> (Vec<u32>, Vec<u32>) {
    let functions = tables.functions.len();
    let mut starts = vec![0u32; functions + 1];
    for location in 0..profile.locations.len() as u32 {
        for frame in tables.location_frames(location) {
            starts[frame.nodes.function as usize + 1] += 1;
        }
    }
    for f in 0..functions {
        starts[f + 1] += starts[f];
    }
    let mut next = starts.clone();
    let mut locations = vec![0u32; starts[functions] as usize];
    for location in 0..profile.locations.len() as u32 {
        for frame in tables.location_frames(location) {
            let slot = &mut next[frame.nodes.function as usize];
            locations[*slot as usize] = location;
            *slot += 1;
        }
    }
    (locations, starts)
}

/// Scans the samples for `function`, those `index` (built once per
/// profile) says may hold it.
pub fn function_detail(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
    function: u32,
    chain_limit: usize,
    index: &CallIndex,
) -> FunctionDetail {
    let candidates = index.samples_holding(function);
    // Which locations hold the function.
    let mut holds = vec![false; profile.locations.len()];
    for &location in index.locations_holding(function) {
        holds[location as usize] = true;
    }
    let parts = super::parallel::over_chunks(&candidates, |candidates| {
        let scan = Scan {
            profile,
            tables,
            location_paths: &index.location_paths,
            sample_type,
            target: function,
            holds: &holds,
        };
        scan.run(candidates)
    });
    // Into the part with the most call paths: the others' are added to it,
    // not all copied into a new table.
    let mut parts = parts;
    parts.sort_by_key(|part| std::cmp::Reverse(part.chains.len()));
    let mut parts = parts.into_iter();
    let mut sum = parts.next().unwrap_or_default();
    parts.for_each(|part| sum.add(part));

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
    FunctionDetail {
        chains: heaviest_chains(profile, tables, function, sum.chains, chain_limit),
        incoming,
        outgoing,
        callers: heaviest_edges(sum.callers),
        callees: heaviest_edges(sum.callees),
    }
}

/// Edges heaviest first, ties by the function at the other end.
fn heaviest_edges(edges: FxHashMap<u32, EdgeSum>) -> Vec<CallEdge> {
    let mut edges: Vec<CallEdge> = edges
        .into_iter()
        .map(|(function, sum)| CallEdge {
            function,
            value: sum.value,
            inline: sum.inline,
        })
        .collect();
    edges.sort_by(|a, b| {
        b.value
            .abs()
            .cmp(&a.value.abs())
            .then(a.function.cmp(&b.function))
    });
    edges
}

/// One function's scan over some of the samples.
struct Scan<'a> {
    profile: &'a Profile,
    tables: &'a NodeTables,
    location_paths: &'a [PathPiece],
    sample_type: usize,
    target: u32,
    /// Per location: it holds the target.
    holds: &'a [bool],
}

/// Per sample, what has been counted already: a site or callee counts
/// once per sample, however often the function recurses.
#[derive(Default)]
struct SeenInSample {
    incoming: Vec<u32>,
    outgoing: Vec<(u32, u32)>,
    /// The functions at the other end of its edges, each with the mark of
    /// the call nearest the root so far.
    callers: Vec<(u32, bool)>,
    callees: Vec<(u32, bool)>,
    /// Where the target is on the stack, innermost first.
    positions: Vec<usize>,
}

impl Scan<'_> {
    fn run(&self, candidates: &[usize]) -> Partial {
        let types = self.profile.sample_types.len();
        let samples = &self.profile.samples;
        let mut part = Partial::default();
        let mut seen = SeenInSample::default();
        for (i, &sample) in candidates.iter().enumerate() {
            // Samples are read out of order, so each one's value and stack
            // are fetched a few samples ahead: the scan waits on memory
            // otherwise.
            if let Some(&next) = candidates.get(i + PREFETCH_DISTANCE) {
                prefetch(samples.values.address(next * types + self.sample_type));
                // 16 location ids per 64-byte cache line.
                for line in samples.stack(next).chunks(16) {
                    prefetch(line.as_ptr());
                }
            }
            let value = samples.values.get(sample * types + self.sample_type);
            if value != 0 {
                self.add_sample(&mut part, &mut seen, sample, value);
            }
        }
        part
    }

    fn add_sample(&self, part: &mut Partial, seen: &mut SeenInSample, sample: usize, value: i64) {
        let tables = self.tables;
        let target = self.target;
        let stack = self.profile.samples.stack(sample);
        seen.positions.clear();
        seen.positions.extend(
            stack
                .iter()
                .enumerate()
                .filter(|&(_, &l)| self.holds[l as usize])
                .map(|(position, _)| position),
        );
        let Some(&outermost) = seen.positions.last() else {
            return;
        };

        // The path from the root to the outermost frame of the function, a
        // location at a time down to the location holding it.
        let frames = tables.location_frames(stack[outermost]);
        let depth = frames
            .iter()
            .rposition(|f| f.nodes.function == target)
            .expect("a location holding the function has a frame of it");
        let path_hash = stack[outermost + 1..]
            .iter()
            .rev()
            .fold(0, |hash, &l| self.location_paths[l as usize].extend(hash));
        let path_hash = frames[depth..].iter().rev().fold(path_hash, |hash, f| {
            extend_path_hash(hash, f.nodes.function)
        });
        part.chains.entry(path_hash).or_insert((0, sample)).0 += value;

        // The calls into and out of each of its frames.
        seen.incoming.clear();
        seen.outgoing.clear();
        seen.callers.clear();
        seen.callees.clear();
        for &at in &seen.positions {
            let frames = tables.location_frames(stack[at]);
            for (depth, frame) in frames.iter().enumerate() {
                if frame.nodes.function != target {
                    continue;
                }
                // The target is inlined into its caller when the caller
                // is the next frame of the same location.
                let (caller, called_inline) = match frames.get(depth + 1) {
                    Some(inlined_into) => (Some(inlined_into), true),
                    None => (
                        stack
                            .get(at + 1)
                            .and_then(|&l| tables.location_frames(l).first()),
                        false,
                    ),
                };
                if let Some(caller) = caller.filter(|c| c.nodes.function != target) {
                    let line = caller.nodes.line;
                    if !seen.incoming.contains(&line) {
                        seen.incoming.push(line);
                        *part.incoming.entry(line).or_insert(0) += value;
                    }
                    nearer_the_root(&mut seen.callers, caller.nodes.function, called_inline);
                }
                let (callee, calls_inline) = match depth.checked_sub(1) {
                    Some(inlined) => (Some(&frames[inlined]), true),
                    None => (
                        at.checked_sub(1)
                            .and_then(|below| tables.location_frames(stack[below]).last()),
                        false,
                    ),
                };
                if let Some(callee) = callee.filter(|c| c.nodes.function != target) {
                    let function = callee.nodes.function;
                    let site = (frame.nodes.line, function);
                    if !seen.outgoing.contains(&site) {
                        seen.outgoing.push(site);
                        *part.outgoing.entry(site).or_insert(0) += value;
                    }
                    nearer_the_root(&mut seen.callees, function, calls_inline);
                }
            }
        }
        for &(function, inline) in &seen.callers {
            add_edges(&mut part.callers, function, EdgeSum { value, inline });
        }
        for &(function, inline) in &seen.callees {
            add_edges(&mut part.callees, function, EdgeSum { value, inline });
        }
    }
}

/// Notes a call along an edge of this sample. The frames are visited leaf
/// first, so the last call noted is the nearest the root: the one whose
/// mark pprof keeps (it counts an edge at its first call from the root).
fn nearer_the_root(edges: &mut Vec<(u32, bool)>, function: u32, inline: bool) {
    match edges.iter_mut().find(|(f, _)| *f == function) {
        Some(edge) => edge.1 = inline,
        None => edges.push((function, inline)),
    }
}

const PREFETCH_DISTANCE: usize = 16;

/// Per call path (by hash): its value and its first sample.
type PathValues = FxHashMap<u64, (i64, usize)>;

/// A running hash of a call path, one function at a time from the root: a
/// polynomial hash, so that a whole location's frames can be added at once
/// (see [`PathPiece`]) with the same result as one frame at a time.
fn extend_path_hash(hash: u64, function: u32) -> u64 {
    hash.wrapping_mul(PATH_BASE)
        .wrapping_add(function_code(function))
}

const PATH_BASE: u64 = 0x9e37_79b9_7f4a_7c15;

fn function_code(function: u32) -> u64 {
    let x = (u64::from(function) + 1).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^ (x >> 31)
}

/// A location's frames, root first, as a piece of a call path hash.
#[derive(Debug, Clone, Copy, Default)]
struct PathPiece {
    hash: u64,
    /// `PATH_BASE` to the power of the number of frames.
    power: u64,
}

impl PathPiece {
    fn of_frames(frames: &[FrameInfo]) -> PathPiece {
        frames
            .iter()
            .rev()
            .fold(PathPiece { hash: 0, power: 1 }, |piece, frame| PathPiece {
                hash: extend_path_hash(piece.hash, frame.nodes.function),
                power: piece.power.wrapping_mul(PATH_BASE),
            })
    }

    fn extend(self, hash: u64) -> u64 {
        hash.wrapping_mul(self.power).wrapping_add(self.hash)
    }
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
