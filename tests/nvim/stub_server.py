#!/usr/bin/env python3
"""A stand-in for pprof-lsp, for working on the Neovim plugin without the Rust
server (`PPROF_LSP_STUB=1 tests/nvim/run.sh`). It speaks the client contract
of issue 9 (the server writes every text; clients show its `text`, `where`,
`shortName`, `title`, `message` and `details`) but takes its numbers from the
fixture's golden `go tool pprof` reports instead of reading profiles. Its
texts end in "(stub)" where that fits, so that a test sees they are the
server's. Not used by CI's run, but for what the real server does not do
yet: test_timeline.lua runs against it always.

Timelines (docs/server-interface.md, "Timelines"): a `profile` that is a
folder or a glob is a timeline of its files, in natural order of their names
(the stub reads no profile times), those of the newest's kind (cpu* or
heap) only, the newest `keepSnapshots` kept. The stub reads no profiles: a
heap timeline's numbers run in equal steps from the golden heap-1 (the
oldest snapshot) to the golden heap-2 (the newest, the one shown), so a
folder of 3 or more files grows steadily where heap-2 grew over heap-1.
`pprof.growth`, the Status' `timeline` and the `steady-growth` diagnostics
come from those numbers. URLs are not mirrored.

`stubLoadMs` (a setting only the stub knows) makes the first load take that
long: the Status says `loading` and commands answer "no profile loaded yet"
until it ends."""
import glob
import json
import os
import re
import sys
import threading
import urllib.parse

PROFILE_PATTERNS = ["*.pb.gz", "*.pprof", "*.prof", "default.pgo"]
# Above this many lenses in a file they go untitled, titled on codeLens/resolve.
TITLED_LENSES_MAX = 200

GOLDEN = None
ROOT = None
settings = {}
overrides = {}
next_id = [1000]
generation = [0]
# True while the first load is under way (stubLoadMs).
loading = [False]
# The URIs of the open documents (diagnostics are published for them).
open_docs = set()
send_lock = threading.Lock()
state_lock = threading.RLock()


def send(msg):
    msg["jsonrpc"] = "2.0"
    body = json.dumps(msg).encode()
    with send_lock:
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


class CommandError(Exception):
    """A command that cannot run: its message is one sentence to show."""


# ---------------------------------------------------------------- golden data

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


def types_of(name):
    if name.startswith("cpu"):
        return [("samples", "count"), ("cpu", "nanoseconds")]
    return [("alloc_objects", "count"), ("alloc_space", "bytes"),
            ("inuse_objects", "count"), ("inuse_space", "bytes")]


def profile_name(path):
    return os.path.basename(path).replace(".pb.gz", "")


def natural_key(path):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", os.path.basename(path))]


def kind_of(path):
    return "cpu" if os.path.basename(path).startswith("cpu") else "heap"


def timeline_of(profile):
    """A folder's or a glob's snapshots, oldest first, or None for a file."""
    path = profile if os.path.isabs(profile) else os.path.join(ROOT, profile)
    if os.path.isdir(path):
        kind, files = "folder", [os.path.join(path, f) for f in os.listdir(path)]
    elif any(c in profile for c in "*?["):
        kind, files = "glob", glob.glob(path)
    else:
        return None
    files = sorted((f for f in files if os.path.isfile(f)), key=natural_key)
    if files:
        files = [f for f in files if kind_of(f) == kind_of(files[-1])]
    keep = max(2, int(settings.get("keepSnapshots", 24)))
    return {"source": path, "kind": kind, "snapshots": files[-keep:]}


def check_profile(path):
    if timeline_of(path) is not None:
        if not timeline_of(path)["snapshots"]:
            raise CommandError("%s has no profiles." % path)
        return
    name = profile_name(path)
    if not os.path.exists(os.path.join(GOLDEN, "%s.%s.lines.txt" % (name, types_of(name)[-1][0]))):
        raise CommandError("%s is not a profile: it could not be read." % os.path.basename(path))


