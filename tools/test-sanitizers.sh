#!/usr/bin/env bash
# The GoogleTest suite (every backend this CPU runs) built with AddressSanitizer + UndefinedBehavior-
# Sanitizer; any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/meson ] && export PATH="$PWD/.venv/bin:$PATH"
export ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# -O1 with line tables: what the sanitizers' documentation advises, and about half the compile time of
# -O2 -g on the engine's template-heavy files (the longest step of CI). UBSan's alignment check is left
# out here (it costs a fifth of this build's compile time; the code reads unaligned data by memcpy); the
# fuzzing build (tools/fuzz.sh) keeps every check.
[ -f build/sanitize/build.ninja ] ||
  meson setup build/sanitize -Doptimization=1 -Ddebug=false "-Dcpp_args=-g1 -fno-sanitize=alignment" -Db_sanitize=address,undefined \
    -Db_lundef=false -Db_ndebug=false -Dtests=enabled -Dbenchmarks=disabled >/dev/null
meson compile -C build/sanitize
# Sanitized instructions cost several times more: the longest tests take their light sizes
# (tests/cpp/harness.hpp).
SIMDIGITS_TEST_LIGHT=1 meson test -C build/sanitize --print-errorlogs
grep -hE "^\[  (PASSED|FAILED)  \]|tests? from .* ran" build/sanitize/meson-logs/testlog.txt || true
