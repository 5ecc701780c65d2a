#!/usr/bin/env bash
# Fuzzes every reader of files people give sgaudit (tests/fuzz: the rule expression parser, the
# CSV importer, the workbook reader, the rule set, waiver and demo profile loaders) with clang's
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, each for SECONDS (default 60).
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]
# Builds into ./build-fuzz; the corpus each run grows is kept in build-fuzz/corpus/TARGET and
# used again next time. A crash, a leak or an input slower than 10 s stops that target, and its
# input is left in build-fuzz/crashes/TARGET/: fix the bug, then copy the input into
# tests/fuzz/regressions/TARGET/, where every ordinary build's tests replay it (fuzz_replay_*).
# Exit 0 when every target ran clean.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(expression csv xlsx xlsx_parts ruleset waivers profile)
bash scripts/setup.sh
bash scripts/setup.sh --fuzz
# -O1, as for sanitizers; vptr left out as in scripts/sanitize.sh (SOCI exports no typeinfo for it).
flags="-O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="$flags" -DSGAUDIT_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]/#/fuzz_}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=0
printf '%-11s %8s %12s %8s  %s\n' target seconds runs corpus result
for t in "${targets[@]}"; do
  work="build-fuzz/corpus/$t" crashes="build-fuzz/crashes/$t/" log="build-fuzz/fuzz-$t.log"
  mkdir -p "$work" "$crashes"
  mapfile -t seeds < "build-fuzz/tests/fuzz/seeds-$t.txt"
  regressions="tests/fuzz/regressions/$t"
  [ -d "$regressions" ] && seeds+=("$regressions")
  start=$(date +%s)
  result=clean
  if ! "build-fuzz/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$crashes" -print_final_stats=1 "$work" "${seeds[@]}" >"$log" 2>&1; then
    result="FOUND A PROBLEM: $(ls -t "$crashes" | head -1) (see $log)"
    failed=1
  fi
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  printf '%-11s %8s %12s %8s  %s\n' "$t" "$(( $(date +%s) - start ))" "$runs" "$(ls "$work" | wc -l)" "$result"
done
exit $failed
