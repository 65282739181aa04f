#!/usr/bin/env python3
"""A timeline for the Neovim tests against the real server: four heap
snapshots (gzip'd pprof protobuf, inuse_space) of tests/fixtures/leakyfeed's
code, an hour apart, written into a folder outside the fixture.

cache.clone (cache.go:43, inlined into (*Cache).Put at cache.go:23) rises at
every snapshot: it grows steadily. (*Cache).Put's own line 24 comes and
goes, runtime/pprof.StartCPUProfile stays the same (its source is not in
the workspace) and internal/bytealg.MakeNoZero shrinks. (The same program
and numbers as tests/vscode/snapshots.js, so that both editors' tests see
one timeline.)

    python3 tests/nvim/snapshots.py DIR    # prints the paths, oldest first
"""
import gzip
import os
import sys

BUILD = "/home/runner/work/leakyfeed/leakyfeed"
GO = "/usr/local/go/src"
# Functions: (name, file, start line).
FUNCTIONS = [
    ("example.com/leakyfeed/cache.clone", BUILD + "/cache/cache.go", 42),
    ("example.com/leakyfeed/cache.(*Cache).Put", BUILD + "/cache/cache.go", 20),
    ("main.serve", BUILD + "/main.go", 43),
    ("main.main", BUILD + "/main.go", 19),
    ("runtime/pprof.StartCPUProfile", GO + "/runtime/pprof/pprof.go", 880),
    ("internal/bytealg.MakeNoZero", GO + "/internal/bytealg/bytealg.go", 430),
    ("strings.(*Builder).grow", GO + "/strings/builder.go", 70),
]
# Locations: [(function index, line), ...] leaf first (several: inlined frames).
LOCATIONS = [
    [(0, 43), (1, 23)],  # clone's make, inlined into Put
    [(1, 24)],  # Put's append
    [(2, 53)],  # serve calls Put
    [(3, 34)],  # main calls serve
    [(4, 907)],
    [(5, 437)],
    [(6, 70)],
]
KB = 1024
MB = 1024 * 1024
# Samples: (location indexes leaf first, inuse_space in each snapshot).
SAMPLES = [
    ([0, 2, 3], [1 * MB, 2 * MB, 3 * MB, 4 * MB]),
    ([1, 2, 3], [512 * KB, 128 * KB, 640 * KB, 256 * KB]),
    ([4, 3], [1152 * KB] * 4),
    ([5, 6, 2, 3], [900 * KB, 700 * KB, 500 * KB, 300 * KB]),
]
COUNT = 4
HOUR_NS = 3600 * 10**9
FIRST_S = 1795780800  # 2026-11-27T12:00:00Z
FIRST_NS = FIRST_S * 10**9


def varint(n):
    if n < 0:
        n += 1 << 64  # two's complement, as int64 is encoded
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def key(field, wire):
    return varint((field << 3) | wire)


def integer(field, n):
    return key(field, 0) + varint(n)


def blob(field, data):
    return key(field, 2) + varint(len(data)) + data


def message(field, parts):
    return blob(field, b"".join(parts))


def packed(field, ns):
    return blob(field, b"".join(varint(n) for n in ns))


def snapshot(i):
    """The i-th snapshot (0-based) as gzip'd pprof."""
    strings = [""]

    def s(text):
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    parts = [message(1, [integer(1, s("inuse_space")), integer(2, s("bytes"))])]
    for locs, values in SAMPLES:
        parts.append(message(2, [packed(1, [l + 1 for l in locs]), packed(2, [values[i]])]))
    for l, lines in enumerate(LOCATIONS):
        parts.append(message(4, [integer(1, l + 1)] + [message(4, [integer(1, f + 1), integer(2, line)]) for f, line in lines]))
    for f, (name, file, start) in enumerate(FUNCTIONS):
        parts.append(message(5, [integer(1, f + 1), integer(2, s(name)), integer(3, s(name)), integer(4, s(file)),
                                 integer(5, start)]))
    tail = [integer(9, FIRST_NS + i * HOUR_NS), message(11, [integer(1, s("space")), integer(2, s("bytes"))]),
            integer(12, 512 * KB)]
    parts += [blob(6, text.encode()) for text in strings]
    return gzip.compress(b"".join(parts + tail), mtime=0)


def write_snapshots(folder):
    """Writes heap-1.pb.gz ... heap-4.pb.gz into folder; returns their paths."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    for i in range(COUNT):
        p = os.path.join(folder, "heap-%d.pb.gz" % (i + 1))
        with open(p, "wb") as f:
            f.write(snapshot(i))
        t = FIRST_S + i * 3600
        os.utime(p, (t, t))
        paths.append(p)
    return paths


if __name__ == "__main__":
    print("\n".join(write_snapshots(sys.argv[1])))
