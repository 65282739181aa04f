#!/usr/bin/env bash
# Builds the linux-x64 platform VSIX with the pprof-lsp server bundled as
# server/pprof-lsp inside the extension, stripped of its symbols and debug
# information (they would make up most of the download).
#
#   editors/vscode/scripts/package-linux-x64.sh [OUT.vsix]
#
# Env:
#   PPROF_LSP_BINARY=path   bundle this binary instead of building one
#                           (default: cargo build --release -p pprof-lsp,
#                           then target/release/pprof-lsp)
#   CARGO_TARGET_DIR        honoured when locating target/release/pprof-lsp
set -euo pipefail
EXT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$EXT/../.." && pwd)"
VERSION="$(node -p "require('$EXT/package.json').version")"
OUT="${1:-$EXT/pprof-lsp-linux-x64-$VERSION.vsix}"
case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac

if [ -n "${PPROF_LSP_BINARY:-}" ]; then
  BIN="$PPROF_LSP_BINARY"
else
  echo "[package] cargo build --release -p pprof-lsp" >&2
  (cd "$ROOT" && cargo build --release -p pprof-lsp)
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/pprof-lsp"
fi
[ -x "$BIN" ] || { echo "[package] no executable server binary at $BIN" >&2; exit 1; }

cd "$EXT"
if [ ! -d node_modules/vscode-languageclient ] || [ ! -x node_modules/.bin/vsce ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[package] npm ci" >&2
  npm ci --no-audit --no-fund >/dev/null
fi
rm -rf server && mkdir -p server
cp "$BIN" server/pprof-lsp
chmod 755 server/pprof-lsp
# Only an ELF binary is stripped: the e2e harness bundles a Node script instead.
if [ "$(od -An -tx1 -N4 server/pprof-lsp | tr -d ' ')" = 7f454c46 ]; then
  if command -v strip >/dev/null 2>&1; then
    strip server/pprof-lsp
  else
    objcopy --strip-all server/pprof-lsp
  fi
fi
mib() { awk -v bytes="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MiB", bytes / 1048576 }'; }
echo "[package] bundled server: $(mib server/pprof-lsp) ($BIN: $(mib "$BIN"))" >&2
node esbuild.mjs --production
# vsce runs vscode:prepublish (the same production build) again; that is cheap.
npx vsce package --target linux-x64 --allow-missing-repository --skip-license -o "$OUT" >&2
echo "[package] wrote $OUT" >&2
echo "$OUT"
