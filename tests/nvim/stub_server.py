#!/usr/bin/env python3
"""A stand-in for pprof-lsp, for working on the Neovim plugin without the Rust
server (`PPROF_LSP_STUB=1 tests/nvim/run.sh`). It speaks the interface of
docs/server-interface.md but takes its numbers from the fixture's golden
`go tool pprof` reports instead of reading profiles. Not used by CI's run."""
import json
import os
import re
import sys
import urllib.parse

GOLDEN = None
ROOT = None
state = {"profile": None, "sampleType": None, "base": None, "baseMode": "diff",
         "settings": {}}
next_id = [1000]


def send(msg):
    msg["jsonrpc"] = "2.0"
    body = json.dumps(msg).encode()
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    sys.stdout.buffer.flush()


def read():
    headers = {}
    while True:
        line = sys.stdin.buffer.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        k, v = line.decode().split(":", 1)
        headers[k.lower()] = v.strip()
    return json.loads(sys.stdin.buffer.read(int(headers["content-length"])))


def parse_top(path):
    rows, total, on = [], None, False
    for l in open(path):
        m = re.match(r"^Showing nodes accounting for \S+, \S+ of (-?\d+)\w* total", l)
        if m:
            total = int(m.group(1))
        elif re.match(r"^\s*flat\s+flat%", l):
            on = True
        elif on and l.strip():
            m = re.match(r"^\s*(-?\d+)\w*\s+\S+\s+\S+\s+(-?\d+)\w*\s+\S+\s+(.*?)\s*$", l)
            if not m:
                continue
            rest = re.sub(r" \((partial-)?inline\)$", "", m.group(3))
            row = {"flat": int(m.group(1)), "cum": int(m.group(2)), "func": rest}
            m2 = re.match(r"^(.*) (\S+):(\d+)$", rest)
            if m2:
                row.update(func=m2.group(1), file=m2.group(2), line=int(m2.group(3)))
            rows.append(row)
    return rows, total


def fmt(v, unit):
    if unit == "bytes":
        units, step = ["B", "kB", "MB", "GB", "TB"], 1024
    elif unit == "nanoseconds":
        units, step = ["ns", "us", "ms", "s"], 1000
    else:
        return str(v)
    x, i = abs(v), 0
    while x >= step and i < len(units) - 1:
        x /= step
        i += 1
    s = "%.2f" % x
    if s.endswith(".00"):
        s = s[:-3]
    return ("-" if v < 0 else "") + s + " " + units[i]


def types_of(name):
    if name.startswith("cpu"):
        return [("samples", "count"), ("cpu", "nanoseconds")]
    return [("alloc_objects", "count"), ("alloc_space", "bytes"),
            ("inuse_objects", "count"), ("inuse_space", "bytes")]


def unit():
    return dict(types_of(state["profile"]))[state["sampleType"]]


def report(gran):
    return parse_top(os.path.join(GOLDEN, "%s.%s.%s.txt" % (state["profile"], state["sampleType"], gran)))


def status(msg=None):
    rows, total = report("lines")
    if msg is None:
        msg = "%s.pb.gz: %s %s total (stub server)" % (state["profile"], state["sampleType"], fmt(total, unit()))
    return {"profile": "profiles/%s.pb.gz" % state["profile"], "sampleType": state["sampleType"],
            "sampleTypes": [t for t, _ in types_of(state["profile"])], "unit": unit(),
            "total": total, "totalLabel": fmt(total, unit()), "time": None,
            "base": state["base"], "baseMode": state["baseMode"], "filesResolved": 5,
            "filesTotal": 40, "message": msg}


def load(path):
    name = os.path.basename(path).replace(".pb.gz", "")
    if not os.path.exists(os.path.join(GOLDEN, "%s.%s.lines.txt" % (name, types_of(name)[-1][0]))):
        raise ValueError("cannot load %s: not a profile" % path)
    state["profile"] = name
    state["sampleType"] = types_of(name)[-1][0]


