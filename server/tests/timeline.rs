//! End to end: timelines (a folder, a glob, a URL polled over loopback)
//! of heap snapshots the tests write, steady growth flagged and garbage
//! not; goroutines counted where they wait, on a real Go program's
//! goroutine and goroutineleak profiles.

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use prost::Message;
use serde_json::{json, Value};
use support::{fixture, golden, uri, InProcess};

use pprof_lsp::proto;

const MB: i64 = 1 << 20;
const HOUR: i64 = 3_600_000_000_000;
/// A fixed time, so that the labels do not depend on when the test runs.
const START: i64 = 1_790_000_000_000_000_000;

/// The workspace's source: the leak and the garbage on lines of their own.
const STORE_GO: &str = "package app\n\ntype Store struct{ journal [][]byte }\n\n// Remember keeps a record for ever.\nfunc (s *Store) Remember(r []byte) {\n\tcopy := append([]byte(nil), r...)\n\t_ = copy\n\ts.journal = append(s.journal, r)\n\ts.journal = append(s.journal, make([]byte, 64<<10)) // leak\n}\n\n// Churn makes garbage.\nfunc Churn() int {\n\tn := 0\n\tfor i := 0; i < 3; i++ {\n\t\tn += i\n\t}\n\t_ = n\n\treturn len(make([]byte, 1<<20)) // garbage\n}\n";
const LEAK_LINE: i64 = 10;
const GARBAGE_LINE: i64 = 20;
const BUFFER_LINE: i64 = 7;

/// A Go-like heap profile built from the store's three sites: what
/// `inuse_space` holds of each (bytes) at `time_nanos`.
fn heap_snapshot(time_nanos: i64, leak: i64, garbage: i64, buffer: i64) -> Vec<u8> {
    let mut strings = vec![String::new()];
    let mut string = |s: &str| {
        strings.push(s.to_string());
        strings.len() as i64 - 1
    };
    let sample_types = [
        "alloc_objects",
        "alloc_space",
        "inuse_objects",
        "inuse_space",
    ]
    .iter()
    .map(|kind| proto::ValueType {
        r#type: string(kind),
        unit: string(if kind.ends_with("objects") {
            "count"
        } else {
            "bytes"
        }),
    })
    .collect();
    let store = string("/home/ci/build/app/store.go");
    let main_go = string("/home/ci/build/app/main.go");
    let functions = vec![
        proto::Function {
            id: 1,
            name: string("example.com/app.(*Store).Remember"),
            system_name: 0,
            filename: store,
            start_line: 6,
        },
        proto::Function {
            id: 2,
            name: string("example.com/app.Churn"),
            system_name: 0,
            filename: store,
            start_line: 14,
        },
        proto::Function {
            id: 3,
            name: string("main.main"),
            system_name: 0,
            filename: main_go,
            start_line: 3,
        },
    ];
    let location = |id: u64, function_id: u64, line: i64| proto::Location {
        id,
        line: vec![proto::Line {
            function_id,
            line,
            column: 0,
        }],
        ..Default::default()
    };
    let locations = vec![
        location(1, 1, LEAK_LINE),
        location(2, 2, GARBAGE_LINE),
        location(3, 1, BUFFER_LINE),
        location(4, 3, 5),
    ];
    let sample = |leaf: u64, bytes: i64| proto::Sample {
        location_id: vec![leaf, 4],
        // Objects of 64 kB: alloc counts everything ever made, inuse what is held.
        value: vec![bytes / 65536 * 3, bytes * 3, bytes / 65536, bytes],
        label: vec![],
    };
    let profile = proto::Profile {
        sample_type: sample_types,
        sample: vec![sample(1, leak), sample(2, garbage), sample(3, buffer)],
        location: locations,
        function: functions,
        string_table: strings,
        time_nanos,
        period: 4096,
        ..Default::default()
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&profile.encode_to_vec()).unwrap();
    gz.finish().unwrap()
}

