#!/usr/bin/env python3
"""End to end: pprof-lsp polling a live /debug/pprof endpoint.

Starts the leakservice (a real Go service that leaks in store/store.go and
makes garbage in work/work.go), starts `pprof-lsp --stdio` with the
service's heap endpoint as its profile, polled every second with growth
diagnostics on, opens both files and waits for:

- a `textDocument/publishDiagnostics` on store/store.go with a diagnostic
  of code "steady-growth" (severity 3, source "pprof") on the line that
  allocates the leak (the line marked "// LEAK:", found in the file);
- `pprof/status` notifications whose `profile` is the endpoint's URL;

and checks that no "steady-growth" diagnostic is ever published on
work/work.go's garbage line (marked "// GARBAGE:").

Python 3 standard library only. Usually run by run.sh, which builds the
service and the server:

    live_test.py --service BIN --src DIR --server BIN [--timeout 60] [--smoke]

--smoke stops after the handshake: the service answered, the server
initialized, took the files and sent a pprof/status (whatever it says).
Exit code 0 on pass, 1 on failure (with what arrived), 2 on bad usage.
"""

import argparse
import ctypes
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

LEAK_MARK = "// LEAK:"
GARBAGE_MARK = "// GARBAGE:"
CODE = "steady-growth"


def log(*args):
    print("live:", *args, file=sys.stderr, flush=True)


