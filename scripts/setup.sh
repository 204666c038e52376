#!/usr/bin/env bash
# Installs what building and testing need on Debian 12, only what is missing. Safe to run again.
# Usage: scripts/setup.sh [all|build|tests]   (default all)
#   build: what compiling needs (the compilers, CMake, the libraries' headers); tests: the rest (the reference tools,
#   the sanitizers' compiler, the test helpers). scripts/test.sh installs the second part while the first build runs:
#   on a fresh machine the whole install took 99 s (ci88), half of it waiting on the network and dpkg, beside a
#   build that keeps both cores busy.
set -euo pipefail
part=${1:-all}
build_packages=(
  build-essential cmake ninja-build pkg-config
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev
  libsdl2-dev libass-dev libcli11-dev nlohmann-json3-dev doctest-dev
)
test_packages=(
  fonts-dejavu-core clang libclang-rt-14-dev valgrind
  ffmpeg groff-base xvfb xauth x11-apps x11-utils imagemagick hyperfine time jq bc strace xdotool
  python3 python3-jsonschema
  dpkg-dev file lintian bash-completion zsh parallel
)
case $part in
  all) packages=("${build_packages[@]}" "${test_packages[@]}") ;;
  build) packages=("${build_packages[@]}") ;;
  tests) packages=("${test_packages[@]}") ;;
  *) echo "usage: scripts/setup.sh [all|build|tests]" >&2; exit 2 ;;
esac
# node and npm only when missing (a nodesource nodejs already bundles npm, and conflicts with Debian's npm).
if [ "$part" != build ]; then
  command -v node > /dev/null || packages+=(nodejs)
  command -v npm > /dev/null || packages+=(npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
root=$(cd "$(dirname "$0")/.." && pwd)
# Real ffprobe consumers from npm for avprobe-json's consumer test (pinned versions; kept in build/).
node_consumers() {
  local dir=$root/build/node_consumers
  [ -d "$dir/node_modules/node-ffprobe" ] && [ -d "$dir/node_modules/fluent-ffmpeg" ] && return 0
  mkdir -p "$dir"
  (cd "$dir" && npm install --no-save --silent --no-audit --no-fund node-ffprobe@3.0.0 fluent-ffmpeg@2.1.3 >/dev/null) ||
    echo "setup: could not install node-ffprobe/fluent-ffmpeg; the consumer test will be skipped" >&2
}
consumers() { [ "$part" = build ] || node_consumers; }
if [ ${#missing[@]} -eq 0 ]; then consumers; exit 0; fi
echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# New package lists unless there are some less than an hour old (the second part, right after the first, needs
# none; an image may ship without lists, or with its lists removed).
fresh_lists=$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 -print -quit 2> /dev/null || true)
[ -n "$fresh_lists" ] || $sudo apt-get update -qq
# dpkg without an fsync per file (--force-unsafe-io): what a power cut would lose is a half-installed package, which
# this script installs again; it shortens the install on a fresh machine.
$sudo apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-unsafe-io "${missing[@]}" >/dev/null
consumers
