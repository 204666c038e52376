# Shows: MP4 written to a file (-o, and stdout redirected to a file) is a regular MP4 with ffmpeg's packets.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
for entry in mp4_front.mp4 mp4_end.mp4 "mkv_multi.mkv=-map 0 -map -0:s" ts_single.ts webm_vp9.webm audio.mp3; do
  in=${entry%%=*}; maps=(); [ "$entry" = "$in" ] || read -r -a maps <<< "${entry#*=}"
  ref_copy "$FX/$in" mp4 "$T/ref.mp4" "${maps[@]}"
  cat "$FX/$in" | memremux -o "$T/got.mp4" 2>"$T/err" || { cat "$T/err"; fail "memremux -o failed on $in"; }
  same_packets "$T/got.mp4" "$T/ref.mp4"
  memremux -f mp4 < "$FX/$in" > "$T/redirected.mp4" 2>"$T/err" || { cat "$T/err"; fail "memremux > file failed on $in"; }
  same_packets "$T/redirected.mp4" "$T/ref.mp4"
  for f in "$T/got.mp4" "$T/redirected.mp4"; do
    ! grep -q moof "$f" || fail "$f is fragmented"
  done
  ok "$in -> mp4 file: regular MP4, ffmpeg's packets"
done
