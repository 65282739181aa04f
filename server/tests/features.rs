//! What the server shows, feature by feature, on the fixtures' real Go
//! profiles: each test is one feature and its snapshot is what an editor
//! gets (tests/snapshots/features__*.snap). The server runs in process;
//! the workspace is written `WORKSPACE` (`file://WORKSPACE` as a URI).
//! docs/server-interface.md documents every field seen here.

mod support;

use serde_json::{json, Value};
use support::{fixture, golden, label, top_report, uri, InProcess};

const MISSING: &str = "a field docs/server-interface.md documents is missing";

/// The server on a bundled fixture, its profile loaded.
fn start(fixture_name: &str, options: Value) -> InProcess {
    let mut client = InProcess::start(
        &fixture(fixture_name),
        options,
        InProcess::default_capabilities(),
    );
    client.wait_for_status(0);
    client
}

fn leakyfeed() -> InProcess {
    start("leakyfeed", json!({"profile": "profiles/heap-2.pb.gz"}))
}

/// The hints of a file as `LINE: LABEL` lines (1-based, as editors number).
fn hints(client: &mut InProcess, file: &str) -> String {
    let file = client.open(&client.root.join(file));
    client
        .hint_labels(&file)
        .iter()
        .map(|(line, label)| format!("{line}: {label}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A lens as `LINE: TITLE → COMMAND ARGUMENTS`.
fn lens_line(client: &InProcess, lens: &Value) -> String {
    let line = lens["range"]["start"]["line"].as_u64().unwrap() + 1;
    match lens.get("command").filter(|c| !c.is_null()) {
        Some(command) => format!(
            "{line}: {} → {} {}",
            command["title"].as_str().unwrap(),
            command["command"].as_str().unwrap(),
            client.placeholders(&command["arguments"])
        ),
        None => format!("{line}: (untitled)"),
    }
}

fn code_lenses(client: &mut InProcess, file: &str) -> Vec<Value> {
    let file = client.open(&client.root.join(file));
    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": file}}),
    );
    lenses.as_array().unwrap().clone()
}

/// A location as `URI:LINE` (1-based).
fn place(client: &InProcess, uri: &Value, range: &Value) -> String {
    format!(
        "{}:{}",
        client.placeholders_in(uri.as_str().unwrap()),
        range["start"]["line"].as_u64().unwrap() + 1
    )
}

fn hover(client: &mut InProcess, file: &str, line: u64) -> String {
    let file = client.open(&client.root.join(file));
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": file}, "position": {"line": line, "character": 6}}),
    );
    client.placeholders_in(hover["contents"]["value"].as_str().unwrap())
}

/// Where `pprof.top` says `function` is declared: (file URI, 0-based line).
fn declaration(client: &mut InProcess, function: &str) -> (String, u64) {
    let top = client
        .command("pprof.top", json!([{"limit": 1000}]))
        .unwrap();
    let row = top["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["function"] == function)
        .unwrap_or_else(|| panic!("{function} is not in pprof.top"))
        .clone();
    let declaration = &row["declaration"];
    (
        declaration["uri"].as_str().unwrap().to_string(),
        declaration["range"]["start"]["line"].as_u64().unwrap(),
    )
}

/// `value` for a snapshot: the workspace as a placeholder, and each LSP
/// Location (`{"uri", "range"}`) written `URI:LINE` (1-based).
fn readable(client: &InProcess, value: &Value) -> Value {
    fn locations(value: Value) -> Value {
        match value {
            Value::Object(object) if object.contains_key("uri") && object.contains_key("range") => {
                let line = object["range"]["start"]["line"].as_u64().unwrap() + 1;
                json!(format!("{}:{line}", object["uri"].as_str().unwrap()))
            }
            Value::Object(object) => {
                Value::Object(object.into_iter().map(|(k, v)| (k, locations(v))).collect())
            }
            Value::Array(items) => Value::Array(items.into_iter().map(locations).collect()),
            other => other,
        }
    }
    locations(client.placeholders(value))
}

fn path_in(client: &InProcess, file_uri: &str) -> String {
    file_uri
        .strip_prefix(&format!("{}/", uri(&client.root)))
        .unwrap_or_else(|| panic!("{file_uri} is not in the workspace"))
        .to_string()
}

// Inlay hints ------------------------------------------------------------

#[test]
fn inlay_hints_show_flat_and_cum_at_the_end_of_each_hot_line() {
    let mut client = leakyfeed();
    let hints = hints(&mut client, "src/cache/cache.go");
    // The numbers are pprof's (see lsp.rs); the snapshot shows the words.
    let (flat, cum) = golden("leakyfeed", "heap-2.inuse_space.lines.txt", "cache.go:43");
    assert!(
        hints.contains(&format!(
            "43: {} flat · {} cum",
            label(flat, "bytes"),
            label(cum, "bytes")
        )),
        "{hints}"
    );
    insta::assert_snapshot!("hints_leakyfeed_cache_go", hints);
}

#[test]
fn an_inlay_hint_resolves_to_a_tooltip_with_shares_and_plain_words() {
    let mut client = leakyfeed();
    let cache = client.open(&client.root.join("src/cache/cache.go"));
    let hint = client
        .inlay_hints(&cache)
        .into_iter()
        .find(|h| h["position"]["line"] == 42)
        .expect("a hint on line 43");
    let resolved = client.request("inlayHint/resolve", hint);
    insta::assert_snapshot!(
        "hint_tooltip_leakyfeed_clone",
        resolved["tooltip"]["value"].as_str().unwrap()
    );
}

#[test]
fn inlay_hints_of_a_block_profile_are_in_time_units() {
    let mut client = start("contention", json!({"profile": "profiles/block-2.pb.gz"}));
    insta::assert_snapshot!(
        "hints_contention_bank_go",
        hints(&mut client, "src/bank/bank.go")
    );
}

#[test]
fn inlay_hints_of_a_trimpath_cpu_profile_find_their_files() {
    let mut client = start("trimpath", json!({"profile": "profiles/cpu.pb.gz"}));
    insta::assert_snapshot!(
        "hints_trimpath_rec_go",
        hints(&mut client, "src/rec/rec.go")
    );
}

#[test]
fn inlay_hints_of_an_allocs_profile_open_on_alloc_space() {
    let mut client = start("allocs", json!({"profile": "profiles/allocs-2.pb.gz"}));
    insta::assert_snapshot!(
        "hints_allocs_records_go",
        hints(&mut client, "src/records/records.go")
    );
}

// Code lenses ------------------------------------------------------------

#[test]
fn code_lenses_sit_on_each_profiled_function() {
    let mut client = leakyfeed();
    let lenses = code_lenses(&mut client, "src/cache/cache.go");
    let text: Vec<String> = lenses.iter().map(|l| lens_line(&client, l)).collect();
    insta::assert_snapshot!("lenses_leakyfeed_cache_go", text.join("\n"));
}

#[test]
fn in_a_file_with_more_than_200_lenses_they_are_titled_on_resolve() {
    let mut client = start(
        "manyfuncs",
        json!({"profile": "profiles/heap.pb.gz", "minShare": 0}),
    );
    let lenses = code_lenses(&mut client, "src/pkg00/file00.go");
    assert!(lenses.len() > 200, "{} lenses", lenses.len());
    assert!(
        lenses.iter().all(|l| l["command"].is_null()),
        "sent without their titles"
    );
    let mut text = vec![format!("{} lenses, untitled", lenses.len())];
    for lens in lenses.iter().take(3).chain(lenses.last()) {
        let resolved = client.request("codeLens/resolve", lens.clone());
        text.push(lens_line(&client, &resolved));
    }
    insta::assert_snapshot!("lenses_manyfuncs_resolved", text.join("\n"));
}

#[test]
fn a_lens_sent_before_a_reload_resolves_with_the_new_numbers() {
    let mut client = start(
        "manyfuncs",
        json!({"profile": "profiles/heap.pb.gz", "minShare": 0}),
    );
    let lenses = code_lenses(&mut client, "src/pkg00/file00.go");
    let last = lenses.last().unwrap().clone();
    client
        .command("pprof.selectSampleType", json!(["alloc_space"]))
        .unwrap();
    let resolved = client.request("codeLens/resolve", last);
    let function = resolved["command"]["arguments"][0]["function"]
        .as_str()
        .unwrap()
        .to_string();
    let alloc = top_report("manyfuncs", "heap.alloc_space.functions.txt");
    let row = alloc.row(&function);
    let total = alloc.total;
    assert_eq!(
        resolved["command"]["title"],
        format!(
            "pprof: {} flat ({}) · {} cum ({})",
            label(row.flat, "bytes"),
            pprof_lsp::analysis::units::percentage(row.flat, total),
            label(row.cum, "bytes"),
            pprof_lsp::analysis::units::percentage(row.cum, total)
        ),
        "the function is named, not numbered: the new profile has it"
    );
}

// Hover ------------------------------------------------------------------

#[test]
fn hover_on_a_function_shows_its_paths_callers_callees_and_meaning() {
    let mut client = leakyfeed();
    insta::assert_snapshot!(
        "hover_leakyfeed_put",
        hover(&mut client, "src/cache/cache.go", 19)
    );
}

#[test]
fn hover_on_a_recursive_function_counts_each_sample_once() {
    let mut client = start("trimpath", json!({"profile": "profiles/cpu.pb.gz"}));
    let (file, line) = declaration(&mut client, "example.com/x/rec.Ping");
    let file = path_in(&client, &file);
    insta::assert_snapshot!("hover_trimpath_ping", hover(&mut client, &file, line));
}

#[test]
fn hover_on_a_contended_function_speaks_of_waiting() {
    let mut client = start("contention", json!({"profile": "profiles/block-2.pb.gz"}));
    let (file, line) = declaration(&mut client, "example.com/contention/bank.(*Bank).Transfer");
    let file = path_in(&client, &file);
    insta::assert_snapshot!("hover_contention_transfer", hover(&mut client, &file, line));
}

// Workspace symbols ------------------------------------------------------

fn symbols(client: &mut InProcess, query: &str) -> String {
    let symbols = client.request("workspace/symbol", json!({"query": query}));
    symbols
        .as_array()
        .unwrap()
        .iter()
        .take(10)
        .map(|s| {
            format!(
                "{} @ {}",
                s["name"].as_str().unwrap(),
                place(client, &s["location"]["uri"], &s["location"]["range"])
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn workspace_symbols_list_the_heaviest_functions_first() {
    let mut client = leakyfeed();
    insta::assert_snapshot!("symbols_leakyfeed_all", symbols(&mut client, ""));
    insta::assert_snapshot!("symbols_leakyfeed_query", symbols(&mut client, "Cache.Put"));
}

// Call hierarchy ---------------------------------------------------------

#[test]
fn call_hierarchy_is_the_profiles_call_graph() {
    let mut client = leakyfeed();
    let cache = client.open(&client.root.join("src/cache/cache.go"));
    let items = client.request(
        "textDocument/prepareCallHierarchy",
        json!({"textDocument": {"uri": cache}, "position": {"line": 19, "character": 17}}),
    );
    let item = items[0].clone();
    let mut text = vec![format!(
        "prepare: {} ({}) @ {}",
        item["name"].as_str().unwrap(),
        item["detail"].as_str().unwrap_or(""),
        place(&client, &item["uri"], &item["range"])
    )];
    let incoming = client.request("callHierarchy/incomingCalls", json!({"item": item}));
    for call in incoming.as_array().unwrap() {
        text.push(format!(
            "incoming: {} ({}) calls from {}",
            call["from"]["name"].as_str().unwrap(),
            call["from"]["detail"].as_str().unwrap_or(""),
            place(&client, &call["from"]["uri"], &call["fromRanges"][0])
        ));
    }
    let outgoing = client.request("callHierarchy/outgoingCalls", json!({"item": item}));
    for call in outgoing.as_array().unwrap() {
        text.push(format!(
            "outgoing: {} ({}) called from {}",
            call["to"]["name"].as_str().unwrap(),
            call["to"]["detail"].as_str().unwrap_or(""),
            place(&client, &item["uri"], &call["fromRanges"][0])
        ));
    }
    insta::assert_snapshot!("call_hierarchy_leakyfeed_put", text.join("\n"));
}

#[test]
fn call_hierarchy_items_carry_a_function_ref() {
    let mut client = leakyfeed();
    let cache = client.open(&client.root.join("src/cache/cache.go"));
    let items = client.request(
        "textDocument/prepareCallHierarchy",
        json!({"textDocument": {"uri": cache}, "position": {"line": 19, "character": 17}}),
    );
    let data = &items[0]["data"];
    assert_eq!(data["function"], "example.com/leakyfeed/cache.(*Cache).Put");
    assert_eq!(data["startLine"], 20, "a FunctionRef: {data}");
    // The handle round-trips into pprof.showCallers.
    let callers = client
        .command("pprof.showCallers", json!([data]))
        .expect(MISSING);
    insta::assert_json_snapshot!(
        "call_hierarchy_ref",
        json!({"data": data, "callers": client.placeholders(&callers)})
    );
}

// Status -----------------------------------------------------------------

#[test]
fn the_status_notification_says_what_is_shown() {
    let mut client = InProcess::start(
        &fixture("leakyfeed"),
        json!({"profile": "profiles/heap-2.pb.gz"}),
        InProcess::default_capabilities(),
    );
    let status = client.wait_for_status(0);
    insta::assert_json_snapshot!("status_notification", client.placeholders(&status));
}

#[test]
fn pprof_status_answers_the_same_status() {
    let mut client = InProcess::start(
        &fixture("leakyfeed"),
        json!({"profile": "profiles/heap-2.pb.gz"}),
        InProcess::default_capabilities(),
    );
    let notified = client.wait_for_status(0);
    let status = client.command("pprof.status", json!([])).unwrap();
    assert_eq!(status, notified);
}

#[test]
fn the_status_has_a_title_details_and_overrides() {
    let mut client = leakyfeed();
    let status = client.command("pprof.status", json!([])).unwrap();
    for key in ["title", "message", "details", "overrides", "hiddenLines"] {
        assert!(status.get(key).is_some(), "no {key:?} in {status:#}");
    }
    assert_eq!(status["overrides"], json!({}), "nothing chosen by command");
    insta::assert_snapshot!(
        "status_title_and_details",
        client.placeholders_in(&format!(
            "title: {}\nmessage: {}\ndetails:\n{}",
            status["title"].as_str().unwrap(),
            status["message"].as_str().unwrap(),
            status["details"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| format!("  {}", d.as_str().unwrap()))
                .collect::<Vec<_>>()
                .join("\n")
        ))
    );
}

// Commands ---------------------------------------------------------------

#[test]
fn initialize_lists_every_command() {
    let (_client, result) = InProcess::initialize(
        &fixture("leakyfeed"),
        json!({"profile": "profiles/heap-2.pb.gz"}),
        InProcess::default_capabilities(),
        Value::Null,
    );
    insta::assert_json_snapshot!(
        "commands",
        result["capabilities"]["executeCommandProvider"]["commands"]
    );
}

#[test]
fn initialize_gives_the_profile_patterns_and_clear_overrides() {
    let (_client, result) = InProcess::initialize(
        &fixture("leakyfeed"),
        json!({"profile": "profiles/heap-2.pb.gz"}),
        InProcess::default_capabilities(),
        Value::Null,
    );
    let commands = &result["capabilities"]["executeCommandProvider"]["commands"];
    assert!(
        commands
            .as_array()
            .unwrap()
            .contains(&json!("pprof.clearOverrides")),
        "{commands}"
    );
    insta::assert_json_snapshot!(
        "experimental_pprof",
        result["capabilities"]["experimental"]["pprof"]
    );
}

#[test]
fn pprof_load_loads_another_profile() {
    let mut client = leakyfeed();
    let status = client
        .command("pprof.load", json!(["profiles/heap-1.pb.gz"]))
        .unwrap();
    let report = support::top_report("leakyfeed", "heap-1.inuse_space.functions.txt");
    assert_eq!(status["total"], report.total);
    insta::assert_json_snapshot!("load_heap_1", client.placeholders(&status));
}

#[test]
fn pprof_select_sample_type_lists_the_choices_with_their_meaning() {
    let mut client = leakyfeed();
    let choices = client.command("pprof.selectSampleType", json!([])).unwrap();
    insta::assert_json_snapshot!("sample_type_choices", choices);
}

#[test]
fn pprof_select_sample_type_switches_the_numbers() {
    let mut client = leakyfeed();
    let status = client
        .command("pprof.selectSampleType", json!(["alloc_space"]))
        .unwrap();
    let report = support::top_report("leakyfeed", "heap-2.alloc_space.functions.txt");
    assert_eq!(status["total"], report.total);
    insta::assert_json_snapshot!("select_alloc_space", client.placeholders(&status));
    insta::assert_snapshot!(
        "hints_leakyfeed_cache_go_alloc_space",
        hints(&mut client, "src/cache/cache.go")
    );
}

#[test]
fn pprof_compare_shows_what_grew_and_null_stops_comparing() {
    let mut client = leakyfeed();
    let status = client
        .command("pprof.compare", json!(["profiles/heap-1.pb.gz", "diff"]))
        .unwrap();
    let report = support::top_report(
        "leakyfeed",
        "heap-2-vs-heap-1.diff_base.inuse_space.functions.txt",
    );
    assert_eq!(status["total"], report.total);
    insta::assert_json_snapshot!("compare_heap_1", client.placeholders(&status));
    insta::assert_snapshot!(
        "hints_leakyfeed_cache_go_compared",
        hints(&mut client, "src/cache/cache.go")
    );
    let status = client.command("pprof.compare", json!([null])).unwrap();
    assert!(status["base"].is_null(), "{status}");
}

#[test]
fn commands_override_the_settings_until_cleared() {
    let mut client = leakyfeed();
    client
        .command("pprof.selectSampleType", json!(["alloc_space"]))
        .unwrap();
    let status = client
        .command("pprof.compare", json!(["profiles/heap-1.pb.gz"]))
        .unwrap();
    assert!(status["overrides"].is_object(), "{MISSING}: {status:#}");
    insta::assert_json_snapshot!("overrides", client.placeholders(&status["overrides"]));
    // A configuration push does not undo what a command chose.
    let seen = client.notifications.len();
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"pprof": {"profile": "profiles/heap-2.pb.gz", "minShare": 1}}}),
    );
    client.wait_for(seen, |m| m["method"] == "pprof/status");
    let status = client.command("pprof.status", json!([])).unwrap();
    assert_eq!(status["sampleType"], "alloc_space", "{status:#}");
    assert!(!status["base"].is_null(), "{status:#}");
    let status = client
        .command("pprof.clearOverrides", json!([]))
        .expect(MISSING);
    assert_eq!(status["overrides"], json!({}));
    insta::assert_json_snapshot!("clear_overrides", client.placeholders(&status));
}

#[test]
fn pprof_top_lists_the_heaviest_functions() {
    let mut client = leakyfeed();
    let top = client.command("pprof.top", json!([{"limit": 3}])).unwrap();
    let report = support::top_report("leakyfeed", "heap-2.inuse_space.functions.txt");
    let functions: Vec<&str> = top["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["function"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = report
        .rows
        .iter()
        .take(3)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(functions, expected, "pprof's order");
    insta::assert_json_snapshot!("top_3", readable(&client, &top));
    let queried = client
        .command("pprof.top", json!([{"limit": 3, "query": "tree"}]))
        .unwrap();
    insta::assert_json_snapshot!("top_query_tree", readable(&client, &queried));
}

/// "Your code": pprof's `-show` with the workspace's files, whose goldens
/// are golden/show/ (tests/fixtures/golden-show.sh).
#[test]
fn pprof_top_of_your_code_is_pprofs_show_with_your_files() {
    let mut client = leakyfeed();
    let top = client
        .command("pprof.top", json!([{"limit": 1000, "scope": "workspace"}]))
        .unwrap();
    let report = support::top_report("leakyfeed", "show/heap-2.inuse_space.functions.txt");
    let rows = |values: Vec<(String, i64, i64)>| values;
    let ours = rows(
        top["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["function"].as_str().unwrap().to_string(),
                    r["flat"].as_i64().unwrap(),
                    r["cum"].as_i64().unwrap(),
                )
            })
            .collect(),
    );
    let pprofs = rows(
        report
            .rows
            .iter()
            .map(|r| (r.name.clone(), r.flat, r.cum))
            .collect(),
    );
    assert_eq!(ours, pprofs, "rows and order of pprof -show");
    assert_eq!(top["scope"], "workspace");
    assert_eq!(top["total"], report.total, "the total stays everything's");
    assert!(top["title"].as_str().unwrap().contains("in your code"));
    // Every row is yours, and can be opened.
    for row in top["rows"].as_array().unwrap() {
        assert!(row["location"].is_object(), "{row}");
    }
    // The lens of a function of yours says what the libraries it calls
    // cost: main.main's flat is small, its flat in your code is not.
    let (flat, _) = support::golden("leakyfeed", "heap-2.inuse_space.functions.txt", "main.main");
    let (own, _) = support::golden(
        "leakyfeed",
        "show/heap-2.inuse_space.functions.txt",
        "main.main",
    );
    assert!(own > flat);
    let source = std::fs::read_to_string(client.root.join("src/main.go")).unwrap();
    let declared = source
        .lines()
        .position(|l| l.starts_with("func main()"))
        .unwrap();
    let lenses = code_lenses(&mut client, "src/main.go");
    let main = lenses
        .iter()
        .find(|l| l["range"]["start"]["line"] == declared)
        .and_then(|l| l["command"]["title"].as_str())
        .unwrap_or_else(|| panic!("no lens on main.main in {lenses:?}"));
    assert!(main.contains("in libraries it calls"), "{main}");
    let cache = code_lenses(&mut client, "src/cache/cache.go");
    assert!(
        cache.iter().all(|l| !l["command"]["title"]
            .as_str()
            .unwrap_or("")
            .contains("in libraries")),
        "what cache.go's functions cost is their own: {cache:?}"
    );
}

#[test]
fn pprof_top_rows_carry_their_words_and_a_function_ref() {
    let mut client = leakyfeed();
    let top = client.command("pprof.top", json!([{"limit": 5}])).unwrap();
    let text: Vec<String> = top["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} — {} — {} — ref {}",
                r["shortName"].as_str().expect(MISSING),
                r["text"].as_str().unwrap(),
                r["where"].as_str().unwrap(),
                r["ref"]
            )
        })
        .collect();
    insta::assert_snapshot!(
        "top_words",
        format!("{}\n{}", top["title"].as_str().unwrap(), text.join("\n"))
    );
}

