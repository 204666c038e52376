# Shows: graphrun takes ffmpeg's filtering command lines (-i list, -filter_complex, -filter_complex_script, -vf, -af,
# -c:v with encoder options by name, -loglevel, -y/-n, output last) and writes the frames ffmpeg writes for the same
# line; ffmpeg options it does not take are a usage error of one line naming them (status 2).
# ctest: LABELS long (a minute or more in the sanitizer build: started early, so that no pass ends with it alone)
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
n=0
# same "GRAPHRUN ARGS" "FFMPEG ARGS": both write NUT (graphrun's default: rawvideo/PCM), compared frame by frame.
same() {
  eval "graphrun $1" > "$T/ours.nut" 2> "$T/err" || { cat "$T/err" >&2; fail "graphrun $1: exit $?"; }
  # (NUT's index warns "Multiple keyframes with same PTS" for some streams of different rates: ffmpeg writing the
  # same NUT warns alike.)
  ! grep -v 'Multiple keyframes with same PTS$' "$T/err" || fail "graphrun $1: stderr: $(cat "$T/err")"
  frames_of "$T/ours.nut" > "$T/ours.md5"
  eval "ffq $2 -f framemd5 -" 2> /dev/null | grep -v '^#' > "$T/ref.md5"
  [ -s "$T/ref.md5" ] || fail "ffmpeg $2: nothing"
  cmp -s "$T/ours.md5" "$T/ref.md5" || { diff "$T/ours.md5" "$T/ref.md5" | head -4; fail "frames differ: graphrun $1"; }
  n=$((n + 1))
}
bad() {  # bad REGEX ARGS...
  local re=$1; shift
  expect_status 2 graphrun "$@"
  expect_stderr "$re"
}
same '-i "$MAIN" -vf scale=80:60' '-i "$MAIN" -vf scale=80:60'
same '-i "$MAIN" -af volume=0.5' '-i "$MAIN" -af volume=0.5'
same '-i - -vf hflip < "$MAIN"' '-i "$MAIN" -vf hflip'
same '-i "$MAIN" -vf scale=80:60 -an' '-i "$MAIN" -vf scale=80:60 -an'
same '-i "$MAIN" -af volume=0.5 -vn' '-i "$MAIN" -af volume=0.5 -vn'
same '-i "$MAIN" -vf scale=80:60 -af volume=0.25' '-i "$MAIN" -vf scale=80:60 -af volume=0.25 -c:v rawvideo -c:a pcm_s16le'
same '-i "$MAIN" -filter_complex "[0:v]scale=80:60[v]"' '-i "$MAIN" -filter_complex "[0:v]scale=80:60[v]" -map "[v]" -c:v rawvideo'
same '-i "$MAIN" -i "$SIDE" -filter_complex overlay' '-i "$MAIN" -i "$SIDE" -filter_complex overlay'
same '-i "$MAIN" -i "$SIDE" -filter_complex "[0:a][1:a]amix=inputs=2[a]"' '-i "$MAIN" -i "$SIDE" -filter_complex "[0:a][1:a]amix=inputs=2[a]" -map "[a]"'
printf '[0:v]crop=80:60,\n  hflip[v]\n' > "$T/graph.txt"
same '-i "$MAIN" -filter_complex_script "$T/graph.txt"' '-i "$MAIN" -filter_complex_script "$T/graph.txt" -map "[v]" -c:v rawvideo'
same '-loglevel error -hide_banner -nostdin -y -i "$MAIN" -vf null' '-i "$MAIN" -vf null'
same '--filter_complex "[0:v]fps=10[v]" -i "$MAIN"' '-i "$MAIN" -filter_complex "[0:v]fps=10[v]" -map "[v]" -c:v rawvideo'
same '-i "$MAIN" -filter:v hflip -filter:a volume=2' '-i "$MAIN" -filter:v hflip -filter:a volume=2 -c:v rawvideo -c:a pcm_s16le'
same '-i "$MAIN" -lavfi "[0:v]hflip[v]"' '-i "$MAIN" -lavfi "[0:v]hflip[v]" -map "[v]" -c:v rawvideo'
printf 'hflip,\n  scale=80:60\n' > "$T/vf.txt"; printf 'volume=0.5\n' > "$T/af.txt"
same '-i "$MAIN" -filter_script:v "$T/vf.txt" -filter_script:a "$T/af.txt"' \
  '-i "$MAIN" -filter_script:v "$T/vf.txt" -filter_script:a "$T/af.txt" -c:v rawvideo -c:a pcm_s16le'
