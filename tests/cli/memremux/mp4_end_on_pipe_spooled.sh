# Shows: an MP4 with its index at the end, arriving on a pipe, is spooled and remuxed whole (ffmpeg 5.1 gets "partial file" and an output without packets); the spool lives in $TMPDIR and is gone afterwards.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
mkdir "$T/spool"
# ffmpeg from the same pipe: the index is out of reach, nothing is copied
cat "$FX/mp4_end.mp4" | ffmpeg -nostdin -v error -i pipe:0 -map 0 -c copy -f matroska -y "$T/ffmpeg.mkv" 2>"$T/fferr" || true
grep -q "partial file\|moov atom not found" "$T/fferr" || { cat "$T/fferr"; fail "ffmpeg did not fail as expected"; }
[ "$(packets "$T/ffmpeg.mkv" 2>/dev/null | grep -c MD5 || true)" -eq 0 ] || fail "ffmpeg unexpectedly copied packets"
# memremux from the pipe
cat "$FX/mp4_end.mp4" | TMPDIR="$T/spool" memremux -f matroska 2>"$T/err" | cat > "$T/got.mkv"
[ ! -s "$T/err" ] || { cat "$T/err"; fail "unexpected messages"; }
ffmpeg -nostdin -v error -i "$FX/mp4_end.mp4" -map 0 -c copy -f matroska -y "$T/ref.mkv"
same_packets "$T/got.mkv" "$T/ref.mkv"
[ -z "$(ls -A "$T/spool")" ] || fail "spool left behind: $(ls -A "$T/spool")"
# --spool-dir picks the place, and one that does not exist is a clear error
cat "$FX/mp4_end.mp4" | memremux --spool-dir "$T/spool" -f nut | cat > "$T/got.nut"
[ "$(packets "$T/got.nut" | grep -c MD5)" -eq "$(packets "$T/ref.mkv" | grep -c MD5)" ] || fail "--spool-dir run lost packets"
expect_status 1 sh -c "cat '$FX/mp4_end.mp4' | memremux --spool-dir '$T/nonexistent' -f nut"
expect_stderr "^memremux: error: creating the spool in $T/nonexistent: No such file or directory$"
ok "index-at-end MP4 on a pipe remuxed through a spool that leaves nothing behind"
