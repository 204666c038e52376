#!/usr/bin/env bash
# Shows: --drain reads stdin to its end after probing it, so that the writer of the pipe ends normally and a
# `set -o pipefail` pipeline succeeds; without it the writer may die of SIGPIPE (status 141), as with ffprobe. The
# output is what it is without --drain, ffprobe's for that pipe, byte for byte.
source "$(dirname "$0")/../lib.sh"
# About 23 MB of MPEG-TS (the fixture's packets over and over): far more than a probe reads and a pipe holds.
for _ in $(seq 1 100); do cat "$FX/ts_single.ts"; done > "$T/big.ts"
set -o pipefail
st=0
cat "$T/big.ts" | avprobe-json --drain -v quiet -of json -show_format -show_streams - > "$T/drained.json" || st=$?
[ "$st" -eq 0 ] || fail "cat | avprobe-json --drain: pipeline status $st, expected 0"
# Without --drain the writer is cut off, as ffprobe cuts it off.
st=0
cat "$T/big.ts" | avprobe-json -v quiet -of json -show_format -show_streams - > "$T/plain.json" || st=$?
[ "$st" -eq 141 ] || fail "cat | avprobe-json without --drain: status $st, expected 141 (cat killed by SIGPIPE)"
st=0
cat "$T/big.ts" | command ffprobe -v quiet -of json -show_format -show_streams - > "$T/ref.json" || st=$?
[ "$st" -eq 141 ] || fail "ffprobe on the pipe: status $st (the reference should cut cat off too)"
set +o pipefail
cmp -s "$T/plain.json" "$T/drained.json" || fail "--drain changes the output"
cmp -s "$T/ref.json" "$T/drained.json" || { diff "$T/ref.json" "$T/drained.json" | head >&2; fail "--drain output differs from ffprobe's on the pipe"; }
# Several inputs, stdin among them, with -j: drained at the end too.
set -o pipefail
st=0
cat "$T/big.ts" | avprobe-json --drain -j 2 "$FX/audio.flac" - "$FX/audio.mp3" > "$T/lines" || st=$?
set +o pipefail
[ "$st" -eq 0 ] || fail "several inputs with --drain: pipeline status $st"
[ "$(grep -c '' "$T/lines")" -eq 3 ] || fail "several inputs with --drain: not 3 lines"
# A regular file on stdin needs no draining; a pipe that stalls is bounded by --timeout.
expect_status 0 avprobe-json --drain < "$FX/audio.flac"
{ cat "$FX/ts_single.ts"; sleep 3; } | { expect_status 1 avprobe-json --drain --timeout 500 -; }
grep -q "draining stdin: read timed out" "$T/err" || { cat "$T/err" >&2; fail "a stalled drain is not reported"; }
# --drain without stdin among the inputs is a usage error.
expect_status 2 avprobe-json --drain "$FX/audio.flac"
expect_stderr '--drain reads stdin to its end'
ok "--drain: the writer upstream ends normally, the output is unchanged"