/// The series the tests write: the leak rises at every snapshot, the
/// garbage comes and goes (and ends high), the buffer stays.
const LEAK: [i64; 5] = [MB, 2 * MB, 3 * MB, 4 * MB, 5 * MB];
const GARBAGE: [i64; 5] = [3 * MB, MB, 4 * MB, MB, 5 * MB];
const BUFFER: i64 = 2 * MB;

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("app")).unwrap();
    std::fs::write(dir.path().join("app/store.go"), STORE_GO).unwrap();
    std::fs::write(
        dir.path().join("app/main.go"),
        "package main\n\nfunc main() {\n\n\tapp.Run()\n}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("snaps")).unwrap();
    for (i, (leak, garbage)) in LEAK.iter().zip(GARBAGE).enumerate() {
        let bytes = heap_snapshot(START + i as i64 * HOUR, *leak, garbage, BUFFER);
        std::fs::write(
            dir.path().join(format!("snaps/heap-{}.pb.gz", i + 1)),
            bytes,
        )
        .unwrap();
    }
    dir
}

fn diagnostics_of(client: &mut InProcess, skip: usize, file: &Path) -> Vec<Value> {
    let file_uri = uri(file);
    let published = client.wait_for(skip, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(file_uri)
    });
    published["params"]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn steady_lines(diagnostics: &[Value]) -> Vec<i64> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == "steady-growth")
        .map(|d| {
            assert_eq!(d["severity"], 3, "{d}");
            assert_eq!(d["source"], "pprof", "{d}");
            d["range"]["start"]["line"].as_i64().unwrap() + 1
        })
        .collect()
}

