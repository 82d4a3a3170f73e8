#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang, AddressSanitizer + UndefinedBehaviorSanitizer
# and coverage over the whole library, then runs each for FUZZ_SECONDS (default 60) from the seed
# corpus in tests/fuzz/corpus/<target>. New inputs go to build/fuzz/corpus-<target>, not the repository.
# Any finding (a failed check, a sanitizer report, a crash) fails the run and leaves crash-* files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/apt-install.sh clang libclang-rt-14-dev libxsimd-dev
[ -x .venv/bin/meson ] && export PATH="$PWD/.venv/bin:$PATH"
seconds=${FUZZ_SECONDS:-60}

[ -f build/fuzz/build.ninja ] ||
  CXX=clang++ CC=clang meson setup build/fuzz -Dfuzzing=enabled -Dtests=disabled -Dbenchmarks=disabled \
    -Doptimization=1 -Ddebug=false -Db_ndebug=false -Db_sanitize=address,undefined -Db_lundef=false \
    "-Dcpp_args=-fsanitize=fuzzer-no-link -g1" >/dev/null
meson compile -C build/fuzz
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for target in join range table; do
  mkdir -p "build/fuzz/corpus-$target"
  echo "== fuzz_$target for ${seconds}s"
  log=build/fuzz/fuzz-$target.log
  if ! (cd build/fuzz && "./tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
          "corpus-$target" "../../tests/fuzz/corpus/$target" >"fuzz-$target.log" 2>&1); then
    tail -n 60 "$log"
    echo "fuzz_$target: finding (or failure), see $log and build/fuzz/crash-*" >&2
    exit 1
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)" "$log"
done
