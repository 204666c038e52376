#!/usr/bin/env bash
# Shows: graphrun cuts as ffmpeg 5.1 cuts, frame by frame with ffmpeg's framemd5 (timestamps included): -ss, -t and
# -to before an -i (the input seeked: a file by its demuxer, a pipe read up to the key frame and decoded from
# there, the frames ffmpeg gives for the file) and after the last -i (the output cut, with ffmpeg's check of the
# last frame in the encoder's ticks), -copyts; -frames:v/-vframes/-frames:a/-aframes/-frames, the whole output
# ending on a video count and not on an audio one, -frames 0, with -r; the same frames threaded and serial; raw
# input read with -f rawvideo/-f s16le and ffmpeg's -s, -pix_fmt, -r, -ar, -ac before -i; -vcodec for the video
# alone; -shortest; an endless pipe cut with -t ends the run; and the usage errors.
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"

ffq -f lavfi -i "testsrc2=s=160x120:r=25:d=6" -f lavfi -i "sine=d=6" -c:v libx264 -preset veryfast -bf 2 -g 25 \
  -c:a mp2 "$T/av.mkv" || fail "making the clip"
ffq -i "$T/av.mkv" -c copy "$T/av.ts" || fail "making the TS"  # its start time is not 0
RAW=(-c:v rawvideo -c:a pcm_s16le)

# same NAME ARGS...: graphrun ARGS -f framemd5 - equals ffmpeg's, threaded and serial (threaded only under
# ThreadSanitizer: the serial path has no threads to check; the address sanitizer pass compares both with ffmpeg).
modes=(threaded serial)
! thread_sanitizer_build "$MT_BIN/graphrun" || modes=(threaded)
same() {
  local name=$1 mode
  shift
  ffq "$@" -f framemd5 "$T/$name.ref.md5" || fail "$name: ffmpeg failed"
  grep -v '^#' "$T/$name.ref.md5" > "$T/$name.ref" || true  # (-frames:v 0: no frame at all)
  for mode in "${modes[@]}"; do
    timeout 120 graphrun -v error --threads-mode "$mode" "$@" -f framemd5 "$T/$name.md5" 2> "$T/$name.err" ||
      { cat "$T/$name.err" >&2; fail "$name ($mode): graphrun failed or hung (exit $?)"; }
    grep -v '^#' "$T/$name.md5" > "$T/$name.$mode" || true
    cmp -s "$T/$name.ref" "$T/$name.$mode" ||
      { diff "$T/$name.ref" "$T/$name.$mode" | head -6 >&2; fail "$name ($mode): frames differ from ffmpeg's"; }
  done
}
# counts FILE: "video N audio M" of a framemd5.
counts() { echo "video $(grep -c '^0,' "$1") audio $(grep -c '^1,' "$1")"; }

same in_ss -ss 2.3 -i "$T/av.mkv" -vf null "${RAW[@]}"
same in_ss_t -ss 2.3 -t 1.5 -i "$T/av.mkv" -vf null "${RAW[@]}"
same in_ss_to_ts -ss 1 -to 3.3 -i "$T/av.ts" -vf scale=80:60 "${RAW[@]}"
same in_t -t 2.5 -i "$T/av.ts" -filter_complex "[0:v]hflip[v];[0:a]volume=0.5[a]" -map "[v]" -map "[a]" "${RAW[@]}"
same in_copyts -ss 2 -copyts -i "$T/av.ts" -vf null "${RAW[@]}"
same in_copyts_zero -ss 2 -copyts -start_at_zero -i "$T/av.ts" -vf null "${RAW[@]}"
same itsoffset -itsoffset 0.5 -i "$T/av.mkv" -vf null "${RAW[@]}"
same itsoffset_two -i "$T/av.mkv" -itsoffset 0.3 -i "$T/av.mkv" -map 0:v -map 1:a -af volume=0.5 "${RAW[@]}"
same itsoffset_neg -i "$T/av.mkv" -itsoffset -0.25 -i "$T/av.mkv" -filter_complex "[0:v]null[v];[1:a]anull[a]" \
  -map "[v]" -map "[a]" "${RAW[@]}"
