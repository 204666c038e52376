# Shows: --progress reports bytes, media time and speed on stderr (stdout untouched); without it and without a terminal, stderr stays silent; on a terminal it is on by default.
source "$(dirname "$0")/../lib.sh"
cat "$FX/mp4_front.mp4" | memremux --progress -f nut 2>"$T/err" > "$T/with.nut"
cat "$FX/mp4_front.mp4" | memremux -f nut 2>"$T/err_none" > "$T/without.nut"
cmp -s "$T/with.nut" "$T/without.nut" || fail "progress changed the output"
grep -Eq 'memremux: size= *[0-9.]+ KiB time=00:00:0[12]\.[0-9]{2} speed=[0-9.e+]+x' "$T/err" || { cat -A "$T/err"; fail "no progress line"; }
[ "$(tail -c 1 "$T/err" | od -An -c | tr -d ' ')" = '\n' ] || fail "progress does not end with a newline"
[ ! -s "$T/err_none" ] || fail "stderr not silent without --progress"
expect_status 2 memremux --progress --no-progress -f nut
if command -v script >/dev/null; then
  # stderr on a pseudo-terminal: progress by default, --no-progress turns it off
  script -qec "memremux '$FX/mkv_multi.mkv' -f matroska -o '$T/tty.mkv'" /dev/null > "$T/tty.txt"
  grep -q 'size=' "$T/tty.txt" || { cat "$T/tty.txt"; fail "no progress on a terminal"; }
  script -qec "memremux '$FX/mkv_multi.mkv' -f matroska --no-progress -o '$T/tty2.mkv'" /dev/null > "$T/tty2.txt"
  ! grep -q 'size=' "$T/tty2.txt" || fail "--no-progress ignored on a terminal"
fi
ok "progress"
