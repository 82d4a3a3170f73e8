#!/usr/bin/env bash
# Installs everything simdigits needs on a fresh Debian 12 machine (run as root, or with sudo at hand):
# the compiler and C++ libraries from Debian, a virtual environment in .venv with simdigits and its
# test packages from PyPI (SIMDIGITS_EXTRAS=test,bench adds the benchmark peers). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/apt-install.sh g++ pkg-config libxsimd-dev libgtest-dev libgmock-dev libbenchmark-dev

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q meson ninja
.venv/bin/python -m pip install -q ".[${SIMDIGITS_EXTRAS:-test}]"
echo "setup: ok ($(.venv/bin/python -c 'import simdigits; print("simdigits", simdigits.__version__, "backends:", ", ".join(simdigits.backends()))'))"
