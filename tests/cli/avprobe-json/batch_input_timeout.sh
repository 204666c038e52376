#!/usr/bin/env bash
# Shows: --input-timeout MS reports an input that takes longer as an error object ("input timed out") and goes on
# with the rest, with -j 1 as with -j 2: a FIFO whose writer never writes, and one that has no writer at all (which
# must not hang in open()); the exit status is 1 and the count line says how many failed.
source "$(dirname "$0")/../lib.sh"
mkfifo "$T/silent" "$T/nowriter"
exec 3<> "$T/silent"  # a writer that never writes
code=$(( -(0x49 | 0x54 << 8 | 0x4D << 16 | 0x4F << 24) ))  # FFERRTAG('I','T','M','O')
for j in 1 2; do
  start=$(now_ms)
  expect_status 1 timeout "$HANG_SECONDS" avprobe-json -j $j --input-timeout 400 "$FX/audio.flac" "$T/silent" "$T/nowriter" "$FX/audio.mp3"
  took=$(($(now_ms) - start))
  [ "$(grep -c '' "$T/out")" -eq 4 ] || fail "-j $j: not one line per input"
  for i in 2 3; do
    sed -n "${i}p" "$T/out" | jq -e --argjson c "$code" '.error.code == $c and .error.string == "input timed out" and (keys == ["error", "input"])' > /dev/null ||
      fail "-j $j: line $i is not the timeout's error object: $(sed -n "${i}p" "$T/out")"
  done
  ffprobe -v quiet -of json -show_format -show_streams "$FX/audio.mp3" > "$T/ref.json"
  sed -n 4p "$T/out" > "$T/line.json"
  json_diff --ignore input "$T/ref.json" "$T/line.json" || fail "-j $j: the input after the timeouts differs from ffprobe"
  grep -q "^avprobe-json: error: $T/silent: input timed out after 400 ms (--input-timeout)$" "$T/err" || { cat "$T/err" >&2; fail "-j $j: no timeout line"; }
  [ "$(grep -c 'silent' "$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "-j $j: more than one line for the timed-out input"; }
  [ "$(tail -n 1 "$T/err")" = "avprobe-json: error: 2 of 4 inputs failed" ] || { cat "$T/err" >&2; fail "-j $j: no count line"; }
  [ "$took" -ge 400 ] || fail "-j $j: finished in $took ms, before the timeout"
done
exec 3>&-
# A single input too (it is probed under the clock, not streamed).
expect_status 1 timeout "$HANG_SECONDS" avprobe-json --input-timeout 200 "$T/nowriter"
jq -e '.error.string == "input timed out"' "$T/out" > /dev/null || fail "a single input did not time out"
# Inputs that finish in time are untouched.
expect_status 0 avprobe-json --input-timeout 60000 "$FX/mkv_multi.mkv"
ffprobe -v quiet -of json -show_format -show_streams "$FX/mkv_multi.mkv" > "$T/ref.json"
cmp -s "$T/ref.json" "$T/out" || fail "an input in time differs from ffprobe"
expect_status 2 avprobe-json --input-timeout -5 "$FX/audio.flac"
expect_stderr 'input-timeout: milliseconds'
expect_status 2 avprobe-json --tee --input-timeout 100 < "$FX/audio.flac"
expect_stderr 'tee probes stdin alone'
ok "--input-timeout: slow inputs become error objects, the rest go on"
