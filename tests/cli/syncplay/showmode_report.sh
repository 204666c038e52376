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
# -rdftspeed MS (ffplay's option): the audio display is drawn every MS. SDL's dummy driver saves each window it
# presents (SDL_VIDEO_DUMMY_SAVE_FRAMES); over 2 s of sound, at 200 ms there are at most 2 s / 0.2 s + 2 (the first
# picture, and one the end may add), and at the default 20 ms several times as many.
windows() {  # windows NAME ARGS...: the windows presented playing the clip's sound alone
  local name=$1
  shift
  mkdir -p "$T/$name.d"
  (cd "$T/$name.d" && SDL_VIDEO_DUMMY_SAVE_FRAMES=1 timeout "$HANG_SECONDS" syncplay -autoexit -vn -x 64 -y 48 "$@" \
    "$T/clip.nut") 2>"$T/$name.err" || fail "$name: exit $?: $(cat "$T/$name.err")"
  find "$T/$name.d" -name 'SDL_window*.bmp' | wc -l
}
slow=$(windows slow -showmode rdft -rdftspeed 200)
fast=$(windows fast -showmode rdft)
[ "$slow" -ge 5 ] && [ "$slow" -le 12 ] || fail "-rdftspeed 200: $slow pictures in 2 s (about 10 wanted)"
[ "$fast" -ge $((3 * slow)) ] || fail "-rdftspeed 20 (the default): $fast pictures, not 3 times the $slow at 200 ms"
ok "-rdftspeed: $slow pictures in 2 s at 200 ms, $fast at the default 20 ms"