[ "$(counts "$T/in_ss_t.ref")" = "video 38 audio 58" ] || fail "in_ss_t: not the cut expected: $(counts "$T/in_ss_t.ref")"
ok "an input's -ss, -t, -to (Matroska with B-frames, a TS starting at 1.47 s), -copyts, -itsoffset"

# A pipe: ffmpeg cannot seek it; graphrun gives the frames ffmpeg gives for the file, decoding from the key frame.
for in in av.mkv av.ts; do
  ffq -ss 3.3 -t 2 -i "$T/$in" -vf null "${RAW[@]}" -f framemd5 - | grep -v '^#' > "$T/pipe.ref"
  graphrun -v error -stats -ss 3.3 -t 2 -i - -vf null "${RAW[@]}" -f framemd5 - < "$T/$in" 2> "$T/pipe.err" |
    grep -v '^#' > "$T/pipe.ours"
  cmp -s "$T/pipe.ref" "$T/pipe.ours" || { diff "$T/pipe.ref" "$T/pipe.ours" | head -6 >&2; fail "$in on a pipe: differs"; }
  decoded=$(sed -n 's/.*in:0:0 (buffer): 0 frames in, \([0-9]*\) frames out/\1/p' "$T/pipe.err")
  # The key frame before 3.3 s is at 3 s (a GOP is 1 s): 0.3 s before the start is decoded, not 3.3 s.
  within "$decoded" 50 60 || fail "$in on a pipe: $decoded frames decoded, expected those from the key frame at 3 s"
done
ok "an input's -ss on a pipe: ffmpeg's frames for the file, decoded from the key frame before the start"

same out_ss -i "$T/av.mkv" -ss 2.3 -vf null "${RAW[@]}"
same out_ss_t -i "$T/av.mkv" -ss 1.1 -t 2 -filter_complex "[0:v]null[v];[0:a]anull[a]" -map "[v]" -map "[a]" "${RAW[@]}"
same out_to -i "$T/av.ts" -to 2.5 -vf null "${RAW[@]}"
same out_t_fps -i "$T/av.ts" -t 1.99 -vf fps=10 "${RAW[@]}"
same out_r -i "$T/av.ts" -ss 0.5 -t 1.3 -r 7 -vf null "${RAW[@]}"
same both -ss 1 -i "$T/av.mkv" -ss 1 -t 2 -vf null "${RAW[@]}"
same out_aac -i "$T/av.mkv" -t 1.5 -c:v mpeg4 -c:a aac
# A 2 s cut from 1.1 s: the trim keeps 50 frames (the last at 3.08 s, 1.96 s after the first kept, 1.12 s), and
# ffmpeg drops that last one, which in the encoder's ticks (1/25) starts at 2.0 s: 49.
[ "$(counts "$T/out_ss_t.ref")" = "video 49 audio 77" ] || fail "out_ss_t: $(counts "$T/out_ss_t.ref")"
ok "the output's -ss, -t, -to (ffmpeg's last-frame check in the encoder's ticks), with -r, fps, encoders"

same frames_v -i "$T/av.mkv" -frames:v 7 -vf null "${RAW[@]}"
same vframes -i "$T/av.mkv" -vframes 30 -vf null "${RAW[@]}"
same frames_a -i "$T/av.mkv" -frames:a 30 -vf null "${RAW[@]}"
same aframes -i "$T/av.mkv" -aframes 3 -vf null "${RAW[@]}"
same frames_all -i "$T/av.mkv" -frames 12 -vf null "${RAW[@]}"
same frames_0 -i "$T/av.mkv" -frames:v 0 -vf null "${RAW[@]}"
same frames_r -i "$T/av.mkv" -frames:v 20 -r 10 -vf null "${RAW[@]}"
same frames_mp3 -i "$T/av.mkv" -frames:a 20 -vn -c:a libmp3lame
ffq -f lavfi -i sine=d=2.3 -c:a pcm_s16le "$T/a23.wav"
# One output's count reached while the graph still makes its frames (amix) and the other output goes on: what the
# graph still makes for it is dropped, not left in its sink (where the graph's next request found it: a hang).
same frames_a_amix -i "$T/av.mkv" -i "$T/a23.wav" -filter_complex "[0:v]null[v];[0:a][1:a]amix[a]" -map "[v]" \
  -map "[a]" -frames:a 20 "${RAW[@]}"
