#!/usr/bin/env bash
# Shows: with several inputs, every writer but JSON (default, compact, csv, flat, ini, xml, with writer options)
# prints each input's whole document in turn, byte for byte what running ffprobe once per input and concatenating
# prints, a failing input (its error section) and stdin among them; JSON stays JSON Lines.
source "$(dirname "$0")/../lib.sh"
inputs=(mkv_multi.mkv ts_programs.ts garbage.bin audio.mp3)
check() {  # check SECTIONS... (the writer in $of)
  : > "$T/ref.txt"
  local f args=()
  for f in "${inputs[@]}"; do
    ffprobe -v quiet -of "$of" "$@" "$FX/$f" >> "$T/ref.txt" || true
    args+=("$FX/$f")
  done
  st=0
  avprobe-json -v quiet -of "$of" "$@" "${args[@]}" > "$T/ours.txt" || st=$?
  [ "$st" -eq 1 ] || fail "-of $of: exited $st with a failing input among several, expected 1"
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head -20 >&2; fail "-of $of $*: differs from ffprobe run per input"; }
}
for of in default csv flat ini xml default=nw=1:nk=1 compact=p=0; do
  check -show_error -show_format -show_streams
done
of=compact check -show_error -show_programs -show_chapters
of=xml check -show_error -show_packets -read_intervals '%+#2'
# stdin among named inputs: ffprobe's "pipe:" document where it stands.
for of in default xml ini; do
  ffprobe -v quiet -of $of -show_format "$FX/audio.mp3" > "$T/ref.txt"
  ffprobe -v quiet -of $of -show_format - < "$FX/mkv_multi.mkv" >> "$T/ref.txt"
  ffprobe -v quiet -of $of -show_format "$FX/rotated.mp4" >> "$T/ref.txt"
  { cat "$FX/mkv_multi.mkv" || true; } | avprobe-json -v quiet -of $of -show_format "$FX/audio.mp3" - "$FX/rotated.mp4" > "$T/ours.txt"
  cmp -s "$T/ref.txt" "$T/ours.txt" || { diff "$T/ref.txt" "$T/ours.txt" | head >&2; fail "$of with stdin among inputs differs"; }
done
# JSON with several inputs is still one line per input.
avprobe-json -v quiet -of json -show_format "$FX/audio.mp3" "$FX/rotated.mp4" > "$T/ours.txt"
[ "$(wc -l < "$T/ours.txt")" -eq 2 ] || fail "several inputs in JSON are not two JSON Lines"
ok "several inputs: each writer prints ffprobe's documents one after another"
