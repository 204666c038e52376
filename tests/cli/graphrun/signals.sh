# SIGINT finishes the output (valid file, exit 130; SIGTERM the same, exit 143); a closed pipe is a quiet stop; -o is atomic.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
mkfifo "$T/in.fifo"
# interrupt SIGNAL STATUS: SIGNAL in the middle of a run fed by a pipe that stays open; the output is finished
# with every frame read so far, and graphrun exits STATUS.
interrupt() {
  local sig=$1 want=$2
  ( cat "$MAIN"; sleep 30 ) > "$T/in.fifo" &
  local feeder=$!
  graphrun --vf 'scale=80:60' "$T/in.fifo" -o "$T/int.nut" 2> "$T/err" &
  local pid=$!
  wait_handles_signals "$pid"
  # Once all of the input is through (graphrun's writes have stopped growing: the feeder now holds the pipe open),
  # however long a busy machine takes to get there.
  local prev=-1 cur same=0
  for _ in $(seq 1 300); do
    cur=$(awk '/^wchar/ {print $2}' "/proc/$pid/io" 2> /dev/null || echo 0)
    if [ "$cur" -gt 0 ] && [ "$cur" -eq "$prev" ]; then same=$((same + 1)); else same=0; fi
    [ "$same" -ge 5 ] && break
    prev=$cur
    sleep 0.1
  done
  kill "-$sig" "$pid"
  local st=0
  wait "$pid" || st=$?
  kill "$feeder" 2>/dev/null || true; wait "$feeder" 2>/dev/null || true
  [ "$st" -eq "$want" ] || { cat "$T/err"; fail "SIG$sig exit status $st"; }
  local n
  n=$(ffprobe -v error -select_streams v -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$T/int.nut")
  [ "$n" = 180 ] || fail "output after SIG$sig has $n frames (expected all 180 read so far)"
  ok "SIG$sig: output finished, exit $want"
}
interrupt INT 130
interrupt TERM 143

# downstream closes the pipe: quiet stop
st=0
cat "$MAIN" | graphrun --vf 'scale=320:240' 2> "$T/err" | head -c 1000 > /dev/null || true
graphrun --vf 'scale=320:240' "$MAIN" 2> "$T/err" | head -c 1000 > /dev/null; st=${PIPESTATUS[0]}
[ "$st" -eq 0 ] || fail "EPIPE exit status $st"
[ ! -s "$T/err" ] || { cat "$T/err"; fail "EPIPE was not quiet"; }
ok "EPIPE: quiet stop"

# -o: a failing run leaves the old file; a good run replaces it
echo old > "$T/out.nut"
expect_status 2 graphrun -g '[0:v]nosuch[v]' "$MAIN" -o "$T/out.nut"
[ "$(cat "$T/out.nut")" = old ] || fail "a failed run touched the output"
expect_status 1 graphrun -g '[0:v]null[v];[1:v]null[w]' -i "$FX/truncated.mkv" -i "$FX/garbage.bin" -o "$T/out.nut"
[ "$(cat "$T/out.nut")" = old ] || fail "a failed run touched the output"
graphrun --vf 'scale=80:60' -an "$MAIN" -o "$T/out.nut"
[ "$(streams "$T/out.nut")" = "rawvideo,video" ] || fail "good run did not replace the output"
ls "$T" | grep -v -e '^out.nut$' -e '^in.fifo$' -e '^int.nut$' -e '^err$' -e '^out$' && fail "temporary files left behind"
ok "-o is atomic"

# -o naming a FIFO writes into it (it is not replaced by a renamed file)
mkfifo "$T/o.fifo"
cat "$T/o.fifo" > "$T/from_fifo.nut" &
reader=$!
graphrun --vf 'scale=80:60' -an "$MAIN" -o "$T/o.fifo"
wait "$reader"
[ -p "$T/o.fifo" ] || fail "the FIFO was replaced"
[ "$(streams "$T/from_fifo.nut")" = "rawvideo,video" ] || fail "nothing came through the FIFO"
ok "-o FIFO written in place"
