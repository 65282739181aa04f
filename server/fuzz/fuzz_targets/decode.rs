//! Any bytes through decoding, validation and the engine's passes: an
//! error is fine, a panic, a hang or a blown memory limit is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pprof_lsp::analysis::{Analysis, CallIndex, NodeTables, Views};
use pprof_lsp::profile::{decode, DecodeLimits};

fuzz_target!(|data: &[u8]| {
    let limits = DecodeLimits {
        max_decoded_bytes: 16 << 20,
        max_entries: 200_000,
    };
    let Ok(profile) = decode(data, limits) else {
        return;
    };
    let tables = NodeTables::build(&profile);
    for sample_type in 0..profile.sample_types.len().min(4) {
        let analysis = Analysis::compute(&profile, &tables, sample_type, None, Views::ALL);
        for granularity in [
            pprof_lsp::analysis::Granularity::Functions,
            pprof_lsp::analysis::Granularity::Lines,
            pprof_lsp::analysis::Granularity::Files,
        ] {
            analysis.top(&tables, granularity);
        }
    }
    CallIndex::build(&profile, &tables);
});
