# Shows: with stdin on a terminal and no input named, syncplay says so at once (status 2 and a hint) instead of
# waiting for media from the keyboard.
source "$(dirname "$0")/../lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
on_terminal "timeout 10 syncplay -nodisp -autoexit"
[ "$tty_status" = 2 ] || fail "stdin a terminal: status $tty_status: $(cat "$T/tty.txt")"
grep -q "syncplay: error: usage: no input: give INPUT or pipe something in (stdin is a terminal) (see --help)" "$T/tty.txt" \
  || fail "stdin a terminal: $(cat "$T/tty.txt")"
ok "stdin on a terminal: refused with a hint"
