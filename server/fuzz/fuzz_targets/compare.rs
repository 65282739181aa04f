//! Two profiles from one input (split at its first byte's share), compared
//! both ways pprof knows.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pprof_lsp::analysis::{compare, CompareMode, NodeTables};
use pprof_lsp::profile::{decode, DecodeLimits};

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let at = rest.len() * usize::from(split) / 256;
    let (new, base) = rest.split_at(at);
    let limits = DecodeLimits {
        max_decoded_bytes: 8 << 20,
        max_entries: 100_000,
    };
    let (Ok(new), Ok(base)) = (decode(new, limits), decode(base, limits)) else {
        return;
    };
    for mode in [CompareMode::Diff, CompareMode::Subtract] {
        if let Ok(comparison) = compare(&new, &base, mode) {
            NodeTables::build(&comparison.profile);
        }
    }
});
