# Shows: --help and --version print on stdout (nothing on stderr) and exit 0.
source "$(dirname "$0")/../lib.sh"
expect_status 0 memremux --help
grep -q -- '--spool-limit' "$T/out" && grep -q -- '--faststart' "$T/out" || fail "help does not list the options"
[ ! -s "$T/err" ] || fail "help wrote to stderr"
expect_status 0 memremux --version
grep -Eq '^memremux [0-9]+\.[0-9]+\.[0-9]+ \(libavformat Lavf59\.' "$T/out" || fail "version line: $(cat "$T/out")"
[ ! -s "$T/err" ] || fail "version wrote to stderr"
ok "help and version"