# -sws_flags: -vf's scale filters and -s's scaler take it, a -filter_complex graph's scale filters do not (ffmpeg's).
same '-i "$MAIN" -vf scale=80:60 -sws_flags lanczos' '-i "$MAIN" -vf scale=80:60 -sws_flags lanczos'
same '-i "$MAIN" -vf hflip -s 80x60 -sws_flags neighbor -an' '-i "$MAIN" -vf hflip -s 80x60 -sws_flags neighbor -an'
same '-i "$MAIN" -filter_complex "[0:v]scale=80:60[v]" -sws_flags lanczos' \
  '-i "$MAIN" -filter_complex "[0:v]scale=80:60[v]" -map "[v]" -c:v rawvideo -sws_flags lanczos'
ffq -i "$MAIN" -vf scale=80:60 -an -f framemd5 - > "$T/bicubic.md5"
ffq -i "$MAIN" -vf scale=80:60 -sws_flags lanczos -an -f framemd5 - > "$T/lanczos.md5"
! cmp -s "$T/bicubic.md5" "$T/lanczos.md5" || fail "-sws_flags lanczos scales as bicubic: the test proves nothing"
# -cpuflags (ffmpeg's global option, every tool's): plain C (0) scales as ffmpeg's plain C, which is not what its SIMD
# gives; without the slow-gather default (AMD), FFmpeg's own kernel choice scales to the same pixels as ours.
same '-cpuflags 0 -i "$MAIN" -vf scale=150:100 -an' '-cpuflags 0 -i "$MAIN" -vf scale=150:100 -an'
same '-cpuflags -slowgather -i "$MAIN" -vf scale=150:100 -an' '-i "$MAIN" -vf scale=150:100 -an'
same '-i "$MAIN" -vf scale=150:100 -an' '-cpuflags +slowgather -i "$MAIN" -vf scale=150:100 -an'
ffq -cpuflags 0 -i "$MAIN" -vf scale=150:100 -an -f framemd5 - > "$T/plain_c.md5"
ffq -i "$MAIN" -vf scale=150:100 -an -f framemd5 - > "$T/simd.md5"
! cmp -s "$T/plain_c.md5" "$T/simd.md5" || fail "-cpuflags 0 scales as FFmpeg's SIMD: the test proves nothing"
ok "$n command lines write ffmpeg's frames"
# Which streams, as ffmpeg chooses them: the graph's unlabeled outputs, then the best video (largest) and audio (most
# channels) of all inputs for a type the graph does not make; -map in its order, input streams unfiltered; -an/-vn.
n=0
same '-i "$SIDE" -i "$MAIN" -vf hflip' '-i "$SIDE" -i "$MAIN" -vf hflip'
same '-i "$MAIN" -filter_complex "[0:a]volume=2" -an' '-i "$MAIN" -filter_complex "[0:a]volume=2" -an'
same '-i "$MAIN" -filter_complex "[0:v]hflip[v]" -map "[v]" -map 0:a' '-i "$MAIN" -filter_complex "[0:v]hflip[v]" -map "[v]" -map 0:a'
same '-i "$MAIN" -filter_complex "[0:v]hflip[v];[0:a]volume=2[a]" -map "[a]" -map "[v]"' '-i "$MAIN" -filter_complex "[0:v]hflip[v];[0:a]volume=2[a]" -map "[a]" -map "[v]"'
same '-i "$MAIN" -filter_complex "[0:a]volume=2[a]" -map "[a]" -an' '-i "$MAIN" -filter_complex "[0:a]volume=2[a]" -map "[a]" -an'
same '-i "$MAIN" -i "$SIDE" -map 1:a -map 0' '-i "$MAIN" -i "$SIDE" -map 1:a -map 0'
same '-i "$MAIN" -i "$SIDE" -map 0 -map -0:v -map 1:v -map 0:s?' '-i "$MAIN" -i "$SIDE" -map 0 -map -0:v -map 1:v -map 0:s?'
same '-i "$MAIN" -map 0 -vn' '-i "$MAIN" -map 0 -vn'
same '-i "$MAIN"' '-i "$MAIN"'
same '-i "$MAIN" -vf hflip -pix_fmt rgb24' '-i "$MAIN" -vf hflip -pix_fmt rgb24'
same '-i "$MAIN" -filter_complex "[0:v]hflip[v]" -map "[v]" -pix_fmt:v gray' '-i "$MAIN" -filter_complex "[0:v]hflip[v]" -map "[v]" -pix_fmt:v gray'
same '-i "$MAIN" -af volume=2 -ar 16000 -ac 1' '-i "$MAIN" -af volume=2 -ar 16000 -ac 1'
same '-i "$MAIN" -i "$SIDE" -map 0:a -map 1:a -ar:a:1 8k -ac:1 2' '-i "$MAIN" -i "$SIDE" -map 0:a -map 1:a -ar:a:1 8k -ac:1 2'
same '-i "$MAIN" -vf hflip -s 64x48' '-i "$MAIN" -vf hflip -s 64x48'
same '-i "$MAIN" -filter_complex "[0:v]split[a][b]" -map "[a]" -map "[b]" -s:v:1 qqvga -an' \
  '-i "$MAIN" -filter_complex "[0:v]split[a][b]" -map "[a]" -map "[b]" -s:v:1 qqvga -c:v rawvideo'
