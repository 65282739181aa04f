//! The engine against `go tool pprof`: every fixture under tests/fixtures
//! holds profiles and pprof's own `-top` output for them (golden/), made by
//! tests/fixtures/golden.sh. Every profile, sample type, granularity and
//! comparison found there must give pprof's numbers exactly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pprof_lsp::analysis::{
    compare, row_label, Analysis, CompareMode, Granularity, NodeTables, Views,
};
use pprof_lsp::profile::{read_file, DecodeLimits, Profile};

/// The fixtures folder; GOLDEN_FIXTURES points the tests at another one
/// (e.g. profiles and goldens made on another machine).
fn fixtures() -> PathBuf {
    match std::env::var_os("GOLDEN_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures"),
    }
}

/// One `-top` report: total, and flat/cum/inline mark per printed name.
#[derive(Debug, Default)]
struct Report {
    total: i64,
    rows: BTreeMap<String, Vec<(i64, i64, Option<String>)>>,
}

fn number(text: &str) -> i64 {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    digits
        .parse()
        .unwrap_or_else(|_| panic!("not an exact value: {text:?}"))
}

fn parse_report(text: &str) -> Report {
    let mut report = Report::default();
    let mut in_rows = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("Showing nodes accounting for ") {
            let total = rest
                .rsplit(" of ")
                .next()
                .unwrap()
                .trim_end_matches(" total");
            report.total = number(total);
            continue;
        }
        if line.trim_start().starts_with("flat  flat%") {
            in_rows = true;
            continue;
        }
        if !in_rows || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (flat, cum) = (number(fields[0]), number(fields[3]));
        let mut name = fields[5..].join(" ");
        let mut mark = None;
        for suffix in [" (inline)", " (partial-inline)"] {
            if let Some(stripped) = name.strip_suffix(suffix) {
                mark = Some(suffix.trim().to_string());
                name = stripped.to_string();
            }
        }
        report.rows.entry(name).or_default().push((flat, cum, mark));
    }
    report
}

fn our_report(
    profile: &Profile,
    sample_type: &str,
    granularity: Granularity,
    total: Option<Vec<i64>>,
) -> Report {
    let index = profile.sample_type_index(sample_type).expect("sample type");
    let tables = NodeTables::build(profile);
    let analysis = Analysis::compute(profile, &tables, index, total.map(|t| t[index]), Views::ALL);
    let values = analysis.values(granularity);
    let mut report = Report {
        total: analysis.total,
        ..Default::default()
    };
    for row in analysis.top(&tables, granularity) {
        let name = row_label(&tables, granularity, row.node);
        let mark = values.inline_mark(row.node).map(str::to_string);
        report
            .rows
            .entry(name)
            .or_default()
            .push((row.flat, row.cum, mark));
    }
    report
}

fn load(path: &Path) -> Profile {
    read_file(path, DecodeLimits::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// (fixture dir, golden file name parts split on '.')
fn golden_files() -> Vec<(PathBuf, PathBuf, Vec<String>)> {
    let mut found = Vec::new();
    for fixture in std::fs::read_dir(fixtures()).unwrap() {
        let fixture = fixture.unwrap().path();
        let golden = fixture.join("golden");
        if !golden.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&golden).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            let parts: Vec<String> = name
                .trim_end_matches(".txt")
                .split('.')
                .map(str::to_string)
                .collect();
            found.push((fixture.clone(), file, parts));
        }
    }
    found.sort();
    assert!(
        found.len() > 10,
        "no golden files found under {}",
        fixtures().display()
    );
    found
}

fn assert_same(expected: &Report, actual: &Report, what: &str) {
    assert_eq!(expected.total, actual.total, "{what}: total");
    assert!(
        !expected.rows.is_empty(),
        "{what}: the golden file has no rows"
    );
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
    for (fixture, file, parts) in golden_files() {
        let [name, sample_type, granularity] = &parts[..] else {
            continue;
        };
        let granularity = match granularity.as_str() {
            "functions" => Granularity::Functions,
            "lines" => Granularity::Lines,
            _ => continue,
        };
        let profile = load(&fixture.join("profiles").join(format!("{name}.pb.gz")));
        let expected = parse_report(&std::fs::read_to_string(&file).unwrap());
        let actual = our_report(&profile, sample_type, granularity, None);
        assert_same(&expected, &actual, &file.display().to_string());
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} golden reports checked");
}