[ "$(counts "$T/frames_v.ref")" = "video 7 audio 13" ] || fail "frames_v: $(counts "$T/frames_v.ref")"
[ "$(counts "$T/frames_a.ref")" = "video 150 audio 30" ] || fail "frames_a: $(counts "$T/frames_a.ref")"
[ "$(counts "$T/frames_0.ref")" = "video 0 audio 0" ] || fail "frames_0: $(counts "$T/frames_0.ref")"
[ "$(counts "$T/frames_a_amix.ref")" = "video 150 audio 20" ] || fail "frames_a_amix: $(counts "$T/frames_a_amix.ref")"
ok "-frames:v, -vframes, -frames:a, -aframes, -frames, -frames:v 0 (one output of a graph ended on its count while \
the other goes on): ffmpeg's counts, threaded as serial"

# -shortest: a stream that ends first ends the others where it ended (its next frame's time), as ffmpeg does.
ffq -f lavfi -i testsrc2=s=64x48:r=25:d=1.5 -c:v mpeg4 "$T/v15.mkv"
ffq -f lavfi -i testsrc2=s=64x48:r=25:d=1 -frames:v 1 "$T/still.png"
same shortest_video_first -i "$T/v15.mkv" -i "$T/av.mkv" -map 0:v -map 1:a -shortest "${RAW[@]}"
same shortest_video_first_r -i "$T/v15.mkv" -i "$T/av.mkv" -map 0:v -map 1:a -shortest -r 10 "${RAW[@]}"
same shortest_graph -i "$T/av.mkv" -i "$T/a23.wav" -filter_complex "[0:v]null[v];[1:a]anull[a]" -map "[v]" -map "[a]" \
  -shortest "${RAW[@]}"
same shortest_audio_count -i "$T/av.mkv" -shortest -frames:a 10 -vf null "${RAW[@]}"
same shortest_t -loop 1 -i "$T/still.png" -i "$T/a23.wav" -shortest -t 1.5 "${RAW[@]}"
[ "$(counts "$T/shortest_video_first.ref")" = "video 38 audio 59" ] || fail "shortest: $(counts "$T/shortest_video_first.ref")"
[ "$(counts "$T/shortest_graph.ref")" = "video 150 audio 50" ] || fail "shortest_graph: $(counts "$T/shortest_graph.ref")"
# Audio ending first (2.3 s): graphrun ends the video at the frames that start before 2.3 s, 58 of them. ffmpeg 5.1
# lets one or two more through, as many as its read loop has encoded when it sees the audio's end (59 or 60, from
# run to run): every frame graphrun writes is one of ffmpeg's.
for args in "-i $T/av.mkv -i $T/a23.wav -map 0:v -map 1:a" "-loop 1 -i $T/still.png -i $T/a23.wav"; do
  # shellcheck disable=SC2086 # $args: the words of the command line
  ffq $args -shortest "${RAW[@]}" -f framemd5 - | grep -v '^#' > "$T/sa.ref"
  for mode in "${modes[@]}"; do
    # shellcheck disable=SC2086
    graphrun -v error --threads-mode $mode $args -shortest "${RAW[@]}" -f framemd5 - | grep -v '^#' > "$T/sa.$mode"
    [ "$(counts "$T/sa.$mode")" = "video 58 audio 50" ] || fail "shortest, audio first ($mode): $(counts "$T/sa.$mode")"
    [ -z "$(comm -23 <(sort "$T/sa.$mode") <(sort "$T/sa.ref"))" ] || fail "shortest, audio first: frames not ffmpeg's"
  done
