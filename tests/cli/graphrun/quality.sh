# Shows: -q/-qscale as ffmpeg's: the encoder's fixed quality (AV_CODEC_FLAG_QSCALE, global_quality = 118 x Q, and
# each video frame asks for it, as ffmpeg's do_video_out), for mpeg4, mjpeg and mpeg2video (-q:v), libmp3lame (-q:a),
# both at once (-q without a specifier), a fraction, and a negative one (none): the file is ffmpeg's byte for byte.
# Without the frames' quality, the mpeg encoders ignore it and write 25% more bytes. A value that is not a number and
# a specifier other than :v or :a are usage errors (2).
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
for args in "-c:v mpeg4 -q:v 3 -an" "-c:v mjpeg -qscale:v 5 -an" "-c:v mpeg2video -q 4 -c:a mp2" \
  "-c:v mpeg4 -q:v 2.5 -c:a libmp3lame -q:a 4" "-c:v mpeg4 -qscale:v -1 -an"; do
  read -r -a a <<< "$args"
  ffq -i "$MAIN" -vf scale=80:60 "${a[@]}" -threads 1 -fflags +bitexact -f matroska "$T/ref.mkv" || fail "ffmpeg $args"
  graphrun -v error -i "$MAIN" -vf scale=80:60 "${a[@]}" -threads 1 -fflags +bitexact -f matroska - > "$T/got.mkv" \
    2> "$T/err" || fail "graphrun $args: $(cat "$T/err")"
  cmp -s "$T/ref.mkv" "$T/got.mkv" ||
    fail "$args: $(stat -c %s "$T/got.mkv") bytes, not ffmpeg's $(stat -c %s "$T/ref.mkv")"
  ok "$args: ffmpeg's $(stat -c %s "$T/ref.mkv") bytes"
done
expect_status 2 graphrun -i "$MAIN" -c:v mpeg4 -q:v good
expect_stderr "-q: 'good' is not a number"
expect_status 2 graphrun -i "$MAIN" -c:v mpeg4 -q:s 3
expect_stderr "-q:s: give :v or :a"
ok "-q:v good, -q:s: usage errors"
