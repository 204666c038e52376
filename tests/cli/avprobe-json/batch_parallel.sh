#!/usr/bin/env bash
# Shows: -j N probes several inputs at once and still prints them in input order, each document what ffprobe prints
# for that input (JSON Lines field by field; the text writers byte for byte, one ffprobe run per input concatenated),
# failing inputs included as error objects; --unordered prints the same documents as they finish; one bad input
# spoils nothing: every other input is printed, the exit status is 1 and the last stderr line counts the failures.
source "$(dirname "$0")/../lib.sh"
inputs=(mkv_multi.mkv garbage.bin ts_programs.ts audio.mp3 empty.bin mp4_end.mp4 webm_vp9.webm audio.flac rotated.mp4)
args=()
for f in "${inputs[@]}"; do args+=("$FX/$f"); done
args+=("$T/missing.mkv")
n=${#args[@]}

# JSON Lines: one line per input, in order, the same with -j 1, 2 and 4.
expect_status 1 avprobe-json -j 1 "${args[@]}"
cp "$T/out" "$T/j1"
[ "$(grep -c '' "$T/j1")" -eq "$n" ] || fail "-j 1: not one line per input"
for j in 2 4; do
  expect_status 1 avprobe-json -j $j "${args[@]}"
  cmp -s "$T/j1" "$T/out" || { diff "$T/j1" "$T/out" | head >&2; fail "-j $j prints otherwise than -j 1"; }
  [ "$(tail -n 1 "$T/err")" = "avprobe-json: error: 3 of $n inputs failed" ] || { cat "$T/err" >&2; fail "-j $j: no count line last"; }
  for bad in garbage.bin empty.bin missing.mkv; do
    grep -q "^avprobe-json: error: .*$bad: " "$T/err" || fail "-j $j: no error line for $bad"
  done
done
i=0
for f in "${args[@]}"; do
  i=$((i + 1))
  sed -n "${i}p" "$T/j1" > "$T/line.json"
  jq -e --arg n "$f" '.input == $n' "$T/line.json" > /dev/null || fail "line $i does not name $f"
  ffprobe -v quiet -of json -show_error -show_format -show_streams "$f" > "$T/ref.json" || true
  json_diff --ignore input "$T/ref.json" "$T/line.json" || fail "line $i ($f) differs from ffprobe"
done

# --unordered: the same lines, in whatever order they finished.
expect_status 1 avprobe-json -j 3 --unordered "${args[@]}"
diff <(sort "$T/j1") <(sort "$T/out") > /dev/null || fail "--unordered prints other documents"

# The text writers with -j: each input's document in turn, byte for byte ffprobe run once per input.
for of in default xml compact=p=0 ini; do
  : > "$T/ref.txt"
  for f in "${args[@]}"; do ffprobe -v quiet -of "$of" -show_error -show_format -show_streams "$f" >> "$T/ref.txt" || true; done
  st=0
  avprobe-json -v quiet -j 3 -of "$of" -show_error -show_format -show_streams "${args[@]}" > "$T/ours.txt" || st=$?
  [ "$st" -eq 1 ] || fail "-of $of -j 3: exit $st"
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head >&2; fail "-of $of -j 3 differs from ffprobe per input"; }
done

# All good: exit 0 and no count line.
expect_status 0 avprobe-json -j 2 "$FX/audio.flac" "$FX/audio.mp3" "$FX/mp4_front.mp4"
[ ! -s "$T/err" ] || { cat "$T/err" >&2; fail "stderr not empty when every input succeeds"; }
# Bad -j values are usage errors.
expect_status 2 avprobe-json -j -1 "$FX/audio.flac"
expect_stderr '^avprobe-json: error: usage: -j: 0 \(one per core\) to 256'
expect_status 2 avprobe-json -j 1000 "$FX/audio.flac"
# -j is not an ffprobe spelling: it does not switch to ffprobe's default writer, the output stays JSON Lines.
expect_status 0 avprobe-json -j 2 "$FX/audio.flac" "$FX/audio.mp3"
jq -e -s 'length == 2' "$T/out" > /dev/null || fail "-j 2 did not print JSON Lines"
ok "-j: input order (or --unordered), ffprobe's documents, failures counted"
