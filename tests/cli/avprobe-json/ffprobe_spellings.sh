# Shows: ffprobe's command lines, in ffprobe's spelling and in GNU --long form, print what ffprobe prints for the
# same line (JSON compared field by field, the other writers byte for byte), from a file and from stdin; with
# several inputs, an input's error line names it.
source "$(dirname "$0")/../lib.sh"
MKV=$FX/mkv_multi.mkv
TS=$FX/ts_programs.ts
n=0
# same WRITER "ARGS": avprobe-json ARGS and ffprobe ARGS print the same (json: field by field).
same() {
  local writer=$1; shift
  eval "avprobe-json $*" > "$T/ours" 2> "$T/err" || { cat "$T/err" >&2; fail "avprobe-json $*: exit $?"; }
  eval "ffprobe ${*//--/-}" > "$T/ref" 2> /dev/null || fail "ffprobe $*"
  if [ "$writer" = json ]; then
    json_diff "$T/ref" "$T/ours" || fail "differs from ffprobe: $*"
  else
    cmp -s "$T/ref" "$T/ours" || { diff "$T/ref" "$T/ours" | head -4; fail "differs from ffprobe: $*"; }
  fi
  n=$((n + 1))
}
same json '-v quiet -print_format json -show_format -show_streams "$MKV"'
same json '-loglevel error -hide_banner -of json -show_entries format=duration,format_name:stream=codec_name "$MKV"'
same json '-v error -select_streams v -show_streams -of json "$MKV"'
same json '-v error -show_chapters -of json "$MKV"'
same json '-v error -show_programs -of json "$TS"'
same json '-v repeat+level+error -show_format -of json=compact=1 "$TS"'
same json '--v quiet --show_format --print_format json "$MKV"'
same csv '-v error -count_frames -select_streams a -show_entries stream=nb_read_frames -of csv=p=0 "$MKV"'
same flat '-v error -show_format -of flat -i "$MKV"'
same default '-v error -show_entries stream=width,height -select_streams v -of default=nw=1 "$MKV"'
same compact '-v error -show_packets -select_streams a:0 -of compact "$MKV"'
same json '-v quiet -of json -show_streams pipe:0 < "$MKV"'
ok "$n ffprobe command lines print what ffprobe prints"
# The GNU spellings are the same options ('_' and '-' alike, two dashes for every long name).
avprobe-json --show-format --print-format json "$MKV" > "$T/gnu.json"
ffprobe -v quiet -show_format -print_format json "$MKV" > "$T/ref.json"
json_diff "$T/ref.json" "$T/gnu.json" || fail "--show-format --print-format json differs"
ok "GNU spellings"
# Several inputs: the error line of the one that fails names it; the last line counts the failures.
expect_status 1 avprobe-json -v error --ndjson "$MKV" "$FX/garbage.bin"
[ "$(grep -c '' "$T/err")" -eq 2 ] || { cat "$T/err" >&2; fail "expected the input's line and the count"; }
grep -Eq "^avprobe-json: error: .*garbage.bin: opening input: " "$T/err" || fail "no line naming garbage.bin"
[ "$(tail -n 1 "$T/err")" = "avprobe-json: error: 1 of 2 inputs failed" ] || fail "the last line does not count the failures"
# A file that is not there is named once, not once by the batch and again by the file's opening.
expect_status 1 avprobe-json -v error --ndjson "$T/none.mp4" "$MKV"
[ "$(head -n 1 "$T/err")" = "avprobe-json: error: $T/none.mp4: opening input: No such file or directory" ] ||
  { cat "$T/err" >&2; fail "a missing input's line"; }
ok "with several inputs, the failing input is named (once)"