ok "$n stream choices as ffmpeg's (-map, -an, -vn, automatic, -pix_fmt, -ar, -ac, -s)"
# -r and -fps_mode: ffmpeg's frame rate control (frames dropped and duplicated, timestamps on 1/rate), on CFR and on
# VFR input with B-frames; framemd5 carries the timestamps.
n=0
VFR=$FX/cut_bframes_vfr.mkv
same '-i "$MAIN" -an -r 25' '-i "$MAIN" -an -r 25'
same '-i "$MAIN" -vf hflip -r 10' '-i "$MAIN" -vf hflip -r 10'
same '-i "$VFR" -r 25' '-i "$VFR" -r 25'
same '-i "$VFR" -an -r 10' '-i "$VFR" -an -r 10'
same '-i "$VFR" -an -fps_mode cfr' '-i "$VFR" -an -fps_mode cfr'
same '-i "$VFR" -an -fps_mode vfr' '-i "$VFR" -an -fps_mode vfr'
same '-i "$VFR" -an -vsync 1 -r 50' '-i "$VFR" -an -vsync 1 -r 50'
same '-i "$VFR" -an -fps_mode passthrough' '-i "$VFR" -an -fps_mode passthrough'
same '-i "$MAIN" -filter_complex "[0:v]hflip[v]" -map "[v]" -r:v 24' '-i "$MAIN" -filter_complex "[0:v]hflip[v]" -map "[v]" -r:v 24'
# -frame_drop_threshold: cfr drops the frames ending less than that many ticks after where the output is; on
# timestamps jittered by a third of a frame, each threshold keeps ffmpeg's frames (and they differ).
ffq -f lavfi -i "testsrc=s=64x48:r=30:d=3,setpts='N/30/TB+0.013*sin(N*1.7)/TB'" -c:v ffv1 "$T/jitter.mkv"
for th in 0.3 1.5; do
  same "-i '$T/jitter.mkv' -vf null -r 24 -fps_mode cfr -frame_drop_threshold $th" \
    "-i '$T/jitter.mkv' -vf null -r 24 -fps_mode cfr -frame_drop_threshold $th"
  ffq -i "$T/jitter.mkv" -vf null -r 24 -fps_mode cfr -frame_drop_threshold $th -f framemd5 - > "$T/th$th.md5"
done
ffq -i "$T/jitter.mkv" -vf null -r 24 -fps_mode cfr -f framemd5 - > "$T/th0.md5"
! cmp -s "$T/th0.md5" "$T/th0.3.md5" && ! cmp -s "$T/th0.3.md5" "$T/th1.5.md5" ||
  fail "-frame_drop_threshold: the same frames with and without: the test proves nothing"
ok "$n frame rate controls as ffmpeg's (-r, -fps_mode, -vsync, -frame_drop_threshold)"
# Encoded with -r, and container options by name (-fflags): ffmpeg's packets.
graphrun -i "$VFR" -an -c:v mpeg4 -b:v 200k -r 25 -flags +bitexact -fflags +bitexact "$T/r25.mkv"
ffq -i "$VFR" -an -c:v mpeg4 -b:v 200k -r 25 -flags +bitexact -fflags +bitexact "$T/r25ref.mkv"
packets "$T/r25.mkv" > "$T/ours.pk"; packets "$T/r25ref.mkv" > "$T/ref.pk"
cmp -s "$T/ours.pk" "$T/ref.pk" || { diff "$T/ours.pk" "$T/ref.pk" | head -4; fail "-r 25 with mpeg4: packets differ"; }
ok "-c:v mpeg4 -r 25 -fflags +bitexact: ffmpeg's packets"
# -cpucount (every tool's): the CPU count FFmpeg's automatic thread counts see, here the MPEG-2 encoder's slices.
for c in 1 4; do
  graphrun -cpucount $c -i "$MAIN" -an -c:v mpeg2video -flags +bitexact -fflags +bitexact "$T/c$c.mkv"
  ffq -cpucount $c -i "$MAIN" -an -c:v mpeg2video -flags +bitexact -fflags +bitexact "$T/c${c}ref.mkv"
  packets "$T/c$c.mkv" > "$T/ours$c.pk"; packets "$T/c${c}ref.mkv" > "$T/ref$c.pk"
  cmp -s "$T/ours$c.pk" "$T/ref$c.pk" || { diff "$T/ours$c.pk" "$T/ref$c.pk" | head -4; fail "-cpucount $c: packets differ"; }
