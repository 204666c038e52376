#!/usr/bin/env bash
# Shows: with no options avprobe-json prints what `ffprobe -v quiet -print_format json -show_format -show_streams`
# prints -- same keys, order, types and values, field by field (json_diff names the path of any difference), and
# byte for byte -- for every fixture, named on the command line, given the ffprobe way, and redirected on stdin.
source "$(dirname "$0")/../lib.sh"
fixtures=(mp4_front.mp4 mp4_end.mp4 mkv_multi.mkv ts_single.ts ts_programs.ts webm_vp9.webm
          audio.flac audio.mp3 audio.wav rotated.mp4 attach_badtag.mkv)
for f in "${fixtures[@]}"; do
  ffprobe -v quiet -print_format json -show_format -show_streams "$FX/$f" > "$T/ref.json"
  expect_status 0 avprobe-json "$FX/$f"
  json_diff "$T/ref.json" "$T/out" || fail "$f: differs from ffprobe (paths above)"
  cmp -s "$T/ref.json" "$T/out" || fail "$f: not byte-identical to ffprobe"
  expect_status 0 avprobe-json -v quiet -print_format json -show_format -show_streams "$FX/$f"
  json_diff "$T/ref.json" "$T/out" || fail "$f (ffprobe spellings): differs from ffprobe"
  # A redirected regular file on stdin is seekable: size and duration are known, as ffprobe finds them for the
  # file by name (ffprobe itself reads stdin as a pipe and loses them).
  avprobe-json < "$FX/$f" > "$T/ours_stdin.json" || fail "$f on stdin: failed"
  json_diff --ignore format.filename "$T/ref.json" "$T/ours_stdin.json" || fail "$f on stdin: differs from ffprobe on the file"
  jq -e '.format.filename == "pipe:"' "$T/ours_stdin.json" > /dev/null || fail "stdin is not named pipe:"
done
# Invalid UTF-8 in a tag comes out as U+FFFD, and the whole document is valid UTF-8.
grep -q $'"title": "bad \xef\xbf\xbd\xef\xbf\xbd bytes"' <(avprobe-json "$FX/attach_badtag.mkv") || fail "invalid UTF-8 not replaced"
avprobe-json "$FX/attach_badtag.mkv" | iconv -f UTF-8 -t UTF-8 > /dev/null || fail "output is not valid UTF-8"
# The rotation side data is modelled (display matrix and rotation).
avprobe-json "$FX/rotated.mp4" | jq -e '.streams[0].side_data_list[0].rotation == 90' > /dev/null || fail "no rotation"
ok "format and streams match ffprobe on ${#fixtures[@]} fixtures"
