# Shows: -re and -readrate SPEED (before -i) read an input no faster than its timestamps go by (times SPEED), as
# ffmpeg does for a live destination: the frames (framemd5, timestamps included) are those of a run at full speed,
# threaded and serial, from a file and from a pipe; the run takes at least the media's time over SPEED (only a lower
# bound is judged: a busy machine may be slower, never faster); SIGINT stops the wait at once. A
# negative or malformed speed, or -re after the last -i, is a usage error (status 2).
source "$(dirname "$0")/../lib.sh"
ffmpeg -nostdin -v error -t 3 -i "$FX/cut_bframes_vfr.mkv" -c copy -y "$T/in.mkv"
graph=(-vf scale=80:60 -af volume=0.5)
graphrun -i "$T/in.mkv" "${graph[@]}" -f framemd5 "$T/fast.md5" 2> /dev/null || fail "full speed"
# The span the pacing follows: from the first packet's DTS (0) to the last one's.
span=$(ffprobe -v error -show_entries packet=dts_time -of csv=p=0 "$T/in.mkv" | sort -g | tail -1)

# paced NAME MIN_SECONDS CMD...: CMD writes $T/NAME.md5, which must be the full-speed frames, and takes MIN_SECONDS
# at least.
paced() {
  local name=$1 min=$2 start elapsed
  shift 2
  start=$(now_ms)
  "$@" 2> "$T/err" || fail "$*: $(cat "$T/err")"
  elapsed=$(( $(now_ms) - start ))
  cmp -s "$T/fast.md5" "$T/$name.md5" || { diff "$T/fast.md5" "$T/$name.md5" | head -5 >&2; fail "$*: not the frames at full speed"; }
  within "$elapsed" "$(awk -v m="$min" 'BEGIN { print m * 1000 }')" 1e9 ||
    fail "$*: ${elapsed} ms, faster than ${min} s of media allow"
  ok "$name: the frames at full speed, in ${elapsed} ms (at least ${min} s)"
}
paced re "$span" graphrun -re -i "$T/in.mkv" "${graph[@]}" -f framemd5 "$T/re.md5"
paced serial "$(awk -v s="$span" 'BEGIN { print s / 3 }')" graphrun --threads-mode serial -readrate 3 -i "$T/in.mkv" \
  "${graph[@]}" -f framemd5 "$T/serial.md5"
paced pipe "$(awk -v s="$span" 'BEGIN { print s / 2 }')" bash -c 'cat "$1" | graphrun -readrate 2 -i - "${@:3}" -f framemd5 "$2"' \
  _ "$T/in.mkv" "$T/pipe.md5" "${graph[@]}"
graphrun -re -readrate 4 -i "$T/in.mkv" "${graph[@]}" -f framemd5 "$T/both.md5" 2> "$T/err"
grep -q -- '-re and -readrate both given: using -readrate' "$T/err" || fail "-re -readrate: no warning: $(cat "$T/err")"
cmp -s "$T/fast.md5" "$T/both.md5" || fail "-re -readrate 4: not the frames at full speed"
ok "-re with -readrate: -readrate wins, with a warning"

# The output's end stops the reading: -t 0.5 at real time ends long before the input's 3 s.
start=$(now_ms)
graphrun -re -i "$T/in.mkv" -vf scale=80:60 -an -t 0.5 -f framemd5 "$T/short.md5" 2> "$T/err" || fail "-re -t 0.5: $(cat "$T/err")"
elapsed=$(( $(now_ms) - start ))
[ "$(grep -vc '^#' "$T/short.md5")" -ge 10 ] || fail "-re -t 0.5: $(grep -vc '^#' "$T/short.md5") frames"
ok "-re -t 0.5: ended with the output, in ${elapsed} ms"

# SIGINT while waiting: stops at once, the output finished (130).
graphrun -re -i "$T/in.mkv" "${graph[@]}" -progress "$T/progress" -c:v ffv1 -c:a pcm_s16le -f matroska "$T/int.mkv" \
  2> "$T/err" &
pid=$!
for _ in $(seq 1 600); do  # running, by its own report: a progress block past 0.2 s of output
  grep -q '^out_time_us=[0-9]\{6,\}' "$T/progress" 2> /dev/null && break
  sleep 0.05
done
start=$(now_ms)
kill -INT "$pid"
st=0
wait "$pid" || st=$?
elapsed=$(( $(now_ms) - start ))
[ "$st" -eq 130 ] || fail "SIGINT during -re: exit $st, expected 130: $(cat "$T/err")"
[ "$elapsed" -lt 2000 ] || fail "SIGINT during -re: ${elapsed} ms to stop"
n=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/int.mkv")
within "$n" 0.2 2.9 || fail "SIGINT during -re: the output holds ${n} s"
ok "SIGINT during -re: stopped in ${elapsed} ms, exit 130, ${n} s written and finished"

expect_status 2 graphrun -i "$T/in.mkv" -re "${graph[@]}" -f null -
expect_stderr "^graphrun: error: usage: -re applies to an input: give it before the -i it belongs to \(see --help\)$"
expect_status 2 graphrun -readrate -2 -i "$T/in.mkv" "${graph[@]}" -f null -
expect_stderr "^graphrun: error: usage: -readrate: a speed from 0 \(no limit\), 1 being real time, not '-2' \(see --help\)$"
ok "-re after -i, -readrate -2: usage errors, status 2"
