# Shows: --help and --version print on stdout (nothing on stderr) and exit 0.
source "$(dirname "$0")/../lib.sh"
expect_status 0 memremux --help
grep -q -- '--spool-limit' "$T/out" && grep -q -- '--faststart' "$T/out" || fail "help does not list the options"
[ ! -s "$T/err" ] || fail "help wrote to stderr"
expect_status 0 memremux --version
grep -Eq '^memremux [0-9]+\.[0-9]+\.[0-9]+ \(mediatoolkit\)$' "$T/out" || fail "version line: $(cat "$T/out")"
# FFmpeg's libraries as ffmpeg -version lists them: built against / running with.
grep -Eq '^libavformat +[0-9]+\. *[0-9]+\. *[0-9]+ / +[0-9]+\.' "$T/out" || fail "no libavformat line: $(cat "$T/out")"
expect_status 0 memremux -version
grep -q '^memremux ' "$T/out" || fail "-version: $(cat "$T/out")"
[ ! -s "$T/err" ] || fail "version wrote to stderr"
ok "help and version"
