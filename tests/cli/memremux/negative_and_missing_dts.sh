# Shows: negative DTS (H.264 with B-frames in MP4) and missing timestamps (raw H.264 and ADTS streams, predicted as ffmpeg does) give ffmpeg's packets and times; a raw B-frame stream, which no copy can time, fails with one clear line, as with ffmpeg.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=160x120:rate=25:duration=2 -f lavfi -i sine=duration=2 \
  -c:v libx264 -preset medium -bf 3 -threads 1 -c:a aac -fflags +bitexact -flags +bitexact -y "$T/bframes.mp4"
first_dts=$(ffprobe -v error -select_streams v -show_entries packet=dts_time -of csv=p=0 "$T/bframes.mp4" | awk 'NR == 1')
[ "${first_dts:0:1}" = "-" ] || fail "fixture has no negative DTS ($first_dts)"
ffmpeg -nostdin -v error -i "$FX/mp4_front.mp4" -map 0:v -c copy -f h264 -y "$T/plain.h264"
ffmpeg -nostdin -v error -i "$T/bframes.mp4" -map 0:a -c copy -f adts -y "$T/audio.aac"
for in in bframes.mp4 plain.h264 audio.aac; do
  for fmt in matroska nut mpegts mp4; do
    cat "$T/$in" | memremux -f "$fmt" -o "$T/got.$fmt"
    ref_copy "$T/$in" "$fmt" "$T/ref.$fmt"
    if [ "$in/$fmt" = audio.aac/matroska ]; then
      same_packets_only "$T/got.$fmt" "$T/ref.$fmt"  # ffmpeg's Matroska of ADTS is damaged (helpers.bash)
    else
      same_packets "$T/got.$fmt" "$T/ref.$fmt"
    fi
  done
  ok "$in: ffmpeg's packets and times in matroska, nut, mpegts, mp4"
done
# raw H.264 with B-frames: no timestamps to copy
ffmpeg -nostdin -v error -i "$T/bframes.mp4" -map 0:v -c copy -f h264 -y "$T/bframes.h264"
if cat "$T/bframes.h264" | ffmpeg -nostdin -v error -i pipe:0 -c copy -f matroska -y "$T/ff.mkv" 2>/dev/null; then
  fail "ffmpeg copied it after all: memremux should too"
fi
expect_status 1 sh -c "cat '$T/bframes.h264' | memremux -f matroska"
expect_stderr "^memremux: error: writing output: Invalid argument \(Can't write packet with unknown timestamp\)$"
ok "untimed B-frames refused in one line"
