#!/usr/bin/env bash
# Builds the C++ library and GoogleTest suite against a current xsimd (Debian 13's libxsimd-dev, fetched
# with apt from Debian's archive into build/, not installed) and runs the suite: the kernels must not
# depend on one xsimd version's quirks. The default build uses Debian 12's xsimd 8.1.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/meson ] && export PATH="$PWD/.venv/bin:$PATH"

root=$PWD/build/xsimd-latest
if [ ! -d "$root/usr/include/xsimd" ]; then
  mkdir -p "$root/lists/partial" "$root/debs"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
    >"$root/sources.list"
  apt_options=(-o "Dir::Etc::SourceList=$root/sources.list" -o Dir::Etc::SourceParts=/dev/null
               -o "Dir::State::Lists=$root/lists" -o APT::Sandbox::User=root)
  apt-get "${apt_options[@]}" update -qq
  (cd "$root/debs" && apt-get "${apt_options[@]}" download -qq libxsimd-dev)
  dpkg -x "$root"/debs/libxsimd-dev_*.deb "$root"
fi
include=$root/usr/include
echo "#include <xsimd/xsimd.hpp>
static_assert(XSIMD_VERSION_MAJOR >= 13, \"not the current xsimd\");" | g++ -std=c++20 -I"$include" -fsyntax-only -x c++ -
echo "test-xsimd-latest: xsimd $(sed -n 's/#define XSIMD_VERSION_\(MAJOR\|MINOR\|PATCH\) //p' "$include/xsimd/config/xsimd_config.hpp" | paste -sd.)"

# -O1: what this build checks is the newer headers (the code compiles against them and the suite
# passes); the optimized build is the native run's, and -O1 compiles in about half the time.
[ -f build/xsimd-latest/build/build.ninja ] ||
  meson setup build/xsimd-latest/build -Doptimization=1 -Dtests=enabled -Dbenchmarks=disabled -Db_ndebug=false \
    "-Dcpp_args=-I$include" >/dev/null
meson compile -C build/xsimd-latest/build
SIMDIGITS_TEST_LIGHT=1 meson test -C build/xsimd-latest/build --print-errorlogs  # (every case; the native run checked the full sizes)
grep -hE "^\[  (PASSED|FAILED)  \]|tests? from .* ran" build/xsimd-latest/build/meson-logs/testlog.txt || true
