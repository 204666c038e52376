# Shows: graphrun opens a video encoder on its stream's first frame, as ffmpeg 5.1 does, so that the frame's colour
# properties (range, primaries, transfer, matrix, chroma location) and field order reach the bitstream (H.264's VUI)
# and the container (Matroska's Colour and FieldOrder, MP4's colr): the file is ffmpeg's byte for byte, threaded and
# serial. Before, BT.709 video came out untagged (ffprobe: color_space=unknown). What the audio encoders make before
# the video's first frame waits for the header (a select that skips the first frames; a video stream with no frame
# at all), and that wait is bounded as ffmpeg's muxing queue: past 50 MB it fails where ffmpeg fails ("too many
# packets"), with nothing written. An encoder refusing its options on the first frame is still a usage error (2); an
# option of another encoder only, a warning (as ffmpeg).
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
BT709=setparams=range=tv:color_primaries=bt709:color_trc=bt709:colorspace=bt709
# same_file FMT ARGS...: graphrun (threaded and serial) and ffmpeg write the same bytes for ARGS over $MAIN.
same_file() {
  local fmt=$1 mode
  shift
  ffq -i "$MAIN" "$@" -threads 1 -fflags +bitexact -f "$fmt" "$T/ref.$fmt" || fail "ffmpeg $* -f $fmt"
  for mode in threaded serial; do
    graphrun --threads-mode "$mode" -i "$MAIN" "$@" -threads 1 -fflags +bitexact -f "$fmt" -y "$T/got.$fmt" \
      2> "$T/err" || fail "graphrun ($mode) $* -f $fmt: $(cat "$T/err")"
    cmp -s "$T/ref.$fmt" "$T/got.$fmt" ||
      fail "$* -f $fmt ($mode): $(stat -c %s "$T/got.$fmt") bytes, not ffmpeg's $(stat -c %s "$T/ref.$fmt")"
  done
  ok "$* -f $fmt: ffmpeg's $(stat -c %s "$T/ref.$fmt") bytes"
}
# props FILE: the first video stream's colour properties and field order, as ffprobe reads them.
props() {
  ffprobe -v error -select_streams v:0 -show_entries \
    stream=color_range,color_space,color_transfer,color_primaries,chroma_location,field_order -of csv=p=0 "$1"
}

same_file matroska -vf "$BT709,scale=80:60" -c:v libx264 -c:a aac
[ "$(props "$T/got.matroska")" = "tv,bt709,bt709,bt709,left,progressive" ] ||
  fail "BT.709 in Matroska: $(props "$T/got.matroska")"
# The bitstream carries them too: H.264's VUI, read back from the raw stream.
ffq -i "$T/got.matroska" -map 0:v -c copy -f h264 "$T/got.h264"
[ "$(props "$T/got.h264")" = "tv,bt709,bt709,bt709,left,progressive" ] ||
  fail "BT.709 in H.264's VUI: $(props "$T/got.h264")"
same_file mp4 -vf "$BT709,scale=80:60" -c:v libx264 -an
# The encoder's own options still win over the frame's, as in ffmpeg.
same_file matroska -vf "$BT709,scale=80:60" -c:v libx264 -color_range pc -colorspace bt470bg -an
[ "$(props "$T/got.matroska" | cut -d, -f1,2)" = "pc,bt470bg" ] || fail "-color_range pc: $(props "$T/got.matroska")"
same_file matroska -vf "setfield=bff,scale=80:60" -c:v mpeg4 -c:a pcm_s16le
[ "$(props "$T/got.matroska" | cut -d, -f6)" = bt ] || fail "bottom field first: $(props "$T/got.matroska")"
same_file matroska -vf "setfield=tff,scale=80:60" -c:v mjpeg -an
[ "$(props "$T/got.matroska" | cut -d, -f6)" = tt ] || fail "MJPEG top field first: $(props "$T/got.matroska")"
same_file matroska -vf "scale=80:60" -c:v rawvideo -c:a pcm_s16le
# Audio before the video's first frame (30 frames skipped), and a video stream that never has one.
same_file matroska -vf "select=gte(n\,30),scale=80:60" -c:v mpeg4 -c:a aac
same_file nut -vf "select=0" -c:v mpeg4 -c:a pcm_s16le

# The muxing queue's bound, as ffmpeg's: 100 s of 96 kHz doubles (77 MB) while the video's first frame waits for its
# 80th second (61 MB queued: within the room the queue had when it passed 50 MB) or its 95th (past it: an error).
for start in 80 95; do
  graph="anoisesrc=r=96000:d=100:seed=1,aformat=dbl,asplit[a][b];[b]atrim=start=$start,showvolume[v]"
  args=(-filter_complex "$graph" -map "[a]" -map "[v]" -c:a pcm_f64le -c:v rawvideo -fflags +bitexact -f nut)
  ref=0
  ffq "${args[@]}" "$T/ref.nut" 2> /dev/null || ref=$?
  got=0
  graphrun -v error "${args[@]}" > "$T/got.nut" 2> "$T/err" || got=$?
  if [ "$start" = 80 ]; then
    [ "$ref" = 0 ] && [ "$got" = 0 ] || fail "video from second $start: ffmpeg exit $ref, graphrun $got: $(cat "$T/err")"
    cmp -s "$T/ref.nut" "$T/got.nut" || fail "video from second $start: not ffmpeg's bytes"
  else
    [ "$ref" = 1 ] && [ "$got" = 1 ] || fail "video from second $start: ffmpeg exit $ref, graphrun $got: $(cat "$T/err")"
    [ "$(grep -c '' "$T/err")" = 1 ] && grep -q "too many packets of output stream 0" "$T/err" ||
      fail "video from second $start: $(cat "$T/err")"
    [ ! -s "$T/got.nut" ] || fail "video from second $start: $(stat -c %s "$T/got.nut") bytes written"
  fi
  ok "video from second $start: exit $got, as ffmpeg"
done

# A video encoder that refuses its options on its first frame: a usage error, and the named file is not made.
expect_status 2 graphrun -v error -i "$MAIN" -c:v libx264 -profile:v nonsense -y "$T/bad.mkv"
grep -q "opening encoder: libx264" "$T/err" || fail "bad profile: $(cat "$T/err")"
[ ! -e "$T/bad.mkv" ] || fail "bad profile: the output file was made"
expect_status 2 graphrun -i "$MAIN" -c:v mpeg4 --enc-opt nosuchopt=1 -f nut -  # no encoder's option
expect_stderr "opening encoder: no encoder takes the option 'nosuchopt'"
[ ! -s "$T/out" ] || fail "an unknown option: $(stat -c %s "$T/out") bytes written"
ok "encoder errors on the first frame: usage errors, nothing written"
# An option of another encoder (libx264's -crf with -c:v mpeg4): ffmpeg warns that no stream used it and goes on;
# so does graphrun, with ffmpeg's bytes.
ffq -i "$MAIN" -filter_complex '[0:v]null[v]' -map '[v]' -c:v mpeg4 -crf 20 -f nut "$T/ref.nut"
graphrun -i "$MAIN" -g '[0:v]null[v]' -c:v mpeg4 -crf 20 -f nut - > "$T/got.nut" 2> "$T/err" ||
  fail "-crf with mpeg4: exit $?: $(cat "$T/err")"
expect_stderr "^graphrun: warning: encoder option 'crf' \\(Select the quality for constant quality mode\\) used by no stream of"
cmp -s "$T/ref.nut" "$T/got.nut" || fail "-crf with mpeg4: not ffmpeg's bytes"
ok "-crf with mpeg4: a warning, ffmpeg's bytes"