done
! cmp -s "$T/ref1.pk" "$T/ref4.pk" || fail "-cpucount 1 and 4 encode alike: the test proves nothing"
ok "-cpucount 1 and 4 with mpeg2video: ffmpeg's packets"
bad "^graphrun: error: usage: -cpuflags: not a set of CPU flags: 'avx9' \(see --help\)$" -cpuflags avx9 -i "$MAIN"
bad "^graphrun: error: usage: -cpucount: -1 or more, not -2 \(see --help\)$" -cpucount -2 -i "$MAIN"
bad "^graphrun: error: choosing output streams: -map 0:s matches no stream \(a trailing '\?' allows that\)$" -i "$MAIN" -map 0:s
bad "^graphrun: error: choosing output streams: filter graph output \[b\] is not mapped" -i "$MAIN" -filter_complex "[0:v]split[a][b]" -map "[a]"
bad "^graphrun: error: choosing output streams: -map \[x\]: no unused filter graph output has that label$" -i "$MAIN" -filter_complex "[0:v]hflip[v]" -map "[x]"
bad "^graphrun: error: choosing output streams: -map \[v\]: no unused" -i "$MAIN" -filter_complex "[0:v]hflip[v]" -map "[v]" -map "[v]"
bad "^graphrun: error: choosing output streams: no output stream" -i "$MAIN" -vf null -an -vn
bad "^graphrun: error: selecting streams: map '3' names input 3, but there is 1 input$" -i "$MAIN" -map 3
bad "^graphrun: error: usage: -pix_fmt: unknown pixel format 'nosuch'" -i "$MAIN" -pix_fmt nosuch
bad "^graphrun: error: usage: -ar: '44.1x' is not a positive sample rate" -i "$MAIN" -ar 44.1x
bad "^graphrun: error: parsing the filter graph: -vf takes one chain of one input and one output" -i "$MAIN" -vf "split[a][b]"
ok "wrong stream choices: status 2, one line"
# Output last, and encoder options by name as ffmpeg passes them: the same encoded packets as ffmpeg's.
# (-g is graphrun's graph, as it always was: the GOP size by name takes its stream specifier, -g:v.)
graphrun -i "$MAIN" -vf scale=80:60 -an -c:v mpeg4 -b:v 300k -g:v 12 -flags +bitexact "$T/ours.mkv" 2> "$T/err" \
  || { cat "$T/err"; fail "encoder options by name"; }
ffq -i "$MAIN" -vf scale=80:60 -an -c:v mpeg4 -b:v 300k -g 12 -flags +bitexact "$T/ref.mkv"
[ "$(ffprobe -v error -select_streams v -show_entries stream=codec_name -of csv=p=0 "$T/ours.mkv")" = mpeg4 ] || fail "not mpeg4"
packets "$T/ours.mkv" > "$T/ours.pk"; packets "$T/ref.mkv" > "$T/ref.pk"
cmp -s "$T/ours.pk" "$T/ref.pk" || { diff "$T/ours.pk" "$T/ref.pk" | head -4; fail "encoded packets differ from ffmpeg's"; }
ok "-c:v mpeg4 -b:v 300k -g:v 12 OUT.mkv: ffmpeg's packets (times, flags, payloads)"
# -aspect: the display aspect ratio the encoder and the container say (MPEG-4's VOL header, Matroska's display
# size), the pictures as they were: ffmpeg's packets and 16:9.
graphrun -i "$MAIN" -vf null -an -c:v mpeg4 -aspect 16:9 -fflags +bitexact "$T/aspect.mkv" 2> "$T/err" ||
  fail "-aspect: $(cat "$T/err")"