#[test]
fn pprof_show_callers_by_name_and_by_position_agree() {
    let mut client = leakyfeed();
    let by_name = client
        .command(
            "pprof.showCallers",
            json!([{"function": "example.com/leakyfeed/cache.(*Cache).Put"}]),
        )
        .unwrap();
    let cache = uri(&client.root.join("src/cache/cache.go"));
    // On Put's declaration line, and on a line inside it.
    for line in [19, 22] {
        let by_position = client
            .command(
                "pprof.showCallers",
                json!([{"uri": cache, "position": {"line": line, "character": 0}}]),
            )
            .unwrap();
        assert_eq!(by_position, by_name, "line {}", line + 1);
    }
    insta::assert_json_snapshot!("callers_put", readable(&client, &by_name));
}

#[test]
fn pprof_show_callers_by_position_works_in_a_file_with_more_than_200_lenses() {
    let mut client = start(
        "manyfuncs",
        json!({"profile": "profiles/heap.pb.gz", "minShare": 0}),
    );
    let lenses = code_lenses(&mut client, "src/pkg00/file00.go");
    let last = client.request("codeLens/resolve", lenses.last().unwrap().clone());
    let by_lens = client
        .command("pprof.showCallers", last["command"]["arguments"].clone())
        .unwrap();
    let file = uri(&client.root.join("src/pkg00/file00.go"));
    let by_position = client
        .command(
            "pprof.showCallers",
            json!([{"uri": file, "position": last["range"]["start"]}]),
        )
        .unwrap();
    assert_eq!(by_position, by_lens);
    insta::assert_json_snapshot!(
        "callers_manyfuncs_last",
        client
            .placeholders(&json!({"function": by_lens["function"], "callers": by_lens["callers"]}))
    );
}

