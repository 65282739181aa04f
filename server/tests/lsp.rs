//! End-to-end: the server on the leakyfeed workspace, driven in process
//! (and once as the real binary over stdio), with expectations read from
//! `go tool pprof`'s own reports (golden/).

mod support;

use serde_json::{json, Value};
use support::{fixture, golden, label, top_report, uri, workspace_copy, Client, InProcess};

const CACHE_GO: &str = "src/cache/cache.go";
const PUT_LINE_23: &str =
    "cache.(*Cache).Put /home/runner/work/leakyfeed/leakyfeed/cache/cache.go:23";

fn start_on_heap2() -> InProcess {
    let root = fixture("leakyfeed");
    let mut client = InProcess::start(
        &root,
        json!({"profile": "profiles/heap-2.pb.gz"}),
        InProcess::default_capabilities(),
    );
    let status = client.wait_for_status(0);
    assert_eq!(status["sampleType"], "inuse_space");
    client
}

fn hint_for(golden_file: &str, row: &str) -> String {
    let (flat, cum) = golden("leakyfeed", golden_file, row);
    format!(
        "{} flat · {} cum",
        label(flat, "bytes"),
        label(cum, "bytes")
    )
}

#[test]
fn the_binary_serves_lsp_over_stdio() {
    let root = fixture("leakyfeed");
    let mut client = Client::start(
        &root,
        json!({"profile": "profiles/heap-2.pb.gz"}),
        Client::default_capabilities(),
    );
    let status = client.wait_for_status(0);
    assert_eq!(status["sampleType"], "inuse_space");
    let cache = client.open(&root.join(CACHE_GO));
    let hints = client.hint_labels(&cache);
    assert!(
        hints.contains(&(23, hint_for("heap-2.inuse_space.lines.txt", PUT_LINE_23))),
        "{hints:?}"
    );
    client.request("shutdown", Value::Null);
}

#[test]
fn hints_show_pprofs_numbers_on_the_leaking_lines() {
    let mut client = start_on_heap2();
    let cache = client.open(&client.root.join(CACHE_GO));
    let hints = client.hint_labels(&cache);
    let lines = "heap-2.inuse_space.lines.txt";
    assert!(
        hints.contains(&(23, hint_for(lines, PUT_LINE_23))),
        "{hints:?}"
    );
    assert!(
        hints.contains(&(
            24,
            hint_for(
                lines,
                "cache.(*Cache).Put /home/runner/work/leakyfeed/leakyfeed/cache/cache.go:24"
            )
        )),
        "{hints:?}"
    );
    assert!(
        hints.contains(&(
            43,
            hint_for(
                lines,
                "cache.clone /home/runner/work/leakyfeed/leakyfeed/cache/cache.go:43"
            )
        )),
        "{hints:?}"
    );
    // The hint sits at the end of its line.
    let text = std::fs::read_to_string(client.root.join(CACHE_GO)).unwrap();
    let line_43 = text.lines().nth(42).unwrap().encode_utf16().count() as u64;
    let hint = client
        .inlay_hints(&cache)
        .into_iter()
        .find(|h| h["position"]["line"] == 42)
        .unwrap();
    assert_eq!(hint["position"]["character"], line_43);

    let (flat, cum) = golden(
        "leakyfeed",
        lines,
        "cache.clone /home/runner/work/leakyfeed/leakyfeed/cache/cache.go:43",
    );
    assert_eq!(
        (hint["data"]["flat"].as_i64(), hint["data"]["cum"].as_i64()),
        (Some(flat), Some(cum)),
        "exact values"
    );

    // The tooltip comes on resolve, with shares and plain words.
    let resolved = client.request("inlayHint/resolve", hint.clone());
    let tooltip = resolved["tooltip"]["value"].as_str().unwrap();
    assert!(
        tooltip.contains("(43.83% of the total)") && tooltip.contains("still in use"),
        "{tooltip}"
    );

    // A file the editor has not opened gets its hints at the line ends too.
    let main_go = client.root.join("src/main.go");
    let unopened = client.inlay_hints(&uri(&main_go));
    let tree_text = std::fs::read_to_string(&main_go).unwrap();
    assert!(!unopened.is_empty());
    for hint in &unopened {
        let line = hint["position"]["line"].as_u64().unwrap() as usize;
        assert_eq!(
            hint["position"]["character"],
            tree_text.lines().nth(line).unwrap().encode_utf16().count() as u64
        );
    }

    // main.go resolves from a CI path with nothing in common but the name,
    // through the prefix the other files share.
    let main = client.open(&client.root.join("src/main.go"));
    let hints = client.hint_labels(&main);
    assert!(
        hints.contains(&(
            36,
            hint_for(
                lines,
                "main.main /home/runner/work/leakyfeed/leakyfeed/main.go:36"
            )
        )),
        "{hints:?}"
    );
    // Lines under 0.5% of the total are not shown (main.go:35 is 0.0093%).
    assert!(!hints.iter().any(|(line, _)| *line == 35), "{hints:?}");
}