ffq -i "$MAIN" -vf null -an -c:v mpeg4 -aspect 16:9 -fflags +bitexact "$T/aspect_ref.mkv"
packets "$T/aspect.mkv" > "$T/ours.pk"; packets "$T/aspect_ref.mkv" > "$T/ref.pk"
cmp -s "$T/ours.pk" "$T/ref.pk" || { diff "$T/ours.pk" "$T/ref.pk" | head -4; fail "-aspect: packets differ from ffmpeg's"; }
dar=$(ffprobe -v error -show_entries stream=display_aspect_ratio -of csv=p=0 "$T/aspect.mkv")
[ "$dar" = 16:9 ] || fail "-aspect 16:9 gave $dar"
ok "-aspect 16:9: ffmpeg's packets, the stream says 16:9"
# Two-pass encoding as ffmpeg's: pass 1 with -f null encodes (a named encoder encodes into the null muxer) and
# writes the encoder's statistics to ffmpeg2pass-0.log (-passlogfile: PREFIX-0.log), pass 2 encodes from them:
# ffmpeg's logs and bytes, for mpeg4 (its log kept by us) and libx264 (its own stats file).
mkdir -p "$T/ours" "$T/ref"
for enc in mpeg4 libx264; do
  line=(-y -i "$MAIN" -vf hflip -an -c:v "$enc" -b:v 400k -fflags +bitexact -passlogfile "two-$enc")
  (cd "$T/ours" && graphrun "${line[@]}" -pass 1 -f null - && graphrun "${line[@]}" -pass 2 out.mkv) 2> "$T/err" ||
    fail "$enc two-pass: $(cat "$T/err")"
  (cd "$T/ref" && ffq "${line[@]}" -pass 1 -f null - && ffq "${line[@]}" -pass 2 out.mkv)
  [ -s "$T/ref/two-$enc-0.log" ] || fail "$enc: ffmpeg wrote no log"
  cmp -s "$T/ours/two-$enc-0.log" "$T/ref/two-$enc-0.log" || fail "$enc pass 1: the log differs from ffmpeg's"
  cmp -s "$T/ours/out.mkv" "$T/ref/out.mkv" || fail "$enc pass 2: bytes differ from ffmpeg's"
done
ok "-pass 1 -f null, -pass 2, -passlogfile: ffmpeg's logs and bytes (mpeg4, libx264)"
# A second pass the first's statistics cannot serve: libavcodec 5.1's MPEG-video rate control then frees its rate
# expression twice and ffmpeg aborts; graphrun tries that open in a child process first and refuses (status 2).
st=0
(cd "$T/ours" && graphrun -y -i "$MAIN" -an -c:v mpeg4 -b:v 20k -passlogfile two-mpeg4 -pass 2 low.mkv) \
  > /dev/null 2> "$T/err" || st=$?
[ "$st" -eq 2 ] || { cat "$T/err"; fail "pass 2 at 20k: status $st, expected 2"; }
grep -q "^graphrun: error: opening encoder: mpeg4: pass 2 cannot reach the bitrate asked" "$T/err" ||
  { cat "$T/err"; fail "pass 2 at 20k: message"; }
[ ! -e "$T/ours/low.mkv" ] || fail "pass 2 at 20k: an output was left"
(cd "$T/ours" && expect_status 1 graphrun -y -i "$MAIN" -an -c:v mpeg4 -pass 2 -passlogfile none nolog.mkv) || exit 1
expect_stderr "^graphrun: error: opening encoder: cannot read the log 'none-0.log' for pass 2"
ok "a second pass without a reachable bitrate or a log: refused, no crash, nothing written"
# -tag (-vtag): the codec tag the stream says, as ffmpeg's: XVID for MPEG-4 in AVI (FMP4 by default), hvc1 for
# HEVC in MP4 (hev1 by default), byte for byte.
for line in "-c:v mpeg4 -vtag XVID -f avi" "-c:v libx265 -tag:v hvc1 -f mp4"; do
  read -r -a args <<< "$line"
  graphrun -y -i "$MAIN" -an -t 1 "${args[@]}" -fflags +bitexact "$T/tag.out" 2> "$T/err" || fail "$line: $(cat "$T/err")"
  ffq -i "$MAIN" -an -t 1 "${args[@]}" -fflags +bitexact "$T/tag_ref.out" 2> /dev/null
  cmp -s "$T/tag.out" "$T/tag_ref.out" || fail "$line: bytes differ from ffmpeg's"
  want=${args[3]}
  [ "$(ffprobe -v error -show_entries stream=codec_tag_string -of csv=p=0 "$T/tag.out")" = "$want" ] || fail "$line: not $want"
