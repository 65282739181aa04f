//! The engine against `go tool pprof`: every fixture under tests/fixtures
//! holds profiles and pprof's own reports of them (golden/), made by
//! tests/fixtures/golden.sh. Every profile, sample type, granularity and
//! comparison must have its report there and give pprof's numbers exactly;
//! call paths, callers and callees must be those pprof's `-traces` imply.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pprof_lsp::analysis::scope::FrameValues;
use pprof_lsp::analysis::{
    compare, function_detail, row_label, Analysis, CallIndex, CompareMode, Granularity, NodeTables,
    Views,
};
use pprof_lsp::profile::{read_file, DecodeLimits, Profile};
use pprof_lsp::resolve::Workspace;
use pprof_lsp::session::graph::{call_graph, CallGraph, DEFAULT_DEPTH, NEIGHBOUR_CAP};
use pprof_lsp::session::index::{Index, Loaded};
use pprof_lsp::session::load::LoadRequest;
use pprof_lsp::session::settings::Settings;
use pprof_lsp::session::FunctionRef;
use support::golden::{
    bundled_fixtures, fixtures, read, report_path, required_report, Peek, PeekEntry, Top, Traces,
};

/// Profiles whose `-traces` reports the fixtures leave out, as their
/// READMEs say (12 MB per sample type for bigcpu; generated for manyfuncs).
const WITHOUT_TRACES: [(&str, &str); 2] = [("bigcpu", "cpu"), ("manyfuncs", "heap")];

/// Flat, cum and inline mark per printed name, in the report's order.
type Rows = BTreeMap<String, Vec<(i64, i64, Option<String>)>>;

/// A report as its total and rows.
#[derive(Debug)]
struct Report {
    total: i64,
    rows: Rows,
}

fn pprofs(path: &Path) -> Report {
    let top = Top::read(path);
    assert_eq!(
        top.rows.is_empty(),
        top.total == 0,
        "{}: rows and total disagree (a report misread?)",
        path.display()
    );
    report(top)
}

fn report(top: Top) -> Report {
    let mut rows = Rows::new();
    for row in top.rows {
        rows.entry(row.name)
            .or_default()
            .push((row.flat, row.cum, row.mark));
    }
    Report {
        total: top.total,
        rows,
    }
}

fn ours(
    profile: &Profile,
    sample_type: &str,
    granularity: Granularity,
    total: Option<Vec<i64>>,
) -> Report {
    let index = profile.sample_type_index(sample_type).expect("sample type");
    let tables = NodeTables::build(profile);
    let analysis = Analysis::compute(profile, &tables, index, total.map(|t| t[index]), Views::ALL);
    let values = analysis.values(granularity);
    let mut rows = Rows::new();
    for row in analysis.top(&tables, granularity) {
        let name = row_label(&tables, granularity, row.node);
        let mark = values.inline_mark(row.node).map(str::to_string);
        rows.entry(name)
            .or_default()
            .push((row.flat, row.cum, mark));
    }
    Report {
        total: analysis.total,
        rows,
    }
}

fn load(path: &Path) -> Profile {
    read_file(path, DecodeLimits::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One profile of a fixture.
struct Fixture {
    dir: PathBuf,
    name: String,
    profile: Profile,
}

impl Fixture {
    fn fixture_name(&self) -> String {
        self.dir.file_name().unwrap().to_string_lossy().into_owned()
    }

    fn sample_types(&self) -> Vec<String> {
        self.profile
            .sample_types
            .iter()
            .map(|t| t.kind.clone())
            .collect()
    }
}

/// Every `profiles/*.pb.gz` of every fixture; a fixture with profiles has
/// goldens.
fn every_profile() -> Vec<Fixture> {
    let root = fixtures();
    let mut found = Vec::new();
    let entries = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("no fixtures at {}: {e}", root.display()));
    let mut dirs: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    dirs.sort();
    for dir in dirs.into_iter().filter(|d| d.join("profiles").is_dir()) {
        assert!(
            dir.join("golden").is_dir(),
            "{}: profiles without golden reports (run tests/fixtures/golden.sh)",
            dir.display()
        );
        let mut names: Vec<String> = std::fs::read_dir(dir.join("profiles"))
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                name.strip_suffix(".pb.gz").map(str::to_string)
            })
            .collect();
        names.sort();
        for name in names {
            let profile = load(&dir.join("profiles").join(format!("{name}.pb.gz")));
            found.push(Fixture {
                dir: dir.clone(),
                name,
                profile,
            });
        }
    }
    assert!(
        found.len() >= 10,
        "only {} profiles found under {}",
        found.len(),
        root.display()
    );
    found
}

