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
[ -f build/aarch64/build.ninja ] ||
  meson setup build/aarch64 --cross-file tools/cross/aarch64-linux-gnu.ini -Dtests=enabled -Dbenchmarks=disabled \
    -Db_ndebug=false "-Dcpp_args=-I$PWD/build/cross-include" >/dev/null
meson compile -C build/aarch64
meson test -C build/aarch64 --print-errorlogs
grep -hE "^\[  (PASSED|FAILED)  \]|tests? from .* ran" build/aarch64/meson-logs/testlog.txt || true
