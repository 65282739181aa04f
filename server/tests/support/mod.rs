//! A minimal LSP client for the tests. It talks JSON-RPC either to the
//! server in this process (a tower `Service`: [`InProcess`], no subprocess)
//! or to the real `pprof-lsp` binary over its stdio ([`Client`]); both
//! answer the server's own requests (configuration, refresh, registration,
//! progress) and record what the server sends.

#![allow(dead_code)]

pub mod framing;
pub mod golden;
pub mod http_double;

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::LspService;
use tower_service::Service;

pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Go's folders as the server looks for them, pointed nowhere: what this
/// machine has installed must not change what the tests see. Tests of
/// toolchain resolution give their own.
const NO_TOOLCHAIN: [(&str, &str); 5] = [
    ("GOROOT", "/nonexistent/goroot"),
    ("GOMODCACHE", "/nonexistent/gomodcache"),
    ("RUST_SRC_PATH", "/nonexistent/rust-src"),
    ("CARGO_HOME", "/nonexistent/cargo"),
    ("PATH", "/nonexistent/bin"),
];

fn without_toolchains() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for (name, value) in NO_TOOLCHAIN.iter().take(4) {
            // SAFETY: set once, to the same values, before any server of
            // this test process reads them.
            unsafe { std::env::set_var(name, value) };
        }
    });
}

/// The real binary over stdio.
pub type Client = Session<StdioServer>;
/// The server as a tower `Service` in this process.
pub type InProcess = Session<ServiceServer>;

/// How a session reaches a server: it sends JSON-RPC messages and receives
/// the server's, whatever carries them.
pub trait Connection: Sized {
    fn connect() -> Self;
    /// Sends a request, a notification or the answer to a server request.
    fn send(&mut self, message: Value);
    /// The server's next message (a response, a request or a
    /// notification).
    fn receive(&mut self, timeout: Duration) -> Result<Value, RecvTimeoutError>;
}

/// `pprof-lsp` started as a process, its stdout read on a thread.
pub struct StdioServer {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
}

impl StdioServer {
    /// The binary with these variables set over [`NO_TOOLCHAIN`] (e.g. a
    /// GOROOT of the test's own).
    pub fn with_env(env: &[(&str, &Path)]) -> StdioServer {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pprof-lsp"))
            .envs(NO_TOOLCHAIN)
            .envs(env.iter().copied())
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
            while let Ok(Some(body)) = framing::read_message(&mut reader) {
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        StdioServer {
            child,
            stdin,
            incoming,
        }
    }
}

impl Connection for StdioServer {
    fn connect() -> StdioServer {
        StdioServer::with_env(&[])
    }

    fn send(&mut self, message: Value) {
        framing::write_message(&mut self.stdin, &message.to_string()).unwrap();
    }

