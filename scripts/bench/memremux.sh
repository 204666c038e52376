#!/usr/bin/env bash
# Side-by-side benchmark of memremux over pipes: memremux, `ffmpeg -i pipe:0 -c copy -f FMT pipe:1`, and `cat` (the
# floor), in alternation on one large generated file (H.264 + MP2 in Matroska, ~500 MB), for nut, matroska and mpegts.
# Prints the median wall time, CPU time (user+sys, steadier than wall time on a busy machine) and peak RSS of each
# tool and the ratios; then memremux's peak RSS on a 10 MB and a 1 GB stream (memory must stay flat).
# With -c, it also cuts 10 s from the middle of the file arriving on a pipe: memremux and ffmpeg with the same output
# -ss/-t (the cut ffmpeg can make on a pipe), and memremux with an input -ss (ffmpeg cannot seek a pipe).
# With -h, it segments the whole file arriving on a pipe into 4 s HLS (MPEG-TS segments), memremux and ffmpeg with the
# same options, each in a directory of its own (the files are compared once: they must be the same bytes).
# Usage: scripts/bench/memremux.sh [-n RUNS] [-f "nut matroska mpegts"] [-s SECONDS] [-b "64K 256K 1M"] [-p "0 1M"] [-c] [-h]
#   -n RUNS     runs per tool and format (default 5)
#   -f FORMATS  muxers to compare (default "nut matroska mpegts"); "matroska-nocrc" is matroska with
#               write_crc32=0 for both tools
#   -s SECONDS  length of the generated file (default 240 s, ~500 MB)
#   -b SIZES    also time memremux with each --buffer-size (tuning IoOptions::kDefaultBufferSize)
#   -p SIZES    also time memremux with each --pipe-size (0: pipes left at the kernel's 64 KiB)
#   -c          also the cut (-f "" for the cut alone)
#   -h          also HLS segmenting (-f "" for it alone)
# Environment: MEMREMUX (binary; default build/release/bin/memremux, built when missing), BENCH_DIR (work files).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=5
formats="nut matroska mpegts"
seconds=240
buffers=""
pipes=""
cut=0
hls=0
while getopts "n:f:s:b:p:ch" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    f) formats=$OPTARG ;;
    s) seconds=$OPTARG ;;
    b) buffers=$OPTARG ;;
    p) pipes=$OPTARG ;;
    c) cut=1 ;;
    h) hls=1 ;;
    *) sed -n '2,21p' "$0"; exit 2 ;;
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
rm -f "$work"/*.txt  # measurements of an earlier run
size_mb=$(( $(stat -c %s "$big") / 1048576 ))
cat "$big" > /dev/null  # into the page cache

# measure LABEL CMD...: runs `cat big | CMD | cat > /dev/null` and records CMD's own wall time, peak RSS and CPU.
measure() {
  local label=$1; shift
  cat "$big" | /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" | cat > /dev/null
  awk '{ print $1, $2, $3 + $4 }' "$work/time.txt" >> "$work/$label.txt"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$1" '{ print $c }' "$work/$2.txt" | median; }

echo "input: $size_mb MiB, $runs runs per tool, alternating; times are the tool's wall time inside the pipeline"
printf '%-15s %-9s %8s %8s %9s %10s %7s %11s\n' format tool "wall(s)" "CPU(s)" "RSS(MiB)" "vs ffmpeg" "vs cat" "CPU/ffmpeg"
for fmt in $formats; do
  rm -f "$work"/{memremux,ffmpeg,cat}.txt
  mux=$fmt; mr_extra=(); ff_extra=()
  if [ "$fmt" = matroska-nocrc ]; then
    mux=matroska; mr_extra=(--muxer-option write_crc32=0); ff_extra=(-write_crc32 0)
  fi
  for _ in $(seq "$runs"); do
    measure memremux "$bin" "${mr_extra[@]}" -f "$mux"
    measure ffmpeg ffmpeg -nostdin -v error -i pipe:0 -map 0 -c copy "${ff_extra[@]}" -f "$mux" pipe:1
    measure cat cat
  done
  f=$(col 1 ffmpeg); c=$(col 1 cat); fc=$(col 3 ffmpeg)
  for tool in memremux ffmpeg cat; do
    w=$(col 1 $tool); r=$(col 2 $tool); u=$(col 3 $tool)
    printf '%-15s %-9s %8.2f %8.2f %9.1f %10.2f %7.2f %11.2f\n' "$fmt" "$tool" "$w" "$u" "$(echo "$r / 1024" | bc -l)" \
      "$(echo "$w / $f" | bc -l)" "$(echo "$w / $c" | bc -l)" "$(echo "$u / $fc" | bc -l)"
  done
done

if [ -n "$buffers" ]; then
  echo
  echo "memremux --buffer-size (format nut), median of $runs alternating runs:"
  for _ in $(seq "$runs"); do
    for b in $buffers; do measure "buf-$b" "$bin" --buffer-size "$b" -f nut; done
  done
  for b in $buffers; do
    printf '  %-6s wall %5.2f s  CPU %5.2f s  RSS %5.1f MiB\n' "$b" "$(col 1 "buf-$b")" "$(col 3 "buf-$b")" \
      "$(echo "$(col 2 "buf-$b") / 1024" | bc -l)"
  done
fi

if [ -n "$pipes" ]; then
  echo
  echo "memremux --pipe-size (format nut), median of $runs alternating runs:"
  for _ in $(seq "$runs"); do
    for p in $pipes; do measure "pipe-$p" "$bin" --pipe-size "$p" -f nut; done
  done
  for p in $pipes; do printf '  %-6s wall %5.2f s  CPU %5.2f s\n' "$p" "$(col 1 "pipe-$p")" "$(col 3 "pipe-$p")"; done
fi

if [ "$cut" = 1 ]; then
  mid=$((seconds / 2))
  echo
  echo "cut: 10 s from ${mid} s of the file arriving on a pipe, into Matroska; median of $runs alternating runs"
  echo "(each tool stops reading at the end of the cut, so the writer of the pipe stops early too)"
  cut_measure() {  # like measure, but the writer of the pipe is cut short
    local label=$1; shift
    { cat "$big" 2> /dev/null || true; } | /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" | cat > "$work/$label.out"
    awk '{ print $1, $2, $3 + $4 }' "$work/time.txt" >> "$work/$label.txt"
  }
  for _ in $(seq "$runs"); do
    cut_measure cut-memremux "$bin" -i - -ss "$mid" -t 10 -f matroska -
    cut_measure cut-ffmpeg ffmpeg -nostdin -v error -i pipe:0 -map 0 -c copy -ss "$mid" -t 10 -f matroska pipe:1
    cut_measure cut-memremux-input-ss "$bin" -ss "$mid" -i - -t 10 -f matroska -
  done
  f=$(col 1 cut-ffmpeg)
  for tool in cut-memremux cut-ffmpeg cut-memremux-input-ss; do
    printf '  %-24s wall %6.2f s  CPU %6.2f s  RSS %6.1f MiB  vs ffmpeg %5.2f  output %5d KiB\n' "$tool" \
      "$(col 1 $tool)" "$(col 3 $tool)" "$(echo "$(col 2 $tool) / 1024" | bc -l)" "$(echo "$(col 1 $tool) / $f" | bc -l)" \
      "$(( $(stat -c %s "$work/$tool.out") / 1024 ))"
  done
fi

if [ "$hls" = 1 ]; then
  echo
  echo "HLS: the whole file arriving on a pipe, into 4 s MPEG-TS segments and a playlist; median of $runs alternating runs"
  hls_measure() {  # hls_measure LABEL CMD...: runs CMD in a fresh directory $work/LABEL.d, the file on its stdin
    local label=$1; shift
    rm -rf "$work/$label.d" && mkdir -p "$work/$label.d"
    cat "$big" | (cd "$work/$label.d" && /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@")
    awk '{ print $1, $2, $3 + $4 }' "$work/time.txt" >> "$work/$label.txt"
  }
  rm -f "$work"/hls-*.txt
  for _ in $(seq "$runs"); do
    hls_measure hls-memremux "$bin" -i - -f hls -hls_time 4 -hls_list_size 0 live.m3u8
    hls_measure hls-ffmpeg ffmpeg -nostdin -v error -i pipe:0 -map 0 -c copy -f hls -hls_time 4 -hls_list_size 0 live.m3u8
  done
  diff -r "$work/hls-memremux.d" "$work/hls-ffmpeg.d" > /dev/null && same="the same bytes" || same="DIFFERENT FILES"
  f=$(col 1 hls-ffmpeg)
  for tool in hls-memremux hls-ffmpeg; do
    printf '  %-14s wall %6.2f s  CPU %6.2f s  RSS %6.1f MiB  vs ffmpeg %5.2f  %d files\n' "$tool" "$(col 1 $tool)" \
      "$(col 3 $tool)" "$(echo "$(col 2 $tool) / 1024" | bc -l)" "$(echo "$(col 1 $tool) / $f" | bc -l)" \
      "$(ls "$work/$tool.d" | wc -l)"
  done
  echo "  outputs: $same"
fi

echo
echo "memory: memremux peak RSS on a generated raw-video NUT stream piped in, remuxed to Matroska"
for frames in 30 3000; do
  ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=640x360:rate=30 -frames:v "$frames" -c:v rawvideo -f nut pipe:1 |
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" -f matroska | wc -c > "$work/bytes.txt"
  printf '  %6d MiB in: peak RSS %6.1f MiB\n' "$(( $(cat "$work/bytes.txt") / 1048576 ))" \
    "$(echo "$(awk '{ print $2 }' "$work/time.txt") / 1024" | bc -l)"
done
