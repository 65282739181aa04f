#!/usr/bin/env bash
# Benchmark of pprof-lsp on large generated profiles: load time and peak RSS
# of `pprof-lsp top` against pprof's own binary (`go tool -n pprof`) when Go
# is on PATH, then request latency and reload time of the language server.
# Writes bench/results.md. See docs/performance.md.
#
# Environment: RUNS (pprof-lsp runs per profile, default 5), PPROF_RUNS
# (pprof runs, default 3), SHAPES (default "heap cpu strings"),
# REQUESTS (LSP requests per kind, default 300), WHOLE_FILE_REQUESTS
# (default 10), KEEP_DATA=1 (reuse generated profiles), SKIP_LSP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA=$ROOT/bench/data
OUT=$ROOT/bench/results.md
RUNS=${RUNS:-5}
PPROF_RUNS=${PPROF_RUNS:-3}
SHAPES=${SHAPES:-heap cpu strings}
REQUESTS=${REQUESTS:-300}
mkdir -p "$DATA"

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (for peak RSS)" >&2
  (apt-get install -y time || sudo apt-get install -y time) >/dev/null
fi

echo "== building (release)" >&2
cargo build --release --bin pprof-lsp --example gen_profile --example lsp_latency >&2
BIN=$ROOT/target/release/pprof-lsp
GEN=$ROOT/target/release/examples/gen_profile
LAT=$ROOT/target/release/examples/lsp_latency

# shape -> generator arguments
declare -A ARGS=(
  [heap]="--shape heap --samples 600000 --functions 4000 --file00 3000 --min-depth 20 --max-depth 45"
  [cpu]="--shape cpu --samples 400000 --functions 20000 --min-depth 4 --max-depth 14"
  [strings]="--shape strings --samples 300000 --functions 8000 --min-depth 10 --max-depth 30"
)

gen() { # name seed shape [extra...]
  local name=$1 seed=$2 shape=$3; shift 3
  if [ "${KEEP_DATA:-0}" = 1 ] && [ -f "$DATA/$name.pb.gz" ]; then return; fi
  # shellcheck disable=SC2086
  "$GEN" ${ARGS[$shape]} --seed "$seed" --out "$DATA/$name.pb.gz" "$@" 2>&1 | tee -a "$DATA/gen.log" >&2
}
echo "== generating profiles into $DATA" >&2
: >"$DATA/gen.log"
gen heap 1 heap --workspace "$DATA/ws"
gen heap-reload 2 heap
for shape in $SHAPES; do
  [ "$shape" = heap ] || gen "$shape" 1 "$shape"
done

PPROF=""
if command -v go >/dev/null 2>&1; then
  PPROF=$(go tool -n pprof 2>/dev/null || true)
fi
[ -n "$PPROF" ] || echo "go not on PATH: skipping the pprof comparison" >&2

raw_mb() { # size of the decompressed profile
  gzip -dc "$1" | wc -c | awk '{printf "%.1f", $1/1e6}'
}

# measure LABEL FILE CMD...: one run; appends "wall_seconds peak_kb" to FILE.
measure() {
  local file=$1; shift
  local t0 t1 tf
  tf=$(mktemp)
  t0=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$tf" "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(tail -1 "$tf")" >>"$file"
  rm -f "$tf"
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

{
  echo "# pprof-lsp benchmark results"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- server/src 2>/dev/null || echo ' (server/src modified)')"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- pprof: ${PPROF:-not available}$( [ -n "$PPROF" ] && echo " ($(go version | cut -d' ' -f3))")"
  echo "- runs: $RUNS (pprof-lsp), $PPROF_RUNS (pprof), interleaved; medians"
  echo
  echo "## Load: \`pprof-lsp top -n 20\` vs \`pprof -top\` (read + gunzip + decode + index + report)"
  echo
  echo "| profile | gzip MB | raw MB | pprof-lsp s | pprof-lsp peak RSS MB | RSS / raw | pprof s | pprof peak RSS MB | speedup |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$OUT"

for shape in $SHAPES; do
  f=$DATA/$shape.pb.gz
  echo "== load: $shape" >&2
  ours=$(mktemp); theirs=$(mktemp)
  for i in $(seq 1 "$RUNS"); do
    measure "$ours" "$BIN" top -n 20 "$f"
    if [ -n "$PPROF" ] && [ "$i" -le "$PPROF_RUNS" ]; then
      measure "$theirs" "$PPROF" -top "$f"
    fi
  done
  cat "$ours" "$theirs" >&2
  gz=$(stat -c %s "$f" | awk '{printf "%.1f", $1/1e6}')
  raw=$(raw_mb "$f")
  our_ms=$(cut -d' ' -f1 "$ours" | median)
  our_kb=$(cut -d' ' -f2 "$ours" | median)
  if [ -s "$theirs" ]; then
    their_ms=$(cut -d' ' -f1 "$theirs" | median)
    their_kb=$(cut -d' ' -f2 "$theirs" | median)
    pp_s=$(awk -v m="$their_ms" 'BEGIN {printf "%.2f", m/1000}')
    pp_mb=$(awk -v k="$their_kb" 'BEGIN {printf "%.0f", k/1024}')
    ratio=$(awk -v a="$their_ms" -v b="$our_ms" 'BEGIN {printf "%.1fx", a/b}')
  else
    pp_s="-"; pp_mb="-"; ratio="-"
  fi
  awk -v n="$shape" -v gz="$gz" -v raw="$raw" -v ms="$our_ms" -v kb="$our_kb" -v ps="$pp_s" -v pm="$pp_mb" -v r="$ratio" \
    'BEGIN {printf "| %s | %s | %s | %.2f | %.0f | %.1fx | %s | %s | %s |\n", n, gz, raw, ms/1000, kb/1024, kb/1024/(raw/1.048576), ps, pm, r}' >>"$OUT"
  rm -f "$ours" "$theirs"
done

if [ "${SKIP_LSP:-0}" != 1 ]; then
  echo "== LSP latency (heap profile, pkg00/file00.go)" >&2
  cp "$DATA/heap.pb.gz" "$DATA/live.pb.gz"
  {
    echo
    echo "## Language server (\`lsp_latency\`: client-side round trips over stdio)"
    echo
    echo "### Default settings (minShare 0.5%)"
    echo
    "$LAT" --server "$BIN" --workspace "$DATA/ws" --profile "$DATA/live.pb.gz" \
      --requests "$REQUESTS" --whole-file-requests "${WHOLE_FILE_REQUESTS:-10}" --min-share 0.5 \
      --reload-with "$DATA/heap-reload.pb.gz,$DATA/heap.pb.gz,$DATA/heap-reload.pb.gz"
    cp "$DATA/heap.pb.gz" "$DATA/live.pb.gz"
    echo
    echo "### Every line and function shown (minShare 0: the worst case)"
    echo
    "$LAT" --server "$BIN" --workspace "$DATA/ws" --profile "$DATA/live.pb.gz" \
      --requests "$REQUESTS" --whole-file-requests "${WHOLE_FILE_REQUESTS:-10}" --min-share 0
  } >>"$OUT"
fi

echo >&2
cat "$OUT"