fn hover(client: &mut InProcess, file: &Path, line: i64) -> String {
    let result = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(file)}, "position": {"line": line - 1, "character": 2}}),
    );
    result["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_folder_of_snapshots_is_a_timeline_whose_steady_grower_is_flagged() {
    let dir = workspace();
    let store = dir.path().join("app/store.go");
    let mut client = InProcess::start(
        dir.path(),
        json!({"profile": "snaps"}),
        InProcess::default_capabilities(),
    );
    let status = client.wait_for_status(0);
    let snapshots = status["timeline"]["snapshots"].as_array().unwrap();
    let names: Vec<&str> = snapshots
        .iter()
        .map(|s| {
            Path::new(s["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        names,
        [
            "heap-1.pb.gz",
            "heap-2.pb.gz",
            "heap-3.pb.gz",
            "heap-4.pb.gz",
            "heap-5.pb.gz"
        ]
    );
    assert_eq!(snapshots[0]["role"], "base", "{status}");
    assert_eq!(snapshots[4]["role"], "shown", "{status}");
    assert_eq!(status["timeline"]["kind"], "folder");
    assert_eq!(status["comparison"], "diff_base", "inuse_space is a gauge");
    assert!(status["profile"]
        .as_str()
        .unwrap()
        .ends_with("heap-5.pb.gz"));

    client.open(&store);
    let diagnostics = diagnostics_of(&mut client, 0, &store);
    assert_eq!(steady_lines(&diagnostics), [LEAK_LINE], "{diagnostics:#?}");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("inuse_space grew at each of the last 5 snapshots: ▁▂▄▆█ 1 MB → 5 MB in 4h00m (+4 MB, +1 MB/h)"),
        "{message}"
    );

    // The comparison with the first snapshot, signed, and the series.
    let hints = client.hint_labels(&uri(&store));
    let leak_hint = hints.iter().find(|(l, _)| *l == LEAK_LINE as u64).unwrap();
    assert_eq!(leak_hint.1, "+4 MB flat · +4 MB cum");
    let text = hover(&mut client, &store, LEAK_LINE);
    assert!(
        text.contains("**Over the timeline** (5 snapshots"),
        "{text}"
    );
    assert!(
        text.contains("Grows steadily: it rose at each of the last 5 snapshots."),
        "{text}"
    );
    let garbage = hover(&mut client, &store, GARBAGE_LINE);
    assert!(garbage.contains("▄▁▆▁█ 3 MB → 5 MB"), "{garbage}");
    assert!(!garbage.contains("Grows steadily"), "{garbage}");

    let growth = client.command("pprof.growth", json!([])).unwrap();
    let rows = growth["rows"].as_array().unwrap();
    assert_eq!(rows[0]["function"], "example.com/app.(*Store).Remember");
    assert_eq!(rows[0]["steady"], true);
    // The function's flat: the leak and the buffer lines together.
    let values: Vec<i64> = LEAK.iter().map(|l| l + BUFFER).collect();
    assert_eq!(rows[0]["values"], json!(values));
    assert_eq!(rows[0]["ratePerHour"], json!(MB as f64));
    assert_eq!(rows[0]["rateLabel"], "+1 MB/h");
    assert_eq!(rows[0]["location"]["range"]["start"]["line"], LEAK_LINE - 1);
    let series = client
        .command(
            "pprof.series",
            json!([{"uri": uri(&store), "position": {"line": LEAK_LINE - 1, "character": 0}}]),
        )
        .unwrap();
    assert_eq!(series["function"], rows[0]["function"]);
    let points = series["points"].as_array().unwrap();
    let point_values: Vec<&Value> = points.iter().map(|p| &p["value"]).collect();
    let point_labels: Vec<&Value> = points.iter().map(|p| &p["label"]).collect();
    assert_eq!(json!(point_values), rows[0]["values"]);
    assert_eq!(json!(point_labels), rows[0]["valueLabels"]);
    let times: Vec<&Value> = points.iter().map(|p| &p["time"]).collect();
    let snapshot_times: Vec<&Value> = snapshots.iter().map(|s| &s["time"]).collect();
    assert_eq!(times, snapshot_times, "when each snapshot was taken");
    assert_eq!(points[4]["snapshot"], "heap-5.pb.gz");
    assert_eq!(series["text"], rows[0]["text"]);
    assert_eq!(series["rateLabel"], "+1 MB/h");
    assert_eq!(
        series["title"],
        "inuse_space of app.(*Store).Remember over 5 snapshots in 4h00m"
    );
    let churn = rows
        .iter()
        .find(|r| r["function"] == "example.com/app.Churn")
        .unwrap();
    assert_eq!(churn["steady"], false, "garbage is not a leak");
    assert_eq!(churn["values"], json!(GARBAGE));
    assert_eq!(
        growth["title"],
        "Growth of inuse_space over 5 snapshots in 4h00m"
    );
}

#[test]
fn a_new_snapshot_joins_and_the_oldest_leaves_beyond_keep_snapshots() {
    let dir = workspace();
    let mut client = InProcess::start(
        dir.path(),
        json!({"profile": "snaps", "keepSnapshots": 3}),
        InProcess::default_capabilities(),
    );
    let status = client.wait_for_status(0);
    let count = |status: &Value| status["timeline"]["snapshots"].as_array().unwrap().len();
    assert_eq!(count(&status), 3);
    let seen = client.notifications.len();
    let bytes = heap_snapshot(START + 5 * HOUR, 6 * MB, MB, BUFFER);
    std::fs::write(dir.path().join("snaps/heap-6.pb.gz"), bytes).unwrap();
    let status = client.wait_for(seen, |m| {
        m["method"] == "pprof/status"
            && m["params"]["loading"] == false
            && m["params"]["profile"]
                .as_str()
                .is_some_and(|p| p.ends_with("heap-6.pb.gz"))
    })["params"]
        .clone();
    let labels: Vec<&str> = status["timeline"]["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), 3, "{labels:?}");
    assert!(labels[0].starts_with("heap-4.pb.gz · "), "{labels:?}");
    assert!(labels[2].starts_with("heap-6.pb.gz · "), "{labels:?}");
    assert!(status["base"].as_str().unwrap().ends_with("heap-4.pb.gz"));
}

#[test]
fn a_pinned_snapshot_is_the_base_and_clear_base_stops_comparing() {
    let dir = workspace();
    let store = dir.path().join("app/store.go");
    let mut client = InProcess::start(
        dir.path(),
        json!({"profile": "snaps"}),
        InProcess::default_capabilities(),
    );
    client.wait_for_status(0);
    let pinned = dir.path().join("snaps/heap-3.pb.gz");
    let status = client
        .command("pprof.compareWith", json!([pinned.display().to_string()]))
        .unwrap();
    assert_eq!(status["base"], json!(pinned.display().to_string()));
    assert_eq!(status["timeline"]["snapshots"][2]["role"], "base");
    client.open(&store);
    let hints = client.hint_labels(&uri(&store));
    assert!(
        hints.contains(&(LEAK_LINE as u64, "+2 MB flat · +2 MB cum".into())),
        "{hints:?}"
    );
    // A new snapshot joins; the pinned base is taken back out of the last
    // comparison, not read again: the numbers are the same as if it were.
    let seen = client.notifications.len();
    let bytes = heap_snapshot(START + 5 * HOUR, 6 * MB, MB, BUFFER);
    std::fs::write(dir.path().join("snaps/heap-6.pb.gz"), bytes).unwrap();
    client.wait_for(seen, |m| {
        m["method"] == "pprof/status"
            && m["params"]["loading"] == false
            && m["params"]["profile"]
                .as_str()
                .is_some_and(|p| p.ends_with("heap-6.pb.gz"))
    });
    let hints = client.hint_labels(&uri(&store));
    assert!(
        hints.contains(&(LEAK_LINE as u64, "+3 MB flat · +3 MB cum".into())),
        "{hints:?}"
    );
    assert!(
        hints.contains(&(GARBAGE_LINE as u64, "−3 MB flat · −3 MB cum".into())),
        "{hints:?}"
    );
    let text = hover(&mut client, &store, LEAK_LINE);
    assert!(
        text.contains("heap-3.pb.gz: 3 MB flat, 3 MB cum; heap-6.pb.gz: 6 MB flat"),
        "{text}"
    );
    let status = client.command("pprof.clearBase", json!([])).unwrap();
    assert_eq!(status["base"], Value::Null);
    let hints = client.hint_labels(&uri(&store));
    assert!(
        hints.contains(&(LEAK_LINE as u64, "6 MB flat · 6 MB cum".into())),
        "{hints:?}"
    );
}

#[test]
fn a_glob_takes_its_matches_and_a_folder_leaves_out_other_kinds() {
    let dir = workspace();
    // A CPU profile among the snapshots.
    std::fs::copy(
        fixture("leakyfeed").join("profiles/cpu.pb.gz"),
        dir.path().join("snaps/cpu.pb.gz"),
    )
    .unwrap();
    let mut glob = InProcess::start(
        dir.path(),
        json!({"profile": "snaps/heap-[2-5].pb.gz"}),
        InProcess::default_capabilities(),
    );
    let status = glob.wait_for_status(0);
    assert_eq!(status["timeline"]["kind"], "glob");
    assert_eq!(status["timeline"]["snapshots"].as_array().unwrap().len(), 4);
    // The CPU profile, written last, is the newest file of the folder: the
    // timeline is its kind alone.
    let mut folder = InProcess::start(
        dir.path(),
        json!({"profile": "snaps"}),
        InProcess::default_capabilities(),
    );
    let status = folder.wait_for_status(0);
    assert_eq!(status["sampleType"], "cpu", "{status}");
    assert_eq!(status["timeline"]["snapshots"].as_array().unwrap().len(), 1);
    let error = folder.command("pprof.growth", json!([])).unwrap_err();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("no timeline"),
        "{error}"
    );
}

/// A tiny HTTP server on loopback: `/debug/pprof/heap` answers the next
/// snapshot of the series at each request (the last again when done).
fn serve(snapshots: Vec<Vec<u8>>) -> (String, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let served = Arc::new(Mutex::new(0usize));
    let count = served.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let n = stream.read(&mut request).unwrap_or(0);
            let request = String::from_utf8_lossy(&request[..n]).to_string();
            let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
            let (status, extra, body): (&str, String, Vec<u8>) =
                if path.starts_with("/debug/pprof/heap") {
                    let mut served = count.lock().unwrap();
                    let body = snapshots[(*served).min(snapshots.len() - 1)].clone();
                    *served += 1;
                    ("200 OK", String::new(), body)
                } else if path.starts_with("/elsewhere") {
                    (
                        "302 Found",
                        "Location: http://127.0.0.2:9/debug/pprof/heap\r\n".into(),
                        vec![],
                    )
                } else if path.starts_with("/html") {
                    (
                        "200 OK",
                        String::new(),
                        b"<html>pprof index</html>".to_vec(),
                    )
                } else {
                    (
                        "404 Not Found",
                        String::new(),
                        b"Unknown profile\n".to_vec(),
                    )
                };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (format!("http://{address}"), served)
}

#[test]
fn a_url_is_polled_into_a_timeline_and_its_leak_flagged() {
    let dir = workspace();
    let store = dir.path().join("app/store.go");
    let snapshots = LEAK
        .iter()
        .zip(GARBAGE)
        .enumerate()
        .map(|(i, (leak, garbage))| heap_snapshot(START + i as i64 * HOUR, *leak, garbage, BUFFER))
        .collect();
    let (server, served) = serve(snapshots);
    let cache = tempfile::tempdir().unwrap();
    // SAFETY: set before the server (in this process) reads it, and no
    // other test of this file reads XDG_CACHE_HOME.
    unsafe { std::env::set_var("XDG_CACHE_HOME", cache.path()) };
    let url = format!("{server}/debug/pprof/heap?gc=1");
    let mut client = InProcess::start(
        dir.path(),
        json!({"profile": url, "pollSeconds": 1}),
        InProcess::default_capabilities(),
    );
    client.open(&store);
    let status = client.wait_for(0, |m| {
        m["method"] == "pprof/status"
            && m["params"]["loading"] == false
            && m["params"]["timeline"]["snapshots"]
                .as_array()
                .is_some_and(|s| s.len() == 5)
    })["params"]
        .clone();
    assert_eq!(
        status["profile"],
        json!(url),
        "a URL's status names the URL"
    );
    assert_eq!(status["timeline"]["kind"], "url");
    assert_eq!(status["timeline"]["pollSeconds"], 1);
    let saved = status["timeline"]["snapshots"][4]["path"].as_str().unwrap();
    assert!(
        Path::new(saved).starts_with(cache.path().join("pprof-lsp/polls")),
        "{saved}"
    );
    assert!(*served.lock().unwrap() >= 5);
    // An answer is named by the endpoint and when it came, not its file.
    let label = status["timeline"]["snapshots"][4]["label"]
        .as_str()
        .unwrap();
    assert!(label.starts_with("heap at "), "{label}");
    let title = status["title"].as_str().unwrap();
    assert!(
        title.starts_with("heap at ") && title.contains("· Δ heap at "),
        "{title}"
    );
    let diagnostics = diagnostics_of(&mut client, 0, &store);
    let diagnostics = if steady_lines(&diagnostics).is_empty() {
        let skip = client.notifications.len();
        diagnostics_of(&mut client, skip, &store)
    } else {
        diagnostics
    };
    assert_eq!(steady_lines(&diagnostics), [LEAK_LINE], "{diagnostics:#?}");
}

#[test]
fn a_url_that_fails_says_why_in_one_message() {
    let (server, _) = serve(vec![heap_snapshot(START, MB, MB, MB)]);
    let dir = workspace();
    for (path, expected) in [
        (
            "/debug/pprof/nosuch",
            "the server answered 404 Not Found: Unknown profile",
        ),
        (
            "/elsewhere",
            "another host; only the configured URL is fetched",
        ),
        ("/html", "not a profile: this is XML or HTML text"),
    ] {
        let url = format!("{server}{path}");
        let mut client = InProcess::start(
            dir.path(),
            json!({"profile": url}),
            InProcess::default_capabilities(),
        );
        let shown = client.wait_for(0, |m| m["method"] == "window/showMessage");
        let message = shown["params"]["message"].as_str().unwrap();
        assert!(
            message.contains(&url) && message.contains(expected),
            "{message}"
        );
    }
    let refused = "http://127.0.0.1:9/debug/pprof/heap";
    let mut client = InProcess::start(
        dir.path(),
        json!({"profile": refused}),
        InProcess::default_capabilities(),
    );
    let shown = client.wait_for(0, |m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("nothing answers there (connection refused)"),
        "{message}"
    );
}

#[test]
fn goroutines_are_counted_where_they_wait_and_leaks_are_named() {
    let root = fixture("goleak");
    for (profile, golden_file) in [
        ("goroutine", "goroutine.goroutine.lines.txt"),
        ("goroutineleak", "goroutineleak.goroutineleak.lines.txt"),
    ] {
        let mut client = InProcess::start(
            &root.join("src"),
            json!({"profile": format!("../profiles/{profile}.pb.gz")}),
            InProcess::default_capabilities(),
        );
        let status = client.wait_for_status(0);
        assert_eq!(status["sampleType"], profile);
        let fetch = root.join("src/fetch/fetch.go");
        let fetch_uri = client.open(&fetch);
        let hints = client.hint_labels(&fetch_uri);
        // fetch.go:21 is the innermost frame of the user's code of the
        // goroutines blocked there: pprof's cum of the line counts them.
        let (_, cum) = golden(
            "goleak",
            golden_file,
            "example.com/goleak/fetch.Price.func1 /tmp/build/goleak/src/fetch/fetch.go:21",
        );
        let hint = hints
            .iter()
            .find(|(l, _)| *l == 21)
            .unwrap_or_else(|| panic!("{hints:?} {status}"));
        assert_eq!(
            hint.1,
            format!("{cum} waiting here · {cum} cum"),
            "{hints:?}"
        );
        let heat = client
            .command("pprof.fileHeat", json!([fetch_uri]))
            .unwrap();
        let shaded: Vec<i64> = heat["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["line"].as_i64().unwrap() + 1)
            .collect();
        assert!(shaded.contains(&21), "where they wait is shaded: {heat}");
        let text = hover(&mut client, &fetch, 21);
        assert!(
            text.contains(&format!("{cum} sending on a channel")),
            "{text}"
        );
        if profile == "goroutineleak" {
            assert!(
                text.contains("Leaked: Go's runtime found these goroutines"),
                "{text}"
            );
        } else {
            assert!(
                text.contains("lists only those that can never wake"),
                "{text}"
            );
        }
    }
}

#[test]
fn an_unreadable_snapshot_is_left_out_once_told() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("snaps/heap-3.pb.gz"),
        b"\x1f\x8b not really gzip",
    )
    .unwrap();
    let mut client = InProcess::start(
        dir.path(),
        json!({"profile": "snaps"}),
        InProcess::default_capabilities(),
    );
    let status = client.wait_for_status(0);
    assert_eq!(status["timeline"]["snapshots"].as_array().unwrap().len(), 4);
    let shown = client.wait_for(0, |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap()
                .contains("left out of the timeline")
    });
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("heap-3.pb.gz"), "{message}");
}
