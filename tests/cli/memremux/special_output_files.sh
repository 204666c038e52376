# Shows: -o naming a special file (/dev/stdout on a pipe or on a file, a FIFO) writes to it in place, seeking only when it is really a file, with the packets of -o FILE.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/helpers.bash"
memremux "$FX/mp4_front.mp4" -o "$T/ref.mp4"
memremux "$FX/mp4_front.mp4" -f nut -o "$T/ref.nut"
# /dev/stdout on a pipe: streamed
memremux "$FX/mp4_front.mp4" -f nut -o /dev/stdout | cat > "$T/pipe.nut"
same_packets "$T/pipe.nut" "$T/ref.nut"
memremux "$FX/mp4_front.mp4" -f mp4 -o /dev/stdout | cat > "$T/pipe.mp4"
grep -q moof "$T/pipe.mp4" || fail "MP4 to /dev/stdout on a pipe is not fragmented"
# /dev/stdout on a regular file: seekable, a regular MP4 like -o FILE
memremux "$FX/mp4_front.mp4" -f mp4 -o /dev/stdout > "$T/file.mp4"
! grep -q moof "$T/file.mp4" || fail "MP4 to /dev/stdout on a file is fragmented"
same_packets "$T/file.mp4" "$T/ref.mp4"
# a FIFO: written in place, no temporary file beside it
mkfifo "$T/out.fifo"
cat "$T/out.fifo" > "$T/fifo.nut" &
reader=$!
memremux "$FX/mp4_front.mp4" -f nut -o "$T/out.fifo"
wait "$reader"
same_packets "$T/fifo.nut" "$T/ref.nut"
[ "$(ls -A "$T" | grep -c part || true)" -eq 0 ] || fail "temporary file left"
ok "special files written in place"
