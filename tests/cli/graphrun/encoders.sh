# -c:v/-c:a pick encoders (with --enc-opt), -f picks the container; timestamps survive encoding.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
cat "$MAIN" | graphrun -g '[0:v]scale=80:60[v];[0:a]anull[a]' -c:v mpeg4 --enc-opt b=300k --enc-opt g=30 -c:a flac -f matroska > "$T/enc.mkv"
[ "$(streams "$T/enc.mkv" | tr '\n' ' ')" = "mpeg4,video flac,audio " ] || fail "encoders: $(streams "$T/enc.mkv")"
# flac is lossless: the audio decodes to the same samples as the input
ffq -i "$T/enc.mkv" -map 0:a -f md5 "$T/a.md5"
ffq -i "$MAIN" -map 0:a -f md5 "$T/b.md5"
cmp -s "$T/a.md5" "$T/b.md5" || fail "flac audio differs from the input audio"
# every video frame is there with its time
n=$(ffprobe -v error -select_streams v -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$T/enc.mkv")
[ "$n" = 180 ] || fail "expected 180 video frames, got $n"
last=$(ffprobe -v error -select_streams v -show_entries packet=pts_time -of csv=p=0 "$T/enc.mkv" | sort -n | tail -1)
[ "$last" = "2.983000" ] || fail "last video pts $last"
ok "mpeg4 + flac in Matroska, lossless audio, 180 frames"
# (grep reads the whole list: with -q it could stop early, and pipefail would then count ffmpeg's SIGPIPE as "no".)
if ffmpeg -hide_banner -encoders 2>/dev/null | grep libx264 > /dev/null; then
  cat "$MAIN" | graphrun --vf 'scale=80:60' -an -c:v libx264 --enc-opt preset=ultrafast --enc-opt crf=30 -f matroska > "$T/x.mkv"
  [ "$(streams "$T/x.mkv")" = "h264,video" ] || fail "libx264: $(streams "$T/x.mkv")"
  ok "libx264 with --enc-opt"
fi
# An encoder's formats as ffmpeg picks them: MJPEG at the default compliance gets full-range YUV (yuvj420p), where the
# graph's yuv420p would be refused ("Non full-range YUV is non-standard"); -strict unofficial takes yuv420p. The
# packets are ffmpeg's for the same command.
for strict in "" "-strict unofficial"; do
  # shellcheck disable=SC2086
  graphrun -i "$FX/mkv_multi.mkv" -map 0:v -c:v mjpeg $strict -f avi -y "$T/mj.avi" 2> "$T/err" || fail "mjpeg $strict: $(cat "$T/err")"
  # shellcheck disable=SC2086
  ffmpeg -nostdin -v error -i "$FX/mkv_multi.mkv" -map 0:v -c:v mjpeg $strict -f avi -y "$T/mjref.avi"
  want=$([ -z "$strict" ] && echo yuvj420p || echo yuv420p)
  [ "$(ffprobe -v error -show_entries stream=pix_fmt -of csv=p=0 "$T/mj.avi")" = "$want" ] || fail "mjpeg $strict: not $want"
  diff <(ffmpeg -nostdin -v error -i "$T/mj.avi" -map 0 -c copy -f streamhash -) \
    <(ffmpeg -nostdin -v error -i "$T/mjref.avi" -map 0 -c copy -f streamhash -) > /dev/null || fail "mjpeg $strict: not ffmpeg's packets"
done
ok "mjpeg: yuvj420p at the default compliance, yuv420p with -strict unofficial; ffmpeg's packets"
# Codecs beyond a container's list, as ffmpeg writes them: Matroska takes a codec with an AVI or WAVE tag (huffyuv as
# V_MS/VFW/FOURCC, pcm_mulaw as A_MS/ACM), MOV one with an AVI or WAVE tag ("MS style": ffv1, vorbis); a codec with
# neither (bmp in Matroska) is refused before anything runs, where ffmpeg fails at the header. A mono encoder whose
# first format is the packed twin of the graph's planar one (libtwolame: flt for fltp), FLAC's last packet (its
# STREAMINFO) on the tick of the one before it in AVI (ffmpeg moves it one tick on), and -strict -2 that both the
# encoder and MP4 must take (TrueHD) give ffmpeg's bytes.
A=$FX/sync_av4.nut
same_bytes() {  # same_bytes NAME ARGS...: graphrun and ffmpeg write the same file for ARGS -y OUT
  local name=$1; shift
  graphrun -v error -i "$A" "$@" -fflags +bitexact -y "$T/$name" 2> "$T/err" || fail "$name: $(cat "$T/err")"
  ffmpeg -nostdin -v error -i "$A" "$@" -fflags +bitexact -y "$T/ref-$name" 2> /dev/null || fail "$name: ffmpeg failed"
  cmp -s "$T/$name" "$T/ref-$name" || fail "$name ($*): not ffmpeg's bytes"
}
same_bytes huffyuv.mkv -map 0:v -c:v huffyuv -frames:v 5
same_bytes mulaw.mkv -map 0:a -c:a pcm_mulaw -t 0.5
same_bytes ffv1.mov -map 0:v -c:v ffv1 -frames:v 5
same_bytes vorbis.mov -map 0:a -c:a libvorbis -t 0.5
same_bytes flac.avi -map 0:a -c:a flac -t 0.2
same_bytes truehd.mp4 -map 0:a -c:a truehd -strict -2 -t 0.2
if ffmpeg -hide_banner -encoders 2> /dev/null | grep libtwolame > /dev/null; then same_bytes twolame.mp2 -map 0:a -c:a libtwolame -t 0.2; fi
# -sample_fmt: the graph gives that format, as ffmpeg's (FLAC at 16 bits instead of 24; the default PCM of a WAV).
same_bytes flac16.mkv -map 0:a -c:a flac -sample_fmt s16 -t 0.2
same_bytes s16p.mp3 -map 0:a -c:a libmp3lame -sample_fmt s16p -t 0.2
same_bytes s16.wav -map 0:a -sample_fmt:a:0 s16 -t 0.2
[ "$(ffprobe -v error -show_entries stream=bits_per_raw_sample -of csv=p=0 "$T/flac16.mkv")" = 16 ] || fail "-sample_fmt s16: not 16-bit FLAC"
expect_status 2 graphrun -i "$A" -map 0:a -c:a flac -sample_fmt s17 -y "$T/x.mkv"
expect_stderr "^graphrun: error: usage: -sample_fmt: unknown sample format 's17'"
# The automatic choice for MP3, whose muxer takes pictures as cover art only (APIC): no video from a clip's video
# stream, as ffmpeg (graphrun wrote its frames as cover pictures).
same_bytes auto.mp3 -t 0.5
[ "$(ffprobe -v error -show_entries stream=codec_type -of csv=p=0 "$T/auto.mp3")" = audio ] || fail "auto.mp3: not audio only"
# Cover art: a song with an attached picture (no timestamps) to MP3 keeps the picture, also with -t (the picture
# takes ffmpeg's first dts guess, 0, as its time; the output's trim dropped it before).
ffmpeg -nostdin -v error -f lavfi -i sine=d=1 -f lavfi -i testsrc2=s=64x48:d=0.04 -map 0 -map 1 -frames:v 1 -c:a aac -c:v mjpeg \
  -disposition:v attached_pic -y "$T/song.mp4" || fail "making the song with a cover"
for t in "" "-t 0.5"; do
  # shellcheck disable=SC2086 # $t is words (none, or -t 0.5)
  A=$T/song.mp4 same_bytes "cover${t// /}.mp3" $t
  [ "$(ffprobe -v error -show_entries stream=codec_name:stream_disposition=attached_pic -of csv=p=0 "$T/cover${t// /}.mp3" | tr '\n' ' ')" = "mp3,0 png,1 " ] ||
    fail "cover $t: no attached picture"
done
expect_status 1 graphrun -i "$A" -map 0:v -c:v bmp -frames:v 1 -y "$T/bmp.mkv"
expect_stderr "^graphrun: error: opening output: the matroska muxer cannot hold bmp \(choose another -f or encoder\)$"
[ ! -e "$T/bmp.mkv" ] || fail "bmp in Matroska: a file was written"
ok "huffyuv and pcm_mulaw in Matroska, ffv1 and vorbis in MOV, libtwolame mono, FLAC in AVI, TrueHD in MP4, -sample_fmt, MP3 covers: ffmpeg's bytes"
