# Sourced by syncplay's faults_*.sh (after ../lib.sh): short clips and the checks every fault test makes on one run.
# (Not a test itself: ctest runs *.sh only.) Playback is real time, so the clips are short and headless.
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

# clip NAME: a 1 s cut (packets copied) of sync_av4.nut into $T/clips/NAME (.nut, .ts, or .mp4 with its index at
# the end), made once per test.
clip() {
  local out=$T/clips/$1
  if [ ! -s "$out" ]; then
    mkdir -p "$T/clips"
    ffmpeg -nostdin -v error -y -i "$FX/sync_av4.nut" -t 1 -c copy -fflags +bitexact -map_metadata -1 "$out"
  fi
  echo "$out"
}

# check_report FILE WHAT: the sync report is valid JSON Lines: frame lines of the documented shape (a frame dropped
# before decoding, on a busy machine, carries "early": true instead of "due"; a repeated one neither), then exactly
# one summary, last. Prints the summary.
check_report() {
  local file=$1 what=$2
  [ -f "$file" ] || fail "$what: no sync report"
  jq -e -s '
    (.[-1] | has("summary")) and ([.[] | select(has("summary"))] | length == 1) and
    ([.[:-1][] | select(((keys_unsorted == ["pts", "shown_at", "master", "diff", "action", "due"]) and
       (.action == "shown" or .action == "dropped")) or
       (keys_unsorted == ["pts", "shown_at", "master", "diff", "action"] and .action == "repeated") or
       (keys_unsorted == ["pts", "shown_at", "master", "diff", "action", "early"] and .action == "dropped" and
        .early == true) | not)] | length == 0) and
    (.[-1].summary | (.shown | type == "number") and (.dropped | type == "number") and (.sync | type == "string"))' \
    "$file" > /dev/null 2>&1 || fail "$what: the sync report is not valid JSON Lines ending with a summary: $(tail -c 300 "$file")"
  tail -1 "$file" | jq -c .summary
}

# check_run STATUS WHAT REPORT: after a run with stderr in $T/err: exit 0 or 1 and no crash text; every stderr line
# is ours; exit 1 comes with exactly one "syncplay: error: CONTEXT: REASON" line, exit 0 with none; the report is
# valid. Prints the outcome for record_fault.
check_run() {
  local st=$1 what=$2 report=$3 errors summary
  status_ok_for_damage "$st" || { cat "$T/err" >&2; fail "$what: exit $st"; }
  stderr_is_clean || { cat "$T/err" >&2; fail "$what: crash text on stderr"; }
  ! grep -qv '^syncplay: ' "$T/err" || { cat "$T/err" >&2; fail "$what: a stderr line that is not ours"; }
  summary=$(check_report "$report" "$what")
  errors=$(grep -c '^syncplay: error: ' "$T/err" || true)
  if [ "$st" -eq 1 ]; then
    [ "$errors" -eq 1 ] || { cat "$T/err" >&2; fail "$what: exit 1 with $errors error lines"; }
    grep -Eq '^syncplay: error: [^:]+: .+$' "$T/err" || fail "$what: error line: $(grep error: "$T/err")"
    echo "exit 1, one error line, report ends with its summary"
  else
    [ "$errors" -eq 0 ] || { cat "$T/err" >&2; fail "$what: exit 0 with an error line"; }
    echo "exit 0, report ends with its summary"
  fi
}

# play ARGS...: syncplay headless with a report in $T/r.jsonl and a hard bound (a hang fails the test with 124).
# Sets st.
play() {
  st=0
  timeout -s KILL 30 syncplay --no-display --sync-report "$T/r.jsonl" "$@" > /dev/null 2> "$T/err" || st=$?
  [ "$st" -ne 137 ] || fail "syncplay hung: $*"
}


# expect_error_line REGEX: the last stderr has exactly one "syncplay: error: " line and it matches REGEX (FFmpeg's
# own messages about the damage, with our prefix, may come before it).
expect_error_line() {
  local n
  n=$(grep -c '^syncplay: error: ' "$T/err" || true)
  [ "$n" -eq 1 ] || { cat "$T/err" >&2; fail "expected one error line, got $n"; }
  grep '^syncplay: error: ' "$T/err" | grep -Eq -- "$1" || { cat "$T/err" >&2; fail "the error line does not match /$1/"; }
}
