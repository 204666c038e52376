# A whole file whose audio (0.6 s) ends long before its 5 fps video (2 s): every frame is shown, at its own pace once
# the audio is over (the audio clock runs on from its last sample instead of standing still, which held a 0.2 s frame
# for ever), playback ends within 2 s of the last frame on the player's clock, and the exit status is 0.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
ffmpeg -nostdin -v error -y -f lavfi -i "testsrc2=size=160x120:rate=5:duration=2" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=0.6" -c:v libx264 -preset ultrafast -threads 1 \
  -pix_fmt yuv420p -c:a aac -b:a 64k -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1 \
  "$T/clip.mp4"
st=0
timeout -s KILL "$HANG_SECONDS" syncplay -autoexit -nodisp --sync-report "$T/r.jsonl" "$T/clip.mp4" 2> "$T/err" || st=$?
[ "$st" -ne 137 ] || fail "syncplay hung: $(tail -3 "$T/r.jsonl")"
[ "$st" -eq 0 ] || fail "exit $st: $(cat "$T/err")"
[ ! -s "$T/err" ] || fail "unexpected stderr: $(cat "$T/err")"
s=$(tail -1 "$T/r.jsonl")
jq -e '.summary | .shown == 10 and .dropped == 0 and .sync == "audio"' <<< "$s" > /dev/null || fail "summary: $s"
# The frames after the audio's end (0.6 s) keep their pace: 1.2 s of media from 0.8 to 2.0 s (the last frame's end)
# in about as much of the player's time, and the end comes right after.
jq -s -r 'map(select(.action == "shown")) | (.[] | select(.pts >= 0.799 and .pts <= 0.801) | .shown_at),
  .[-1].shown_at, (.[-1].pts)' "$T/r.jsonl" > "$T/times"
read -r -d '' at08 last last_pts < "$T/times" || true
[ "$last_pts" = 1.8 ] || fail "the last frame shown is at $last_pts, expected 1.8"
ended=$(jq -r '.summary.ended_at' <<< "$s")
pace=$(awk -v a="$at08" -v b="$last" 'BEGIN { printf "%.3f", (b - a) / 1.0 }')
within "$pace" 0.8 1.5 || fail "1 s of video after the audio's end took $pace s of the player's time"
tail_s=$(awk -v e="$ended" -v l="$last" 'BEGIN { printf "%.3f", e - l }')
within "$tail_s" 0 2 || fail "playback ended $tail_s s after the last frame"
ok "10 frames, 1 s of video after the audio's end in $pace s, ended $tail_s s after the last frame, exit 0"
