# Sourced by memremux's faults_*.sh (after ../lib.sh): the checks every fault test makes on one run.
# (Not a test itself: ctest runs *.sh only.)

# pkt_json FILE: the packets of FILE as ffprobe reads them (stream, times, flags, payload md5), as JSON; fails
# when ffprobe cannot read FILE.
pkt_json() {
  ffprobe -v quiet -show_data_hash md5 -show_entries packet=stream_index,pts_time,dts_time,flags,data_hash \
    -of json "$1"
}

# check_stderr STATUS WHAT: every stderr line is ours and no crash text; exit 1 comes with exactly one
# "memremux: error: CONTEXT: REASON" line, the last one (anything before it is a memremux warning); exit 0 with
# no error line. A signal or another status fails.
check_stderr() {
  local st=$1 what=$2 errors
  status_ok_for_damage "$st" || { cat "$T/err" >&2; fail "$what: exit $st"; }
  stderr_is_clean || { cat "$T/err" >&2; fail "$what: crash text on stderr"; }
  ! grep -qv '^memremux: ' "$T/err" || { cat "$T/err" >&2; fail "$what: a stderr line that is not ours"; }
  errors=$(grep -c '^memremux: error: ' "$T/err" || true)
  if [ "$st" -eq 1 ]; then
    [ "$errors" -eq 1 ] || { cat "$T/err" >&2; fail "$what: exit 1 with $errors error lines"; }
    tail -n 1 "$T/err" | grep -Eq '^memremux: error: [^:]+: .+$' || { cat "$T/err" >&2; fail "$what: error line"; }
    ! grep -v '^memremux: error: ' "$T/err" | grep -qv '^memremux: warning: ' ||
      { cat "$T/err" >&2; fail "$what: a line besides the error that is not a warning"; }
  else
    [ "$errors" -eq 0 ] || { cat "$T/err" >&2; fail "$what: exit 0 with an error line"; }
  fi
}

# check_prefix OUT_JSON FULL_JSON WHAT: the packets of the damaged run are, stream by stream, the first packets
# of the full run (same payloads, flags and times), but the last of each stream, which may be partial: nothing
# invented, nothing skipped, nothing reordered. A stream is matched to the full run's by its packets (a cut may
# hide a stream whose first packet came after it: the output's stream numbers then shift, and so may its zero
# point, which is the earliest stream's start, as with ffmpeg). So the times must be the full run's plus one
# offset, the same for every packet of a stream (to the microsecond ffprobe prints) and for every stream (to
# 0.1 ms: each stream's share of the offset is rounded to its own time base).
check_prefix() {
  jq -e -n --slurpfile c "$1" --slurpfile f "$2" '
    def by_stream(d): [d.packets[]? | {s: .stream_index, t: .pts_time, d: .dts_time, k: .flags, h: .data_hash}]
      | group_by(.s) | map(map(del(.s)));
    def payload: map({k, h});
    def diff($x; $y): if $x == null or $y == null then (if $x == $y then 0 else "missing" end)
      else ($x | tonumber) - ($y | tonumber) end;
    def same($tol): length == 0 or (first as $o | all(.[]; . - $o | fabs < $tol));
    by_stream($c[0]) as $cs | by_stream($f[0]) as $fs |
    [$cs[] | .[:-1] as $a | select($a | length > 0) |
      ([$fs[] | select(.[:($a | length)] | payload == ($a | payload))] | first) as $m |
      if $m == null then "unmatched" else
        [range($a | length) as $i | diff($a[$i].t; $m[$i].t), diff($a[$i].d; $m[$i].d)] end] as $offsets |
    ($offsets | all(type == "array" and all(.[]; type == "number") and same(0.0000005))) and
      ($offsets | map(first) | same(0.0001))' > /dev/null ||
    fail "$3: the packets written are not the first packets of the full remux"
}

# check_output STATUS WHAT [FULL_JSON]: after a run with its output in $T/out: exit 0 wrote something; whatever
# was written reads back (ffprobe) as a finished file, and with FULL_JSON its packets are a prefix of the full
# run's. Prints the outcome for record_fault.
check_output() {
  local st=$1 what=$2 full=${3:-} n
  if [ ! -s "$T/out" ]; then
    [ "$st" -eq 1 ] || fail "$what: exit $st with nothing written"
    echo "exit 1, one error line, nothing written"
    return
  fi
  pkt_json "$T/out" > "$T/out.json" || fail "$what: ffprobe cannot read the output"
  n=$(jq '.packets | length' "$T/out.json")
  [ -z "$full" ] || check_prefix "$T/out.json" "$full" "$what"
  if [ "$st" -eq 1 ]; then
    if [ "$n" -gt 0 ]; then echo "exit 1, one error line, output valid up to the fault"
    else echo "exit 1, one error line, finished output without packets"; fi
  else
    echo "exit 0, valid output"
  fi
}

# now_ms: a monotonic-enough clock in milliseconds.
