#!/usr/bin/env bash
# Shows: --show-warnings puts the warnings and errors FFmpeg logged while probing an input into that input's document
# ("warnings": [{level, component, message, stream_index where known}]): the same messages, in the same order, that
# ffprobe -v warning prints on stderr for that input, whatever -v says; with -j several inputs probed at once each get
# exactly their own; the rest of the document stays ffprobe's, and without warnings there is an empty list.
source "$(dirname "$0")/../lib.sh"
# Inputs that make FFmpeg warn: a Matroska cut short, an MPEG-TS with damaged bytes, an MP3 with a broken frame.
head -c 150000 "$FX/mkv_multi.mkv" > "$T/cut.mkv"
cp "$FX/ts_single.ts" "$T/damaged.ts"
printf '\xff\xff\xff\xff\xff\xff\xff\xff' | dd of="$T/damaged.ts" bs=1 seek=20000 conv=notrunc 2> /dev/null
for off in 30000 31000 50000 70000; do
  printf 'garbage!' | dd of="$T/damaged.ts" bs=1 seek=$off conv=notrunc 2> /dev/null
done
head -c 4000 "$FX/audio.mp3" > "$T/cut.mp3"
inputs=("$T/cut.mkv" "$T/damaged.ts" "$FX/audio.flac" "$T/cut.mp3")
# ffprobe's messages for one input: its stderr at -v warning, prefixes removed ("[mpegts @ 0x..] "), as
# "component|message" lines (no component: "|message").
ref_warnings() {
  command ffprobe -v warning -of json -show_format -show_streams "$1" 2>&1 > /dev/null |
    sed -E 's/^\[([^@]*) @ 0x[0-9a-f]+\] /\1|/; t; s/^/|/' | sed -E 's/ +$//'
}
our_warnings() { jq -r '.warnings[] | "\(.component)|\(.message)"' "$1"; }
any=0
for f in "${inputs[@]}"; do
  expect_status 0 avprobe-json -v quiet --show-warnings -of json -show_format -show_streams "$f"
  cp "$T/out" "$T/one.json"
  ref_warnings "$f" > "$T/ref.txt"
  our_warnings "$T/one.json" > "$T/ours.txt"
  diff "$T/ref.txt" "$T/ours.txt" > /dev/null || { diff "$T/ref.txt" "$T/ours.txt" >&2; fail "${f##*/}: warnings differ from ffprobe's stderr"; }
  [ -s "$T/ref.txt" ] && any=$((any + 1))
  jq -e '.warnings | all(.level == "warning" or .level == "error")' "$T/one.json" > /dev/null || fail "${f##*/}: a bad level"
  # The rest of the document is ffprobe's, byte for byte once the warnings are taken out.
  command ffprobe -v quiet -of json -show_format -show_streams "$f" > "$T/ref.json" || true
  json_diff --ignore warnings "$T/ref.json" "$T/one.json" || fail "${f##*/}: --show-warnings changes the document"
done
[ "$any" -ge 2 ] || fail "the damaged inputs made fewer than two inputs warn: the test shows nothing"
jq -e '.warnings == []' <(avprobe-json --show-warnings "$FX/audio.flac") > /dev/null || fail "a clean input has no empty list"
# A decoder's message names its stream (the H.264 decoder's: stream 0 of the TS); a demuxer's names none.
avprobe-json --show-warnings "$T/damaged.ts" > "$T/ts.json" || true
jq -e '[.warnings[] | select(.component == "h264")] | length > 0 and all(.stream_index == 0)' "$T/ts.json" > /dev/null ||
  fail "a decoder's warning does not name its stream"
jq -e '[.warnings[] | select(.component == "mp3")] | length > 0 and all(has("stream_index") | not)' "$T/one.json" > /dev/null ||
  fail "a demuxer's warning names a stream"
# Several inputs at once: each line holds its own input's warnings, as when probed alone.
for j in 1 2 4; do
  expect_status 0 avprobe-json -j $j --show-warnings "${inputs[@]}" "${inputs[@]}"
  i=0
  for f in "${inputs[@]}" "${inputs[@]}"; do
    i=$((i + 1))
    sed -n "${i}p" "$T/out" > "$T/line.json"
    ref_warnings "$f" > "$T/ref.txt"
    our_warnings "$T/line.json" > "$T/ours.txt"
    diff "$T/ref.txt" "$T/ours.txt" > /dev/null || { diff "$T/ref.txt" "$T/ours.txt" >&2; fail "-j $j: line $i (${f##*/}) holds other warnings"; }
  done
done
# ffprobe's -show_entries picks from the list as from any section (the element: warning=KEYS, as stream=KEYS).
avprobe-json -v quiet -of json -show_entries warning=component,message "$T/damaged.ts" > "$T/entries.json" || true
jq -e '(.warnings | length > 0) and (.warnings | all(keys == ["component", "message"]))' "$T/entries.json" > /dev/null ||
  fail "-show_entries warning=component,message does not pick those fields"
# What is printed on stderr does not change.
avprobe-json -v warning "$T/damaged.ts" 2> "$T/plain.err" > /dev/null || true
avprobe-json -v warning --show-warnings "$T/damaged.ts" 2> "$T/shown.err" > /dev/null || true
sed -i -E 's/ @ 0x[0-9a-f]+//' "$T/plain.err" "$T/shown.err"  # the contexts' addresses vary from run to run
[ -s "$T/plain.err" ] && cmp -s "$T/plain.err" "$T/shown.err" || fail "--show-warnings changes stderr"
ok "--show-warnings: each input's own FFmpeg warnings, as ffprobe prints them"