#[test]
fn a_lens_sits_on_cache_put_with_flat_cum_and_shares() {
    let mut client = start_on_heap2();
    let cache = client.open(&client.root.join(CACHE_GO));
    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": cache}}),
    );
    let put = lenses
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["range"]["start"]["line"] == 19)
        .unwrap_or_else(|| panic!("no lens on line 20 (func (c *Cache) Put): {lenses:#}"));
    let (flat, cum) = golden(
        "leakyfeed",
        "heap-2.inuse_space.functions.txt",
        "cache.(*Cache).Put",
    );
    let title = put["command"]["title"].as_str().unwrap();
    assert_eq!(
        title,
        format!(
            "pprof: {} flat (30.66%) · {} cum (74.50%)",
            label(flat, "bytes"),
            label(cum, "bytes")
        )
    );
    assert_eq!(put["command"]["command"], "pprof.showCallers");
    assert_eq!(
        (put["data"]["flat"].as_i64(), put["data"]["cum"].as_i64()),
        (Some(flat), Some(cum)),
        "exact values"
    );
    let callers = client
        .command("pprof.showCallers", put["command"]["arguments"].clone())
        .unwrap();
    assert_eq!(callers["callers"][0]["function"], "main.serve");
    assert_eq!(
        callers["callers"][0]["location"]["range"]["start"]["line"], 52,
        "{callers:#}"
    );
    assert_eq!(
        callers["callees"][0]["function"],
        "example.com/leakyfeed/cache.clone"
    );
}