#[test]
fn pprof_show_callers_takes_the_function_ref_a_lens_carries() {
    let mut client = leakyfeed();
    let put = client.lens_at(&client.root.join("src/cache/cache.go"), 19);
    let reference = &put["command"]["arguments"][0];
    assert_eq!(
        reference["file"], "/home/runner/work/leakyfeed/leakyfeed/cache/cache.go",
        "a FunctionRef: {reference}"
    );
    assert_eq!(reference["startLine"], 20, "{reference}");
    let callers = client
        .command("pprof.showCallers", json!([reference]))
        .unwrap();
    let edges = |edges: &Value| {
        edges
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "  {} {} at {}",
                    e["shortName"].as_str().expect(MISSING),
                    e["text"].as_str().unwrap(),
                    e["where"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let chains = callers["chains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("  {}", c["text"].as_str().unwrap()))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(
        "callers_words",
        format!(
            "{}\ncallers:\n{}\ncallees:\n{}\nchains:\n{chains}",
            callers["title"].as_str().unwrap(),
            edges(&callers["callers"]),
            edges(&callers["callees"])
        )
    );
}

/// `pprof.callGraph`'s argument for the function declared on a line of a
/// file of the workspace (0-based, as LSP).
fn here(client: &InProcess, file: &str, line: u64) -> Value {
    json!({"uri": uri(&client.root.join(file)), "position": {"line": line, "character": 0}})
}

#[test]
fn pprof_call_graph_is_pprofs_graph_around_the_function() {
    let mut client = leakyfeed();
    // Put is declared on line 20.
    let graph = client
        .command(
            "pprof.callGraph",
            json!([here(&client, "src/cache/cache.go", 19)]),
        )
        .unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        keys(&graph),
        ["edges", "function", "nodes"],
        "exactly these fields"
    );
    assert_eq!(
        keys(&graph["nodes"][0]),
        [
            "cum",
            "cumLabel",
            "file",
            "flat",
            "flatLabel",
            "function",
            "id",
            "line",
            "location"
        ]
    );
    assert_eq!(
        keys(&graph["edges"][0]),
        ["from", "inline", "to", "weight", "weightLabel"]
    );
    insta::assert_json_snapshot!("call_graph_put", readable(&client, &graph));
    let words = client
        .command(
            "pprof.explainGraph",
            json!([here(&client, "src/cache/cache.go", 19)]),
        )
        .unwrap();
    insta::assert_json_snapshot!("call_graph_put_words", readable(&client, &words));
    // One level: the function's callers and callees only.
    let mut argument = here(&client, "src/cache/cache.go", 19);
    argument["depth"] = json!(1);
    let shallow = client
        .command("pprof.callGraph", json!([argument]))
        .unwrap();
    let edges = shallow["edges"].as_array().unwrap();
    assert!(
        edges.iter().all(|e| e["from"] == 0 || e["to"] == 0),
        "{shallow}"
    );
    // By handle, as a client re-centres the graph on one of its nodes.
    let by_name = client
        .command(
            "pprof.callGraph",
            json!([{"function": "main.serve", "depth": 1}]),
        )
        .unwrap();
    assert_eq!(by_name["function"], "main.serve");
}

#[test]
fn pprof_call_graph_locations_follow_the_edits() {
    let mut client = leakyfeed();
    let cache = client.root.join("src/cache/cache.go");
    let cache_uri = client.open(&cache);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": cache_uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                             "end": {"line": 0, "character": 0}},
                                   "text": "// one\n// two\n"}]}),
    );
    let graph = client
        .command(
            "pprof.callGraph",
            json!([{"function": "example.com/leakyfeed/cache.(*Cache).Put", "depth": 3}]),
        )
        .unwrap();
    let put = &graph["nodes"][0];
    assert_eq!(put["line"], 20, "the profile's line");
    assert_eq!(
        put["location"]["range"]["start"]["line"], 21,
        "line 20, two lines further down, 0-based: {put}"
    );
    let elsewhere = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["function"] == "runtime.main")
        .expect("runtime.main three levels up");
    assert_eq!(elsewhere["location"], Value::Null, "not on this machine");
}

