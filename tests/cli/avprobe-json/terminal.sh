# Shows: with stdin on a terminal and no input named, avprobe-json says so at once (status 2 and a hint) instead of
# waiting; named inputs are probed as usual.
source "$(dirname "$0")/../lib.sh"
expect_on_terminal 2 "avprobe-json: error: usage: no input: give INPUT or pipe something in (stdin is a terminal) (see --help)" \
  "timeout 10 avprobe-json"
expect_on_terminal 0 "format|" "timeout 10 avprobe-json -v quiet -show_format -of compact '$FX/ts_single.ts'"
ok "stdin on a terminal: refused with a hint; named inputs probed"
