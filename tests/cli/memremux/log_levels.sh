# Shows: -v sets what reaches stderr (memremux's own lines and FFmpeg's): quiet silences warnings and errors, error keeps errors, an unknown level is a usage error.
source "$(dirname "$0")/../lib.sh"
# warning (default): the dropped subtitle stream is named
cat "$FX/mkv_multi.mkv" | memremux -f nut 2>"$T/err" >/dev/null
grep -q 'warning: dropping stream 0:3' "$T/err" || fail "no warning at the default level"
for level in error quiet; do
  cat "$FX/mkv_multi.mkv" | memremux -v "$level" -f nut 2>"$T/err" >/dev/null
  [ ! -s "$T/err" ] || { cat "$T/err"; fail "-v $level still shows warnings"; }
done
expect_status 1 memremux -v error "$FX/garbage.bin" -f nut
expect_stderr '^memremux: error: opening input'
expect_status 1 memremux -v quiet "$FX/garbage.bin" -f nut
[ ! -s "$T/err" ] || fail "-v quiet shows errors"
# verbose: FFmpeg's own messages come through as they happen
cat "$FX/mkv_multi.mkv" | memremux -v verbose -f nut 2>"$T/err" >/dev/null
grep -q '^memremux: \[' "$T/err" || { cat "$T/err"; fail "no FFmpeg messages at -v verbose"; }
expect_status 2 memremux -v chatty -f nut "$FX/mkv_multi.mkv"
expect_stderr "^memremux: error: usage: -loglevel: unknown log level 'chatty' \\(see --help\\)$"
ok "log levels"
