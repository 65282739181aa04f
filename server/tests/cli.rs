//! `pprof-lsp top` as scripts use it.

mod support;

use std::process::Command;

use serde_json::{json, Value};
use support::top_report;

fn pprof_lsp(args: &[&str]) -> std::process::Output {
    let fixtures = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/leakyfeed/profiles"
    );
    Command::new(env!("CARGO_BIN_EXE_pprof-lsp"))
        .args(args.iter().map(|a| a.replace("FIX", fixtures)))
        .output()
        .unwrap()
}

/// The line `--json` must print for `json`: its keys in the documented
/// order (`sample_type`, `unit`, `total`, `rows`; a row's `function`,
/// `file`, `line`, `flat`, `cum`), with serde_json's compact spacing.
fn in_documented_order(json: &Value) -> String {
    let rows: Vec<String> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                r#"{{"function":{},"file":{},"line":{},"flat":{},"cum":{}}}"#,
                r["function"], r["file"], r["line"], r["flat"], r["cum"]
            )
        })
        .collect();
    format!(
        "{{\"sample_type\":{},\"unit\":{},\"total\":{},\"rows\":[{}]}}\n",
        json["sample_type"],
        json["unit"],
        json["total"],
        rows.join(",")
    )
}

#[test]
fn json_has_the_documented_shape_and_order() {
    let out = pprof_lsp(&[
        "top",
        "--json",
        "-n",
        "0",
        "--granularity",
        "lines",
        "FIX/heap-2.pb.gz",
    ]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json: Value = serde_json::from_str(&stdout).unwrap();
    // The raw text, not the parsed value (whose keys serde_json sorts).
    assert_eq!(stdout, in_documented_order(&json));
    let golden = top_report("leakyfeed", "heap-2.inuse_space.lines.txt");
    assert_eq!(json["sample_type"], golden.sample_type);
    assert_eq!(json["unit"], "bytes");
    assert_eq!(json["total"], golden.total);
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), golden.rows.len(), "-n 0 prints every row");
    let first = &rows[0];
    assert_eq!(
        (first["flat"].as_i64(), first["cum"].as_i64()),
        (Some(golden.rows[0].flat), Some(golden.rows[0].cum))
    );
    assert_eq!(
        golden.rows[0].name,
        format!(
            "{} {}:{}",
            first["function"].as_str().unwrap(),
            first["file"].as_str().unwrap(),
            first["line"]
        ),
        "pprof's first row names the same line"
    );
    let key = |r: &Value| {
        (
            r["flat"].as_i64().unwrap().abs(),
            r["cum"].as_i64().unwrap().abs(),
        )
    };
    assert!(
        rows.windows(2).all(|w| key(&w[0]) >= key(&w[1])),
        "sorted by flat, then cum, descending"
    );
    assert!(rows.iter().all(|r| r["flat"] != 0 || r["cum"] != 0));

    let functions = pprof_lsp(&["top", "--json", "-n", "2", "FIX/heap-2.pb.gz"]);
    let stdout = String::from_utf8(functions.stdout).unwrap();
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(stdout, in_documented_order(&json));
    assert_eq!(json["rows"].as_array().unwrap().len(), 2);
    assert_eq!(
        json["rows"][1]["function"],
        "example.com/leakyfeed/cache.(*Cache).Put"
    );
    assert_eq!(json["rows"][1]["line"], 20, "the function's start line");
}

