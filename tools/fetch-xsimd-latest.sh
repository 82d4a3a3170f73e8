#!/usr/bin/env bash
# Fetches a current xsimd (Debian 13's libxsimd-dev, downloaded with apt from Debian's archive into
# build/xsimd-latest, not installed) and prints its include directory. The default build uses Debian 12's
# xsimd 8.1; the sanitized build (tools/build-sanitized.sh) uses this one, so the kernels are checked
# against both: they must not depend on one version's quirks.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD/build/xsimd-latest
if [ ! -d "$root/usr/include/xsimd" ]; then
  mkdir -p "$root/lists/partial" "$root/debs"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
    >"$root/sources.list"
  apt_options=(-o "Dir::Etc::SourceList=$root/sources.list" -o Dir::Etc::SourceParts=/dev/null
               -o "Dir::State::Lists=$root/lists" -o APT::Sandbox::User=root)
  apt-get "${apt_options[@]}" update -qq >&2
  (cd "$root/debs" && apt-get "${apt_options[@]}" download -qq libxsimd-dev >&2)
  dpkg -x "$root"/debs/libxsimd-dev_*.deb "$root"
fi
include=$root/usr/include
echo "#include <xsimd/xsimd.hpp>
static_assert(XSIMD_VERSION_MAJOR >= 13, \"not the current xsimd\");" | g++ -std=c++20 -I"$include" -fsyntax-only -x c++ -
echo "xsimd $(sed -n 's/#define XSIMD_VERSION_\(MAJOR\|MINOR\|PATCH\) //p' "$include/xsimd/config/xsimd_config.hpp" | paste -sd.) in $include" >&2
echo "$include"
