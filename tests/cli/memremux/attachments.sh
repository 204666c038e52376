# Shows: Matroska attachments (streams without packets, such as fonts) are carried to Matroska with their file name and MIME type, and named in a warning where the container cannot hold them.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
ffmpeg -nostdin -v error -i "$FX/mkv_multi.mkv" -attach "$FX/chapters.txt" -metadata:s:t mimetype=text/plain -map 0 -c copy \
  -y "$T/att.mkv"
cat "$T/att.mkv" | memremux -v error -f matroska -o "$T/got.mkv"
ref_copy "$T/att.mkv" matroska "$T/ref.mkv"
same_packets "$T/got.mkv" "$T/ref.mkv"
container_facts "$T/got.mkv" > "$T/got.json"
container_facts "$T/ref.mkv" > "$T/ref.json"
diff "$T/got.json" "$T/ref.json" >&2 || fail "attachment facts differ from ffmpeg's copy"
[ "$(ffprobe -v error -select_streams t -show_entries stream_tags=filename,mimetype -of csv=p=0 "$T/got.mkv")" = "chapters.txt,text/plain" ] ||
  fail "attachment lost"
cat "$T/att.mkv" | memremux -f nut 2>"$T/err" > /dev/null
grep -q '^memremux: warning: dropping stream 0:4 (attachment none): the nut container cannot hold it$' "$T/err" ||
  { cat "$T/err"; fail "no warning for the attachment"; }
ok "attachments"
