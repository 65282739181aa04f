//! Engine benchmarks on a generated, moderately large Go heap profile
//! (100k samples, 4000 functions of which 3000 in one file, stacks 20-45
//! deep): decode (raw and gzip), NodeTables::build, Analysis::compute,
//! the server's whole load (Loaded::load + Index::build) and the index
//! look-ups behind inlay hints, code lenses and hover for the
//! 3000-function file.
//!
//! `cargo bench --bench engine` (about a minute and a half).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use pprof_lsp::analysis::{Analysis, NodeTables, Views};
use pprof_lsp::lsp::index::{Index, Loaded};
use pprof_lsp::lsp::settings::Settings;
use pprof_lsp::profile::{decode, DecodeLimits};
use pprof_lsp::resolve::Workspace;
use prost::Message;

#[allow(dead_code)]
#[path = "../examples/gen_profile.rs"]
mod gen_profile;

use gen_profile::{Args, Shape};

fn args(dir: &std::path::Path) -> Args {
    Args {
        shape: Shape::Heap,
        samples: 100_000,
        functions: 4000,
        file00: 3000,
        min_depth: 20,
        max_depth: 45,
        seed: 7,
        out: dir.join("heap.pb.gz"),
        raw: false,
        workspace: Some(dir.join("ws")),
    }
}

fn engine(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let args = args(dir.path());
    let (profile, funcs, files) = gen_profile::generate(&args);
    let raw = profile.encode_to_vec();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&raw).unwrap();
    let gz = gz.finish().unwrap();
    eprintln!(
        "profile: {} samples, {} locations, raw {:.1} MB, gzip {:.1} MB",
        profile.sample.len(),
        profile.location.len(),
        raw.len() as f64 / 1e6,
        gz.len() as f64 / 1e6
    );
    drop(profile);
    let limits = DecodeLimits::default();

    let mut group = c.benchmark_group("engine");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    group.bench_function("decode raw", |b| b.iter(|| decode(&raw, limits).unwrap()));
    group.bench_function("decode gzip", |b| b.iter(|| decode(&gz, limits).unwrap()));
    let decoded = decode(&raw, limits).unwrap();
    group.bench_function("NodeTables::build", |b| {
        b.iter(|| NodeTables::build(&decoded))
    });
    let tables = NodeTables::build(&decoded);
    let sample_type = decoded.default_sample_type_index();
    group.bench_function("Analysis::compute", |b| {
        b.iter(|| Analysis::compute(&decoded, &tables, sample_type, None, Views::ALL))
    });

    // The server's load: read + gunzip + decode + tables + file resolution,
    // then the index of one sample type.
    std::fs::write(&args.out, &gz).unwrap();
    let ws = args.workspace.clone().unwrap();
    gen_profile::write_workspace(&ws, &args, &funcs, files);
    let settings: Settings =
        serde_json::from_value(serde_json::json!({"profile": args.out.display().to_string()}))
            .unwrap();
    let roots = vec![ws.clone()];
    group.bench_function("server load (Loaded::load + Index::build)", |b| {
        b.iter(|| {
            let loaded = Arc::new(Loaded::load(&settings, &Workspace::scan(&roots)).unwrap());
            let st = loaded.sample_type_index(None).unwrap();
            Index::build(loaded, st)
        })
    });
    let loaded = Arc::new(Loaded::load(&settings, &Workspace::scan(&roots)).unwrap());
    let st = loaded.sample_type_index(None).unwrap();
    group.bench_function("Index::build", |b| {
        b.iter(|| Index::build(loaded.clone(), st))
    });
    let index = Index::build(loaded, st);
    let file: PathBuf = ws.join("pkg00/file00.go").canonicalize().unwrap();
    let lines = index.lines_in(&file).count();
    let functions = index.functions_in(&file).count();
    eprintln!("pkg00/file00.go: {lines} lines with values, {functions} functions");
    group.finish();

    let mut group = c.benchmark_group("requests (index only, 3000-function file)");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("lines_in (hints, whole file)", |b| {
        b.iter(|| index.lines_in(&file).map(|l| l.flat + l.cum).sum::<i64>())
    });
    group.bench_function("functions_in (lenses)", |b| {
        b.iter(|| {
            index
                .functions_in(&file)
                .map(|f| index.function_line(f))
                .sum::<i64>()
        })
    });
    let declared: Vec<i64> = funcs[..args.file00].iter().map(|f| f.start_line).collect();
    let mut at = 0;
    group.bench_function("function_at + detail (hover)", |b| {
        b.iter(|| {
            at = (at + 97) % declared.len();
            let f = index.function_at(&file, declared[at] + 1).unwrap();
            index.detail(f)
        })
    });
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
