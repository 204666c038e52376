#!/usr/bin/env bash
# Shows: the option set wrappers pass is accepted (hide_banner, loglevel, private data, allowed_extensions,
# protocol_whitelist, -i, pipe:0); any other ffprobe option is refused clearly with exit 2; usage errors exit 2.
source "$(dirname "$0")/../lib.sh"
f=$FX/mkv_multi.mkv
ffprobe -hide_banner -loglevel fatal -show_error -show_format -show_streams -show_programs -show_chapters \
  -show_private_data -print_format json "$f" > "$T/ref.json"
expect_status 0 avprobe-json -hide_banner -loglevel fatal -show_error -show_format -show_streams -show_programs \
  -show_chapters -show_private_data -print_format json "$f"
json_diff "$T/ref.json" "$T/out" || fail "node-ffprobe's command line differs"
expect_status 0 avprobe-json -show_format -show_streams -of json -allowed_extensions ALL -protocol_whitelist file,pipe -i "$f"
ffprobe -v quiet -show_format -show_streams -of json "$f" > "$T/ref.json"
json_diff "$T/ref.json" "$T/out" || fail "-i with accepted options differs"
ffprobe -v quiet -show_streams -of json -noprivate "$f" > "$T/ref.json"
expect_status 0 avprobe-json -v quiet -show_streams -of json -noprivate "$f"
json_diff "$T/ref.json" "$T/out" || fail "-noprivate differs"
ffprobe -v quiet -show_streams -of json pipe:0 < "$f" > "$T/ref.json"
avprobe-json -v quiet -show_streams -of json pipe:0 < "$f" > "$T/ours.json"
json_diff "$T/ref.json" "$T/ours.json" || fail "pipe:0 differs"
for opt in -show_stream_groups -export_all; do
  expect_status 2 avprobe-json "$opt" 1 "$f"
  expect_stderr "^avprobe-json: error: usage: $opt: an ffprobe option that avprobe-json does not honour yet \(see --help\)$"
done
expect_status 2 avprobe-json --no-such-option "$f"
expect_stderr "^avprobe-json: error: usage: unknown option '--no-such-option' \(see --help\)$"
expect_status 2 avprobe-json -of yaml "$f"
expect_stderr "unknown output format 'yaml'"
expect_status 2 avprobe-json -show_entries nosuchsection=x "$f"
expect_stderr "no match for section 'nosuchsection'"
expect_status 2 avprobe-json -of json=nosuch=1 "$f"
expect_status 2 avprobe-json -v loud "$f"
expect_status 0 avprobe-json --help
grep -q -- '--show-entries' "$T/out" || fail "--help does not list options"
expect_status 0 avprobe-json --version
grep -q '^avprobe-json ' "$T/out" || fail "--version"
# Output closed early: quiet, no error line.
avprobe-json --show-packets "$FX/ts_programs.ts" 2> "$T/err" | head -c 100 > /dev/null
[ ! -s "$T/err" ] || fail "a closed pipe printed: $(cat "$T/err")"
# Write failure is diagnosed.
st=0; avprobe-json "$f" > /dev/full 2> "$T/err" || st=$?
[ "$st" -eq 1 ] || fail "writing to /dev/full exited $st (stderr: $(cat "$T/err"))"
expect_stderr '^avprobe-json: error: writing output: No space left on device$' 
ok "ffprobe options accepted or refused clearly"
