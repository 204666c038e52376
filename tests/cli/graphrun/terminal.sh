# Shows: on a terminal, graphrun refuses to read media from the keyboard (status 2 and a hint, at once) and to write
# binary media onto the screen unless the output is named (- or pipe:1); a graph of sources alone reads no input.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
expect_on_terminal 2 "graphrun: error: reading input 0: stdin is a terminal: give -i INPUT or pipe something in" \
  "timeout 10 graphrun -vf null -f nut - > /dev/null"
expect_on_terminal 2 "not writing binary media to a terminal" "timeout 10 graphrun -i '$MAIN' -vf null"
on_terminal "timeout 10 graphrun -filter_complex 'testsrc=d=0.2:s=32x24[v]' -f nut - | wc -c"
[ "$tty_status" = 0 ] && grep -q '^ *[1-9][0-9]*' "$T/tty.txt" || fail "a graph of sources: $(cat "$T/tty.txt")"
ok "stdin and stdout on a terminal: refused with a hint; a source-only graph runs"
