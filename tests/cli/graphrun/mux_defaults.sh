# Shows: graphrun's muxer has ffmpeg's defaults, not libavformat's: an MPEG-TS of encoded audio (AAC, MP2) and video
# (mpeg4) is ffmpeg's byte for byte. ffmpeg's -muxdelay is 0.7 s unless told otherwise; libavformat's max_delay is 0,
# with which the TS muxer writes each audio frame in a PES packet of its own (twice the bytes for AAC here).
# And each stream has its encoder's coded side data, as ffmpeg copies it: the MPEG-PS muxer (-f mpeg, -f vob) takes
# its mux rate and buffer sizes from the encoder's CPB properties (without them: another pack header, and "buffer
# underflow" warnings).
# ctest: LABELS parity (ffmpeg's command line: judged on the normal build, not under the sanitizers)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
for args in "-map 0:a -c:a aac" "-c:v mpeg4 -c:a aac" "-vf scale=80:60 -c:v mpeg4 -b:v 300k -c:a mp2"; do
  read -r -a a <<< "$args"
  ffq -i "$MAIN" "${a[@]}" -threads 1 -fflags +bitexact -f mpegts "$T/ref.ts" || fail "ffmpeg $args"
  graphrun -v error -i "$MAIN" "${a[@]}" -threads 1 -fflags +bitexact -f mpegts - > "$T/got.ts" 2> "$T/err" ||
    fail "graphrun $args: $(cat "$T/err")"
  cmp -s "$T/ref.ts" "$T/got.ts" ||
    fail "$args -f mpegts: $(stat -c %s "$T/got.ts") bytes, not ffmpeg's $(stat -c %s "$T/ref.ts")"
  ok "$args -f mpegts: ffmpeg's $(stat -c %s "$T/ref.ts") bytes"
done
# ffmpeg's -muxdelay and -muxpreload change them, as in ffmpeg (memremux/mux_timing has more).
for c in "mpeg" "vob" "mpegts -muxdelay 0 -muxpreload 0" "mpeg -muxpreload 0.2 -muxdelay 0.1"; do
  read -r -a timing <<< "$c"
  fmt=${timing[0]}
  args=(-vf scale=80:60 -c:v mpeg2video -b:v 500k -maxrate 1M -bufsize 500k -c:a mp2 "${timing[@]:1}")
  ffq -i "$MAIN" "${args[@]}" -threads 1 -fflags +bitexact -f "$fmt" "$T/ref.mpg" 2> /dev/null || fail "ffmpeg -f $c"
  graphrun -v warning -i "$MAIN" "${args[@]}" -threads 1 -fflags +bitexact -f "$fmt" - > "$T/got.mpg" 2> "$T/err" ||
    fail "graphrun -f $fmt: $(cat "$T/err")"
  # (The defaults give no warning; a shorter delay makes the muxer warn of buffer underflows, as ffmpeg's does.)
  [ "${#timing[@]}" -gt 1 ] || [ ! -s "$T/err" ] || fail "-f $fmt: warnings: $(head -2 "$T/err")"
  cmp -s "$T/ref.mpg" "$T/got.mpg" ||
    fail "-f $fmt: $(stat -c %s "$T/got.mpg") bytes, not ffmpeg's $(stat -c %s "$T/ref.mpg")"
  ok "mpeg2video + mp2 -f $c: ffmpeg's $(stat -c %s "$T/ref.mpg") bytes"
done
# A container whose own audio codec is PCM (WAV, AIFF, AU, the hash muxers) gets that codec when none is named, as
# in ffmpeg: the float samples of volume become pcm_s16le (or s16be), not the graph's pcm_f32le, which stays the
# default of NUT and Matroska (their own codec is a compressed one).
for fmt in wav aiff au framemd5; do
  ffq -i "$MAIN" -map 0:a -af volume=0.5 -fflags +bitexact -f "$fmt" "$T/ref.$fmt" || fail "ffmpeg -f $fmt"
  graphrun -v error -i "$MAIN" -map 0:a -af volume=0.5 -fflags +bitexact -f "$fmt" - > "$T/got.$fmt" 2> "$T/err" ||
    fail "graphrun -f $fmt: $(cat "$T/err")"
  cmp -s "$T/ref.$fmt" "$T/got.$fmt" ||
    fail "-af volume -f $fmt: $(stat -c %s "$T/got.$fmt") bytes, not ffmpeg's $(stat -c %s "$T/ref.$fmt")"
  ok "-af volume -f $fmt: ffmpeg's $(stat -c %s "$T/ref.$fmt") bytes"
done
# Named by its extension, with no -map: ffmpeg takes the audio alone into a WAV (the muxer has no video codec).
ffq -i "$MAIN" -af volume=0.5 -fflags +bitexact "$T/ref.wav" || fail "ffmpeg out.wav"
graphrun -v error -i "$MAIN" -af volume=0.5 -fflags +bitexact "$T/got.wav" 2> "$T/err" || fail "graphrun out.wav: $(cat "$T/err")"
cmp -s "$T/ref.wav" "$T/got.wav" || fail "out.wav: $(stat -c %s "$T/got.wav") bytes, not ffmpeg's $(stat -c %s "$T/ref.wav")"
ok "-af volume out.wav: ffmpeg's $(stat -c %s "$T/ref.wav") bytes"
# (NUT keeps the graph's own format: pipeline.sh and labels.sh check pcm_f32le there.)
# FLV lists PCM but takes it only at 44100, 22050 and 11025 Hz, WTV lists rawvideo and refuses it: a named .flv or
# .wtv gets ffmpeg's encoders (flv1 and mp3, mpeg2video and ac3) and ffmpeg's bytes, where the header failed.
for ext in flv wtv; do
  ffq -i "$MAIN" -filter_complex '[0:v]null[v];[0:a]anull[a]' -map '[v]' -map '[a]' -threads 1 -fflags +bitexact \
    "$T/ref.$ext" || fail "ffmpeg out.$ext"
  graphrun -v error -i "$MAIN" -g '[0:v]null[v];[0:a]anull[a]' -threads 1 -fflags +bitexact "$T/got.$ext" 2> "$T/err" ||
    fail "graphrun out.$ext: $(cat "$T/err")"
  cmp -s "$T/ref.$ext" "$T/got.$ext" ||
    fail "out.$ext: $(stat -c %s "$T/got.$ext") bytes, not ffmpeg's $(stat -c %s "$T/ref.$ext")"
  codecs=$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$T/got.$ext" | tr '\n' ' ')
  ok "out.$ext: ffmpeg's $(stat -c %s "$T/ref.$ext") bytes ($codecs)"
done
