#!/usr/bin/env bash
# Shows: bad inputs (empty, garbage, a directory, a missing file) print ffprobe's error object with the code and
# text ffprobe gives, one line on stderr, and exit 1; truncated files are probed as far as ffprobe gets.
source "$(dirname "$0")/../lib.sh"
mkdir -p "$T/dir"
for input in "$FX/empty.bin" "$FX/garbage.bin" "$T/dir" "$T/missing.mp4"; do
  ffprobe -v quiet -of json -show_error "$input" > "$T/ref.json" || true
  jq -e '.error.code < 0' "$T/ref.json" > /dev/null || fail "ffprobe reports no error for $input"
  expect_status 1 avprobe-json "$input"
  expect_stderr '^avprobe-json: error: .+: .+$'
  json_diff "$T/ref.json" "$T/out" || fail "$input: error object differs from ffprobe"
  # The same on stdin (a missing file and a directory cannot be redirected).
  if [ -f "$input" ]; then
    expect_status 1 avprobe-json -v quiet - < "$input"
    jq -e '.error.code < 0 and (.error.string | length) > 0' "$T/out" > /dev/null || fail "$input on stdin: no error object"
    [ ! -s "$T/err" ] || fail "-v quiet still printed on stderr"
    cat "$input" | avprobe-json -v quiet > "$T/pipe.json" && fail "$input piped: exit 0"
    jq -e '.error.code < 0' "$T/pipe.json" > /dev/null || fail "$input piped: no error object"
  fi
done
# Truncated files: ffprobe gets something out of them, and so do we, field by field the same.
for f in truncated.mkv truncated.mp4; do
  ref=0; ffprobe -v quiet -of json -show_error -show_format -show_streams "$FX/$f" > "$T/ref.json" || ref=$?
  ours=0; avprobe-json -v quiet "$FX/$f" > "$T/ours.json" || ours=$?
  [ $((ref != 0)) -eq $((ours != 0)) ] || fail "$f: ffprobe exit $ref, ours $ours"
  json_diff "$T/ref.json" "$T/ours.json" || fail "$f: differs from ffprobe"
done
# With --show-error the error object is what ffprobe prints for the ffprobe way of calling.
expect_status 1 avprobe-json -v quiet -show_error -of json "$FX/garbage.bin"
ffprobe -v quiet -show_error -of json "$FX/garbage.bin" > "$T/ref.json" || true
cmp -s "$T/ref.json" "$T/out" || fail "-show_error output not byte-identical"
ok "bad inputs give the error object and exit 1"
