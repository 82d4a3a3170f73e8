#!/usr/bin/env bash
# Builds and runs the C++ benchmark (every backend this CPU has, std::to_chars, snprintf, and {fmt}'s
# format_int when libfmt-dev is installed, which this script does), then writes bench/results/cpp.json
# and the Markdown tables bench/results/cpp.md; then the table benchmark (CSV of 1,000,000 x 10 int64)
# into bench/results/table.{json,md}. Extra arguments go to Google Benchmark, e.g.
#   bash tools/bench-cpp.sh --benchmark_filter=u32
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/apt-install.sh libfmt-dev
export PATH="$PWD/.venv/bin:$PATH"
[ -f build/bench/build.ninja ] || meson setup build/bench -Dbenchmarks=enabled -Dtests=disabled >/dev/null
meson compile -C build/bench
python bench/report.py build/bench/bench/simdigits_bench -- --benchmark_min_time=0.2 "$@"
python bench/report.py --table build/bench/bench/simdigits_bench_table -- --benchmark_min_time=0.2 "$@"
