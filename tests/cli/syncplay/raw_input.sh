# Raw media on a pipe, as ffplay plays it: -f names the demuxer, -s and -pix_fmt give a raw picture's size and
# format (the demuxer's video_size and pixel_format), and any other demuxer option passes by name (-framerate,
# -sample_rate, -ch_layout). Judged by the report: every frame shown at the rate given, the sound's length played.
# ffplay's lines play in both players. A format, size or pixel format that is not one, or a demuxer option the
# input does not take, is one line and status 2. (FFmpeg warns that a raw stream's duration is estimated: -loglevel
# error, as ffplay would need too.)
# ctest: RUN_SERIAL (real time: the player plays 1 s at a time)
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=1 -f rawvideo -pix_fmt yuv420p \
  "$T/pic.yuv" || fail "making the raw picture"
ffmpeg -nostdin -v error -y -f lavfi -i sine=frequency=440:sample_rate=48000:duration=1 -ac 2 -f s16le "$T/snd.raw" \
  || fail "making the raw sound"
audio=(-f s16le -sample_rate 48000 -ch_layout stereo)
want=$(seq 0 24 | awk '{printf "%.2f ", $1 / 25}')
# ffmpeg's spellings (-s, -pix_fmt), and ffplay 5.1's (the demuxer's own option names: it has no -s or -pix_fmt).
for line in "-f rawvideo -pix_fmt yuv420p -s 320x240 -framerate 25" \
  "-f rawvideo -pixel_format yuv420p -video_size 320x240 -framerate 25"; do
  play() {
    # shellcheck disable=SC2086
    timeout "$HANG_SECONDS" syncplay -autoexit -loglevel error --sync-report "$T/v.jsonl" $line - <"$T/pic.yuv" 2>"$T/err"
  }
  fed_run "$T/v.jsonl" play || fail "raw video ($line): exit $?: $(cat "$T/err")"
  [ ! -s "$T/err" ] || fail "raw video ($line): stderr: $(cat "$T/err")"
  pts=$(jq -r 'select(.action == "shown") | .pts' "$T/v.jsonl" | awk '{printf "%.2f ", $1}')
  [ "$pts" = "$want" ] || fail "raw video ($line): frames at $pts (25 at 1/25 s wanted)"
done
timeout "$HANG_SECONDS" syncplay -autoexit -nodisp --sync-report "$T/a.jsonl" "${audio[@]}" - <"$T/snd.raw" 2>"$T/err" \
  || fail "raw sound: exit $?: $(cat "$T/err")"
played=$(tail -1 "$T/a.jsonl" | jq -r '.summary.audio_seconds')
within "$played" 0.95 1.05 || fail "raw sound: $played s played (1 s wanted)"
for args in "$line" "${audio[*]}"; do  # ffplay takes the same lines
  input=$T/pic.yuv; [[ $args == *s16le* ]] && input=$T/snd.raw
  # shellcheck disable=SC2086
  timeout "$HANG_SECONDS" ffplay -v error -autoexit -nodisp $args -i - <"$input" >/dev/null 2>&1 || fail "ffplay $args: exit $?"
done
ok "raw video ($(echo "$pts" | wc -w) frames at 25 fps) and raw sound ($played s) from a pipe, as ffplay takes them"
bad() {  # bad REGEX ARGS...
  local re=$1; shift
  expect_status 2 timeout "$HANG_SECONDS" syncplay -autoexit "$@"
  expect_stderr "$re"
}
bad "^syncplay: error: usage: -f: no input format named 'nosuch' \(see --help\)$" -f nosuch - </dev/null
bad "^syncplay: error: usage: -s: '320' is not WxH \(see --help\)$" -f rawvideo -s 320 - </dev/null
bad "^syncplay: error: usage: -pix_fmt: unknown pixel format 'yuv999' \(see --help\)$" -f rawvideo -pix_fmt yuv999 - </dev/null
bad "^syncplay: error: opening input: unknown demuxer option 'framerate'$" -framerate 25 "$FX/sync_av4.nut"
ok "a wrong raw-input option: one line, status 2"
