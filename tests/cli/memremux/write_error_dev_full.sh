# Shows: a write error (-o /dev/full, or stdout on /dev/full) is reported in one line with its reason and status 1.
source "$(dirname "$0")/../lib.sh"
[ -c /dev/full ] && [ -w /dev/full ] || { echo "SKIP: /dev/full is not the full device here"; exit 77; }
expect_status 1 memremux "$FX/mkv_multi.mkv" -o /dev/full -f matroska
expect_stderr '^memremux: error: writing output /dev/full: No space left on device$'
expect_status 1 sh -c "memremux -f nut < '$FX/mp4_front.mp4' > /dev/full"
expect_stderr '^memremux: error: writing output: No space left on device$'
ok "write errors reported"
