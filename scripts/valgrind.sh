#!/usr/bin/env bash
# Runs each tool's smoke set under valgrind (memcheck, full leak check) and fails on any memory error or on a
# definite/indirect leak. Suppressions: scripts/valgrind.supp, only for documented leaks inside system libraries.
# Uses a normal (non-sanitizer) build: $MT_VALGRIND_BUILD, default build/ci (built with scripts/build.sh if missing).
# Usage: scripts/valgrind.sh [TOOL...]     (no TOOL: every tool that has a smoke set below)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MT_VALGRIND_BUILD:-$root/build/ci}
[ -x "$build/bin/avprobe-json" ] || "$root/scripts/build.sh" "$build" -DMT_WERROR=ON
FX=$build/tests/fixtures
bash "$root/tests/fixtures/make_fixtures.sh" "$FX"
BIN=$build/bin
T=$(mktemp -d "${TMPDIR:-/tmp}/valgrind.XXXXXX")
trap 'rm -rf "$T"' EXIT
export FX BIN T

# vg: the valgrind command line every smoke command runs under (one log per command).
vg() {
  valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=99 --track-origins=yes --num-callers=30 --suppressions="$root/scripts/valgrind.supp" \
    --log-file="$T/vg.log" "$@"
}
export -f vg
export root
# Valgrind 3.19 knows no AVX-512: on a CPU that has it, a library FFmpeg loads (libhwy, for libjxl) runs one while
# loading and every program dies of SIGILL before main. That is valgrind's limit on the machine, not a finding: say
# so once and exit 77 (nothing was checked), rather than report every command as an error.
st=0
# (In a shell of its own, whose note of the signal goes to /dev/null with the rest.)
bash -c 'valgrind -q --log-file="$T/vg.load" "$BIN/avprobe-json" -version; exit $?' > /dev/null 2>&1 || st=$?
if [ "$st" -eq 132 ] && grep -q 'Illegal opcode' "$T/vg.load"; then
  echo "valgrind: cannot run FFmpeg's libraries on this CPU (SIGILL while loading:" \
    "$(grep -m1 -E 'at 0x' "$T/vg.load" | sed 's/^==[0-9]*== *//')): nothing checked"
  exit 77
fi

