# Shows: empty input, on a pipe and as a file, is one clear error line and exit status 1, with nothing on stdout.
source "$(dirname "$0")/../lib.sh"
expect_status 1 sh -c "cat '$FX/empty.bin' | memremux -f matroska"
expect_stderr '^memremux: error: reading input: empty input$'
[ ! -s "$T/out" ] || fail "something was written to stdout"
expect_status 1 memremux "$FX/empty.bin" -f matroska
expect_stderr '^memremux: error: reading input: empty input$'
ok "empty input rejected"
