#!/usr/bin/env bash
# Probing a library in one process against one process per file (issue 11): FILES small generated files (four kinds:
# MP4, Matroska, MPEG-TS, MP3, under a second each), -show_format -show_streams as JSON, two at a time:
#   batch      avprobe-json -j 2 FILES...                       (one process, two probing threads)
#   ffprobe    xargs -0 -P 2 -n 1 ffprobe ... FILE              (one ffprobe per file)
#   per-file   xargs -0 -P 2 -n 1 avprobe-json ... FILE         (one avprobe-json per file)
# RUNS runs of each, taking turns (the order rotates run by run), medians reported with the ratio to ffprobe's wall
# time (target <= 0.3) and the cost per file (wall and CPU). Then the batch's peak memory (max RSS) at 1,000 and
# 10,000 inputs from a NUL-separated list on stdin, which the issue asks to stay flat.
# Usage: scripts/bench/probe_batch.sh [FILES [RUNS]]    (env: AVPROBE_JSON=the binary; BENCH_DIR=work dir)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
files=${1:-1000} runs=${2:-5}
bin=${AVPROBE_JSON:-$root/build/release/bin/avprobe-json}
if [ ! -x "$bin" ]; then "$root/scripts/build.sh" "$root/build/release" > /dev/null; fi
work=${BENCH_DIR:-$root/build/bench-probe-batch}
mkdir -p "$work/src"
# The four kinds, made once; FILES copies taking turns, and 10,000 names (hard links) for the memory check.
src=$work/src
ff() { ffmpeg -nostdin -v error -y "$@"; }
V="testsrc2=size=160x120:rate=25:duration=0.8" A="sine=frequency=440:sample_rate=48000:duration=0.8"
[ -f "$src/k1.mp4" ] || ff -f lavfi -i "$V" -f lavfi -i "$A" -c:v libx264 -preset ultrafast -threads 1 -c:a aac -b:a 64k "$src/k1.mp4"
[ -f "$src/k2.mkv" ] || ff -f lavfi -i "$V" -f lavfi -i "$A" -c:v libx264 -preset ultrafast -threads 1 -c:a libopus -b:a 48k "$src/k2.mkv"
[ -f "$src/k3.ts" ] || ff -f lavfi -i "$V" -f lavfi -i "$A" -c:v libx264 -preset ultrafast -threads 1 -c:a mp2 -b:a 128k "$src/k3.ts"
[ -f "$src/k4.mp3" ] || ff -f lavfi -i "$A" -c:a libmp3lame -b:a 128k "$src/k4.mp3"
kinds=("$src/k1.mp4" "$src/k2.mkv" "$src/k3.ts" "$src/k4.mp3")
make_set() {  # make_set DIR N: N files named DIR/fNNNNN.EXT (hard links to the four kinds)
  local dir=$1 n=$2 i k
  [ "$(find "$dir" -type f 2> /dev/null | wc -l)" -eq "$n" ] && return
  rm -rf "$dir"
  mkdir -p "$dir"
  for ((i = 0; i < n; i++)); do
    k=${kinds[i % 4]}
    ln "$k" "$(printf '%s/f%05d.%s' "$dir" "$i" "${k##*.}")"
  done
}
make_set "$work/set" "$files"
make_set "$work/set10k" 10000
find "$work/set" -type f -print0 | sort -z > "$work/list"
mapfile -d '' names < "$work/list"

args=(-v quiet -of json -show_format -show_streams)
# run CASE: runs one case once; appends "wall user sys" (seconds) to $work/t_CASE.
run() {
  local t=$work/t_$1
  case $1 in
    batch) /usr/bin/time -f '%e %U %S' -a -o "$t" "$bin" -j 2 "${args[@]}" "${names[@]}" > /dev/null ;;
    ffprobe) /usr/bin/time -f '%e %U %S' -a -o "$t" xargs -0 -P 2 -n 1 ffprobe "${args[@]}" < "$work/list" > /dev/null ;;
    perfile) /usr/bin/time -f '%e %U %S' -a -o "$t" xargs -0 -P 2 -n 1 "$bin" "${args[@]}" < "$work/list" > /dev/null ;;
  esac
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
cases=(batch ffprobe perfile)
for c in "${cases[@]}"; do : > "$work/t_$c"; done
for ((r = 0; r < runs; r++)); do
  for ((k = 0; k < 3; k++)); do run "${cases[(r + k) % 3]}"; done
done
# The batch prints one line per file.
out_lines=$("$bin" -j 2 "${args[@]}" "${names[@]}" | wc -l)
[ "$out_lines" -eq "$files" ] || { echo "probe_batch.sh: the batch printed $out_lines lines for $files files" >&2; exit 1; }

wall() { awk '{print $1}' "$work/t_$1" | median; }
cpu() { awk '{print $2 + $3}' "$work/t_$1" | median; }
fw=$(wall ffprobe)
echo "Probing $files small files (-show_format -show_streams, JSON), 2 at a time; $(ffprobe -version | head -n 1 | cut -d' ' -f1-3);"
echo "$runs runs per case taking turns, medians; $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| case | wall s | CPU s (user+sys) | wall / ffprobe's | wall ms per file | CPU ms per file |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
row() {  # row NAME CASE
  awk -v n="$1" -v w="$(wall "$2")" -v c="$(cpu "$2")" -v f="$fw" -v k="$files" \
    'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n", n, w, c, w / f, w * 1000 / k, c * 1000 / k }'
}
row "\`avprobe-json -j 2 FILES...\` (one process)" batch
row "\`xargs -P 2 -n 1 ffprobe\`" ffprobe
row "\`xargs -P 2 -n 1 avprobe-json\`" perfile
echo
echo "Peak memory of the one process (-j 2, -0 --files-from -, max RSS):"
echo
echo "| inputs | max RSS MB | wall s |"
echo "| ---: | ---: | ---: |"
find "$work/set10k" -type f -print0 | sort -z > "$work/list10k"
for n in 1000 10000; do
  head -z -n "$n" "$work/list10k" > "$work/list_$n"
  /usr/bin/time -f '%M %e' -o "$work/rss" "$bin" -j 2 "${args[@]}" -0 --files-from - < "$work/list_$n" > /dev/null
  read -r kb secs < "$work/rss"
  awk -v n="$n" -v kb="$kb" -v s="$secs" 'BEGIN { printf "| %d | %.1f | %.2f |\n", n, kb / 1024, s }'
done
