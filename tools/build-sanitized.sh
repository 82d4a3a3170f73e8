#!/usr/bin/env bash
# One clang build under AddressSanitizer + UndefinedBehaviorSanitizer, every check on, with coverage for
# libFuzzer, against the current xsimd (tools/fetch-xsimd-latest.sh; the native build has Debian 12's):
# build/sanitize holds both the GoogleTest suite (tools/test-sanitizers.sh) and the fuzz targets
# (tools/fuzz.sh), so CI compiles the library a second time only here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/apt-install.sh clang libclang-rt-14-dev libxsimd-dev
[ -x .venv/bin/meson ] && export PATH="$PWD/.venv/bin:$PATH"
include=$(bash tools/fetch-xsimd-latest.sh)
# -O1 with line tables: what the sanitizers' documentation advises, and about half the compile time of
# -O2 -g on the engine's template-heavy files.
[ -f build/sanitize/build.ninja ] ||
  CXX=clang++ CC=clang meson setup build/sanitize -Dfuzzing=enabled -Dtests=enabled -Dbenchmarks=disabled \
    -Doptimization=1 -Ddebug=false -Db_ndebug=false -Db_sanitize=address,undefined -Db_lundef=false \
    "-Dcpp_args=-fsanitize=fuzzer-no-link -g1 -I$include" >/dev/null
meson compile -C build/sanitize
