#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang, AddressSanitizer + UndefinedBehaviorSanitizer
# and coverage over the whole library (tools/build-sanitized.sh), then runs each for FUZZ_SECONDS
# (default 60) from the seed corpus in tests/fuzz/corpus/<target>. New inputs go to
# build/sanitize/corpus-<target>, not the repository.
# Any finding (a failed check, a sanitizer report, a crash) fails the run and leaves crash-* files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build-sanitized.sh
seconds=${FUZZ_SECONDS:-60}
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for target in join range table; do
  mkdir -p "build/sanitize/corpus-$target"
  echo "== fuzz_$target for ${seconds}s"
  log=build/sanitize/fuzz-$target.log
  if ! (cd build/sanitize && "./tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
          "corpus-$target" "../../tests/fuzz/corpus/$target" >"fuzz-$target.log" 2>&1); then
    tail -n 60 "$log"
    echo "fuzz_$target: finding (or failure), see $log and build/sanitize/crash-*" >&2
    exit 1
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)" "$log"
done
