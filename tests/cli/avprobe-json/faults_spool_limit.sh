#!/usr/bin/env bash
# Shows: an MP4 with its index at the end, on a pipe, needs the spool; past --spool-limit the probe fails with
# exit 1, the error object and the one line "spooling input: spool limit reached (raise --spool-limit)", and no
# temporary file is left behind. Within the limit it works; a bad limit is a usage error (2).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
mkdir -p "$T/tmp"
export TMPDIR=$T/tmp
for limit in 1 64k 150000; do
  st=0
  avprobe-json --spool-limit "$limit" < <(cat "$FX/mp4_end.mp4") > "$T/out" 2> "$T/err" || st=$?
  [ "$st" -eq 1 ] || fail "limit $limit: exit $st"
  outcome=$(check_run "$st" "spool limit $limit")
  grep -Eq '^avprobe-json: error: spooling input: spool limit reached \(raise --spool-limit\)$' "$T/err" ||
    fail "limit $limit: $(cat "$T/err")"
  jq -e '.error.string == "spool limit reached (raise --spool-limit)"' "$T/out" > /dev/null || fail "limit $limit: $(cat "$T/out")"
  record_fault avprobe-json "spool limit reached" "$outcome"
done
[ -z "$(ls -A "$T/tmp")" ] || fail "the spool left files behind: $(ls "$T/tmp")"
# Within the limit: the same streams as the file gives.
avprobe-json --spool-limit 1M < <(cat "$FX/mp4_end.mp4") > "$T/pipe.json" || fail "1M is enough for this file"
avprobe-json "$FX/mp4_end.mp4" > "$T/file.json"
json_diff --ignore format.filename --ignore format.size "$T/file.json" "$T/pipe.json" || fail "spooled probe differs"
for bad in 0 -5 12x ""; do
  expect_status 2 avprobe-json --spool-limit "$bad" "$FX/mp4_end.mp4"
done
ok "spool limit: exit 1 with a clear line; within it, the same probe"
