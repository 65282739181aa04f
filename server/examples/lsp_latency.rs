//! Client-side latency of the language server on a large profile.
//!
//! ```text
//! cargo run --release --example lsp_latency -- --workspace WS --profile WS/live.pb.gz \
//!     [--file pkg00/file00.go] [--requests 300] [--whole-file-requests 10] [--min-share 0] \
//!     [--reload-with OTHER.pb.gz,ORIGINAL.pb.gz] [--server target/release/pprof-lsp]
//! ```
//!
//! Starts the server over stdio with `initializationOptions`
//! `{"profile": PROFILE, "minShare": MIN_SHARE}`, waits for the load's
//! `pprof/status`, opens FILE and measures round trips (request written to
//! the server's stdin → response read in full from its stdout, before JSON
//! parsing) of inlay hints (whole file and 60-line viewports), code lenses
//! and hover on function declarations. Then, for each `--reload-with` file,
//! copies it over PROFILE and measures the time from the end of the copy to
//! the server's `workspace/inlayHint/refresh` request, while sending
//! viewport hint requests back to back: none of them may wait for the load.

#[path = "../tests/support/framing.rs"]
mod framing;

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(120);

struct Client {
    child: Child,
    stdin: ChildStdin,
    next_id: i64,
    incoming: Receiver<(Instant, Value)>,
    /// Server requests and notifications not yet consumed: (arrival, message).
    events: Vec<(Instant, Value)>,
    options: Value,
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// The server's resident memory now and at its peak, in MB (Linux).
    fn memory(&self) -> Option<(f64, f64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let field = |name: &str| -> Option<f64> {
            let line = status.lines().find(|l| l.starts_with(name))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb / 1024.0)
        };
        Some((field("VmRSS:")?, field("VmHWM:")?))
    }

    fn start(server: &Path, root: &Path, options: Value) -> Client {
        let mut child = Command::new(server)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", server.display()));
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take().unwrap();
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::with_capacity(1 << 20, stdout);
            while let Ok(Some(body)) = framing::read_message(&mut reader) {
                let arrived = Instant::now();
                let message: Value = serde_json::from_slice(&body).unwrap();
                if sender.send((arrived, message)).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            next_id: 1,
            incoming,
            events: Vec::new(),
            options: options.clone(),
        };
        let capabilities = json!({
            "workspace": {
                "configuration": true,
                "inlayHint": {"refreshSupport": true},
                "codeLens": {"refreshSupport": true},
                "didChangeWatchedFiles": {"dynamicRegistration": false}
            },
            "window": {"workDoneProgress": true}
        });
        client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{"uri": uri(root), "name": "bench"}],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        framing::write_message(&mut self.stdin, &message.to_string()).unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request; returns its result and the round trip.
    fn request(&mut self, method: &str, params: Value) -> (Value, Duration) {
        let id = self.next_id;
        self.next_id += 1;
        let sent = Instant::now();
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let (arrived, message) = self.next_message(sent + TIMEOUT);
            if message.get("method").is_none() && message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    panic!("{method} failed: {error}");
                }
                return (message["result"].clone(), arrived - sent);
            }
        }
    }

    /// Reads one message; answers server requests and records them (and
    /// notifications) in `events`. Responses are returned too.
    fn next_message(&mut self, deadline: Instant) -> (Instant, Value) {
        let left = deadline.saturating_duration_since(Instant::now());
        let (arrived, message) = self
            .incoming
            .recv_timeout(left)
            .expect("the server did not answer in time (or exited)");
        self.take_in(arrived, &message);
        (arrived, message)
    }

    /// Answers a server request, and records it (or a notification) in
    /// `events`; responses are left to the caller.
    fn take_in(&mut self, arrived: Instant, message: &Value) {
        let Some(method) = message.get("method").and_then(Value::as_str) else {
            return;
        };
        if message.get("id").is_some() {
            let result = match method {
                "workspace/configuration" => json!([self.options.clone()]),
                _ => Value::Null,
            };
            self.send(json!({"jsonrpc": "2.0", "id": message["id"], "result": result}));
        }
        self.events.push((arrived, message.clone()));
    }

    /// Waits for a server message matching `wanted` among unconsumed events
    /// and those to come; removes and returns it with its arrival time.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> (Instant, Value) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(at) = self.events.iter().position(|(_, m)| wanted(m)) {
                return self.events.remove(at);
            }
            self.next_message(deadline);
        }
    }

    /// Takes a matching event already received, if any, without waiting.
    fn poll_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Option<(Instant, Value)> {
        while let Ok((arrived, message)) = self.incoming.try_recv() {
            self.take_in(arrived, &message);
        }
        let at = self.events.iter().position(|(_, m)| wanted(m))?;
        Some(self.events.remove(at))
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_loaded_status(m: &Value) -> bool {
    m["method"] == "pprof/status" && !m["params"]["profile"].is_null()
}

fn is_hint_refresh(m: &Value) -> bool {
    m["method"] == "workspace/inlayHint/refresh"
}

struct Stats {
    n: usize,
    p50: f64,
    p99: f64,
    max: f64,
}

fn stats(mut ms: Vec<f64>) -> Stats {
    assert!(!ms.is_empty());
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((q * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
    Stats {
        n: ms.len(),
        p50: at(0.50),
        p99: at(0.99),
        max: *ms.last().unwrap(),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn range(start: u32, end: u32) -> Value {
    json!({"start": {"line": start, "character": 0}, "end": {"line": end, "character": 0}})
}

fn main() {
    let mut workspace = None;
    let mut profile = None;
    let mut file = String::from("pkg00/file00.go");
    let mut requests = 300usize;
    let mut whole = 10usize;
    let mut min_share = 0.0f64;
    let mut reloads: Vec<PathBuf> = Vec::new();
    let mut server = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/release/pprof-lsp"
    ));
    let mut it = std::env::args().skip(1);
    while let (Some(flag), Some(value)) = (it.next(), it.next()) {
        match flag.as_str() {
            "--workspace" => workspace = Some(PathBuf::from(value)),
            "--profile" => profile = Some(PathBuf::from(value)),
            "--file" => file = value,
            "--requests" => requests = value.parse().expect("--requests N"),
            "--whole-file-requests" => whole = value.parse().expect("--whole-file-requests N"),
            "--min-share" => min_share = value.parse().expect("--min-share PERCENT"),
            "--reload-with" => reloads = value.split(',').map(PathBuf::from).collect(),
            "--server" => server = PathBuf::from(value),
            _ => panic!("unknown flag {flag}"),
        }
    }
    let workspace = workspace.expect("--workspace DIR").canonicalize().unwrap();
    let profile = profile.expect("--profile FILE").canonicalize().unwrap();
    let path = workspace.join(&file);
    let text = std::fs::read_to_string(&path).unwrap();
    let line_count = text.lines().count() as u32;
    let declarations: Vec<u32> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("func "))
        .map(|(i, _)| i as u32)
        .collect();

    let raw_mb = raw_size(&profile) / 1e6;
    let options = json!({"profile": profile.display().to_string(), "minShare": min_share});
    let started = Instant::now();
    let mut client = Client::start(&server, &workspace, options);
    let (loaded_at, status) = client.wait_for(is_loaded_status);
    let memory_after_load = client.memory();
    let initial_load = loaded_at - started;
    // The initial load's refreshes, if any, are not measured.
    let _ = client.poll_for(is_hint_refresh);
    let uri = uri(&path);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}}),
    );

    let mut rows: Vec<(String, Stats, String)> = Vec::new();
    let mut rng = 0x9e37_79b9u64;
    let mut next = move |n: u32| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as u32
    };

    // Whole-file hints: big responses, fewer requests.
    eprintln!("loaded in {:.0} ms; measuring", ms(initial_load));
    let mut times = Vec::new();
    let mut count = 0;
    for _ in 0..whole {
        let (result, t) = client.request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri}, "range": range(0, line_count)}),
        );
        count = result.as_array().map_or(0, Vec::len);
        times.push(ms(t));
    }
    eprintln!("whole-file hints done");
    if !times.is_empty() {
        rows.push((
            "inlayHint, whole file".into(),
            stats(times),
            format!("{count} hints"),
        ));
    }

    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..requests {
        let start = next(line_count.saturating_sub(60).max(1));
        let (result, t) = client.request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri}, "range": range(start, start + 60)}),
        );
        total += result.as_array().map_or(0, Vec::len);
        times.push(ms(t));
    }
    eprintln!("viewport hints done");
    rows.push((
        "inlayHint, 60-line viewport".into(),
        stats(times),
        format!("{:.1} hints avg", total as f64 / requests as f64),
    ));

    let mut times = Vec::new();
    let mut lenses = Vec::new();
    for _ in 0..requests {
        let (result, t) = client.request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        );
        lenses = result.as_array().cloned().unwrap_or_default();
        times.push(ms(t));
    }
    let untitled = lenses.iter().filter(|l| l["command"].is_null()).count();
    rows.push((
        "codeLens, whole file".into(),
        stats(times),
        format!("{} lenses ({untitled} to resolve)", lenses.len()),
    ));
    // What an editor resolves: the untitled lenses of a screenful.
    let mut times = Vec::new();
    while times.len() < requests && untitled > 0 {
        let start = next(line_count.saturating_sub(60).max(1)) as u64;
        for lens in lenses.iter().filter(|l| {
            let line = l["range"]["start"]["line"].as_u64().unwrap_or(0);
            l["command"].is_null() && (start..start + 60).contains(&line)
        }) {
            let (result, t) = client.request("codeLens/resolve", lens.clone());
            assert!(result["command"]["title"].is_string(), "{result}");
            times.push(ms(t));
        }
    }
    if !times.is_empty() {
        let n = times.len();
        rows.push((
            "codeLens/resolve, lenses in a 60-line viewport".into(),
            stats(times),
            format!("{n} resolved"),
        ));
    }
    eprintln!("lenses done");

    let mut times = Vec::new();
    let mut answered = 0;
    let mut hovered = Vec::new();
    for k in 0..requests.max(declarations.len().min(1000)) {
        // Distinct functions (cold: callers computed on first use).
        let line = declarations[(k * 7919) % declarations.len()];
        hovered.push(line);
        let (result, t) = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 6}}),
        );
        answered += usize::from(!result.is_null());
        times.push(ms(t));
    }
    let n = times.len();
    rows.push((
        "hover on a function, first time".into(),
        stats(times),
        format!("{answered}/{n} answered"),
    ));
    let mut times = Vec::new();
    for k in 0..requests {
        let line = hovered[k % hovered.len()];
        let (_, t) = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 6}}),
        );
        times.push(ms(t));
    }
    eprintln!("hovers done");
    rows.push((
        "hover on a function, again".into(),
        stats(times),
        String::new(),
    ));

    let memory_after_requests = client.memory();
    // The server's note that the heaviest functions' callers are computed.
    let warm_up = client
        .poll_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("computed ahead"))
        })
        .map(|(_, m)| m["params"]["message"].clone());

    let mut reload_rows = Vec::new();
    for replacement in &reloads {
        // Forget earlier refreshes (e.g. the initial load's).
        while client.poll_for(|_| true).is_some() {}
        let copy_start = Instant::now();
        std::fs::copy(replacement, &profile).unwrap();
        let changed = Instant::now();
        let mut during = Vec::new();
        let refresh_at = loop {
            if let Some((at, _)) = client.poll_for(is_hint_refresh) {
                break at;
            }
            let start = next(line_count.saturating_sub(60).max(1));
            let (_, t) = client.request(
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": uri}, "range": range(start, start + 60)}),
            );
            during.push(ms(t));
            assert!(
                changed.elapsed() < TIMEOUT,
                "no workspace/inlayHint/refresh after the profile changed"
            );
        };
        let _ = client.poll_for(is_loaded_status);
        eprintln!("reload with {} done", replacement.display());
        reload_rows.push((
            replacement.clone(),
            ms(changed - copy_start),
            ms(refresh_at - changed),
            stats(during),
        ));
    }

    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    println!(
        "profile {} ({}); file {file}: {line_count} lines, {} functions declared; minShare {min_share}%",
        name(&profile),
        status["params"]["sampleType"].as_str().unwrap_or("?"),
        declarations.len()
    );
    println!(
        "initial load (start → pprof/status): {:.0} ms",
        ms(initial_load)
    );
    for (when, memory) in [
        ("after the load", memory_after_load),
        ("after the requests", memory_after_requests),
    ] {
        if let Some((rss, peak)) = memory {
            println!(
                "server memory {when}: RSS {rss:.0} MB, peak {peak:.0} MB ({:.1}x the raw profile, {raw_mb:.1} MB)",
                peak / raw_mb
            );
        }
    }
    if let Some(message) = warm_up {
        println!("part of the load: {message}");
    }
    println!();
    println!("| request | n | p50 ms | p99 ms | max ms | result |");
    println!("| --- | ---: | ---: | ---: | ---: | --- |");
    for (what, s, note) in &rows {
        println!(
            "| {what} | {} | {:.3} | {:.3} | {:.3} | {note} |",
            s.n, s.p50, s.p99, s.max
        );
    }
    if !reload_rows.is_empty() {
        println!();
        println!("| reload with | copy ms | change → inlayHint/refresh ms | hints during reload: n | p50 ms | p99 ms | max ms |");
        println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (file, copy, refresh, s) in &reload_rows {
            println!(
                "| {} | {copy:.0} | {refresh:.0} | {} | {:.3} | {:.3} | {:.3} |",
                name(file),
                s.n,
                s.p50,
                s.p99,
                s.max
            );
        }
    }
}

/// The profile's size decompressed.
fn raw_size(path: &Path) -> f64 {
    let file = std::fs::File::open(path).unwrap();
    let mut gz = flate2::read::MultiGzDecoder::new(BufReader::new(file));
    match std::io::copy(&mut gz, &mut std::io::sink()) {
        Ok(n) => n as f64,
        // Not gzip: the file itself.
        Err(_) => std::fs::metadata(path).unwrap().len() as f64,
    }
}
