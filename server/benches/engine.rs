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

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use pprof_lsp::analysis::{Analysis, NodeTables, Views};
use pprof_lsp::lsp::requests::{code_lens::code_lens, hover::lsp_hover, inlay_hint::inlay_hint};
use pprof_lsp::profile::{decode, DecodeLimits};
use pprof_lsp::resolve::Workspace;
use pprof_lsp::session::document::{Change, Document};
use pprof_lsp::session::hints::hints_between;
use pprof_lsp::session::hover::hover_at;
use pprof_lsp::session::index::{Index, Loaded};
use pprof_lsp::session::lenses::lenses_in;
use pprof_lsp::session::load::LoadRequest;
use pprof_lsp::session::settings::Settings;
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
        minutes: 0,
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
    let request = LoadRequest::from_settings(&settings, false, &roots);
    group.bench_function("server load (Loaded::load + Index::build)", |b| {
        b.iter(|| {
            let loaded =
                Arc::new(Loaded::load(&request, &Workspace::scan(&roots, &[]), None).unwrap());
            let st = loaded.sample_type_index(None).unwrap();
            Index::build(loaded, st)
        })
    });
    let loaded = Arc::new(Loaded::load(&request, &Workspace::scan(&roots, &[]), None).unwrap());
    let st = loaded.sample_type_index(None).unwrap();
    group.bench_function("Index::build", |b| {
        b.iter(|| Index::build(loaded.clone(), st))
    });
    let index = Arc::new(Index::build(loaded.clone(), st));
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
    // A fresh index (untimed) for each first hover, else its details are
    // cached after the first round.
    let fresh = || Index::build(loaded.clone(), st);
    let mut at = 0;
    group.bench_function("function_at + detail (hover, first time)", |b| {
        b.iter_batched(
            fresh,
            |index| {
                at = (at + 97) % declared.len();
                let f = index.function_at(&file, declared[at] + 1).unwrap();
                index.detail(f);
                index
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();

    // What a request costs inside the server: the handler's LSP types, then
    // JSON as tower-lsp-server makes it (a serde_json::Value, then text).
    let mut group =
        c.benchmark_group("requests inside the server (3000-function file, minShare 0.5%)");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    let text = std::fs::read_to_string(&file).unwrap();
    let document = Document::new(text.as_str());
    let placement = document.placement(&index, &file);
    let line_count = text.lines().count() as i64;
    let min_fraction = 0.005;
    let hints = hints_between(
        &index,
        &file,
        &document,
        &placement,
        (1, line_count),
        min_fraction,
    );
    let lenses = lenses_in(&index, &file, &text, &placement, min_fraction);
    eprintln!(
        "whole file: {} hints ({} bytes), {} lenses ({} bytes)",
        hints.len(),
        as_json(&lsp(hints.clone(), inlay_hint)).len(),
        lenses.len(),
        as_json(&lsp(lenses.clone(), code_lens)).len()
    );
    group.bench_function("inlayHint, whole file", |b| {
        b.iter(|| {
            as_json(&lsp(
                hints_between(
                    &index,
                    &file,
                    &document,
                    &placement,
                    (1, line_count),
                    min_fraction,
                ),
                inlay_hint,
            ))
        })
    });
    let mut first = 1;
    group.bench_function("inlayHint, 60-line viewport", |b| {
        b.iter(|| {
            first = (first + 7919) % line_count.max(1);
            as_json(&lsp(
                hints_between(
                    &index,
                    &file,
                    &document,
                    &placement,
                    (first, first + 60),
                    min_fraction,
                ),
                inlay_hint,
            ))
        })
    });
    group.bench_function("codeLens, whole file", |b| {
        b.iter(|| {
            as_json(&lsp(
                lenses_in(&index, &file, &text, &placement, min_fraction),
                code_lens,
            ))
        })
    });
    group.bench_function("hover on a function, first time", |b| {
        b.iter_batched(
            fresh,
            |index| {
                at = (at + 97) % declared.len();
                as_json(&hover_at(&index, &file, declared[at]).map(lsp_hover));
                index
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("hover on a function, again", |b| {
        b.iter(|| {
            at = (at + 97) % declared.len();
            as_json(&hover_at(&index, &file, declared[at]).map(lsp_hover))
        })
    });
    // Typing: a character inserted, then the hints of the 60 lines around
    // it, as an editor asks after each keystroke.
    let keystroke = |document: &Document, at: i64| {
        let line = (at % line_count.max(1)) as u32;
        let typed = document.changed(&[Change {
            range: Some(((line, 0), (line, 0))),
            text: " ".to_string(),
        }]);
        let placement = typed.placement(&index, &file);
        let first = (i64::from(line) - 30).max(1);
        let hints = hints_between(
            &index,
            &file,
            &typed,
            &placement,
            (first, first + 60),
            min_fraction,
        );
        (as_json(&lsp(hints, inlay_hint)), typed)
    };
    let mut typed = Document::new(text.as_str());
    typed.placement(&index, &file);
    let mut times = Vec::with_capacity(1000);
    for at in 0..1000 {
        let started = std::time::Instant::now();
        typed = keystroke(&typed, at * 7919).1;
        times.push(started.elapsed());
    }
    times.sort();
    eprintln!(
        "1000 one-character edits, each with a 60-line hint request: median {:?}, p99 {:?}, max {:?}",
        times[500],
        times[989],
        times[999]
    );
    let mut at = 0;
    group.bench_function("one-character edit + 60-line inlayHint", |b| {
        b.iter_batched(
            || {
                let document = Document::new(text.as_str());
                document.placement(&index, &file);
                document
            },
            |document| {
                at += 7919;
                keystroke(&document, at)
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// The session's answers as the server sends them.
fn lsp<T, L>(items: Vec<T>, convert: impl Fn(T) -> L) -> Vec<L> {
    items.into_iter().map(convert).collect()
}

/// A response's JSON as tower-lsp-server makes it: a serde_json::Value,
/// then text.
fn as_json<T: serde::Serialize>(result: &T) -> String {
    serde_json::to_string(&serde_json::to_value(result).unwrap()).unwrap()
}

/// Resolution at scale: 10^4 profile paths from a CI checkout against a
/// workspace of 10^5 files (a tenth of the names shared by ten files, the
/// rest unique), each found file's content checked.
fn resolution(c: &mut Criterion) {
    use pprof_lsp::resolve::confirm::Evidence;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let mut paths = Vec::new();
    let mut evidence = Vec::new();
    for package in 0..1000 {
        for file in 0..100 {
            let relative = if file < 10 {
                format!("pkg{package:04}/shared{file}_{}.go", package / 10)
            } else {
                format!("pkg{package:04}/p{package}_{file:03}.go")
            };
            let path = root.join(&relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, format!("package pkg\n\nfunc F{file}() {{\n}}\n")).unwrap();
            if file % 10 == 0 {
                paths.push(format!("/home/runner/work/app/app/{relative}"));
                evidence.push(Evidence {
                    functions: vec![(format!("example.com/app/pkg.F{file}"), 3)],
                    last_line: 4,
                });
            }
        }
    }
    let workspace = Workspace::scan_with(std::slice::from_ref(&root), Default::default());
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (resolved, confirmed) = workspace.resolve_checked(&paths, &evidence, &[]);
    assert!(resolved
        .iter()
        .all(|r| matches!(r, pprof_lsp::resolve::Resolution::Found { .. })));
    assert!(confirmed.iter().all(|&c| c));
    let mut group = c.benchmark_group("resolution");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    group.bench_function(
        "10^4 profile paths, 10^5 workspace files, content checked",
        |b| b.iter(|| workspace.resolve_checked(&paths, &evidence, &[])),
    );
    group.bench_function("the same, no content check", |b| {
        b.iter(|| workspace.resolve_all(&paths, &[]))
    });
    group.finish();
}

/// `pprof.callGraph` on the benchmark's large profile (the heap shape of
/// bench/run.sh: 600k samples, 48.7 MB raw): the graph of its heaviest
/// function (by flat, and by cum) at the default depth, as JSON. First
/// after the load (the heaviest functions' details computed ahead, as the
/// server does), with nothing computed ahead (the worst case), and again.
fn call_graph(c: &mut Criterion) {
    use pprof_lsp::lsp::protocol::CallGraphResult;
    use pprof_lsp::session::graph::{call_graph, DEFAULT_DEPTH};
    use pprof_lsp::session::View;
    let dir = tempfile::tempdir().unwrap();
    let args = Args {
        samples: 600_000,
        seed: 1,
        ..args(dir.path())
    };
    let (profile, funcs, files) = gen_profile::generate(&args);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&profile.encode_to_vec()).unwrap();
    drop(profile);
    std::fs::write(&args.out, gz.finish().unwrap()).unwrap();
    let ws = args.workspace.clone().unwrap();
    gen_profile::write_workspace(&ws, &args, &funcs, files);
    let settings: Settings =
        serde_json::from_value(serde_json::json!({"profile": args.out.display().to_string()}))
            .unwrap();
    let roots = vec![ws.clone()];
    let request = LoadRequest::from_settings(&settings, false, &roots);
    let loaded = Arc::new(Loaded::load(&request, &Workspace::scan(&roots, &[]), None).unwrap());
    let st = loaded.sample_type_index(None).unwrap();
    let index = Arc::new(Index::build(loaded.clone(), st));
    let functions = 0..index.tables().functions.len() as u32;
    let by_flat = functions
        .clone()
        .max_by_key(|&f| index.analysis.functions.flat[f as usize].abs())
        .unwrap();
    let by_cum = functions
        .max_by_key(|&f| index.analysis.functions.cum[f as usize].abs())
        .unwrap();
    let view = View {
        index: Some(index.clone()),
        roots: roots.into(),
        ..View::default()
    };
    let graph_json = |index: &Index, function: u32| {
        let graph = call_graph(index, function, DEFAULT_DEPTH);
        as_json(&CallGraphResult::new(&graph, &view))
    };
    for (what, function) in [("flat", by_flat), ("cum", by_cum)] {
        let graph = call_graph(&index, function, DEFAULT_DEPTH);
        eprintln!(
            "heaviest by {what}: {}, {} nodes, {} edges, {} bytes of JSON",
            index.tables().functions[function as usize].name,
            graph.nodes.len(),
            graph.edges.len(),
            graph_json(&index, function).len()
        );
    }
    let warmed = || {
        let index = Index::build(loaded.clone(), st);
        index.warm_up(|| true);
        index
    };
    let cold = || Index::build(loaded.clone(), st);
    let mut group = c.benchmark_group("pprof.callGraph (600k-sample heap profile)");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    for (what, function) in [("flat", by_flat), ("cum", by_cum)] {
        group.bench_function(format!("heaviest by {what}, first after the load"), |b| {
            b.iter_batched(
                warmed,
                |index| graph_json(&index, function),
                BatchSize::PerIteration,
            )
        });
        group.bench_function(format!("heaviest by {what}, nothing computed ahead"), |b| {
            b.iter_batched(
                cold,
                |index| graph_json(&index, function),
                BatchSize::PerIteration,
            )
        });
        group.bench_function(format!("heaviest by {what}, again"), |b| {
            b.iter(|| graph_json(&index, function))
        });
    }
    group.finish();
}

criterion_group!(benches, engine, resolution, call_graph);
criterion_main!(benches);
