# Shows: -re and -readrate SPEED (before -i) read an input no faster than its timestamps go by (times SPEED), as
# ffmpeg does for a live destination: the packets are those of a copy at full speed, from a file and from a pipe;
# the copy takes at least the media's time over SPEED (only a lower bound is judged: a busy machine may be slower,
# never faster), and SIGINT stops the wait at once with the output finished (130). ffmpeg's rules: -readrate wins
# over -re (a warning); a negative or malformed speed, or -re after the last -i, is a usage error (status 2).
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
ffmpeg -nostdin -v error -t 3 -i "$FX/cut_bframes_vfr.mkv" -c copy -y "$T/in.mkv"
memremux -i "$T/in.mkv" -f nut "$T/fast.nut" 2> /dev/null || fail "plain copy"
# The span the pacing follows: from the first packet's DTS (0) to the last one's.
span=$(ffprobe -v error -show_entries packet=dts_time -of csv=p=0 "$T/fast.nut" | sort -g | tail -1)

# paced NAME MIN_SECONDS CMD...: CMD writes $T/NAME.nut, which must be the fast copy's bytes, and takes MIN_SECONDS at
# least.
paced() {
  local name=$1 min=$2 start elapsed
  shift 2
  start=$(now_ms)
  "$@" 2> "$T/err" || fail "$*: $(cat "$T/err")"
  elapsed=$(( $(now_ms) - start ))
  cmp -s "$T/fast.nut" "$T/$name.nut" || fail "$*: not the packets of the copy at full speed"
  within "$elapsed" "$(awk -v m="$min" 'BEGIN { print m * 1000 }')" 1e9 ||
    fail "$*: ${elapsed} ms, faster than ${min} s of media allow"
  ok "$name: the copy's packets, in ${elapsed} ms (at least ${min} s)"
}
paced re "$span" memremux -re -i "$T/in.mkv" -f nut "$T/re.nut"
paced readrate4 "$(awk -v s="$span" 'BEGIN { print s / 4 }')" memremux -readrate 4 -i "$T/in.mkv" -f nut "$T/readrate4.nut"
paced pipe "$(awk -v s="$span" 'BEGIN { print s / 2 }')" bash -c 'cat "$1" | memremux -readrate 2 -i - -f nut "$2"' _ \
  "$T/in.mkv" "$T/pipe.nut"
paced noinput "$(awk -v s="$span" 'BEGIN { print s / 3 }')" bash -c 'memremux -readrate 3 -f nut < "$1" > "$2"' _ \
  "$T/in.mkv" "$T/noinput.nut"
paced zero 0 memremux -readrate 0 -i "$T/in.mkv" -f nut "$T/zero.nut"

# -readrate wins over -re, with a warning: at 3x, far less than the media's time.
paced both "$(awk -v s="$span" 'BEGIN { print s / 3 }')" memremux -re -readrate 3 -i "$T/in.mkv" -f nut "$T/both.nut"
memremux -re -readrate 3 -i "$T/in.mkv" -f nut -y "$T/both.nut" 2> "$T/err"
grep -q -- '-re and -readrate both given: using -readrate' "$T/err" || fail "-re -readrate: no warning: $(cat "$T/err")"
ok "-re with -readrate: -readrate wins, with a warning"

# SIGINT while waiting: stops at once, the output finished and readable.
memremux -re -i "$T/in.mkv" -progress "$T/progress" -f matroska "$T/int.mkv" 2> "$T/err" &
pid=$!
# Copying, by its own report: a progress block past 0.2 s of output.
for _ in $(seq 1 600); do
  grep -q '^out_time_us=[0-9]\{6,\}' "$T/progress" 2> /dev/null && break
  sleep 0.05
done
start=$(now_ms)
kill -INT "$pid"
st=0
wait "$pid" || st=$?
elapsed=$(( $(now_ms) - start ))
[ "$st" -eq 130 ] || fail "SIGINT during -re: exit $st, expected 130: $(cat "$T/err")"
[ "$elapsed" -lt 1500 ] || fail "SIGINT during -re: ${elapsed} ms to stop"
n=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/int.mkv")
within "$n" 0.2 2.9 || fail "SIGINT during -re: the output holds ${n} s"
ok "SIGINT during -re: stopped in ${elapsed} ms, exit 130, ${n} s written and finished"

# Usage errors: one line, status 2, nothing written.
expect_status 2 memremux -i "$T/in.mkv" -re -f nut "$T/x"
expect_stderr "^memremux: error: usage: -re applies to an input: give it before the -i it belongs to \(see --help\)$"
expect_status 2 memremux -readrate -1 -i "$T/in.mkv" -f nut "$T/x"
expect_stderr "^memremux: error: usage: -readrate: a speed from 0 \(no limit\), 1 being real time, not '-1' \(see --help\)$"
expect_status 2 memremux -readrate fast -i "$T/in.mkv" -f nut "$T/x"
expect_stderr "-readrate: a speed from 0"
[ ! -e "$T/x" ] || fail "a usage error wrote the output"
ok "-re after -i, -readrate -1, -readrate fast: usage errors, status 2"
