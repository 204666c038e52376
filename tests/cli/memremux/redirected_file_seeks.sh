# Shows: a regular file redirected to stdin/stdout is used with seeking: "memremux -f mp4 < in.mkv > out.mp4" is a regular (not fragmented) MP4 and an index-at-end MP4 on stdin needs no spool, where ffmpeg's pipe: fails on both.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
# ffmpeg: pipe:1 never seeks, even when it is a file
if ffmpeg -nostdin -v error -i pipe:0 -map 0:v -map 0:a -c copy -f mp4 pipe:1 < "$FX/mkv_multi.mkv" > "$T/ffmpeg.mp4" 2>"$T/fferr"; then
  fail "ffmpeg unexpectedly wrote MP4 to a redirected file"
fi
grep -q "non seekable" "$T/fferr" || { cat "$T/fferr"; fail "ffmpeg failed for another reason"; }
# memremux: a regular MP4 with the packets of ffmpeg writing that file by name
memremux -f mp4 < "$FX/mkv_multi.mkv" > "$T/got.mp4" 2>"$T/err"
grep -q "dropping stream 0:3" "$T/err" || fail "subtitle drop not reported"
! grep -q moof "$T/got.mp4" || fail "output is fragmented"
ffmpeg -nostdin -v error -i "$FX/mkv_multi.mkv" -map 0 -map -0:s -c copy -y "$T/ref.mp4"
same_packets "$T/got.mp4" "$T/ref.mp4"
# an index-at-end MP4 redirected to stdin is read in place (no spool: an unwritable TMPDIR does not matter)
TMPDIR=/nonexistent memremux -f matroska < "$FX/mp4_end.mp4" > "$T/got.mkv"
ffmpeg -nostdin -v error -i "$FX/mp4_end.mp4" -map 0 -c copy -y "$T/ref.mkv"
same_packets "$T/got.mkv" "$T/ref.mkv"
# stdout opened for appending (>>) cannot be seeked for writing: the MP4 is fragmented instead of broken
: > "$T/appended.mp4"
memremux -f mp4 < "$FX/mp4_front.mp4" >> "$T/appended.mp4"
grep -q moof "$T/appended.mp4" || fail "appended output is not fragmented"
ffprobe -v error "$T/appended.mp4" || fail "appended output does not probe"
ok "redirected files seek"