def effective():
    """The settings with what commands chose over them. A timeline shows
    its newest snapshot (the golden heap-2, or cpu), compared with its
    oldest unless a base is set or chosen (or cleared)."""
    e = {"profile": settings.get("profile", "profiles/heap-2.pb.gz"), "sampleType": settings.get("sampleType"),
         "base": settings.get("base"), "compareMode": settings.get("compareMode", "auto")}
    e.update(overrides)
    tl = timeline_of(e["profile"])
    e["timeline"] = tl if tl and tl["snapshots"] else None
    if e["timeline"]:
        snaps = e["timeline"]["snapshots"]
        name = "cpu" if kind_of(snaps[-1]) == "cpu" else "heap-2"
        e["shown"] = snaps[-1]
        if "base" not in overrides and not settings.get("base") and len(snaps) > 1:
            e["base"] = snaps[0]
    else:
        name = profile_name(e["profile"])
        e["shown"] = "profiles/%s.pb.gz" % name
    if e["sampleType"] not in dict(types_of(name)):
        e["sampleType"] = types_of(name)[-1][0]
    e["name"] = name
    return e


def unit():
    e = effective()
    return dict(types_of(e["name"]))[e["sampleType"]]


def report(gran, name=None):
    e = effective()
    return parse_top(os.path.join(GOLDEN, "%s.%s.%s.txt" % (name or e["name"], e["sampleType"], gran)))


# ---------------------------------------------------------------- texts

def fmt(v, u=None):
    u = u or unit()
    if u == "bytes":
        units, step = ["B", "kB", "MB", "GB", "TB"], 1024
    elif u == "nanoseconds":
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


def share_label(share):
    return "%.2f%%" % (100.0 * share)


def short_name(func):
    return func.rsplit("/", 1)[-1]


def local_file(profile_path):
    m = re.match(r"^/home/runner/work/[^/]+/[^/]+/(.*)$", profile_path or "")
    if not m:
        return None
    p = os.path.join(ROOT, "src", m.group(1))
    return p if os.path.exists(p) else None


def where(profile_path, line):
    lf = local_file(profile_path)
    if lf:
        return "%s:%d" % (os.path.relpath(lf, os.path.join(ROOT, "src")), line)
    if not profile_path:
        return "(not on this machine)"
    return "%s:%d (not on this machine)" % ("/".join(profile_path.split("/")[-2:]), line)


def location(path, line0):
    if not path:
        return None
    pos = {"line": line0, "character": 0}
    return {"uri": "file://" + path, "range": {"start": pos, "end": pos}}


def uri_path(uri):
    return urllib.parse.unquote(urllib.parse.urlparse(uri).path)


def min_share():
    return float(settings.get("minShare", 0.5))


# ---------------------------------------------------------------- the profile's functions

source_lines = {}


def func_decl(path, line):
    if path not in source_lines:
        source_lines[path] = open(path).read().split("\n")
    src = source_lines[path]
    for i in range(line - 1, -1, -1):
        if src[i].startswith("func "):
            return i
    return None


functions_of = {}


def functions():
    """Per function: flat, cum, its hottest line and, in the workspace, its
    file and declaration line (0-based). Kept per profile and sample type:
    a file's hundreds of codeLens/resolve requests each need them."""
    e = effective()
    key = (e["name"], e["sampleType"])
    if key not in functions_of:
        functions_of[key] = read_functions()
    return functions_of[key]


def read_functions():
    rows, total = report("functions")
    lines, _ = report("lines")
    hot = {}
    for r in lines:
        if r["func"] not in hot or r["flat"] > hot[r["func"]]["flat"]:
            hot[r["func"]] = r
    out = []
    for r in rows:
        h = hot.get(r["func"], {})
        f = dict(r)
        f["profile_file"], f["line"] = h.get("file"), h.get("line")
        f["path"] = local_file(h.get("file"))
        f["decl"] = func_decl(f["path"], h["line"]) if f["path"] else None
        out.append(f)
    return out, total


def ref(f):
    r = {"function": f["func"]}
    if f.get("profile_file"):
        r["file"] = f["profile_file"]
    if f.get("decl") is not None:
        r["startLine"] = f["decl"] + 1
    return r


def function_named(name):
    fs, _ = functions()
    for f in fs:
        if f["func"] == name:
            return f
    raise CommandError("%s is not in the profile." % name)


def function_at(uri, position):
    """The function declared on that line, else the nearest profiled
    declaration above (the stub knows no other lines' functions)."""
    path, line = uri_path(uri), position["line"]
    fs, _ = functions()
    best = None
    for f in fs:
        if f["path"] == path and f["decl"] is not None and f["decl"] <= line:
            if best is None or f["decl"] > best["decl"]:
                best = f
    if best is None:
        raise CommandError("No profiled function here.")
    return best


def value_text(v, total):
    return "%s (%s)" % (fmt(v), share_label(v / total))


