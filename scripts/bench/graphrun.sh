#!/usr/bin/env bash
# Benchmarks graphrun against ffmpeg -filter_complex on the same graphs and inputs, runs alternating: median wall
# time, median CPU time (user+sys) and median peak RSS, as ratios. graphrun runs threaded (its default: inputs,
# graph and output in threads of their own) and serial (--threads-mode serial, one thread as ffmpeg 5.1's main loop);
# both use FFmpeg's own threading inside decoders, filters and encoders, as ffmpeg does. Cases: raw output (NUT with
# rawvideo/PCM) to a pipe, and decode + scale + libx264 ultrafast of a 720p clip (when libx264 is there).
# Also checks that peak memory for the unbalanced overlay (1 fps on 60 fps) stays flat as the input grows.
# Where a case scales video, ffmpeg also runs with -cpuflags +slowgather ("ffmpeg_sg"): graphrun marks gathers slow
# on AMD CPUs (see -cpuflags in graphrun(1)), which picks swscale's SSE4 horizontal scaler over its AVX2 one; that
# column shows how much of the ratio is that choice and how much the pipeline (on other CPUs both are the same).
# Usage: scripts/bench/graphrun.sh [BUILD_DIR] [RUNS]     (default build/release, 7 runs)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/release}
runs=${2:-7}
gr=$build/bin/graphrun
[ -x "$gr" ] || { echo "build graphrun first: scripts/build.sh $build" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-graphrun.XXXXXX")
trap 'rm -rf "$work"' EXIT
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

echo "making inputs in $work ..." >&2
ff -f lavfi -i testsrc2=size=1280x720:rate=30:duration=60 -c:v mpeg4 -q:v 4 "$work/720p.nut"
ff -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=600" -ac 2 -c:a pcm_s16le "$work/audio.nut"
for d in 20 80; do
  ff -f lavfi -i "testsrc2=size=640x360:rate=60:duration=$d" -c:v mpeg4 -q:v 4 "$work/main$d.nut"
  ff -f lavfi -i "testsrc=size=160x120:rate=1:duration=$d" -c:v mpeg4 -q:v 4 "$work/side$d.nut"
done

# measure LABEL CMD...: one run; appends "label wall cpu rss_kb" to $work/results
measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > /dev/null
  read -r wall user sys rss < "$work/time"
  echo "$label $wall $(echo "$user + $sys" | bc) $rss" >> "$work/results"
}

# case NAME GRAPH_ARGS_FOR_GRAPHRUN -- FFMPEG_ARGS: alternating runs, stdin is the first input for both
bench_case() {
  local name=$1 input=$2 graphrun_cmd=$3 ffmpeg_cmd=$4
  local serial_cmd=${graphrun_cmd/"'$gr'"/"'$gr' --threads-mode serial"}
  for ((i = 0; i < runs; i++)); do
    measure "$name graphrun" bash -c "$graphrun_cmd < '$input' | cat > /dev/null"
    measure "$name ffmpeg" bash -c "$ffmpeg_cmd < '$input' | cat > /dev/null"
    measure "$name serial" bash -c "$serial_cmd < '$input' | cat > /dev/null"
    if [[ $ffmpeg_cmd == *scale=* ]]; then
      measure "$name ffmpeg_sg" bash -c "${ffmpeg_cmd/ffmpeg /ffmpeg -cpuflags +slowgather } < '$input' | cat > /dev/null"
    fi
  done
}
: > "$work/results"
bench_case scale_720p "$work/720p.nut" \
  "'$gr' -g '[0:v]scale=640:360[v]'" \
  "ffmpeg -nostdin -v error -i pipe:0 -filter_complex '[0:v]scale=640:360[v]' -map '[v]' -c:v rawvideo -f nut -"
bench_case audio "$work/audio.nut" \
  "'$gr' -g '[0:a]aresample=44100,highpass=f=200,volume=0.5[a]'" \
  "ffmpeg -nostdin -v error -i pipe:0 -filter_complex '[0:a]aresample=44100,highpass=f=200,volume=0.5[a]' -map '[a]' -c:a pcm_f32le -f nut -"
if ffmpeg -hide_banner -encoders 2> /dev/null | grep libx264 > /dev/null; then
  bench_case x264_720p "$work/720p.nut" \
    "'$gr' -g '[0:v]scale=960:540[v]' -c:v libx264 -preset ultrafast -f matroska" \
    "ffmpeg -nostdin -v error -i pipe:0 -filter_complex '[0:v]scale=960:540[v]' -map '[v]' -c:v libx264 -preset ultrafast -f matroska -"
fi
for d in 20 80; do
  bench_case "overlay_${d}s" "$work/main$d.nut" \
    "'$gr' -i - -i '$work/side$d.nut' -g '[0:v][1:v]overlay=10:10[v]'" \
    "ffmpeg -nostdin -v error -i pipe:0 -i '$work/side$d.nut' -filter_complex '[0:v][1:v]overlay=10:10[v]' -map '[v]' -c:v rawvideo -f nut -"
done

python3 - "$work/results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    case, tool, wall, cpu, rss = line.split()
    rows[(case, tool)].append((float(wall), float(cpu), int(rss)))
cases = []
for (case, tool) in rows:
    if case not in cases:
        cases.append(case)
print(f"{'case':<14} {'tool':<9} {'wall s':>7} {'cpu s':>7} {'peak MiB':>9}")
med = {}
for case in cases:
    for tool in ("graphrun", "serial", "ffmpeg", "ffmpeg_sg"):
        if (case, tool) not in rows:
            continue
        r = rows[(case, tool)]
        m = tuple(statistics.median(x[i] for x in r) for i in range(3))
        med[(case, tool)] = m
        print(f"{case:<14} {tool:<9} {m[0]:7.2f} {m[1]:7.2f} {m[2] / 1024:9.1f}")
print()
print(f"{'case':<14} {'wall ratio':>10} {'cpu ratio':>10} {'mem ratio':>10} {'serial wall':>12} {'wall vs sg':>11}   "
      f"(graphrun threaded / ffmpeg; serial / ffmpeg; graphrun / ffmpeg -cpuflags +slowgather; median of {len(r)})")
for case in cases:
    g, f, s = med[(case, "graphrun")], med[(case, "ffmpeg")], med[(case, "serial")]
    sg = f"{g[0] / med[(case, 'ffmpeg_sg')][0]:11.2f}" if (case, "ffmpeg_sg") in med else f"{'-':>11}"
    print(f"{case:<14} {g[0] / f[0]:10.2f} {g[1] / f[1]:10.2f} {g[2] / f[2]:10.2f} {s[0] / f[0]:12.2f} {sg}")
g20, g80 = med[("overlay_20s", "graphrun")][2], med[("overlay_80s", "graphrun")][2]
print(f"\ngraphrun peak memory, unbalanced overlay: {g20 / 1024:.1f} MiB for 20 s, {g80 / 1024:.1f} MiB for 80 s "
      f"(x{g80 / g20:.2f} for 4x the input)")
PY
