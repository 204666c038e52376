# Shows: -fs SIZE ends the output as ffmpeg's -fs does: once the muxer has counted SIZE bytes (with what it buffers),
# no stream takes another frame, the encoders are flushed and the output is finished, exit 0: the same frames
# (framemd5, timestamps included) and the same number of bytes as ffmpeg with the same command line, for raw video
# and PCM in NUT and Matroska (whose clusters make it overshoot) and encoded video and audio (mpeg4, AAC with its
# delay) in MPEG-TS; threaded and serial; to a file, to stdout and from a pipe. ffmpeg's number syntax (100k =
# 100000, 1Mi = 1048576); a malformed size or one below 1 is a usage error (2); -f null has no limit.
# Every run says -threads 1: an encoder with frame threads (rawvideo has them) hands its packets back when its
# threads finish them, so how many are written when the size is checked, and ffmpeg's own output with -fs, changes
# from run to run (three sizes in ten runs here for one command line).
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
n=0
# fs_case LIMIT FMT ARGS...: ffmpeg and graphrun (threaded, serial) with ARGS -fs LIMIT -f FMT, on $MAIN.
fs_case() {
  local lim=$1 fmt=$2 mode size ref_size
  shift 2
  ffq -i "$MAIN" "$@" -threads 1 -fflags +bitexact -fs "$lim" -f "$fmt" "$T/ref" || fail "ffmpeg $* -fs $lim -f $fmt"
  ref_size=$(stat -c %s "$T/ref")
  frames_of "$T/ref" > "$T/ref.md5"
  [ -s "$T/ref.md5" ] || fail "ffmpeg -fs $lim -f $fmt wrote no frames"
  for mode in threaded serial; do
    graphrun --threads-mode "$mode" -i "$MAIN" "$@" -threads 1 -fflags +bitexact -fs "$lim" -f "$fmt" -y "$T/got" 2> "$T/err" ||
      fail "graphrun ($mode) $* -fs $lim -f $fmt: exit $?: $(cat "$T/err")"
    size=$(stat -c %s "$T/got")
    [ "$size" = "$ref_size" ] || fail "-fs $lim -f $fmt $* ($mode): $size bytes, ffmpeg $ref_size"
    frames_of "$T/got" > "$T/got.md5"
    if ! cmp -s "$T/ref.md5" "$T/got.md5"; then
      diff "$T/ref.md5" "$T/got.md5" | head -8 >&2
      fail "-fs $lim -f $fmt $* ($mode): frames differ from ffmpeg's"
    fi
  done
  n=$((n + 1))
  ok "-fs $lim -f $fmt $*: $ref_size bytes, $(wc -l < "$T/ref.md5") frames as ffmpeg, threaded and serial"
}
full=$(ffq -i "$MAIN" -map 0:v -c:v rawvideo -f nut - | wc -c)
fs_case 100k nut -map 0:v -c:v rawvideo
fs_case 1Mi nut -map 0:v -c:v rawvideo
fs_case 300k nut -c:v rawvideo -c:a pcm_s16le
fs_case 500k matroska -vf scale=80:60 -c:v rawvideo -c:a pcm_s16le
fs_case 60k mpegts -vf scale=80:60 -c:v mpeg4 -c:a aac
fs_case 40k nut -filter_complex "[0:v]hflip[v];[0:a]volume=0.5[a]" -map "[v]" -map "[a]" -c:v rawvideo -c:a pcm_s16le
# Larger than the whole output: everything, as without -fs.
fs_case "$((full * 2))" nut -map 0:v -c:v rawvideo

# To stdout, from a pipe: ffmpeg's bytes.
ffq -i "$MAIN" -c:v rawvideo -c:a pcm_s16le -threads 1 -fflags +bitexact -fs 200k -f nut - > "$T/ref.nut"
graphrun -i - -c:v rawvideo -c:a pcm_s16le -threads 1 -fflags +bitexact -fs 200k -f nut - < "$MAIN" > "$T/out.nut" 2> "$T/err" ||
  fail "-fs to stdout: $(cat "$T/err")"
[ "$(stat -c %s "$T/out.nut")" = "$(stat -c %s "$T/ref.nut")" ] ||
  fail "-fs 200k to stdout: $(stat -c %s "$T/out.nut") bytes, ffmpeg $(stat -c %s "$T/ref.nut")"
cmp -s <(frames_of "$T/ref.nut") <(frames_of "$T/out.nut") || fail "-fs 200k to stdout: frames differ from ffmpeg's"
[ "$(stat -c %s "$T/out.nut")" -lt "$full" ] || fail "-fs 200k to stdout: the whole input was written"
ok "-fs 200k from a pipe to stdout: ffmpeg's $(stat -c %s "$T/ref.nut") bytes"

# -f null has no byte count: every frame is decoded and filtered, as without -fs.
graphrun -i "$MAIN" -fs 1k -f null -stats_period 0.1 -progress "$T/progress" 2> "$T/err" || fail "-fs -f null: $(cat "$T/err")"
graphrun -i "$MAIN" -f null -progress "$T/progress-all" 2> "$T/err" || fail "-f null: $(cat "$T/err")"
[ "$(grep '^frame=' "$T/progress" | tail -1)" = "$(grep '^frame=' "$T/progress-all" | tail -1)" ] ||
  fail "-fs -f null stopped early: $(grep '^frame=' "$T/progress" | tail -1)"
ok "-fs with -f null: no limit"

# Usage errors, and the output named is not written.
for bad in lots 0 -5 10x; do
  expect_status 2 graphrun -i "$MAIN" -fs "$bad" -f nut "$T/x.nut"
  expect_stderr "^graphrun: error: usage: -fs: a size in bytes \(100k, 10M, 1Gi\), not '$bad' \(see --help\)$"
  [ ! -e "$T/x.nut" ] || fail "-fs $bad: a usage error wrote the output"
done
ok "-fs lots, 0, -5, 10x: usage errors, status 2"
