#!/usr/bin/env bash
# Sets up (tools/setup.sh) and runs every test; exits non-zero if anything fails. This is what CI runs.
#   1. the GoogleTest suite natively (every backend this CPU has), with Debian 12's xsimd,
#   2. cross-built for AArch64 and run under qemu: the NEON kernels (tools/test-aarch64.sh),
#   3. the same suite built with clang under AddressSanitizer + UndefinedBehaviorSanitizer, against the
#      current xsimd, Debian 13's (tools/test-sanitizers.sh),
#   4. the libFuzzer targets from that build, FUZZ_SECONDS (default 5 here) each (tools/fuzz.sh),
#   5. pytest + hypothesis against the installed package.
# Steps 1-2 and 3-5 run as two lanes side by side: each lane has long stretches on one core (qemu,
# the sanitized suite, pytest), so the pair keeps both cores busy. A lane's log is printed when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# Every Debian package the lanes use, installed once here: two lanes must not race for dpkg's lock.
bash tools/apt-install.sh g++-aarch64-linux-gnu qemu-user clang libclang-rt-14-dev
export PATH="$PWD/.venv/bin:$PATH"

native() {
  echo "== C++ tests (GoogleTest via meson test)"
  [ -f build/tests/build.ninja ] ||
    meson setup build/tests -Dtests=enabled -Dbenchmarks=disabled -Db_ndebug=false >/dev/null
  meson compile -C build/tests
  meson test -C build/tests --print-errorlogs
  grep -hE "^\[  (PASSED|FAILED)  \]|tests? from .* ran" build/tests/meson-logs/testlog.txt || true

  echo "== C++ tests on AArch64 (cross-built, under qemu-aarch64: the NEON kernels)"
  bash tools/test-aarch64.sh
}

others() {
  echo "== C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang, the current xsimd)"
  bash tools/test-sanitizers.sh

  echo "== Fuzzing (libFuzzer, ASan+UBSan, every backend)"
  FUZZ_SECONDS=${FUZZ_SECONDS:-5} bash tools/fuzz.sh

  echo "== Python tests (pytest + hypothesis)"
  python -m pytest -q tests/python
}

mkdir -p build
start=$SECONDS
(set -e; native) >build/test-native.log 2>&1 & native_pid=$!
(set -e; others) >build/test-others.log 2>&1 & others_pid=$!
status=0
wait "$native_pid" || status=1
echo "==== lane 1: native, AArch64 ($((SECONDS - start)) s)"; cat build/test-native.log
wait "$others_pid" || status=1
echo "==== lane 2: sanitizers, fuzzing, pytest ($((SECONDS - start)) s)"; cat build/test-others.log
((status == 0)) && echo "== all tests passed" || echo "== a lane failed (its log above)" >&2
exit "$status"
