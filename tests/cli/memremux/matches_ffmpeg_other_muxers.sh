# Shows: the other common muxers (flv, mov, ismv, ogg, mp3, flac, wav, adts) give ffmpeg's packets, written to a file by both tools.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
for entry in "mp4_front.mp4 flv" "mp4_front.mp4 mov" "mp4_front.mp4 ismv" "audio.flac ogg" "audio.mp3 mp3" "audio.flac flac" \
             "audio.wav wav" "mp4_front.mp4 adts -map 0:a" "mkv_multi.mkv ogg -map 0:a:1" "webm_vp9.webm ogg -map 0:a"; do
  read -r in fmt maps <<< "$entry"
  read -r -a maps <<< "$maps"
  cat "$FX/$in" | memremux "${maps[@]}" -f "$fmt" -o "$T/got.$fmt"
  ref_copy "$FX/$in" "$fmt" "$T/ref.$fmt" "${maps[@]}"
  same_packets "$T/got.$fmt" "$T/ref.$fmt"
  ok "$in -> $fmt ${maps[*]}: $(grep -c "^packet," "$T/pa.txt") packets as ffmpeg"
done