def lens_title(f, total):
    return "pprof: %s flat (%s) · %s cum (%s)" % (
        fmt(f["flat"]), share_label(f["flat"] / total), fmt(f["cum"]), share_label(f["cum"] / total))


# ---------------------------------------------------------------- status

def timeline_status(e):
    tl = e["timeline"]
    if not tl:
        return None
    snaps = tl["snapshots"]

    def role(i, path):
        if i == len(snaps) - 1:
            return "shown"
        return "base" if path == e["base"] else None

    return {"source": tl["source"], "kind": tl["kind"], "pollSeconds": None,
            "snapshots": [{"path": p, "time": None,
                           "label": "%s · snapshot %d of %d (stub)" % (os.path.basename(p), i + 1, len(snaps)),
                           "role": role(i, p)} for i, p in enumerate(snaps)]}


def status():
    if loading[0]:
        message = "no profile loaded yet (stub)"
        return {"profile": None, "sampleType": None, "sampleTypes": [], "unit": None, "total": 0,
                "totalLabel": "0", "time": None, "base": None, "compareMode": "auto", "comparison": None,
                "filesResolved": 0, "filesTotal": 0, "hiddenLines": 0, "timeline": None, "loading": True,
                "overrides": dict(overrides), "title": "pprof: no profile (stub)", "message": message,
                "details": [message]}
    e = effective()
    _, total = report("lines")
    u = unit()
    base = e["base"]
    shown = os.path.basename(e["shown"])
    files_total, files_resolved = 40, 5
    title = "%s · %s · %s" % (shown, e["sampleType"], fmt(total, u))
    if base:
        title += " · Δ " + os.path.basename(base)
    if overrides:
        title += " (chosen by command)"
    message = "%s: %s %s total, %d of %d files found in the workspace (stub)" % (
        shown, e["sampleType"], fmt(total, u), files_resolved, files_total)
    details = ["Profile: %s" % e["shown"],
               "Sample type: %s (%s)" % (e["sampleType"], u),
               "Files found in the workspace: %d of %d" % (files_resolved, files_total)]
    if base:
        details.append("Compared with %s (%s)" % (os.path.basename(base), e["compareMode"]))
    return {"profile": e["shown"], "sampleType": e["sampleType"],
            "sampleTypes": [t for t, _ in types_of(e["name"])], "unit": u,
            "total": total, "totalLabel": fmt(total, u), "time": None,
            "base": base, "compareMode": e["compareMode"], "filesResolved": files_resolved,
            "filesTotal": files_total, "hiddenLines": 0, "timeline": timeline_status(e), "loading": False,
            "overrides": dict(overrides), "title": title, "message": message, "details": details}


def refresh():
    with state_lock:
        generation[0] += 1
        send({"method": "pprof/status", "params": status()})
        for m in ("workspace/inlayHint/refresh", "workspace/codeLens/refresh"):
            next_id[0] += 1
            send({"id": next_id[0], "method": m})
        for uri in sorted(open_docs):
            publish_diagnostics(uri)


# ---------------------------------------------------------------- timelines

SPARKS = "▁▂▃▄▅▆▇█"


def endpoints():
    """The golden reports of a timeline's oldest and newest snapshots."""
    e = effective()
    return ("cpu", "cpu") if e["name"] == "cpu" else ("heap-1", "heap-2")


def series(first, last):
    """first..last in equal steps, one value per snapshot of the timeline."""
    n = len(effective()["timeline"]["snapshots"])
    if n == 1:
        return [last]
    return [int(round(first + (last - first) * k / (n - 1))) for k in range(n)]


def sparkline(values):
    lo, hi = min(values), max(values)
    if hi == lo:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[int((v - lo) * (len(SPARKS) - 1) / (hi - lo))] for v in values)


def grows_steadily(values, newest_total):
    """As the server's analysis::growth::grows_steadily: a rise at each of the
    last 3 or more snapshots, by at least 1% of the newest total in all."""
    if not effective()["sampleType"].startswith("inuse_"):
        return False  # counters rise anyway
    rising = 0
    for i in range(len(values) - 1, 0, -1):
        if values[i] > values[i - 1]:
            rising += 1
        else:
            break
    if rising + 1 < 3:
        return False
    return values[-1] - values[-1 - rising] >= 0.01 * abs(newest_total)


def signed(v):
    return ("+" if v >= 0 else "−") + fmt(abs(v))


def growth_text(values):
    return "%s %s → %s (%s)" % (sparkline(values), fmt(values[0]), fmt(values[-1]), signed(values[-1] - values[0]))


