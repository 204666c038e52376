#!/usr/bin/env bash
# Seeds for fuzz_sync: for each part of the target (the first byte, see fuzz_sync.cpp), a few kilobytes of each
# fixture as the operations and their operands (media bytes are as good as any to start from; the fuzzer does the
# rest). Small on purpose: the target reads at most 4 KB.
# Usage: seeds_fuzz_sync.sh FIXTURES_DIR OUT_DIR
set -euo pipefail
fixtures=${1:?usage: seeds_fuzz_sync.sh FIXTURES_DIR OUT_DIR}
out=${2:?usage: seeds_fuzz_sync.sh FIXTURES_DIR OUT_DIR}
mkdir -p "$out"
for f in "$fixtures"/sync_av4.nut "$fixtures"/mp4_end.mp4 "$fixtures"/audio.wav "$fixtures"/ts_single.ts; do
  [ -s "$f" ] || continue
  for part in 00 01 02 03 04 05 06; do
    { printf "\\x$part"; head -c 3500 "$f" | tail -c 1500; } > "$out/$part-$(basename "$f")"
  done
done
