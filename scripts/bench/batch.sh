#!/usr/bin/env bash
# Files per second of the GNU parallel batch recipes (scripts/batch, mediatoolkit-batch(7)) against the same recipes
# with the reference tools in the tools' place: probe-tree.sh with avprobe-json vs ffprobe (its JSON made one line
# by jq, with the input named, as avprobe-json's --ndjson line is), remux-tree.sh with memremux vs ffmpeg -map 0 -c
# copy. FILES copies of a small Matroska clip, -j JOBS on this machine; each case RUNS times, the two tools taking
# turns, the median reported. (Small files: what is measured is the per-file cost, tool start-up and parallel's.)
# Usage: scripts/bench/batch.sh [FILES [JOBS [RUNS]]]     (env: MT_BIN=dir of the binaries; BENCH_DIR=work dir)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
files=${1:-100} jobs=${2:-$(nproc)} runs=${3:-3}
bin=${MT_BIN:-$root/build/release/bin}
[ -x "$bin/memremux" ] || "$root/scripts/build.sh" "$root/build/release" > /dev/null
export PATH=$bin:$PATH
work=${BENCH_DIR:-$root/build/bench-batch}
rm -rf "$work"
mkdir -p "$work/tree"
ffmpeg -nostdin -v error -f lavfi -i testsrc=size=320x240:rate=25:duration=2 -f lavfi -i sine=duration=2 \
  -c:v mpeg4 -c:a pcm_s16le "$work/clip.mkv"
for i in $(seq 1 "$files"); do cp "$work/clip.mkv" "$work/tree/f$i.mkv"; done
cat > "$work/ffprobe-as" << 'WRAP'
#!/usr/bin/env bash
f=${!#}
ffprobe -v error -print_format json -show_format -show_streams "$f" | jq -c --arg input "$f" '{input: $input} + .'
WRAP
cat > "$work/ffmpeg-as" << 'WRAP'
#!/usr/bin/env bash
for ((i = 1; i < $#; i++)); do [ "${!i}" = -i ] && j=$((i + 1)) && in=${!j}; done
exec ffmpeg -nostdin -v error -i "$in" -map 0 -c copy -y "${!#}"
WRAP
chmod +x "$work/ffprobe-as" "$work/ffmpeg-as"
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# rate RECIPE ENV_ASSIGNMENT: files per second of one run (the output removed first)
rate() {
  rm -rf "$work/out" "$work/out.ndjson"*
  local t0 t1
  t0=$(date +%s%N)
  env "$2" "$root/scripts/batch/$1" -j "$jobs" "$work/tree" "$work/out$([ "$1" = probe-tree.sh ] && echo .ndjson)" \
    > /dev/null 2>&1 || { echo "bench: $1 ($2) failed" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v n="$files" -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f\n", n / (ns / 1e9) }'
}
for r in $(seq 1 "$runs"); do
  rate probe-tree.sh AVPROBE_JSON=avprobe-json >> "$work/probe-ours"
  rate probe-tree.sh "AVPROBE_JSON=$work/ffprobe-as" >> "$work/probe-ref"
  rate remux-tree.sh MEMREMUX=memremux >> "$work/remux-ours"
  rate remux-tree.sh "MEMREMUX=$work/ffmpeg-as" >> "$work/remux-ref"
done
echo "$files files, -j $jobs, $(nproc) cores, median of $runs runs, files per second:"
printf '  probe-tree.sh  avprobe-json %6s   ffprobe %6s\n' "$(median < "$work/probe-ours")" "$(median < "$work/probe-ref")"
printf '  remux-tree.sh  memremux     %6s   ffmpeg  %6s\n' "$(median < "$work/remux-ours")" "$(median < "$work/remux-ref")"
