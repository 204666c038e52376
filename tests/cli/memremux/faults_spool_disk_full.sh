#!/usr/bin/env bash
# Shows: when the spool's directory is full (a 64 KB tmpfs as $TMPDIR), an MP4 on a pipe fails with exit 1 and the
# one line "spooling input: No space left on device": before the index (index at the end) with nothing written,
# in the middle of the copy (index at the front) with a finished output holding the packets that fitted.
# Needs root and mount namespaces (unshare -m); exits 77 (skipped) without them.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root for a private tmpfs"; exit 77; }
mkdir -p "$T/small"
unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1"' sh "$T/small" 2> /dev/null ||
  { echo "skip: cannot mount a tmpfs in a private namespace"; exit 77; }
# in_small_tmpfs SIZE ARGS...: memremux ARGS with $TMPDIR on a private tmpfs of SIZE; stdin is the caller's.
in_small_tmpfs() {
  local size=$1; shift
  unshare -m sh -c 'mount -t tmpfs -o size="$1" tmpfs "$2" && export TMPDIR="$2" && shift 2 && exec memremux "$@"' \
    sh "$size" "$T/small" "$@"
}
st=0
in_small_tmpfs 64k -f nut < <(cat "$FX/mp4_end.mp4") > "$T/out" 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "full spool directory, index at the end: exit $st"; }
check_stderr "$st" "full spool directory, index at the end"
expect_stderr '^memremux: error: spooling input: No space left on device$'
outcome=$(check_output "$st" "full spool directory, index at the end")
record_fault memremux "spool directory full" "$outcome"

memremux -f nut "$FX/mp4_front.mp4" > "$T/full.nut"
pkt_json "$T/full.nut" > "$T/full.json"
st=0
in_small_tmpfs 64k -f nut < <(cat "$FX/mp4_front.mp4") > "$T/out" 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "full spool directory, index at the front: exit $st"; }
check_stderr "$st" "full spool directory, index at the front"
expect_stderr '^memremux: error: spooling input: No space left on device; the output holds what could be copied$'
outcome=$(check_output "$st" "full spool directory, index at the front" "$T/full.json")
[ "$(jq '.packets | length' "$T/out.json")" -gt 0 ] || fail "index at the front: no packets before the disk filled"
record_fault memremux "spool directory full" "$outcome"

# The same with room enough: it works (the tmpfs is the only difference).
in_small_tmpfs 1m -f nut < <(cat "$FX/mp4_end.mp4") > "$T/out" || fail "a 1 MB tmpfs should hold the spool"
[ "$(pkt_json "$T/out" | jq '.packets | length')" -gt 0 ] || fail "with room: no packets"
ok "a full spool directory: exit 1, a clear line, and the output valid up to it"