def local_file(profile_path):
    m = re.match(r"^/home/runner/work/leakyfeed/leakyfeed/(.*)$", profile_path or "")
    if not m:
        return None
    p = os.path.join(ROOT, "src", m.group(1))
    return p if os.path.exists(p) else None


def uri_path(uri):
    return urllib.parse.unquote(urllib.parse.urlparse(uri).path)


def min_share():
    return float(state["settings"].get("minShare", 0.5))


def line_rows(path):
    rows, total = report("lines")
    out = {}
    for r in rows:
        if local_file(r.get("file")) == path and max(abs(r["flat"]), abs(r["cum"])) * 100.0 / total >= min_share():
            e = out.setdefault(r["line"], [0, 0])
            e[0] += r["flat"]
            e[1] += r["cum"]
    return out


def func_decl(path, line):
    src = open(path).read().split("\n")
    for i in range(line - 1, -1, -1):
        if src[i].startswith("func "):
            return i
    return None


def func_rows():
    rows, total = report("functions")
    lines, _ = report("lines")
    hot = {}
    for r in lines:
        if r["func"] not in hot or r["flat"] > hot[r["func"]]["flat"]:
            hot[r["func"]] = r
    return rows, total, hot


def refresh():
    send({"method": "pprof/status", "params": status()})
    for m in ("workspace/inlayHint/refresh", "workspace/codeLens/refresh"):
        next_id[0] += 1
        send({"id": next_id[0], "method": m})


def callers(name):
    text = open(os.path.join(GOLDEN, "%s.%s.traces.txt" % (state["profile"], state["sampleType"]))).read()
    ed, chains = {}, {}
    _, total = report("lines")
    for block in text.split("-----------+")[1:]:
        lines = [l for l in block.split("\n")[1:] if l.strip()]
        if not lines or lines[0].strip().startswith("bytes:") is False and not lines:
            continue
        frames, value = [], 0
        for l in lines:
            if l.strip().startswith(("bytes:", "-")):
                continue
            m = re.match(r"^\s*(-?[\d.]+)(\w*)\s+(.*)$", l)
            if m and l[:13].strip():
                mult = {"B": 1, "kB": 1024, "MB": 1 << 20, "GB": 1 << 30}.get(m.group(2), 1)
                value = int(float(m.group(1)) * mult)
                frames.append(re.sub(r" \(inline\)$", "", m.group(3).strip()))
            else:
                frames.append(re.sub(r" \(inline\)$", "", l.strip()))
        if name in frames:
            i = frames.index(name)
            if i + 1 < len(frames):
                ed[frames[i + 1]] = ed.get(frames[i + 1], 0) + value
            chain = tuple(reversed(frames[i:]))
            chains[chain] = chains.get(chain, 0) + value
    u = unit()
    return {"function": name,
            "callers": [{"function": f, "value": v, "label": fmt(v, u), "share": v / total, "location": None}
                        for f, v in sorted(ed.items(), key=lambda kv: -kv[1])],
            "callees": [],
            "chains": [{"frames": list(c), "value": v, "label": fmt(v, u), "share": v / total}
                       for c, v in sorted(chains.items(), key=lambda kv: -kv[1])]}


