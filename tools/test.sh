#!/usr/bin/env bash
# Sets up (tools/setup.sh) and runs every test: the GoogleTest suite through `meson test`, natively, under
# ASan+UBSan (tools/test-sanitizers.sh), # cross-built for AArch64 under qemu (tools/test-aarch64.sh), against the current xsimd
# (tools/test-xsimd-latest.sh), then pytest against the installed package.
# Exits non-zero if anything fails. This is what CI runs.
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

echo "== Python tests (pytest + hypothesis)"
python -m pytest -q tests/python
