# Shows: --spool-limit bounds the spool: past it, one error line naming the option, status 1, and no spool file left behind.
source "$(dirname "$0")/../lib.sh"
mkdir "$T/spool"
expect_status 1 sh -c "cat '$FX/mp4_end.mp4' | TMPDIR='$T/spool' memremux --spool-limit 64K -f matroska"
expect_stderr '^memremux: error: .*spool limit reached \(raise --spool-limit\)'
[ -z "$(ls -A "$T/spool")" ] || fail "spool left behind"
# a limit the input fits in is fine
cat "$FX/mp4_end.mp4" | TMPDIR="$T/spool" memremux --spool-limit 1M -f matroska > "$T/ok.mkv"
[ -s "$T/ok.mkv" ] || fail "no output within the limit"
expect_status 2 memremux --spool-limit lots -f nut "$FX/mp4_end.mp4"
expect_stderr "^memremux: error: usage: --spool-limit: not a size: 'lots'"
ok "spool limit enforced"