done
ok "-vtag XVID, -tag:v hvc1: ffmpeg's bytes"
# -bsf (-vbsf, -absf): bitstream filters on the encoded packets, byte for byte as ffmpeg's: the stream takes what the
# chain gives (h264_metadata's aspect ratio), extradata in key frames (dump_extra), a chain with ',', and timestamps in the
# muxer's time base (setts=ts=TS*2 into Matroska's milliseconds: a rounding that differs in every third packet).
# (libx264 on one thread: ffmpeg's own output on several threads differed in one run of four on a busy machine.)
for line in "-an -c:v libx264 -threads 1 -bsf:v h264_metadata=sample_aspect_ratio=4/3 -f matroska" \
  "-an -c:v mpeg4 -bsf:v dump_extra -f mp4" "-an -c:v libx264 -threads 1 -vbsf h264_metadata=aud=insert,dump_extra -f mp4" \
  "-c:a aac -c:v mpeg4 -bsf:v setts=ts=TS*2 -f matroska" "-c:a aac -c:v mpeg4 -absf setts=ts=TS+1000 -f nut"; do
  read -r -a args <<< "$line"
  graphrun -y -i "$MAIN" "${args[@]}" -flags +bitexact -fflags +bitexact "$T/bsf.out" 2> "$T/err" || fail "$line: $(cat "$T/err")"
  ffq -i "$MAIN" "${args[@]}" -flags +bitexact -fflags +bitexact "$T/bsf_ref.out" 2> /dev/null
  cmp -s "$T/bsf.out" "$T/bsf_ref.out" || fail "$line: bytes differ from ffmpeg's"
  plain=$(sed -E 's/ -(bsf:v|vbsf|absf) [^ ]+//' <<< "$line")
  read -r -a args <<< "$plain"
  ffq -i "$MAIN" "${args[@]}" -flags +bitexact -fflags +bitexact "$T/plain_ref.out" 2> /dev/null
  ! cmp -s "$T/plain_ref.out" "$T/bsf_ref.out" || fail "$line: the filters change nothing: the test proves nothing"
done
graphrun -y -i "$MAIN" -an -c:v libx264 -bsf:v h264_metadata=sample_aspect_ratio=4/3 "$T/sar.mkv"
# (Matroska's own display size says 1:1 over the stream's; the SPS says 4:3: aspect_ratio_idc 14.)
command ffmpeg -nostdin -v trace -i "$T/sar.mkv" -c copy -bsf:v trace_headers -f null - 2>&1 | grep -q "aspect_ratio_idc .* = 14$" ||
  fail "-bsf:v h264_metadata=sample_aspect_ratio=4/3: the SPS does not say 4:3"
echo kept > "$T/kept.mkv"
expect_status 2 graphrun -y -i "$MAIN" -an -c:v mpeg4 -bsf:v h264_mp4toannexb "$T/kept.mkv"
expect_stderr "^graphrun: error: -bsf: 'h264_mp4toannexb' cannot filter output stream 0 \(mpeg4\): Codec 'mpeg4' .* is not supported by the bitstream filter"
[ "$(cat "$T/kept.mkv")" = kept ] || fail "a refused -bsf clobbered the output file"
bad "^graphrun: error: usage: -bsf:v: 'nosuch': Bitstream filter not found \(see --help\)$" -i "$MAIN" -bsf:v nosuch
bad "^graphrun: error: usage: -vbsf takes no stream specifier \(see --help\)$" -i "$MAIN" -vbsf:0 dump_extra
ok "-bsf, -vbsf, -absf: ffmpeg's bytes; a filter that cannot take the stream, or none of that name: status 2, one line"
# -timecode: the output's timecode tag (Matroska), and MPEG-2 video's GOP timecode (elementary stream, program
# stream), byte for byte as ffmpeg's.
for line in "-c:v mpeg4 -f matroska" "-c:v mpeg2video -f mpeg2video" "-c:v mpeg2video -f mpeg"; do
  read -r -a args <<< "$line"
  graphrun -y -i "$MAIN" -an -timecode 01:02:03:04 "${args[@]}" -flags +bitexact -fflags +bitexact "$T/tc.out" 2> /dev/null ||
    fail "-timecode $line: graphrun failed"
  ffq -i "$MAIN" -an -timecode 01:02:03:04 "${args[@]}" -flags +bitexact -fflags +bitexact "$T/tc_ref.out" 2> /dev/null
  cmp -s "$T/tc.out" "$T/tc_ref.out" || fail "-timecode $line: bytes differ from ffmpeg's"
