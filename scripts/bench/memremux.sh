#!/usr/bin/env bash
# Side-by-side benchmark of memremux over pipes: memremux, `ffmpeg -i pipe:0 -c copy -f FMT pipe:1`, and `cat` (the
# floor), in alternation on one large generated file (H.264 + MP2 in Matroska, ~500 MB), for nut, matroska and mpegts.
# Prints the median wall time and peak RSS of each tool and the ratios; then memremux's peak RSS on a 10 MB and a
# 1 GB stream (memory must stay flat).
# Usage: scripts/bench/memremux.sh [-n RUNS] [-f "nut matroska mpegts"] [-s SECONDS] [-b "64K 256K 1M"]
#   -n RUNS     runs per tool and format (default 5)
#   -s SECONDS  length of the generated file (default 240 s, ~500 MB)
#   -b SIZES    also time memremux with each --buffer-size (tuning IoOptions::kDefaultBufferSize)
# Environment: MEMREMUX (binary; default build/release/bin/memremux, built when missing), BENCH_DIR (work files).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=5
formats="nut matroska mpegts"
seconds=240
buffers=""
while getopts "n:f:s:b:" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    f) formats=$OPTARG ;;
    s) seconds=$OPTARG ;;
    b) buffers=$OPTARG ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
bin=${MEMREMUX:-$root/build/release/bin/memremux}
if [ ! -x "$bin" ]; then
  echo "building $bin" >&2
  "$root/scripts/build.sh" "$root/build/release" >/dev/null
fi
work=${BENCH_DIR:-$root/build/bench}
mkdir -p "$work"
big=$work/big-${seconds}s.mkv
if [ ! -s "$big" ]; then
  echo "generating $big (${seconds} s of 720p30 H.264 at high bitrate + MP2)" >&2
  ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -t "$seconds" -c:v libx264 -preset ultrafast -qp 4 -g 60 -c:a mp2 -b:a 192k -y "$big.tmp.mkv"
  mv "$big.tmp.mkv" "$big"
fi
size_mb=$(( $(stat -c %s "$big") / 1048576 ))
cat "$big" > /dev/null  # into the page cache

# measure LABEL CMD...: runs `cat big | CMD | cat > /dev/null` and records CMD's own wall time and peak RSS.
measure() {
  local label=$1; shift
  cat "$big" | /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" | cat > /dev/null
  echo "$(cat "$work/time.txt")" >> "$work/$label.txt"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$1" '{ print $c }' "$work/$2.txt" | median; }

echo "input: $size_mb MiB, $runs runs per tool, alternating; times are the tool's wall time inside the pipeline"
printf '%-9s %-10s %9s %10s %12s %9s\n' format tool "wall(s)" "RSS(MiB)" "vs ffmpeg" "vs cat"
for fmt in $formats; do
  rm -f "$work"/{memremux,ffmpeg,cat}.txt
  for _ in $(seq "$runs"); do
    measure memremux "$bin" -f "$fmt"
    measure ffmpeg ffmpeg -nostdin -v error -i pipe:0 -map 0 -c copy -f "$fmt" pipe:1
    measure cat cat
  done
  m=$(col 1 memremux); f=$(col 1 ffmpeg); c=$(col 1 cat)
  for tool in memremux ffmpeg cat; do
    w=$(col 1 $tool); r=$(col 2 $tool)
    printf '%-9s %-10s %9.2f %10.1f %12.2f %9.2f\n' "$fmt" "$tool" "$w" "$(echo "$r / 1024" | bc -l)" \
      "$(echo "$w / $f" | bc -l)" "$(echo "$w / $c" | bc -l)"
  done
done

if [ -n "$buffers" ]; then
  echo
  echo "memremux --buffer-size (format nut), median of $runs alternating runs:"
  for _ in $(seq "$runs"); do
    for b in $buffers; do measure "buf-$b" "$bin" --buffer-size "$b" -f nut; done
  done
  for b in $buffers; do printf '  %-6s %6.2f s %8.1f MiB\n' "$b" "$(col 1 "buf-$b")" "$(echo "$(col 2 "buf-$b") / 1024" | bc -l)"; done
fi

echo
echo "memory: memremux peak RSS on a generated raw-video NUT stream piped in, remuxed to Matroska"
for frames in 30 3000; do
  ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=640x360:rate=30 -frames:v "$frames" -c:v rawvideo -f nut pipe:1 |
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" -f matroska | wc -c > "$work/bytes.txt"
  printf '  %6d MiB in: peak RSS %6.1f MiB\n' "$(( $(cat "$work/bytes.txt") / 1048576 ))" \
    "$(echo "$(awk '{ print $2 }' "$work/time.txt") / 1024" | bc -l)"
done
