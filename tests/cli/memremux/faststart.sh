# Shows: --faststart puts the MP4 index before the media data (read back through memremux's own IO, to -o and to a redirected stdout), with ffmpeg's packets.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
box_offset() { grep -boa "$1" "$2" | awk -F: 'NR == 1 { print $1 }'; }
ffmpeg -nostdin -v error -i "$FX/mp4_end.mp4" -map 0 -c copy -movflags +faststart -y "$T/ref.mp4"
memremux "$FX/mp4_end.mp4" --faststart -o "$T/got.mp4"
memremux -f mp4 --faststart < "$FX/mp4_end.mp4" > "$T/stdout.mp4"
for f in "$T/got.mp4" "$T/stdout.mp4"; do
  [ "$(box_offset moov "$f")" -lt "$(box_offset mdat "$f")" ] || fail "$f: moov is not before mdat"
  same_packets "$f" "$T/ref.mp4"
done
cmp "$T/got.mp4" "$T/stdout.mp4" || fail "-o and stdout differ"
# without it the index stays at the end
memremux "$FX/mp4_end.mp4" -o "$T/plain.mp4"
[ "$(box_offset moov "$T/plain.mp4")" -gt "$(box_offset mdat "$T/plain.mp4")" ] || fail "moov moved without --faststart"
[ -z "$(ls -A "$T" | grep part)" ] || fail "temporary files left"
ok "faststart"
