#!/usr/bin/env bash
# Benchmarks avprobe-json against ffprobe side by side, in one run: the same inputs, the same sections, the same
# (ffprobe-style) arguments; runs alternate between the two tools (which one goes first alternates too), and each
# case reports the median wall time of each and the ratio ours/ffprobe (target <= 1.0). Peak memory (max RSS, from
# /usr/bin/time) for --show-packets on a large file: ffprobe's JSON, ours the same way, and ours with --ndjson,
# also on a file twice as long to show that it stays flat.
# Usage: scripts/bench/avprobe-json.sh [RUNS]      (env: AVPROBE_JSON=path to the binary; BENCH_DIR=work dir)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-15}
bin=${AVPROBE_JSON:-$root/build/release/bin/avprobe-json}
if [ ! -x "$bin" ]; then "$root/scripts/build.sh" "$root/build/release" >/dev/null; fi
work=${BENCH_DIR:-$root/build/bench-avprobe-json}
mkdir -p "$work"
bash "$root/tests/fixtures/make_fixtures.sh" "$work/fixtures"
# The large files: 10 and 20 minutes of 320x240 H.264 + MP2 in MPEG-TS (tens of thousands of packets).
for mins in 10 20; do
  big=$work/big_${mins}m.ts
  [ -f "$big" ] || ffmpeg -nostdin -v error -y -f lavfi -i "testsrc2=size=320x240:rate=25:duration=$((mins * 60))" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$((mins * 60))" -c:v libx264 -preset ultrafast \
    -threads 2 -g 50 -c:a mp2 -b:a 128k "$big"
done

now_ns() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# bench NAME FILE ARGS...: alternating runs of both tools with the same arguments; prints a table row.
bench() {
  local name=$1 file=$2; shift 2
  local tf=$work/t_ff tu=$work/t_us
  : > "$tf"; : > "$tu"
  for i in $(seq 1 "$runs"); do
    for who in $( ((i % 2)) && echo "ff us" || echo "us ff"); do
      local t0 t1
      if [ "$who" = ff ]; then
        t0=$(now_ns); ffprobe -v quiet "$@" "$file" > /dev/null; t1=$(now_ns); echo $(( (t1 - t0) / 1000 )) >> "$tf"
      else
        t0=$(now_ns); "$bin" -v quiet "$@" "$file" > /dev/null; t1=$(now_ns); echo $(( (t1 - t0) / 1000 )) >> "$tu"
      fi
    done
  done
  local mf mu
  mf=$(median < "$tf"); mu=$(median < "$tu")
  awk -v n="$name" -v a="$mf" -v b="$mu" 'BEGIN { printf "| %s | %.1f | %.1f | %.2f |\n", n, a / 1000, b / 1000, b / a }'
}

maxrss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }

echo "avprobe-json vs ffprobe ($(ffprobe -version | head -n 1 | cut -d' ' -f1-3)), $runs alternating runs per case, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| case | ffprobe ms (median) | avprobe-json ms (median) | ratio |"
echo "| --- | ---: | ---: | ---: |"
for f in mp4_front.mp4 mp4_end.mp4 mkv_multi.mkv ts_single.ts ts_programs.ts webm_vp9.webm audio.flac audio.mp3 audio.wav; do
  bench "$f -show_format -show_streams" "$work/fixtures/$f" -of json -show_format -show_streams
done
bench "mkv_multi.mkv -show_frames" "$work/fixtures/mkv_multi.mkv" -of json -show_frames
bench "ts_programs.ts -count_frames -show_streams" "$work/fixtures/ts_programs.ts" -of json -count_frames -show_streams
big=$work/big_10m.ts
bench "big_10m.ts ($(du -m "$big" | cut -f1) MB) -show_packets" "$big" -of json -show_packets
bench "big_10m.ts -show_packets -of default" "$big" -show_packets
echo
echo "Peak memory (max RSS, MB) with -show_packets:"
echo
echo "| file | ffprobe -of json | avprobe-json -of json | avprobe-json --ndjson |"
echo "| --- | ---: | ---: | ---: |"
for mins in 10 20; do
  big=$work/big_${mins}m.ts
  a=$(maxrss ffprobe -v quiet -of json -show_packets "$big")
  b=$(maxrss "$bin" -v quiet -of json -show_packets "$big")
  c=$(maxrss "$bin" -v quiet --ndjson --show-packets "$big")
  awk -v n="big_${mins}m.ts ($(du -m "$big" | cut -f1) MB)" -v a="$a" -v b="$b" -v c="$c" \
    'BEGIN { printf "| %s | %.1f | %.1f | %.1f |\n", n, a / 1024, b / 1024, c / 1024 }'
done
