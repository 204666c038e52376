#!/usr/bin/env bash
# Shows: an MP4 with its index at the end on a pipe is spooled up to --spool-limit: past it syncplay stops before
# playing with exit 1 and the one line "spooling input: spool limit reached (raise --spool-limit)", the sync report
# holding its summary; with a limit large enough the same pipe plays to the end (exit 0: every frame shown or,
# on a loaded machine, dropped late). A bad limit is a usage
# error (2).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
f=$(clip av1.mp4)
size=$(stat -c %s "$f")
play --spool-limit $((size / 4)) < <(cat "$f")
[ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "spool limit: exit $st"; }
outcome=$(check_run "$st" "spool limit" "$T/r.jsonl")
expect_error_line '^syncplay: error: spooling input: spool limit reached \(raise --spool-limit\)$'
record_fault syncplay "spool limit reached" "$outcome"
play --spool-limit 1M < <(cat "$f")
[ "$st" -eq 0 ] || { cat "$T/err" >&2; fail "a 1M spool limit: exit $st"; }
summary=$(check_report "$T/r.jsonl" "spool within its limit")
echo "$summary" | jq -e '.shown + .dropped >= 24' > /dev/null || fail "within the limit: $summary"
for bad in 0 -5 12x abc; do expect_status 2 syncplay --no-display --spool-limit "$bad" "$f"; done
expect_stderr '^syncplay: error: usage: '
ok "--spool-limit: exit 1 and a clear line past it, whole playback within it"
