#!/usr/bin/env bash
# Shows: writing to a full device (/dev/full) is exit 1 with the one line
# "avprobe-json: error: writing output: No space left on device", for a small document and a streamed one.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
[ -w /dev/full ] || { echo "skip: no /dev/full"; exit 77; }
for args in "" "--show-packets" "--show-packets --ndjson" "--print-format default --show-frames"; do
  st=0
  avprobe-json $args "$FX/mkv_multi.mkv" > /dev/full 2> "$T/err" || st=$?
  [ "$st" -eq 1 ] || fail "/dev/full ($args): exit $st"
  expect_stderr '^avprobe-json: error: writing output: No space left on device$'
  stderr_is_clean || fail "/dev/full: crash text"
  record_fault avprobe-json "stdout on /dev/full" "exit 1, one error line"
done
# Several inputs: the first write failure stops the run (no line per input).
st=0
avprobe-json "$FX/mkv_multi.mkv" "$FX/audio.flac" "$FX/ts_single.ts" > /dev/full 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || fail "/dev/full, three inputs: exit $st"
expect_stderr '^avprobe-json: error: writing output: No space left on device$'
record_fault avprobe-json "stdout on /dev/full" "exit 1, one error line"
ok "/dev/full: exit 1 and one line"
