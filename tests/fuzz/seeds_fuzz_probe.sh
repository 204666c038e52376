#!/usr/bin/env bash
# Seeds for fuzz_probe: every representative fixture behind a few selector bytes (see fuzz_probe.cpp), so each file is
# probed as a pipe and as a file, with packets and frames, through every writer.
# Usage: seeds_fuzz_probe.sh FIXTURES_DIR OUT_DIR
set -euo pipefail
fixtures=${1:?usage: seeds_fuzz_probe.sh FIXTURES_DIR OUT_DIR}
out=${2:?usage: seeds_fuzz_probe.sh FIXTURES_DIR OUT_DIR}
mkdir -p "$out"
# 00: format/streams, pipe, json + default        2d: packets, file, compact json + compact
# 56: frames, file, typed json + csv              fb: packets+frames, pipe, ndjson + flat, sexagesimal, short reads
selectors=(00 2d 56 fb)
# The representative fixtures (tests/fixtures/representative): the others only repeat their paths, slower.
for name in $(grep -v '^#' "$(dirname "$0")/../fixtures/representative"); do
  f=$fixtures/$name
  [ -s "$f" ] || { echo "seeds: $f missing" >&2; exit 1; }
  for s in "${selectors[@]}"; do
    { printf "\\x$s"; cat "$f"; } > "$out/$s-$(basename "$f")"
  done
done