def no_timeline():
    e = effective()
    if not e["timeline"] or len(e["timeline"]["snapshots"]) < 2:
        raise CommandError("no timeline: %s is one profile; set profile to a folder, a glob or a URL of "
                           "snapshots (stub)" % e["profile"])


def growth(opt):
    no_timeline()
    e = effective()
    first, last = endpoints()
    old = {r["func"]: r["flat"] for r in report("functions", first)[0]}
    fs, total = functions()
    by_name = {f["func"]: f for f in fs}
    names = list(by_name) + [n for n in old if n not in by_name]
    rows = []
    for name in names:
        f = by_name.get(name, {"func": name, "flat": 0, "profile_file": None, "line": None, "path": None})
        values = series(old.get(name, 0), f["flat"])
        delta = values[-1] - values[0]
        steady = grows_steadily(values, total)
        rows.append({"function": name, "shortName": short_name(name), "file": f.get("profile_file"),
                     "line": f.get("line"), "values": values, "valueLabels": [fmt(v) for v in values],
                     "sparkline": sparkline(values), "delta": delta,
                     "deltaLabel": signed(delta),
                     "ratePerHour": None, "rateLabel": None, "steady": steady,
                     "text": growth_text(values) + (", grows steadily" if steady else "") + " (stub)",
                     "where": where(f.get("profile_file"), f.get("line") or 0),
                     "location": location(f.get("path"), (f.get("line") or 1) - 1), "ref": ref(f)})
    rows.sort(key=lambda r: (not r["steady"], -r["delta"]))
    if opt.get("limit"):
        rows = rows[:opt["limit"]]
    n = len(e["timeline"]["snapshots"])
    return {"sampleType": e["sampleType"], "unit": unit(),
            "title": "Growth of %s over %d snapshots (stub)" % (e["sampleType"], n),
            "snapshots": timeline_status(e)["snapshots"], "rows": rows}


def line_values(name, path):
    """Per 1-based line of a workspace file: its flat in a golden report."""
    out = {}
    for r in report("lines", name)[0]:
        if local_file(r.get("file")) == path:
            out[r["line"]] = out.get(r["line"], 0) + r["flat"]
    return out


def publish_diagnostics(uri):
    """The steady-growth diagnostics of a file (none unless a timeline)."""
    diags = []
    e = effective() if not loading[0] else None
    if e and e["timeline"] and len(e["timeline"]["snapshots"]) >= 3 and settings.get("growthDiagnostics", True):
        path = uri_path(uri)
        first, last = endpoints()
        old, new = line_values(first, path), line_values(last, path)
        _, total = report("lines")
        src = open(path).read().split("\n") if os.path.isfile(path) else []
        for line in sorted(set(old) | set(new)):
            values = series(old.get(line, 0), new.get(line, 0))
            if grows_steadily(values, total):
                diags.append({"range": {"start": {"line": line - 1, "character": 0},
                                        "end": {"line": line - 1,
                                                "character": len(src[line - 1]) if line <= len(src) else 0}},
                              "severity": 3, "source": "pprof", "code": "steady-growth",
                              "message": "%s grew at each of the last %d snapshots: %s (stub)" % (
                                  e["sampleType"], len(values), growth_text(values))})
    send({"method": "textDocument/publishDiagnostics", "params": {"uri": uri, "diagnostics": diags}})


# ---------------------------------------------------------------- callers

def callers(f):
    e = effective()
    name = f["func"]
    traces = os.path.join(GOLDEN, "%s.%s.traces.txt" % (e["name"], e["sampleType"]))
    text = open(traces).read() if os.path.exists(traces) else ""
    ed, chains = {}, {}
    fs, total = functions()
    by_name = {g["func"]: g for g in fs}
    for block in text.split("-----------+")[1:]:
        lines = [l for l in block.split("\n")[1:] if l.strip()]
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

    def edge(caller, v):
        g = by_name.get(caller, {"func": caller})
        return {"function": caller, "shortName": short_name(caller), "value": v, "label": fmt(v),
                "share": v / total, "shareLabel": share_label(v / total), "text": value_text(v, total) + " (stub)",
                "where": where(g.get("profile_file"), g.get("line") or 0) if g.get("profile_file") else "(not on this machine)",
                "location": location(g.get("path"), (g.get("line") or 1) - 1), "ref": ref(g)}

    return {"function": name, "shortName": short_name(name),
            "title": "Callers of %s (%s cum, %s) (stub)" % (short_name(name), fmt(f["cum"]), share_label(f["cum"] / total)),
            "callers": [edge(c, v) for c, v in sorted(ed.items(), key=lambda kv: -kv[1])],
            "callees": [],
            "chains": [{"frames": list(c), "shortFrames": [short_name(x) for x in c], "value": v, "label": fmt(v),
                        "share": v / total, "shareLabel": share_label(v / total),
                        "valueText": value_text(v, total) + " (stub)",
                        "text": " → ".join(short_name(x) for x in c)}
                       for c, v in sorted(chains.items(), key=lambda kv: -kv[1])]}