#[test]
fn pprof_call_graph_of_a_comparison_gives_the_changes() {
    let mut client = start(
        "leakyfeed",
        json!({"profile": "profiles/heap-2.pb.gz", "base": "profiles/heap-1.pb.gz"}),
    );
    let graph = client
        .command(
            "pprof.callGraph",
            json!([here(&client, "src/cache/cache.go", 19)]),
        )
        .unwrap();
    let labels: Vec<&str> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["weightLabel"].as_str().unwrap())
        .collect();
    assert!(
        labels
            .iter()
            .all(|l| l.starts_with(['+', '−']) || *l == "0"),
        "signed changes: {labels:?}"
    );
    assert!(graph["nodes"][0]["cumLabel"]
        .as_str()
        .unwrap()
        .starts_with('+'));
}

#[test]
fn pprof_file_heat_lists_the_lines_to_shade() {
    let mut client = leakyfeed();
    let cache = uri(&client.root.join("src/cache/cache.go"));
    let heat = client.command("pprof.fileHeat", json!([cache])).unwrap();
    insta::assert_json_snapshot!("file_heat_cache_go", heat);
}

#[test]
fn pprof_file_heat_shades_by_flat_with_a_legend_and_labels() {
    let mut client = leakyfeed();
    let cache = uri(&client.root.join("src/cache/cache.go"));
    let heat = client.command("pprof.fileHeat", json!([cache])).unwrap();
    let lines = heat["lines"].as_array().unwrap();
    assert!(
        lines.iter().all(|l| l["flat"] != 0),
        "only lines with a flat value are shaded: {heat:#}"
    );
    let text: Vec<String> = lines
        .iter()
        .map(|l| {
            format!(
                "{}: level {} · {} flat · {} cum",
                l["line"].as_u64().unwrap() + 1,
                l["level"].as_u64().expect(MISSING),
                l["flatLabel"].as_str().unwrap(),
                l["cumLabel"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(
        "file_heat_words",
        format!("{}\n{}", heat["legend"].as_str().unwrap(), text.join("\n"))
    );
}

#[test]
fn pprof_mapping_report_says_how_each_file_was_found() {
    let mut client = start("trimpath", json!({"profile": "profiles/cpu.pb.gz"}));
    let report = client.command("pprof.mappingReport", json!([])).unwrap();
    let mut text: Vec<String> = report["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} → {} ({})",
                r["profilePath"].as_str().unwrap(),
                client.placeholders_in(r["uri"].as_str().unwrap()),
                r["how"].as_str().unwrap()
            )
        })
        .collect();
    // The files not found, by reason.
    let mut unresolved: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for file in report["unresolved"].as_array().unwrap() {
        unresolved
            .entry(file["reason"].as_str().unwrap())
            .or_default()
            .push(file["profilePath"].as_str().unwrap());
    }
    for (reason, files) in unresolved {
        text.push(format!(
            "{reason}: {} files ({}, …)",
            files.len(),
            files[..3.min(files.len())].join(", ")
        ));
    }
    insta::assert_snapshot!("mapping_report_trimpath", text.join("\n"));
}

#[test]
fn pprof_mapping_report_has_a_text_to_show() {
    let mut client = start("trimpath", json!({"profile": "profiles/cpu.pb.gz"}));
    let report = client.command("pprof.mappingReport", json!([])).unwrap();
    insta::assert_snapshot!(
        "mapping_report_text",
        client.placeholders_in(report["text"].as_str().expect(MISSING))
    );
}

/// A workspace without the code the profile was built from: the report
/// gives the share of the total that is not found, and the pathMappings
/// entry to write, with the profile's own prefix.
#[test]
fn pprof_mapping_report_suggests_a_mapping_for_your_files_not_found() {
    let workspace = tempfile::tempdir().unwrap();
    std::fs::create_dir(workspace.path().join("profiles")).unwrap();
    std::fs::copy(
        fixture("leakyfeed").join("profiles/heap-2.pb.gz"),
        workspace.path().join("profiles/heap-2.pb.gz"),
    )
    .unwrap();
    let mut client = InProcess::start(
        workspace.path(),
        json!({"profile": "profiles/heap-2.pb.gz"}),
        InProcess::default_capabilities(),
    );
    client.wait_for_status(0);
    let report = client.command("pprof.mappingReport", json!([])).unwrap();
    let text = report["text"].as_str().unwrap();
    assert!(
        text.contains(
            r#"[{"from": "/home/runner/work/leakyfeed/leakyfeed/", "to": "<that folder here>"}]"#
        ),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("  your code") && l.ends_with("none of it found here")),
        "{text}"
    );
}

#[test]
fn commands_that_cannot_run_say_why() {
    let mut client = leakyfeed();
    let cache = uri(&client.root.join("src/cache/cache.go"));
    let mut text = Vec::new();
    for (command, arguments) in [
        ("pprof.selectSampleType", json!(["nope"])),
        ("pprof.showCallers", json!([{"function": "nope"}])),
        (
            "pprof.showCallers",
            json!([{"uri": cache, "position": {"line": 0, "character": 0}}]),
        ),
        ("pprof.load", json!([])),
        ("pprof.load", json!(["profiles/missing.pb.gz"])),
        (
            "pprof.compare",
            json!(["profiles/heap-1.pb.gz", "sideways"]),
        ),
        ("pprof.nope", json!([])),
    ] {
        let error = client.command(command, arguments.clone()).unwrap_err();
        let message = error["message"].as_str().unwrap();
        text.push(client.placeholders_in(&format!("{command} {arguments}: {message}")));
    }
    insta::assert_snapshot!("command_errors", text.join("\n"));
}

#[test]
fn a_file_without_values_of_the_shown_type_names_the_type_that_has_some() {
    let mut client = leakyfeed();
    let tree = client.open(&client.root.join("src/tree/tree.go"));
    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": tree}}),
    );
    let lens = &lenses[0];
    // pprof's files report: tree.go's flat of alloc_space, none of inuse_space.
    let alloc = top_report("leakyfeed", "heap-2.alloc_space.files.txt");
    let row = alloc.row("leakyfeed/tree/tree.go");
    assert_eq!(
        lens["command"]["title"],
        format!(
            "pprof: no inuse_space here; alloc_space: {} on its lines (click to show alloc_space)",
            label(row.flat, "bytes")
        )
    );
    let status = client
        .command(
            lens["command"]["command"].as_str().unwrap(),
            lens["command"]["arguments"].clone(),
        )
        .unwrap();
    assert_eq!(status["sampleType"], "alloc_space");
    insta::assert_json_snapshot!("lens_other_sample_type", lens);
}

