# Shows: a codec tag the target container would reject (XVID from AVI into MP4) is reset as ffmpeg -c copy does, one it accepts is kept.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 -c:v mpeg4 -vtag XVID -fflags +bitexact \
  -flags +bitexact -f avi -y "$T/xvid.avi"
[ "$(ffprobe -v error -show_entries stream=codec_tag_string -of csv=p=0 "$T/xvid.avi")" = XVID ] || fail "fixture"
for fmt in mp4 matroska nut mov; do
  memremux -f "$fmt" < "$T/xvid.avi" > "$T/got.$fmt"
  ffmpeg -nostdin -v error -i "$T/xvid.avi" -map 0 -c copy -f "$fmt" -y "$T/ref.$fmt"
  same_packets "$T/got.$fmt" "$T/ref.$fmt"
  got=$(ffprobe -v error -show_entries stream=codec_tag_string -of csv=p=0 "$T/got.$fmt")
  ref=$(ffprobe -v error -show_entries stream=codec_tag_string -of csv=p=0 "$T/ref.$fmt")
  [ "$got" = "$ref" ] || fail "$fmt: tag $got, ffmpeg gives $ref"
  ok "$fmt: codec tag $got (as ffmpeg)"
done
[ "$(ffprobe -v error -show_entries stream=codec_tag_string -of csv=p=0 "$T/got.mp4")" = mp4v ] || fail "mp4 did not reset XVID"
[ "$(ffprobe -v error -show_entries stream=codec_tag_string -of csv=p=0 "$T/got.nut")" = XVID ] || fail "nut did not keep XVID"
