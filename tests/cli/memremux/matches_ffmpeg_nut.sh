# Shows: every fixture remuxed to NUT through pipes has the packets (payload hash, times, flags) and streams of ffmpeg's -c copy.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
# NUT cannot hold SubRip: memremux leaves it out by default, as ffmpeg must be told to.
match_ffmpeg_over_pipes nut mp4_front.mp4 mp4_end.mp4 "mkv_multi.mkv=-map 0 -map -0:s" ts_single.ts ts_programs.ts \
  webm_vp9.webm audio.flac audio.mp3 audio.wav
