#!/usr/bin/env bash
# Cross-builds the C++ library and its GoogleTest suite for AArch64 with Debian's g++-aarch64-linux-gnu
# and runs it under qemu-aarch64, so the NEON kernels are tested byte for byte on an x86-64 machine.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/apt-install.sh g++-aarch64-linux-gnu qemu-user libxsimd-dev libgtest-dev
[ -x .venv/bin/meson ] && export PATH="$PWD/.venv/bin:$PATH"

# xsimd is header-only: the target build sees just its headers, not the rest of /usr/include.
mkdir -p build/cross-include
ln -sfn /usr/include/xsimd build/cross-include/xsimd
# -O1: about half the compile time of -O2 for a run under qemu that takes about as long; the optimized
# build is the native one's.
[ -f build/aarch64/build.ninja ] ||
  meson setup build/aarch64 --cross-file tools/cross/aarch64-linux-gnu.ini -Dtests=enabled -Dbenchmarks=disabled \
    -Doptimization=1 -Db_ndebug=false "-Dcpp_args=-isystem $PWD/build/cross-include" >/dev/null
# A warning in this build log is news: the known noise is gone (xsimd is a system header here, as on
# the native build; tests/meson.build and kernel.hpp say why for the rest), so any warning fails.
log=$(meson compile -C build/aarch64 2>&1) || { echo "$log"; exit 1; }
echo "$log"
if grep -qE "(warning|note): " <<<"$log"; then
  echo "test-aarch64: the cross build printed warnings (above)" >&2
  exit 1
fi
# Emulated instructions cost tens of times more: the longest tests take their light sizes
# (tests/cpp/harness.hpp).
SIMDIGITS_TEST_LIGHT=1 meson test -C build/aarch64 --print-errorlogs
grep -hE "^\[  (PASSED|FAILED)  \]|tests? from .* ran" build/aarch64/meson-logs/testlog.txt || true
