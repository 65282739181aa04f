#!/usr/bin/env bash
# End-to-end test of the VS Code extension in real VS Code 1.96.4
# (code-server 4.96.4) driven by Playwright + Debian's Chromium.
#
#   tests/vscode/run.sh
#
# It installs what it needs (apt: chromium libkrb5-dev ripgrep; npm:
# code-server, playwright-core) into tests/vscode/.cache (git-ignored),
# builds the linux-x64 VSIX with the real server (cargo build --release
# -p pprof-lsp), installs it into a fresh code-server, opens
# tests/fixtures/leakyfeed with pprof.profile = profiles/heap-2.pb.gz (in a
# temporary .code-workspace file: the fixture is not modified) and checks
# code lens, inlay hint, heat shading and its hover, status bar, Show
# Callers, Show Top Allocators, Toggle Hints, Choose Sample Type, Compare
# With Base, Load Profile, Use Settings Again and Show Mapping Report; then,
# with pprof.profile a folder of four heap snapshots (snapshots.js, in the
# temporary directory), the timeline in the status bar, Show Growth, the
# steady-growth diagnostic in the Problems panel and Compare With Base's
# snapshot picker; last, pprof.profile a Pyroscope query against
# tests/doubles/pyroscope.py (the requests it logs, Select Service, Choose
# Sample Type over the store) (see e2e.js and docs/vscode.md). The texts the extension shows are compared
# with what a second instance of the bundled server answers. Screenshots go to tests/vscode/artifacts (PPROF_E2E_IMAGES=docs/images
# refreshes the ones the docs show).
# The last line is "N passed, M failed"; the exit status is non-zero on
# any failure.
#
# Env:
#   PPROF_E2E_SERVER=fake   bundle tests/vscode/fake-server.js instead of the
#                           real server (only to check the harness and the
#                           extension; its numbers are heap-2 inuse_space's
#                           whatever is chosen, so the lens checks after a
#                           change of sample type, base or profile, and the
#                           mapping report's count, need the real server)
#   PPROF_LSP_BINARY=path   bundle this prebuilt server binary (no cargo build)
#   PPROF_E2E_PORT=n        code-server port (default: a free one)
#   PPROF_E2E_KEEP=1        keep the temporary directories
#   PPROF_E2E_IMAGES=dir    where screenshots go (default: tests/vscode/artifacts;
#                           docs/images to refresh the README's pictures)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${PPROF_E2E_CACHE:-$HERE/.cache}"
export PPROF_E2E_CACHE="$CACHE"
START=$(date +%s)
log() { echo "[e2e $(($(date +%s) - START))s] $*" >&2; }
fail_setup() { echo "[e2e] setup failed: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

# 1) tools
"$HERE/setup.sh" || fail_setup "setup.sh"

# 2) the VSIX (with the server binary bundled)
VSIX="$CACHE/pprof-lsp-linux-x64.vsix"
if [ "${PPROF_E2E_SERVER:-real}" = fake ]; then
  log "using the FAKE server (harness self-check only)"
  export PPROF_LSP_BINARY="$HERE/fake-server.js"
fi
log "building the VSIX"
"$ROOT/editors/vscode/scripts/package-linux-x64.sh" "$VSIX" >/dev/null || fail_setup "building the VSIX"

# 3) a fresh code-server profile
TMP="$(mktemp -d "${TMPDIR:-/tmp}/pprof-vscode-e2e.XXXXXX")"
CS_PGID=""
cleanup() {
  if [ -n "$CS_PGID" ]; then
    # code-server, its extension hosts and pprof-lsp share one process group
    kill -- "-$CS_PGID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$CS_PGID" 2>/dev/null || break; sleep 0.2; done
    kill -9 -- "-$CS_PGID" 2>/dev/null || true
  fi
  if [ "${PPROF_E2E_KEEP:-0}" != 1 ]; then rm -rf "$TMP"; else echo "[e2e] kept $TMP" >&2; fi
}
trap cleanup EXIT

PORT="${PPROF_E2E_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
mkdir -p "$TMP/user/User" "$TMP/extensions" "$TMP/browser"
cat > "$TMP/config.yaml" <<EOF
bind-addr: 127.0.0.1:$PORT
auth: none
cert: false
EOF
cat > "$TMP/user/User/settings.json" <<'EOF'
{
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "editor.inlayHints.enabled": "on",
  "editor.codeLens": true,
  "editor.minimap.enabled": false,
  "window.commandCenter": false,
  "workbench.colorTheme": "Default Dark Modern",
  "chat.commandCenter.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "git.autoRepositoryDetection": false
}
EOF
# The workspace: the fixture folder itself (not modified), with the test's
# settings in a .code-workspace file outside the repository.
WS_DIR="$ROOT/tests/fixtures/leakyfeed"
WS_FILE="$TMP/leakyfeed.code-workspace"
cat > "$WS_FILE" <<EOF
{
  "folders": [{ "path": "$WS_DIR" }],
  "settings": {
    "pprof.profile": "profiles/heap-2.pb.gz",
    "pprof.heatmap": true,
    "pprof.trace.server": "verbose",
    "files.exclude": { "**/.git": true }
  }
}
EOF

CS_ENTRY="$CACHE/cs/node_modules/code-server/out/node/entry.js"
CS=(node "$CS_ENTRY" --config "$TMP/config.yaml" --user-data-dir "$TMP/user" --extensions-dir "$TMP/extensions")
log "installing the VSIX into code-server"
"${CS[@]}" --install-extension "$VSIX" > "$TMP/install.log" 2>&1 || { cat "$TMP/install.log" >&2; fail_setup "install-extension"; }
[ -x "$TMP"/extensions/pprof-lsp.pprof-lsp-*/server/pprof-lsp ] || log "warning: the installed server/pprof-lsp is not executable (the extension fixes that at start)"

# Go's standard library as the tests' own (its README): the server (started
# by code-server's extension host, and the reference server) finds
# runtime/pprof/pprof.go there.
export GOROOT="$ROOT/tests/fixtures/goroot"
# The store check's bearer token (tests/doubles/pyroscope.py wants it): in
# code-server's environment, so the extension host and its pprof-lsp inherit
# it, as a user's editor does; e2e.js reads it to start the double.
export PPROF_E2E_PYROSCOPE_TOKEN="e2e-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
log "starting code-server on 127.0.0.1:$PORT"
setsid "${CS[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override "$WS_FILE" > "$TMP/code-server.log" 2>&1 &
CS_PGID=$!
disown "$CS_PGID" # no "Killed" job report after the summary line
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$CS_PGID" 2>/dev/null || { tail -30 "$TMP/code-server.log" >&2; fail_setup "code-server exited"; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { tail -30 "$TMP/code-server.log" >&2; fail_setup "code-server did not answer /healthz"; }

# 4) the browser part
IMAGES="${PPROF_E2E_IMAGES:-$HERE/artifacts}"
mkdir -p "$IMAGES"
log "running the Playwright checks"
set +e
NODE_PATH="$CACHE/pw/node_modules" node "$HERE/e2e.js" \
  --url "http://127.0.0.1:$PORT/?workspace=$WS_FILE" \
  --workspace "$WS_DIR" \
  --server "$ROOT/editors/vscode/server/pprof-lsp" \
  --ws-file "$WS_FILE" \
  --golden "$WS_DIR/golden" \
  --images "$IMAGES" \
  --profile-dir "$TMP/browser" \
  --logs "$TMP/user" \
  --snapshots "$TMP/snapshots" \
  --summary "$TMP/summary"
RC=$?
set -e
if [ $RC -ne 0 ]; then
  echo "---- code-server log (tail) ----" >&2; tail -20 "$TMP/code-server.log" >&2
  find "$TMP/user/logs" -name '*-pprof.log' -print0 2>/dev/null | while IFS= read -r -d '' f; do echo "---- $f (tail) ----" >&2; tail -40 "$f" >&2; done
fi
log "done in $(($(date +%s) - START))s"
SUMMARY="$(cat "$TMP/summary" 2>/dev/null || true)"
[ -n "$SUMMARY" ] || { SUMMARY="0 passed, 1 failed"; RC=1; }
echo "$SUMMARY"
exit $RC