def die_with_parent():
    """In the child, before exec: get SIGTERM when the test process dies,
    so that neither the service nor the server outlives a killed test."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except Exception:  # not Linux: the finally blocks still kill them
        pass


def file_uri(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


def uri_path(uri):
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme != "file":
        return uri
    return os.path.realpath(urllib.parse.unquote(parsed.path))


def marked_line(path, mark):
    """The 0-based line of `path` that holds `mark`; exactly one must."""
    with open(path, encoding="utf-8") as f:
        hits = [i for i, line in enumerate(f) if mark in line]
    if len(hits) != 1:
        raise SystemExit(f"live: {path}: {len(hits)} lines hold {mark!r}, want 1")
    return hits[0]


def stop(proc, name, grace=3.0):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        log(f"{name} (pid {proc.pid}) ignored SIGTERM; killing it")
        proc.kill()
        proc.wait(grace)


class Service:
    """The leakservice, on 127.0.0.1 and a port the kernel picks."""

    def __init__(self, binary, stderr_path, tick):
        self.stderr = open(stderr_path, "wb")
        self.proc = subprocess.Popen(
            [binary, "-addr", "127.0.0.1:0", "-tick", tick],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            preexec_fn=die_with_parent,
        )
        self.addr = None

    def read_address(self, timeout):
        """The first stdout line is "listening on HOST:PORT"."""
        lines = queue.Queue()

        def read():
            lines.put(self.proc.stdout.readline())

        threading.Thread(target=read, daemon=True).start()
        try:
            line = lines.get(timeout=timeout).decode("utf-8", "replace").strip()
        except queue.Empty:
            raise SystemExit(f"live: the service printed no address in {timeout}s")
        prefix = "listening on "
        if not line.startswith(prefix):
            raise SystemExit(f"live: the service's first line is {line!r}, not {prefix!r}HOST:PORT")
        self.addr = line[len(prefix):]
        host, _, port = self.addr.rpartition(":")
        if host != "127.0.0.1" or not port.isdigit() or port == "0":
            raise SystemExit(f"live: unexpected service address {self.addr!r}")
        # Keep draining stdout so the service never blocks on a full pipe.
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()
        return self.addr

    def check_heap(self, url):
        with urllib.request.urlopen(url, timeout=10) as r:
            body = r.read()
            if r.status != 200 or body[:2] != b"\x1f\x8b":
                raise SystemExit(f"live: {url}: status {r.status}, {len(body)} bytes, not a gzip'd profile")
        return len(body)

    def stop(self):
        stop(self.proc, "leakservice")
        self.stderr.close()


class Lsp:
    """A minimal LSP client over a child's stdio (Content-Length framing)."""

    def __init__(self, cmd, cwd, stderr_path, answer):
        self.stderr = open(stderr_path, "wb")
        self.proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            preexec_fn=die_with_parent,
        )
        self.answer = answer  # server request -> result
        self.inbox = queue.Queue()
        self.next_id = 1
        self.write_lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    header = out.readline()
                    if not header:
                        self.inbox.put(None)
                        return
                    header = header.strip()
                    if not header:
                        break
                    name, _, value = header.decode("ascii", "replace").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                if length is None:
                    continue
                body = out.read(length)
                if len(body) < length:
                    self.inbox.put(None)
                    return
                self.inbox.put(json.loads(body))
        except Exception as e:  # a broken frame: say so, end the inbox
            log(f"reading the server: {e!r}")
            self.inbox.put(None)

    def send(self, message):
        message = dict(message, jsonrpc="2.0")
        body = json.dumps(message).encode("utf-8")
        with self.write_lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return rid

    def poll(self, timeout):
        """The next message from the server (after answering it if it is a
        request), or None when nothing came within timeout. Raises EOFError
        when the server has closed its stdout."""
        try:
            message = self.inbox.get(timeout=max(timeout, 0))
        except queue.Empty:
            return None
        if message is None:
            raise EOFError("the server closed its stdout")
        if "method" in message and "id" in message:
            result = self.answer(message["method"], message.get("params"))
            self.send({"id": message["id"], "result": result})
        return message

    def wait_response(self, rid, timeout, on_message):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self.poll(deadline - time.monotonic())
            if message is None:
                continue
            if message.get("id") == rid and "method" not in message:
                if "error" in message:
                    raise SystemExit(f"live: request {rid} failed: {message['error']}")
                return message.get("result")
            on_message(message)
        raise SystemExit(f"live: no response to request {rid} in {timeout}s")

    def stop(self):
        if self.proc.poll() is None:
            try:
                rid = self.request("shutdown", None)
                deadline = time.monotonic() + 3
                while time.monotonic() < deadline:
                    m = self.poll(deadline - time.monotonic())
                    if m is not None and m.get("id") == rid and "method" not in m:
                        break
                self.notify("exit", None)
                self.proc.wait(2)
            except (OSError, EOFError, ValueError, subprocess.TimeoutExpired):
                pass
        stop(self.proc, "pprof-lsp")
        self.stderr.close()


