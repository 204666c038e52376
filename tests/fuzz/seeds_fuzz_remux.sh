#!/usr/bin/env bash
# Seeds for fuzz_remux: every representative fixture behind a few selector bytes (see fuzz_remux.cpp), so each file is
# remuxed from a pipe and from a file, into seekable and pipe sinks, through several muxers.
# Usage: seeds_fuzz_remux.sh FIXTURES_DIR OUT_DIR
set -euo pipefail
fixtures=${1:?usage: seeds_fuzz_remux.sh FIXTURES_DIR OUT_DIR}
out=${2:?usage: seeds_fuzz_remux.sh FIXTURES_DIR OUT_DIR}
mkdir -p "$out"
# c1: matroska, file -> file                    1e: mp4 to a pipe (fragmented), pipe in, --copyts, -map 0 -map -0:s
# e4: mov, file -> file, --copyts               3b: ogg (drops what it cannot hold), pipe, -map
# 13: mpegts, pipe -> pipe
selectors=(c1 1e e4 3b 13)
# and a last byte that picks the cut: none; output -ss 0.5; input -ss 0.5 -t 1; both -ss 0.3 and output -t 0.4; none
cuts=(00 15 96 4f 00)
# The representative fixtures (tests/fixtures/representative): the others only repeat their paths, slower.
for name in $(grep -v '^#' "$(dirname "$0")/../fixtures/representative"); do
  f=$fixtures/$name
  [ -s "$f" ] || { echo "seeds: $f missing" >&2; exit 1; }
  for i in "${!selectors[@]}"; do
    s=${selectors[$i]}
    { printf "\\x$s"; cat "$f"; printf "\\x${cuts[$i]}"; } > "$out/$s-$(basename "$f")"
  done
done
