#!/usr/bin/env bash
# Builds the packages to ship: a Release build with Debian's hardening flags (dpkg-buildflags, debug information left
# out: the binaries are stripped), then cpack -G DEB and TGZ, then lintian on the .deb.
# Usage: scripts/package.sh [--test] [BUILD_DIR]   (default build/package; the packages land in BUILD_DIR/packages)
#   --test  also installs the .deb with dpkg -i, runs the tools from /usr/bin and removes it (tests/packaging/deb.sh;
#           needs root or sudo)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
test_it=0
if [ "${1:-}" = --test ]; then
  test_it=1
  shift
fi
dir=$(realpath -m "${1:-$root/build/package}")
cd "$root"  # dpkg-buildflags maps this directory out of the binaries (-ffile-prefix-map)
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
flags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
flags=$(sed -E 's/(^| )-g( |$)/ /g' <<< "$flags")
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DMT_BUILD_TESTS=OFF -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" > /dev/null
cmake --build "$dir" -j "$(nproc)"
rm -rf "$dir/packages"
(cd "$dir" && cpack -G "DEB;TGZ" -B "$dir/packages" > "$dir/cpack.log") || { cat "$dir/cpack.log" >&2; exit 1; }
ls -l "$dir"/packages/*.deb "$dir"/packages/*.tar.gz
lintian "$dir"/packages/*.deb 2>&1 | grep -v 'running with root privileges' || true
if [ "$test_it" = 1 ]; then
  MT_BUILD=$dir MT_BIN=$dir/bin MT_SOURCE=$root MT_FIXTURES=$dir MT_TMP=$dir/tmp bash "$root/tests/packaging/deb.sh"
fi
