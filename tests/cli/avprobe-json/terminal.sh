# Shows: with stdin on a terminal and no input named, avprobe-json says so at once (status 2 and a hint) instead of
# waiting; named inputs are probed as usual.
source "$(dirname "$0")/../lib.sh"
on_terminal "timeout 10 avprobe-json"
[ "$tty_status" = 2 ] || fail "stdin a terminal: status $tty_status: $(cat "$T/tty.txt")"
grep -q "avprobe-json: error: usage: no input: give INPUT or pipe something in (stdin is a terminal) (see --help)" "$T/tty.txt" \
  || fail "stdin a terminal: $(cat "$T/tty.txt")"
on_terminal "timeout 10 avprobe-json -v quiet -show_format -of compact '$FX/ts_single.ts'"
[ "$tty_status" = 0 ] && grep -q '^format|' "$T/tty.txt" || fail "a named input: $(cat "$T/tty.txt")"
ok "stdin on a terminal: refused with a hint; named inputs probed"
