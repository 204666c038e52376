#!/usr/bin/env bash
# Shows: writing to a full device (-o /dev/full, or stdout on /dev/full) is reported at once in one line with its
# reason and status 1, whatever the container and whether the input is a file or a pipe.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
[ -c /dev/full ] && [ -w /dev/full ] || { echo "SKIP: /dev/full is not the full device here"; exit 77; }
expect_status 1 memremux "$FX/mkv_multi.mkv" -o /dev/full -f matroska
expect_stderr '^memremux: error: writing output /dev/full: No space left on device$'
record_fault memremux "stdout on /dev/full" "exit 1, one error line"
for fmt in nut mp4 mpegts matroska; do
  for in in mp4_front.mp4 ts_single.ts; do
    expect_status 1 sh -c "memremux -f $fmt < '$FX/$in' > /dev/full"
    expect_stderr '^memremux: error: writing output: No space left on device$'
    check_stderr 1 "/dev/full, $in -> $fmt"
    expect_status 1 sh -c "cat '$FX/$in' | memremux -f $fmt > /dev/full"
    expect_stderr '^memremux: error: writing output: No space left on device$'
    record_fault memremux "stdout on /dev/full" "exit 1, one error line"
  done
done
ok "write errors reported in one line"
