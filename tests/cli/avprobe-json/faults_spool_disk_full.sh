#!/usr/bin/env bash
# Shows: when the spool's directory is full (a 64 KB tmpfs as $TMPDIR), probing an index-at-end MP4 from a pipe
# fails with exit 1, the error object and the one line "spooling input: No space left on device".
# Needs root and mount namespaces (unshare -m); exits 77 (skipped) without them.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root for a private tmpfs"; exit 77; }
mkdir -p "$T/small"
unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1"' sh "$T/small" 2> /dev/null ||
  { echo "skip: cannot mount a tmpfs in a private namespace"; exit 77; }
st=0
unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && TMPDIR=$1 exec avprobe-json --show-packets' sh "$T/small" \
  < <(cat "$FX/mp4_end.mp4") > "$T/out" 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "full spool directory: exit $st"; }
outcome=$(check_run "$st" "full spool directory")
grep -Eq '^avprobe-json: error: spooling input: No space left on device$' "$T/err" || fail "$(cat "$T/err")"
jq -e '.error.code == -28' "$T/out" > /dev/null || fail "error object: $(cat "$T/out")"
record_fault avprobe-json "spool directory full" "$outcome"
# The same with room enough: it works (the tmpfs is the only difference).
unshare -m sh -c 'mount -t tmpfs -o size=1m tmpfs "$1" && TMPDIR=$1 exec avprobe-json' sh "$T/small" \
  < <(cat "$FX/mp4_end.mp4") > "$T/out" || fail "a 1 MB tmpfs should hold the spool"
jq -e '.streams | length == 2' "$T/out" > /dev/null || fail "with room: $(cat "$T/out")"
ok "a full spool directory: exit 1 and a clear line"
