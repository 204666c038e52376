# --sync video|ext are honoured, audio falls back to the external clock without audio (--no-audio, video-only
# input, no audio device: a warning), and late-frame drop defaults to off when video is the master.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
clip="$FX/sync_av4.nut"
run() {  # run NAME ARGS...: plays 1 s of the clip into $T/NAME.jsonl
  local name=$1; shift
  syncplay --autoexit --t 1 --sync-report "$T/$name.jsonl" "$@" 2>"$T/$name.err" || fail "$name: exit $?: $(cat "$T/$name.err")"
  tail -1 "$T/$name.jsonl" | jq -r .summary.sync
}
[ "$(run video --sync video <"$clip")" = video ] || fail "--sync video"
[ "$(run ext --sync ext <"$clip")" = ext ] || fail "--sync ext"
[ "$(run noaudio --no-audio <"$clip")" = ext ] || fail "--no-audio should fall back to ext"
ffmpeg -nostdin -v error -i "$clip" -an -c copy -f nut "$T/video_only.nut"
[ "$(run vonly <"$T/video_only.nut")" = ext ] || fail "video-only input should use ext"
[ "$(SDL_AUDIODRIVER=nosuchdriver run nodev <"$clip")" = ext ] || fail "no audio device should fall back to ext"
grep -q '^syncplay: warning: no audio device' "$T/nodev.err" || fail "no warning for the missing audio device"
for n in video ext noaudio vonly nodev; do
  jq -e -s 'map(select(.action == "shown" or .action == "dropped")) | length >= 24' "$T/$n.jsonl" >/dev/null || fail "$n: frames missing"
  tail -1 "$T/$n.jsonl" | jq -e '.summary.av_diff_p95 <= 0.040' >/dev/null || fail "$n: $(tail -1 "$T/$n.jsonl")"
done
# Audio only: plays to the end in real time on the player's clock, and exits (--autoexit; its window is the audio display).
timeout "$HANG_SECONDS" syncplay --autoexit --sync-report "$T/aonly.jsonl" "$FX/audio.flac" 2>"$T/err" \
  || fail "audio only: exit $?"
length=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$FX/audio.flac")
tail -1 "$T/aonly.jsonl" | jq -e --argjson l "$length" '.summary | .audio_seconds >= $l - 0.05 and .shown == 0' >/dev/null \
  || fail "audio only: $(tail -1 "$T/aonly.jsonl"), $length s in the file"
apace=$(audio_pace "$T/aonly.jsonl")
within "$apace" 0.95 1.05 || fail "audio-only playback: the device received $apace s of sound per second"
ok "sync modes and fallbacks"