done
ffq -i "$MAIN" -an -c:v mpeg2video -flags +bitexact -fflags +bitexact -f mpeg2video "$T/notc_ref.out"
! cmp -s "$T/notc_ref.out" "$T/tc_ref.out" || fail "-timecode: MPEG-2 video without it is the same: the test proves nothing"
ok "-timecode: ffmpeg's bytes (a tag; MPEG-2 video's GOP timecode)"
# -enc_time_base: the encoder's time base, as ffmpeg's: a ratio, or -1, the input stream's (a -filter_complex graph's
# one input's too; with several, the default and a warning); ffmpeg's packets and their times. (With cfr, ffmpeg's
# frame rate control fills every tick of such a time base: 184320 frames for these 3 s, as graphrun's.)
for line in "-an -c:v mpeg4 -enc_time_base 1:50000" "-an -c:v mpeg4 -enc_time_base -1 -fps_mode vfr" \
  "-filter_complex [0:v]hflip[v] -map [v] -c:v mpeg4 -enc_time_base -1" "-vn -c:a aac -enc_time_base 1:1000"; do
  read -r -a args <<< "$line"
  graphrun -i "$MAIN" "${args[@]}" -f framemd5 - > "$T/etb.md5" 2> "$T/err" || fail "$line: $(cat "$T/err")"
  ffq -i "$MAIN" "${args[@]}" -f framemd5 - > "$T/etb_ref.md5"
  cmp -s "$T/etb.md5" "$T/etb_ref.md5" || { diff "$T/etb.md5" "$T/etb_ref.md5" | head -4; fail "$line: not ffmpeg's packets"; }
done
ffq -i "$MAIN" -vn -c:a aac -f framemd5 - > "$T/etb_default.md5"
! cmp -s "$T/etb_default.md5" "$T/etb_ref.md5" || fail "-enc_time_base 1:1000: the default's packets: the test proves nothing"
graphrun -i "$MAIN" -i "$SIDE" -filter_complex "[0:v][1:v]overlay[v]" -map "[v]" -c:v mpeg4 -enc_time_base -1 \
  -f framemd5 - > "$T/etb.md5" 2> "$T/err"
grep -q "^graphrun: warning: output stream 0: -enc_time_base -1: no single input stream" "$T/err" ||
  fail "-enc_time_base -1 over two inputs: no warning"
ffq -i "$MAIN" -i "$SIDE" -filter_complex "[0:v][1:v]overlay[v]" -map "[v]" -c:v mpeg4 -f framemd5 - > "$T/etb_ref.md5"
cmp -s "$T/etb.md5" "$T/etb_ref.md5" || fail "-enc_time_base -1 over two inputs: not the default's packets"
bad "^graphrun: error: usage: -enc_time_base: 'x' is not a time base \(1:90000, 0 or -1\) \(see --help\)$" \
  -i "$MAIN" -an -c:v mpeg4 -enc_time_base x
ok "-enc_time_base: ffmpeg's packets and times (a ratio, -1)"
# -max_muxing_queue_size and -muxing_queue_data_threshold: the audio packets waiting for the header (the video's
# first frame comes 2 s in) overflow 16, as ffmpeg's (status 1), and fit in 1024 (ffmpeg's bytes).
g='[0:v]trim=start=2,setpts=PTS-STARTPTS[v];[0:a]anull[a]'
q=(-map '[v]' -map '[a]' -muxing_queue_data_threshold 1000 -f nut)
expect_status 1 graphrun -y -i "$MAIN" -g "$g" "${q[@]}" -max_muxing_queue_size 16 "$T/q.nut"
expect_stderr "^graphrun: error: writing output: too many packets of output stream 1 wait for the header"
graphrun -y -i "$MAIN" -g "$g" "${q[@]}" -max_muxing_queue_size 1024 "$T/q.nut" 2> /dev/null || fail "queue of 1024: failed"
ffq -i "$MAIN" -filter_complex "$g" "${q[@]}" -c:v rawvideo -c:a pcm_s16le -max_muxing_queue_size 1024 "$T/q_ref.nut" 2> /dev/null
cmp -s "$T/q.nut" "$T/q_ref.nut" || fail "queue of 1024: bytes differ from ffmpeg's"
ok "-max_muxing_queue_size 16 overflows (status 1), 1024 holds: ffmpeg's"
# -force_key_frames: an expression (every half second), times, the input's key frames: ffmpeg's key frames and bytes.
nkeys() { ffprobe -v error -show_entries packet=flags -of csv=p=0 "$1" | grep -c K; }
for line in "-c:v libx264 -force_key_frames expr:gte(t,n_forced*0.5)" "-c:v mpeg4 -g 1000 -force_key_frames 0.3,1,1.25,2" \
  "-c:v mpeg4 -g 1000 -force_key_frames source"; do
  read -r -a args <<< "$line"
  graphrun -y -i "$MAIN" -an "${args[@]}" -fflags +bitexact "$T/keys.mkv" 2> "$T/err" || fail "$line: $(cat "$T/err")"
  ffq -i "$MAIN" -an "${args[@]}" -fflags +bitexact "$T/keys_ref.mkv"
  cmp -s "$T/keys.mkv" "$T/keys_ref.mkv" || fail "$line: bytes differ from ffmpeg's"
  rm -f "$T/nokeys.mkv"
  graphrun -y -i "$MAIN" -an "${args[@]:0:${#args[@]}-2}" -fflags +bitexact "$T/nokeys.mkv" 2> /dev/null ||
    fail "$line: failed without -force_key_frames"
  [ "$(nkeys "$T/keys.mkv")" -gt "$(nkeys "$T/nokeys.mkv")" ] || fail "$line: no more key frames than without it"