    fn receive(&mut self, timeout: Duration) -> Result<Value, RecvTimeoutError> {
        self.incoming.recv_timeout(timeout)
    }
}

impl Drop for StdioServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `pprof_lsp::lsp::Server` as the `LspService` the binary serves, driven
/// on a tokio runtime of its own: requests are called on the service and
/// their responses, like the server's own messages (read from its
/// `ClientSocket`), arrive on one channel; answers to the server's
/// requests go back through the socket's sink.
pub struct ServiceServer {
    service: Option<LspService<pprof_lsp::lsp::Server>>,
    answers: tokio::sync::mpsc::UnboundedSender<Response>,
    sender: Sender<Value>,
    incoming: Receiver<Value>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Connection for ServiceServer {
    fn connect() -> ServiceServer {
        without_toolchains();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let (service, socket) = {
            let _inside = runtime.enter();
            LspService::new(pprof_lsp::lsp::Server::new)
        };
        let (mut from_server, mut to_server) = socket.split();
        let (sender, incoming) = channel();
        let forward = sender.clone();
        runtime.spawn(async move {
            while let Some(message) = from_server.next().await {
                if forward
                    .send(serde_json::to_value(message).unwrap())
                    .is_err()
                {
                    return;
                }
            }
        });
        let (answers, mut answered) = tokio::sync::mpsc::unbounded_channel();
        runtime.spawn(async move {
            while let Some(answer) = answered.recv().await {
                if to_server.send(answer).await.is_err() {
                    return;
                }
            }
        });
        ServiceServer {
            service: Some(service),
            answers,
            sender,
            incoming,
            runtime: Some(runtime),
        }
    }

    fn send(&mut self, message: Value) {
        if message.get("method").is_none() {
            let answer: Response = serde_json::from_value(message).expect("a response");
            self.answers.send(answer).expect("the server exited");
            return;
        }
        let is_request = message.get("id").is_some();
        let request: Request = serde_json::from_value(message).expect("a JSON-RPC message");
        let (Some(service), Some(runtime)) = (self.service.as_mut(), self.runtime.as_ref()) else {
            unreachable!("running until dropped")
        };
        runtime
            .block_on(std::future::poll_fn(|cx| service.poll_ready(cx)))
            .expect("the server exited");
        let call = {
            let _inside = runtime.enter();
            service.call(request)
        };
        if is_request {
            // The response comes on the channel, as the binary's would on
            // its stdout, while the server's own requests are answered.
            let sender = self.sender.clone();
            runtime.spawn(async move {
                if let Ok(Some(response)) = call.await {
                    let _ = sender.send(serde_json::to_value(response).unwrap());
                }
            });
        } else {
            // Notifications are handled in the order sent (a didOpen before
            // the request that reads the document).
            runtime.block_on(call).expect("the server exited");
        }
    }

    fn receive(&mut self, timeout: Duration) -> Result<Value, RecvTimeoutError> {
        self.incoming.recv_timeout(timeout)
    }
}

impl Drop for ServiceServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            {
                let _inside = runtime.enter();
                drop(self.service.take());
            }
            // Loads may still run on blocking threads: do not wait for them.
            runtime.shutdown_background();
        }
    }
}

/// An LSP session with a server on a workspace root.
pub struct Session<C: Connection> {
    connection: C,
    next_id: i64,
    /// Everything the server sent that is not a response, in order.
    pub notifications: Vec<Value>,
    responses: Vec<Value>,
    /// What the client answers to workspace/configuration.
    pub configuration: Value,
    pub root: PathBuf,
}

