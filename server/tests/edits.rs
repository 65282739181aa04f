//! Numbers follow the code: edits in the editor move them, a file changed
//! on disk before the server started is placed again by its functions'
//! declarations, and what cannot be placed for sure is marked stale. Each
//! case checks that every number not marked stale sits on the same code as
//! in the file the profile was taken of, and snapshots the file with its
//! numbers beside the lines.

mod support;

use serde_json::{json, Value};
use support::{workspace_copy, InProcess};

const CACHE_GO: &str = "src/cache/cache.go";

/// The server on a copy of leakyfeed whose cache.go is `text` on disk.
fn start_with_cache_go(text: Option<&str>) -> (InProcess, tempfile::TempDir) {
    start_on("leakyfeed", "heap-2", CACHE_GO, text)
}

/// The server on a copy of a fixture with one of its files `text` on disk.
fn start_on(
    fixture: &str,
    profile: &str,
    file: &str,
    text: Option<&str>,
) -> (InProcess, tempfile::TempDir) {
    let workspace = workspace_copy(fixture);
    if let Some(text) = text {
        std::fs::write(workspace.path().join(file), text).unwrap();
    }
    let mut client = InProcess::start(
        workspace.path(),
        json!({"profile": format!("profiles/{profile}.pb.gz"), "minShare": 0}),
        InProcess::default_capabilities(),
    );
    client.wait_for_status(0);
    (client, workspace)
}

fn original() -> String {
    std::fs::read_to_string(support::fixture("leakyfeed").join(CACHE_GO)).unwrap()
}

/// What the client shows: (1-based line, text) of hints and of lenses.
struct Shown {
    hints: Vec<(u64, String, bool)>,
    lenses: Vec<(u64, String, bool)>,
}

fn shown(client: &mut InProcess, uri: &str) -> Shown {
    let stale = |data: &Value| data.get("stale") == Some(&json!(true));
    let hints = client
        .inlay_hints(uri)
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap() + 1,
                h["label"].as_str().unwrap().to_string(),
                stale(&h["data"]),
            )
        })
        .collect();
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["range"]["start"]["line"].as_u64().unwrap() + 1,
                l["command"]["title"].as_str().unwrap_or("").to_string(),
                stale(&l["data"]),
            )
        })
        .collect();
    Shown { hints, lenses }
}

/// The file with each number beside its line, for snapshots.
fn render(text: &str, shown: &Shown) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        let notes: Vec<&str> = shown
            .lenses
            .iter()
            .chain(&shown.hints)
            .filter(|(l, _, _)| *l == n)
            .map(|(_, t, _)| t.as_str())
            .collect();
        if !notes.is_empty() || !line.trim().is_empty() {
            out.push_str(&format!("{n:>3} {line}"));
            for note in notes {
                out.push_str(&format!("    ◂ {note}"));
            }
            out.push('\n');
        }
    }
    out
}

/// Every number not marked stale stands on the code it stood on in the
/// file the profile was taken of.
fn assert_on_the_same_code(before: &Shown, text_before: &str, after: &Shown, text_now: &str) {
    let line = |text: &str, n: u64| text.lines().nth(n as usize - 1).unwrap_or("").to_string();
    for (kind, was, now) in [
        ("hint", &before.hints, &after.hints),
        ("lens", &before.lenses, &after.lenses),
    ] {
        for (n, label, stale) in now.iter().filter(|(_, _, stale)| !stale) {
            // Two lines may show the same numbers: one of them.
            let origins: Vec<u64> = was
                .iter()
                .filter(|(_, l, _)| l == label)
                .map(|o| o.0)
                .collect();
            assert!(
                !origins.is_empty(),
                "{kind} {label:?} (line {n}) was not shown before, stale: {stale}"
            );
            assert!(
                origins
                    .iter()
                    .any(|&origin| line(text_now, *n).trim() == line(text_before, origin).trim()),
                "{kind} {label:?} now on line {n} ({:?}), was on lines {origins:?}",
                line(text_now, *n)
            );
        }
    }
}

