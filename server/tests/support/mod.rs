//! A minimal LSP client for end-to-end tests: starts the real `pprof-lsp`
//! binary, talks JSON-RPC over its stdio, answers the server's own requests
//! (configuration, refresh, registration, progress) and records what the
//! server sends.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    next_id: i64,
    incoming: Receiver<Value>,
    /// Everything the server sent that is not a response, in order.
    pub notifications: Vec<Value>,
    responses: Vec<Value>,
    /// What the client answers to workspace/configuration.
    pub configuration: Arc<Mutex<Value>>,
    pub root: PathBuf,
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
        .canonicalize()
        .unwrap()
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Copies a fixture into a fresh temporary folder, so tests may change it.
pub fn workspace_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

impl Client {
    /// Starts the server on `root` with these initializationOptions and
    /// client capabilities, and completes the handshake.
    pub fn start(root: &Path, options: Value, capabilities: Value) -> Client {
        Client::start_with_configuration(root, options, capabilities, Value::Null)
    }

    /// Like `start`, answering `workspace/configuration` with `configuration`.
    pub fn start_with_configuration(
        root: &Path,
        options: Value,
        capabilities: Value,
        configuration: Value,
    ) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pprof-lsp"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start pprof-lsp");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take().unwrap();
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(value) = header.strip_prefix("Content-Length: ") {
                        length = value.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            next_id: 1,
            incoming,
            notifications: Vec::new(),
            responses: Vec::new(),
            configuration: Arc::new(Mutex::new(configuration)),
            root: root.to_path_buf(),
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{"uri": uri(root), "name": "ws"}],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        assert_eq!(
            result["capabilities"]["inlayHintProvider"]["resolveProvider"], true,
            "{result}"
        );
        client.notify("initialized", json!({}));
        client
    }

    /// Capabilities of a client like Neovim: refresh support, no dynamic
    /// file watching, configuration pull.
    pub fn default_capabilities() -> Value {
        json!({
            "workspace": {
                "configuration": true,
                "inlayHint": {"refreshSupport": true},
                "codeLens": {"refreshSupport": true},
                "didChangeWatchedFiles": {"dynamicRegistration": false}
            },
            "window": {"workDoneProgress": true}
        })
    }

    fn send(&mut self, message: Value) {
        let body = serde_json::to_string(&message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its result (panics on an error).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        match self.try_request(method, params) {
            Ok(result) => result,
            Err(error) => panic!("{method} failed: {error}"),
        }
    }

    pub fn try_request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(at) = self.responses.iter().position(|r| r["id"] == json!(id)) {
                let response = self.responses.remove(at);
                return match response.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(response["result"].clone()),
                };
            }
            self.pump(deadline);
        }
    }

    /// Reads one message, answering server requests; panics after the deadline.
    fn pump(&mut self, deadline: Instant) {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = match self.incoming.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!(
                "no answer from the server in time; seen: {:#?}",
                self.notifications
            ),
            Err(RecvTimeoutError::Disconnected) => panic!("the server exited"),
        };
        if message.get("method").is_some() && message.get("id").is_some() {
            let result = match message["method"].as_str().unwrap() {
                "workspace/configuration" => json!([self.configuration.lock().unwrap().clone()]),
                _ => Value::Null,
            };
            self.notifications.push(message.clone());
            self.send(json!({"jsonrpc": "2.0", "id": message["id"], "result": result}));
        } else if message.get("method").is_some() {
            self.notifications.push(message);
        } else {
            self.responses.push(message);
        }
    }

    /// Waits until the server has sent a message matching `wanted` (after
    /// the first `skip` recorded ones) and returns it.
    pub fn wait_for(&mut self, skip: usize, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(found) = self.notifications.iter().skip(skip).find(|m| wanted(m)) {
                return found.clone();
            }
            self.pump(deadline);
        }
    }

    /// Waits for the `pprof/status` notification of a finished load.
    pub fn wait_for_status(&mut self, skip: usize) -> Value {
        self.wait_for(skip, |m| {
            m["method"] == "pprof/status" && !m["params"]["profile"].is_null()
        })["params"]
            .clone()
    }

    pub fn open(&mut self, path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}}),
        );
        uri
    }

    pub fn inlay_hints(&mut self, uri: &str) -> Vec<Value> {
        let result = self.request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 100000, "character": 0}}}),
        );
        result.as_array().cloned().unwrap_or_default()
    }

    /// Hints as (1-based line, label).
    pub fn hint_labels(&mut self, uri: &str) -> Vec<(u64, String)> {
        self.inlay_hints(uri)
            .iter()
            .map(|h| {
                (
                    h["position"]["line"].as_u64().unwrap() + 1,
                    h["label"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    pub fn command(&mut self, command: &str, arguments: Value) -> Result<Value, Value> {
        self.try_request(
            "workspace/executeCommand",
            json!({"command": command, "arguments": arguments}),
        )
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// pprof's (flat, cum) for the row of `NAME.TYPE.GRANULARITY.txt` whose
/// name (without the inline mark) ends with `row`.
pub fn golden(fixture_name: &str, file: &str, row: &str) -> (i64, i64) {
    let text = std::fs::read_to_string(fixture(fixture_name).join("golden").join(file)).unwrap();
    let value = |t: &str| {
        t.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<i64>()
            .unwrap()
    };
    for line in text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("flat  flat%"))
        .skip(1)
    {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let name = fields[5..].join(" ");
        let name = name
            .trim_end_matches(" (inline)")
            .trim_end_matches(" (partial-inline)");
        if name.ends_with(row) {
            return (value(fields[0]), value(fields[3]));
        }
    }
    panic!("no row ending in {row:?} in {file}");
}

/// The label the server shows for a value of a sample type measured in `unit`.
pub fn label(value: i64, unit: &str) -> String {
    pprof_lsp::analysis::units::human_label(value, unit)
}
