#!/usr/bin/env bash
# Shows: SIGINT in the middle of a run on a slow pipe finishes the output properly -- ffmpeg reads it to the end,
# and its frames are the first frames of the whole run, video and audio -- with exit 130 and no error line, on
# stdout and with -o (the file is put in place), also with an encoder.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
f=$FX/mkv_multi.mkv
for args in "--vf scale=32:24 --af anull" "--vf scale=32:24 -c:v mpeg4 -f matroska"; do
  for where in stdout file; do
    graphrun $args "$f" > "$T/full" 2> /dev/null
    hashes "$T/full" > "$T/full.hashes"
    rm -f "$T/fifo" "$T/o"; mkfifo "$T/fifo"
    # A slow pipe: 8 KB every 100 ms (the 210 KB file would take about three seconds).
    sh -c 'i=0; while [ $i -lt 30 ]; do dd if="$1" bs=8192 skip=$i count=1 status=none; sleep 0.1; i=$((i + 1)); done' \
      sh "$f" > "$T/fifo" &
    feeder=$!
    # -progress says when frames are through (stderr writes would make wchar a poor sign of it).
    rm -f "$T/prog"
    if [ "$where" = stdout ]; then
      graphrun $args -progress "$T/prog" -stats_period 0.05 < "$T/fifo" > "$T/out" 2> "$T/err" &
    else
      graphrun $args -progress "$T/prog" -stats_period 0.05 -o "$T/o" < "$T/fifo" > /dev/null 2> "$T/err" &
    fi
    pid=$!
    # Wait until graphrun reports its first frames out (by then SIGINT is handled: a background job starts with
    # SIGINT ignored until the tool installs its handler); most frames are still to come from the slow pipe.
    for _ in $(seq 1 $((HANG_SECONDS * 20))); do
      grep -q '^frame=[1-9]' "$T/prog" 2> /dev/null && break
      sleep 0.05
    done
    wait_handles_signals "$pid"
    kill -INT "$pid"
    st=0; wait "$pid" || st=$?
    kill "$feeder" 2> /dev/null || true
    wait "$feeder" 2> /dev/null || true
    [ "$where" = stdout ] || mv "$T/o" "$T/out" || fail "$args -o: the output was not put in place"
    [ "$st" -eq 130 ] || { cat "$T/err" >&2; fail "$args ($where): exit $st after SIGINT, expected 130"; }
    ! grep -q '^graphrun: error:' "$T/err" || fail "$args ($where): an error line after SIGINT: $(cat "$T/err")"
    hashes "$T/out" > "$T/cut.hashes" || fail "$args ($where): ffmpeg cannot read the interrupted output"
    n=$(wc -l < "$T/cut.hashes")
    [ "$n" -gt 0 ] && [ "$n" -lt "$(wc -l < "$T/full.hashes")" ] || fail "$args ($where): $n frames (SIGINT came too late?)"
    # Interrupted, not cut: every frame written is whole, so all of them are the whole run's first frames.
    awk -F, 'NR == FNR { full[$1, ++nf[$1]] = $0; next } { if ($0 != full[$1, ++nc[$1]]) exit 1 }' \
      "$T/full.hashes" "$T/cut.hashes" || fail "$args ($where): the frames are not the whole run's first frames"
    echo "$args ($where): $n frames"
    record_fault graphrun "SIGINT in the middle" "exit 130, output finished, $n frames valid"
  done
done
ok "SIGINT on a slow pipe: exit 130 and a finished output"