fn change(client: &mut InProcess, uri: &str, version: i64, changes: Value) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
    );
}

fn range(from: (u32, u32), to: (u32, u32)) -> Value {
    json!({"start": {"line": from.0, "character": from.1}, "end": {"line": to.0, "character": to.1}})
}

/// An edit as (0-based line, column) from and to, and its new text.
type Edit<'a> = ((usize, usize), (usize, usize), &'a str);

/// The document's text after the same edits, applied here.
fn edited(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_string();
    for &((l1, c1), (l2, c2), new) in edits {
        let offset = |l: usize, c: usize| {
            text.split_inclusive('\n')
                .take(l)
                .map(str::len)
                .sum::<usize>()
                + c
        };
        let (from, to) = (offset(l1, c1), offset(l2, c2));
        text.replace_range(from..to, new);
    }
    text
}

#[test]
fn numbers_follow_lines_inserted_above_and_inside_a_function_and_leave_with_deleted_ones() {
    let (mut client, workspace) = start_with_cache_go(None);
    let path = workspace.path().join(CACHE_GO);
    let uri = client.open(&path);
    let text = original();
    let before = shown(&mut client, &uri);
    assert!(
        before.hints.iter().any(|(l, _, _)| *l == 23),
        "a hint on Put's line 23"
    );

    // Three lines above Put, then one inside it above line 23.
    let edits = [
        ((18, 0), (18, 0), "// one\n// two\n// three\n"),
        ((24, 20), (24, 20), "\n\tc.touch()"),
    ];
    change(
        &mut client,
        &uri,
        2,
        json!([
            {"range": range((18, 0), (18, 0)), "text": edits[0].2},
        ]),
    );
    change(
        &mut client,
        &uri,
        3,
        json!([
            {"range": range((24, 20), (24, 20)), "text": edits[1].2},
        ]),
    );
    let now = edited(&text, &edits);
    let after = shown(&mut client, &uri);
    assert_on_the_same_code(&before, &text, &after, &now);
    assert_eq!(after.hints.len(), before.hints.len(), "no number lost");
    assert!(after.hints.iter().all(|(_, _, stale)| !stale));
    insta::assert_snapshot!("edits_inserted", render(&now, &after));

    // clone deleted (its comment-less lines 42-46 of the original, now 45-49).
    let clone_at = now
        .lines()
        .position(|l| l.starts_with("func clone("))
        .unwrap() as u32;
    change(
        &mut client,
        &uri,
        4,
        json!([
            {"range": range((clone_at, 0), (clone_at + 5, 0)), "text": ""},
        ]),
    );
    let without_clone = edited(
        &now,
        &[((clone_at as usize, 0), (clone_at as usize + 5, 0), "")],
    );
    let deleted = shown(&mut client, &uri);
    assert_on_the_same_code(&before, &text, &deleted, &without_clone);
    assert!(
        deleted.lenses.len() < after.lenses.len() && deleted.hints.len() < after.hints.len(),
        "clone's lens and hint went with it"
    );
}

/// Edits before any request: the numbers were placed on the text as opened.
#[test]
fn edits_before_the_first_request_still_move_the_numbers() {
    let (mut client, workspace) = start_with_cache_go(None);
    let (mut reference, reference_dir) = start_with_cache_go(None);
    let reference_uri = reference.open(&reference_dir.path().join(CACHE_GO));
    let before = shown(&mut reference, &reference_uri);
    let uri = client.open(&workspace.path().join(CACHE_GO));
    // A line inside Put, above its hot line 23: nothing in the text tells.
    let edit = ((21, 20), (21, 20), "\n\tc.touch()");
    change(
        &mut client,
        &uri,
        2,
        json!([{"range": range((21, 20), (21, 20)), "text": edit.2}]),
    );
    let now = edited(&original(), &[edit]);
    let after = shown(&mut client, &uri);
    assert_on_the_same_code(&before, &original(), &after, &now);
    assert!(
        after.hints.iter().any(|(l, _, _)| *l == 24),
        "{:?}",
        after.hints
    );
}

