//! Client-side latency of the language server on a large profile.
//!
//! ```text
//! cargo run --release --example lsp_latency -- --workspace WS --profile WS/live.pb.gz \
//!     [--base BASE.pb.gz] [--keep-snapshots N] [--file pkg00/file00.go[,OTHER.go...]] \
//!     [--requests 300] [--whole-file-requests 10] [--hovers 1000] [--min-share 0] \
//!     [--reload-with OTHER.pb.gz,ORIGINAL.pb.gz] [--record FILE] [--hover-times FILE] \
//!     [--server target/release/pprof-lsp]
//! ```
//!
//! Starts the server over stdio with `initializationOptions`
//! `{"profile": PROFILE, "minShare": MIN_SHARE}` (and `base`,
//! `keepSnapshots` when given), waits for the load's `pprof/status`
//! (`loading` false, `profile` set), opens the files and measures round
//! trips (request written to the server's stdin → response read in full
//! from its stdout, before JSON parsing) of inlay hints (whole file and
//! 60-line viewports) and code lenses of the first file, and hover on
//! `--hovers` distinct function declarations of all the files, then again.
//! `--requests 0 --whole-file-requests 0 --hovers 0` measures the load
//! alone. Then, for each `--reload-with` file, copies it over PROFILE (or,
//! when PROFILE is a folder, a timeline, into it under its own name: a new
//! snapshot) and measures the time from the end of the copy to the
//! server's `workspace/inlayHint/refresh` request, while sending viewport
//! hint requests back to back: none of them may wait for the load.
//!
//! The server's memory (VmRSS and its peak VmHWM) is read after the load,
//! after the requests and after the reloads. `--record FILE` appends one
//! line of `key=value` figures to FILE, `--hover-times FILE` the round trip
//! of each first hover that answered, in ms, a line each (for percentiles
//! over runs).

#[path = "../tests/support/framing.rs"]
mod framing;

use std::io::{BufReader, Write};
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

/// The end of a load: a status naming a profile, not loading.
fn is_loaded_status(m: &Value) -> bool {
    m["method"] == "pprof/status"
        && !m["params"]["profile"].is_null()
        && m["params"]["loading"] != json!(true)
}

fn is_hint_refresh(m: &Value) -> bool {
    m["method"] == "workspace/inlayHint/refresh"
}

/// The file a status shows: a timeline's shown snapshot, else `profile`.
fn shown_file(status: &Value) -> Option<PathBuf> {
    let params = &status["params"];
    let shown = params["timeline"]["snapshots"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["role"] == "shown"))
        .and_then(|s| s["path"].as_str());
    shown.or(params["profile"].as_str()).map(PathBuf::from)
}

/// How many snapshots a status' timeline has (0: not a timeline).
fn snapshot_count(status: &Value) -> usize {
    status["params"]["timeline"]["snapshots"]
        .as_array()
        .map_or(0, Vec::len)
}