# ---- smoke sets: one shell command per line; "vg" runs the tool under valgrind. A command may fail (exit 1 is
# ---- the tool's answer to bad input); only valgrind's own exit status (99) or a signal fails the smoke run.
smoke_avprobe_json() {
  cat <<'CMDS'
vg "$BIN/avprobe-json" "$FX/mkv_multi.mkv"
vg "$BIN/avprobe-json" --show-format --show-streams --show-chapters --show-programs "$FX/ts_programs.ts"
vg "$BIN/avprobe-json" --show-packets --show-frames "$FX/rotated.mp4"
vg "$BIN/avprobe-json" --show-frames --select-streams a "$FX/mkv_multi.mkv"
vg "$BIN/avprobe-json" --count-frames --count-packets --show-streams "$FX/audio.mp3"
vg "$BIN/avprobe-json" -show_streams -show_entries format=duration:stream=codec_name -of flat "$FX/webm_vp9.webm"
vg "$BIN/avprobe-json" -show_packets -of compact "$FX/audio.flac"
vg "$BIN/avprobe-json" -show_format -of default "$FX/attach_badtag.mkv"
vg "$BIN/avprobe-json" --typed --ndjson --show-packets "$FX/audio.wav" "$FX/garbage.bin" "$FX/mp4_front.mp4"
cat "$FX/mp4_end.mp4" | vg "$BIN/avprobe-json" --typed
cat "$FX/webm_vp9.webm" | vg "$BIN/avprobe-json" --scan-duration --sexagesimal
cat "$FX/mp4_end.mp4" | vg "$BIN/avprobe-json" --spool-limit 64k
cat "$FX/ts_single.ts" | vg "$BIN/avprobe-json" --tee --json-out "$T/tee.json" > /dev/null
cat "$FX/mkv_multi.mkv" | vg "$BIN/avprobe-json" --tee > /dev/null 2> /dev/null
vg "$BIN/avprobe-json" "$FX/garbage.bin"
vg "$BIN/avprobe-json" < "$FX/empty.bin"
vg "$BIN/avprobe-json" "$FX/truncated.mp4" "$FX/truncated.mkv"
vg "$BIN/avprobe-json" --show-packets "$FX/mkv_multi.mkv" > /dev/full
vg "$BIN/avprobe-json" --show-packets "$FX/ts_programs.ts" | head -c 100 > /dev/null
{ head -c 100000 "$FX/ts_single.ts"; sleep 3; } | vg "$BIN/avprobe-json" --timeout 500 --show-packets
vg "$BIN/avprobe-json" --no-such-option
CMDS
}
smoke_graphrun() {
  cat <<'CMDS'
vg "$BIN/graphrun" --vf scale=80:60 --af volume=0.5 "$FX/gr_main.nut" > /dev/null
cat "$FX/gr_main.nut" | vg "$BIN/graphrun" -i - -i "$FX/gr_side.nut" -g '[0:v][1:v]overlay=shortest=1[v];[0:a][1:a]amix=inputs=2[a]' > /dev/null
vg "$BIN/graphrun" -g '[0:v]split[a][b];[a]scale=32:24[o1];[b]crop=40:40,fps=10[o2]' --stats --trace "$T/trace.jsonl" "$FX/gr_main.nut" > /dev/null
vg "$BIN/graphrun" -g '[0:v]trim=end=0.5[v];[0:a]atrim=end=0.5,aresample=22050[a]' --dump-graph json "$FX/mkv_multi.mkv" > /dev/null
vg "$BIN/graphrun" -g '[0:v]scale=64:48,fps=1[m];[m][1:v]concat=n=2:v=1:a=0[v]' -i "$FX/gr_main.nut" -i "$FX/gr_side.nut" -c:v mpeg4 -f matroska -o "$T/out.mkv"
vg "$BIN/graphrun" -g 'testsrc=s=64x48:r=25:d=0.5[v];sine=r=8000:d=0.5[a]' > /dev/null
cat "$FX/mp4_end.mp4" | vg "$BIN/graphrun" --vf scale=32:24 --af anull > /dev/null
cat "$FX/mp4_end.mp4" | vg "$BIN/graphrun" --vf null --spool-limit 64k > /dev/null
{ head -c 300000 "$FX/gr_main.nut"; sleep 3; } | vg "$BIN/graphrun" --timeout 500 --vf null > /dev/null
vg "$BIN/graphrun" --vf null "$FX/truncated.mkv" > /dev/null
vg "$BIN/graphrun" --vf null "$FX/garbage.bin"
vg "$BIN/graphrun" --vf null < "$FX/empty.bin"
vg "$BIN/graphrun" --vf scale=80:60 "$FX/gr_main.nut" > /dev/full
vg "$BIN/graphrun" --vf scale=320:240 "$FX/gr_main.nut" | head -c 1000 > /dev/null
vg "$BIN/graphrun" -g '[0:v]nosuchfilter[v]' "$FX/gr_main.nut"
vg "$BIN/graphrun" -g '[0:v]scale=80:60[v];[foo]null[x]' "$FX/gr_main.nut"
vg "$BIN/graphrun" -g '[0:v]null[v]' -c:v mpeg4 --enc-opt nosuchopt=1 "$FX/gr_main.nut"
vg "$BIN/graphrun" --no-such-option
CMDS
}
# syncplay plays in real time: SDL's dummy drivers (headless, the dummy audio device paced like a real one), at most
# a second or two of media per command. SDL's own allocations are in scripts/valgrind.supp.
smoke_syncplay() {
  cat <<'CMDS'
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --autoexit --t 1 --sync-report "$T/r.jsonl" "$FX/sync_av4.nut"
cat "$FX/sync_av4.nut" | SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display --t 1
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display --speed 1.5 --t 1 "$FX/sync_av4.nut"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display --sync video --t 1 "$FX/sync_av4.nut"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display --sync ext --ss 1 --t 1 "$FX/sync_av4.nut"
cat "$FX/mp4_end.mp4" | SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display --t 1
cat "$FX/mp4_end.mp4" | SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display --spool-limit 16k
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display --fps 50 --t 1 "$FX/sync_raw.h264"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display --t 1 --sync-report /dev/full "$FX/sync_av4.nut"
head -c 60000 "$FX/sync_av4.nut" | SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display
{ head -c 60000 "$FX/sync_av4.nut"; sleep 4; } | SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display --timeout 500
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display "$FX/garbage.bin"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-display < "$FX/empty.bin"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --autoexit --t 0.5 -an --vf scale=200:-2 "$FX/sync_av4.nut"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --autoexit --t 0.5 --simulate-slow-display 200 "$FX/sync_av4.nut"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy vg "$BIN/syncplay" --no-such-option
CMDS
}
smoke_memremux() {
  cat <<'CMDS'
vg "$BIN/memremux" -f matroska "$FX/mkv_multi.mkv" > /dev/null
cat "$FX/mp4_end.mp4" | vg "$BIN/memremux" -f nut > /dev/null
cat "$FX/ts_programs.ts" | vg "$BIN/memremux" -f mp4 | cat > /dev/null
vg "$BIN/memremux" "$FX/webm_vp9.webm" -o "$T/out.webm"
vg "$BIN/memremux" "$FX/mp4_front.mp4" --faststart -o "$T/out.mp4"
vg "$BIN/memremux" -map 0:v -map 0:a:1 -f mpegts "$FX/mkv_multi.mkv" > /dev/null
vg "$BIN/memremux" --copyts -f flv "$FX/ts_single.ts" > /dev/null
vg "$BIN/memremux" -f ogg "$FX/mkv_multi.mkv" > /dev/null
vg "$BIN/memremux" -f nut "$FX/truncated.mp4" > /dev/null
vg "$BIN/memremux" -f matroska "$FX/truncated.mkv" > /dev/null
vg "$BIN/memremux" -f nut "$FX/garbage.bin" > /dev/null
vg "$BIN/memremux" -f nut < "$FX/empty.bin" > /dev/null
cat "$FX/mp4_end.mp4" | vg "$BIN/memremux" --spool-limit 64K -f nut > /dev/null
vg "$BIN/memremux" -f matroska "$FX/mkv_multi.mkv" > /dev/full
vg "$BIN/memremux" -f nut "$FX/sync_av10.nut" | head -c 1000 > /dev/null
{ head -c 100000 "$FX/ts_single.ts"; sleep 3; } | vg "$BIN/memremux" --timeout 500 -f nut > /dev/null
vg "$BIN/memremux" --no-such-option
CMDS
}