/// A bundled fixture (tests/fixtures/NAME); a missing one fails the test.
pub fn fixture(name: &str) -> PathBuf {
    let path = golden::bundled_fixtures().join(name);
    path.canonicalize()
        .unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
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

impl<C: Connection> Session<C> {
    /// Starts the server on `root` with these initializationOptions and
    /// client capabilities, and completes the handshake.
    pub fn start(root: &Path, options: Value, capabilities: Value) -> Session<C> {
        Session::start_with_configuration(root, options, capabilities, Value::Null)
    }

    /// Like `start`, answering `workspace/configuration` with `configuration`.
    pub fn start_with_configuration(
        root: &Path,
        options: Value,
        capabilities: Value,
        configuration: Value,
    ) -> Session<C> {
        let (session, _) = Session::initialize(root, options, capabilities, configuration);
        session
    }

    /// Starts the server and returns the `initialize` result too.
    pub fn initialize(
        root: &Path,
        options: Value,
        capabilities: Value,
        configuration: Value,
    ) -> (Session<C>, Value) {
        Session::initialize_on(C::connect(), root, options, capabilities, configuration)
    }

    /// [`Session::initialize`] over a connection made by the caller.
    pub fn initialize_on(
        connection: C,
        root: &Path,
        options: Value,
        capabilities: Value,
        configuration: Value,
    ) -> (Session<C>, Value) {
        let mut session = Session {
            connection,
            next_id: 1,
            notifications: Vec::new(),
            responses: Vec::new(),
            configuration,
            root: root.to_path_buf(),
        };
        let result = session.request(
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
        session.notify("initialized", json!({}));
        (session, result)
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

    pub fn notify(&mut self, method: &str, params: Value) {
        self.connection
            .send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its result (panics on an error).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        match self.try_request(method, params) {
            Ok(result) => result,
            Err(error) => panic!("{method} failed: {error}"),
        }
    }

    pub fn try_request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Sends a request without waiting: several can be in flight.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.connection
            .send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Waits for the answer to a request sent with [`Session::send_request`].
    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
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
        let message = match self.connection.receive(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!(
                "no answer from the server in time; seen: {:#?}",
                self.notifications
            ),
            Err(RecvTimeoutError::Disconnected) => panic!("the server exited"),
        };
        if message.get("method").is_some() && message.get("id").is_some() {
            let result = match message["method"].as_str().unwrap() {
                "workspace/configuration" => json!([self.configuration.clone()]),
                _ => Value::Null,
            };
            self.notifications.push(message.clone());
            self.connection
                .send(json!({"jsonrpc": "2.0", "id": message["id"], "result": result}));
        } else if message.get("method").is_some() {
            self.notifications.push(message);
        } else {
            self.responses.push(message);
        }
    }

    /// How many messages the server has shown the user (`window/showMessage`)
    /// after the first `skip` recorded notifications.
    pub fn shown_since(&self, skip: usize) -> usize {
        self.notifications[skip..]
            .iter()
            .filter(|m| m["method"] == "window/showMessage")
            .count()
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

    /// The code lens of `path` that starts on `line` (0-based); the file is
    /// opened first.
    pub fn lens_at(&mut self, path: &Path, line: u64) -> Value {
        let uri = self.open(path);
        let lenses = self.request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        );
        lenses
            .as_array()
            .into_iter()
            .flatten()
            .find(|l| l["range"]["start"]["line"] == line)
            .cloned()
            .unwrap_or_else(|| {
                panic!(
                    "no lens on line {} of {}: {lenses:#}",
                    line + 1,
                    path.display()
                )
            })
    }

    /// Waits until no load is under way, twice a little apart (a file
    /// event may still be on its way).
    pub fn settle(&mut self) {
        let mut quiet = 0;
        let deadline = Instant::now() + Duration::from_secs(30);
        while quiet < 2 {
            std::thread::sleep(Duration::from_millis(300));
            let status = self.command("pprof.status", json!([])).unwrap();
            quiet = if status["loading"] == json!(false) {
                quiet + 1
            } else {
                0
            };
            assert!(Instant::now() < deadline, "still loading: {status}");
        }
    }

    /// Waits for the `pprof/status` notification of a finished load.
    pub fn wait_for_status(&mut self, skip: usize) -> Value {
        self.wait_for(skip, |m| {
            m["method"] == "pprof/status"
                && !m["params"]["profile"].is_null()
                && m["params"]["loading"] == false
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

    /// `value` with the workspace's URI and path written as
    /// `file://WORKSPACE` and `WORKSPACE`, so that snapshots do not depend
    /// on where the fixtures are.
    pub fn placeholders(&self, value: &Value) -> Value {
        let text = self.placeholders_in(&value.to_string());
        serde_json::from_str(&text).unwrap()
    }

    /// The same for a text.
    pub fn placeholders_in(&self, text: &str) -> String {
        text.replace(&uri(&self.root), "file://WORKSPACE")
            .replace(&self.root.display().to_string(), "WORKSPACE")
    }
}

/// pprof's `-top` report `NAME.TYPE.GRANULARITY.txt` of a bundled fixture.
pub fn top_report(fixture_name: &str, file: &str) -> golden::Top {
    golden::Top::read(&fixture(fixture_name).join("golden").join(file))
}

/// pprof's (flat, cum) for the row of `NAME.TYPE.GRANULARITY.txt` whose
/// name (without the inline mark) ends with `row`.
pub fn golden(fixture_name: &str, file: &str, row: &str) -> (i64, i64) {
    let row = top_report(fixture_name, file).row(row).clone();
    (row.flat, row.cum)
}

/// The label the server shows for a value of a sample type measured in `unit`.
pub fn label(value: i64, unit: &str) -> String {
    pprof_lsp::analysis::units::human_label(value, unit)
}
