//! A request storm while the profile is replaced, good and bad in turn,
//! and the settings change: every request is answered, nothing deadlocks,
//! and the last good profile is what is shown at the end.

mod support;

use serde_json::{json, Value};
use support::{label, top_report, workspace_copy, InProcess};

/// The server on a copy of leakyfeed showing `profiles/current.pb.gz`, a
/// copy of `first`, with cache.go open: the workspace (kept while it
/// lives), its root, the profile file and cache.go's URI.
fn watching_current(
    first: &str,
) -> (
    InProcess,
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    String,
) {
    let workspace = workspace_copy("leakyfeed");
    let root = workspace.path().canonicalize().unwrap();
    let current = root.join("profiles/current.pb.gz");
    std::fs::copy(root.join(format!("profiles/{first}.pb.gz")), &current).unwrap();
    let mut client = InProcess::start(
        &root,
        json!({"profile": "profiles/current.pb.gz", "minShare": 0}),
        InProcess::default_capabilities(),
    );
    client.wait_for_status(0);
    let cache = client.open(&root.join("src/cache/cache.go"));
    (client, workspace, root, current, cache)
}

#[test]
fn requests_are_all_answered_while_profiles_and_settings_change() {
    let (mut client, _workspace, root, current, cache) = watching_current("heap-1");
    let main = client.open(&root.join("src/main.go"));
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}});
    let requests = |uri: &str, line: u64| {
        [
            (
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": uri}, "range": whole}),
            ),
            (
                "textDocument/codeLens",
                json!({"textDocument": {"uri": uri}}),
            ),
            (
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 2}}),
            ),
            (
                "workspace/executeCommand",
                json!({"command": "pprof.top", "arguments": [{"limit": 5}]}),
            ),
        ]
    };
    let mut answered = 0;
    for round in 0..30 {
        // Good and bad profiles in turn, the last one good.
        match round % 3 {
            0 => std::fs::copy(root.join("profiles/heap-2.pb.gz"), &current).map(|_| ()),
            1 => std::fs::write(&current, b"\x1f\x8bnot really gzip"),
            _ => std::fs::copy(root.join("profiles/heap-1.pb.gz"), &current).map(|_| ()),
        }
        .unwrap();
        if round % 5 == 0 {
            client.notify(
                "workspace/didChangeConfiguration",
                json!({"settings": {"pprof": {"profile": "profiles/current.pb.gz", "minShare": round % 2}}}),
            );
        }
        let mut ids = Vec::new();
        for i in 0..40u64 {
            let uri = if i % 2 == 0 { &cache } else { &main };
            for (method, params) in requests(uri, 20 + i % 30) {
                ids.push(client.send_request(method, params));
            }
        }
        for id in ids {
            // An error answer (no profile yet) is an answer too.
            let _: Result<Value, Value> = client.response(id);
            answered += 1;
        }
    }
    assert_eq!(answered, 30 * 40 * 4);
    let put_hint = |golden: &str| {
        let put = top_report("leakyfeed", golden).row("cache.go:23").clone();
        (
            23,
            format!(
                "{} flat · {} cum",
                label(put.flat, "bytes"),
                label(put.cum, "bytes")
            ),
        )
    };
    // The storm over, the reloads it started finish, and the last write
    // is what is shown: heap-1 (round 29 % 3 == 2).
    client.settle();
    let hints = client.hint_labels(&cache);
    let heap1 = put_hint("heap-1.inuse_space.lines.txt");
    assert!(hints.contains(&heap1), "heap-1 at the end: {hints:?}");
    std::fs::copy(root.join("profiles/heap-2.pb.gz"), &current).unwrap();
    let (_, want) = put_hint("heap-2.inuse_space.lines.txt");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let hints = client.hint_labels(&cache);
        if hints.contains(&(23, want.clone())) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "heap-2 never shown: {hints:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    client.settle();
    // Then a bad one: said once, and heap-2 stays.
    let seen = client.notifications.len();
    std::fs::write(&current, b"").unwrap();
    let message = client.wait_for(seen, |m| m["method"] == "window/showMessage");
    let text = message["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("current.pb.gz") && text.contains("empty"),
        "{text}"
    );
    let hints = client.hint_labels(&cache);
    assert!(
        hints.contains(&(23, want.clone())),
        "the last good profile: {hints:?}, want {want}"
    );
    let status = client.command("pprof.status", json!([])).unwrap();
    assert!(
        status["profile"]
            .as_str()
            .unwrap()
            .ends_with("current.pb.gz"),
        "{status}"
    );
}
