#!/usr/bin/env bash
# Side-by-side benchmark of syncplay and ffplay playing the same 30 s clip headless (SDL dummy video and audio
# drivers, -autoexit), in alternation: CPU time (user + sys) per second of media and peak RSS, medians and ratios;
# and the A-V p95 from syncplay's --sync-report (must stay within one frame duration).
# Both play from a pipe through the same display path (YUV frames uploaded to an SDL texture by SDL's software
# renderer) and the same audio path (SDL's dummy audio driver, which consumes at about real time).
# Usage: scripts/bench/syncplay.sh [-n RUNS] [-s SECONDS] [-r WxH] [-f FILTERS]
#   -n RUNS     runs per player (default 3; each takes the clip's length in real time)
#   -s SECONDS  clip length (default 30)
#   -r WxH      picture size (default 1280x720, 25 fps, H.264 + AAC 48 kHz stereo)
#   -f FILTERS  a video filter chain for both (syncplay --vf, ffplay -vf), e.g. hflip
# Environment: SYNCPLAY (binary; default build/release/bin/syncplay, built when missing), BENCH_DIR (work files).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=3
seconds=30
size=1280x720
vf=
while getopts "n:s:r:f:" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    s) seconds=$OPTARG ;;
    r) size=$OPTARG ;;
    f) vf=$OPTARG ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
bin=${SYNCPLAY:-$root/build/release/bin/syncplay}
if [ ! -x "$bin" ]; then
  echo "building $bin" >&2
  "$root/scripts/build.sh" "$root/build/release" >/dev/null
fi
command -v ffplay >/dev/null || { echo "ffplay not found (Debian package ffmpeg)" >&2; exit 1; }
work=${BENCH_DIR:-$root/build/bench}
mkdir -p "$work"
# shellcheck source=scripts/bench/sync_clip.bash
source "$root/scripts/bench/sync_clip.bash"
clip=$(sync_clip "$seconds" "$size" "$work")
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

# measure NAME CMD...: plays the clip from a pipe under /usr/bin/time; appends "cpu_seconds peak_kb wall" to $work/NAME.
measure() {
  local name=$1; shift
  /usr/bin/time -f "%U %S %M %e" -o "$work/$name.time" bash -c 'cat "$0" | "$@" >/dev/null 2>&1' "$clip" "$@"
  awk '{printf "%.3f %d %.2f\n", $1 + $2, $3, $4}' "$work/$name.time" >>"$work/$name.runs"
}
rm -f "$work"/syncplay.runs "$work"/ffplay.runs
for i in $(seq 1 "$runs"); do
  echo "run $i/$runs" >&2
  measure syncplay "$bin" --autoexit --sync-report "$work/report-$i.jsonl" ${vf:+--vf "$vf"}
  measure ffplay ffplay -hide_banner -loglevel error -autoexit ${vf:+-vf "$vf"} -i -
done
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -v c="$2" '{print $c}' "$work/$1.runs" | median; }
s_cpu=$(col syncplay 1); f_cpu=$(col ffplay 1)
s_mem=$(col syncplay 2); f_mem=$(col ffplay 2)
s_wall=$(col syncplay 3); f_wall=$(col ffplay 3)
p95=$(for r in "$work"/report-*.jsonl; do tail -1 "$r" | jq .summary.av_diff_p95; done | median)
drops=$(for r in "$work"/report-*.jsonl; do tail -1 "$r" | jq .summary.dropped; done | median)
echo "clip: $seconds s $size 25 fps H.264 + AAC, from a pipe, SDL dummy drivers, $runs runs each (medians)${vf:+, video filters: $vf}"
printf "%-9s %14s %12s %9s\n" player "cpu s/media s" "peak RSS MB" "wall s"
printf "%-9s %14.4f %12.1f %9.2f\n" syncplay "$(echo "$s_cpu / $seconds" | bc -l)" "$(echo "$s_mem / 1024" | bc -l)" "$s_wall"
printf "%-9s %14.4f %12.1f %9.2f\n" ffplay "$(echo "$f_cpu / $seconds" | bc -l)" "$(echo "$f_mem / 1024" | bc -l)" "$f_wall"
printf "ratio syncplay/ffplay: cpu %.2f, peak RSS %.2f\n" "$(echo "$s_cpu / $f_cpu" | bc -l)" "$(echo "$s_mem / $f_mem" | bc -l)"
echo "syncplay A-V p95: $p95 s (one frame: 0.040 s), dropped frames: $drops"
