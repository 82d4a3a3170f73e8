#!/usr/bin/env bash
# Sets up (tools/setup.sh) and runs the main job: the classic problem, concatenating 0..n-1, with the
# pure-Python ways and with simdigits on every backend, times side by side. Extra arguments go to
# `simdigits bench` (e.g. --quick).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
exec .venv/bin/python -m simdigits bench "$@"
