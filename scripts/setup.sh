#!/usr/bin/env bash
# Installs what building and testing need on Debian 12, only what is missing. Safe to run again.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev
  libsdl2-dev libass-dev fonts-dejavu-core libcli11-dev nlohmann-json3-dev doctest-dev
  clang libclang-rt-14-dev valgrind
  ffmpeg groff-base xvfb xauth x11-apps x11-utils imagemagick hyperfine time jq bc strace xdotool
  python3 python3-jsonschema
  dpkg-dev file lintian bash-completion zsh parallel
)
# node and npm only when missing (a nodesource nodejs already bundles npm, and conflicts with Debian's npm).
command -v node > /dev/null || packages+=(nodejs)
command -v npm > /dev/null || packages+=(npm)
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
if [ ${#missing[@]} -eq 0 ]; then node_consumers; exit 0; fi
echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
node_consumers
