# Sourced by avprobe-json's faults_*.sh (after ../lib.sh): the checks every fault test makes on one run.
# (Not a test itself: ctest runs *.sh only.)

# check_run STATUS WHAT [FULL_JSON]: after a run with stdout in $T/out and stderr in $T/err, a damaged input gave
# exit 0 or 1 and no crash text; every line on stderr is ours (FFmpeg's log lines carry our prefix too); the JSON
# is valid; exit 1 comes with ffprobe's error object and exactly one "avprobe-json: error: CONTEXT: REASON" line,
# exit 0 with neither. With FULL_JSON (the whole input's --show-packets), the packets shown must be each stream's
# first packets in the whole input (but the last of each stream, which may be partial): nothing invented, nothing
# skipped. (Across streams the order may differ at a cut: a demuxer flushes what it holds when its input ends.)
# Prints the outcome for record_fault.
check_run() {
  local st=$1 what=$2 full=${3:-} errors verdict
  status_ok_for_damage "$st" || { cat "$T/err" >&2; fail "$what: exit $st"; }
  stderr_is_clean || { cat "$T/err" >&2; fail "$what: crash text on stderr"; }
  ! grep -qv '^avprobe-json: ' "$T/err" || { cat "$T/err" >&2; fail "$what: a stderr line that is not ours"; }
  # One JSON document, or JSON Lines: jq reads both (and fails on anything that is not JSON).
  [ -n "$full" ] || full=/dev/null
  verdict=$(jq -r -s --slurpfile f "$full" '
    def keys(d): [d.packets[]? | [.stream_index, .pts, .dts, .size]];
    def prefix_ok: if ($f | length) == 0 then true else
      (.[0] | keys(.)) as $ck | ($f[0] | keys(.)) as $fk |
      [$ck[] | .[0]] | unique | all(. as $s | ([$ck[] | select(.[0] == $s)] | .[:-1]) as $a |
        ([$fk[] | select(.[0] == $s)] | .[:($a | length)]) == $a) end;
    if length == 0 then "empty" elif (prefix_ok | not) then "not-a-prefix" else
      [.[] | objects | select(has("error"))] |
      if length == 0 then "none" elif length == 1 and (.[0].error.code < 0) and (.[0].error.string | length > 0)
      then "one" else "bad" end end' "$T/out" 2> /dev/null) ||
    fail "$what: output is not valid JSON: $(tail -c 300 "$T/out")"
  [ "$verdict" != not-a-prefix ] || fail "$what: the packets shown are not the input's first packets"
  errors=$(grep -c '^avprobe-json: error: ' "$T/err" || true)
  if [ "$st" -eq 1 ]; then
    [ "$errors" -eq 1 ] || { cat "$T/err" >&2; fail "$what: exit 1 with $errors error lines"; }
    grep -Eq '^avprobe-json: error: [^:]+: .+$' "$T/err" || fail "$what: error line: $(grep error: "$T/err")"
    [ "$verdict" = one ] || fail "$what: exit 1 without one error object ($verdict)"
    echo "exit 1, error object and one error line"
  else
    [ "$errors" -eq 0 ] || { cat "$T/err" >&2; fail "$what: exit 0 with an error line"; }
    [ "$verdict" = none ] || fail "$what: exit 0 with output '$verdict'"
    echo "exit 0, valid JSON"
  fi
}

# check_packet_prefix CUT_JSON FULL_JSON WHAT: check_run's packet check alone.
check_packet_prefix() {
  jq -e -n --slurpfile c "$1" --slurpfile f "$2" '
    def keys(d): [d.packets[]? | [.stream_index, .pts, .dts, .size]];
    ($c[0] | keys(.)) as $ck | ($f[0] | keys(.)) as $fk |
    [$ck[] | .[0]] | unique | all(. as $s | ([$ck[] | select(.[0] == $s)] | .[:-1]) as $a |
      ([$fk[] | select(.[0] == $s)] | .[:($a | length)]) == $a)' > /dev/null ||
    fail "$3: the packets shown are not the input's first packets"
}

# now_ms: a monotonic-enough clock in milliseconds.
