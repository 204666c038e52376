# The picture changes size midway (320x240, then 160x120): the --vf chain is drained and rebuilt for the new size
# (libavfilter's "changing frame properties on the fly" warning never appears), every frame is shown once with its
# stream time; a chain that fits the first size but not the second stops there with one error line, status 1.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/sync_sizechange.nut"
syncplay --autoexit -v info --vf 'scale=iw/2:ih/2' --sync-report "$T/r.jsonl" "$clip" 2>"$T/err" || fail "exit $?: $(cat "$T/err")"
! grep -qi 'on the fly' "$T/err" || fail "frames of the new size went into the old graph: $(cat "$T/err")"
[ "$(grep -c 'video frames changed to 160x120 yuv420p: filter chain rebuilt' "$T/err")" -eq 1 ] \
  || fail "expected one rebuild: $(cat "$T/err")"
ffprobe -v error -select_streams v -show_entries frame=pts_time -of csv=p=0 "$clip" | awk -F, '$1 != "" {printf "%.3f\n", $1}' >"$T/want"
jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$T/r.jsonl" | awk '{printf "%.3f\n", $1}' >"$T/got"
diff "$T/want" "$T/got" >"$T/pts.diff" || fail "frames differ from the stream's: $(head -5 "$T/pts.diff")"
ok "$(wc -l <"$T/got") frames through a chain rebuilt once for the new size"
expect_status 1 syncplay --autoexit --vf crop=200:200 --sync-report "$T/c.jsonl" "$clip"
expect_stderr '^syncplay: error: --vf: .*the frames changed midway'
tail -1 "$T/c.jsonl" | jq -e '.summary.shown + .summary.dropped == 25' >/dev/null || fail "before the change: $(tail -1 "$T/c.jsonl")"
ok "a chain that cannot take the new size: $(cat "$T/err")"
