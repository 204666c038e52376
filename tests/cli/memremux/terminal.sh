# Shows: on a terminal, memremux refuses to read media from the keyboard (stdin a terminal: status 2 and a hint) and
# to write binary media onto the screen (stdout a terminal, unless named with - or pipe:1, as gzip -c), and it does
# both at once, without waiting for input.
source "$(dirname "$0")/../lib.sh"
IN=$FX/ts_single.ts
expect_on_terminal 2 "memremux: error: usage: no input: give -i INPUT or pipe something in (stdin is a terminal) (see --help)" \
  "timeout 10 memremux -f nut"
expect_on_terminal 2 "not writing binary media to a terminal: redirect stdout, or name it with '-' or pipe:1" \
  "timeout 10 memremux -i '$IN' -f nut"
on_terminal "timeout 10 memremux -i '$IN' -f nut pipe:1 > /dev/null; timeout 10 memremux -i '$IN' -f nut - | head -c 1 > /dev/null"
[ "$tty_status" = 0 ] || fail "named stdout: status $tty_status: $(cat "$T/tty.txt")"
on_terminal "timeout 10 memremux -i '$IN' -f nut - | wc -c"
grep -q "^[0-9]" "$T/tty.txt" || fail "a pipe after memremux is not a terminal: $(cat "$T/tty.txt")"
ok "stdin and stdout on a terminal: refused with a hint, unless the output is named"