#[test]
fn text_reads_like_pprof_top() {
    let out = pprof_lsp(&["top", "--diff-base", "FIX/heap-1.pb.gz", "FIX/heap-2.pb.gz"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Type: inuse_space (bytes allocated, still in use"),
        "{text}"
    );
    assert!(
        text.contains("Showing nodes accounting for 2.79MB, 77.96% of 3.58MB total"),
        "{text}"
    );
    assert!(
        text.contains(
            "  -852B 0.023% 77.91%      -852B 0.023%  fmt.(*buffer).writeString (inline)"
        ),
        "{text}"
    );
}

#[test]
fn a_missing_or_corrupt_file_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let corrupt = dir.path().join("corrupt.pb.gz");
    std::fs::write(&corrupt, b"\x1f\x8b\x08\x00garbage").unwrap();
    for path in [dir.path().join("missing.pb.gz"), corrupt] {
        let out = pprof_lsp(&["top", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with("pprof-lsp: ") && stderr.contains(path.to_str().unwrap()),
            "{stderr}"
        );
    }
    let out = pprof_lsp(&["top", "--sample-type", "nope", "FIX/heap-2.pb.gz"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("inuse_space"));
}

#[test]
fn help_and_version_work() {
    let help = pprof_lsp(&["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8(help.stdout).unwrap().contains("top"));
    let version = pprof_lsp(&["--version"]);
    assert_eq!(
        String::from_utf8(version.stdout).unwrap().trim(),
        format!("pprof-lsp {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn started_by_hand_in_a_terminal_it_says_it_waits_for_an_editor() {
    // util-linux's `script` gives it a terminal, as a person typing
    // `pprof-lsp` gets; `timeout` ends it.
    let command = format!("timeout 2 {}", env!("CARGO_BIN_EXE_pprof-lsp"));
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("util-linux's script");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].starts_with("pprof-lsp is a language server: it is waiting for an editor"),
        "{text}"
    );
    // From an editor (stdin a pipe) it says nothing: stdout is the protocol.
    let quiet = Command::new(env!("CARGO_BIN_EXE_pprof-lsp"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        quiet.stderr.is_empty() && quiet.stdout.is_empty(),
        "{quiet:?}"
    );
}

/// A heap profile (`inuse_space`) with one sample per function, each
/// allocating `bytes` from `main.go:line`, taken at `time_nanos`.
fn heap_snapshot(functions: &[(&str, i64, i64)], time_nanos: i64) -> Vec<u8> {
    use pprof_lsp::proto;
    use prost::Message;
    let mut strings = vec![
        String::new(),
        "inuse_space".into(),
        "bytes".into(),
        "/ci/app/main.go".into(),
    ];
    let mut profile = proto::Profile {
        sample_type: vec![proto::ValueType { r#type: 1, unit: 2 }],
        time_nanos,
        ..Default::default()
    };
    for (i, &(name, line, bytes)) in functions.iter().enumerate() {
        let id = i as u64 + 1;
        strings.push(name.to_string());
        profile.function.push(proto::Function {
            id,
            name: strings.len() as i64 - 1,
            system_name: strings.len() as i64 - 1,
            filename: 3,
            start_line: line - 1,
        });
        profile.location.push(proto::Location {
            id,
            line: vec![proto::Line {
                function_id: id,
                line,
                column: 0,
            }],
            ..Default::default()
        });
        profile.sample.push(proto::Sample {
            location_id: vec![id],
            value: vec![bytes],
            label: vec![],
        });
    }
    profile.string_table = strings;
    profile.encode_to_vec()
}

#[test]
fn growth_follows_a_timeline_and_flags_only_what_rises_at_every_step() {
    let dir = tempfile::tempdir().unwrap();
    const HOUR: i64 = 3_600_000_000_000;
    // leak rises at every step; garbage comes and goes; buffer is replaced
    // by one of the same size.
    let series = [
        ("snap-1.pb", [100_000, 50_000, 64_000]),
        ("snap-2.pb", [200_000, 10_000, 64_000]),
        ("snap-3.pb", [300_000, 60_000, 64_000]),
        ("snap-10.pb", [400_000, 20_000, 64_000]),
    ];
    for (hour, (name, [leak, garbage, buffer])) in series.iter().enumerate() {
        let profile = heap_snapshot(
            &[
                ("main.leak", 10, *leak),
                ("main.garbage", 20, *garbage),
                ("main.buffer", 30, *buffer),
            ],
            (hour as i64 + 1) * HOUR,
        );
        std::fs::write(dir.path().join(name), profile).unwrap();
    }
    // Given in name order: snap-10 sorts before snap-2 as text, not in time.
    let mut paths: Vec<String> = series
        .iter()
        .map(|(name, _)| dir.path().join(name).display().to_string())
        .collect();
    paths.sort();
    let mut args = vec!["growth", "--json"];
    args.extend(paths.iter().map(String::as_str));
    let out = pprof_lsp(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(r#"{"sample_type":"inuse_space","unit":"bytes","snapshots":[{"path":"#),
        "{stdout}"
    );
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let order: Vec<&str> = json["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(order, ["snap-1.pb", "snap-2.pb", "snap-3.pb", "snap-10.pb"]);
    let row = |name: &str| {
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["function"] == name)
            .cloned()
            .unwrap()
    };
    let leak = row("main.leak");
    assert_eq!(
        leak["values"],
        serde_json::json!([100_000, 200_000, 300_000, 400_000])
    );
    assert_eq!(leak["delta"], 300_000);
    assert_eq!(leak["rate_per_hour"], 100_000.0, "300 kB over 3 hours");
    assert_eq!(leak["steady"], true);
    assert_eq!(leak["line"], 9);
    assert_eq!(row("main.garbage")["steady"], false);
    assert_eq!(row("main.buffer")["steady"], false);
    assert_eq!(row("main.buffer")["delta"], 0);
    assert_eq!(json["rows"][0]["function"], "main.leak", "sorted by delta");
    let keys: Vec<&String> = json["rows"][0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 7);
}

#[test]
fn growth_of_the_demo_snapshots_is_pprofs_difference() {
    let out = pprof_lsp(&["growth", "--json", "FIX/heap-2.pb.gz", "FIX/heap-1.pb.gz"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let then = top_report("leakyfeed", "heap-1.inuse_space.functions.txt");
    let now = top_report("leakyfeed", "heap-2.inuse_space.functions.txt");
    let clone = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["function"] == "example.com/leakyfeed/cache.clone")
        .unwrap();
    let (a, b) = (then.row("cache.clone").flat, now.row("cache.clone").flat);
    assert_eq!(clone["values"], serde_json::json!([a, b]), "oldest first");
    assert_eq!(clone["delta"], b - a);
    assert_eq!(clone["steady"], false, "two snapshots are no trend");
}

/// Serves each file of `bodies` once per request, in turn, on loopback.
fn serve_files(bodies: Vec<Vec<u8>>) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for (stream, body) in listener.incoming().zip(bodies.iter().cycle()) {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 2048];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
    });
    format!("http://{address}/debug/pprof/heap")
}

#[test]
fn a_url_is_read_like_a_file() {
    let fixtures = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/leakyfeed/profiles"
    );
    let heap_1 = std::fs::read(format!("{fixtures}/heap-1.pb.gz")).unwrap();
    let heap_2 = std::fs::read(format!("{fixtures}/heap-2.pb.gz")).unwrap();
    let url = serve_files(vec![heap_2.clone()]);
    let from_url = pprof_lsp(&["top", "--json", &url]);
    let from_file = pprof_lsp(&["top", "--json", "FIX/heap-2.pb.gz"]);
    assert!(
        from_url.status.success(),
        "{}",
        String::from_utf8_lossy(&from_url.stderr)
    );
    assert_eq!(from_url.stdout, from_file.stdout);

    let url = serve_files(vec![heap_1, heap_2]);
    let growth = pprof_lsp(&["growth", "--json", &url, &url]);
    assert!(
        growth.status.success(),
        "{}",
        String::from_utf8_lossy(&growth.stderr)
    );
    let growth: Value = serde_json::from_slice(&growth.stdout).unwrap();
    let by_file = pprof_lsp(&["growth", "--json", "FIX/heap-1.pb.gz", "FIX/heap-2.pb.gz"]);
    let by_file: Value = serde_json::from_slice(&by_file.stdout).unwrap();
    assert_eq!(growth["rows"], by_file["rows"]);

    let refused = pprof_lsp(&["top", "http://127.0.0.1:9/debug/pprof/heap"]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("nothing answers there"), "{message}");
}

#[test]
fn resolve_says_where_each_file_is_its_kind_and_whether_its_content_confirms_it() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/leakyfeed");
    // A Go installation with two of the profile's standard library files.
    let goroot = tempfile::tempdir().unwrap();
    for file in ["src/runtime/proc.go", "src/runtime/malloc.go"] {
        let path = goroot.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "package runtime\n").unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_pprof-lsp"))
        .args(["resolve", "--json", "--root"])
        .arg(format!("{fixtures}/src"))
        .arg(format!("{fixtures}/profiles/heap-2.pb.gz"))
        .env("GOROOT", goroot.path())
        .env("GOMODCACHE", "/nonexistent")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with(r#"{"total":"#), "{text}");
    let json: Value = serde_json::from_str(&text).unwrap();
    let files = json["files"].as_array().unwrap();
    let file = |suffix: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("no {suffix} in {text}"))
    };
    // The documented key order, as printed.
    let first = &text[text.find(r#""files":[{"#).unwrap()..];
    let first = &first[..first.find('}').unwrap()];
    let at = |key: &str| first.find(&format!("\"{key}\":")).unwrap_or(usize::MAX);
    let order = ["path", "resolved", "kind", "rule", "confirmed", "cum"].map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{first}");
    let cache = file("cache/cache.go");
    assert_eq!(cache["kind"], "workspace");
    assert_eq!(cache["confirmed"], true);
    assert!(cache["resolved"]
        .as_str()
        .unwrap()
        .ends_with("src/cache/cache.go"));
    let proc = file("runtime/proc.go");
    assert_eq!(proc["kind"], "stdlib");
    assert_eq!(
        proc["resolved"],
        json!(goroot
            .path()
            .join("src/runtime/proc.go")
            .display()
            .to_string())
    );
    let missing = file("runtime/slice.go");
    assert_eq!(missing["kind"], "unresolved");
    assert!(
        missing["rule"].as_str().unwrap().contains("not in"),
        "{missing}"
    );
    // A file's cum is pprof's, from its -top at files granularity (which
    // lists a file once per function start line: one that has one row).
    let golden = top_report("leakyfeed", "heap-2.inuse_space.files.txt");
    assert_eq!(
        file("textutil/slug.go")["cum"],
        json!(golden.row("textutil/slug.go").cum)
    );
}

/// The text report ends with each reason once, the share of the total in
/// each kind of code, and for your own files not found the pathMappings
/// entry to write.
#[test]
fn resolve_text_says_where_the_total_is_and_what_to_map() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/leakyfeed");
    let elsewhere = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_pprof-lsp"))
        .args(["resolve", "--root"])
        .arg(elsewhere.path())
        .arg(format!("{fixtures}/profiles/heap-2.pb.gz"))
        .env("GOROOT", "/nonexistent")
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let golden = top_report("leakyfeed", "heap-2.inuse_space.files.txt");
    // pprof's -files rows of the workspace's own files: their flat share.
    let yours: i64 = golden
        .rows
        .iter()
        .filter(|r| r.name.starts_with("/home/runner/work/leakyfeed/leakyfeed/"))
        .map(|r| r.flat)
        .sum();
    let share = format!("{:.2}%", 100.0 * yours as f64 / golden.total as f64);
    assert!(
        text.lines().any(|l| l.starts_with("  your code")
            && l.contains(&share)
            && l.ends_with("none of it found here")),
        "{share} in {text}"
    );
    assert_eq!(
        text.matches("no Go installation was found here").count(),
        1,
        "{text}"
    );
    assert!(
        text.contains(
            r#"{"from": "/home/runner/work/leakyfeed/leakyfeed/", "to": "<that folder here>"}"#
        ),
        "{text}"
    );
}

/// The CLI's own words for what the bad-input corpus (corpus.rs) does not
/// cover: a base of another kind names both files and both kinds, and the
/// size limit names the CLI's flag.
#[test]
fn a_comparison_of_two_kinds_and_the_size_limit_name_files_and_flags() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/leakyfeed/profiles"
    );
    let good = std::fs::read(format!("{fixture}/heap-2.pb.gz")).unwrap();
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&good[..]), &mut raw).unwrap();
    let gzip = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    };
    // A base of another kind: both files, both kinds.
    let out = pprof_lsp(&["top", "--diff-base", "FIX/cpu.pb.gz", "FIX/heap-2.pb.gz"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains(
            "cannot compare heap-2.pb.gz (a heap profile) with the base cpu.pb.gz (a CPU profile)"
        ),
        "{stderr}"
    );
    // The CLI's limit is its flag: a profile with 2 MB of an unknown field
    // (accepted, skipped) is refused at 1 MB.
    let mut padded = raw.clone();
    padded.extend([0xa2, 0x06, 0x80, 0x89, 0x7a]); // field 100, 2,000,000 bytes
    padded.extend(std::iter::repeat_n(0u8, 2_000_000));
    let big = dir.path().join("big.pb.gz");
    std::fs::write(&big, gzip(&padded)).unwrap();
    let out = pprof_lsp(&["top", "--max-profile-mb", "1", big.to_str().unwrap()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("more than 1 MB") && stderr.contains("--max-profile-mb"),
        "{stderr}"
    );
    let out = pprof_lsp(&["top", "-n", "1", big.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "unknown fields are skipped: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
