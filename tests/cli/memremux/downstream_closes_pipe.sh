# Shows: when the reader closes the pipe (memremux ... | head -c 1000) memremux stops at once, quietly, with status 0.
source "$(dirname "$0")/../lib.sh"
# an endless stream: ffmpeg generating raw video into NUT until its reader goes away
endless() { ffmpeg -nostdin -v quiet -f lavfi -i testsrc2=size=320x240:rate=25 -c:v rawvideo -f nut pipe:1 || true; }
start=$(date +%s%N)
set +o pipefail
endless | timeout 20 memremux -f matroska 2>"$T/err" | head -c 1000 > "$T/head"
status=${PIPESTATUS[1]}
set -o pipefail
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$status" -eq 0 ] || { cat "$T/err"; fail "memremux exited $status (124: it did not stop)"; }
[ ! -s "$T/err" ] || { cat "$T/err"; fail "memremux was not quiet"; }
[ "$(stat -c %s "$T/head")" -eq 1000 ] || fail "head did not get its 1000 bytes"
[ "$elapsed_ms" -lt 10000 ] || fail "took ${elapsed_ms} ms to stop"
ok "stopped quietly after ${elapsed_ms} ms"