#[test]
fn files_match_pprof_summed_over_its_per_function_repetition() {
    let mut checked = 0;
    for (fixture, file, parts) in golden_files() {
        let [name, sample_type, granularity] = &parts[..] else {
            continue;
        };
        if granularity != "files" {
            continue;
        }
        let profile = load(&fixture.join("profiles").join(format!("{name}.pb.gz")));
        let expected = parse_report(&std::fs::read_to_string(&file).unwrap());
        let actual = our_report(&profile, sample_type, Granularity::Files, None);
        assert_eq!(expected.total, actual.total, "{}", file.display());
        assert_eq!(
            expected.rows.keys().collect::<Vec<_>>(),
            actual.rows.keys().collect::<Vec<_>>(),
            "{}",
            file.display()
        );
        for (path, rows) in &expected.rows {
            let (flat, cum, _) = &actual.rows[path][0];
            // pprof lists a file once per function start line: flats add
            // up; a file's cum lies between the largest and the sum.
            assert_eq!(
                rows.iter().map(|r| r.0).sum::<i64>(),
                *flat,
                "{}: {path} flat",
                file.display()
            );
            let largest = rows.iter().map(|r| r.1).max().unwrap();
            let sum: i64 = rows.iter().map(|r| r.1).sum();
            assert!(
                largest <= *cum && *cum <= sum,
                "{}: {path} cum {cum} not in {largest}..={sum}",
                file.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} golden reports checked");
}

#[test]
fn comparisons_match_pprof_diff_base_and_base() {
    let mut checked = 0;
    for (fixture, file, parts) in golden_files() {
        let [pair, mode, sample_type, granularity] = &parts[..] else {
            continue;
        };
        let Some((new, base)) = pair.split_once("-vs-") else {
            continue;
        };
        let mode = match mode.as_str() {
            "diff_base" => CompareMode::Diff,
            "base" => CompareMode::Subtract,
            other => panic!("unknown comparison {other}"),
        };
        assert_eq!(granularity, "functions");
        let profiles = fixture.join("profiles");
        let new = load(&profiles.join(format!("{new}.pb.gz")));
        let base = load(&profiles.join(format!("{base}.pb.gz")));
        let comparison = compare(&new, &base, mode).unwrap();
        let expected = parse_report(&std::fs::read_to_string(&file).unwrap());
        let actual = our_report(
            &comparison.profile,
            sample_type,
            Granularity::Functions,
            comparison.totals,
        );
        assert_same(&expected, &actual, &file.display().to_string());
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} comparisons checked");
}

#[test]
fn the_default_sample_type_is_pprofs() {
    let mut checked = 0;
    for (fixture, file, parts) in golden_files() {
        let [name, kind] = &parts[..] else { continue };
        if kind != "default" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let expected = text
            .lines()
            .find_map(|l| l.strip_prefix("Type: "))
            .expect("a Type: line");
        let profile = load(&fixture.join("profiles").join(format!("{name}.pb.gz")));
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
    let path = fixtures().join("bigcpu/profiles/cpu-empty.pb.gz");
    if !path.exists() {
        return; // GOLDEN_FIXTURES points elsewhere
    }
    let profile = load(&path);
    let report = our_report(&profile, "cpu", Granularity::Functions, None);
    assert_eq!(report.total, 0);
    assert!(report.rows.is_empty());
}

#[test]
fn legacy_formats_are_named_with_the_way_to_convert_them() {
    let dir = fixtures().join("legacy/profiles");
    if !dir.exists() {
        return;
    }
    for (file, kind) in [
        ("heap.debug1.txt", "heap"),
        ("mutex.debug1.txt", "mutex"),
        ("goroutine.debug1.txt", "goroutine"),
    ] {
        let error = read_file(&dir.join(file), DecodeLimits::default())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(kind) && error.contains("go tool pprof -proto"),
            "{file}: {error}"
        );
    }
    let error = read_file(&dir.join("goroutine.debug2.txt"), DecodeLimits::default())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("goroutine stack dump") && error.contains("debug=0"),
        "{error}"
    );
}
