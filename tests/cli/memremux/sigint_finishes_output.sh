# Shows: SIGINT (or SIGTERM) while input is still arriving finishes the output properly (trailer written, -o renamed into place) and exits 130 (143).
source "$(dirname "$0")/../lib.sh"
interrupt() {  # interrupt SIGNAL EXPECTED_STATUS
  local sig=$1 want=$2
  rm -f "$T/in.fifo" "$T/got.mkv"
  mkfifo "$T/in.fifo"
  # two seconds of stream, then the writer stays open without sending more
  ( cat "$FX/ts_single.ts"; sleep 30 ) > "$T/in.fifo" &
  local writer=$!
  memremux "$T/in.fifo" -o "$T/got.mkv" 2>"$T/err" &
  local pid=$!
  for _ in $(seq 50); do
    # wait until it has written its header and is blocked on the pipe
    ls "$T"/.got.mkv.part-* >/dev/null 2>&1 && break
    sleep 0.1
  done
  sleep 0.5
  kill -"$sig" "$pid"
  local status=0
  wait "$pid" || status=$?
  kill "$writer" 2>/dev/null || true
  [ "$status" -eq "$want" ] || { cat "$T/err"; fail "SIG$sig: exited $status, expected $want"; }
  [ ! -s "$T/err" ] || { cat "$T/err"; fail "SIG$sig: not quiet"; }
  [ -f "$T/got.mkv" ] || fail "SIG$sig: output not renamed into place"
  ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/got.mkv" > "$T/dur" 2>"$T/probe_err"
  [ ! -s "$T/probe_err" ] || { cat "$T/probe_err"; fail "SIG$sig: output does not probe cleanly"; }
  local n
  n=$(packets "$T/got.mkv" | grep -c MD5)
  [ "$n" -gt 50 ] || fail "SIG$sig: only $n packets written"
  ok "SIG$sig: status $status, $n packets, duration $(cat "$T/dur") s, trailer written"
}
interrupt INT 130
interrupt TERM 143