#[test]
fn hover_on_clone_shows_its_call_paths_and_plain_words() {
    let mut client = start_on_heap2();
    let cache = client.open(&client.root.join(CACHE_GO));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": cache}, "position": {"line": 42, "character": 3}}),
    );
    let text = hover["contents"]["value"]
        .as_str()
        .unwrap()
        .replace(&uri(&client.root), "file://WORKSPACE");
    assert!(
        text.contains("`main.main` → `main.serve` → `cache.(*Cache).Put` → `cache.clone`"),
        "{text}"
    );
    assert!(text.contains("still in use"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn workspace_symbols_list_the_heaviest_functions_first() {
    let mut client = start_on_heap2();
    let symbols = client.request("workspace/symbol", json!({"query": ""}));
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names[0].starts_with("cache.clone — "), "{names:?}");
    assert!(names[1].starts_with("cache.(*Cache).Put — "), "{names:?}");
    assert_eq!(
        symbols[0]["location"]["uri"],
        uri(&client.root.join(CACHE_GO))
    );
    assert_eq!(symbols[0]["location"]["range"]["start"]["line"], 41);
    let put = client.request("workspace/symbol", json!({"query": "Cache.Put"}));
    assert!(
        put[0]["name"]
            .as_str()
            .unwrap()
            .starts_with("cache.(*Cache).Put"),
        "{put:#}"
    );

    let top = client.command("pprof.top", json!([{"limit": 3}])).unwrap();
    let functions: Vec<&str> = top["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["function"].as_str().unwrap())
        .collect();
    assert_eq!(
        functions,
        [
            "example.com/leakyfeed/cache.clone",
            "example.com/leakyfeed/cache.(*Cache).Put",
            "runtime/pprof.StartCPUProfile"
        ]
    );
    assert!(
        top["rows"][2]["location"].is_null(),
        "the standard library is not in the workspace"
    );
    // A row leads to where the function allocates (clone's make, line 43),
    // and also says where it is declared (line 42).
    assert_eq!(top["rows"][0]["line"], 43);
    assert_eq!(top["rows"][0]["location"]["range"]["start"]["line"], 42);
    assert_eq!(top["rows"][0]["declaration"]["range"]["start"]["line"], 41);
}

#[test]
fn call_hierarchy_follows_the_profile() {
    let mut client = start_on_heap2();
    let cache = client.open(&client.root.join(CACHE_GO));
    let items = client.request(
        "textDocument/prepareCallHierarchy",
        json!({"textDocument": {"uri": cache}, "position": {"line": 19, "character": 17}}),
    );
    assert_eq!(items[0]["name"], "cache.(*Cache).Put");
    let incoming = client.request("callHierarchy/incomingCalls", json!({"item": items[0]}));
    assert_eq!(incoming[0]["from"]["name"], "main.serve");
    assert_eq!(incoming[0]["fromRanges"][0]["start"]["line"], 52);
    let outgoing = client.request("callHierarchy/outgoingCalls", json!({"item": items[0]}));
    assert_eq!(outgoing[0]["to"]["name"], "cache.clone");
    assert_eq!(
        outgoing[0]["fromRanges"][0]["start"]["line"], 22,
        "clone is called from line 23"
    );
}

#[test]
fn switching_the_sample_type_changes_the_numbers() {
    let mut client = start_on_heap2();
    let cache = client.open(&client.root.join(CACHE_GO));
    let choices = client.command("pprof.selectSampleType", json!([])).unwrap();
    let names: Vec<&str> = choices["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "alloc_objects",
            "alloc_space",
            "inuse_objects",
            "inuse_space"
        ]
    );
    let seen = client.notifications.len();
    let status = client
        .command("pprof.selectSampleType", json!(["alloc_space"]))
        .unwrap();
    assert_eq!(status["sampleType"], "alloc_space");
    client.wait_for(seen, |m| m["method"] == "workspace/inlayHint/refresh");
    let hints = client.hint_labels(&cache);
    let lines = "heap-2.alloc_space.lines.txt";
    assert!(
        hints.contains(&(23, hint_for(lines, PUT_LINE_23))),
        "{hints:?}"
    );
    let error = client
        .command("pprof.selectSampleType", json!(["nope"]))
        .unwrap_err();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("no sample type \"nope\""),
        "{error}"
    );
}

#[test]
fn a_comparison_shows_what_grew() {
    let root = fixture("leakyfeed");
    let options = json!({"profile": "profiles/heap-2.pb.gz", "base": "profiles/heap-1.pb.gz"});
    let mut client = InProcess::start(&root, options, InProcess::default_capabilities());
    let status = client.wait_for_status(0);
    let report = top_report(
        "leakyfeed",
        "heap-2-vs-heap-1.diff_base.inuse_space.functions.txt",
    );
    assert_eq!(
        status["total"], report.total,
        "shares are of the base's total"
    );
    let cache = client.open(&root.join(CACHE_GO));
    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": cache}}),
    );
    let (flat, cum) = golden(
        "leakyfeed",
        "heap-2-vs-heap-1.diff_base.inuse_space.functions.txt",
        "cache.(*Cache).Put",
    );
    let put = lenses
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["range"]["start"]["line"] == 19)
        .unwrap();
    assert!(
        put["command"]["title"]
            .as_str()
            .unwrap()
            .contains(&format!("{} flat", label(flat, "bytes"))),
        "{put}"
    );
    assert!(
        put["command"]["title"]
            .as_str()
            .unwrap()
            .contains(&format!("{} cum", label(cum, "bytes"))),
        "{put}"
    );
}

