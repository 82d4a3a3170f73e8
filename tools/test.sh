#!/usr/bin/env bash
# Sets up (tools/setup.sh) and runs every test; exits non-zero if anything fails. This is what CI runs.
#   1. the GoogleTest suite natively (every backend this CPU has),
#   2. the same under AddressSanitizer + UndefinedBehaviorSanitizer (tools/test-sanitizers.sh),
#   3. cross-built for AArch64 and run under qemu: the NEON kernels (tools/test-aarch64.sh),
#   4. built against the current xsimd, Debian 13's (tools/test-xsimd-latest.sh),
#   5. the libFuzzer targets, FUZZ_SECONDS (default 15 here) each (tools/fuzz.sh),
#   6. pytest + hypothesis against the installed package.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PATH="$PWD/.venv/bin:$PATH"

echo "== C++ tests (GoogleTest via meson test)"
[ -f build/tests/build.ninja ] || meson setup build/tests -Dtests=enabled -Dbenchmarks=disabled -Db_ndebug=false >/dev/null
meson compile -C build/tests
meson test -C build/tests --print-errorlogs
grep -hE "^\[  (PASSED|FAILED)  \]|tests? from .* ran" build/tests/meson-logs/testlog.txt || true

echo "== C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer"
bash tools/test-sanitizers.sh

echo "== C++ tests on AArch64 (cross-built, under qemu-aarch64: the NEON kernels)"
bash tools/test-aarch64.sh

echo "== C++ tests against the current xsimd (Debian 13's, unpacked under build/)"
bash tools/test-xsimd-latest.sh

echo "== Fuzzing (libFuzzer, ASan+UBSan, every backend)"
FUZZ_SECONDS=${FUZZ_SECONDS:-15} bash tools/fuzz.sh

echo "== Python tests (pytest + hypothesis)"
python -m pytest -q tests/python
