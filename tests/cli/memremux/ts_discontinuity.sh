# Shows: two MPEG-TS streams back to back (timestamps jump back, continuity counters break) are remuxed with ffmpeg's discontinuity handling (same packets and times as ffmpeg -c copy, DTS never going backwards), and the broken join is reported as damage (status 1).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
cat "$FX/ts_single.ts" "$FX/ts_single.ts" > "$T/twice.ts"
for fmt in matroska nut mpegts; do
  status=0
  cat "$T/twice.ts" | memremux -f "$fmt" 2>"$T/err" | cat > "$T/got.$fmt" || status=$?
  [ "$status" -eq 1 ] || { cat "$T/err"; fail "status $status, expected 1 (the join is damaged)"; }
  grep -q '^memremux: error: reading input: the input is damaged: corrupt packet in stream 0:[01] (' "$T/err" ||
    { cat "$T/err"; fail "message"; }
  ref_copy "$T/twice.ts" "$fmt" "$T/ref.$fmt"
  same_packets "$T/got.$fmt" "$T/ref.$fmt"
  ffprobe -v error -show_entries packet=stream_index,dts -of csv=p=0 "$T/got.$fmt" |
    awk -F, '$2 != "N/A" { if (($1 in last) && $2 < last[$1]) { print "stream " $1 ": " $2 " after " last[$1]; bad = 1 } last[$1] = $2 } END { exit bad }' ||
    fail "$fmt: dts goes backwards"
  ok "$fmt: $(packets "$T/got.$fmt" | grep -c MD5) packets across the discontinuity, as ffmpeg"
done