def execute(cmd, args):
    if cmd == "pprof.status":
        return status()
    if cmd == "pprof.load":
        load(args[0])
        refresh()
        return status()
    if cmd == "pprof.selectSampleType":
        if not args:
            return {"current": state["sampleType"],
                    "choices": [{"name": t, "unit": u, "description": ""} for t, u in types_of(state["profile"])]}
        if args[0] not in dict(types_of(state["profile"])):
            raise ValueError("no sample type " + args[0])
        state["sampleType"] = args[0]
        refresh()
        return status()
    if cmd == "pprof.compare":
        state["base"] = args[0] if args and args[0] else None
        if len(args) > 1 and args[1]:
            state["baseMode"] = args[1]
        refresh()
        return status()
    if cmd == "pprof.top":
        opt = (args or [{}])[0] or {}
        rows, total, hot = func_rows()
        u, out = unit(), []
        for r in rows:
            h = hot.get(r["func"], {})
            lf = local_file(h.get("file"))
            loc = {"uri": "file://" + lf, "range": {"start": {"line": h["line"] - 1, "character": 0},
                                                     "end": {"line": h["line"] - 1, "character": 0}}} if lf else None
            out.append({"function": r["func"], "file": h.get("file"), "line": h.get("line"), "flat": r["flat"],
                        "cum": r["cum"], "flatLabel": fmt(r["flat"], u), "cumLabel": fmt(r["cum"], u),
                        "flatShare": r["flat"] / total, "cumShare": r["cum"] / total, "location": loc})
        out.sort(key=lambda r: (-r["flat"], -r["cum"]))
        if opt.get("limit"):
            out = out[:opt["limit"]]
        return {"sampleType": state["sampleType"], "unit": u, "total": total, "rows": out}
    if cmd == "pprof.showCallers":
        return callers(args[0]["function"])
    raise ValueError("unknown command " + cmd)


def handle(msg):
    method, params = msg.get("method"), msg.get("params") or {}
    if method == "initialize":
        global ROOT, GOLDEN
        ROOT = uri_path(params["rootUri"])
        GOLDEN = os.path.join(ROOT, "golden")
        state["settings"] = params.get("initializationOptions") or {}
        load(state["settings"].get("profile", "profiles/heap-2.pb.gz"))
        if state["settings"].get("sampleType"):
            state["sampleType"] = state["settings"]["sampleType"]
        return {"capabilities": {"textDocumentSync": 1, "inlayHintProvider": True,
                                 "codeLensProvider": {"resolveProvider": False},
                                 "executeCommandProvider": {"commands": [
                                     "pprof.status", "pprof.load", "pprof.selectSampleType", "pprof.compare",
                                     "pprof.top", "pprof.showCallers", "pprof.fileHeat", "pprof.mappingReport"]}},
                "serverInfo": {"name": "pprof-lsp-stub"}}
    if method == "initialized":
        send({"method": "pprof/status", "params": status()})
        return None
    if method == "textDocument/inlayHint":
        path = uri_path(params["textDocument"]["uri"])
        src = open(path).read().split("\n")
        u = unit()
        return [{"position": {"line": l - 1, "character": len(src[l - 1])},
                 "label": "%s flat · %s cum" % (fmt(v[0], u), fmt(v[1], u)), "paddingLeft": True}
                for l, v in sorted(line_rows(path).items())]
    if method == "textDocument/codeLens":
        path = uri_path(params["textDocument"]["uri"])
        rows, total, hot = func_rows()
        u, out = unit(), []
        for r in rows:
            h = hot.get(r["func"])
            if not h or local_file(h.get("file")) != path or max(r["flat"], r["cum"]) * 100.0 / total < min_share():
                continue
            d = func_decl(path, h["line"])
            if d is None:
                continue
            title = "pprof: %s flat (%.2f%%) · %s cum (%.2f%%)" % (
                fmt(r["flat"], u), 100.0 * r["flat"] / total, fmt(r["cum"], u), 100.0 * r["cum"] / total)
            out.append({"range": {"start": {"line": d, "character": 0}, "end": {"line": d, "character": 0}},
                        "command": {"title": title, "command": "pprof.showCallers",
                                    "arguments": [{"function": r["func"]}]}})
        return out
    if method == "workspace/executeCommand":
        return execute(params["command"], params.get("arguments") or [])
    if method == "shutdown":
        return None
    if method == "exit":
        sys.exit(0)
    return None


def main():
    while True:
        msg = read()
        if msg is None:
            return
        if "method" not in msg:
            continue  # a response to one of our requests
        try:
            result = handle(msg)
            if "id" in msg:
                send({"id": msg["id"], "result": result})
        except Exception as e:  # noqa: BLE001
            if "id" in msg:
                send({"id": msg["id"], "error": {"code": -32603, "message": str(e)}})


if __name__ == "__main__":
    main()
