#!/usr/bin/env bash
# The main job on a built-in default: installs what is missing, builds, makes a 5 s test clip with ffmpeg (MP4
# with its index at the end, the case ffmpeg cannot read from a pipe) and runs it through all four tools in shell
# pipelines, showing each result next to what ffmpeg/ffprobe do with the same pipe.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build/release" >/dev/null
export PATH="$root/build/release/bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { printf '\n== %s\n' "$*"; }

step "making clip.mp4: 5 s of 640x360 H.264 + AAC, index at the end"
ffmpeg -nostdin -hide_banner -loglevel error -f lavfi -i testsrc2=size=640x360:rate=25:duration=5 \
  -f lavfi -i sine=frequency=440:duration=5 -c:v libx264 -preset ultrafast -c:a aac "$work/clip.mp4"

step "cat clip.mp4 | ffmpeg -i pipe:0 -c copy -f matroska pipe:1   (the reference)"
cat "$work/clip.mp4" | ffmpeg -nostdin -hide_banner -loglevel error -i pipe:0 -c copy -f matroska pipe:1 \
  > "$work/ffmpeg.mkv" || true
echo "ffmpeg wrote $(stat -c %s "$work/ffmpeg.mkv") bytes"
step "cat clip.mp4 | memremux -f matroska"
cat "$work/clip.mp4" | memremux -f matroska > "$work/clip.mkv"
echo "memremux wrote $(stat -c %s "$work/clip.mkv") bytes"
ffprobe -v error -show_entries stream=codec_name:format=duration -of compact "$work/clip.mkv"

step "cat clip.mkv | memremux -f mp4 | ffprobe -   (MP4 to a pipe, written fragmented)"
cat "$work/clip.mkv" | memremux -f mp4 | ffprobe -v error -show_entries format=format_name,duration -of compact -

step "cat clip.mp4 | avprobe-json --show-entries format=duration,size:stream=codec_name,width,height"
cat "$work/clip.mp4" | avprobe-json --show-entries format=duration,size:stream=codec_name,width,height

step "memremux -f nut < clip.mp4 | graphrun -g '[0:v]scale=320:-2,hflip[v];[0:a]volume=0.5[a]' | avprobe-json -of compact"
memremux -f nut < "$work/clip.mp4" | graphrun -g '[0:v]scale=320:-2,hflip[v];[0:a]volume=0.5[a]' |
  avprobe-json -show_entries stream=codec_name,width,height,sample_rate -of compact

step "cat clip.mp4 | syncplay --autoexit --sync-report sync.jsonl   (headless: SDL dummy drivers, real time)"
cat "$work/clip.mp4" | SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy syncplay --autoexit --sync-report "$work/sync.jsonl"
head -2 "$work/sync.jsonl"
echo "..."
tail -1 "$work/sync.jsonl"
