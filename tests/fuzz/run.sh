#!/usr/bin/env bash
# Coverage-guided fuzzing of the server's inputs (cargo-fuzz, libFuzzer):
#   bash tests/fuzz/run.sh [SECONDS] [TARGET...]
# Each target runs SECONDS (default 60), seeded with the fixtures'
# profiles; prints the executions. A finding is written to
# server/fuzz/artifacts/TARGET/ and fails the run: make it a regression
# test (server/tests/corpus.rs or the module's tests), then fix it.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode compare resolve edits)

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi
# libFuzzer's instrumentation needs nightly flags; the stable toolchain
# takes them with RUSTC_BOOTSTRAP.
export RUSTC_BOOTSTRAP=1

for target in "${targets[@]}"; do
  corpus="server/fuzz/corpus/$target"
  mkdir -p "$corpus"
  case "$target" in
    decode | compare)
      # Real profiles to start from, raw and compressed; the small ones,
      # so each execution stays quick.
      for profile in $(find tests/fixtures -path '*/profiles/*.pb.gz' -size -40k); do
        name="$(echo "$profile" | tr / _)"
        cp -n "$profile" "$corpus/$name"
        gzip -dc "$profile" > "$corpus/$name.raw" 2>/dev/null || true
      done
      ;;
  esac
  mkdir -p tests/artifacts/fuzz
  log="tests/artifacts/fuzz/$target.log"
  echo "--- fuzz $target for ${seconds}s"
  (cd server && cargo fuzz run --fuzz-dir fuzz -O "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1) \
    > "$log" 2>&1 || { tail -40 "$log"; echo "fuzz $target: a finding (see server/fuzz/artifacts/$target/)"; exit 1; }
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")"
  echo "fuzz $target: $runs executions in ${seconds}s, no finding"
done
