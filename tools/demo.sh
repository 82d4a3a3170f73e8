#!/usr/bin/env bash
# Sets up (tools/setup.sh) and runs the main job: the classic problem, concatenating 0..n-1, with the
# pure-Python ways and with simdigits on every backend, times side by side. Extra arguments go to
# `simdigits bench` (e.g. --quick, --seq, --plot bench/results/classic.png).
set -euo pipefail
cd "$(dirname "$0")/.."
SIMDIGITS_EXTRAS=test,bench bash tools/setup.sh  # bench: the peers (orjson, pyarrow), matplotlib for --plot
exec .venv/bin/python -m simdigits bench "$@"