#[test]
fn a_file_changed_on_disk_before_the_start_is_placed_by_its_functions() {
    let text = original();
    // clone moved to the top, and two lines of comment added above Put.
    let clone: String = text
        .lines()
        .skip(41)
        .take(5)
        .map(|l| format!("{l}\n"))
        .collect();
    let rest: String = text.lines().take(41).map(|l| format!("{l}\n")).collect();
    let changed = rest
        .replacen(
            "import \"sync\"\n",
            &format!("import \"sync\"\n\n{clone}"),
            1,
        )
        .replacen("// Put stores", "// Note.\n//\n// Put stores", 1);
    let (mut client, workspace) = start_with_cache_go(Some(&changed));
    // What the file showed as the profile has it.
    let (mut reference, reference_dir) = start_with_cache_go(None);
    let reference_uri = reference.open(&reference_dir.path().join(CACHE_GO));
    let before = shown(&mut reference, &reference_uri);

    let path = workspace.path().join(CACHE_GO);
    let uri = client.open(&path);
    let after = shown(&mut client, &uri);
    assert_on_the_same_code(&before, &text, &after, &changed);
    assert_eq!(after.hints.len(), before.hints.len());
    assert!(
        after.hints.iter().all(|(_, _, stale)| !stale),
        "{:?}",
        after.hints
    );
    insta::assert_snapshot!("edits_moved_on_disk", render(&changed, &after));
    let hot = changed
        .lines()
        .position(|l| l.contains("c.items[key] = clone(body)"))
        .unwrap();
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": hot, "character": 2}}),
    );
    let words = hover["contents"]["value"].as_str().unwrap();
    // Put was declared at 20; it is at 28 now.
    assert!(words.contains("moved 8 lines down"), "{words}");
    assert!(
        words.contains("2 of its functions found again elsewhere"),
        "{words}"
    );
}

#[test]
fn a_function_renamed_on_disk_has_stale_numbers_that_say_why() {
    let text = original();
    let renamed = text
        .replace("func (c *Cache) Put(", "func (c *Cache) Store(")
        .replacen("package cache\n", "package cache\n\n// Added.\n", 1);
    let (mut client, workspace) = start_with_cache_go(Some(&renamed));
    let path = workspace.path().join(CACHE_GO);
    let uri = client.open(&path);
    let after = shown(&mut client, &uri);
    let stale: Vec<_> = after.hints.iter().filter(|(_, _, s)| *s).collect();
    assert!(
        !stale.is_empty(),
        "Put's numbers are stale: {:?}",
        after.hints
    );
    assert!(
        stale
            .iter()
            .all(|(_, label, _)| label.starts_with("stale? ")),
        "{stale:?}"
    );
    // clone is found again, two lines lower: not stale.
    let clone_line = renamed
        .lines()
        .position(|l| l.contains("make([]byte, len(b))"))
        .unwrap() as u64
        + 1;
    assert!(
        after.hints.iter().any(|(l, _, s)| *l == clone_line && !s),
        "clone's hint on its make: {:?}",
        after.hints
    );
    insta::assert_snapshot!("edits_renamed_on_disk", render(&renamed, &after));
    let (line, _, _) = stale[0];
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line - 1, "character": 2}}),
    );
    let words = hover["contents"]["value"].as_str().unwrap();
    assert!(words.contains("Stale:"), "{words}");
    // The status counts it.
    let status = client.command("pprof.status", json!([])).unwrap();
    let message = status["message"].as_str().unwrap();
    assert!(
        message.contains(
            "1 open file changed since the profile (1 function found moved, 1 marked stale)"
        ),
        "{message}"
    );
}