# ---------------------------------------------------------------- commands

def execute(cmd, args):
    if cmd == "pprof.status":
        return status()
    if loading[0]:
        raise CommandError("no profile loaded yet")
    if cmd == "pprof.growth":
        return growth((args or [{}])[0] or {})
    if cmd == "pprof.load":
        check_profile(args[0])
        overrides["profile"] = args[0]
        overrides.pop("sampleType", None)
        refresh()
        return status()
    if cmd == "pprof.selectSampleType":
        e = effective()
        if not args:
            return {"current": e["sampleType"],
                    "choices": [{"name": t, "unit": u, "description": "what %s counts (stub)" % t}
                                for t, u in types_of(e["name"])]}
        if args[0] not in dict(types_of(e["name"])):
            raise CommandError("The profile has no sample type %s." % args[0])
        overrides["sampleType"] = args[0]
        refresh()
        return status()
    if cmd in ("pprof.compare", "pprof.compareWith", "pprof.clearBase"):
        overrides["base"] = args[0] if args and args[0] else None
        if len(args) > 1 and args[1]:
            overrides["compareMode"] = args[1]
        refresh()
        return status()
    if cmd == "pprof.clearOverrides":
        overrides.clear()
        refresh()
        return status()
    if cmd == "pprof.top":
        opt = (args or [{}])[0] or {}
        fs, total = functions()
        rows = []
        for f in fs:
            rows.append({"function": f["func"], "shortName": short_name(f["func"]), "file": f["profile_file"],
                         "line": f["line"], "flat": f["flat"], "cum": f["cum"],
                         "flatLabel": fmt(f["flat"]), "cumLabel": fmt(f["cum"]),
                         "flatShare": f["flat"] / total, "cumShare": f["cum"] / total,
                         "flatShareLabel": share_label(f["flat"] / total), "cumShareLabel": share_label(f["cum"] / total),
                         "text": "%s flat (%s) · %s cum (%s) (stub)" % (
                             fmt(f["flat"]), share_label(f["flat"] / total), fmt(f["cum"]), share_label(f["cum"] / total)),
                         "where": where(f["profile_file"], f["line"] or 0),
                         "location": location(f["path"], (f["line"] or 1) - 1),
                         "declaration": location(f["path"], f["decl"]) if f["decl"] is not None else None,
                         "ref": ref(f)})
        rows.sort(key=lambda r: (-r["flat"], -r["cum"]))
        if opt.get("query"):
            rows = [r for r in rows if opt["query"] in r["function"]]
        if opt.get("limit"):
            rows = rows[:opt["limit"]]
        e = effective()
        return {"sampleType": e["sampleType"], "unit": unit(), "total": total,
                "title": "Top by %s · total %s (stub)" % (e["sampleType"], fmt(total)), "rows": rows}
    if cmd == "pprof.showCallers":
        target = args[0]
        f = function_named(target["function"]) if "function" in target else function_at(target["uri"], target["position"])
        return callers(f)
    if cmd == "pprof.mappingReport":
        return {"resolved": [], "unresolved": [], "text": "5 of 40 files found (stub)\n"}
    raise CommandError("Unknown command %s." % cmd)


# ---------------------------------------------------------------- LSP

def lenses(path):
    fs, total = functions()
    out = []
    for f in fs:
        if f["path"] != path or f["decl"] is None or max(f["flat"], f["cum"]) * 100.0 / total < min_share():
            continue
        pos = {"line": f["decl"], "character": 0}
        out.append(({"range": {"start": pos, "end": pos}}, f))
    titled = len(out) <= TITLED_LENSES_MAX
    result = []
    for lens, f in out:
        if titled:
            lens["command"] = {"title": lens_title(f, total), "command": "pprof.showCallers", "arguments": [ref(f)]}
        else:
            lens["data"] = [generation[0], f["func"]]
        result.append(lens)
    return result