#[test]
fn a_profile_that_fails_to_load_by_command_is_one_error_and_is_not_kept_as_a_choice() {
    let mut client = leakyfeed();
    let before = client.command("pprof.status", json!([])).unwrap();
    let seen = client.notifications.len();
    for _ in 0..2 {
        let error = client
            .command("pprof.load", json!(["profiles/missing.pb.gz"]))
            .unwrap_err();
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .ends_with("missing.pb.gz: no such file (named by the pprof.load command)"),
            "{error}"
        );
    }
    let status = client.command("pprof.status", json!([])).unwrap();
    assert_eq!(status, before, "the profile shown and the choices stay");
    assert!(
        !client.notifications[seen..]
            .iter()
            .any(|m| m["method"] == "window/showMessage"),
        "the command's answer says it, not a message as well: {:#?}",
        &client.notifications[seen..]
    );
}

// Comparisons ------------------------------------------------------------

/// The Put lens's exact values, and the status, comparing heap-2 with heap-1.
fn compared_put(options: Value) -> (Value, (i64, i64)) {
    let mut base_options =
        json!({"profile": "profiles/heap-2.pb.gz", "base": "profiles/heap-1.pb.gz"});
    base_options
        .as_object_mut()
        .unwrap()
        .extend(options.as_object().unwrap().clone());
    let mut client = start("leakyfeed", base_options);
    let status = client.command("pprof.status", json!([])).unwrap();
    let put = client.lens_at(&client.root.join("src/cache/cache.go"), 19);
    (
        status,
        (
            put["data"]["flat"].as_i64().unwrap(),
            put["data"]["cum"].as_i64().unwrap(),
        ),
    )
}

