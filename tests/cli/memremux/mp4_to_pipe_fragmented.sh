# Shows: MP4 to a pipe, where plain ffmpeg fails ("muxer does not support non-seekable output"), is written fragmented, probes, and carries ffmpeg's packets.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
# ffmpeg itself cannot do it
if cat "$FX/mkv_multi.mkv" | ffmpeg -nostdin -v error -i pipe:0 -map 0:v -map 0:a -c copy -f mp4 pipe:1 2>"$T/fferr" | cat >/dev/null; then
  fail "ffmpeg unexpectedly wrote MP4 to a pipe"
fi
grep -q "does not support non seekable output" "$T/fferr" || { cat "$T/fferr"; fail "ffmpeg failed for another reason"; }
for entry in mp4_front.mp4 mp4_end.mp4 "mkv_multi.mkv=-map 0 -map -0:s" ts_single.ts webm_vp9.webm; do
  in=${entry%%=*}; maps=(); [ "$entry" = "$in" ] || read -r -a maps <<< "${entry#*=}"
  cat "$FX/$in" | memremux -f mp4 2>"$T/err" | cat > "$T/got.mp4" || { cat "$T/err"; fail "memremux failed on $in"; }
  grep -q moof "$T/got.mp4" || fail "$in: output to a pipe is not fragmented"
  # the same as ffmpeg's fragmented MP4 with the flags memremux picks ...
  ref_copy "$FX/$in" mp4 "$T/frag.mp4" "${maps[@]}" -movflags +frag_keyframe+empty_moov+default_base_moof
  same_packets "$T/got.mp4" "$T/frag.mp4"
  # ... and, stream by stream, the payloads of ffmpeg's regular MP4 (the times differ: a fragmented MP4 keeps no
  # edit list, so an AAC priming packet is timed from 0 instead of being marked for discarding)
  ref_copy "$FX/$in" mp4 "$T/plain.mp4" "${maps[@]}"
  [ "$(payloads "$T/got.mp4")" = "$(payloads "$T/plain.mp4")" ] || fail "$in: payloads differ from ffmpeg's regular MP4"
  ok "$in -> fragmented mp4 on a pipe"
done