def resolve_lens(lens):
    gen, name = lens["data"]
    if gen != generation[0]:
        lens["command"] = {"title": "pprof: the profile changed, updating…", "command": ""}
        return lens
    f = function_named(name)
    _, total = functions()
    lens["command"] = {"title": lens_title(f, total), "command": "pprof.showCallers", "arguments": [ref(f)]}
    return lens


def hover(path, line):
    fs, total = functions()
    for f in fs:
        if f["path"] == path and f["decl"] == line:
            text = ["`%s` (stub)" % short_name(f["func"]), "",
                    "%s flat · %s cum of %s in total." % (value_text(f["flat"], total), value_text(f["cum"], total),
                                                           fmt(total)),
                    "", "Flat is what the function allocates itself; cum adds what the functions it calls allocate."]
            c = callers(f)
            if c["callers"]:
                text += ["", "Callers:"] + ["- %s %s" % (e["shortName"], e["text"]) for e in c["callers"]]
            return {"contents": {"kind": "markdown", "value": "\n".join(text)}}
    return None


def handle(msg):
    method, params = msg.get("method"), msg.get("params") or {}
    if method == "initialize":
        global ROOT, GOLDEN
        ROOT = uri_path(params["rootUri"])
        GOLDEN = os.path.join(ROOT, "golden")
        settings.update(params.get("initializationOptions") or {})
        return {"capabilities": {"textDocumentSync": 1, "inlayHintProvider": True, "hoverProvider": True,
                                 "codeLensProvider": {"resolveProvider": True},
                                 "executeCommandProvider": {"commands": [
                                     "pprof.status", "pprof.load", "pprof.selectSampleType", "pprof.compare", "pprof.compareWith", "pprof.clearBase",
                                     "pprof.clearOverrides", "pprof.top", "pprof.showCallers", "pprof.fileHeat",
                                     "pprof.mappingReport", "pprof.growth"]},
                                 "experimental": {"pprof": {"profilePatterns": PROFILE_PATTERNS}}},
                "serverInfo": {"name": "pprof-lsp-stub"}}
    if method == "initialized":
        load_ms = int(settings.get("stubLoadMs", 0))
        if load_ms > 0:
            loading[0] = True

            def loaded():
                with state_lock:
                    loading[0] = False
                refresh()

            threading.Timer(load_ms / 1000.0, loaded).start()
        send({"method": "pprof/status", "params": status()})
        return None
    if method == "textDocument/didOpen":
        uri = params["textDocument"]["uri"]
        open_docs.add(uri)
        publish_diagnostics(uri)
        return None
    if method == "textDocument/didClose":
        open_docs.discard(params["textDocument"]["uri"])
        return None
    if method == "workspace/didChangeConfiguration":
        pushed = (params.get("settings") or {}).get("pprof")
        if isinstance(pushed, dict) and pushed != settings:
            settings.clear()
            settings.update(pushed)
            refresh()
        return None
    if loading[0] and method in ("textDocument/inlayHint", "textDocument/codeLens", "textDocument/hover"):
        return [] if method != "textDocument/hover" else None
    if method == "textDocument/inlayHint":
        path = uri_path(params["textDocument"]["uri"])
        src = open(path).read().split("\n")
        rows, total = report("lines")
        per_line = {}
        for r in rows:
            if local_file(r.get("file")) == path and max(abs(r["flat"]), abs(r["cum"])) * 100.0 / total >= min_share():
                e = per_line.setdefault(r["line"], [0, 0])
                e[0] += r["flat"]
                e[1] += r["cum"]
        return [{"position": {"line": l - 1, "character": len(src[l - 1])},
                 "label": "%s flat · %s cum" % (fmt(v[0]), fmt(v[1])), "paddingLeft": True}
                for l, v in sorted(per_line.items())]
    if method == "textDocument/codeLens":
        return lenses(uri_path(params["textDocument"]["uri"]))
    if method == "codeLens/resolve":
        return resolve_lens(params)
    if method == "textDocument/hover":
        return hover(uri_path(params["textDocument"]["uri"]), params["position"]["line"])
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
            with state_lock:
                result = handle(msg)
            if "id" in msg:
                send({"id": msg["id"], "result": result})
        except Exception as e:  # noqa: BLE001
            if "id" in msg:
                send({"id": msg["id"], "error": {"code": -32603, "message": str(e)}})


if __name__ == "__main__":
    main()
