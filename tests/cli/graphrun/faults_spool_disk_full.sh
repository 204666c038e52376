#!/usr/bin/env bash
# Shows: when the spool's directory is full (a 64 KB tmpfs as $TMPDIR), running a graph over an index-at-end MP4
# from a pipe fails with exit 1, nothing written, and the one line "spooling input: No space left on device";
# with room enough (1 MB) the same run works. Needs root and mount namespaces (unshare -m); exit 77 without them.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root for a private tmpfs"; exit 77; }
mkdir -p "$T/small"
unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1"' sh "$T/small" 2> /dev/null ||
  { echo "skip: cannot mount a tmpfs in a private namespace"; exit 77; }
st=0
unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && TMPDIR=$1 exec graphrun --vf scale=32:24 --af anull' \
  sh "$T/small" < <(cat "$FX/mp4_end.mp4") > "$T/out" 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "full spool directory: exit $st"; }
expect_error_line '^graphrun: error: spooling input: No space left on device$'
[ ! -s "$T/out" ] || fail "full spool directory: wrote $(stat -c %s "$T/out") bytes"
record_fault graphrun "spool directory full" "exit 1, one error line, nothing written"
# The same with room enough: the file's frames (the tmpfs is the only difference).
graphrun --vf scale=32:24 --af anull "$FX/mp4_end.mp4" > "$T/full.nut"
unshare -m sh -c 'mount -t tmpfs -o size=1m tmpfs "$1" && TMPDIR=$1 exec graphrun --vf scale=32:24 --af anull' \
  sh "$T/small" < <(cat "$FX/mp4_end.mp4") > "$T/pipe.nut" || fail "a 1 MB tmpfs should hold the spool"
cmp -s <(hashes "$T/pipe.nut") <(hashes "$T/full.nut") || fail "with room: frames differ from the file's"
ok "a full spool directory: exit 1 and a clear line"
