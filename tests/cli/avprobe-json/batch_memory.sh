#!/usr/bin/env bash
# Shows: memory stays flat with the number of inputs: probing 2,000 small files from a NUL-separated list (-j 2,
# ordered output) peaks at about the same resident size as probing 200 (the list is streamed, finished documents
# wait in a bounded window). Skipped in a sanitizer build, whose allocator quarantine grows by design.
# ctest: LABELS plain (peak RSS: judged on the normal build only)
source "$(dirname "$0")/../lib.sh"
command -v /usr/bin/time > /dev/null || { echo "skip: /usr/bin/time missing"; exit 77; }
if sanitizer_build "$MT_BIN/avprobe-json"; then echo "skip: sanitizer build"; exit 77; fi
command ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=64x64:rate=10:duration=0.3 -f lavfi -i sine=duration=0.3 \
  -c:v libx264 -preset ultrafast -threads 1 -c:a aac -b:a 32k "$T/small.mp4"
mkdir "$T/many"
# 2000 hard links in one process (a process each cost 2000 process starts, seconds of the test command)
python3 -c 'import os, sys; [os.link(sys.argv[1], f"{sys.argv[2]}/{i}.mp4") for i in range(1, 2001)]' "$T/small.mp4" "$T/many"
peak() {  # peak N: max RSS in kB probing the first N files
  find "$T/many" -type f -print0 | head -z -n "$1" > "$T/list"
  /usr/bin/time -f '%M' -o "$T/rss" avprobe-json -j 2 -0 --files-from "$T/list" > "$T/out"
  [ "$(grep -c '' "$T/out")" -eq "$1" ] || fail "$1 inputs: not one line each"
  cat "$T/rss"
}
small=$(peak 200)
large=$(peak 2000)
echo "max RSS: 200 inputs $small kB, 2000 inputs $large kB"
[ "$large" -le $((small * 11 / 10 + 2048)) ] || fail "memory grows with the inputs: $small kB for 200, $large kB for 2000"
ok "memory flat from 200 to 2,000 inputs ($small kB, $large kB)"
