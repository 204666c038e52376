# Shows: inputs in other containers (AVI, FLV, Ogg, MPEG-PS, M4A, MOV with B-frames and its index at the end) piped in give ffmpeg's packets in nut, matroska and mpegts.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
gen() { ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=160x120:rate=25:duration=1 -f lavfi -i sine=duration=1 \
          -threads 1 -fflags +bitexact -flags +bitexact "$@"; }
gen -c:v mpeg4 -c:a libmp3lame -y "$T/in.avi"
gen -c:v flv1 -c:a aac -y "$T/in.flv"
gen -c:v libvpx -deadline realtime -c:a libvorbis -f ogg -y "$T/in.ogg"
gen -c:v mpeg2video -c:a mp2 -f mpeg -y "$T/in.mpg"
gen -vn -c:a aac -y "$T/in.m4a"
gen -c:v libx264 -preset medium -bf 2 -c:a aac -y "$T/in_end.mov"   # moov at the end: read as a file by ffmpeg
for in in in.avi in.flv in.ogg in.mpg in.m4a in_end.mov; do
  for fmt in nut matroska mpegts; do
    cat "$T/$in" | memremux -f "$fmt" -o "$T/got.$fmt" 2>"$T/err" || { cat "$T/err"; fail "$in -> $fmt failed"; }
    ref_copy "$T/$in" "$fmt" "$T/ref.$fmt"
    same_packets "$T/got.$fmt" "$T/ref.$fmt"
  done
  ok "$in: ffmpeg's packets in nut, matroska, mpegts"
done
