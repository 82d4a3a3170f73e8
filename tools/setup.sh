#!/usr/bin/env bash
# Installs everything simdigits needs on a fresh Debian 12 machine (run as root, or with sudo at hand):
# the compiler and C++ libraries from Debian, a virtual environment in .venv with simdigits and its
# test packages from PyPI (SIMDIGITS_EXTRAS=test,bench adds the benchmark peers). Safe to run again:
# when .venv already holds the package built from these very sources with these extras (or more), it
# does nothing (the stamp is a hash of every file the build reads, and the extras installed).
# SIMDIGITS_SETUP_CHECK=1 only says whether it would install.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=${SIMDIGITS_EXTRAS:-test}
stamp_file=.venv/simdigits-setup.stamp
# Tracked and untracked-but-not-ignored files of the build; outside a git checkout, no stamp.
stamp=$({ git ls-files -co --exclude-standard -z -- pyproject.toml meson.build \
  meson_options.txt python src include | sort -z | xargs -0 sha256sum; } 2>/dev/null | sha256sum | cut -d' ' -f1) || stamp=""
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || stamp=""
up_to_date=false
if [ -n "$stamp" ] && [ -x .venv/bin/python ] && [ "$(head -n1 "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
  up_to_date=true
  for extra in ${extras//,/ }; do
    grep -qx "$extra" <(tail -n +2 "$stamp_file") || up_to_date=false
  done
fi

if [ "${SIMDIGITS_SETUP_CHECK:-0}" = 1 ]; then
  $up_to_date && echo "setup: up to date" || echo "setup: would install"
  exit 0
fi

bash tools/apt-install.sh g++ pkg-config libxsimd-dev libgtest-dev libgmock-dev libbenchmark-dev

if $up_to_date; then
  echo "setup: up to date (simdigits $(.venv/bin/python -c 'import simdigits; print(simdigits.__version__)'), extras $extras)"
  exit 0
fi
python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
rm -f "$stamp_file"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q meson ninja
.venv/bin/python -m pip install -q ".[$extras]"
[ -z "$stamp" ] || { echo "$stamp"; tr , '\n' <<<"$extras"; } >"$stamp_file"
echo "setup: ok ($(.venv/bin/python -c 'import simdigits; print("simdigits", simdigits.__version__, "backends:", ", ".join(simdigits.backends()))'))"
