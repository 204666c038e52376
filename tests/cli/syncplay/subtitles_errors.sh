# Subtitle error paths: a --sub-file that is missing, holds no subtitles, or is not media at all stops with one line
# and exit 1 before playing; -sst naming no subtitle stream is a usage error (2); damaged subtitle packets in the
# input (invalid UTF-8 text, a DVD subtitle packet of junk) are skipped without a crash, the good ones still show,
# and undecodable text ends the run in exit 1 (a damaged input); a --sub-file with a damaged event shows the rest, with a warning;
# -nodisp has nothing to draw subtitles on (a warning, exit 0).
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

ffmpeg -v error -y -f lavfi -i color=c=black:s=160x120:r=25:d=2.5 -f lavfi -i sine=d=2.5 -c:v mpeg4 -c:a aac \
  "$T/plain.mkv" || fail "making the clip"
printf '1\n00:00:00,300 --> 00:00:00,600\nGOOD\n\n2\n00:00:00,900 --> 00:00:01,200\nBAD \xff\xfe\n\n3\n00:00:01,500 --> 00:00:01,800\nLAST\n\n' \
  >"$T/bad.srt"
ffmpeg -v error -y -i "$T/plain.mkv" -i "$T/bad.srt" -map 0 -map 1 -c copy "$T/bad_text.mkv" || fail "muxing the SRT"
"$MT_BIN/make_dvdsub" "$T/box.mkv" --garbage 0.3-0.6 1.5-1.8 || fail "making the DVD subtitle"
ffmpeg -v error -y -i "$T/plain.mkv" -i "$T/box.mkv" -map 0 -map 1 -c copy "$T/bad_dvd.mkv" || fail "muxing the DVD subtitle"
# Noise, the same bytes on every run. And noise behind a few MP3 frames, which FFmpeg takes for MP3 "only with low
# score" and complains about as it reads: those complaints must not stand beside the one error line.
python3 -c 'import random, sys; random.seed(7); sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(20000)))' \
  >"$T/noise.srt"
ffmpeg -v error -y -f lavfi -i sine=d=1 -c:a libmp3lame -f mp3 "$T/sine.mp3" || fail "making an MP3"
# Two or three MP3 frame headers' worth of data before the noise: FFmpeg fails to open the first and opens the second
# as MP3 audio, complaining about both as it reads.
for n in 2 3; do
  python3 - "$T/sine.mp3" "$T/mp3ish$n.srt" "$n" <<'PY' || fail "making the MP3-like noise"
import random, sys
data = open(sys.argv[1], 'rb').read()
pos = [data.index(b'\xff\xfb')]
for _ in range(int(sys.argv[3])):
    pos.append(data.index(b'\xff\xfb', pos[-1] + 4))
random.seed(7)
open(sys.argv[2], 'wb').write(data[pos[0]:pos[-1]] + bytes(random.getrandbits(8) for _ in range(3000)))
PY
  [[ $(command ffprobe -v warning -hide_banner "$T/mp3ish$n.srt" 2>&1) == *"low score"* ]] ||
    fail "the MP3-like noise ($n) draws no warning from FFmpeg"
done

expect_status 1 timeout "$HANG_SECONDS" syncplay -autoexit --sub-file "$T/nope.srt" "$T/plain.mkv"
expect_stderr "^syncplay: error: --sub-file: .*/nope\.srt: No such file or directory$"
expect_status 1 timeout "$HANG_SECONDS" syncplay -autoexit --sub-file "$T/plain.mkv" "$T/plain.mkv"
expect_stderr "^syncplay: error: --sub-file: .*/plain\.mkv: no subtitle stream in it$"
expect_status 1 timeout "$HANG_SECONDS" syncplay -autoexit --sub-file "$T/noise.srt" "$T/plain.mkv"
expect_stderr "^syncplay: error: --sub-file: .*/noise\.srt: "
expect_status 1 timeout "$HANG_SECONDS" syncplay -autoexit --sub-file "$T/mp3ish2.srt" "$T/plain.mkv"
expect_stderr "^syncplay: error: --sub-file: .*/mp3ish2\.srt: .* \(Failed to read frame size.*\)$"
expect_status 1 timeout "$HANG_SECONDS" syncplay -autoexit --sub-file "$T/mp3ish3.srt" "$T/plain.mkv"
expect_stderr "^syncplay: error: --sub-file: .*/mp3ish3\.srt: no subtitle stream in it$"
ok "--sub-file missing, without subtitles, noise, or noise FFmpeg takes for MP3: one line, exit 1"

expect_status 2 timeout "$HANG_SECONDS" syncplay -autoexit -sst s:1 "$T/bad_text.mkv"
expect_stderr "^syncplay: error: -sst: 's:1' matches no subtitle stream$"
ok "-sst naming no subtitle stream: exit 2"

# The damaged input: what decodes is shown, the rest skipped. Text the decoder refuses makes exit 1, as for any
# damaged input; the DVD decoder drops a junk packet itself (its own warning), which is no error.
check_damaged() {  # check_damaged CLIP STATUS
  expect_status "$2" timeout "$HANG_SECONDS" syncplay -autoexit --sync-report "$T/$1.jsonl" "$T/$1.mkv"
  n=$(jq -s '[.[] | select(.subtitle == "shown")] | length' "$T/$1.jsonl")
  [ "$n" -eq 2 ] || fail "$1: $n subtitles shown, expected the 2 good ones: $(jq -c 'select(.subtitle)' "$T/$1.jsonl")"
}
check_damaged bad_text 1
grep -q "^syncplay: warning: subtitle track 1: a damaged packet skipped" "$T/err" || { cat "$T/err" >&2; fail "no warning"; }
grep -q "the input is damaged" "$T/err" || { cat "$T/err" >&2; fail "bad_text: no word of the damage"; }
check_damaged bad_dvd 0
ok "damaged subtitle packets (invalid text, a junk DVD packet): skipped, the good ones shown, no crash"

expect_status 0 timeout "$HANG_SECONDS" syncplay -autoexit --sync-report "$T/file.jsonl" --sub-file "$T/bad.srt" \
  "$T/plain.mkv"
grep -Eq "^syncplay: warning: --sub-file: .*/bad\.srt: 1 damaged subtitles skipped" "$T/err" || { cat "$T/err" >&2; fail "no warning"; }
got=$(jq -r 'select(.subtitle == "shown") | .text' "$T/file.jsonl" | paste -sd' ')
[ "$got" = "GOOD LAST" ] || fail "--sub-file with a damaged event: shown '$got'"
ok "--sub-file with a damaged event: a warning, the others shown"

expect_status 0 timeout "$HANG_SECONDS" syncplay -nodisp --sub-file "$T/bad.srt" "$T/plain.mkv"
grep -q "^syncplay: warning: --sub-file: no picture to draw subtitles on" "$T/err" || { cat "$T/err" >&2; fail "-nodisp"; }
ok "-nodisp: nothing to draw subtitles on, a warning"
