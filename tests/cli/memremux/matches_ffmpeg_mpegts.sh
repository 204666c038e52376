# Shows: every fixture remuxed to MPEG-TS through pipes has the packets and streams of ffmpeg's -c copy.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
match_ffmpeg_over_pipes mpegts mp4_front.mp4 mp4_end.mp4 mkv_multi.mkv ts_single.ts ts_programs.ts webm_vp9.webm \
  audio.flac audio.mp3 audio.wav
