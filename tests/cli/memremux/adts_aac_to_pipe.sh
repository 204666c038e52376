# Shows: AAC in ADTS (a raw .aac stream, and AAC inside MPEG-TS with the audio starting before the video) goes into
# Matroska and MP4 written to a pipe, where ffmpeg fails ("Error parsing AAC extradata" for Matroska; "Malformed AAC
# bitstream" for fragmented MP4): the packets are the ones ffmpeg writes to a seekable file, and the header carries
# the AAC config (read from the first packet before the header is written).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
ffmpeg -nostdin -v error -f lavfi -i sine=frequency=440:sample_rate=44100:duration=2 -c:a aac -b:a 96k -f adts \
  -y "$T/in.aac"
ffmpeg -nostdin -v error -f lavfi -i sine=frequency=440:sample_rate=48000:duration=2 -itsoffset 0.5 \
  -f lavfi -i testsrc2=size=160x120:rate=25:duration=1.5 -map 0:a -map 1:v -c:v libx264 -preset veryfast -threads 1 \
  -c:a aac -y "$T/afirst.ts"
for in in "$T/in.aac" "$T/afirst.ts"; do
  # ffmpeg on a pipe: fails, as the issue says (so this test shows something ffmpeg cannot do).
  if cat "$in" | command ffmpeg -nostdin -v error -i pipe:0 -map 0 -c copy -f matroska pipe:1 > /dev/null 2>&1; then
    fail "ffmpeg wrote ${in##*/} to Matroska on a pipe: this test no longer shows a difference"
  fi
  cat "$in" | memremux -f matroska 2> "$T/err" | cat > "$T/got.mkv" || { cat "$T/err" >&2; fail "${in##*/} -> matroska"; }
  ffmpeg -nostdin -v error -i "$in" -map 0 -c copy -y "$T/ref.mkv"
  same_packets_only "$T/ref.mkv" "$T/got.mkv"  # ffmpeg's Matroska of ADTS may be damaged (helpers.bash); ours not:
  ffprobe -v error -show_entries stream=codec_name,sample_rate,extradata_size -of csv=p=0 "$T/got.mkv" > "$T/streams" \
    2> "$T/probe_err"
  [ ! -s "$T/probe_err" ] || fail "${in##*/} -> matroska: ffprobe complains: $(head -3 "$T/probe_err")"
  grep -Eq '^aac,(44100|48000),2$' "$T/streams" || fail "${in##*/} -> matroska: no AAC config: $(cat "$T/streams")"
  ok "${in##*/} -> Matroska on a pipe: $(grep -c '^packet,' "$T/pa.txt") packets as ffmpeg writes to a file"
  cat "$in" | memremux -f mp4 2> "$T/err" | cat > "$T/got.mp4" || { cat "$T/err" >&2; fail "${in##*/} -> mp4"; }
  ffmpeg -nostdin -v error -i "$in" -map 0 -c copy -movflags +frag_keyframe+empty_moov+default_base_moof \
    -bsf:a aac_adtstoasc -y "$T/ref.mp4"
  same_packets "$T/ref.mp4" "$T/got.mp4"
  [ "$(ffprobe -v error -select_streams a -show_entries stream=sample_rate -of csv=p=0 "$T/got.mp4")" != "" ] ||
    fail "${in##*/} -> mp4: no audio sample rate"
  ok "${in##*/} -> fragmented MP4 on a pipe: $(grep -c '^packet,' "$T/pa.txt") packets as ffmpeg writes to a file"
done