#[test]
fn replacing_the_profile_reloads_and_a_corrupt_one_keeps_the_last_good() {
    let workspace = workspace_copy("leakyfeed");
    let root = workspace.path().canonicalize().unwrap();
    let current = root.join("profiles/current.pb.gz");
    std::fs::copy(root.join("profiles/heap-1.pb.gz"), &current).unwrap();
    let mut client = InProcess::start(
        &root,
        json!({"profile": "profiles/current.pb.gz"}),
        InProcess::default_capabilities(),
    );
    let first = client.wait_for_status(0);
    let cache = client.open(&root.join(CACHE_GO));
    let before = client.hint_labels(&cache);

    let seen = client.notifications.len();
    std::fs::copy(root.join("profiles/heap-2.pb.gz"), &current).unwrap();
    let second = client.wait_for_status(seen);
    assert_ne!(first["total"], second["total"]);
    client.wait_for(seen, |m| m["method"] == "workspace/codeLens/refresh");
    let after = client.hint_labels(&cache);
    assert_ne!(before, after);
    let lines = "heap-2.inuse_space.lines.txt";
    assert!(after.contains(&(23, hint_for(lines, PUT_LINE_23))));

    let seen = client.notifications.len();
    std::fs::write(&current, b"\x1f\x8bnot really gzip").unwrap();
    let message = client.wait_for(seen, |m| m["method"] == "window/showMessage");
    let text = message["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("current.pb.gz")
            && text.contains("gzip")
            && text.contains("last good profile"),
        "{text}"
    );
    assert_eq!(
        client.hint_labels(&cache),
        after,
        "the last good profile is still shown"
    );
}

#[test]
fn without_a_setting_it_finds_the_newest_profile_and_says_which() {
    let workspace = workspace_copy("leakyfeed");
    let root = workspace.path().canonicalize().unwrap();
    // The newest file wins: make heap-1 the newest.
    let newest = std::fs::File::options()
        .append(true)
        .open(root.join("profiles/heap-1.pb.gz"))
        .unwrap();
    newest
        .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(60))
        .unwrap();
    let mut client = InProcess::start(&root, Value::Null, InProcess::default_capabilities());
    let status = client.wait_for_status(0);
    assert!(
        status["profile"]
            .as_str()
            .unwrap()
            .ends_with("heap-1.pb.gz"),
        "{status}"
    );
    assert!(
        status["message"]
            .as_str()
            .unwrap()
            .starts_with("heap-1.pb.gz: inuse_space"),
        "{status}"
    );
    let told = client.wait_for(0, |m| m["method"] == "window/showMessage");
    let told = told["params"]["message"].as_str().unwrap();
    assert!(told.contains("heap-1.pb.gz, the newest profile"), "{told}");
}

/// The first message the server shows when started with these options.
fn first_message(options: Value) -> String {
    let mut client = InProcess::start(
        &fixture("leakyfeed"),
        options,
        InProcess::default_capabilities(),
    );
    let message = client.wait_for(0, |m| m["method"] == "window/showMessage");
    message["params"]["message"].as_str().unwrap().to_string()
}

#[test]
fn bad_settings_get_one_clear_message() {
    let missing = first_message(json!({"profile": "profiles/missing.pb.gz"}));
    assert!(missing.contains("missing.pb.gz: no such file"), "{missing}");
    let invalid = first_message(json!({"minShare": "lots"}));
    assert!(invalid.contains("invalid pprof settings"), "{invalid}");
}