class Observed:
    """What the server sent, for the checks and for the failure report."""

    def __init__(self, store, work, leak_line, garbage_line):
        self.store, self.work = store, work
        self.leak_line, self.garbage_line = leak_line, garbage_line
        self.diagnostics = {}  # path -> the last list published
        self.publishes = {}  # path -> how many publishes
        self.statuses = []
        self.messages = []  # window/logMessage, window/showMessage
        self.leak_found = None
        self.garbage_flagged = []
        self.wrong_shape = []
        self.requests = []

    def take(self, message):
        method = message.get("method")
        params = message.get("params") or {}
        if method == "textDocument/publishDiagnostics":
            path = uri_path(params.get("uri", ""))
            diags = params.get("diagnostics") or []
            self.diagnostics[path] = diags
            self.publishes[path] = self.publishes.get(path, 0) + 1
            for d in diags:
                if d.get("code") != CODE:
                    continue
                line = d.get("range", {}).get("start", {}).get("line")
                if path == self.work and line == self.garbage_line:
                    self.garbage_flagged.append(d)
                if path == self.store and line == self.leak_line:
                    if d.get("severity") != 3 or d.get("source") != "pprof":
                        self.wrong_shape.append(d)
                    elif self.leak_found is None:
                        self.leak_found = d
        elif method == "pprof/status":
            self.statuses.append(params)
        elif method in ("window/logMessage", "window/showMessage"):
            self.messages.append(params)
        elif "id" in message and method:
            self.requests.append(method)

    def report(self, url):
        log("--- what arrived ---")
        log(f"server requests answered: {sorted(set(self.requests)) or 'none'}")
        for path in (self.store, self.work):
            diags = self.diagnostics.get(path)
            log(f"{os.path.relpath(path)}: {self.publishes.get(path, 0)} publishes; last:")
            for d in diags or []:
                log("   ", json.dumps(d))
            if not diags:
                log("    (none)")
        other = [p for p in self.diagnostics if p not in (self.store, self.work)]
        for path in other:
            log(f"{path}: {len(self.diagnostics[path])} diagnostics")
        log(f"pprof/status: {len(self.statuses)} notifications; the last ones:")
        for s in self.statuses[-3:]:
            brief = {k: s.get(k) for k in ("profile", "title", "message", "total", "time", "sampleType")}
            log("   ", json.dumps(brief))
        if self.statuses:
            profiles = sorted({str(s.get("profile")) for s in self.statuses})
            log(f"profiles named in statuses: {profiles} (want {url})")
        for m in self.messages[-5:]:
            log("    message:", json.dumps(m)[:300])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--service", required=True, help="the built leakservice binary")
    ap.add_argument("--src", required=True, help="the leakservice source folder (the workspace)")
    ap.add_argument("--server", required=True, help="the pprof-lsp binary")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the diagnostic")
    ap.add_argument("--settle", type=float, default=3.0,
                    help="seconds to keep watching work.go after the leak is found")
    ap.add_argument("--tick", default="50ms", help="the service's -tick")
    ap.add_argument("--logs", default=None, help="folder for the service's and server's stderr")
    ap.add_argument("--smoke", action="store_true",
                    help="only the service, the handshake, didOpen and a first pprof/status")
    args = ap.parse_args()

    started = time.monotonic()
    src = os.path.realpath(args.src)
    store = os.path.join(src, "store", "store.go")
    work = os.path.join(src, "work", "work.go")
    leak_line = marked_line(store, LEAK_MARK)
    garbage_line = marked_line(work, GARBAGE_MARK)
    logs = args.logs or os.environ.get("TMPDIR", "/tmp")
    os.makedirs(logs, exist_ok=True)

    # SIGTERM/SIGHUP end the test through the finally blocks below.
    def on_signal(signum, _frame):
        raise SystemExit(f"live: stopped by signal {signum}")

    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)

    service = server = None
    seen = Observed(store, work, leak_line, garbage_line)
    try:
        service = Service(args.service, os.path.join(logs, "leakservice.stderr"), args.tick)
        addr = service.read_address(timeout=15)
        url = f"http://{addr}/debug/pprof/heap?gc=1"
        size = service.check_heap(url)
        log(f"service at {addr} (pid {service.proc.pid}); {url} gives {size} bytes")

        options = {"profile": url, "pollSeconds": 1, "growthDiagnostics": True}

        def answer(method, params):
            if method == "workspace/configuration":
                items = (params or {}).get("items") or [{}]
                return [options for _ in items]
            # client/registerCapability, window/workDoneProgress/create,
            # workspace/codeLens/refresh, ...: nothing to say but yes.
            return None

        server = Lsp([args.server, "--stdio"], src, os.path.join(logs, "pprof-lsp.stderr"), answer)
        log(f"server {args.server} (pid {server.proc.pid}), workspace {src}")
        rid = server.request("initialize", {
            "processId": os.getpid(),
            "clientInfo": {"name": "pprof-lsp live test"},
            "rootUri": file_uri(src),
            "rootPath": src,
            "workspaceFolders": [{"uri": file_uri(src), "name": os.path.basename(src)}],
            "initializationOptions": options,
            "capabilities": {
                "workspace": {"configuration": True, "workspaceFolders": True,
                              "didChangeConfiguration": {"dynamicRegistration": True}},
                "textDocument": {
                    "synchronization": {"didSave": True},
                    "publishDiagnostics": {"relatedInformation": True, "codeDescriptionSupport": True},
                },
                "window": {"workDoneProgress": True, "showMessage": {}},
            },
        })
        result = server.wait_response(rid, 30, seen.take)
        name = ((result or {}).get("serverInfo") or {}).get("name")
        log(f"initialized: serverInfo {name!r}")
        server.notify("initialized", {})
        for path in (store, work):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            server.notify("textDocument/didOpen", {"textDocument": {
                "uri": file_uri(path), "languageId": "go", "version": 1, "text": text}})
        log(f"opened store/store.go (leak on line {leak_line + 1}) and work/work.go "
            f"(garbage on line {garbage_line + 1})")

        deadline = time.monotonic() + (15 if args.smoke else args.timeout)
        settle_until = None
        while True:
            now = time.monotonic()
            if settle_until is not None and now >= settle_until:
                break
            if now >= deadline:
                break
            if args.smoke and seen.statuses:
                break
            message = server.poll(min(deadline, settle_until or deadline) - now)
            if message is not None:
                seen.take(message)
            url_status = any(s.get("profile") == url for s in seen.statuses)
            if settle_until is None and seen.leak_found and url_status:
                log(f"steady-growth on store/store.go:{leak_line + 1} after "
                    f"{time.monotonic() - started:.1f}s; watching work.go {args.settle:.0f}s more")
                settle_until = time.monotonic() + args.settle
            if seen.garbage_flagged:
                break

        failures = []
        if args.smoke:
            if not seen.statuses:
                failures.append("no pprof/status notification arrived")
        else:
            if seen.leak_found is None:
                failures.append(f"no {CODE!r} diagnostic (severity 3, source 'pprof') on "
                                f"store/store.go line {leak_line} (0-based) in {args.timeout:.0f}s")
            for d in seen.wrong_shape:
                failures.append(f"{CODE!r} on the leak line has the wrong severity/source: {json.dumps(d)}")
            if not any(s.get("profile") == url for s in seen.statuses):
                failures.append(f"no pprof/status with profile {url!r}")
        for d in seen.garbage_flagged:
            failures.append(f"{CODE!r} on work/work.go's garbage line {garbage_line} (0-based): {json.dumps(d)}")
        if server.proc.poll() is not None:
            failures.append(f"the server exited with {server.proc.returncode}")
        if service.proc.poll() is not None:
            failures.append(f"the service exited with {service.proc.returncode}")

        elapsed = time.monotonic() - started
        if failures:
            for f in failures:
                log("FAIL:", f)
            seen.report(url)
            for name, proc_log in (("pprof-lsp", "pprof-lsp.stderr"), ("leakservice", "leakservice.stderr")):
                path = os.path.join(logs, proc_log)
                try:
                    with open(path, "rb") as f:
                        tail = f.read()[-1500:].decode("utf-8", "replace").strip()
                except OSError:
                    tail = ""
                if tail:
                    log(f"--- {name} stderr (tail) ---\n{tail}")
            log(f"took {elapsed:.1f}s")
            print("live: 0 passed, 1 failed")
            return 1
        what = "smoke (service, handshake, didOpen, pprof/status)" if args.smoke else \
            f"{CODE} on store/store.go:{leak_line + 1}, none on work/work.go:{garbage_line + 1}"
        log(f"ok: {what}; took {elapsed:.1f}s")
        print("live: 1 passed, 0 failed")
        return 0
    except EOFError as e:
        log(f"FAIL: {e}")
        seen.report("(endpoint)")
        print("live: 0 passed, 1 failed")
        return 1
    finally:
        if server is not None:
            server.stop()
        if service is not None:
            service.stop()


if __name__ == "__main__":
    sys.exit(main())
