#!/usr/bin/env bash
# Shows: an empty stdin (a redirected empty file, /dev/null, a pipe that closes at once) is exit 1 with the one
# line "graphrun: error: reading input: empty input" and nothing on stdout, for a video and an audio graph.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
source "$(dirname "$0")/fault_checks.bash"
for how in file devnull pipe; do
  for args in "--vf null" "--af anull"; do
    st=0
    case $how in
      file) graphrun $args < "$FX/empty.bin" > "$T/out" 2> "$T/err" || st=$? ;;
      devnull) graphrun $args < /dev/null > "$T/out" 2> "$T/err" || st=$? ;;
      pipe) : | graphrun $args > "$T/out" 2> "$T/err" || st=$? ;;
    esac
    [ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "empty stdin ($how, $args): exit $st"; }
    expect_stderr '^graphrun: error: (opening|reading) input: empty input$'
    [ ! -s "$T/out" ] || fail "empty stdin ($how, $args): wrote $(stat -c %s "$T/out") bytes"
    record_fault graphrun "empty stdin" "exit 1, one error line, nothing written"
  done
done
ok "empty stdin: exit 1, one line, no output"
