#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, idempotently:
#   - Debian packages: chromium, libkrb5-dev (kerberos native module), ripgrep
#   - code-server 4.96.4 (= VS Code 1.96.4) under tests/vscode/.cache/cs
#   - playwright-core under tests/vscode/.cache/pw
# Follows the recipe in /work/shared/notes/vscode-e2e.md (incl. its pitfalls).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${PPROF_E2E_CACHE:-$HERE/.cache}"
CS_VERSION=4.96.4
PW_VERSION=1.65.1
mkdir -p "$CACHE"

log() { echo "[setup] $*" >&2; }

# 0) system packages
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# 1) code-server
CS="$CACHE/cs"
CS_BIN="$CS/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS/.ok-$CS_VERSION" ]; then
  log "installing code-server $CS_VERSION into $CS"
  rm -rf "$CS"; mkdir -p "$CS"
  (
    cd "$CS"
    echo '{"private":true}' > package.json
    npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" >/dev/null
    # git+ssh dependency -> identical registry tarball (same integrity hash)
    sed -i -E 's#git\+ssh://git@github.com/microsoft/vscode-proxy-agent.git\#[0-9a-f]+#https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-0.27.0.tgz#' \
      node_modules/code-server/lib/vscode/npm-shrinkwrap.json
    # @vscode/ripgrep's postinstall downloads from GitHub: pre-seed its cache with Debian's rg
    RGC="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.9"
    if [ ! -f "$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
      mkdir -p "$RGC/x"; cp "$(command -v rg)" "$RGC/x/rg"
      tar czf "$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$RGC/x" rg; rm -rf "$RGC/x"
    fi
    npm_config_unsafe_perm=true npm_config_nodedir=/usr npm rebuild --foreground-scripts > "$CACHE/cs-rebuild.log" 2>&1 \
      || { tail -50 "$CACHE/cs-rebuild.log" >&2; exit 1; }
  )
  for f in lib/vscode/node_modules/node-pty/build/Release/pty.node; do
    [ -f "$CS/node_modules/code-server/$f" ] || { log "missing native module $f (see $CACHE/cs-rebuild.log)"; exit 1; }
  done
  touch "$CS/.ok-$CS_VERSION"
fi

# 2) playwright-core (driving Debian's chromium; no browser download)
PW="$CACHE/pw"
if [ ! -f "$PW/.ok-$PW_VERSION" ]; then
  log "installing playwright-core $PW_VERSION"
  rm -rf "$PW"; mkdir -p "$PW"
  (cd "$PW" && echo '{"private":true}' > package.json && npm install --no-audit --no-fund "playwright-core@$PW_VERSION" >/dev/null)
  touch "$PW/.ok-$PW_VERSION"
fi
log "ok: code-server $CS_VERSION, playwright-core $PW_VERSION, $(chromium --version 2>/dev/null)"
