#!/usr/bin/env bash
# Shows: an MP4 on a pipe is spooled so the demuxer can seek; past --spool-limit the run fails with exit 1 and one
# line "spooling input...: spool limit reached (raise --spool-limit)": at opening when the index is at the end,
# and in the middle when it is in front (then the frames read so far are written, a valid prefix of the whole
# run). No temporary file is left behind. Within the limit the frames are the file's; a bad limit is exit 2.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
mkdir -p "$T/tmp"
export TMPDIR=$T/tmp
args=(--vf scale=32:24 --af anull)
for name in mp4_end.mp4 mp4_front.mp4; do
  graphrun "${args[@]}" "$FX/$name" > "$T/full.nut"
  hashes "$T/full.nut" > "$T/full.hashes"
  for limit in 1 64k 150000; do
    st=0
    graphrun "${args[@]}" --spool-limit "$limit" < <(cat "$FX/$name") > "$T/out" 2> "$T/err" || st=$?
    [ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "$name, limit $limit: exit $st"; }
    outcome=$(check_gr "$st" "$name, spool limit $limit" "$T/full.hashes")
    grep -Eq "^graphrun: error: spooling input( 0 '-')?: spool limit reached \(raise --spool-limit\)$" "$T/err" ||
      fail "$name, limit $limit: $(cat "$T/err")"
    echo "$name, limit $limit: $outcome"
    record_fault graphrun "spool limit reached" "$outcome"
  done
  [ -z "$(ls -A "$T/tmp")" ] || fail "the spool left files behind: $(ls "$T/tmp")"
  # Within the limit: the same frames as from the file.
  graphrun "${args[@]}" --spool-limit 1M < <(cat "$FX/$name") > "$T/pipe.nut" || fail "$name: 1M is enough"
  hashes "$T/pipe.nut" | cmp -s - "$T/full.hashes" || fail "$name: spooled run differs from the file's"
done
# mp4_front fails in the middle (its index is read first): some frames came out before the limit.
grep -q . "$T/cut.hashes" || fail "mp4_front, limit 150000: no frames before the limit"
for bad in 0 -5 12x ""; do
  expect_status 2 graphrun --vf null --spool-limit "$bad" "$FX/mp4_end.mp4"
  expect_stderr '^graphrun: error: usage: '
done
ok "spool limit: exit 1 with a clear line and a valid prefix; within it, the file's frames"
