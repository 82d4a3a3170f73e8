#!/usr/bin/env bash
# One clang build under AddressSanitizer + UndefinedBehaviorSanitizer, every check on, with coverage for
# libFuzzer: build/sanitize holds both the GoogleTest suite (tools/test-sanitizers.sh) and the fuzz
# targets (tools/fuzz.sh), so CI compiles the sanitized library once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/apt-install.sh clang libclang-rt-14-dev libxsimd-dev
[ -x .venv/bin/meson ] && export PATH="$PWD/.venv/bin:$PATH"
# -O1 with line tables: what the sanitizers' documentation advises, and about half the compile time of
# -O2 -g on the engine's template-heavy files.
[ -f build/sanitize/build.ninja ] ||
  CXX=clang++ CC=clang meson setup build/sanitize -Dfuzzing=enabled -Dtests=enabled -Dbenchmarks=disabled \
    -Doptimization=1 -Ddebug=false -Db_ndebug=false -Db_sanitize=address,undefined -Db_lundef=false \
    "-Dcpp_args=-fsanitize=fuzzer-no-link -g1" >/dev/null
meson compile -C build/sanitize
