# Shows: random bytes are one clear error line (input not recognised) and exit status 1, with nothing on stdout.
source "$(dirname "$0")/../lib.sh"
expect_status 1 sh -c "cat '$FX/garbage.bin' | memremux -f nut"
expect_stderr '^memremux: error: opening input: Invalid data found when processing input$'
[ ! -s "$T/out" ] || fail "something was written to stdout"
ok "garbage rejected"
