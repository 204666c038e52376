# --vf setpts=2*PTS plays the first second of a video at half speed: the report's pts are twice ffprobe's frame
# times and the player's clock shows them over about two seconds.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/sync_sar.nut"
timeout "$HANG_SECONDS" syncplay --autoexit --t 0.98 --vf 'setpts=2*PTS' --sync-report "$T/r.jsonl" "$clip" 2>"$T/err" \
  || fail "exit $?: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
ffprobe -v error -select_streams v -show_entries frame=pts_time -of csv=p=0 "$clip" |
  awk -F, '$1 != "" && $1 < 0.99 {printf "%.3f\n", 2 * $1}' >"$T/want"
jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$T/r.jsonl" | awk '{printf "%.3f\n", $1}' >"$T/got"
diff "$T/want" "$T/got" >"$T/pts.diff" || fail "pts are not twice the stream's: $(head -5 "$T/pts.diff")"
span=$(video_span "$T/r.jsonl")
within "$span" 1.82 2.0 || fail "$(wc -l <"$T/want") frames shown over $span s on the player's clock (1.92 s wanted)"
tail -1 "$T/r.jsonl" | jq -e '.summary | .shown == 25 and .dropped == 0' >/dev/null || fail "$(tail -1 "$T/r.jsonl")"
ok "25 frames at twice their times, shown over $span s"
