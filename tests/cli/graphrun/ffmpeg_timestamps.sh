#!/usr/bin/env bash
# Shows: graphrun's output timestamps are ffmpeg 5.1's on the inputs where they used to differ, frame by frame with
# ffmpeg's framemd5 (which carries them), by default and for encoded outputs (their packets): variable frame rate
# video (ffmpeg's 1/frame-rate encoder time base and its VFR rounding), an MPEG-TS whose audio starts first (a graph
# of its video alone starts at 0, ffmpeg's start correction to the streams in use; with the audio, the video starts
# late), a non-zero start time, B-frames, and a TS cut in the middle of a GOP (its first frames are not key frames);
# and with -copyts, -start_at_zero.
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

V=(-f lavfi -i "testsrc2=s=160x120:r=25:d=3")
ffq -f lavfi -i "testsrc2=s=160x120:r=30:d=3" -vf "setpts='PTS+if(eq(mod(N,3),1),0.4,0)/TB*0.03'" \
  -c:v libx264 -preset veryfast -bf 0 -fps_mode vfr "$T/vfr.mp4" || fail "making the VFR clip"
ffq -itsoffset 0.12 "${V[@]}" -f lavfi -i "sine=d=3.2" -c:v libx264 -preset veryfast -bf 2 -c:a mp2 "$T/afirst.ts" ||
  fail "making the TS whose audio starts first"
ffq "${V[@]}" -c:v mpeg4 -output_ts_offset 5 "$T/start5.mkv" || fail "making the clip starting at 5 s"
ffq "${V[@]}" -c:v libx264 -preset veryfast -bf 3 -g 30 "$T/bframes.mkv" || fail "making the B-frame clip"
ffq "${V[@]}" -f lavfi -i "sine=d=3" -c:v mpeg2video -bf 2 -g 12 -c:a mp2 "$T/gops.ts" || fail "making the TS"
size=$(stat -c %s "$T/gops.ts")
tail -c +$((size / 3 / 188 * 188 + 1)) "$T/gops.ts" > "$T/cut.ts"  # on a TS packet, in the middle of a GOP

# The input's start as ffprobe sees it: the premises of the cases below.
starts=$(ffprobe -v error -show_entries stream=codec_type,start_time -of csv=p=0 "$T/afirst.ts" | grep . | sort -u | paste -sd' ')
[ "$starts" = "audio,1.400000 video,1.530911" ] || fail "afirst.ts: the audio does not start first: $starts"

# same_frames NAME INPUT ARGS...: graphrun -i INPUT ARGS -f framemd5 equals ffmpeg's, timestamps included.
same_frames() {
  local name=$1 in=$2
  shift 2
  ffq -i "$in" "$@" -f framemd5 - | grep -v '^#' > "$T/$name.ref"
  [ -s "$T/$name.ref" ] || fail "$name: ffmpeg gave nothing"
  graphrun -v error -i "$in" "$@" -f framemd5 - 2> "$T/$name.err" | grep -v '^#' > "$T/$name.ours" ||
    { cat "$T/$name.err" >&2; fail "$name: graphrun failed"; }
  cmp -s "$T/$name.ref" "$T/$name.ours" ||
    { diff "$T/$name.ref" "$T/$name.ours" | head -6 >&2; fail "$name: frames or timestamps differ from ffmpeg's"; }
}
# same_packets NAME INPUT FORMAT ARGS...: the encoded outputs' packets (times, sizes, hashes) equal ffmpeg's.
same_packets() {
  local name=$1 in=$2 format=$3
  shift 3
  command ffmpeg -nostdin -v error -y -i "$in" "$@" -f "$format" "$T/$name.ref.out" || fail "$name: ffmpeg failed"
  graphrun -v error -y -i "$in" "$@" -f "$format" "$T/$name.ours.out" 2> "$T/$name.err" ||
    { cat "$T/$name.err" >&2; fail "$name: graphrun failed"; }
  frames_of "$T/$name.ref.out" > "$T/$name.ref"
  frames_of "$T/$name.ours.out" > "$T/$name.ours"
  cmp -s "$T/$name.ref" "$T/$name.ours" ||
    { diff "$T/$name.ref" "$T/$name.ours" | head -6 >&2; fail "$name: packets differ from ffmpeg's"; }
}
RAW=(-c:v rawvideo -c:a pcm_s16le)
same_frames vfr "$T/vfr.mp4" -filter_complex "[0:v]null[v]" -map "[v]" "${RAW[@]}"
same_frames vfr_vf "$T/vfr.mp4" -vf scale=80:60 "${RAW[@]}"
ok "variable frame rate: ffmpeg's encoder time base and VFR rounding"
same_frames afirst_video "$T/afirst.ts" -filter_complex "[0:v]null[v]" -map "[v]" "${RAW[@]}"
head -n 1 "$T/afirst_video.ours" | grep -Eq '^0, +0, +0,' || fail "afirst.ts, video alone: does not start at 0"
same_frames afirst_both "$T/afirst.ts" -filter_complex "[0:v]null[v];[0:a]anull[a]" -map "[v]" -map "[a]" "${RAW[@]}"
same_frames afirst_vf "$T/afirst.ts" -vf null "${RAW[@]}"
ok "a TS whose audio starts first: video alone from 0, with the audio from where it is"
same_frames start5 "$T/start5.mkv" -vf null "${RAW[@]}"
same_frames bframes "$T/bframes.mkv" -vf null "${RAW[@]}"
same_frames cut "$T/cut.ts" -filter_complex "[0:v]null[v];[0:a]anull[a]" -map "[v]" -map "[a]" "${RAW[@]}"
ok "a start at 5 s, B-frames, a TS cut in a GOP"
for in in afirst.ts start5.mkv cut.ts; do
  same_frames "copyts_$in" "$T/$in" -copyts -filter_complex "[0:v]null[v]" -map "[v]" "${RAW[@]}"
  same_frames "copyts_zero_$in" "$T/$in" -copyts -start_at_zero -vf null "${RAW[@]}"
done
ok "-copyts and -copyts -start_at_zero"
same_packets vfr_mp4 "$T/vfr.mp4" mp4 -vf null -c:v mpeg4
same_packets vfr_mkv "$T/vfr.mp4" matroska -vf null -c:v libx264 -preset ultrafast
same_packets afirst_mp4 "$T/afirst.ts" mp4 -filter_complex "[0:v]scale=80:60[v];[0:a]anull[a]" -map "[v]" -map "[a]" \
  -c:v mpeg4 -c:a aac
same_packets start5_nut "$T/start5.mkv" nut -vf null -c:v mpeg4
ok "encoded outputs (MP4's constant frame rate, Matroska's and NUT's variable one): ffmpeg's packets"
