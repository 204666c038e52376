#!/usr/bin/env bash
# Shows: --spool-limit bounds the spool of an MP4 on a pipe: reached before the index (index at the end), it is
# exit 1 with one line naming the option and nothing written; reached in the middle of the copy (index at the
# front), exit 1 with that line and a finished output holding the packets before the limit. No spool file is
# left behind; a limit the input fits in works; a bad limit is a usage error.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
mkdir "$T/spool"
export TMPDIR=$T/spool
for limit in 1 64K 150000; do
  st=0
  memremux --spool-limit "$limit" -f matroska < <(cat "$FX/mp4_end.mp4") > "$T/out" 2> "$T/err" || st=$?
  [ "$st" -eq 1 ] || fail "index at the end, limit $limit: exit $st"
  check_stderr "$st" "index at the end, limit $limit"
  expect_stderr '^memremux: error: spooling input: spool limit reached \(raise --spool-limit\)'
  outcome=$(check_output "$st" "index at the end, limit $limit")
  [ ! -s "$T/out" ] || fail "index at the end, limit $limit: something was written"
  record_fault memremux "spool limit reached" "$outcome"
done
# In the middle: the packets before the limit, as in the whole input's remux.
memremux -f nut "$FX/mp4_front.mp4" > "$T/full.nut"
pkt_json "$T/full.nut" > "$T/full.json"
for limit in 64K 100K 150K; do
  st=0
  memremux --spool-limit "$limit" -f nut < <(cat "$FX/mp4_front.mp4") > "$T/out" 2> "$T/err" || st=$?
  [ "$st" -eq 1 ] || fail "index at the front, limit $limit: exit $st"
  check_stderr "$st" "index at the front, limit $limit"
  expect_stderr '^memremux: error: spooling input: spool limit reached \(raise --spool-limit\); the output holds what could be copied$'
  outcome=$(check_output "$st" "index at the front, limit $limit" "$T/full.json")
  n=$(jq '.packets | length' "$T/out.json")
  [ "$n" -gt 0 ] && [ "$n" -lt "$(jq '.packets | length' "$T/full.json")" ] || fail "limit $limit: $n packets"
  record_fault memremux "spool limit reached" "$outcome"
done
[ -z "$(ls -A "$T/spool")" ] || fail "spool left behind: $(ls -A "$T/spool")"
# a limit the input fits in is fine
cat "$FX/mp4_end.mp4" | memremux --spool-limit 1M -f matroska > "$T/ok.mkv"
[ -s "$T/ok.mkv" ] || fail "no output within the limit"
expect_status 2 memremux --spool-limit lots -f nut "$FX/mp4_end.mp4"
expect_stderr "^memremux: error: usage: --spool-limit: not a size: 'lots'"
ok "spool limit enforced, with a clear line and a valid output up to it"
