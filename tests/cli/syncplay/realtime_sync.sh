# A 10 s A/V clip played in real time from a pipe with SDL's dummy drivers: every frame shown once, in order,
# A-V p95 within one frame (40 ms), the report's lines in the documented format and its summary consistent.
# SDL's dummy audio driver sleeps whole milliseconds per buffer, so its clock drifts about 1 % from the system
# clock; video following it falls a frame behind about once in 10 s and catches up by dropping late frames (at
# most 2 allowed; a player that does not follow the audio would drift 100 ms and fail the p95).
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
play() { cat "$FX/sync_av10.nut" | timeout "$HANG_SECONDS" syncplay --autoexit --sync-report "$T/r.jsonl" 2>"$T/err"; }
fed_run "$T/r.jsonl" play || fail "exit $?: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
# Real time on the player's own clock: pictures and sound not faster than the media, and not much slower.
pace=$(video_pace "$T/r.jsonl")
within "$pace" 0.97 1.03 || fail "frames shown at $pace s per media second"
apace=$(audio_pace "$T/r.jsonl")
within "$apace" 0.97 1.03 || fail "the audio device received $apace s of sound per second"
ok "real time: video $pace, audio $apace s per second"

frames=$(ffprobe -v error -select_streams v -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$FX/sync_av10.nut")
r="$T/r.jsonl"
[ "$(grep -Ec '"action":"(shown|dropped)"' "$r")" -eq "$frames" ] || fail "$(grep -Ec '"action":"(shown|dropped)"' "$r") frames reported, $frames in the clip"
# Every frame line has exactly these keys in this order (due: in shown and late-dropped lines; early: in early drops),
# and diff = pts - master.
jq -e -s 'map(select(has("action"))) | all(keys_unsorted == ["pts","shown_at","master","diff","action"] + (
    if .early then ["early"] elif .action == "repeated" then [] else ["due"] end))' "$r" >/dev/null \
  || fail "frame lines not in the documented format: $(head -2 "$r")"
# A frame is handled at or after its due time, and the plans go forward.
jq -e -s 'map(select(.due != null)) | length > 0 and all(.shown_at >= .due - 0.000001) and (map(.due) | . == sort)' \
  "$r" >/dev/null || fail "a frame handled before its due time: $(jq -c 'select(.due != null and .shown_at < .due)' "$r" | head -2)"
jq -e -s 'map(select(has("action") and .master != null)) | all((.diff - (.pts - .master)) | fabs < 0.00001)' "$r" >/dev/null \
  || fail "diff is not pts - master"
# The pts of the shown frames are the stream's frame times, in order, each once.
ffprobe -v error -select_streams v -show_entries frame=pts_time -of csv=p=0 "$FX/sync_av10.nut" | awk -F, '$1 != "" {printf "%.3f\n", $1}' >"$T/want"
jq -r 'select(.action == "shown" or .action == "dropped") | .pts' "$r" | awk '{printf "%.3f\n", $1}' >"$T/got"
diff "$T/want" "$T/got" >"$T/pts.diff" || fail "shown pts differ from ffprobe's frame times: $(head -5 "$T/pts.diff")"
jq -e -s 'map(select(.action == "shown") | .shown_at) | . == sort' "$r" >/dev/null || fail "shown_at not increasing"
ok "$frames frames shown (or dropped) once each, in order, with ffprobe's times"

s=$(tail -1 "$r")
echo "$s" | jq -e '.summary | .dropped <= 2 and .underruns == 0 and .sync == "audio"' >/dev/null || fail "summary: $s"
echo "$s" | jq -e --argjson n "$frames" '.summary.shown + .summary.dropped == $n' >/dev/null || fail "summary shown: $s"
[ "$(grep -c '"action":"repeated"' "$r")" -eq "$(echo "$s" | jq .summary.repeated)" ] || fail "repeated lines != summary"
echo "$s" | jq -e '.summary.av_diff_p95 <= 0.040' >/dev/null || fail "A-V p95 beyond one frame: $s"
# The summary's percentiles are those of |diff| over the shown frames (nearest rank).
jq -s -r 'map(select(.action == "shown" and .diff != null) | (.diff | fabs)) | sort | . as $d | length as $n
  | [$d[($n * 0.5 | ceil) - 1], $d[($n * 0.95 | ceil) - 1], $d[$n - 1]] | @tsv' "$r" >"$T/pct"
read -r p50 p95 max <"$T/pct"
echo "$s" | jq -e --argjson a "$p50" --argjson b "$p95" --argjson c "$max" \
  '.summary | ((.av_diff_p50 - $a) | fabs) < 1e-5 and ((.av_diff_p95 - $b) | fabs) < 1e-5 and ((.av_diff_max - $c) | fabs) < 1e-5' \
  >/dev/null || fail "summary percentiles ($s) differ from the lines ($p50 $p95 $max)"
ok "summary: $s"
