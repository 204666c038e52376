#!/usr/bin/env bash
# Shows: MP4 and MOV with their index at the front (faststart), cut at every tenth of the file (5%, 15%, ... 95%)
# and inside the first mdat box's header, so that the index names samples past the end of the data, played from a
# file and from a pipe with -autoexit -nodisp: syncplay ends within 2 s of the last frame it shows (on its own clock,
# and the process right after its report), exits 1 with one error line (an input that ended early), and nothing
# crashes or hangs.
# ctest: RUN_SERIAL (real time, judged by the player's clocks: a parallel test's load would show as late frames)
# ctest: LABELS damage (a loop over damaged inputs: run once per test command, in the sanitizer pass when there is one)
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
# How promptly the player must end after its last frame: its last frame's duration, the audio still in the device,
# the threads' stop and the process's exit, on a busy machine and in a sanitizer build, are well inside it.
bound=2
# A short clip (44 plays in real time; cuts at every 5% until ci50 made this the real-time tests' longest, run alone)
# with B-frames: a cut leaves a gap of several frames (over 0.1 s) before the last decodable one, which the video
# waited out against an audio clock that stopped with the audio, for ever. At normal speed: at --speed 2 such a gap
# is only 0.08 s of the player's time, short enough to slip through.
for ext in mp4 mov; do
  ffmpeg -nostdin -v error -y -f lavfi -i "testsrc2=size=160x120:rate=25:duration=2" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=2" -c:v libx264 -preset veryfast -threads 1 -bf 3 \
    -g 50 -pix_fmt yuv420p -c:a aac -b:a 64k -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
    -map_metadata -1 -movflags +faststart "$T/front.$ext"
done

# mdat_offset FILE: the offset of the first top-level mdat box, from the box headers (32-bit size, type; size 1: a
# 64-bit size follows).
mdat_offset() {
  local f=$1 off=0 total hdr size
  total=$(stat -c %s "$f")
  while [ $((off + 8)) -le "$total" ]; do
    hdr=$(od -An -v -tx1 -j "$off" -N 8 "$f" | tr -d ' \n')
    [ "${hdr:8:8}" != 6d646174 ] || { echo "$off"; return; }
    size=$((16#${hdr:0:8}))
    [ "$size" -ne 1 ] || size=$((16#$(od -An -v -tx1 -j $((off + 8)) -N 8 "$f" | tr -d ' \n')))
    [ "$size" -ge 8 ] || fail "$f: a box of size $size at $off"
    off=$((off + size))
  done
  fail "$f: no mdat box"
}

# cut_case EXT:OFFSET: the clip cut at OFFSET, played from a file (ffplay's spellings) and from a pipe (the GNU ones),
# each in a folder of its own (six cases run at a time: the plays mostly wait).
cut_case() {
  local ext=${1%%:*} cut=${1##*:} mode what summary last ended end_ns lag
  T=$T/$ext-$cut
  mkdir -p "$T"
  head -c "$cut" "$T/../front.$ext" > "$T/cut.$ext"
  for mode in file pipe; do
    what="$ext cut at $cut of $(stat -c %s "$T/../front.$ext") bytes, from a $mode"
    rm -f "$T/r.jsonl"
    st=0
    if [ "$mode" = file ]; then
      timeout -s KILL 20 syncplay -autoexit -nodisp --sync-report "$T/r.jsonl" "$T/cut.$ext" \
        > /dev/null 2> "$T/err" || st=$?
    else
      timeout -s KILL 20 syncplay --autoexit --no-display --sync-report "$T/r.jsonl" - \
        < <(cat "$T/cut.$ext") > /dev/null 2> "$T/err" || st=$?
    fi
    end_ns=$(date +%s%N)
    [ "$st" -ne 137 ] || fail "$what: syncplay hung (killed after 20 s): $(tail -3 "$T/r.jsonl" 2> /dev/null)"
    check_run "$st" "$what" "$T/r.jsonl" > /dev/null
    [ "$st" -eq 1 ] || fail "$what: exit $st, expected 1 (an input that ended early)"
    record_fault syncplay "truncation, index at the front" "exit 1, one error line, report ends with its summary"
    # On the player's clock: from the last frame shown (or the start, when none was) to the end of playback; then
    # from the report's summary (its last write) to the process's end.
    summary=$(tail -1 "$T/r.jsonl")
    ended=$(jq -r '.summary.ended_at // empty' <<< "$summary")
    if [ -n "$ended" ]; then
      last=$(jq -s -r 'map(select(.action == "shown")) | if length > 0 then .[-1].shown_at else 0 end' "$T/r.jsonl")
      lag=$(awk -v e="$ended" -v l="$last" -v end="$end_ns" -v w="$(stat -c %.9Y "$T/r.jsonl")" \
        'BEGIN { printf "%.3f", (e - l) + (end / 1e9 - w) }')
      within "$lag" 0 "$bound" || fail "$what: ended $lag s after its last frame (at $last s, playback ended at $ended s)"
      echo "$what: ended $lag s after its last frame" >> "$T/../lags"
    fi
  done
}

items=()
for ext in mp4 mov; do
  size=$(stat -c %s "$T/front.$ext")
  for k in $(seq 5 10 95); do items+=("$ext:$((size * k / 100))"); done
  items+=("$ext:$(($(mdat_offset "$T/front.$ext") + 5))")  # inside the mdat header: after its size, in its type
done
for_each_parallel 6 cut_case "a cut input failed (above)" "${items[@]}"
[ "$(grep -c '' "$T/lags")" -gt $((${#items[@]} * 3 / 2)) ] || fail "too few plays started: $(cat "$T/lags")"
ok "$((${#items[@]} * 2)) plays of cut index-at-the-front MP4/MOV ended within $bound s of their last frame, exit 1;" \
  "the slowest: $(sort -n <(sed 's/.*ended \([0-9.]*\) s.*/\1/' "$T/lags") | tail -1) s"
