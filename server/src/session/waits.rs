//! Why goroutines wait, in words, from the runtime and library frames at
//! the top of their stacks: for goroutine profiles, where a goroutine that
//! never returns is a leak as real as memory that is never freed.

use rustc_hash::FxHashMap;

use crate::analysis::NodeTables;
use crate::profile::Profile;

/// The frames that say what a goroutine waits for, innermost first, and
/// the words for it.
const REASONS: [(&[&str], &str); 9] = [
    (
        &["runtime.selectgo", "runtime.block"],
        "waiting in a select",
    ),
    (
        &["runtime.chansend1", "runtime.chansend"],
        "sending on a channel",
    ),
    (
        &["runtime.chanrecv1", "runtime.chanrecv2", "runtime.chanrecv"],
        "receiving from a channel",
    ),
    (&["sync.(*WaitGroup).Wait"], "waiting for a sync.WaitGroup"),
    (&["sync.(*Cond).Wait"], "waiting on a sync.Cond"),
    (
        &[
            "sync.(*Mutex).Lock",
            "sync.(*RWMutex).Lock",
            "sync.(*RWMutex).RLock",
            "internal/sync.(*Mutex).Lock",
        ],
        "waiting for a mutex",
    ),
    (
        &[
            "internal/poll.runtime_pollWait",
            "internal/poll.(*pollDesc).wait",
        ],
        "waiting for network or file I/O",
    ),
    (&["time.Sleep"], "sleeping"),
    (
        &[
            "runtime/pprof.writeGoroutine",
            "runtime.goroutineProfileWithLabels",
        ],
        "writing this profile",
    ),
];

/// A parked goroutine none of [`REASONS`] explains.
const PARKED: &str = "parked by the runtime for another reason";
const RUNNING: &str = "running or ready to run";

/// Per function node, how many goroutines (summed values) pass through it
/// for each reason, the most first.
pub fn wait_reasons(
    profile: &Profile,
    tables: &NodeTables,
    sample_type: usize,
) -> FxHashMap<u32, Vec<(&'static str, i64)>> {
    let types = profile.sample_types.len();
    let samples = &profile.samples;
    let mut by_function: FxHashMap<u32, FxHashMap<&'static str, i64>> = FxHashMap::default();
    let mut seen: Vec<u32> = Vec::new();
    for sample in 0..samples.len() {
        let value = samples.values.get(sample * types + sample_type);
        if value == 0 {
            continue;
        }
        let functions = samples
            .stack(sample)
            .iter()
            .flat_map(|&location| tables.location_frames(location))
            .map(|frame| frame.nodes.function);
        seen.clear();
        seen.extend(functions);
        let reason = seen
            .iter()
            .find_map(|&f| {
                let name = tables.functions[f as usize].name.as_str();
                REASONS
                    .iter()
                    .find(|(frames, _)| frames.contains(&name))
                    .map(|(_, words)| *words)
            })
            .unwrap_or_else(|| {
                let parked = seen
                    .iter()
                    .any(|&f| tables.functions[f as usize].name == "runtime.gopark");
                if parked {
                    PARKED
                } else {
                    RUNNING
                }
            });
        seen.sort_unstable();
        seen.dedup();
        for &f in &seen {
            *by_function.entry(f).or_default().entry(reason).or_default() += value;
        }
    }
    by_function
        .into_iter()
        .map(|(f, reasons)| {
            let mut reasons: Vec<(&'static str, i64)> = reasons.into_iter().collect();
            reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            (f, reasons)
        })
        .collect()
}
