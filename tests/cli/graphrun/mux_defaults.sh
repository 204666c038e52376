# Shows: graphrun's muxer has ffmpeg's defaults, not libavformat's: an MPEG-TS of encoded audio (AAC, MP2) and video
# (mpeg4) is ffmpeg's byte for byte. ffmpeg's -muxdelay is 0.7 s unless told otherwise; libavformat's max_delay is 0,
# with which the TS muxer writes each audio frame in a PES packet of its own (twice the bytes for AAC here).
# ctest: LABELS parity (ffmpeg's command line: judged in the sanitizer pass, not again under the thread sanitizer)
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