#[test]
fn the_comparison_follows_the_sample_type_as_pprof_advises() {
    // inuse_space is a snapshot: -diff_base.
    let (status, put) = compared_put(json!({}));
    assert_eq!(status["comparison"], "diff_base", "{status:#}");
    assert_eq!(
        put,
        golden(
            "leakyfeed",
            "heap-2-vs-heap-1.diff_base.inuse_space.functions.txt",
            "cache.(*Cache).Put"
        )
    );
    // alloc_space counts from the start: -base.
    let (status, put) = compared_put(json!({"sampleType": "alloc_space"}));
    assert_eq!(status["comparison"], "base", "{status:#}");
    assert_eq!(
        put,
        golden(
            "leakyfeed",
            "heap-2-vs-heap-1.base.alloc_space.functions.txt",
            "cache.(*Cache).Put"
        )
    );
    // The setting decides when it is not auto.
    let (status, put) =
        compared_put(json!({"sampleType": "alloc_space", "compareMode": "diff_base"}));
    assert_eq!(status["comparison"], "diff_base", "{status:#}");
    assert_eq!(
        put,
        golden(
            "leakyfeed",
            "heap-2-vs-heap-1.diff_base.alloc_space.functions.txt",
            "cache.(*Cache).Put"
        )
    );
}

