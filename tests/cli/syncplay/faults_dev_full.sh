#!/usr/bin/env bash
# Shows: a sync report that cannot be written (/dev/full) is an error: playback ends with exit 1 and the one line
# "syncplay: error: writing sync report: /dev/full: No space left on device"; a report that cannot be opened stops
# before playing, with exit 1 and one line.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
f=$(clip av1.nut)
st=0
timeout -s KILL 30 syncplay --no-display --sync-report /dev/full "$f" > /dev/null 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "/dev/full: exit $st"; }
stderr_is_clean || fail "/dev/full: crash text: $(cat "$T/err")"
expect_stderr '^syncplay: error: writing sync report: /dev/full: No space left on device$'
record_fault syncplay "sync report on /dev/full" "exit 1, one error line"
st=0
# The disk audio driver records what reached the device: nothing may, when the report cannot be opened.
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$T/a.raw" timeout -s KILL 30 \
  syncplay --no-display --sync-report "$T/no/such/dir/r.jsonl" "$f" > /dev/null 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || fail "unopenable report: exit $st"
[ ! -s "$T/a.raw" ] || fail "unopenable report: played $(stat -c %s "$T/a.raw") bytes of sound before failing"
expect_stderr '^syncplay: error: opening sync report: .*No such file or directory$'
record_fault syncplay "sync report in a missing directory" "exit 1, one error line"
ok "report write errors: exit 1, one line"
