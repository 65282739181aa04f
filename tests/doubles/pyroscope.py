#!/usr/bin/env python3
"""A double of Grafana Pyroscope's Connect query API for the editors'
end-to-end tests, written from its public protos (api/querier/v1/
querier.proto, api/types/v1/types.proto).

    pyroscope.py PROFILE.pb.gz LOG.jsonl [TOKEN]

Prints the URL it serves on its first line, then serves until killed or
until its standard input closes (its parent is gone):
SelectMergeProfile answers PROFILE, uncompressed, for any window;
ProfileTypes two memory types; LabelValues of service_name "billing" and
"orders". With TOKEN, a request without "Authorization: Bearer TOKEN" gets
Connect's 401 unauthenticated. Each request is appended to LOG as JSON
(path, headers, and a SelectMergeProfile's decoded fields).
"""
import gzip
import http.server
import json
import os
import sys
import threading

PREFIX = "/querier.v1.QuerierService/"


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field(number, payload):
    """A length-delimited field (strings and messages)."""
    if isinstance(payload, str):
        payload = payload.encode()
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def fields(data):
    """The fields of a message: {number: [value, ...]}, strings decoded."""
    out, at = {}, 0

    def read_varint():
        nonlocal at
        shift = value = 0
        while True:
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    while at < len(data):
        key = read_varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            value = read_varint()
            if value >= 1 << 63:
                value -= 1 << 64
        elif wire == 2:
            length = read_varint()
            value = data[at : at + length].decode("utf-8", "replace")
            at += length
        else:
            raise ValueError("unexpected wire type %d" % wire)
        out.setdefault(number, []).append(value)
    return out


def main():
    profile = gzip.decompress(open(sys.argv[1], "rb").read())
    log_path = sys.argv[2]
    token = sys.argv[3] if len(sys.argv) > 3 else None
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, content_type, body):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def error(self, status, code, message):
            body = json.dumps({"code": code, "message": message}).encode()
            self.answer(status, "application/json", body)

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            entry = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}}
            method = self.path[len(PREFIX) :] if self.path.startswith(PREFIX) else None
            if method == "SelectMergeProfile":
                f = fields(body)
                entry["select"] = {
                    "profile_typeID": f.get(1, [""])[0],
                    "label_selector": f.get(2, [""])[0],
                    "start": f.get(3, [0])[0],
                    "end": f.get(4, [0])[0],
                }
            with lock, open(log_path, "a") as log:
                log.write(json.dumps(entry) + "\n")
            if token and self.headers.get("Authorization") != "Bearer " + token:
                return self.error(401, "unauthenticated", "invalid token")
            if method == "SelectMergeProfile":
                return self.answer(200, "application/proto", profile)
            if method == "ProfileTypes":
                types = b"".join(
                    field(1, field(1, "memory:%s:bytes:space:bytes" % t) + field(2, "memory")
                          + field(4, t) + field(5, "bytes") + field(6, "space") + field(7, "bytes"))
                    for t in ("inuse_space", "alloc_space")
                )
                return self.answer(200, "application/proto", types)
            if method == "LabelValues":
                names = field(1, "billing") + field(1, "orders")
                return self.answer(200, "application/proto", names)
            if method == "Series":
                return self.answer(200, "application/proto", b"")
            return self.error(404, "unimplemented", "no such method")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("http://127.0.0.1:%d" % server.server_address[1], flush=True)

    def exit_with_parent():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=exit_with_parent, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