#[test]
fn switching_the_sample_type_under_auto_switches_the_comparison() {
    let mut client = start(
        "leakyfeed",
        json!({"profile": "profiles/heap-2.pb.gz", "base": "profiles/heap-1.pb.gz"}),
    );
    let status = client
        .command("pprof.selectSampleType", json!(["alloc_space"]))
        .unwrap();
    assert_eq!(status["comparison"], "base", "{status:#}");
    let report = top_report(
        "leakyfeed",
        "heap-2-vs-heap-1.base.alloc_space.functions.txt",
    );
    assert_eq!(status["total"], report.total);
}

#[test]
fn compare_with_and_clear_base_are_named_commands() {
    let mut client = leakyfeed();
    let status = client
        .command(
            "pprof.compareWith",
            json!(["profiles/heap-1.pb.gz", "base"]),
        )
        .unwrap();
    assert_eq!(status["comparison"], "base");
    assert_eq!(status["overrides"]["compareMode"], "base");
    let status = client.command("pprof.clearBase", json!([])).unwrap();
    assert!(
        status["base"].is_null() && status["comparison"].is_null(),
        "{status:#}"
    );
    let error = client.command("pprof.compareWith", json!([])).unwrap_err();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("needs the path of the base profile"),
        "{error}"
    );
}

