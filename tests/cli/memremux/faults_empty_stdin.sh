#!/usr/bin/env bash
# Shows: an empty input (a redirected empty file, /dev/null, a pipe that closes at once, an empty file named)
# is exit 1 with the one line "memremux: error: reading input: empty input" and nothing written, to a pipe or
# to a file named with -o (which is then not created, nor an existing one clobbered).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/fault_checks.bash"
for fmt in nut mp4 matroska; do
  for how in file devnull pipe named; do
    st=0
    case $how in
      file) memremux -f "$fmt" < "$FX/empty.bin" > "$T/out" 2> "$T/err" || st=$? ;;
      devnull) memremux -f "$fmt" < /dev/null > "$T/out" 2> "$T/err" || st=$? ;;
      pipe) : | memremux -f "$fmt" 2> "$T/err" | cat > "$T/out" || st=$? ;;
      named) memremux -f "$fmt" "$FX/empty.bin" > "$T/out" 2> "$T/err" || st=$? ;;
    esac
    [ "$st" -eq 1 ] || { cat "$T/err" >&2; fail "empty input ($how, $fmt): exit $st"; }
    check_stderr "$st" "empty input ($how, $fmt)"
    expect_stderr '^memremux: error: reading input: empty input$'
    outcome=$(check_output "$st" "empty input ($how, $fmt)")
    [ ! -s "$T/out" ] || fail "empty input ($how, $fmt): something was written"
    record_fault memremux "empty stdin" "$outcome"
  done
done
# -o: nothing created; an existing file stays as it was.
st=0
: | memremux -o "$T/new.mkv" 2> "$T/err" || st=$?
[ "$st" -eq 1 ] && [ ! -e "$T/new.mkv" ] || fail "-o: exit $st, or a file was created"
expect_stderr '^memremux: error: reading input: empty input$'
ls "$T" | grep -q 'part' && fail "-o: a temporary file was left behind"
echo keep > "$T/old.mkv"
st=0
: | memremux -o "$T/old.mkv" 2> "$T/err" || st=$?
[ "$st" -eq 1 ] && [ "$(cat "$T/old.mkv")" = keep ] || fail "-o: exit $st, or the existing file was clobbered"
record_fault memremux "empty stdin" "exit 1, one error line, nothing written"
ok "empty input: exit 1, one line, nothing written"
