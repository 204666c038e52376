#!/usr/bin/env bash
# The main job on a built-in default: installs what is missing, builds, makes a test clip with ffmpeg and runs
# it through the tools in shell pipelines, showing each result.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build/release" >/dev/null
bin=$root/build/release/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== making a 5 s test clip (H.264 + AAC in MP4, index at the end)"
ffmpeg -nostdin -hide_banner -loglevel error -f lavfi -i testsrc2=size=640x360:rate=25:duration=5 \
  -f lavfi -i sine=frequency=440:duration=5 -c:v libx264 -preset ultrafast -c:a aac "$work/clip.mp4"

if [ -x "$bin/memremux" ]; then
  echo "== cat clip.mp4 | memremux -f matroska  (ffmpeg cannot read this MP4 from a pipe)"
  cat "$work/clip.mp4" | "$bin/memremux" -f matroska > "$work/clip.mkv"
  ls -l "$work/clip.mkv"
  echo "== cat clip.mkv | memremux -f mp4 | ffprobe  (fragmented MP4 written to a pipe)"
  cat "$work/clip.mkv" | "$bin/memremux" -f mp4 | ffprobe -v error -show_entries format=format_name,duration -of compact -
fi
if [ -x "$bin/avprobe-json" ]; then
  echo "== cat clip.mp4 | avprobe-json"
  cat "$work/clip.mp4" | "$bin/avprobe-json" | head -40
fi
if [ -x "$bin/graphrun" ]; then
  echo "== memremux -f nut < clip.mp4 | graphrun -g '[0:v]scale=320:-2,hflip[v]' | avprobe-json --show-entries stream=codec_name,width,height"
  "$bin/memremux" -f nut < "$work/clip.mp4" | "$bin/graphrun" -g '[0:v]scale=320:-2,hflip[v]' | \
    "$bin/avprobe-json" --show-entries stream=codec_name,width,height
fi
if [ -x "$bin/syncplay" ]; then
  echo "== syncplay headless with a sync report"
  SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$bin/syncplay" --autoexit --sync-report "$work/sync.jsonl" < "$work/clip.mp4" || true
  tail -1 "$work/sync.jsonl" 2>/dev/null || true
fi