fn assert_same(expected: &Report, actual: &Report, what: &str) {
    assert_eq!(expected.total, actual.total, "{what}: total");
    assert_eq!(
        expected.rows.keys().collect::<Vec<_>>(),
        actual.rows.keys().collect::<Vec<_>>(),
        "{what}: the set of rows differs"
    );
    for (name, rows) in &expected.rows {
        assert_eq!(rows, &actual.rows[name], "{what}: {name}");
    }
}

#[test]
fn functions_and_lines_match_pprof_for_every_profile_and_sample_type() {
    let mut checked = 0;
    for fixture in every_profile() {
        for sample_type in fixture.sample_types() {
            for (kind, granularity) in [
                ("functions", Granularity::Functions),
                ("lines", Granularity::Lines),
            ] {
                let file = required_report(&fixture.dir, &fixture.name, &sample_type, kind);
                let expected = pprofs(&file);
                let actual = ours(&fixture.profile, &sample_type, granularity, None);
                assert_same(&expected, &actual, &file.display().to_string());
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} golden reports checked");
}

#[test]
fn files_match_pprof_summed_over_its_per_function_repetition() {
    for fixture in every_profile() {
        for sample_type in fixture.sample_types() {
            let file = required_report(&fixture.dir, &fixture.name, &sample_type, "files");
            let what = file.display();
            let expected = pprofs(&file);
            let actual = ours(&fixture.profile, &sample_type, Granularity::Files, None);
            assert_eq!(expected.total, actual.total, "{what}");
            assert_eq!(
                expected.rows.keys().collect::<Vec<_>>(),
                actual.rows.keys().collect::<Vec<_>>(),
                "{what}"
            );
            for (path, rows) in &expected.rows {
                let (flat, cum, _) = &actual.rows[path][0];
                // pprof lists a file once per function start line: flats
                // add up; a file's cum lies between the largest and the sum.
                assert_eq!(
                    rows.iter().map(|r| r.0).sum::<i64>(),
                    *flat,
                    "{what}: {path} flat"
                );
                let largest = rows.iter().map(|r| r.1).max().unwrap();
                let sum: i64 = rows.iter().map(|r| r.1).sum();
                assert!(
                    largest <= *cum && *cum <= sum,
                    "{what}: {path} cum {cum} not in {largest}..={sum}"
                );
            }
        }
    }
}

#[test]
fn comparisons_match_pprof_diff_base_and_base() {
    let mut checked = 0;
    for dir in every_profile()
        .iter()
        .map(|f| f.dir.clone())
        .collect::<BTreeSet<_>>()
    {
        let list = dir.join("profiles/compare.txt");
        if !list.exists() {
            continue; // this fixture compares nothing
        }
        for pair in read(&list).lines().filter(|l| !l.trim().is_empty()) {
            let (new, base) = pair
                .split_once(' ')
                .unwrap_or_else(|| panic!("{}: not \"NEW BASE\": {pair:?}", list.display()));
            let profiles = dir.join("profiles");
            let new_profile = load(&profiles.join(format!("{new}.pb.gz")));
            let base_profile = load(&profiles.join(format!("{base}.pb.gz")));
            for (mode_name, mode) in [
                ("diff_base", CompareMode::Diff),
                ("base", CompareMode::Subtract),
            ] {
                let comparison = compare(&new_profile, &base_profile, mode).unwrap();
                let name = format!("{new}-vs-{base}.{mode_name}");
                let mut reports = 0;
                for sample_type in new_profile.sample_types.iter().map(|t| &t.kind) {
                    // golden.sh compares inuse_space and alloc_space only,
                    // golden-more.sh every sample type.
                    let Some(file) = report_path(&dir, &name, sample_type, "functions") else {
                        continue;
                    };
                    let actual = ours(
                        &comparison.profile,
                        sample_type,
                        Granularity::Functions,
                        comparison.totals.clone(),
                    );
                    assert_same(&pprofs(&file), &actual, &file.display().to_string());
                    reports += 1;
                }
                assert!(
                    reports > 0,
                    "{}: no golden report {name}.TYPE.functions.txt for {pair:?}",
                    dir.display()
                );
                checked += reports;
            }
        }
    }
    assert!(checked >= 4, "only {checked} comparisons checked");
}

/// pprof's `-show` with the fixture's own files (profiles/show.txt holds a
/// regex of their paths in the profile): the profile shown as "your code",
/// and, without transforming it, the flat the server gives your functions.
#[test]
fn your_code_matches_pprof_show_with_the_workspace_files() {
    let mut checked = 0;
    for fixture in every_profile() {
        if !fixture.dir.join("profiles/show.txt").exists() {
            continue;
        }
        let root = std::fs::canonicalize(fixture.dir.join("src")).unwrap();
        let tables = NodeTables::build(&fixture.profile);
        let own = Workspace::scan(&[root], &[])
            .resolve_files(&tables, &[])
            .own_code();
        let shown = fixture
            .profile
            .show(|frame| own[tables.frames[frame].nodes.file as usize]);
        for sample_type in fixture.sample_types() {
            let show = fixture.dir.join("golden/show");
            let path = |kind: &str| show.join(format!("{}.{sample_type}.{kind}.txt", fixture.name));
            if !path("functions").exists() {
                continue; // a sample type named like a profile: not in golden/show
            }
            for (kind, granularity) in [
                ("functions", Granularity::Functions),
                ("lines", Granularity::Lines),
            ] {
                let file = path(kind);
                // Rows may be none where no sample holds your code.
                let expected = report(Top::read(&file));
                let actual = ours(
                    &shown,
                    &sample_type,
                    granularity,
                    Some(fixture.profile.totals()),
                );
                assert_same(&expected, &actual, &file.display().to_string());
                checked += 1;
            }
            let index = fixture.profile.sample_type_index(&sample_type).unwrap();
            let all = Analysis::compute(&fixture.profile, &tables, index, None, Views::ALL);
            let own_flat = FrameValues::own_code(&fixture.profile, &tables, index, &own);
            let mut server = Rows::new();
            for (node, function) in tables.functions.iter().enumerate() {
                let (flat, cum) = (own_flat.functions[node], all.functions.cum[node]);
                if own[function.file_node as usize] && (flat != 0 || cum != 0) {
                    server.insert(function.name.clone(), vec![(flat, cum, None)]);
                }
            }
            let expected = report(Top::read(&path("functions")));
            let without_marks: Rows = expected
                .rows
                .iter()
                .map(|(name, rows)| {
                    (
                        name.clone(),
                        rows.iter().map(|r| (r.0, r.1, None)).collect(),
                    )
                })
                .collect();
            assert_eq!(
                without_marks,
                server,
                "{}: the server's flat of your functions",
                path("functions").display()
            );
        }
    }
    assert!(checked >= 20, "only {checked} -show reports checked");
}

#[test]
fn the_default_sample_type_is_pprofs() {
    let mut checked = 0;
    let all = every_profile();
    // golden-more.sh writes NAME.default.txt for each profile, golden.sh
    // none: a fixture with one has them all.
    let with_defaults: BTreeSet<PathBuf> = all
        .iter()
        .filter(|f| {
            f.dir
                .join(format!("golden/{}.default.txt", f.name))
                .exists()
        })
        .map(|f| f.dir.clone())
        .collect();
    for fixture in all.iter().filter(|f| with_defaults.contains(&f.dir)) {
        let file = fixture
            .dir
            .join(format!("golden/{}.default.txt", fixture.name));
        let text = read(&file);
        let expected = text
            .lines()
            .find_map(|l| l.strip_prefix("Type: "))
            .unwrap_or_else(|| panic!("{}: no Type: line", file.display()));
        let profile = &fixture.profile;
        assert_eq!(
            profile.sample_types[profile.default_sample_type_index()].kind,
            expected,
            "{}",
            file.display()
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} defaults checked");
}

#[test]
fn profiles_with_no_samples_have_a_zero_total_and_no_rows() {
    let path = bundled_fixtures().join("bigcpu/profiles/cpu-empty.pb.gz");
    let profile = load(&path);
    let report = ours(&profile, "cpu", Granularity::Functions, None);
    assert_eq!(report.total, 0);
    assert!(report.rows.is_empty());
}

#[test]
fn legacy_formats_are_named_with_the_way_to_convert_them() {
    let dir = bundled_fixtures().join("legacy/profiles");
    let read_error = |file: &str| {
        let path = dir.join(file);
        assert!(path.is_file(), "fixture {} is missing", path.display());
        read_file(&path, DecodeLimits::default())
            .unwrap_err()
            .to_string()
    };
    for (file, kind) in [
        ("heap.debug1.txt", "heap"),
        ("mutex.debug1.txt", "mutex"),
        ("goroutine.debug1.txt", "goroutine"),
    ] {
        let error = read_error(file);
        assert!(
            error.contains(kind) && error.contains("go tool pprof -proto"),
            "{file}: {error}"
        );
    }
    let error = read_error("goroutine.debug2.txt");
    assert!(
        error.contains("goroutine stack dump") && error.contains("debug=0"),
        "{error}"
    );
}

/// A function's calls as pprof's `-traces` imply them, by name: the call
/// paths from the root to its outermost frame, and the value of each
/// caller and callee, counted once per sample.
#[derive(Debug, Default, PartialEq, Eq)]
struct Calls {
    chains: BTreeMap<Vec<String>, i64>,
    callers: BTreeMap<String, i64>,
    callees: BTreeMap<String, i64>,
}

impl Calls {
    /// `stack` root first.
    fn add(&mut self, function: &str, stack: &[&str], value: i64) {
        let Some(outermost) = stack.iter().position(|f| *f == function) else {
            return;
        };
        let path = stack[..=outermost].iter().map(|f| f.to_string()).collect();
        *self.chains.entry(path).or_default() += value;
        let mut callers = BTreeSet::new();
        let mut callees = BTreeSet::new();
        for (at, _) in stack.iter().enumerate().filter(|(_, f)| **f == function) {
            if let Some(caller) = at.checked_sub(1).map(|c| stack[c]) {
                callers.insert(caller);
            }
            if let Some(&callee) = stack.get(at + 1) {
                callees.insert(callee);
            }
        }
        for caller in callers.into_iter().filter(|c| *c != function) {
            *self.callers.entry(caller.to_string()).or_default() += value;
        }
        for callee in callees.into_iter().filter(|c| *c != function) {
            *self.callees.entry(callee.to_string()).or_default() += value;
        }
    }
}

/// The heaviest functions of a report, by the value of the samples that
/// hold them (once per sample), heaviest first.
fn heaviest(stacks: &[(Vec<&str>, i64)], count: usize) -> Vec<String> {
    let mut cum: BTreeMap<&str, i64> = BTreeMap::new();
    for (stack, value) in stacks {
        for function in stack.iter().collect::<BTreeSet<_>>() {
            *cum.entry(function).or_default() += value.abs();
        }
    }
    let mut functions: Vec<(&str, i64)> = cum.into_iter().filter(|(_, v)| *v != 0).collect();
    functions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    functions
        .into_iter()
        .take(count)
        .map(|(f, _)| f.to_string())
        .collect()
}

#[test]
fn call_paths_callers_and_callees_match_pprofs_traces() {
    let mut checked = 0;
    for fixture in every_profile() {
        let tables = NodeTables::build(&fixture.profile);
        let index = CallIndex::build(&fixture.profile, &tables);
        let profile = &fixture.profile;
        let name = |node: u32| tables.functions[node as usize].name.as_str();
        // Each sample's frames, leaf first as -traces prints them.
        let stacks: Vec<Vec<&str>> = (0..profile.samples.len())
            .map(|sample| {
                profile
                    .samples
                    .stack(sample)
                    .iter()
                    .flat_map(|&l| tables.location_frames(l))
                    .map(|frame| name(frame.nodes.function))
                    .collect()
            })
            .collect();
        for sample_type in fixture.sample_types() {
            let Some(file) = report_path(&fixture.dir, &fixture.name, &sample_type, "traces")
            else {
                assert!(
                    WITHOUT_TRACES
                        .contains(&(fixture.fixture_name().as_str(), fixture.name.as_str())),
                    "{}: no golden report {}.{sample_type}.traces.txt",
                    fixture.dir.display(),
                    fixture.name
                );
                continue;
            };
            let what = file.display().to_string();
            let traces = Traces::read(&file);
            assert_eq!(traces.sample_type, sample_type, "{what}");
            let type_index = profile.sample_type_index(&sample_type).unwrap();
            let types = profile.sample_types.len();
            // pprof prints the samples with a stack, in the profile's
            // order: the n-th trace is the n-th such sample. Its frames are
            // pprof's; its value is rounded, so the exact one is the
            // sample's, which must print as pprof printed it.
            let samples: Vec<usize> = (0..profile.samples.len())
                .filter(|&s| !stacks[s].is_empty())
                .collect();
            assert_eq!(traces.traces.len(), samples.len(), "{what}: traces");
            let mut root_first = Vec::new();
            for (trace, &sample) in traces.traces.iter().zip(&samples) {
                let value = profile.samples.values.get(sample * types + type_index);
                assert!(
                    trace.value.admits(value),
                    "{what}: sample {sample} is {value}, pprof printed {}",
                    trace.value.text
                );
                let frames: Vec<&str> = trace.frames.iter().map(|f| f.function.as_str()).collect();
                assert_eq!(frames, stacks[sample], "{what}: sample {sample}'s frames");
                root_first.push((frames.into_iter().rev().collect::<Vec<_>>(), value));
            }
            for function in heaviest(&root_first, 8) {
                let mut expected = Calls::default();
                for (stack, value) in root_first.iter().filter(|(_, v)| *v != 0) {
                    expected.add(&function, stack, *value);
                }
                let node = tables
                    .functions
                    .iter()
                    .position(|f| f.name == function)
                    .unwrap_or_else(|| panic!("{what}: no function {function}"))
                    as u32;
                let detail =
                    function_detail(profile, &tables, type_index, node, usize::MAX, &index);
                assert!(
                    detail
                        .chains
                        .windows(2)
                        .all(|w| w[0].value.abs() >= w[1].value.abs()),
                    "{what}: {function}'s paths, heaviest first"
                );
                let mut actual = Calls::default();
                for chain in &detail.chains {
                    let path = chain
                        .functions
                        .iter()
                        .map(|&f| name(f).to_string())
                        .collect();
                    *actual.chains.entry(path).or_default() += chain.value;
                }
                // Per caller function, its calling lines' values: a sample
                // in which one caller calls from two lines (deep mutual
                // recursion) counts once at each line, and once for the
                // caller (pprof's traces have no lines to tell them apart).
                let mut calling_lines: BTreeMap<String, Vec<i64>> = BTreeMap::new();
                for site in &detail.incoming {
                    let caller = tables.lines[site.caller_line as usize].function;
                    calling_lines
                        .entry(name(caller).to_string())
                        .or_default()
                        .push(site.value);
                }
                for (caller, values) in &calling_lines {
                    let sum: i64 = values.iter().sum();
                    let expected_value = expected.callers.get(caller).copied().unwrap_or(0);
                    if values.len() > 1 && sum != expected_value {
                        let most = values.iter().copied().max().unwrap_or(0);
                        assert!(
                            most <= expected_value && expected_value <= sum,
                            "{what}: {function}'s caller {caller}: lines {values:?}, pprof {expected_value}"
                        );
                        actual.callers.insert(caller.clone(), expected_value);
                    } else {
                        actual.callers.insert(caller.clone(), sum);
                    }
                }
                for callee in &detail.callees {
                    *actual
                        .callees
                        .entry(name(callee.function).to_string())
                        .or_default() += callee.value;
                }
                assert_eq!(
                    actual.chains, expected.chains,
                    "{what}: {function}'s call paths"
                );
                assert_eq!(
                    actual.callees, expected.callees,
                    "{what}: {function}'s callees"
                );
                assert_eq!(
                    actual.callers, expected.callers,
                    "{what}: {function}'s callers (the sum of its calling lines per function)"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 100, "only {checked} functions checked");
}

/// A function's edges as the server's call graph gives them, by the name
/// at the other end, as a `-peek` entry.
fn graph_entry(graph: &CallGraph) -> PeekEntry {
    let name = |id: usize| graph.nodes[id].function.clone();
    let mut entry = PeekEntry {
        name: graph.function.clone(),
        flat: graph.nodes[0].flat,
        cum: graph.nodes[0].cum,
        ..PeekEntry::default()
    };
    for edge in &graph.edges {
        if edge.to == 0 {
            entry
                .callers
                .push((name(edge.from), edge.weight, edge.inline));
        }
        if edge.from == 0 {
            entry
                .callees
                .push((name(edge.to), edge.weight, edge.inline));
        }
    }
    entry.callers.sort();
    entry.callees.sort();
    entry
}

/// A function with more callers and callees than the graph holds: those
/// kept have pprof's edges, and the "+N more" nodes count the others and
/// add up their edges.
fn check_capped(graph: &CallGraph, expected: &PeekEntry, what: &str) {
    let kept: BTreeSet<&str> = graph.nodes[1..]
        .iter()
        .filter(|n| !n.function.ends_with(" more"))
        .map(|n| n.function.as_str())
        .collect();
    assert_eq!(kept.len(), NEIGHBOUR_CAP, "{what}: {}", expected.name);
    let actual = graph_entry(graph);
    for (side, expected, actual) in [
        (true, &expected.callers, &actual.callers),
        (false, &expected.callees, &actual.callees),
    ] {
        let (shown, cut): (Vec<_>, Vec<_>) = expected
            .iter()
            .cloned()
            .partition(|(name, ..)| kept.contains(name.as_str()));
        let (more, shown_by_server): (Vec<_>, Vec<_>) = actual
            .iter()
            .cloned()
            .partition(|(name, ..)| name.ends_with(" more"));
        assert_eq!(
            shown_by_server,
            shown,
            "{what}: {}'s kept edges",
            expected.len()
        );
        match more.as_slice() {
            [] => assert!(cut.is_empty(), "{what}: {} left out, no +N more", cut.len()),
            [(name, weight, _)] => {
                assert_eq!(
                    name,
                    &format!("+{} more", cut.len()),
                    "{what}: callers {side}"
                );
                assert_eq!(
                    *weight,
                    cut.iter().map(|(_, w, _)| w).sum::<i64>(),
                    "{what}"
                );
            }
            more => panic!("{what}: {} +N more nodes on one side", more.len()),
        }
    }
}

/// The server as it loads a fixture's profile: the workspace its `src/`.
fn server_index(fixture: &Path, profile: &Path, base: Option<&Path>, sample_type: &str) -> Index {
    let mut settings = serde_json::json!({
        "profile": profile.display().to_string(),
        "sampleType": sample_type,
    });
    if let Some(base) = base {
        settings["base"] = base.display().to_string().into();
        settings["compareMode"] = "diff_base".into();
    }
    let settings: Settings = serde_json::from_value(settings).unwrap();
    let roots: Vec<PathBuf> = [fixture.join("src")]
        .into_iter()
        .filter(|src| src.is_dir())
        .map(|src| std::fs::canonicalize(src).unwrap())
        .collect();
    let request = LoadRequest::from_settings(&settings, false, &roots);
    let loaded = Loaded::load(&request, &Workspace::scan(&roots, &[]), None)
        .unwrap_or_else(|e| panic!("{}: {e}", profile.display()));
    let st = loaded.sample_type_index(Some(sample_type)).unwrap();
    Index::build(std::sync::Arc::new(loaded), st)
}

/// `pprof.callGraph`'s edges into and out of the function, and its flat
/// and cum, are `go tool pprof -peek`'s, for the heaviest, inlined and
/// recursive functions of every profile and sample type (golden/peek/,
/// made by tests/fixtures/golden-peek.sh), and of comparisons.
#[test]
fn call_graph_edges_match_pprof_peek() {
    let mut checked = 0;
    let mut recursive = 0;
    let mut inlined = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|d| d.join("golden/peek").is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut reports: Vec<PathBuf> = std::fs::read_dir(dir.join("golden/peek"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        reports.sort();
        for report in reports {
            let what = report.display().to_string();
            let peek = Peek::read(&report);
            let file = report.file_name().unwrap().to_string_lossy().into_owned();
            // NAME.TYPE.txt, or NEW-vs-BASE.diff_base.TYPE.txt.
            let name = file.split('.').next().unwrap();
            let profiles = dir.join("profiles");
            let (profile, base) = match name.split_once("-vs-") {
                Some((new, base)) => (new, Some(profiles.join(format!("{base}.pb.gz")))),
                None => (name, None),
            };
            let profile = profiles.join(format!("{profile}.pb.gz"));
            let index = server_index(&dir, &profile, base.as_deref(), &peek.sample_type);
            assert!(!peek.entries.is_empty(), "{what}: no function peeked");
            for expected in &peek.entries {
                let function = index
                    .function_by_ref(&FunctionRef {
                        function: expected.name.clone(),
                        file: None,
                        start_line: None,
                    })
                    .unwrap_or_else(|| panic!("{what}: no function {}", expected.name));
                let mut expected = expected.clone();
                expected.callers.sort();
                expected.callees.sort();
                let neighbours: BTreeSet<&str> = expected
                    .callers
                    .iter()
                    .chain(&expected.callees)
                    .map(|(name, ..)| name.as_str())
                    .collect();
                let graph = call_graph(&index, function, 1);
                if neighbours.len() > NEIGHBOUR_CAP {
                    check_capped(&graph, &expected, &what);
                    checked += 1;
                    continue;
                }
                assert_eq!(graph_entry(&graph), expected, "{what}: depth 1");
                assert_eq!(
                    graph.nodes.len(),
                    neighbours.len() + 1,
                    "{what}: {}'s nodes at depth 1 are it and its neighbours",
                    expected.name
                );
                // Deeper, the edges of the function are the same.
                let deeper = call_graph(&index, function, DEFAULT_DEPTH);
                assert_eq!(graph_entry(&deeper), expected, "{what}: default depth");
                let names: BTreeSet<&str> = expected
                    .callers
                    .iter()
                    .map(|(caller, ..)| caller.as_str())
                    .collect();
                if expected
                    .callees
                    .iter()
                    .any(|(callee, ..)| names.contains(callee.as_str()))
                {
                    recursive += 1;
                }
                if expected
                    .callers
                    .iter()
                    .chain(&expected.callees)
                    .any(|(_, _, inline)| *inline)
                {
                    inlined += 1;
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 100, "only {checked} functions peeked");
    assert!(
        recursive >= 5,
        "only {recursive} recursive functions peeked"
    );
    assert!(
        inlined >= 20,
        "only {inlined} functions with inlined calls peeked"
    );
}