done
ok "-shortest: the output ends with its shortest stream, as ffmpeg's (its graph's outputs together), threaded as serial"

# A thumbnail: one PNG of the first frame after 2 s, the picture ffmpeg writes.
graphrun -v error -ss 2 -i "$T/av.mkv" -vf scale=80:-2 -frames:v 1 "$T/ours.png" || fail "thumbnail: graphrun failed"
command ffmpeg -nostdin -v error -y -ss 2 -i "$T/av.mkv" -vf scale=80:-2 -frames:v 1 "$T/ref.png" || fail "ffmpeg png"
cmp -s "$T/ours.png" "$T/ref.png" || fail "thumbnail: not ffmpeg's PNG"
ok "a thumbnail with -ss and -frames:v 1: ffmpeg's PNG byte for byte"
# Image sequences (the image2 muxer writes its files itself) and MP4 (which holds no raw video or PCM): the
# muxer's own encoders, as ffmpeg picks them when none is named.
mkdir "$T/ours" "$T/ref"
graphrun -v error -i "$T/av.mkv" -t 0.4 "$T/ours/f%02d.jpg" || fail "a JPEG sequence: graphrun failed"
command ffmpeg -nostdin -v error -i "$T/av.mkv" -t 0.4 "$T/ref/f%02d.jpg" || fail "ffmpeg jpg"
[ "$(ls "$T/ours" | wc -l)" -eq 10 ] || fail "a JPEG sequence: $(ls "$T/ours" | wc -l) files, not 10"
for f in "$T"/ref/*.jpg; do cmp -s "$f" "$T/ours/${f##*/}" || fail "a JPEG sequence: ${f##*/} is not ffmpeg's"; done
graphrun -v error -i "$T/av.mkv" -t 1 -vf null "$T/ours.mp4" || fail "MP4 without -c: graphrun failed"
command ffmpeg -nostdin -v error -i "$T/av.mkv" -t 1 -vf null "$T/ref.mp4" || fail "ffmpeg mp4"
[ "$(packets "$T/ours.mp4")" = "$(packets "$T/ref.mp4")" ] || fail "MP4 without -c: not ffmpeg's packets (h264, aac)"
# MOV lists rawvideo but cannot hold the planar YUV a graph gives (FFmpeg writes an unreadable file): h264 there.
graphrun -v error -i "$T/av.mkv" -t 1 -vf null "$T/ours.mov" || fail "MOV without -c: graphrun failed"
command ffmpeg -nostdin -v error -i "$T/av.mkv" -t 1 -vf null "$T/ref.mov" || fail "ffmpeg mov"
[ "$(packets "$T/ours.mov")" = "$(packets "$T/ref.mov")" ] || fail "MOV without -c: not ffmpeg's packets"
bad_out() { expect_status 2 graphrun "$@"; expect_stderr "^graphrun: error: opening output: the image2 muxer writes files"; }
bad_out -i "$T/av.mkv" -t 1 -f image2 -
ok "image sequences and MP4 get the muxer's own encoders, as ffmpeg's: the same files and packets"

# Raw input, as another program writes it: -f and the demuxer's options, by name or with ffmpeg's shortcuts.
ffq -f lavfi -i testsrc2=s=64x48:r=10:d=2 -f rawvideo -pix_fmt yuv420p "$T/raw.yuv"
ffq -f lavfi -i sine=d=2 -ac 2 -f s16le "$T/pcm.raw"
ffq -f rawvideo -s 64x48 -pix_fmt yuv420p -r 10 -i "$T/raw.yuv" -vf hflip -f framemd5 - > "$T/raw.ref"
graphrun -v error -f rawvideo -s 64x48 -pix_fmt yuv420p -r 10 -i - -vf hflip -f framemd5 - < "$T/raw.yuv" > "$T/raw.ours"
cmp -s "$T/raw.ref" "$T/raw.ours" || fail "-f rawvideo -s -pix_fmt -r: differs from ffmpeg"
graphrun -v error -f rawvideo -video_size 64x48 -pixel_format yuv420p -framerate 10 -i - -vf hflip -f framemd5 - \
  < "$T/raw.yuv" > "$T/raw.named"
cmp -s "$T/raw.ref" "$T/raw.named" || fail "-video_size -pixel_format -framerate: differs from ffmpeg"
ffq -f s16le -ar 44100 -ac 2 -i "$T/pcm.raw" -af volume=0.5 -f framemd5 - > "$T/pcm.ref"
graphrun -v error -f s16le -ar 44100 -ac 2 -i - -af volume=0.5 -c:a pcm_s16le -f framemd5 - < "$T/pcm.raw" > "$T/pcm.ours"
cmp -s "$T/pcm.ref" "$T/pcm.ours" || fail "-f s16le -ar -ac: differs from ffmpeg"
ok "raw input: -f rawvideo / s16le with -s, -pix_fmt, -r, -ar, -ac or the demuxer's own option names"

# -vcodec is the video's encoder only (it once named the audio's too).
graphrun -v error -i "$T/av.mkv" -vcodec mpeg4 -acodec mp2 "$T/codecs.mkv" || fail "-vcodec -acodec: graphrun failed"
[ "$(streams "$T/codecs.mkv" | paste -sd' ')" = "mpeg4,video mp2,audio" ] || fail "-vcodec/-acodec: $(streams "$T/codecs.mkv")"
ok "-vcodec and -acodec name one stream type each"

# An endless pipe cut with -t: the input is no longer read once the output has ended.
set +o pipefail
command ffmpeg -nostdin -v quiet -f lavfi -i testsrc2=s=64x48:r=25 -f nut - |
  timeout 120 graphrun -v error -i - -t 1 -vf null -f framemd5 - > "$T/endless.md5"
st=${PIPESTATUS[1]}
set -o pipefail
[ "$st" -eq 0 ] || fail "-t 1 on an endless pipe: exit $st"
[ "$(grep -c '^0,' "$T/endless.md5")" -eq 25 ] || fail "-t 1 on an endless pipe: $(grep -c '^0,' "$T/endless.md5") frames"
ok "-t on an endless pipe: 25 frames, and the run ends"

bad() {  # bad STATUS REGEX ARGS...
  local status=$1 re=$2
  shift 2
  expect_status "$status" graphrun "$@"
  expect_stderr "$re"
}
bad 2 "^graphrun: error: usage: -ss: not a time: 'abc'" -i "$T/av.mkv" -ss abc -f null -
bad 1 "^graphrun: error: .*-to 2 is not after -ss 3" -i "$T/av.mkv" -ss 3 -to 2 -f null -
bad 2 "^graphrun: error: usage: -frames: 'x' is not a frame count" -i "$T/av.mkv" -frames:v x -f null -
bad 2 "^graphrun: error: usage: -r before -i: honoured for a raw input" -r 10 -i "$T/av.mkv" -f null -
bad 2 "^graphrun: error: opening input: unknown demuxer option 'video_size'" -s 10x10 -i "$T/av.mkv" -f null -
bad 2 "^graphrun: error: usage: -f nosuch \(input\): unknown input format" -f nosuch -i "$T/av.mkv" -f null -
bad 2 "^graphrun: error: usage: -f lavfi \(input\): put the source in the graph itself" -f lavfi -i testsrc -f null -
bad 2 "^graphrun: error: usage: -itsoffset: not a time: 'x'" -itsoffset x -i "$T/av.mkv" -f null -
ok "bad times, counts and input options: one line, ffmpeg's statuses"
