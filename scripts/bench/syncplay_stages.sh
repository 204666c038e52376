#!/usr/bin/env bash
# Where the CPU time of playback goes, per stage, for syncplay and for ffplay on the same clip (headless, SDL's dummy
# drivers, from a pipe, as scripts/bench/syncplay.sh plays it): perf samples every thread of each player and the
# samples are put in stages by the library they fall in:
#   decode   libavcodec
#   convert  libswscale (YUV to RGB; ffplay converts every picture for SDL's software renderer)
#   display  libSDL2 (texture upload, copy to the window; SDL's own YUV conversion where it does it)
#   filter   libavfilter, libswresample
#   kernel   the kernel (pipe reads, thread wake-ups and sleeps, page faults)
#   libc     memcpy and malloc, locks
#   other    everything else (the player itself, libavformat, libavutil, the dynamic loader at start)
# and reported as CPU seconds per media second, with the run's total user + sys time.
# Usage: scripts/bench/syncplay_stages.sh [-s SECONDS] [-r WxH]
# Needs perf (Debian package linux-perf) and permission to use it (root, or kernel.perf_event_paranoid <= 1).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=10
size=1280x720
while getopts "s:r:" opt; do
  case $opt in
    s) seconds=$OPTARG ;;
    r) size=$OPTARG ;;
    *) sed -n '2,15p' "$0"; exit 2 ;;
  esac
done
command -v perf >/dev/null || { echo "perf not found (Debian package linux-perf)" >&2; exit 1; }
command -v ffplay >/dev/null || { echo "ffplay not found (Debian package ffmpeg)" >&2; exit 1; }
bin=${SYNCPLAY:-$root/build/release/bin/syncplay}
[ -x "$bin" ] || { echo "build syncplay first: scripts/build.sh $root/build/release" >&2; exit 1; }
work=${BENCH_DIR:-$root/build/bench}
mkdir -p "$work"
# shellcheck source=scripts/bench/sync_clip.bash
source "$root/scripts/bench/sync_clip.bash"
clip=$(sync_clip "$seconds" "$size" "$work")
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

# profile NAME CMD...: perf samples of one run; the total CPU time from /usr/bin/time.
profile() {
  local name=$1; shift
  /usr/bin/time -f "%U %S" -o "$work/$name.time" perf record -q -F 999 -o "$work/$name.perf" -- "$@" <"$clip" >/dev/null 2>&1
  perf report -i "$work/$name.perf" --no-children --sort dso --stdio -g none 2>/dev/null |
    awk '!/^#/ && /%/ {gsub("%", "", $1); print $1, $2}' >"$work/$name.dso"
}
profile syncplay "$bin" --autoexit
profile ffplay ffplay -hide_banner -loglevel error -autoexit -i -

python3 - "$work" "$seconds" <<'PY'
import sys
work, seconds = sys.argv[1], float(sys.argv[2])
stages = ["decode", "convert", "display", "filter", "kernel", "libc", "other"]
def stage(dso):
    for key, name in (("libavcodec", "decode"), ("libswscale", "convert"), ("libSDL2", "display"),
                      ("libavfilter", "filter"), ("libswresample", "filter"), ("kernel", "kernel"), ("libc.so", "libc")):
        if key in dso:
            return name
    return "other"
rows = {}
for player in ("syncplay", "ffplay"):
    user, sys_ = map(float, open(f"{work}/{player}.time").read().split()[-2:])
    total = (user + sys_) / seconds
    share = dict.fromkeys(stages, 0.0)
    for line in open(f"{work}/{player}.dso"):
        pct, dso = line.split(maxsplit=1)
        share[stage(dso)] += float(pct) / 100
    rows[player] = (total, share)
print(f"CPU seconds per media second, by stage ({seconds:g} s clip, headless, from a pipe)")
print(f"{'stage':<9}" + "".join(f"{p:>10}" for p in rows) + f"{'ratio':>8}")
for s in stages + ["total"]:
    vals = [t if s == "total" else t * sh[s] for t, sh in rows.values()]
    ratio = f"{vals[0] / vals[1]:8.2f}" if vals[1] > 0.0005 else f"{'':>8}"
    print(f"{s:<9}" + "".join(f"{v:10.4f}" for v in vals) + ratio)
PY
