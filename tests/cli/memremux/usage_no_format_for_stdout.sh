# Shows: writing to stdout without -f is a usage error (status 2, one line naming -f), as are an unknown format, an unguessable extension and no input at all (stdin a terminal).
source "$(dirname "$0")/../lib.sh"
expect_status 2 sh -c "memremux < '$FX/mp4_front.mp4'"
expect_stderr '^memremux: error: usage: no output format for stdout: give -f FORMAT'
[ ! -s "$T/out" ] || fail "something was written to stdout"
expect_status 2 memremux "$FX/mp4_front.mp4" -f nonesuch
expect_stderr "^memremux: error: opening output: unknown output format 'nonesuch'$"
expect_status 2 memremux "$FX/mp4_front.mp4" -o "$T/out.unknownext"
expect_stderr "cannot tell the output format from the name .*\(use -f\)$"
[ ! -e "$T/out.unknownext" ] || fail "an output file was created"
expect_status 2 memremux --no-such-option
expect_stderr '^memremux: error: usage: '
if command -v script >/dev/null; then
  script -qec "memremux -f nut; echo status=\$?" /dev/null > "$T/tty.txt" 2>&1
  grep -q "no input: give -i INPUT or pipe something in (stdin is a terminal)" "$T/tty.txt" || { cat "$T/tty.txt"; fail "terminal stdin"; }
  grep -q "status=2" "$T/tty.txt" || fail "terminal stdin: status"
fi
ok "usage errors"