done
bad "^graphrun: error: -force_key_frames: 'soon' is not a time" -i "$MAIN" -an -c:v mpeg4 -force_key_frames 1,soon -f null -
ok "-force_key_frames expr:, times and source: ffmpeg's key frames and bytes"
# -n keeps an existing output (status 1), as ffmpeg -n.
echo keep > "$T/exists.nut"
expect_status 1 graphrun -n -i "$MAIN" -vf null "$T/exists.nut"
expect_stderr "already exists \(not overwriting: -n\)$"
[ "$(cat "$T/exists.nut")" = keep ] || fail "-n replaced the file"
ok "-n keeps an existing output"
bad "^graphrun: error: usage: -s: '64' is not a frame size" -i "$MAIN" -vf null -s 64
bad "^graphrun: error: usage: -aspect: '0' is not an aspect ratio" -i "$MAIN" -vf null -aspect 0
bad "^graphrun: error: usage: -filter: give -filter:v \(-vf\) or -filter:a \(-af\)" -i "$MAIN" -filter hflip
bad "^graphrun: error: usage: -filter_script:v and -filter:v \(-vf\) together" -i "$MAIN" -vf null -filter_script:v "$T/vf.txt"
bad "^graphrun: error: usage: -filter_script:v: cannot open '/nonexistent'" -i "$MAIN" -filter_script:v /nonexistent
bad "^graphrun: error: usage: -pass: 1, 2 or 3, not '4'" -i "$MAIN" -vf null -pass 4
bad "^graphrun: error: usage: -sws_flags: 'nosuch' is not a scaler flag" -i "$MAIN" -vf null -sws_flags nosuch
bad "^graphrun: error: usage: -r: 'fast' is not a frame rate" -i "$MAIN" -vf null -r fast
bad "^graphrun: error: usage: -fps_mode: passthrough, cfr, vfr, drop or auto, not 'x'" -i "$MAIN" -vf null -fps_mode x
bad "^graphrun: error: usage: unknown option '-nosuch' \(see --help\)$" -i "$MAIN" -vf null -nosuch 1
bad "^graphrun: error: usage: -c copy: graphrun decodes and filters" -i "$MAIN" -vf null -c copy
bad "^graphrun: error: usage: stdin can be read only once" -i - -i pipe:0 -vf null
expect_status 2 graphrun < "$MAIN"
expect_stderr "^graphrun: error: usage: no filter graph"
ok "options graphrun does not take: status 2, one line naming them"
# -g: graphrun's short -filter_complex, and, as a whole number, ffmpeg's key-frame interval of the video encoder
# (the packets' key flags as ffmpeg's for the same line; the encoder's default interval would give other ones).
keys() { ffprobe -v error -show_entries packet=flags -of csv=p=0 "$1" | tr -d '_\n'; }
graphrun -i "$MAIN" -vf scale=80:60 -an -c:v mpeg4 -g 5 -y "$T/g5.mkv" 2> "$T/err" || fail "-g 5: $(cat "$T/err")"
ffq -i "$MAIN" -vf scale=80:60 -an -c:v mpeg4 -g 5 "$T/g5_ref.mkv"
ffq -i "$MAIN" -vf scale=80:60 -an -c:v mpeg4 "$T/g_default.mkv"
[ "$(keys "$T/g5.mkv")" = "$(keys "$T/g5_ref.mkv")" ] || fail "-g 5: key frames $(keys "$T/g5.mkv") against ffmpeg's $(keys "$T/g5_ref.mkv")"
[ "$(keys "$T/g5.mkv")" != "$(keys "$T/g_default.mkv")" ] || fail "-g 5 gave the default key frames: the test proves nothing"
same '-i "$MAIN" -g "[0:v]scale=80:60[v]" -map "[v]"' '-i "$MAIN" -filter_complex "[0:v]scale=80:60[v]" -map "[v]" -c:v rawvideo'
bad "^graphrun: error: usage: -g: give the filter graph once" -i "$MAIN" -g "[0:v]null" -filter_complex "[0:v]null"
ok "-g N is ffmpeg's key-frame interval, -g GRAPH the filter graph"