/// Lists, heat, callers and the call hierarchy lead to where the lines
/// are now in the editor.
#[test]
fn lists_heat_and_the_call_hierarchy_follow_the_edits() {
    let (mut client, workspace) = start_with_cache_go(None);
    let uri = client.open(&workspace.path().join(CACHE_GO));
    shown(&mut client, &uri);
    change(
        &mut client,
        &uri,
        2,
        json!([
            {"range": range((0, 0), (0, 0)), "text": "// one\n// two\n// three\n"},
        ]),
    );
    let top = client.command("pprof.top", json!([{"limit": 3}])).unwrap();
    let put = top["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["shortName"] == "cache.(*Cache).Put")
        .unwrap();
    // Its heaviest line, 23, is 26 now; its declaration 20 is 23.
    assert_eq!(put["location"]["range"]["start"]["line"], 25, "{put}");
    assert_eq!(put["declaration"]["range"]["start"]["line"], 22, "{put}");
    let heat = client.command("pprof.fileHeat", json!([uri])).unwrap();
    let shaded: Vec<i64> = heat["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_i64().unwrap())
        .collect();
    assert!(shaded.contains(&26) && !shaded.contains(&23), "{shaded:?}");
    // At Put's line now (inside it, where no number is).
    let callers = client
        .command(
            "pprof.showCallers",
            json!([{"uri": uri, "position": {"line": 24, "character": 1}}]),
        )
        .unwrap();
    assert!(
        callers["title"].as_str().unwrap().contains("Put"),
        "{}",
        callers["title"]
    );
    let items = client.request(
        "textDocument/prepareCallHierarchy",
        json!({"textDocument": {"uri": uri}, "position": {"line": 24, "character": 1}}),
    );
    assert_eq!(items[0]["name"], "cache.(*Cache).Put", "{items}");
    assert_eq!(items[0]["range"]["start"]["line"], 22, "{items}");
}

/// A line added inside Put on disk before the start: nothing in Put's own
/// text tells, but clone, after it, moved and Put did not: Put's numbers
/// are stale, clone's are firm.
#[test]
fn a_function_whose_body_grew_on_disk_is_stale_and_the_next_one_firm() {
    let text = original();
    let grown = text.replacen(
        "\tdefer c.mu.Unlock()\n\tc.items",
        "\tdefer c.mu.Unlock()\n\tc.touch()\n\tc.items",
        1,
    );
    assert_ne!(grown, text);
    let (mut client, workspace) = start_with_cache_go(Some(&grown));
    let (mut reference, reference_dir) = start_with_cache_go(None);
    let reference_uri = reference.open(&reference_dir.path().join(CACHE_GO));
    let before = shown(&mut reference, &reference_uri);
    let uri = client.open(&workspace.path().join(CACHE_GO));
    let after = shown(&mut client, &uri);
    assert_on_the_same_code(&before, &text, &after, &grown);
    let put = grown
        .lines()
        .position(|l| l.starts_with("func (c *Cache) Put("))
        .unwrap() as u64
        + 1;
    let clone = grown
        .lines()
        .position(|l| l.starts_with("func clone("))
        .unwrap() as u64
        + 1;
    let stale = |shown: &[(u64, String, bool)], range: std::ops::Range<u64>| {
        shown
            .iter()
            .filter(|(l, _, _)| range.contains(l))
            .all(|(_, _, s)| *s)
    };
    assert!(
        stale(&after.hints, put..clone),
        "Put's hints stale: {:?}",
        after.hints
    );
    assert!(
        !stale(&after.hints, clone..clone + 5),
        "clone's firm: {:?}",
        after.hints
    );
    insta::assert_snapshot!("edits_grown_on_disk", render(&grown, &after));
}

/// The code the profiles were taken of, unchanged: no number of any
/// fixture's profile is stale or moved (a false alarm would teach users to
/// ignore the mark).
#[test]
fn unchanged_files_of_every_fixture_have_no_stale_number() {
    let mut files_checked = 0;
    for fixture in [
        "allocs",
        "contention",
        "deeprec",
        "goleak",
        "leakyfeed",
        "trimpath",
        "bigcpu",
    ] {
        let dir = support::fixture(fixture);
        let mut profiles: Vec<String> = std::fs::read_dir(dir.join("profiles"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".pb.gz"))
            .collect();
        profiles.sort();
        for profile in profiles {
            let mut client = InProcess::start(
                &dir,
                json!({"profile": format!("profiles/{profile}"), "minShare": 0}),
                InProcess::default_capabilities(),
            );
            client.wait_for_status(0);
            let report = client.command("pprof.mappingReport", json!([])).unwrap();
            for file in report["resolved"].as_array().unwrap() {
                if file["kind"] != "workspace" {
                    continue;
                }
                let uri = file["uri"].as_str().unwrap().to_string();
                let path = std::path::PathBuf::from(uri.trim_start_matches("file://"));
                client.open(&path);
                let shown = shown(&mut client, &uri);
                let stale: Vec<_> = shown
                    .hints
                    .iter()
                    .chain(&shown.lenses)
                    .filter(|(_, _, s)| *s)
                    .collect();
                assert!(stale.is_empty(), "{fixture}/{profile}: {uri}: {stale:?}");
                let hover_of_first = shown.hints.first().map(|(line, _, _)| {
                    client.request(
                        "textDocument/hover",
                        json!({"textDocument": {"uri": uri}, "position": {"line": line - 1, "character": 0}}),
                    )
                });
                if let Some(hover) = hover_of_first {
                    let words = hover["contents"]["value"].as_str().unwrap_or("");
                    assert!(
                        !words.contains("changed since the profile"),
                        "{fixture}/{profile}: {uri}: {words}"
                    );
                }
                files_checked += 1;
            }
        }
    }
    assert!(files_checked >= 20, "only {files_checked} files checked");
}

/// Closures and the wrappers Go writes for `go f(x)` move with the
/// function they are written in.
#[test]
fn closures_and_go_wrappers_move_with_their_function() {
    const MAIN_GO: &str = "src/main.go";
    let text = std::fs::read_to_string(support::fixture("contention").join(MAIN_GO)).unwrap();
    // Above main: every function below moves by three lines.
    let changed = text.replacen(
        "func main(",
        "// Three lines\n// of comment\n// added.\nfunc main(",
        1,
    );
    assert_ne!(changed, text);
    let (mut reference, reference_dir) = start_on("contention", "block-1", MAIN_GO, None);
    let reference_uri = reference.open(&reference_dir.path().join(MAIN_GO));
    let before = shown(&mut reference, &reference_uri);
    let (mut client, workspace) = start_on("contention", "block-1", MAIN_GO, Some(&changed));
    let uri = client.open(&workspace.path().join(MAIN_GO));
    let after = shown(&mut client, &uri);
    assert!(after.hints.len() >= 5, "{:?}", after.hints);
    assert!(
        after.hints.iter().all(|(_, _, stale)| !stale),
        "{:?}",
        after.hints
    );
    assert_on_the_same_code(&before, &text, &after, &changed);
}

/// Diagnostics of a file changed on disk stand on its code as it is.
#[test]
fn diagnostics_stand_where_the_lines_are_now() {
    let text = original();
    let changed = text.replacen("package cache\n", "package cache\n\n// One.\n// Two.\n", 1);
    let workspace = workspace_copy("leakyfeed");
    std::fs::write(workspace.path().join(CACHE_GO), &changed).unwrap();
    let mut client = InProcess::start(
        workspace.path(),
        json!({"profile": "profiles/heap-2.pb.gz", "diagnostics": true, "diagnosticsCount": 3}),
        InProcess::default_capabilities(),
    );
    let file_uri = support::uri(&workspace.path().join(CACHE_GO));
    let published = client.wait_for(0, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(file_uri)
    });
    let lines: Vec<String> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
            changed.lines().nth(line).unwrap().trim().to_string()
        })
        .collect();
    // The heaviest lines of cache.go, on their code three lines lower.
    assert!(
        lines.contains(&"out := make([]byte, len(b))".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"c.items[key] = clone(body)".to_string()),
        "{lines:?}"
    );
}