#[test]
fn a_client_that_watches_files_itself_drives_the_reload() {
    let workspace = workspace_copy("leakyfeed");
    let root = workspace.path().canonicalize().unwrap();
    let current = root.join("profiles/current.pb.gz");
    std::fs::copy(root.join("profiles/heap-1.pb.gz"), &current).unwrap();
    let mut capabilities = InProcess::default_capabilities();
    capabilities["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"] = json!(true);
    let mut client = InProcess::start(
        &root,
        json!({"profile": "profiles/current.pb.gz"}),
        capabilities,
    );
    let registration = client.wait_for(0, |m| m["method"] == "client/registerCapability");
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert!(
        watchers
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["globPattern"] == "**/*.pb.gz"),
        "{registration}"
    );
    let first = client.wait_for_status(0);

    let seen = client.notifications.len();
    std::fs::copy(root.join("profiles/heap-2.pb.gz"), &current).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&current), "type": 2}]}),
    );
    let second = client.wait_for_status(seen);
    assert_ne!(first["total"], second["total"]);
}

#[test]
fn configuration_the_client_leaves_empty_keeps_the_initialization_options() {
    let root = fixture("leakyfeed");
    // As an editor whose pprof settings are unset: empty strings.
    let configuration = json!({"profile": "", "sampleType": "", "minShare": 0.5});
    let options = json!({"profile": "profiles/heap-1.pb.gz", "sampleType": "alloc_space"});
    let mut client = InProcess::start_with_configuration(
        &root,
        options,
        InProcess::default_capabilities(),
        configuration,
    );
    let status = client.wait_for_status(0);
    assert!(
        status["profile"]
            .as_str()
            .unwrap()
            .ends_with("heap-1.pb.gz"),
        "{status}"
    );
    assert_eq!(status["sampleType"], "alloc_space");
}