#[derive(Clone, Copy)]
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
    let mut base: Option<PathBuf> = None;
    let mut keep_snapshots: Option<usize> = None;
    let mut files = vec![String::from("pkg00/file00.go")];
    let mut requests = 300usize;
    let mut whole = 10usize;
    let mut hovers = 1000usize;
    let mut min_share = 0.0f64;
    let mut reloads: Vec<PathBuf> = Vec::new();
    let mut record: Option<PathBuf> = None;
    let mut hover_times: Option<PathBuf> = None;
    let mut server = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/release/pprof-lsp"
    ));
    let mut it = std::env::args().skip(1);
    while let (Some(flag), Some(value)) = (it.next(), it.next()) {
        match flag.as_str() {
            "--workspace" => workspace = Some(PathBuf::from(value)),
            "--profile" => profile = Some(PathBuf::from(value)),
            "--base" => base = Some(PathBuf::from(value)),
            "--keep-snapshots" => keep_snapshots = Some(value.parse().expect("--keep-snapshots N")),
            "--file" => files = value.split(',').map(String::from).collect(),
            "--requests" => requests = value.parse().expect("--requests N"),
            "--whole-file-requests" => whole = value.parse().expect("--whole-file-requests N"),
            "--hovers" => hovers = value.parse().expect("--hovers N"),
            "--min-share" => min_share = value.parse().expect("--min-share PERCENT"),
            "--reload-with" => reloads = value.split(',').map(PathBuf::from).collect(),
            "--record" => record = Some(PathBuf::from(value)),
            "--hover-times" => hover_times = Some(PathBuf::from(value)),
            "--server" => server = PathBuf::from(value),
            _ => panic!("unknown flag {flag}"),
        }
    }
    let workspace = workspace.expect("--workspace DIR").canonicalize().unwrap();
    let profile = profile.expect("--profile FILE").canonicalize().unwrap();
    let base = base.map(|b| b.canonicalize().unwrap());
    let timeline = profile.is_dir();
    // The first file is the one of the hint and lens requests; hovers go
    // over the declarations of all.
    let documents: Vec<(PathBuf, String)> = files
        .iter()
        .map(|f| {
            let path = workspace.join(f);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, text)
        })
        .collect();
    let file = files[0].clone();
    let (path, text) = &documents[0];
    let line_count = text.lines().count() as u32;
    let declarations: Vec<(String, u32)> = documents
        .iter()
        .flat_map(|(path, text)| {
            let uri = uri(path);
            text.lines()
                .enumerate()
                .filter(|(_, l)| l.starts_with("func "))
                .map(move |(i, _)| (uri.clone(), i as u32))
        })
        .collect();

    let mut options = json!({"profile": profile.display().to_string(), "minShare": min_share});
    if let Some(base) = &base {
        options["base"] = json!(base.display().to_string());
    }
    if let Some(keep) = keep_snapshots {
        options["keepSnapshots"] = json!(keep);
    }
    let started = Instant::now();
    let mut client = Client::start(&server, &workspace, options);
    let (loaded_at, status) = client.wait_for(is_loaded_status);
    let memory_after_load = client.memory();
    let initial_load = loaded_at - started;
    let shown = shown_file(&status).expect("the status names the profile shown");
    let raw_mb = raw_size(&shown) / 1e6;
    // The initial load's refreshes, if any, are not measured.
    let _ = client.poll_for(is_hint_refresh);
    let uri = uri(path);
    for (path, text) in &documents {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": self::uri(path), "languageId": "go", "version": 1, "text": text}}),
        );
    }

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
    if !times.is_empty() {
        eprintln!("whole-file hints done");
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
    if !times.is_empty() {
        eprintln!("viewport hints done");
        rows.push((
            "inlayHint, 60-line viewport".into(),
            stats(times),
            format!("{:.1} hints avg", total as f64 / requests as f64),
        ));
    }

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
    if !times.is_empty() {
        rows.push((
            "codeLens, whole file".into(),
            stats(times),
            format!("{} lenses ({untitled} to resolve)", lenses.len()),
        ));
    }
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
        eprintln!("lenses done");
    }

    // Distinct functions, each hovered once (cold: callers computed on
    // first use), in an order that jumps about the file.
    let distinct = hovers.min(declarations.len());
    let stride = if gcd(7919, declarations.len()) == 1 {
        7919
    } else {
        1
    };
    let hovered: Vec<&(String, u32)> = (0..distinct)
        .map(|k| &declarations[(k * stride) % declarations.len()])
        .collect();
    let hover = |client: &mut Client, (uri, line): &(String, u32)| {
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 6}}),
        )
    };
    let mut first_hovers = Vec::new();
    let mut answered = 0;
    // Round trips of the hovers that answered (a function without
    // samples answers null at once).
    let mut answered_hovers = Vec::new();
    for &declaration in &hovered {
        let (result, t) = hover(&mut client, declaration);
        answered += usize::from(!result.is_null());
        first_hovers.push(ms(t));
        if !result.is_null() {
            answered_hovers.push(ms(t));
        }
    }
    let first_hover_stats = (!first_hovers.is_empty()).then(|| stats(first_hovers.clone()));
    if let Some(s) = &first_hover_stats {
        rows.push((
            "hover on a function, first time".into(),
            *s,
            format!("{answered}/{} answered", s.n),
        ));
    }
    if let Some(file) = &hover_times {
        let mut out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .unwrap();
        for t in &answered_hovers {
            writeln!(out, "{t:.3}").unwrap();
        }
    }
    let mut times = Vec::new();
    for k in 0..if hovered.is_empty() { 0 } else { requests } {
        let (_, t) = hover(&mut client, hovered[k % hovered.len()]);
        times.push(ms(t));
    }
    if !times.is_empty() {
        eprintln!("hovers done");
        rows.push((
            "hover on a function, again".into(),
            stats(times),
            String::new(),
        ));
    }

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

    // A file replaced (a single profile), or a new one in the folder (a
    // timeline): from the end of the copy to the refresh request.
    let mut reload_rows = Vec::new();
    for replacement in &reloads {
        // Forget earlier refreshes (e.g. the initial load's).
        while client.poll_for(|_| true).is_some() {}
        let target = if timeline {
            profile.join(replacement.file_name().unwrap())
        } else {
            profile.clone()
        };
        let copy_start = Instant::now();
        std::fs::copy(replacement, &target).unwrap();
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
        let status = client
            .poll_for(is_loaded_status)
            .map(|(_, status)| status)
            .unwrap_or_default();
        eprintln!("reload with {} done", replacement.display());
        reload_rows.push((
            replacement.clone(),
            ms(changed - copy_start),
            ms(refresh_at - changed),
            stats(during),
            status,
        ));
    }
    let memory_at_end = client.memory();

    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let base_name = status["params"]["base"]
        .as_str()
        .map(|b| name(Path::new(b)));
    println!(
        "profile {}{}{} ({}); file {file}: {line_count} lines, {} functions declared{}; minShare {min_share}%",
        name(&profile),
        if timeline {
            format!(
                " (timeline of {} snapshots, {} shown)",
                snapshot_count(&status),
                name(&shown)
            )
        } else {
            String::new()
        },
        base_name
            .as_ref()
            .map_or(String::new(), |b| format!(", compared with {b}")),
        status["params"]["sampleType"].as_str().unwrap_or("?"),
        declarations.len(),
        if documents.len() > 1 {
            format!(" in {} files", documents.len())
        } else {
            String::new()
        },
    );
    println!(
        "initial load (start → pprof/status): {:.0} ms",
        ms(initial_load)
    );
    let mut memories = vec![
        ("after the load", memory_after_load),
        ("after the requests", memory_after_requests),
    ];
    if !reloads.is_empty() {
        memories.push(("after the reloads", memory_at_end));
    }
    for (when, memory) in memories {
        if let Some((rss, peak)) = memory {
            println!(
                "server memory {when}: RSS {rss:.0} MB, peak {peak:.0} MB ({:.1}x the raw profile, {raw_mb:.1} MB)",
                peak / raw_mb
            );
        }
    }
    if let Some(message) = &warm_up {
        println!("part of the load: {message}");
    }
    if !rows.is_empty() {
        println!();
        println!("| request | n | p50 ms | p99 ms | max ms | result |");
        println!("| --- | ---: | ---: | ---: | ---: | --- |");
        for (what, s, note) in &rows {
            println!(
                "| {what} | {} | {:.3} | {:.3} | {:.3} | {note} |",
                s.n, s.p50, s.p99, s.max
            );
        }
    }
    if !reload_rows.is_empty() {
        println!();
        println!("| {} | copy ms | change → inlayHint/refresh ms | then shown | hints during reload: n | p50 ms | p99 ms | max ms |",
            if timeline { "new snapshot" } else { "reload with" });
        println!("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        for (file, copy, refresh, s, status) in &reload_rows {
            let then = shown_file(status).map_or("?".into(), |p| name(&p));
            let then = match snapshot_count(status) {
                0 => then,
                n => format!("{then} ({n} snapshots)"),
            };
            println!(
                "| {} | {copy:.0} | {refresh:.0} | {then} | {} | {:.3} | {:.3} | {:.3} |",
                name(file),
                s.n,
                s.p50,
                s.p99,
                s.max
            );
        }
    }

    // One line of figures for scripts (bench/run.sh): key=value.
    if let Some(file) = &record {
        let mut line = format!(
            "load_ms={:.0} raw_mb={raw_mb:.1} snapshots={}",
            ms(initial_load),
            snapshot_count(&status)
        );
        for (key, memory) in [
            ("load", memory_after_load),
            ("requests", memory_after_requests),
            ("end", memory_at_end),
        ] {
            if let Some((rss, peak)) = memory {
                line += &format!(" rss_{key}_mb={rss:.1} hwm_{key}_mb={peak:.1}");
            }
        }
        // "callers of the N functions in the most stacks computed ahead in M ms"
        if let Some(message) = warm_up.as_ref().and_then(Value::as_str) {
            let numbers: Vec<&str> = message
                .split_whitespace()
                .filter(|w| w.parse::<u64>().is_ok())
                .collect();
            if let [functions, took] = numbers[..] {
                line += &format!(" warmup_functions={functions} warmup_ms={took}");
            }
        }
        if let Some(s) = &first_hover_stats {
            line += &format!(
                " hover_first_n={} hover_first_p50_ms={:.3} hover_first_p99_ms={:.3} hover_first_max_ms={:.3}",
                s.n, s.p50, s.p99, s.max
            );
        }
        if !reload_rows.is_empty() {
            let refreshes: Vec<String> = reload_rows
                .iter()
                .map(|(_, _, refresh, _, _)| format!("{refresh:.0}"))
                .collect();
            line += &format!(" refresh_ms={}", refreshes.join(","));
        }
        let mut out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .unwrap();
        writeln!(out, "{line}").unwrap();
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
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
