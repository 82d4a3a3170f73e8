#!/usr/bin/env bash
# The GoogleTest suite (every backend this CPU runs) built with clang under AddressSanitizer +
# UndefinedBehaviorSanitizer (tools/build-sanitized.sh); any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build-sanitized.sh
[ -x .venv/bin/meson ] && export PATH="$PWD/.venv/bin:$PATH"
export ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Sanitized instructions cost several times more: the longest tests take their light sizes
# (tests/cpp/harness.hpp).
SIMDIGITS_TEST_LIGHT=1 meson test -C build/sanitize --print-errorlogs
grep -hE "^\[  (PASSED|FAILED)  \]|tests? from .* ran" build/sanitize/meson-logs/testlog.txt || true