#[test]
fn a_file_with_hundreds_of_functions_gets_lenses_titled_on_resolve() {
    use pprof_lsp::proto;
    use prost::Message;
    // 300 functions in one file, one sample each: function i allocates
    // (i + 1) kB, so the heaviest is last.
    let dir = tempfile::tempdir().unwrap();
    let count = 300u64;
    let source: String = (0..count)
        .map(|i| {
            format!(
                "func F{i}() {{\n\tsink = make([]byte, {})\n}}\n",
                (i + 1) * 1024
            )
        })
        .collect();
    let file = dir.path().join("big/big.go");
    std::fs::create_dir(dir.path().join("big")).unwrap();
    std::fs::write(&file, format!("package big\n\n{source}")).unwrap();
    let mut strings = vec![String::new(), "inuse_space".into(), "bytes".into()];
    strings.push("/ci/build/big/big.go".into());
    let mut profile = proto::Profile {
        sample_type: vec![proto::ValueType { r#type: 1, unit: 2 }],
        ..Default::default()
    };
    for i in 0..count {
        strings.push(format!("big.F{i}"));
        let declaration = 3 + 3 * i as i64;
        profile.function.push(proto::Function {
            id: i + 1,
            name: strings.len() as i64 - 1,
            system_name: strings.len() as i64 - 1,
            filename: 3,
            start_line: declaration,
        });
        profile.location.push(proto::Location {
            id: i + 1,
            line: vec![proto::Line {
                function_id: i + 1,
                line: declaration + 1,
                column: 0,
            }],
            ..Default::default()
        });
        profile.sample.push(proto::Sample {
            location_id: vec![i + 1],
            value: vec![(i as i64 + 1) * 1024],
            label: vec![],
        });
    }
    profile.string_table = strings;
    std::fs::write(dir.path().join("big.pb"), profile.encode_to_vec()).unwrap();

    let mut client = InProcess::start(
        dir.path(),
        json!({"profile": "big.pb", "minShare": 0}),
        InProcess::default_capabilities(),
    );
    client.wait_for_status(0);
    let big = client.open(&file);
    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": big}}),
    );
    let lenses = lenses.as_array().unwrap();
    assert_eq!(lenses.len(), count as usize);
    assert!(
        lenses.iter().all(|l| l["command"].is_null()),
        "sent without their text: {:#}",
        lenses[0]
    );
    let last = lenses
        .iter()
        .find(|l| l["range"]["start"]["line"] == 3 * (count - 1) + 2)
        .expect("a lens on the last function's declaration");
    let resolved = client.request("codeLens/resolve", last.clone());
    let total: i64 = (1..=count as i64).map(|i| i * 1024).sum();
    let value = label(count as i64 * 1024, "bytes");
    let share = format!("{:.2}%", 100.0 * count as f64 * 1024.0 / total as f64);
    assert_eq!(
        resolved["command"]["title"],
        format!("pprof: {value} flat ({share}) · {value} cum ({share})")
    );
    assert_eq!(resolved["command"]["arguments"][0]["function"], "big.F299");
    assert_eq!(resolved["data"]["cum"], count * 1024);
}

#[test]
fn a_standard_library_file_opened_from_goroot_gets_numbers_and_lists_lead_there() {
    // Go's standard library here: tests/fixtures/goroot (see its README).
    let goroot_path = std::fs::canonicalize(fixture("goroot")).unwrap();
    let pprof_go = goroot_path.join("src/runtime/pprof/pprof.go");
    let workspace = workspace_copy("leakyfeed");
    let connection = support::StdioServer::with_env(&[("GOROOT", &goroot_path)]);
    let (mut client, _) = Client::initialize_on(
        connection,
        workspace.path(),
        json!({"profile": "profiles/heap-2.pb.gz"}),
        Client::default_capabilities(),
        Value::Null,
    );
    let status = client.wait_for_status(0);
    assert_eq!(status["libraryRoots"], json!([goroot_path]), "{status}");
    // The top row of StartCPUProfile opens its heaviest line there.
    let top = client.command("pprof.top", json!([{"limit": 5}])).unwrap();
    let row = top["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["function"] == "runtime/pprof.StartCPUProfile")
        .unwrap_or_else(|| panic!("{top}"));
    let golden_row = top_report("leakyfeed", "heap-2.inuse_space.lines.txt")
        .rows
        .into_iter()
        .find(|r| r.name.starts_with("runtime/pprof.StartCPUProfile "))
        .unwrap();
    let hot_line: u64 = golden_row.name.rsplit(':').next().unwrap().parse().unwrap();
    assert_eq!(row["location"]["uri"], uri(&pprof_go), "{row}");
    assert_eq!(row["location"]["range"]["start"]["line"], hot_line - 1);
    assert!(!row["where"]
        .as_str()
        .unwrap()
        .contains("not on this machine"));
    // Opened (after "go to definition", say), it has hints, a lens, a hover.
    let file = client.open(&pprof_go);
    let hints = client.hint_labels(&file);
    let (flat, cum) = (golden_row.flat, golden_row.cum);
    let want = format!(
        "{} flat · {} cum",
        label(flat, "bytes"),
        label(cum, "bytes")
    );
    assert!(
        hints.contains(&(hot_line, want.clone())),
        "{want} in {hints:?}"
    );
    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": file}}),
    );
    assert!(!lenses.as_array().unwrap().is_empty(), "{lenses}");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": file}, "position": {"line": hot_line - 1, "character": 0}}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("StartCPUProfile"),
        "{hover}"
    );
    // The mapping report calls it the standard library, confirmed.
    let report = client.command("pprof.mappingReport", json!([])).unwrap();
    let entry = report["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["uri"] == uri(&pprof_go))
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(entry["kind"], "stdlib", "{entry}");
    assert_eq!(entry["confirmed"], true, "{entry}");
    client.request("shutdown", Value::Null);
}
