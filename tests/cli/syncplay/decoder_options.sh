# ffplay's decoder options by name, with stream specifiers: -skip_frame nokey shows the key frames only (as many as
# ffprobe counts key packets), -skip_frame:a leaves the video alone, -threads 1 and -flags2 +showall are taken
# beside -fast. A value the option does not take is a one-line usage error (status 2). Headless (SDL's dummy
# drivers), judged by the player's own --sync-report, not by time.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
IN=$FX/sync_av4.nut
shown() {  # shown ARGS...: the frames the player decoded (shown, or dropped late: a busy machine's, not the option's)
  rm -f "$T/r.jsonl"
  timeout "$HANG_SECONDS" syncplay -autoexit --sync-report "$T/r.jsonl" "$@" "$IN" 2> "$T/err" \
    || fail "$*: status $?: $(cat "$T/err")"
  tail -1 "$T/r.jsonl" | jq -e '.summary.shown + .summary.dropped + .summary.dropped_early' || fail "$*: no summary"
}
keys=$(ffprobe -v error -select_streams v -show_entries packet=flags -of csv=p=0 "$IN" | grep -c '^K')
all=$(ffprobe -v error -select_streams v -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$IN")
[ "$keys" -gt 0 ] && [ "$keys" -lt "$all" ] || fail "the input has $keys key frames of $all: the test proves nothing"
[ "$(shown -skip_frame nokey)" = "$keys" ] || fail "-skip_frame nokey showed $(shown -skip_frame nokey), not the $keys key frames"
[ "$(shown -skip_frame:v nokey)" = "$keys" ] || fail "-skip_frame:v nokey"
n=$(shown -skip_frame:a nokey -threads 1 -flags2 +showall -fast)
[ "$n" -ge $((all - 1)) ] || fail "-skip_frame:a nokey -threads 1 -flags2 +showall -fast showed $n of $all frames"
ok "decoder options: -skip_frame nokey shows the $keys key frames, for :a it leaves the $all frames ($n shown)"
# Subtitle decoders get them too: SubRip text in CP1252 (not UTF-8) copied into Matroska is shown, with
# -sub_charenc, as the UTF-8 text it stands for; without it FFmpeg's decoder refuses the text.
printf '1\n00:00:00,300 --> 00:00:01,500\ncaf\xe9\n\n' > "$T/cp1252.srt"
ffmpeg -v error -y -f lavfi -i color=c=black:s=160x120:r=25:d=2 -i "$T/cp1252.srt" -map 0 -map 1 -c:v mpeg4 -c:s copy \
  "$T/cp1252.mkv" || fail "making the clip"
subtitle() {  # subtitle ARGS...: the texts the player showed
  rm -f "$T/s.jsonl"
  timeout "$HANG_SECONDS" syncplay -autoexit --sync-report "$T/s.jsonl" "$@" "$T/cp1252.mkv" 2> "$T/err" \
    || fail "$*: status $?: $(cat "$T/err")"
  jq -r 'select(.subtitle == "shown") | .text' "$T/s.jsonl"
}
[ "$(subtitle -sub_charenc cp1252)" = "café" ] || fail "-sub_charenc cp1252 showed '$(subtitle -sub_charenc cp1252)'"
[ "$(subtitle)" != "café" ] || fail "the text was shown right without -sub_charenc: the test proves nothing"
ok "-sub_charenc reaches the subtitle decoder: CP1252 text shown as café"
expect_status 2 timeout "$HANG_SECONDS" syncplay -autoexit -skip_frame bogus "$IN"
expect_stderr "^syncplay: error: usage: -skip_frame: 'bogus' is not a value of skip_frame \(none, default, .*\) \(see --help\)$"
ok "a value the option does not take: status 2, one line"
