#!/usr/bin/env bash
# Shows: an empty stdin (a redirected empty file, /dev/null, a pipe that closes at once) is exit 1 with ffprobe's
# error object and the one line "avprobe-json: error: reading input: empty input", with or without packets.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
for how in file devnull pipe; do
  for args in "" "--show-packets --show-frames" "--ndjson"; do
    st=0
    case $how in
      file) avprobe-json $args < "$FX/empty.bin" > "$T/out" 2> "$T/err" || st=$? ;;
      devnull) avprobe-json $args < /dev/null > "$T/out" 2> "$T/err" || st=$? ;;
      pipe) : | avprobe-json $args > "$T/out" 2> "$T/err" || st=$? ;;
    esac
    [ "$st" -eq 1 ] || fail "empty stdin ($how $args): exit $st"
    outcome=$(check_run "$st" "empty stdin ($how $args)")
    expect_stderr '^avprobe-json: error: (reading|opening) input: empty input$'
    jq -e -s '.[-1].error.string == "Invalid data found when processing input"' "$T/out" > /dev/null ||
      fail "empty stdin ($how): error object $(cat "$T/out")"
    record_fault avprobe-json "empty stdin" "$outcome"
  done
done
ok "empty stdin: exit 1, error object, one line"
