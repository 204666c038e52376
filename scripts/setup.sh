#!/usr/bin/env bash
# Installs what building and testing need on Debian 12, only what is missing. Safe to run again.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev
  libsdl2-dev libcli11-dev nlohmann-json3-dev doctest-dev
  ffmpeg groff-base xvfb xauth x11-apps imagemagick xdotool hyperfine time jq
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