tools=("$@")
if [ ${#tools[@]} -eq 0 ]; then
  for t in avprobe-json memremux graphrun syncplay; do
    declare -F "smoke_${t//-/_}" > /dev/null && tools+=("$t")
  done
fi
status=0
for tool in "${tools[@]}"; do
  fn="smoke_${tool//-/_}"
  declare -F "$fn" > /dev/null || { echo "valgrind: no smoke set for $tool" >&2; status=1; continue; }
  n=0 bad=0
  while IFS= read -r cmd; do
    [ -n "$cmd" ] || continue
    n=$((n + 1))
    rc=0
    bash -o pipefail -c "$cmd" > "$T/out" 2> "$T/err" || rc=$?
    # With pipefail a pipeline's status is its last failing command; valgrind's 99 must not hide behind it.
    # A line the shell cannot even parse is a broken smoke set, not a tool's answer.
    if [ "$rc" -eq 99 ] || [ "$rc" -ge 128 -a "$rc" -ne 141 ] || grep -q 'syntax error' "$T/err" || grep -q 'ERROR SUMMARY: [1-9]' "$T/vg.log" 2> /dev/null ||
       grep -Eq '(definitely|indirectly) lost: [1-9]' "$T/vg.log" 2> /dev/null; then
      echo "valgrind: $tool: FAILED (exit $rc): $cmd" >&2
      cat "$T/vg.log" >&2
      bad=$((bad + 1))
    fi
    rm -f "$T/vg.log"
  done < <("$fn")
  echo "valgrind: $tool: $n commands, $((n - bad)) clean, $bad with errors or leaks"
  [ "$bad" -eq 0 ] || status=1
done
exit $status
