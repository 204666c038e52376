# Shows: SIGINT while input is still arriving finishes the output properly (trailer written, -o renamed into place) and exits 130.
source "$(dirname "$0")/../lib.sh"
mkfifo "$T/in.fifo"
# half a second of stream, then the writer stays open without sending more
( cat "$FX/ts_single.ts"; sleep 30 ) > "$T/in.fifo" &
writer=$!
memremux "$T/in.fifo" -o "$T/got.mkv" 2>"$T/err" &
pid=$!
for _ in $(seq 50); do
  # wait until it has written its header and is blocked on the pipe
  ls "$T"/.got.mkv.part-* >/dev/null 2>&1 && break
  sleep 0.1
done
sleep 0.5
kill -INT "$pid"
status=0
wait "$pid" || status=$?
kill "$writer" 2>/dev/null || true
[ "$status" -eq 130 ] || { cat "$T/err"; fail "exited $status, expected 130"; }
[ -f "$T/got.mkv" ] || fail "output not renamed into place"
ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/got.mkv" > "$T/dur" 2>"$T/probe_err"
[ ! -s "$T/probe_err" ] || { cat "$T/probe_err"; fail "output does not probe cleanly"; }
n=$(packets "$T/got.mkv" | grep -c MD5)
[ "$n" -gt 50 ] || fail "only $n packets written"
ok "interrupted with $n packets, duration $(cat "$T/dur") s, trailer written"