#[test]
fn a_comparison_shows_signed_changes_ordered_by_growth_with_rates() {
    use pprof_lsp::analysis::units::{signed_label, signed_percentage};
    let mut client = start(
        "leakyfeed",
        json!({"profile": "profiles/heap-2.pb.gz", "base": "profiles/heap-1.pb.gz"}),
    );
    let report = top_report(
        "leakyfeed",
        "heap-2-vs-heap-1.diff_base.inuse_space.functions.txt",
    );
    let top = client
        .command("pprof.top", json!([{"limit": 100}]))
        .unwrap();
    let rows = top["rows"].as_array().unwrap();
    // Every row's words are the signed change pprof reports.
    for row in rows {
        let name = row["function"].as_str().unwrap();
        let Some(golden) = report.rows.iter().find(|r| r.name == name) else {
            continue;
        };
        assert_eq!(
            row["flatLabel"],
            signed_label(golden.flat, "bytes"),
            "{name}"
        );
        assert_eq!(
            row["flatShareLabel"],
            signed_percentage(golden.flat, report.total),
            "{name}"
        );
    }
    let shrank = report
        .rows
        .iter()
        .find(|r| r.flat < 0)
        .expect("something shrank");
    let shrank_row = rows
        .iter()
        .find(|r| r["function"] == shrank.name.as_str())
        .unwrap();
    assert!(shrank_row["flatLabel"].as_str().unwrap().starts_with('−'));
    // What grew most comes first, what shrank most last.
    let flats: Vec<i64> = rows.iter().map(|r| r["flat"].as_i64().unwrap()).collect();
    assert!(flats.windows(2).all(|w| w[0] >= w[1]), "{flats:?}");

    // Rates: the change per hour over the time between the two profiles.
    let read = |name: &str| {
        pprof_lsp::profile::read_file(
            &fixture("leakyfeed").join("profiles").join(name),
            Default::default(),
        )
        .unwrap()
    };
    let elapsed = read("heap-2.pb.gz").time_nanos - read("heap-1.pb.gz").time_nanos;
    let clone = report.row("cache.clone");
    let per_hour = (clone.flat as i128 * 3_600_000_000_000 / elapsed as i128) as i64;
    let text = hover(&mut client, "src/cache/cache.go", 42);
    assert!(
        text.contains(&format!("{}/h flat", signed_label(per_hour, "bytes"))),
        "{text}"
    );
    assert!(text.contains("A comparison (pprof -diff_base)"), "{text}");
    insta::assert_snapshot!("hover_comparison_clone", text);

    // The status: both totals and the net change.
    let status = client.command("pprof.status", json!([])).unwrap();
    let totals = |name: &str| -> i64 {
        let profile = read(name);
        let types = profile.sample_types.len();
        let inuse = profile.choose_sample_type(Some("inuse_space")).unwrap();
        profile
            .samples
            .values
            .iter()
            .skip(inuse)
            .step_by(types)
            .sum()
    };
    let (then, now) = (totals("heap-1.pb.gz"), totals("heap-2.pb.gz"));
    assert!(
        status["title"].as_str().unwrap().ends_with(&format!(
            "{} → {} ({})",
            label(then, "bytes"),
            label(now, "bytes"),
            signed_label(now - then, "bytes")
        )),
        "{status:#}"
    );
}

#[test]
fn sites_absent_from_the_base_are_new_and_sites_absent_now_are_gone() {
    let mut client = start(
        "leakyfeed",
        json!({"profile": "profiles/heap-2.pb.gz", "base": "profiles/heap-1.pb.gz"}),
    );
    let names = |file: &str| -> Vec<String> {
        top_report("leakyfeed", file)
            .rows
            .iter()
            .map(|r| r.name.clone())
            .collect()
    };
    let (then, now) = (
        names("heap-1.inuse_space.functions.txt"),
        names("heap-2.inuse_space.functions.txt"),
    );
    let top = client
        .command("pprof.top", json!([{"limit": 10000}]))
        .unwrap();
    let (mut new, mut gone) = (0, 0);
    for row in top["rows"].as_array().unwrap() {
        let name = row["function"].as_str().unwrap().to_string();
        let expected = match (then.contains(&name), now.contains(&name)) {
            (false, true) => "new",
            (true, false) => "gone",
            _ => continue,
        };
        assert_eq!(row["change"], expected, "{name}");
        new += usize::from(expected == "new");
        gone += usize::from(expected == "gone");
    }
    assert!(new > 0 && gone > 0, "{new} new, {gone} gone");
    // Lenses say it too.
    let mut all = start(
        "leakyfeed",
        json!({"profile": "profiles/heap-2.pb.gz", "base": "profiles/heap-1.pb.gz", "minShare": 0}),
    );
    for lens in code_lenses(&mut all, "src/main.go") {
        let function = lens["command"]["arguments"][0]["function"]
            .as_str()
            .unwrap()
            .to_string();
        let title = lens["command"]["title"].as_str().unwrap();
        let is_new = now.contains(&function) && !then.contains(&function);
        assert_eq!(
            title.starts_with("pprof: new · "),
            is_new,
            "{function}: {title}"
        );
    }
    assert_eq!(
        top["rows"][0]["change"], "grew",
        "what grew most first: {:#}",
        top["rows"][0]
    );
}

#[test]
fn growth_and_shrinkage_are_shaded_apart() {
    let heat = |profile: &str, base: &str| {
        let mut client = start("leakyfeed", json!({"profile": profile, "base": base}));
        let cache = uri(&client.root.join("src/cache/cache.go"));
        let heat = client.command("pprof.fileHeat", json!([cache])).unwrap();
        let clone = heat["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["line"] == 42)
            .cloned()
            .expect("clone's line is shaded");
        (heat["legend"].as_str().unwrap().to_string(), clone)
    };
    let (legend, grew) = heat("profiles/heap-2.pb.gz", "profiles/heap-1.pb.gz");
    assert_eq!(grew["change"], "grew");
    assert!(legend.contains("gained (warm) or lost (cool)"), "{legend}");
    let (_, shrank) = heat("profiles/heap-1.pb.gz", "profiles/heap-2.pb.gz");
    assert_eq!(shrank["change"], "shrank");
    assert_eq!(grew["flat"], -shrank["flat"].as_i64().unwrap());
}

#[test]
fn a_goroutine_profile_says_why_the_goroutines_wait() {
    let mut client = start(
        "contention",
        json!({"profile": "profiles/goroutine.pb.gz", "minShare": 0}),
    );
    let report = top_report("contention", "goroutine.goroutine.functions.txt");
    for (function, waits_in, words) in [
        (
            "pipe.(*Queue).Get",
            "sync.(*Cond).Wait",
            "waiting on a sync.Cond",
        ),
        (
            "main.parked.func1",
            "runtime.selectgo",
            "waiting in a select",
        ),
        (
            "main.parked.func2",
            "sync.(*Mutex).Lock",
            "waiting for a mutex",
        ),
    ] {
        let full = report.row(function).name.clone();
        let (file, line) = declaration(&mut client, &full);
        let file = path_in(&client, &file);
        let text = hover(&mut client, &file, line);
        let count = report
            .rows
            .iter()
            .find(|r| r.name == waits_in)
            .expect("pprof's row of the waiting frame")
            .cum;
        assert!(
            text.contains(&format!("**Why they wait**: {count} {words}")),
            "{function}: {text}"
        );
    }
}
