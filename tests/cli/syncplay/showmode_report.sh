# -showmode waves or rdft on an input with video: the window shows the audio display, so the video's frames, still
# decoded and timed, are reported as "undrawn" (never "shown") and counted apart in the summary; with the default
# show mode they are shown and none is undrawn; with -nodisp (no window to show either) they count as shown.
# Headless (SDL's dummy drivers: a window and an audio device that draw and play nothing).
# ctest: RUN_SERIAL (real time: the player plays 2 s)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=25:duration=2 \
  -f lavfi -i sine=frequency=440:sample_rate=48000:duration=2 -c:v mpeg4 -q:v 5 -c:a pcm_s16le "$T/clip.nut" \
  || fail "making the clip"
run() {  # run NAME ARGS...: plays the clip into $T/NAME.jsonl
  local name=$1
  shift
  timeout "$HANG_SECONDS" syncplay -autoexit --sync-report "$T/$name.jsonl" "$@" "$T/clip.nut" 2>"$T/$name.err" \
    || fail "$name: exit $?: $(cat "$T/$name.err")"
}
# counts REPORT: the summary's shown and undrawn, and the frame lines' counts of each action.
counts() {
  jq -s -c '(.[-1].summary | {shown, undrawn}) + {lines: (map(select(has("action")) | .action) | group_by(.)
    | map({key: .[0], value: length}) | from_entries)}' "$1"
}
for mode in waves rdft; do
  run "$mode" -showmode "$mode"
  c=$(counts "$T/$mode.jsonl")
  echo "$c" | jq -e '.shown == 0 and .undrawn >= 10 and .lines.undrawn == .undrawn and (.lines.shown // 0) == 0' \
    >/dev/null || fail "-showmode $mode on video: $c (no frame drawn: none shown, the timed ones undrawn)"
  ok "-showmode $mode: the frames are timed but not drawn, reported undrawn ($c)"
done
run video
c=$(counts "$T/video.jsonl")
echo "$c" | jq -e '.shown >= 10 and .undrawn == 0 and .lines.shown == .shown and (.lines.undrawn // 0) == 0' \
  >/dev/null || fail "the default show mode: $c"
ok "the default show mode: the frames are shown ($c)"
run nodisp -nodisp -showmode waves
c=$(counts "$T/nodisp.jsonl")
echo "$c" | jq -e '.shown >= 10 and .undrawn == 0' >/dev/null || fail "-nodisp -showmode waves: $c"
ok "-nodisp: no window, no audio display: the frames count as shown ($c)"
