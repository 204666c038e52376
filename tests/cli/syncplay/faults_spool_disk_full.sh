#!/usr/bin/env bash
# Shows: when the spool's directory is full (a 64 KB tmpfs as $TMPDIR), playing an index-at-end MP4 from a pipe
# fails before playing with exit 1 and the one line "spooling input: No space left on device", the sync report
# holding its summary; with room (1 MB) the same pipe plays. Needs root and mount namespaces (unshare -m); exits 77
# (skipped) without them.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root for a private tmpfs"; exit 77; }
mkdir -p "$T/small"
unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs "$1"' sh "$T/small" 2> /dev/null ||
  { echo "skip: cannot mount a tmpfs in a private namespace"; exit 77; }
# A clip larger than the tmpfs: the whole 4 s one as MP4 (index at the end).
big=$T/clips/av4.mp4
mkdir -p "$T/clips"
ffmpeg -nostdin -v error -y -i "$FX/sync_av4.nut" -c copy -fflags +bitexact -map_metadata -1 "$big"
[ "$(stat -c %s "$big")" -gt 131072 ] || fail "the clip is too small to fill the tmpfs"
in_tmpfs() {  # SIZE FILE ARGS...: syncplay with $TMPDIR on a private tmpfs of SIZE, FILE on a pipe
  local size=$1 file=$2; shift 2
  st=0
  unshare -m sh -c 'mount -t tmpfs -o size="$1" tmpfs "$2" || exit 99; d=$2; shift 2; TMPDIR=$d exec timeout -s KILL 30 "$@"' \
    sh "$size" "$T/small" syncplay --no-display --sync-report "$T/r.jsonl" "$@" \
    < <(cat "$file") > /dev/null 2> "$T/err" || st=$?
}
in_tmpfs 64k "$big"
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "full spool directory: exit $st"; }
outcome=$(check_run "$st" "full spool directory" "$T/r.jsonl")
expect_error_line '^syncplay: error: spooling input: No space left on device$'
record_fault syncplay "spool directory full" "$outcome"
in_tmpfs 1m "$(clip av1.mp4)"
[ "$st" -eq 0 ] || { cat "$T/err" >&2; fail "a 1 MB tmpfs should hold the spool: exit $st"; }
check_report "$T/r.jsonl" "spool with room" | jq -e '.shown + .dropped >= 24' > /dev/null || fail "with room: $(tail -1 "$T/r.jsonl")"
ok "a full spool directory: exit 1 and a clear line"
